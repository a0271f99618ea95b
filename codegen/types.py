"""A small model of the reference's type strings, and the parser that reads them.

The docs write types as display text in each language's style, and not always
validly (``Invitation[]`` in Go, ``Array[Invitation]`` in Java, ``string`` in
Python). :func:`parse_type` reads all of those spellings into one model; the
language modules write it back in their own syntax. Each node keeps the
``spelling`` it was read from so a language can tell what it had to reinterpret.

Limits against hostile input (the corpus nests at most 3 levels, names at most 58
characters): a type nests at most :data:`MAX_TYPE_DEPTH` levels (each ``List<...>``,
``map[K]V``, ``[]T``, ``T[]``, ``T?`` and parenthesis is one), and a name in it is at
most :data:`MAX_NAME_LENGTH` characters. Beyond either, :class:`TypeSyntaxError` names the
column, so no later stage recurses without bound or names a file the system refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal as L

from .records import dataclass, replace, same


@dataclass(frozen=True, slots=True, kw_only=True)
class _Type:
    spelling: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Prim(_Type):
    """A built-in: string, int, number, bool, datetime, any, object, function, void, null."""

    kind: L["prim"] = "prim"
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Named(_Type):
    """A type defined by the docs or by the SDK (``Challenge``, ``mfa.Challenge``, ``Task<T>``)."""

    kind: L["named"] = "named"
    name: str
    qualifier: str | None = None
    args: tuple[TypeExpr, ...] = ()
    # Set by the linker: the area of the model or option class this names ("" is the
    # root area); None when the docs never define it in this language (an external).
    area: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOf(_Type):
    kind: L["list"] = "list"
    item: TypeExpr


@dataclass(frozen=True, slots=True, kw_only=True)
class MapOf(_Type):
    kind: L["map"] = "map"
    key: TypeExpr
    value: TypeExpr


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralOf(_Type):
    """A union of string literals: ``"totp" | "sms"``."""

    kind: L["literal"] = "literal"
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionOf(_Type):
    kind: L["union"] = "union"
    options: tuple[TypeExpr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Nullable(_Type):
    kind: L["nullable"] = "nullable"
    inner: TypeExpr


TypeExpr = Prim | Named | ListOf | MapOf | LiteralOf | UnionOf | Nullable

MAX_TYPE_DEPTH = 32
# Twice the longest name in the corpus, and short enough that a file named after it stays
# under the usual 255-byte limit on file names after a language's case conversion (snake
# case adds up to one '_' per two characters: x1.5) and its prefixes and suffixes.
MAX_NAME_LENGTH = 128

STRING = Prim(name="string")
ANY = Prim(name="any")

# Every spelling of a built-in across the eight languages, lower-cased.
PRIMITIVES: dict[str, str] = {
    "string": "string",
    "str": "string",
    "enum": "string",
    "int": "int",
    "integer": "int",
    "long": "int",
    "int64": "int",
    "int32": "int",
    "number": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "bool": "bool",
    "boolean": "bool",
    "datetime": "datetime",
    "date": "datetime",
    "time.time": "datetime",
    "any": "any",
    "interface{}": "any",
    "mixed": "any",
    "object": "object",
    "struct": "object",
    "function": "function",
    "callable": "function",
    "func": "function",
    "void": "void",
    "empty": "void",
    "null": "null",
    "none": "null",
    "nil": "null",
}
# Bare names that mean a list or a mapping of anything.
UNTYPED_LISTS = {"array", "list", "sequence"}
UNTYPED_MAPS = {"hash", "dict", "map", "record", "dictionary"}
LIST_HEADS = {"array", "list", "sequence", "set", "iterable", "ienumerable", "ilist", "collection", "frozenset"}
MAP_HEADS = {"map", "dict", "dictionary", "record", "hash", "mapping", "idictionary"}
# Every spelling read as a built-in type, a list or a mapping: what a misspelled type is held to.
BUILT_IN_WORDS = tuple(sorted({*PRIMITIVES, *UNTYPED_LISTS, *UNTYPED_MAPS, *LIST_HEADS, *MAP_HEADS}))
# A name like one of them is 4 to 16 characters long: shorter ones are too close to too much
# (``Lint``, ``Sets``), and a longer one cannot match 80% of an 11-character word.
MIN_BUILT_IN_LIKE, MAX_BUILT_IN_LIKE = 4, 16


def built_in_like(name: str) -> str | None:
    """The built-in spelling ``name`` looks like a typo of (``Strng``: ``String``, in its case), or
    None. A name no page defines is a type of its own (an external), so a misspelled ``string``
    would pass unnoticed."""
    if not MIN_BUILT_IN_LIKE <= len(name) <= MAX_BUILT_IN_LIKE:
        return None
    import difflib  # asked only of names no page defines (36 on the corpus): not at every import

    found = difflib.get_close_matches(name.lower(), BUILT_IN_WORDS, n=1, cutoff=0.8)
    if not found:
        return None
    return found[0][:1].upper() + found[0][1:] if name[:1].isupper() else found[0]


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>"[^"]*"|'[^']*')
      | (?P<iface>interface\{\})
      | (?P<name>[A-Za-z_$][\w$]*(?:(?:\.|\\|::)[A-Za-z_$][\w$]*)*)
      | (?P<num>-?\d+(?:\.\d+)?)
      | (?P<punct>\[\]|[\[\]<>(),|?])
    )""",
    re.VERBOSE,
)


