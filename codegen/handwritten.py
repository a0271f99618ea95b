"""Hand-written code beside generated code: the keep file and keep regions.

- The keep file (``.codegenignore``, gitignore syntax with ``!`` negation) lists paths
  codegen must never write, check or prune.
- A keep region is a block of lines inside a generated file, between a line that is only a
  comment ``codegen:begin-keep NAME`` and one that is only ``codegen:end-keep NAME``.
  Templates place empty regions; whatever a person writes inside one is carried over on every
  ``generate`` and ignored by ``check``. Text from the docs can never form a marker (the text
  layer rewrites it, and a marker must be a whole comment line).
- A region follows its declaration: when a region's name is gone from the rendered file (the
  docs renamed the class), its body goes to the region of the same name elsewhere (the file
  moved), else to the same-position unclaimed region of the same file. A body that finds no
  home is never dropped: the file is a conflict (or, when no longer produced, kept and
  reported), and ``check`` fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .diagnostics import Diagnostics, Loc
from .markers import all_empty as _all_empty
from .markers import marker as _marker
from .records import dataclass
from .texts import Texts

if TYPE_CHECKING:  # imported where a keep file is read: the no-op check strips regions without it
    import pathspec

# Text (or digest) by generated path.
_Files = TypeVar("_Files", dict[str, str], Texts)


class RegionError(ValueError):
    """Malformed keep regions in a file: where (1-based line) and why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line, self.message = line, message


def keep_spec(root: Path, keep_file: str, diags: Diagnostics | None = None) -> pathspec.GitIgnoreSpec | None:
    path = root / keep_file
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        if diags is not None:
            diags.error(Loc(keep_file), f"cannot read the keep file: {exc}")
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def drop_kept(files: _Files, spec: pathspec.GitIgnoreSpec | None) -> _Files:
    """``files`` without those the keep file keeps (the texts are not read)."""
    if spec is None:
        return files
    kept = files.copy()
    for name in [name for name in files if spec.match_file(name)]:
        del kept[name]
    return kept


@dataclass
class Region:
    name: str
    line: int  # of the begin marker
    body: list[str] = field(default_factory=list)

    @property
    def written(self) -> bool:
        """Whether a person wrote something in it (blank lines do not count)."""
        return any(line.strip() for line in self.body)


def regions(text: str) -> dict[str, Region]:
    """The keep regions of ``text``, in order; raises RegionError when they are malformed."""
    found: dict[str, Region] = {}
    current: Region | None = None
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        marker = _marker(line)
        if marker is None:
            if current is not None:
                current.body.append(line)
            continue
        kind, name = marker
        if kind == "begin":
            if current is not None:
                raise RegionError(number, f"keep region '{name}' begins inside region '{current.name}'")
            if name in found:
                raise RegionError(number, f"keep region '{name}' appears twice")
            current = Region(name, number)
        elif current is None or name != current.name:
            raise RegionError(number, f"'codegen:end-keep {name}' without a matching begin")
        else:
            found[name] = current
            current = None
    if current is not None:
        raise RegionError(current.line, f"keep region '{current.name}' is never closed (codegen:end-keep missing)")
    return found


def has_region_bodies(text: str) -> bool:
    try:
        return any(region.written for region in regions(text).values())
    except RegionError:
        return True  # malformed: treat as hand-written, never delete it


def fill_regions(rendered: str, bodies: dict[str, list[str]]) -> str:
    """``rendered`` with the bodies of its keep regions taken from ``bodies`` (by name)."""
    if not bodies:
        return rendered
    result: list[str] = []
    skipping: str | None = None
    for line in rendered.splitlines(keepends=True):
        marker = _marker(line)
        if skipping is not None:
            if marker == ("end", skipping):
                skipping = None
                result.append(line)
            continue
        result.append(line)
        if marker is not None and marker[0] == "begin" and marker[1] in bodies:
            result.extend(bodies[marker[1]])
            skipping = marker[1]
    return "".join(result)


