"""``codegen openapi``: the one model as an OpenAPI 3.1 document.

Every HTTP operation of the model (the docs' HTTP reference, followed to the API's OpenAPI when
``wire = "api"``) becomes an operation: its path and method, the host when it has one of its own
(``servers``), its parameters (place, required, schema, for a list in the query ``style: form``
and ``explode``), its JSON request body and its reply's schema, closed sets of values as ``enum``
(one value as ``const``), descriptions from the docs. The objects of the HTTP reference are
``components/schemas``. What each language calls things rides along as extensions:
``x-codegen-operations`` (per docs operation id, each language's method), ``x-codegen-names`` (per
parameter and property, each language's field), ``x-codegen-types`` (per schema, each language's
type). Operations of one method and path (the grant types of ``POST /user_management/authenticate``)
are one operation whose body is ``oneOf`` their bodies, told apart by their constants.

Read back by :mod:`codegen.openapi.document`, the export gives exactly the comparison model
:mod:`codegen.openapi.reference` reads from the docs, so linting the reference against its own
export reports nothing (tested on the bundled corpus), and comparing the export with another
OpenAPI reports what comparing the docs with it reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import yaml

from ..ir import API, Enum, Field, LanguageAPI, Model, Operation, OptionClass, WireParam
from ..samples import Declarations, declared_fields
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .model import normal_path, segments
from .reference import HTTP, literal_kind, reply_keys

OPENAPI_VERSION = "3.1.0"
_PRIMS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "datetime": {"type": "string", "format": "date-time"},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "object": {"type": "object"},
}
_COMPONENT = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_DEPTH = 8


def export(
    api: API,
    *,
    title: str = "API",
    version: str = "0.0.0",
    description: str | None = None,
    server: str | None = None,
    renames: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``api`` (a plain mapping, ready for YAML or JSON)."""
    curl = api.languages.get(HTTP)
    writer = _Writer(api, curl, renames or {})
    info: dict[str, Any] = {"title": title, "version": version}
    if description:
        info["description"] = description
    document: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": info}
    if server:
        document["servers"] = [{"url": server}]
    document["security"] = [{"api_key": []}]
    document["paths"] = writer.paths()
    document["components"] = {
        "securitySchemes": {
            "api_key": {"type": "http", "scheme": "bearer", "description": "The API key, as a bearer token."}
        },
        "schemas": writer.schemas,
    }
    return document


def dump(document: dict[str, Any], *, as_json: bool = False) -> str:
    if as_json:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def _name(text: str) -> str:
    return _COMPONENT.sub("_", text).strip("_") or "Schema"