class TypeSyntaxError(ValueError):
    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        stripped = text.rstrip()
        while pos < len(stripped):
            match = _TOKEN.match(stripped, pos)
            if not match or match.end() == pos:
                raise TypeSyntaxError(f"unexpected character {stripped[pos]!r}", pos + 1)
            group = match.lastgroup or ""
            self.tokens.append((group, match.group(group), match.start(group) + 1))
            pos = match.end()
        self.index = 0
        self.depth = 0  # how many type constructs enclose the one being read

    def too_deep(self, column: int) -> TypeSyntaxError:
        return TypeSyntaxError(f"type nests more than {MAX_TYPE_DEPTH} levels deep", column)

    @contextmanager
    def level(self, column: int) -> Iterator[None]:
        """Read what the construct at ``column`` encloses, one level deeper."""
        if self.depth >= MAX_TYPE_DEPTH:
            raise self.too_deep(column)
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "", len(self.text) + 1)

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise TypeSyntaxError(f"expected {value!r}", token[2])
        if token[0] == "end":
            raise TypeSyntaxError("unexpected end of type", token[2])
        self.index += 1
        return token

    def parse(self) -> TypeExpr:
        result, _ = self.union()
        kind, value, column = self.peek()
        if kind != "end":
            raise TypeSyntaxError(f"unexpected {value!r}", column)
        return result

    # Each method returns the type it read and how many levels it nests (0 for a name). The
    # constructs around it plus that stay within MAX_TYPE_DEPTH: so the whole type, read at
    # depth 0, does, and the reader itself never recurses deeper than that.
    def union(self) -> tuple[TypeExpr, int]:
        options = [self.postfix()]
        while self.peek()[1] == "|":
            self.take("|")
            options.append(self.postfix())
        return _combine([o for o, _ in options], self.text), max(h for _, h in options)

    def postfix(self) -> tuple[TypeExpr, int]:
        result, height = self.primary()
        while self.peek()[1] in ("[]", "?"):
            _, value, column = self.take()
            height += 1  # T[][]: each suffix wraps the type once more
            if self.depth + height > MAX_TYPE_DEPTH:
                raise self.too_deep(column)
            result = ListOf(item=result, spelling="T[]") if value == "[]" else Nullable(inner=result, spelling="T?")
        return result, height

    def args(self, close: str) -> tuple[list[TypeExpr], int]:
        items = [self.union()]
        while self.peek()[1] == ",":
            self.take(",")
            items.append(self.union())
        self.take(close)
        return [i for i, _ in items], max(h for _, h in items)

    def primary(self) -> tuple[TypeExpr, int]:
        kind, value, column = self.take()
        if kind == "str":
            return LiteralOf(values=(value[1:-1],), spelling="literal"), 0
        if kind == "iface":
            return Prim(name="any", spelling=value), 0
        if kind == "num":
            return LiteralOf(values=(value,), spelling="literal"), 0
        if value == "[]":
            with self.level(column):
                item, height = self.postfix()
            return ListOf(item=item, spelling="[]T"), height + 1
        if value == "(":
            with self.level(column):
                inner, height = self.union()
            self.take(")")
            return inner, height + 1
        if kind != "name":
            raise TypeSyntaxError(f"unexpected {value!r}", column)
        if len(value) > MAX_NAME_LENGTH:
            raise TypeSyntaxError(f"name is {len(value)} characters long, over the limit of {MAX_NAME_LENGTH}", column)
        lower = value.lower()
        if lower == "map" and self.peek()[1] == "[":  # Go: map[K]V
            self.take("[")
            with self.level(column):
                key, key_height = self.union()
                self.take("]")
                map_value, value_height = self.postfix()
            return MapOf(key=key, value=map_value, spelling="map[K]V"), max(key_height, value_height) + 1
        opener = self.peek()[1]
        if opener in ("<", "[") and not (opener == "[" and self.tokens[self.index][1] == "[]"):
            self.take(opener)
            with self.level(column):
                args, height = self.args(">" if opener == "<" else "]")
            height += 1
            head = lower.rsplit(".", 1)[-1]
            spelling = f"{value}{opener}"
            if head in LIST_HEADS and len(args) == 1:
                return ListOf(item=args[0], spelling=spelling), height
            if (head in MAP_HEADS or head == "array") and len(args) == 2:  # PHP's array<K, V>
                return MapOf(key=args[0], value=args[1], spelling=spelling), height
            if head == "optional" and len(args) == 1:
                return Nullable(inner=args[0], spelling=spelling), height
            qualifier, name = _split_name(value)
            return Named(name=name, qualifier=qualifier, args=tuple(args), spelling=spelling), height
        if lower in PRIMITIVES:
            return Prim(name=PRIMITIVES[lower], spelling=value), 0
        if lower in UNTYPED_LISTS:
            return ListOf(item=ANY, spelling=value), 0
        if lower in UNTYPED_MAPS:
            return MapOf(key=STRING, value=ANY, spelling=value), 0
        qualifier, name = _split_name(value)
        return Named(name=name, qualifier=qualifier, spelling=value), 0


