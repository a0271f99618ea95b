"""Read spec files (``.mdx`` front matter, ``.yaml``/``.yml``) into plain data plus a source map.

YAML is composed into nodes (libyaml's C loader where present) so every value
keeps its line and column; the nodes are then turned into plain Python values
while a :class:`SourceMap` records where each one came from, keyed by its path
(``("reference", "go", 3, "parameters", 1)``).
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import re
import stat
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping, Set
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

import yaml

from .diagnostics import Diagnostic, Diagnostics, Loc
from .records import dataclass

try:  # libyaml is an order of magnitude faster on the whole corpus
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class _Loader(_Base):
    """PyYAML's safe loader, with a plain scalar's tag (YAML 1.1's implicit types: ``yes``,
    ``1e3``, ``~``...) worked out once per short value. The parser asks for every scalar, through
    a list of regular expressions, and a page's keys and types are the same few words: that was
    2-3% of a run. A mapping's or a list's is its default, without the base class's steps. The
    tags are PyYAML's own (a test compares them)."""

    # Composing steps down into each node and back up, for path resolvers; it takes none (see
    # add_path_resolver), so each step is a builtin that does nothing with what it is given, not
    # the base class's method that looks and finds nothing (0.5% of a large run).
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # its result is not read
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # nor is this one's

    @classmethod
    def add_path_resolver(cls, *args: Any, **kwargs: Any) -> None:
        raise TypeError("codegen's YAML loader takes no path resolvers")

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> Any:
        if not self.yaml_path_resolvers:
            if kind is yaml.ScalarNode:
                if not implicit[0]:  # quoted, or tagged '!': never an implicit type
                    return self.DEFAULT_SCALAR_TAG
                if len(value) <= _SHORT:
                    return _plain_tag(value)
            elif kind is yaml.MappingNode:  # a mapping or a list without a tag: always the default
                return self.DEFAULT_MAPPING_TAG
            elif kind is yaml.SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


_SHORT = 64  # longer values are not kept: prose is rarely written twice
_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> Any:
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]


SPEC_SUFFIXES = (".mdx", ".yaml", ".yml")
# Limits against hostile input, each far above the bundled corpus (largest page ~60 KB,
# at most 12 levels deep):
# - only regular files are read (a FIFO would block, /dev/zero never ends), and at most
#   this many bytes of them; a larger page is refused;
MAX_PAGE_BYTES = 4 * 1024 * 1024
# - alias expansion (the "billion laughs") is cut off at this many values per page;
MAX_VALUES_PER_PAGE = 200_000
# - mappings and lists nest at most this deep, so no later stage recurses without bound.
#   (Type strings and names have their own limits: codegen.types.MAX_TYPE_DEPTH,
#   codegen.linker.MAX_NAME_LENGTH.)
MAX_NESTING = 64

Path_ = tuple[str | int, ...]


# A position is packed into one int, (line << bits) | column (none: 0). A page's positions are
# one array, two slots per value in the order they were read: its key's position (none: 0), then
# its own. A page whose lines and columns all fit 20 and 12 bits (under a million lines, columns
# under 4,096: every page but a freak) packs them in 4 bytes, column in the low 12 bits; any other
# page in 8 bytes, column in the low 24 bits (positions past those are clamped). The array's
# item size says which.
_NARROW, _WIDE = 12, 24
_NARROW_LINES = 1 << 20


def _bits(positions: array[int]) -> int:
    return _NARROW if positions.itemsize == 4 else _WIDE


def _packed(line: int, col: int, bits: int) -> int:
    mask = (1 << bits) - 1
    lines = _NARROW_LINES - 1 if bits == _NARROW else (1 << _WIDE) - 1
    return (min(line, lines) << bits) | min(col, mask)


def _exact(grown: array[int]) -> array[int]:
    """A copy of ``grown`` that holds its items and no more: an array made by appending (or from
    bytes) keeps room to grow, a sixteenth of it, on every page held for the whole run."""
    return array(grown.typecode, grown)


def _unpacked(position: int, bits: int) -> tuple[int, int]:
    return position >> bits, position & ((1 << bits) - 1)


class _Wide(Exception):
    """A position that 4 bytes cannot hold: the page is read again with 8-byte positions."""


