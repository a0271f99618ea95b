"""Deterministic sample calls of the model: arguments for each operation and the reply its API gives.

Language-neutral (it knows no emitter). For one language's operation it walks the parameters
the docs give (fields, inline children, option classes and request models they name) down to
the fields linked to the HTTP reference (``Field.wire_name`` and ``place``), and gives each a
sample value by its type: the same value in every language, in its JSON form (an enum by its
wire value, a nested object by its wire keys). The reply of an operation is built the same way
from the object it returns. Usage snippets and the conformance run (``make conformance``)
both call operations with these values, so a request can be compared with the one the HTTP
reference's script sends for the same arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Any, Literal

from .ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass, WireParam
from .records import dataclass, replace
from .types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf

Json = Any
Place = Literal["path", "query", "header", "body"]
Declaration = Model | OptionClass | Enum

# The sample timestamp: one spelling every language's date type writes back unchanged.
TIMESTAMP = "2024-01-02T03:04:05Z"
# How deep nested objects are filled (the corpus nests three levels); deeper ones are left out.
MAX_DEPTH = 4


@dataclass(frozen=True)
class Arg:
    """One argument of a sample call: a field of the operation's parameters and its value.

    ``path`` is the chain of documented field names from the operation's parameter down to the
    field (``("opts", "FactorID")``); each step is a parameter, an inline child, or a field of
    the option class or request model the step before names.
    """

    path: tuple[str, ...]
    field: Field
    value: Json
    place: Place
    wire_name: str


@dataclass(frozen=True)
class Unmapped:
    """A parameter field the docs give no wire name for: it is not sent, and the report names it."""

    path: tuple[str, ...]
    field: Field


@dataclass(frozen=True)
class SampleCall:
    """A sample call of one operation of one language, and the reply its API gives."""

    language: str
    operation: Operation
    args: tuple[Arg, ...]
    unmapped: tuple[Unmapped, ...]
    # The reply body in JSON form; None for an operation that returns nothing.
    reply: Json | None
    # Path parameters of the HTTP reference that no documented field of this language fills
    # (the curl docs often leave ``:id`` undocumented), with the value the reference sends.
    holes: tuple[tuple[str, str], ...] = ()

    def wire(self) -> dict[Place, dict[str, Json]]:
        """The values by place and wire name: what the request carries."""
        out: dict[Place, dict[str, Json]] = {"path": dict(self.holes), "query": {}, "header": {}, "body": {}}
        for arg in self.args:
            target = out[arg.place]
            for key in arg.field.wire_path:  # a key of an object parameter: inside that object
                inner = target.setdefault(key, {})
                target = inner if isinstance(inner, dict) else {}
            target[arg.wire_name] = arg.value
        return out

    def value(self, *path: str) -> Json:
        for arg in self.args:
            if arg.path == path:
                return arg.value
        raise KeyError(path)


@dataclass
class Declarations:
    """One language's declared models, option classes and enums: by (area, qualifier, name),
    then (qualifier, name), then name (the linker sets ``Named.area`` to the declaring area)."""

    in_area: dict[tuple[str, str | None, str], Declaration] = field(default_factory=dict)
    area_name: dict[tuple[str, str], Declaration] = field(default_factory=dict)
    exact: dict[tuple[str | None, str], Declaration] = field(default_factory=dict)
    by_name: dict[str, Declaration] = field(default_factory=dict)

    @classmethod
    def of(cls, api: LanguageAPI) -> Declarations:
        out = cls()
        everything: list[Declaration] = [*api.enums, *api.options, *api.models]
        for decl in everything:
            out.in_area.setdefault((decl.area, decl.qualifier, decl.name), decl)
            out.area_name.setdefault((decl.area, decl.name), decl)
            out.exact.setdefault((decl.qualifier, decl.name), decl)
            out.by_name.setdefault(decl.name, decl)
        return out

    def find(self, named: Named) -> Declaration | None:
        if named.area is None and named.name not in self.by_name:
            return None
        if named.area is not None:
            found = self.in_area.get((named.area, named.qualifier, named.name)) or self.area_name.get(
                (named.area, named.name)
            )
            if found is not None:
                return found
        return self.exact.get((named.qualifier, named.name)) or self.by_name.get(named.name)


def sample_call(
    op: Operation, api: LanguageAPI, decls: Declarations | None = None, *, awkward_paths: bool = False
) -> SampleCall:
    """The sample call of ``op`` (an operation of ``api``). With ``awkward_paths``, path values
    hold a space and a slash (``"id 1/2"``), so a test exercises their escaping."""
    decls = decls or Declarations.of(api)
    args: list[Arg] = []
    unmapped: list[Unmapped] = []
    wire = {p.name: p for p in (op.http.params if op.http else ())}
    for param in op.params:
        _walk(param, (param.name,), decls, args=args, unmapped=unmapped, seen=set(), awkward=awkward_paths)
    # A value whose type gives no sample (an external the docs never define) takes one of the
    # HTTP reference's type for it; one that has none is not sent.
    args = [_from_wire(a, wire.get(a.wire_name), decls) for a in args]
    args = [_allowed(a, wire.get(a.wire_name), decls) for a in args if a.value is not None]
    filled = {a.wire_name for a in args if a.place == "path"}
    holes = tuple(
        (p.name, path_value(p.name, awkward=awkward_paths))
        for p in (op.http.params if op.http else ())
        if p.place == "path" and p.name not in filled
    )
    reply = None
    if op.returns:
        reply = field_value(op.returns[0], decls)
    return SampleCall(api.language, op, tuple(args), tuple(unmapped), reply, holes)


def _from_wire(arg: Arg, param: WireParam | None, decls: Declarations) -> Arg:
    if arg.value is not None or param is None:
        return arg
    value = value_of(param.type, decls, hint=param.name)
    return replace(arg, value=path_value(param.name, awkward=False) if param.place == "path" else value)


def _allowed(arg: Arg, param: WireParam | None, decls: Declarations) -> Arg:
    """A parameter the HTTP reference allows one value for takes it, however a language types it;
    one it allows a few values for takes the first the language allows too."""
    if param is None or not isinstance(arg.value, str):
        return arg
    if param.value is not None:
        return replace(arg, value=param.value)
    if param.values and arg.value not in param.values:
        mine = _values(arg.field.type, decls)
        common = [v for v in mine if v in param.values]
        if common:
            return replace(arg, value=common[0])
        if not mine:  # free text in this language: the reference's first value
            return replace(arg, value=param.values[0])
    return arg


def _values(expr: TypeExpr | None, decls: Declarations) -> tuple[str, ...]:
    while isinstance(expr, Nullable):
        expr = expr.inner
    if isinstance(expr, LiteralOf):
        return expr.values
    if isinstance(expr, Named):
        decl = decls.find(expr)
        if isinstance(decl, Enum):
            return decl.values
    return ()


def path_value(hint: str, *, awkward: bool) -> str:
    """A path parameter's sample; an awkward one needs escaping (a space and a slash)."""
    return f"{hint} 1/2" if awkward else f"{hint}-1"