class _Writer:
    def __init__(self, api: API, curl: LanguageAPI | None, renames: dict[str, dict[str, str]]) -> None:
        self.api = api
        self.curl = curl
        self.renames = renames
        self.decls = Declarations.of(curl) if curl is not None else Declarations()
        self.schemas: dict[str, Any] = {}
        self.component: dict[int, str] = {}  # id(curl model) -> its component name
        self.others = {lang: Declarations.of(la) for lang, la in api.languages.items() if lang != HTTP}
        self._components()

    def rename(self, language: str, name: str) -> str:
        return self.renames.get(language, {}).get(name, name)

    # --- components ---------------------------------------------------------------------------
    def _components(self) -> None:
        if self.curl is None:
            return
        taken: set[str] = set()
        for model in self.curl.models:
            base = _name(model.id or model.name)
            name = base if base not in taken else _name(f"{model.area}_{base}")
            count = 2
            while name in taken:
                name, count = f"{base}_{count}", count + 1
            taken.add(name)
            self.component[id(model)] = name
        for model in self.curl.models:
            schema = self.object_schema(model.fields, 0)
            if model.description:
                schema["description"] = model.description
            types = self.types_of(model)
            if types:
                schema["x-codegen-types"] = types
            self.schemas[self.component[id(model)]] = schema

    def types_of(self, model: Model) -> dict[str, str]:
        """Each language's name of the object (the model of the same id, or name)."""
        found: dict[str, str] = {}
        for language, lang in self.api.languages.items():
            if language == HTTP:
                continue
            mine = [m for m in lang.models if model.id and m.id == model.id]
            if mine:
                name = self.rename(language, mine[0].name)
                found[language] = f"{mine[0].qualifier}.{name}" if mine[0].qualifier else name
        return found

    # --- schemas ------------------------------------------------------------------------------
    def schema(self, expr: TypeExpr | None, depth: int = 0) -> dict[str, Any]:
        if expr is None or depth > _MAX_DEPTH:
            return {}
        if isinstance(expr, Nullable):
            inner = self.schema(expr.inner, depth + 1)
            if isinstance(inner.get("type"), str) and "enum" not in inner and "const" not in inner:
                return {**inner, "type": [inner["type"], "null"]}
            return {"anyOf": [inner, {"type": "null"}]} if inner else {}
        if isinstance(expr, Prim):
            return dict(_PRIMS.get(expr.name, {}))
        if isinstance(expr, LiteralOf):
            return _literal(expr.values)
        if isinstance(expr, ListOf):
            return {"type": "array", "items": self.schema(expr.item, depth + 1)}
        if isinstance(expr, MapOf):
            return {"type": "object", "additionalProperties": self.schema(expr.value, depth + 1)}
        if isinstance(expr, UnionOf):
            return {"anyOf": [self.schema(o, depth + 1) for o in expr.options]}
        decl = self.decls.find(expr)
        if isinstance(decl, Model) and id(decl) in self.component:
            return {"$ref": f"#/components/schemas/{self.component[id(decl)]}"}
        if isinstance(decl, Enum):
            return _literal(decl.values)
        if decl is None and expr.args and ("list" in expr.name.lower() or expr.name.lower() == "array"):
            return {"type": "array", "items": self.schema(expr.args[0], depth + 1)}
        if isinstance(decl, OptionClass | Model):
            return {"type": "object"}
        return {"x-codegen-type": expr.spelling or expr.name}

    def object_schema(self, fields: tuple[Field, ...], depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for f in fields:
            if f.is_method:
                continue
            key = f.wire_name or f.name
            nested = f.fields and depth < _MAX_DEPTH
            schema = _listed(f.type, self.object_schema(f.fields, depth + 1)) if nested else self.schema(f.type)
            if f.description:
                schema["description"] = f.description
            properties[key] = schema
            if not f.optional:
                required.append(key)
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            result["required"] = required
        return result

    def param_schema(self, p: WireParam, depth: int = 0) -> dict[str, Any]:
        if p.fields and depth < _MAX_DEPTH:
            properties = {k.name: self.param_schema(k, depth + 1) for k in p.fields}
            schema: dict[str, Any] = {"type": "object", "properties": properties}
            required = [k.name for k in p.fields if not k.optional]
            if required:
                schema["required"] = required
            schema = _listed(p.type, schema)
        else:
            schema = self.schema(p.type)
        if p.description:
            schema["description"] = p.description
        return schema

    # --- operations ---------------------------------------------------------------------------
    def paths(self) -> dict[str, Any]:
        if self.curl is None:
            return {}
        groups: dict[tuple[str, str], list[Operation]] = {}
        order: list[str] = []
        template: dict[str, str] = {}  # normal path -> the first op's path (its holes' names)
        for op in self.curl.operations:
            if op.http is None or not op.id:
                continue
            plain = normal_path(op.http.path)
            if plain not in template:
                template[plain] = op.http.path
                order.append(plain)
            groups.setdefault((plain, op.http.method.lower()), []).append(op)
        result: dict[str, Any] = {}
        used_ids: set[str] = set()
        for plain in order:
            item: dict[str, Any] = {}
            for (path, method), ops in groups.items():
                if path == plain:
                    item[method] = self.operation(ops, template[plain], used_ids)
            result[template[plain]] = item
        return result

    def operation(self, ops: list[Operation], path: str, used_ids: set[str]) -> dict[str, Any]:
        first = ops[0]
        assert first.http is not None and first.id
        http = first.http
        operation_id = first.id
        count = 2
        while operation_id in used_ids:
            operation_id, count = f"{first.id}_{count}", count + 1
        used_ids.add(operation_id)
        result: dict[str, Any] = {"operationId": operation_id}
        if first.title and not first.title.startswith("/"):  # the HTTP reference's titles are its paths
            result["summary"] = first.title
        if first.description:
            result["description"] = first.description
        if http.host:
            result["servers"] = [{"url": http.host}]
        holes = [s[1:-1] for s in segments(path) if s.startswith("{")]
        mine = [s[1:-1] for s in segments(http.path) if s.startswith("{")]
        hole_name = dict(zip(mine, holes, strict=False))
        names = self.names(first.id)
        parameters = []
        for p in self.parameters(first):
            if p.place == "body":
                continue
            entry: dict[str, Any] = {
                "name": hole_name.get(p.name, p.name) if p.place == "path" else p.name,
                "in": p.place,
                "required": p.required_as_written,
            }
            if p.description:
                entry["description"] = p.description
            entry["schema"] = self.param_schema(p)
            if p.place == "query" and entry["schema"].get("type") == "array":
                entry["style"], entry["explode"] = "form", p.repeated
            known = names.get((p.place, p.name))
            if known:
                entry["x-codegen-names"] = known
            parameters.append(entry)
        if parameters:
            result["parameters"] = parameters
        bodies = [self.body(op) for op in ops]
        present = [b for b in bodies if b is not None]
        if len(ops) > 1:  # which docs operation each variant is: read back as the docs' operations
            present = [{**b, "x-codegen-id": op.id} for b, op in zip(bodies, ops, strict=True) if b is not None]
        if present:
            schema = present[0] if len(ops) == 1 else {"oneOf": present}
            required = any("required" in b for b in present)
            result["requestBody"] = {"required": required, "content": {"application/json": {"schema": schema}}}
        result["responses"] = self.responses(ops)
        result["x-codegen-operations"] = {op.id: self.methods(op.id or "") for op in ops}
        return result

    def parameters(self, op: Operation) -> list[WireParam]:
        """The HTTP parameters, and the headers the languages send that the reference leaves out."""
        assert op.http is not None
        params = list(op.http.params)
        taken = {(p.place, p.name.lower()) for p in params}
        for language, lang in self.api.languages.items():
            if language == HTTP:
                continue
            for other in lang.operations:
                if other.id != op.id:
                    continue
                for f in _leaves(other.params):
                    if f.place == "header" and f.wire_name and ("header", f.wire_name.lower()) not in taken:
                        taken.add(("header", f.wire_name.lower()))
                        params.append(WireParam(name=f.wire_name, place="header", optional=True, loc=f.loc))
        return params

    def body(self, op: Operation) -> dict[str, Any] | None:
        assert op.http is not None
        keys = [p for p in op.http.params if p.place == "body"]
        if not keys:
            return None
        names = self.names(op.id or "")
        properties = {}
        for p in keys:
            schema = self.param_schema(p)
            known = names.get(("body", p.name))
            if known:
                schema["x-codegen-names"] = known
            properties[p.name] = schema
        result: dict[str, Any] = {"type": "object", "properties": properties}
        required = [p.name for p in keys if p.required_as_written]
        if required:
            result["required"] = required
        return result

    def responses(self, ops: list[Operation]) -> dict[str, Any]:
        replies = []
        for op in ops:
            schema = self.reply(op)
            if schema is not None:
                replies.append(schema if len(ops) == 1 else {"allOf": [schema], "x-codegen-id": op.id})
        if not replies:
            return {"204": {"description": "No content"}}
        schema = replies[0] if len(replies) == 1 else {"oneOf": replies}
        return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}

    def reply(self, op: Operation) -> dict[str, Any] | None:
        returns = [r for r in op.returns if not r.is_method]
        if not returns:
            return None
        keys = reply_keys(op, self.decls)
        if len(returns) > 1:
            return self.object_schema(tuple(returns), 0)
        (returned,) = returns
        if returned.fields:
            return self.object_schema(returned.fields, 0)
        schema = self.schema(returned.type)
        if keys is not None and "$ref" not in schema:  # keys of an object the reference names
            return self.object_schema(_model_fields(returned.type, self.decls), 0)
        return schema

    # --- each language's names ----------------------------------------------------------------
    def methods(self, op_id: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for language, lang in self.api.languages.items():
            if language == HTTP:
                continue
            for op in lang.operations:
                if op.id == op_id and op.http is not None:
                    name = self.rename(language, op.name)
                    found[language] = f"{op.service}.{name}" if op.service else name
                    break
        return found

    def names(self, op_id: str) -> dict[tuple[str, str], dict[str, str]]:
        """(place, wire name) -> each language's name of the value (``opts.FactorID``)."""
        found: dict[tuple[str, str], dict[str, str]] = {}
        for language, lang in self.api.languages.items():
            if language == HTTP:
                continue
            op = next((o for o in lang.operations if o.id == op_id and o.http is not None), None)
            if op is None:
                continue
            for chain, f in _chains(op.params, (), self.others[language], frozenset()):
                if f.place and f.wire_name and not f.wire_path:
                    found.setdefault((f.place, f.wire_name), {}).setdefault(
                        language, ".".join(self.rename(language, n) for n in chain)
                    )
        return found


def _listed(expr: TypeExpr | None, item: dict[str, Any]) -> dict[str, Any]:
    """The schema of an object whose keys the docs list: a list of such objects when typed a list."""
    while isinstance(expr, Nullable):
        expr = expr.inner
    named_list = isinstance(expr, Named) and expr.name.lower() in ("list", "array")
    return {"type": "array", "items": item} if isinstance(expr, ListOf) or named_list else item


def _literal(values: tuple[str, ...]) -> dict[str, Any]:
    kind = literal_kind(values)
    typed: list[Any] = list(values)
    if kind == "integer":
        typed = [int(v) for v in values]
    elif kind == "boolean":
        typed = [v == "true" for v in values]
    if len(typed) == 1:
        return {"type": kind, "const": typed[0]}
    return {"type": kind, "enum": typed}


def _leaves(fields: tuple[Field, ...]) -> Iterator[Field]:
    for f in fields:
        yield f
        yield from _leaves(f.fields)


def _chains(
    fields: tuple[Field, ...], above: tuple[str, ...], decls: Declarations, seen: frozenset[str]
) -> Iterator[tuple[tuple[str, ...], Field]]:
    """Every field below ``fields`` with the chain of names that reaches it (through inline
    objects, option classes and request models, as a request is built)."""
    for f in fields:
        if f.is_method:
            continue
        chain = (*above, f.name)
        yield chain, f
        if f.fields:
            yield from _chains(f.fields, chain, decls, seen)
            continue
        expr = f.type
        while isinstance(expr, Nullable):
            expr = expr.inner
        if isinstance(expr, Named) and f.place is None and expr.name not in seen and len(chain) < _MAX_DEPTH:
            decl = decls.find(expr)
            if isinstance(decl, Model | OptionClass):
                yield from _chains(tuple(declared_fields(decl, decls)), chain, decls, seen | {expr.name})


def _model_fields(expr: TypeExpr | None, decls: Declarations) -> tuple[Field, ...]:
    while isinstance(expr, Nullable):
        expr = expr.inner
    decl = decls.find(expr) if isinstance(expr, Named) else None
    return decl.fields if isinstance(decl, Model) else ()