# Which value is where: a page's values are numbered in the order they were read (a value, then
# what it holds), and ``nodes`` holds two slots a value: how many values its own subtree has (it
# included), and its shape: 0 a scalar, 1 a list, 2 + k a mapping whose keys are the page's k-th
# layout. A value's children follow it, each after the subtree of the one before. A layout is the
# mapping's keys in the order read and its index (key -> place among them; a repeated key: its
# last place, as the data keeps the last value). Mappings with the same keys in the same order
# (most of a reference's: every parameter, every entry) share one layout, so a value costs its
# two slots and two positions, 24 bytes, whatever it holds. A layout is never changed once made.
_SCALAR, _LIST, _MAPPING = 0, 1, 2
# A child this many places in or further is found from a table of its parent's children.
_SKIPPED = 16
Layout = tuple[tuple[str, ...], dict[str, int]]

# The shared layouts, by their keys in order; let go past this many (hostile input: each page a
# new set of keys), so a long-running process (``watch``) holds a bounded number.
_LAYOUTS: dict[tuple[str, ...], Layout] = {}
_MAX_LAYOUTS = 65_536


def _layout(keys: tuple[str, ...]) -> Layout:
    """The one layout of a mapping with these keys, in this order."""
    found = _LAYOUTS.get(keys)
    if found is None:
        if len(_LAYOUTS) >= _MAX_LAYOUTS:
            _LAYOUTS.clear()
        found = _LAYOUTS[keys] = (keys, {key: place for place, key in enumerate(keys)})
    return found


_NO_ALIASES: Mapping[Path_, Path_] = MappingProxyType({})


