"""Read spec files (``.mdx`` front matter, ``.yaml``/``.yml``) into plain data plus a source map.

YAML is composed into nodes (libyaml's C loader where present) so every value
keeps its line and column; the nodes are then turned into plain Python values
while a :class:`SourceMap` records where each one came from, keyed by its path
(``("reference", "go", 3, "parameters", 1)``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics, Loc

try:  # libyaml is an order of magnitude faster on the whole corpus
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

SPEC_SUFFIXES = (".mdx", ".yaml", ".yml")
# Limits against hostile input: a page larger than this is refused, and alias
# expansion (the "billion laughs") is cut off at this many values per page.
MAX_PAGE_BYTES = 4 * 1024 * 1024
MAX_VALUES_PER_PAGE = 200_000

Path_ = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Where each value of a page came from: (line, column), made a :class:`Loc` when asked."""

    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_) -> Loc:
        """The position of the value at ``path``, or of its nearest known ancestor."""
        while path:
            if path in self.values:
                return Loc(self.file, *self.values[path])
            path = path[:-1]
        return Loc(self.file, *self.values.get((), (1, 1)))

    def key_at(self, path: Path_) -> Loc:
        found = self.keys.get(path)
        return Loc(self.file, *found) if found else self.at(path)


@dataclass
class RawPage:
    """One page as plain data; ``data`` is the front matter mapping."""

    file: str
    data: dict[str, Any]
    source: SourceMap
    # The path under the spec folder it was found in; its first folder is the page's area.
    relative: str = ""


class _LimitExceeded(Exception):
    pass


class _Converter:
    def __init__(self, source: SourceMap, diags: Diagnostics) -> None:
        self.source = source
        self.diags = diags
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.source.file, *self.position(node))

    def position(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + self.line_offset + 1, mark.column + 1

    line_offset = 0

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES_PER_PAGE:
            raise _LimitExceeded
        self.source.values[path] = self.position(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar_key(key_node)
                child = (*path, key)
                if key in result:
                    self.diags.warning(
                        self.loc(key_node),
                        f"duplicate key '{key}' in mapping; the last one wins",
                    )
                self.source.keys[child] = self.position(key_node)
                result[key] = self.convert(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":  # most values: skip the constructor
            return node.value
        value = self.constructor.construct_object(node)
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = str(node.value)  # timestamps, binary: keep the text as written
        return value

    def scalar_key(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        self.diags.error(self.loc(node), "a mapping key must be a plain scalar")
        return f"<{type(node).__name__} key>"


def split_front_matter(text: str) -> tuple[str, int] | None:
    """The YAML text of an MDX page's front matter and the line it starts on.

    Returns None when the page has no front matter; raises ValueError when it
    is opened but never closed.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            return "".join(lines[1:index]), 1
    raise ValueError("front matter opened with '---' on line 1 is never closed")


def load_text(file: str, text: str, diags: Diagnostics) -> RawPage | None:
    """Parse one page's text; diagnostics go to ``diags``. None when nothing usable."""
    source = SourceMap(file)
    offset = 0
    if file.endswith(".mdx"):
        try:
            split = split_front_matter(text)
        except ValueError as exc:
            diags.error(Loc(file, 1, 1), str(exc), "close it with a line holding only '---'")
            return None
        if split is None:
            return None  # prose without front matter: nothing to read
        text, offset = split
    if not text.strip():
        diags.warning(Loc(file, 1 + offset, 1), "page is empty; nothing to read")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        diags.error(Loc(file, line, col), f"YAML syntax error: {problem}")
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1 + offset
        col = exc.position - (before.rfind("\n") + 1) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        diags.error(Loc(file, line, col), f"character U+{code:04X} is not allowed in YAML")
        return None
    except yaml.YAMLError as exc:
        diags.error(Loc(file, 1 + offset, 1), f"YAML error: {exc}")
        return None
    if node is None:
        diags.warning(Loc(file, 1 + offset, 1), "page is empty; nothing to read")
        return None
    converter = _Converter(source, diags)
    converter.line_offset = offset
    try:
        data = converter.convert(node, ())
    except _LimitExceeded:
        diags.error(
            Loc(file, 1 + offset, 1),
            f"page expands to more than {MAX_VALUES_PER_PAGE} values (YAML aliases?); refused",
        )
        return None
    except RecursionError:
        diags.error(Loc(file, 1 + offset, 1), "page is nested too deeply; refused")
        return None
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        diags.error(source.at(()), f"page must be a mapping with 'reference' and 'descriptions', not a {kind}")
        return None
    return RawPage(file, data, source)


def load_file(path: Path, display: str, diags: Diagnostics, relative: str = "") -> RawPage | None:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            diags.error(Loc(display), f"page is {size} bytes, over the limit of {MAX_PAGE_BYTES}; refused")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(Loc(display), f"cannot read file: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(Loc(display, line, col), f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        diags.warning(Loc(display), "file is empty; nothing to read")
        return None
    page = load_text(display, text, diags)
    if page is not None:
        page.relative = relative or path.name
    return page


def discover(paths: Iterable[Path], diags: Diagnostics) -> list[tuple[Path, str, str]]:
    """Spec files under ``paths``, sorted: (path, name to show, path under its spec folder)."""
    found: dict[str, tuple[Path, str]] = {}
    for root in paths:
        if root.is_file():
            found[_display(root)] = (root, root.name)
        elif root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if name.endswith(SPEC_SUFFIXES):
                        file = Path(dirpath) / name
                        found[_display(file)] = (file, file.relative_to(root).as_posix())
        else:
            diags.error(Loc(str(root)), "no such file or directory")
    return [(found[name][0], name, found[name][1]) for name in sorted(found)]


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_tree(paths: Iterable[Path], diags: Diagnostics) -> list[RawPage]:
    pages = []
    for path, display, relative in discover(paths, diags):
        page = load_file(path, display, diags, relative)
        if page is not None:
            pages.append(page)
    return pages