def _walk(
    f: Field,
    path: tuple[str, ...],
    decls: Declarations,
    *,
    args: list[Arg],
    unmapped: list[Unmapped],
    seen: set[str],
    awkward: bool,
) -> None:
    if f.is_method:
        return
    if f.place is not None and f.wire_name is not None:
        value = field_value(f, decls)
        if f.place == "path" and isinstance(value, str):
            value = path_value(f.wire_name, awkward=awkward)
        args.append(Arg(path, f, value, f.place, f.wire_name))
        return
    if f.fields:
        for child in f.fields:
            _walk(child, (*path, child.name), decls, args=args, unmapped=unmapped, seen=seen, awkward=awkward)
        return
    decl = request_declaration(f.type, decls)
    if decl is not None and decl.name not in seen:
        for child in declared_fields(decl, decls):
            _walk(
                child,
                (*path, child.name),
                decls,
                args=args,
                unmapped=unmapped,
                seen=seen | {decl.name},
                awkward=awkward,
            )
        return
    if _is_data(f.type):
        unmapped.append(Unmapped(path, f))


def request_declaration(expr: TypeExpr | None, decls: Declarations) -> Model | OptionClass | None:
    """The option class or request model a parameter names, when its fields go on the wire."""
    while isinstance(expr, Nullable):
        expr = expr.inner
    if not isinstance(expr, Named):
        return None
    decl = decls.find(expr)
    if isinstance(decl, OptionClass):
        return decl
    if isinstance(decl, Model) and any(f.place for f in declared_fields(decl, decls)):
        return decl
    return None