def _split_name(value: str) -> tuple[str | None, str]:
    for separator in ("\\", "::", "."):
        if separator in value:
            qualifier, _, name = value.rpartition(separator)
            return qualifier, name
    return None, value


def _combine(options: list[TypeExpr], text: str) -> TypeExpr:
    nulls = [o.spelling for o in options if isinstance(o, Prim) and o.name == "null"]
    nullable = bool(nulls)
    rest = [o for o in options if not (isinstance(o, Prim) and o.name == "null")]
    if not rest:
        return Prim(name="null", spelling=text)
    if all(isinstance(o, LiteralOf) for o in rest):
        values: dict[str, None] = {}  # each value once, in order
        for option in rest:
            assert isinstance(option, LiteralOf)
            values.update(dict.fromkeys(option.values))
        result: TypeExpr = LiteralOf(values=tuple(values), spelling="literal")
    elif len(rest) == 1:
        result = rest[0]
    else:
        result = UnionOf(options=tuple(rest), spelling="A | B")
    # The spelling keeps how null was written: "T | null", "T | None", "T | nil".
    return Nullable(inner=result, spelling=f"T | {nulls[0]}") if nullable else result


def parse_type(text: str) -> TypeExpr:
    """Read a display type string; raises :class:`TypeSyntaxError` with a 1-based column."""
    if not text.strip():
        raise TypeSyntaxError("empty type", 1)
    return _Parser(text.strip()).parse()


def core_type(expr: TypeExpr | None) -> TypeExpr | None:
    """The type under lists and nullables: ``Actor`` for ``Actor[]`` or ``Actor | null``."""
    while isinstance(expr, (ListOf, Nullable)):
        expr = expr.item if isinstance(expr, ListOf) else expr.inner
    return expr


def map_children(
    expr: TypeExpr, fn: Callable[[TypeExpr], TypeExpr], *, maps: L["no", "values", "both"]
) -> TypeExpr | None:
    """``expr`` with ``fn`` applied to each child, in order, when it is a list, a nullable, a
    union or (as ``maps`` says: not, their values, or their keys then values) a map: the same
    object when no child changed. None when it is none of those (a name's arguments are not
    its children here)."""
    if isinstance(expr, Nullable):
        inner = fn(expr.inner)
        return expr if inner is expr.inner else replace(expr, inner=inner)
    if isinstance(expr, ListOf):
        item = fn(expr.item)
        return expr if item is expr.item else replace(expr, item=item)
    if isinstance(expr, UnionOf):
        options = tuple(fn(o) for o in expr.options)
        return expr if same(options, expr.options) else replace(expr, options=options)
    if isinstance(expr, MapOf) and maps != "no":
        key = fn(expr.key) if maps == "both" else expr.key
        value = fn(expr.value)
        return expr if key is expr.key and value is expr.value else replace(expr, key=key, value=value)
    return None


def walk(expr: TypeExpr) -> list[TypeExpr]:
    """The node and all nodes below it, depth first."""
    nodes: list[TypeExpr] = [expr]
    if isinstance(expr, Named):
        for arg in expr.args:
            nodes.extend(walk(arg))
    elif isinstance(expr, ListOf):
        nodes.extend(walk(expr.item))
    elif isinstance(expr, MapOf):
        nodes.extend(walk(expr.key) + walk(expr.value))
    elif isinstance(expr, UnionOf):
        for option in expr.options:
            nodes.extend(walk(option))
    elif isinstance(expr, Nullable):
        nodes.extend(walk(expr.inner))
    return nodes