class SourceMap:
    """Where each value of a page came from: (line, column), made a :class:`Loc` when asked.

    ``nodes`` and ``layouts`` say which value a path names (see above); paths name values as in
    the data (``("reference", "go", 3, "parameters", 1)``). ``unreadable``: values already
    reported as unreadable (an invalid YAML tag), kept as their text and not reported a second
    time for being text. ``aliases``: paths read as other paths (a value read under another
    key), new -> old."""

    __slots__ = ("_cursor", "_tables", "aliases", "file", "layouts", "nodes", "positions", "unreadable")

    def __init__(
        self,
        file: str,
        nodes: array[int] | None = None,
        layouts: tuple[Layout, ...] = (),
        unreadable: Set[Path_] = frozenset(),
        positions: array[int] | None = None,
    ) -> None:
        self.file = file
        self.nodes = nodes if nodes is not None else array("I", (1, _SCALAR))  # one value, nothing known
        self.layouts = layouts
        self.positions = positions if positions is not None else array("I", (0, 0))
        # Both none on almost every page: an empty set and dict would cost 280 bytes a page.
        self.unreadable: Set[Path_] = unreadable
        self.aliases: Mapping[Path_, Path_] = _NO_ALIASES
        # The children of the values that were asked for a child far in: value -> their numbers.
        self._tables: dict[int, array[int]] | None = None
        # The last path walked and the number at each of its steps (see _number).
        self._cursor: tuple[Path_, list[int]] | None = None

    def saved(self) -> tuple[bytes, tuple[tuple[str, ...], ...], bytes, str, tuple[Path_, ...]]:
        """Its plain parts, for :meth:`restored` (marshal'd by the page cache)."""
        layouts = tuple(keys for keys, _ in self.layouts)
        positions, unreadable = self.positions, tuple(sorted(self.unreadable, key=repr))
        return self.nodes.tobytes(), layouts, positions.tobytes(), positions.typecode, unreadable

    @classmethod
    def restored(cls, file: str, saved: tuple[Any, ...]) -> SourceMap:
        """The source map :meth:`saved` gave these parts of, its layouts shared again."""
        nodes, layouts, positions, typecode, unreadable = saved
        shared = tuple(_layout(tuple(keys)) for keys in layouts)
        nodes, positions = _exact(array("I", nodes)), _exact(array(typecode, positions))
        return cls(file, nodes, shared, frozenset(map(tuple, unreadable)), positions)

    def at(self, path: Path_) -> Loc:
        """The position of the value at ``path``, or of its nearest known ancestor."""
        # find("v", path), inlined: the linker asks this of every item it links.
        positions, hops = self.positions, len(self.aliases)
        bits = _bits(positions)
        while path:
            number = self._number(path, hops)
            position = positions[2 * number + 1] if number is not None else 0
            if position:
                return Loc(self.file, position >> bits, position & ((1 << bits) - 1))
            path = path[:-1]
        return Loc(self.file, *(self.find("v", ()) or (1, 1)))

    def key_at(self, path: Path_) -> Loc:
        found = self.find("k", path)
        return Loc(self.file, *found) if found else self.at(path)

    def alias(self, old: Path_, new: Path_) -> None:
        """Positions under ``old`` also answer for ``new`` (a value read under another key)."""
        if not isinstance(self.aliases, dict):  # the shared empty mapping: this page's own now
            self.aliases = {}
        self.aliases[new] = old

    def unread(self, path: Path_) -> None:
        """The value at ``path`` was reported as unreadable (see :attr:`unreadable`)."""
        if not isinstance(self.unreadable, set):  # the shared empty set: this page's own now
            self.unreadable = set(self.unreadable)
        self.unreadable.add(path)

    def find(self, kind: str, path: Path_) -> tuple[int, int] | None:
        """The position of the value (``kind`` "v") or of the key ("k") at exactly ``path``."""
        number = self._number(path, len(self.aliases))
        if number is None:
            return None
        position = self.positions[2 * number + (kind != "k")]
        return _unpacked(position, _bits(self.positions)) if position else None

    def _number(self, path: Path_, hops: int) -> int | None:
        """The number of the value at ``path`` (the linker's most frequent question). The linker
        asks in the order of the page, so the walk starts from what the last question shared
        with this one (the cursor: that path and the number at each of its steps; see _WALKED)."""
        nodes = self.nodes
        cursor = self._cursor
        start, numbers = 0, [0]
        if cursor is not None:
            last, known = cursor
            most = min(len(path), len(last))
            while start < most and path[start] == last[start]:
                start += 1
            numbers = known[: start + 1]
        number: int | None = numbers[-1]
        for part in path[start:] if start else path:
            assert number is not None
            shape = nodes[2 * number + 1]
            if shape == _SCALAR:
                number = None
            elif shape == _LIST:
                number = self._child(number, part) if isinstance(part, int) and part >= 0 else None
            else:
                place = self.layouts[shape - _MAPPING][1].get(part) if isinstance(part, str) else None
                number = None if place is None else self._child(number, place)
            if number is None:
                break
            numbers.append(number)
        cursor = (path[: len(numbers) - 1], numbers)
        with _WALKING:  # threads that read pages keep the bound: a cursor is set where it is counted
            if self._cursor is None:  # a few pages keep a cursor (a large run holds every page)
                while len(_WALKED) >= _CURSORS:
                    _WALKED.pop(next(iter(_WALKED)))._cursor = None
                _WALKED[id(self)] = self
            self._cursor = cursor
        if number is not None or not self.aliases or hops < 0:
            return number
        for end in range(len(path), 0, -1):
            old = self.aliases.get(path[:end])
            if old is not None:
                return self._number(old + path[end:], hops - 1)
        return None

    def _child(self, number: int, place: int) -> int | None:
        """The number of the ``place``-th value ``number`` holds (None: it holds fewer). A few
        places in, by skipping the subtrees before it; further in, from a table of the value's
        children made once, so asking for each of n children costs n steps, not n squared."""
        nodes = self.nodes
        end = number + nodes[2 * number]
        if place >= _SKIPPED:
            table = self._tables.get(number) if self._tables is not None else None
            if table is None:
                table = self._table(number, end)
            return table[place] if place < len(table) else None
        child = number + 1
        for _ in range(place):
            if child >= end:
                return None
            child += nodes[2 * child]
        return child if child < end else None

    def _table(self, number: int, end: int) -> array[int]:
        children = array("I", self._kids(number, end))
        if self._tables is None:
            self._tables = {}
        self._tables[number] = children
        return children

    def _kids(self, number: int, end: int) -> Iterator[int]:
        """The numbers of the values ``number`` holds (its subtree ends before ``end``), in order."""
        nodes, child = self.nodes, number + 1
        while child < end:
            yield child
            child += nodes[2 * child]

    def _children(self, number: int) -> Iterator[tuple[str | int, int]]:
        """A mapping's or a list's (key or index, number) pairs, in order; a value a repeated key
        left behind is not one of them."""
        shape = self.nodes[2 * number + 1]
        keys, index = self.layouts[shape - _MAPPING] if shape >= _MAPPING else ((), {})
        for place, child in enumerate(self._kids(number, number + self.nodes[2 * number])):
            if shape == _LIST:
                yield place, child
            elif index[keys[place]] == place:
                yield keys[place], child

    def before(self, line: int, col: int) -> tuple[str, Path_, tuple[int, int]] | None:
        """The node nearest at or before (``line``, ``col``): the deepest key ("k") or value
        ("v") that starts there or earlier, as (kind, path, its position); None: none does."""
        bits = _bits(self.positions)
        target = _packed(line, col, bits)
        best: tuple[str, Path_, int] | None = None
        path: Path_ = ()
        number = 0
        positions = self.positions
        while True:
            key, value = positions[2 * number], positions[2 * number + 1]
            if key and key <= target and (best is None or key >= best[2]):
                best = ("k", path, key)
            if value and value <= target and (best is None or value >= best[2]):
                best = ("v", path, value)
            if self.nodes[2 * number + 1] == _SCALAR:
                break
            found: tuple[int, str | int, int] | None = None
            for part, child in self._children(number):
                start = positions[2 * child] or positions[2 * child + 1]  # its key, or its value in a list
                if start <= target and (found is None or start >= found[0]):
                    found = (start, part, child)
            if found is None:
                break
            path, number = (*path, found[1]), found[2]
        return None if best is None else (best[0], best[1], _unpacked(best[2], bits))


