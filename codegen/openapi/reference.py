"""The docs' HTTP reference in the comparison model: one :class:`~codegen.openapi.model.Operation`
per curl operation of the linked model, from its :class:`~codegen.ir.HttpCall`.

The wire names, places, required flags and types are the HTTP reference's (``codegen.wire``); a
list in the query is sent with its key repeated (what every SDK does today, unless the model says
otherwise: ``WireParam.repeated``). Headers the HTTP reference describes only in prose but the
languages send (``Idempotency-Key``) are parameters too. The reply's keys are those the reference
lists inline, those of the object it returns, or the names of the values it returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..ir import API, Field, Model
from ..ir import Operation as IROperation
from ..languages import HTTP_REFERENCE
from ..records import replace
from ..samples import Declarations
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .model import Operation, Param, Shape, is_hole, segments

# The language whose entries are the HTTP reference ("" when none is).
HTTP = HTTP_REFERENCE
_SCALARS = {
    "string": "string",
    "datetime": "string",
    "int": "integer",
    "number": "number",
    "bool": "boolean",
    "object": "object",
}
_MAX_DEPTH = 8


def operations(api: API) -> list[Operation]:
    """Every HTTP operation of the docs (the curl entries that have a method and path)."""
    curl = api.languages.get(HTTP)
    if curl is None:
        return []
    decls = Declarations.of(curl)
    headers = _headers(api)
    result = []
    for op in curl.operations:
        if op.http is None or not op.id:
            continue
        result.append(operation(op, decls, headers.get(op.id, ())))
    return result


def operation(op: IROperation, decls: Declarations, headers: tuple[str, ...] = ()) -> Operation:
    """One operation of the docs with an HTTP call (``op.http``)."""
    assert op.http is not None and op.id
    http = op.http
    order = {name: index for index, name in enumerate(s[1:-1] for s in segments(http.path) if is_hole(s))}
    params: list[Param] = []
    body: list[Param] = []
    for p in http.params:
        shape = shape_of(p.type, decls)
        param = Param(
            name=p.name,
            place=p.place,
            required=p.required_as_written,
            shape=shape,
            loc=p.loc,
            explode=p.repeated if p.place == "query" and shape.array else None,
            description=p.description,
            const=p.value,
        )
        (body if p.place == "body" else params).append(param)
    taken = {p.key for p in params}
    params += [Param(h, "header", False, Shape("string"), op.loc) for h in headers if h.lower() not in taken]
    params.sort(key=lambda p: (p.place != "path", order.get(p.name, 0)))
    return Operation(
        method=http.method.upper(),
        path=http.path,
        id=op.id,
        loc=op.loc,
        params=tuple(params),
        bodies=(tuple(body),) if body else (),
        host=http.host,
        reply=reply_keys(op, decls),
        summary=op.title,
    )


def _headers(api: API) -> dict[str, tuple[str, ...]]:
    """Per operation id, the headers a language sends that the HTTP reference does not list."""
    found: dict[str, list[str]] = {}
    for language, lang in api.languages.items():
        if language == HTTP:
            continue
        for op in lang.operations:
            if not op.id or op.http is None:
                continue
            for f in _leaves(op.params):
                if f.place == "header" and f.wire_name and f.wire_name not in found.setdefault(op.id, []):
                    found[op.id].append(f.wire_name)
    return {op_id: tuple(names) for op_id, names in found.items()}


def _leaves(fields: tuple[Field, ...]) -> Iterator[Field]:
    for f in fields:
        yield f
        yield from _leaves(f.fields)


def reply_keys(op: IROperation, decls: Declarations) -> tuple[str, ...] | None:
    """The top-level keys of the JSON object the operation replies with; None when unknown."""
    returns = [r for r in op.returns if not r.is_method]
    if not returns:
        return None
    if len(returns) > 1:  # the values of the reply, listed one by one
        return tuple(r.wire_name or r.name for r in returns)
    (returned,) = returns
    if returned.fields:
        return tuple(f.wire_name or f.name for f in returned.fields if not f.is_method)
    expr = returned.type
    while isinstance(expr, Nullable):
        expr = expr.inner
    if isinstance(expr, Named):
        decl = decls.find(expr)
        if isinstance(decl, Model) and decl.fields:
            return tuple(f.wire_name or f.name for f in decl.fields if not f.is_method)
    return None


def shape_of(expr: TypeExpr | None, decls: Declarations, depth: int = 0) -> Shape:
    """How a value of the docs' type travels as JSON."""
    while isinstance(expr, Nullable):
        expr = expr.inner
    if expr is None or depth > _MAX_DEPTH:
        return Shape()
    if isinstance(expr, Prim):
        return Shape(_SCALARS.get(expr.name))
    if isinstance(expr, LiteralOf):
        return Shape(literal_kind(expr.values), False, tuple(sorted(set(expr.values))))
    if isinstance(expr, ListOf):
        item = shape_of(expr.item, decls, depth + 1)
        return Shape(None if item.array else item.kind, True, item.enum)
    if isinstance(expr, MapOf):
        return Shape("object")
    if isinstance(expr, UnionOf):
        options = [shape_of(o, decls, depth + 1) for o in expr.options]
        return options[0] if options and all(o == options[0] for o in options) else Shape()
    decl = decls.find(expr)
    if decl is None:
        if expr.args and ("list" in expr.name.lower() or expr.name.lower() == "array"):
            item = shape_of(expr.args[0], decls, depth + 1)
            return Shape(None if item.array else item.kind, True, item.enum)
        return Shape()
    if isinstance(decl, Model) or not hasattr(decl, "values"):
        return Shape("object")
    values: tuple[str, ...] = decl.values
    return Shape(literal_kind(values), False, tuple(sorted(set(values))))


def literal_kind(values: tuple[str, ...]) -> str:
    if values and all(re.fullmatch(r"-?[0-9]+", v) for v in values):
        return "integer"
    if values and all(v in ("true", "false") for v in values):
        return "boolean"
    return "string"


def from_export(operations: Iterable[Operation]) -> list[Operation]:
    """An export of codegen's (``codegen openapi``) read back as the docs' operations: one that
    stands for several (``x-codegen-operations``) becomes one per docs id, with its own body and
    reply variant (``x-codegen-id``)."""
    result = []
    for op in operations:
        if len(op.codegen_ids) <= 1:
            result.append(replace(op, id=op.codegen_ids[0] if op.codegen_ids else op.id))
            continue
        for name in op.codegen_ids:
            body = next((b for b, i in zip(op.bodies, op.body_ids, strict=False) if i == name), ())
            reply = next((k for k, i in zip(op.replies, op.reply_ids, strict=False) if i == name), None)
            result.append(
                replace(
                    op,
                    id=name,
                    bodies=(body,) if body else (),
                    reply=reply,
                    replies=(),
                    codegen_ids=(name,),
                    body_ids=(),
                    reply_ids=(),
                )
            )
    return result
