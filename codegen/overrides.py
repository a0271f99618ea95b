"""Template overrides: a repo may replace any built-in template file of any language.

``codegen templates --copy LANG`` copies the built-in templates into the override
folder and records each original's sha256 in ``.codegen-template-hashes`` there, and the
original itself under ``.codegen-originals/`` (so ``codegen templates --diff`` can show what
changed upstream since). When a later codegen ships a different built-in for a template the
repo overrides, every run warns, so custom templates do not drift silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from .diagnostics import Diagnostics, Loc
from .render import builtin_templates

HASHES = ".codegen-template-hashes"
# The built-in each override was copied from (or last accepted), kept for ``templates --diff``.
ORIGINALS = ".codegen-originals"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def list_templates(language: str) -> list[str]:
    base = builtin_templates() / language
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.j2"))


def copy_templates(language: str, dest: Path, only: str | None = None) -> list[Path]:
    """Copy the built-in templates of ``language`` (or just ``only``) into ``dest/language``;
    existing files are kept.

    Never through a link: a file (or folder) in ``dest`` that leads outside it is left alone, so a
    repo cannot make ``--copy`` write somewhere else on the machine."""
    base = builtin_templates() / language
    copied = []
    hashes = read_hashes(dest)
    for name in list_templates(language):
        if only is not None and name != only:
            continue
        target = dest / language / name
        key = f"{language}/{name}"
        inside = target.parent.resolve().is_relative_to(dest.resolve())
        if inside and not (target.exists() or target.is_symlink()):
            target.parent.mkdir(parents=True, exist_ok=True)
            _replace(target, (base / name).read_bytes())
            copied.append(target)
        if key not in hashes:
            hashes[key] = _sha(base / name)
            keep_original(dest, key)
    write_hashes(dest, hashes)
    return copied


def keep_original(dest: Path, key: str) -> None:
    """Keep today's built-in ``key`` as the original of its override (never through a link)."""
    target = dest / ORIGINALS / key
    if not target.parent.resolve().is_relative_to(dest.resolve()):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace(target, (builtin_templates() / key).read_bytes())


def original(dest: Path, key: str) -> str | None:
    """The kept original of the override ``key``: None when none was kept (or it is not the one
    the hashes record: copied by an older codegen, or edited)."""
    path = dest / ORIGINALS / key
    if not path.is_file() or path.is_symlink():
        return None
    if read_hashes(dest).get(key) != _sha(path):
        return None
    return path.read_text(encoding="utf-8", errors="replace")


def accept_templates(language: str, dest: Path, only: str | None = None) -> list[str]:
    """Record today's built-in templates as the originals of the overrides in ``dest/language``
    (all of them, or ``only``): run after reviewing an override against the new built-in."""
    hashes = read_hashes(dest)
    accepted = []
    for name in list_templates(language):
        if (only is None or name == only) and (dest / language / name).is_file():
            hashes[f"{language}/{name}"] = _sha(builtin_templates() / language / name)
            keep_original(dest, f"{language}/{name}")
            accepted.append(f"{language}/{name}")
    if accepted:
        write_hashes(dest, hashes)
    return accepted


def read_hashes(dest: Path) -> dict[str, str]:
    path = dest / HASHES
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    except OSError:
        return {}  # unreadable: every override then warns that it has no recorded original
    entries = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and "  " in line:
            sha, _, name = line.partition("  ")
            entries[name] = sha
    return entries


def write_hashes(dest: Path, hashes: dict[str, str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    lines = ["# sha256 of the built-in template each override was copied from (codegen templates --copy)"]
    lines += [f"{sha}  {name}" for name, sha in sorted(hashes.items())]
    _replace(dest / HASHES, ("\n".join(lines) + "\n").encode("utf-8"))


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` whole, replacing what is there (a link included) instead of writing through it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_overrides(dest: Path, languages: tuple[str, ...], diags: Diagnostics, display: str) -> None:
    """Warn for each overridden template whose built-in original changed since it was copied."""
    hashes = read_hashes(dest)
    for language in languages:
        folder = dest / language
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.j2")):
            key = f"{language}/{path.relative_to(folder).as_posix()}"
            builtin = builtin_templates() / key
            where = Loc(f"{display}/{key}")
            if not builtin.is_file():
                diags.warning(
                    where,
                    "overrides no built-in template (renamed or removed in this codegen?)",
                    code="template-override",
                )
            elif key not in hashes:
                diags.warning(
                    where,
                    "override has no recorded original; run 'codegen templates --copy' to record it",
                    code="template-override",
                )
            elif hashes[key] != _sha(builtin):
                diags.warning(
                    where,
                    "the built-in template this file overrides has changed since it was copied; "
                    "see what changed with 'codegen templates --diff " + key + "', update the override, "
                    "then record the new original with 'codegen templates --accept " + key + "'",
                    code="template-override",
                )