def declared_fields(decl: Model | OptionClass, decls: Declarations) -> Iterator[Field]:
    """A declaration's fields, its bases' first (an option class that extends another)."""
    chain: list[Model | OptionClass] = []
    current: Model | OptionClass | None = decl
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        base = decls.by_name.get(current.base) if current.base else None
        current = base if isinstance(base, (Model, OptionClass)) else None
    names: set[str] = set()
    for item in reversed(chain):
        for f in item.fields:
            if f.name not in names:
                names.add(f.name)
                yield f


def _is_data(expr: TypeExpr | None) -> bool:
    """Whether a field carries request data (not a context, callback or cancellation token)."""
    if expr is None:
        return False
    if isinstance(expr, Prim):
        return expr.name not in {"function", "void", "null"}
    if isinstance(expr, Named):
        return expr.name not in {"Context", "CancellationToken", "context.Context"}
    return True


def field_value(f: Field, decls: Declarations, depth: int = 0) -> Json | None:
    """The sample value of a field: of its type when that names a declaration, else of its inline
    object when the docs list its keys (``fields``, by wire name), else of its type."""
    keys = [c for c in f.fields if c.wire_name and not c.is_method]
    if not keys or depth > MAX_DEPTH or _declared(f.type, decls):
        return value_of(f.type, decls, hint=f.wire_name or f.name or "result", depth=depth)
    obj: dict[str, Json] = {}
    for child in keys:
        value = field_value(child, decls, depth + 1)
        if value is not None:
            obj[child.wire_name or child.name] = value
    expr = f.type.inner if isinstance(f.type, Nullable) else f.type
    return [obj] if isinstance(expr, ListOf) else obj


def _declared(expr: TypeExpr | None, decls: Declarations) -> bool:
    """Whether a type names a model or option class of the language (which then says the keys)."""
    while isinstance(expr, (Nullable, ListOf)):
        expr = expr.inner if isinstance(expr, Nullable) else expr.item
    return isinstance(expr, Named) and isinstance(decls.find(expr), (Model, OptionClass))


def value_of(expr: TypeExpr | None, decls: Declarations, hint: str, depth: int = 0) -> Json | None:
    """The sample value of a type, in JSON form; None for one that has no value (void, callbacks,
    objects nested deeper than :data:`MAX_DEPTH`, types the docs never define)."""
    if expr is None or depth > MAX_DEPTH:
        return None
    if isinstance(expr, Nullable):
        return value_of(expr.inner, decls, hint, depth)
    if isinstance(expr, Prim):
        return _primitive(expr.name, hint)
    if isinstance(expr, LiteralOf):
        return expr.values[0] if expr.values else None
    if isinstance(expr, UnionOf):
        for option in expr.options:
            value = value_of(option, decls, hint, depth)
            if value is not None:
                return value
        return None
    if isinstance(expr, ListOf):
        first = value_of(expr.item, decls, hint, depth + 1)
        if first is None:
            return None
        if isinstance(first, str) and not isinstance(expr.item, (LiteralOf, Named)):
            return [f"{hint}-1", f"{hint}-2"]
        return [first, first]
    if isinstance(expr, MapOf):
        inner = value_of(expr.value, decls, "value", depth + 1)
        return None if inner is None else {"key": inner}
    decl = decls.find(expr)
    if decl is None and len(expr.args) == 1:
        # A generic the docs never define wraps its argument: an async result (``Task<T>``,
        # ``Promise<T>``) is its value; a list (``WorkOSList<T>``) is the reference's list envelope.
        inner = value_of(expr.args[0], decls, hint, depth + 1)
        if "list" in expr.name.lower() and inner is not None:
            return {"data": [inner], "list_metadata": {"before": "cursor-0"}}
        return inner
    if isinstance(decl, Enum):
        return decl.values[0] if decl.values else None
    if isinstance(decl, (Model, OptionClass)):
        obj: dict[str, Json] = {}
        for f in declared_fields(decl, decls):
            if f.wire_name is None or f.is_method:
                continue
            value = field_value(f, decls, depth + 1)
            if value is not None:
                obj[f.wire_name] = value
        # An object whose keys were all cut (too deep) is no sample of it: left out.
        return obj if obj or depth < MAX_DEPTH else None
    return None


def _primitive(name: str, hint: str) -> Json | None:
    if name == "string":
        return f"{hint}-1"
    if name in ("int", "number"):
        return 7
    if name == "bool":
        return True
    if name == "datetime":
        return TIMESTAMP
    if name == "any":  # untyped: text travels in a query string and a JSON body alike
        return f"{hint}-1"
    if name == "object":
        return {"key": "value"}
    return None