def merge_regions(rendered: str, existing: str) -> str:
    """``rendered`` with the bodies of its keep regions taken from ``existing`` (same names)."""
    return fill_regions(rendered, {name: r.body for name, r in regions(existing).items()})


@dataclass
class Carried:
    """The result of carrying hand-written regions into a render."""

    files: Texts
    # Files no longer produced whose every written region found a new home (prunable).
    moved: set[str] = field(default_factory=set)
    # Rendered files whose current version holds a written region with no home: key -> names.
    lost: dict[str, list[str]] = field(default_factory=dict)


def carry_regions(
    files: Texts,
    previous: list[str],
    read: Callable[[str], str | None],
    diags: Diagnostics,
) -> Carried:
    """Every rendered file gets the written regions already on disk, following renames and moves.

    ``previous`` are earlier generated files of this scope that this run no longer produces;
    ``read`` returns a file's current text (None when it is absent or not a regular file).
    A malformed region in a file on disk is an error diagnostic at its line."""
    existing: dict[str, dict[str, Region]] = {}
    for key in [*files, *previous]:
        text = read(key)
        if text is None or "codegen:" not in text:
            continue
        try:
            found = {name: r for name, r in regions(text).items() if r.written}
        except RegionError as exc:
            diags.error(Loc(key, exc.line), exc.message, "fix the markers by hand; codegen writes nothing until then")
            continue
        if found:
            existing[key] = found
    if not existing:
        return Carried(files)

    wanted: dict[str, list[str]] = {}  # rendered key -> its region names, in order
    for key, text in files.items():
        if "codegen:" in text:
            try:
                wanted[key] = list(regions(text))
            except RegionError as exc:  # a template bug or override: report, do not crash
                diags.error(Loc(key, exc.line), f"generated file has malformed keep regions: {exc.message}")
    claimed: set[tuple[str, str]] = set()
    bodies: dict[str, dict[str, list[str]]] = {}

    def claim(source: str, name: str, target: str, slot: str) -> None:
        claimed.add((source, name))
        bodies.setdefault(target, {})[slot] = existing[source][name].body

    # 1. Same file, same name.
    for key, names in wanted.items():
        for name in names:
            if name in existing.get(key, {}):
                claim(key, name, key, name)
    # 2. Same name in another file (the declaration moved to another file).
    owners: dict[str, list[str]] = {}
    for source, found in existing.items():
        for name in found:
            if (source, name) not in claimed:
                owners.setdefault(name, []).append(source)
    for key, names in wanted.items():
        for name in names:
            sources = owners.get(name, [])
            if name not in bodies.get(key, {}) and len(sources) == 1 and (sources[0], name) not in claimed:
                claim(sources[0], name, key, name)
    # 3. Same file, renamed: unclaimed regions paired in order with empty slots.
    for key, names in wanted.items():
        left = [n for n in existing.get(key, {}) if (key, n) not in claimed]
        slots = [n for n in names if n not in bodies.get(key, {})]
        if left and len(left) == len(slots):
            for name, slot in zip(left, slots, strict=True):
                claim(key, name, key, slot)

    result = files.copy()  # the files that take a region are written anew, the rest shared
    for key, taken in bodies.items():
        result[key] = fill_regions(files[key], taken)
    carried = Carried(result)
    for source, found in existing.items():
        unclaimed = [name for name in found if (source, name) not in claimed]
        if source in files and unclaimed:
            carried.lost[source] = unclaimed
        elif source not in files and not unclaimed:
            carried.moved.add(source)
    return carried


def strip_regions(text: str) -> str:
    """``text`` with the bodies of its keep regions emptied: what codegen itself wrote.

    Raises RegionError when the regions are malformed."""
    if "codegen:" not in text:
        return text
    if _all_empty(text):  # what a run writes: nothing to strip
        return text
    regions(text)  # validates
    result: list[str] = []
    skipping: str | None = None
    for line in text.splitlines(keepends=True):
        marker = _marker(line)
        if skipping is not None:
            if marker != ("end", skipping):
                continue
            skipping = None
        result.append(line)
        if marker is not None and marker[0] == "begin":
            skipping = marker[1]
    return "".join(result)