# The source maps that keep a cursor (see SourceMap._number), the first given one let go first:
# the linker reads a few pages at a time (an entry, the pages its references lead to).
_WALKED: dict[int, SourceMap] = {}
_CURSORS = 8
_WALKING = threading.Lock()


@dataclass
class RawPage:
    """One page as plain data; ``data`` is the front matter mapping."""

    file: str
    data: dict[str, Any]
    source: SourceMap
    # The path under the spec folder it was found in; its first folder is the page's area.
    relative: str = ""


# Scalars up to this long are kept once however many pages repeat them.
_SHARED_LENGTH = 32
_STR = "tag:yaml.org,2002:str"
_SCALAR_NODE = yaml.ScalarNode
_A_SCALAR = (1, _SCALAR)  # a value's two node slots until it is known to hold others


class _LimitExceeded(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, position: tuple[int, int]) -> None:
        super().__init__()
        self.position = position


class _Converter:
    def __init__(self, source: SourceMap, diags: Diagnostics, *, wide: bool = False) -> None:
        self.source = source
        self.diags = diags
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()
        self.wide = wide
        self.positions: array[int] = array("Q" if wide else "I")
        self.nodes: array[int] = array("I")
        self.layouts: dict[tuple[str, ...], int] = {}  # this page's, by their keys: their place

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.source.file, *self.position(node))

    def position(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + self.line_offset + 1, mark.column + 1

    line_offset = 0

    def packed(self, node: yaml.Node) -> int:
        mark = node.start_mark
        line, col = mark.line + self.line_offset + 1, mark.column + 1
        if self.wide:
            return _packed(line, col, _WIDE)
        if line >= _NARROW_LINES or col >> _NARROW:
            raise _Wide
        return (line << _NARROW) | col

    def convert(self, node: yaml.Node, path: Path_, key: int = 0) -> Any:
        """The plain value of ``node``, its nodes and positions recorded (``key``: its key's
        packed position). The hottest loop of a load: a node's position is packed here, not
        through :meth:`packed`, and a plain string is kept without the constructor."""
        here = self.count  # the values before this one, each with two slots
        self.count = count = here + 1
        if count > MAX_VALUES_PER_PAGE:
            raise _LimitExceeded
        mark = node.start_mark
        line, col = mark.line + self.line_offset + 1, mark.column + 1
        if self.wide:
            position = _packed(line, col, _WIDE)
        elif line >= _NARROW_LINES or col >> _NARROW:
            raise _Wide
        else:
            position = (line << _NARROW) | col
        self.positions.extend((key, position))
        kind = type(node)
        if kind is yaml.ScalarNode:
            self.nodes.extend(_A_SCALAR)
            if node.tag == _STR:  # most values
                value = node.value
                # Short values repeat across pages (types, optional markers, ids' parts): one copy each.
                return sys.intern(value) if len(value) <= _SHARED_LENGTH else value
            return self.scalar(node, path)
        nodes = self.nodes
        nodes.extend(_A_SCALAR)  # its size and shape, once its children are read
        if len(path) >= MAX_NESTING:
            raise _TooDeep(self.position(node))
        if kind is yaml.MappingNode:
            result: dict[str, Any] = {}  # a repeated key keeps its place, the last value
            keys: list[str] = []
            positions = self.positions
            for key_node, value_node in node.value:
                # A few names, on every page; a key is a plain scalar but for a freak.
                name = sys.intern(key_node.value if type(key_node) is _SCALAR_NODE else self.scalar_key(key_node))
                if name in result:
                    self.diags.warning(
                        self.loc(key_node),
                        f"duplicate key '{name}' in mapping; the last one wins",
                        code="duplicate-key",
                    )
                keys.append(name)
                if type(value_node) is not _SCALAR_NODE or value_node.tag != _STR or self.wide:
                    result[name] = self.convert(value_node, (*path, name), self.packed(key_node))
                    continue
                # A string (most values): what convert does for one, here, without its call.
                self.count = count = self.count + 1
                if count > MAX_VALUES_PER_PAGE:
                    raise _LimitExceeded
                mark, key_mark = value_node.start_mark, key_node.start_mark
                line, col = mark.line + self.line_offset + 1, mark.column + 1
                key_line, key_col = key_mark.line + self.line_offset + 1, key_mark.column + 1
                if line >= _NARROW_LINES or col >> _NARROW or key_line >= _NARROW_LINES or key_col >> _NARROW:
                    raise _Wide
                positions.extend(((key_line << _NARROW) | key_col, (line << _NARROW) | col))
                nodes.extend(_A_SCALAR)
                value = value_node.value
                result[name] = sys.intern(value) if len(value) <= _SHARED_LENGTH else value
            layout = self.layouts.setdefault(tuple(keys), len(self.layouts))
            nodes[2 * here], nodes[2 * here + 1] = self.count - here, _MAPPING + layout
            return result
        items = [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        nodes[2 * here], nodes[2 * here + 1] = self.count - here, _LIST
        return items

    def scalar(self, node: yaml.Node, path: Path_) -> Any:
        """A scalar that is not a string (a number, a boolean, a null, a tag): PyYAML's value."""
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, LookupError) as exc:  # '!!int abc', '!custom x'
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            unknown = isinstance(exc, yaml.constructor.ConstructorError)
            text = node.value if isinstance(node.value, str) else ""
            shown = text if len(text) <= 40 else f"{text[:37]}..."
            self.diags.error(
                self.loc(node), f"unsupported YAML tag '{tag}'" if unknown else f"invalid {tag} value '{shown}'"
            )
            self.source.unread(path)
            return text
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
    is opened but never closed. Its first line and a later one are only ``---``, lines as
    ``str.splitlines`` breaks them (a page's are found with a search, not a list of its lines).
    """
    if not text.startswith("---"):
        return None
    if _other_breaks(text):  # a line break only str.splitlines knows: line by line
        lines = text.splitlines(keepends=True)
        if lines[0].rstrip("\r\n") != "---":
            return None
        for index in range(1, len(lines)):
            if lines[index].rstrip("\r\n") == "---":
                return "".join(lines[1:index]), 1
        raise ValueError(_NEVER_CLOSED)
    first = _BREAK.match(text, 3)
    if first is None and len(text) > 3:
        return None  # a first line that only starts with '---'
    close = _closing(text)
    if first is None or close < 0:
        raise ValueError(_NEVER_CLOSED)
    return text[first.end() : close], 1


def _closing(text: str) -> int:
    """Where the first later line that is only '---' starts (-1: none): a '---' after a line
    break, before another or the end. Found by ``str.find``, 10x quicker than a pattern."""
    at = text.find("---", 4)
    while at >= 0:
        end = at + 3
        if text[at - 1] in "\r\n" and (end == len(text) or text[end] in "\r\n"):
            return at
        at = text.find("---", at + 1)
    return -1


def _other_breaks(text: str) -> bool:
    """Whether ``text`` breaks a line where only str.splitlines does (a search for each, which is
    quicker than one pattern for all; the last three only in a text that is not ASCII)."""
    return any(c in text for c in _ASCII_BREAKS) or (not text.isascii() and any(c in text for c in _OTHER_BREAKS))


_NEVER_CLOSED = "front matter opened with '---' on line 1 is never closed"
# The line breaks str.splitlines knows besides \n, \r\n and \r: ASCII ones, and others.
_ASCII_BREAKS = "\v\f\x1c\x1d\x1e"
_OTHER_BREAKS = "\x85\u2028\u2029"
_BREAK = re.compile(r"\r\n|\r|\n")


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
        diags.warning(Loc(file, 1 + offset, 1), "page is empty; nothing to read", code="empty-page")
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
    except RecursionError:  # the pure-Python parser, where libyaml is missing
        diags.error(Loc(file, 1 + offset, 1), "page is nested too deeply; refused")
        return None
    if node is None:
        diags.warning(Loc(file, 1 + offset, 1), "page is empty; nothing to read", code="empty-page")
        return None
    try:
        data = _converted(node, source, diags, offset)
    except _LimitExceeded:
        diags.error(
            Loc(file, 1 + offset, 1),
            f"page expands to more than {MAX_VALUES_PER_PAGE} values (YAML aliases?); refused",
        )
        return None
    except _TooDeep as exc:
        diags.error(Loc(file, *exc.position), f"mappings and lists nest more than {MAX_NESTING} levels deep; refused")
        return None
    except RecursionError:  # pragma: no cover - MAX_NESTING stops far earlier
        diags.error(Loc(file, 1 + offset, 1), "page is nested too deeply; refused")
        return None
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        diags.error(source.at(()), f"page must be a mapping with 'reference' and 'descriptions', not a {kind}")
        return None
    return RawPage(file, data, source)


def _converted(node: yaml.Node, source: SourceMap, diags: Diagnostics, offset: int) -> Any:
    """The plain value of a page's ``node``, its nodes and positions recorded in ``source``."""
    before = len(diags.items)
    for wide in (False, True):
        converter = _Converter(source, diags, wide=wide)
        converter.line_offset = offset
        try:
            data = converter.convert(node, ())
        except _Wide:  # read again, with room for its positions (and its diagnostics once)
            del diags.items[before:]
            source.unreadable = frozenset()
            continue
        source.nodes, source.positions = _exact(converter.nodes), _exact(converter.positions)
        source.layouts = tuple(_layout(keys) for keys in converter.layouts)
        return data
    raise AssertionError("a wide page has room for every position")  # pragma: no cover


_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


class Refused(Exception):
    """A file that is not read: not a regular file, or over the size limit."""


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}); refused"


