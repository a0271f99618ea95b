"""Spec paths that cannot be what the user meant, said before a run instead of after it.

- A spec path that does not exist, or a folder with no spec file (``.mdx``, ``.yaml``, ``.yml``)
  below it, is an error: a narrowed run over nothing would otherwise pass ("0 files"), and
  ``check`` would say "up to date". With no config found, the error says so and names
  ``codegen init``. A file named on its own is read whatever its name (the loader refuses a FIFO
  or a device by name).
- An entry reference that resolves nowhere (``unknown go entry reference (ctx)``) gets a hint
  naming the page that defines it when that page lies outside the spec paths of the run (a spec
  folder that leaves out the shared page, ``specs/index.mdx``).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from .diagnostics import Diagnostics, Loc, Severity
from .loader import SPEC_SUFFIXES, load_file

# How many files the search for a defining page reads at most (it runs only after such an error).
SEARCH_LIMIT = 5000
_SKIPPED = {"node_modules", "__pycache__", "generated", "dist", "build", "vendor", "target"}
_UNRESOLVED = re.compile(r"^unknown (\w+) entry reference \(([^)\s]+)\)")


def has_spec_files(path: Path) -> bool:
    """Whether ``path`` names something to read: a file (any name: the loader reads a file named
    on its own, and refuses a FIFO or a device by name), or a folder with a spec file below it
    (hidden folders skipped)."""
    if not path.is_dir():
        return True
    for _, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if any(name.endswith(SPEC_SUFFIXES) for name in filenames):
            return True
    return False


def check_spec_paths(paths: list[Path], diags: Diagnostics, *, config_found: bool, narrowed: bool = False) -> None:
    """An error for each of ``paths`` that is missing or holds no spec file."""
    for path in paths:
        shown = _shown(path)
        if not os.path.lexists(path):
            if not config_found:
                diags.error(
                    Loc(shown, 0, 0),
                    "no such file or directory, and no config was found (codegen.toml, or [tool.codegen] in "
                    "pyproject.toml, here or in a folder above) to say where the specs are",
                    "run 'codegen init' to write a starter codegen.toml, or name the spec folders on the command line",
                )
            else:
                diags.error(Loc(shown, 0, 0), "no such file or directory")
        elif not has_spec_files(path):
            what = "the narrowed run would cover nothing" if narrowed else "there is nothing to generate from"
            diags.error(
                Loc(shown, 0, 0),
                f"matches no spec file ({', '.join(SPEC_SUFFIXES)}); {what}",
                "check the path (spec paths name folders or files of front matter pages)",
            )


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() if path.is_absolute() else path.as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def explain_unresolved(diags: Diagnostics, spec_paths: list[Path], search: list[Path]) -> None:
    """Each unresolved entry reference defined on a page outside ``spec_paths`` (found under one of
    ``search``) gets a hint naming that page. Changes ``diags`` in place."""
    wanted: dict[tuple[str, str], list[int]] = {}
    for index, d in enumerate(diags.items):
        found = _UNRESOLVED.match(d.message) if d.severity is Severity.ERROR else None
        if found:
            language, ref = found.group(1), found.group(2)
            wanted.setdefault((language, ref.partition(".")[0]), []).append(index)
    if not wanted:
        return
    inside = [p.resolve() for p in spec_paths]
    definers = _definers(set(wanted), search, inside)
    shown = ", ".join(_shown(p) for p in spec_paths)
    for key, indexes in wanted.items():
        where = definers.get(key)
        if where is None:
            continue
        for index in indexes:
            d = diags.items[index]
            hint = (
                f"({key[1]}) is defined at {where}, outside the spec paths ({shown}); add that page "
                "to the spec paths, or run on the whole reference"
            )
            diags.items[index] = replace(d, hint=hint)


def _definers(keys: set[tuple[str, str]], search: list[Path], inside: list[Path]) -> dict[tuple[str, str], str]:
    """(language, key) -> "file:line:col" of the first page outside ``inside`` that defines it."""
    needles = {key for _, key in keys}
    found: dict[tuple[str, str], str] = {}
    seen = 0
    cwd = Path.cwd().resolve()
    for root in dict.fromkeys(p.resolve() for p in search if p.is_dir()):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIPPED)
            for name in sorted(filenames):
                if not name.endswith(SPEC_SUFFIXES):
                    continue
                path = Path(dirpath, name)
                if any(path == p or p in path.parents for p in inside):
                    continue
                seen += 1
                if seen > SEARCH_LIMIT:
                    return found
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                if not any(f"key: {needle}" in text or f"key: '{needle}'" in text for needle in needles):
                    continue
                try:
                    display = path.relative_to(cwd).as_posix()
                except ValueError:
                    display = path.as_posix()
                page = load_file(path, display, Diagnostics(), name)
                reference = page.data.get("reference") if page is not None else None
                if page is None or not isinstance(reference, dict):
                    continue
                for language, key in keys:
                    entries = reference.get(language)
                    if (language, key) in found or not isinstance(entries, list):
                        continue
                    for position, entry in enumerate(entries):
                        if isinstance(entry, dict) and entry.get("key") == key:
                            found[(language, key)] = str(page.source.at(("reference", language, position)))
                            break
                if len(found) == len(keys):
                    return found
    return found