def read_regular_file(path: str | Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """The bytes of ``path`` (a symlink to a regular file is fine), at most ``limit`` of them.

    Raises :class:`Refused` for a FIFO, socket or device (without blocking on it or reading
    it without end) and for a file over ``limit`` bytes, however its size was reported;
    :class:`OSError` when it cannot be read.
    """
    # stat first: opening a device or FIFO can block or have effects of its own.
    problem = _not_regular(os.stat(path).st_mode)
    if problem:
        raise Refused(problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        status = os.fstat(fd)  # the file opened, in case the path was swapped since the stat
        problem = _not_regular(status.st_mode)
        if problem:
            raise Refused(problem)
        if status.st_size > limit:
            raise Refused(f"page is {status.st_size} bytes, over the limit of {limit}; refused")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the size stat reports may be wrong (/proc) or grow while read
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise Refused(f"page is over the limit of {limit} bytes; refused")
        return b"".join(chunks)
    finally:
        os.close(fd)


class PageCache(Protocol):
    """Pages read before (codegen.runcache.PageCache): by name, path under the spec folder and bytes."""

    def get(self, display: str, relative: str, raw: bytes, diags: Diagnostics) -> tuple[RawPage | None] | None:
        """(the page,) as read before, its diagnostics added to ``diags``; None: not read before."""

    def put(self, display: str, relative: str, raw: bytes, page: RawPage | None, made: list[Diagnostic]) -> None: ...


def load_file(
    path: str | Path,
    display: str,
    diags: Diagnostics,
    relative: str = "",
    pages: PageCache | None = None,
    *,
    read: dict[str, bytes] | None = None,
) -> RawPage | None:
    """One page; ``read``: the SHA-256 of the bytes read is noted under the path's text."""
    try:
        raw = read_regular_file(path)
    except Refused as exc:
        diags.error(Loc(display), str(exc))
        return None
    except OSError as exc:
        diags.error(Loc(display), f"cannot read file: {exc.strerror or exc}")
        return None
    if read is not None:
        read[str(path)] = hashlib.sha256(raw).digest()
    if pages is None:
        return _parse_file(path, display, diags, relative, raw)
    known = pages.get(display, relative, raw, diags)
    if known is not None:
        return known[0]
    before = len(diags.items)
    page = _parse_file(path, display, diags, relative, raw)
    pages.put(display, relative, raw, page, diags.items[before:])
    return page


def _parse_file(path: str | Path, display: str, diags: Diagnostics, relative: str, raw: bytes) -> RawPage | None:
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
        diags.warning(Loc(display), "file is empty; nothing to read", code="empty-page")
        return None
    page = load_text(display, text, diags)
    if page is not None:
        page.relative = relative or os.path.basename(path)
    return page


def discover(paths: Iterable[Path], diags: Diagnostics) -> list[tuple[str, str, str]]:
    """Spec files under ``paths``, sorted: (path, name to show, path under its spec folder).

    Symbolic links to folders inside a spec folder are not followed (they could loop, or
    lead out of the repository); a warning names them. Links to files are read.
    """
    cwd = Path.cwd().resolve()
    found: dict[str, tuple[str, str]] = {}  # each path as its text: a large run holds them all
    for root in paths:
        if root.is_dir():
            # Each folder the walk enters is a real one (links to folders are not entered), so
            # it resolves to the root's resolved path joined with its own: resolved once.
            try:
                resolved: Path | None = root.resolve()
            except (OSError, RuntimeError):
                resolved = None
            for dirpath, dirnames, filenames in os.walk(root):  # followlinks=False: no loops
                folder = Path(dirpath)
                under = folder.relative_to(root).as_posix()
                if resolved is None:
                    shown = _display_folder(folder, cwd)
                else:
                    shown = _relative_to(resolved if under == "." else resolved / under, cwd)
                kept = []
                for name in sorted(dirnames):
                    if name.startswith("."):
                        continue
                    if (folder / name).is_symlink():
                        diags.warning(
                            Loc(_display(shown, folder, name)),
                            "symbolic link to a folder; not followed",
                            "name the folder it points to among the spec paths to read it",
                            code="symlink-skipped",
                        )
                        continue
                    kept.append(name)
                dirnames[:] = kept
                for name in filenames:
                    if name.endswith(SPEC_SUFFIXES):
                        relative = name if under == "." else f"{under}/{name}"
                        found[_display(shown, folder, name)] = (str(folder / name), relative)
        elif os.path.lexists(root):  # a file, or something that is refused with its reason
            found[_display(_display_folder(root.parent, cwd), root.parent, root.name)] = (str(root), root.name)
        else:
            diags.error(Loc(str(root)), "no such file or directory")
    return [(found[name][0], name, found[name][1]) for name in sorted(found)]


def _display_folder(folder: Path, cwd: Path) -> str | None:
    """``folder`` relative to the current folder, or None when it is elsewhere."""
    try:
        return _relative_to(folder.resolve(), cwd)
    except (OSError, RuntimeError):  # a folder that loops
        return None


def _relative_to(resolved: Path, cwd: Path) -> str | None:
    try:
        return resolved.relative_to(cwd).as_posix()
    except ValueError:  # elsewhere
        return None


def _display(shown: str | None, folder: Path, name: str) -> str:
    """A file's name in diagnostics: relative to the current folder when it is below it
    (``shown`` is its folder's). A symlink keeps its own name: its target may loop."""
    if shown is None:
        return (folder / name).as_posix()
    return name if shown == "." else f"{shown}/{name}"


def load_tree(
    paths: Iterable[Path], diags: Diagnostics, cache: PageCache | None = None, read: dict[str, bytes] | None = None
) -> list[RawPage]:
    """Every page under ``paths``; ``cache``: pages read before are taken from it; ``read``: the
    digest of each file's bytes, as read, is noted in it (:func:`load_file`)."""
    return list(load_each(discover(paths, diags), diags, cache, read))


def load_each(
    found: list[tuple[str, str, str]],
    diags: Diagnostics,
    cache: PageCache | None = None,
    read: dict[str, bytes] | None = None,
) -> Iterator[RawPage]:
    """The pages of the files :func:`discover` ``found``, each as it is read (a caller can be
    done with one before the next is read)."""
    for path, display, relative in found:
        page = load_file(path, display, diags, relative, cache, read=read)
        if page is not None:
            yield page
