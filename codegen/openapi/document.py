"""Reading an OpenAPI 3.x document (YAML or JSON; a file, or a folder of them) into the
comparison model of :mod:`codegen.openapi.model`.

``$ref``s are resolved here (no library: a JSON pointer into the same document, or into another
file inside the spec's folder; a remote URL is refused), lazily and with a guard against cycles,
so a recursive schema is fine. What is read of each operation: method and path; the host when
its ``servers`` differ from the document's; path, query and header parameters (the path item's
and the operation's, the operation's winning) with their schema's shape and, for a list in the
query, ``style``/``explode``; a security scheme other than the API's default that names a
credential (``access_token``: ``Authorization: Bearer``, or an ``apiKey`` in the query or a
header); the JSON request body's keys (each ``oneOf`` variant apart, ``allOf`` merged); the keys
of the first 2xx JSON reply; ``x-mutually-exclusive-*-groups``. Every mapping keeps its line, so
findings about the document point into it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Loc
from ..records import dataclass
from .model import KINDS, Operation, Param, Place, Shape

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUFFIXES = (".yaml", ".yml", ".json")
# A spec is trusted like the config that names it; this only stops a wrong path (a disk image).
MAX_BYTES = 32 * 1024 * 1024
# Schemas nest and refer to each other; past this depth a shape is "unknown".
MAX_DEPTH = 32
_JSON_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


class OpenAPIError(Exception):
    """A document that cannot be read as OpenAPI 3: where, and why."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@dataclass(frozen=True)
class Spec:
    """The operations of one OpenAPI document (or of a folder of them)."""

    operations: tuple[Operation, ...]
    # The default server's URL (the first of the top-level ``servers``), if any.
    host: str | None = None
    title: str | None = None
    files: tuple[str, ...] = ()


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """libyaml's safe loader, remembering the line of every mapping."""

    lines: dict[int, int]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    loader.lines[id(data)] = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


@dataclass
class _Doc:
    path: Path
    display: str
    data: Any
    lines: dict[int, int] = field(default_factory=dict)

    def loc(self, node: object) -> Loc:
        return Loc(self.display, self.lines.get(id(node), 1), 1)


def _parse(path: Path, display: str) -> _Doc:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise OpenAPIError(Loc(display), f"the OpenAPI document is {size} bytes, over the limit of {MAX_BYTES}")
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise OpenAPIError(Loc(display), "OpenAPI document not found") from None
    except UnicodeDecodeError as exc:
        raise OpenAPIError(Loc(display), f"the OpenAPI document is not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise OpenAPIError(Loc(display), f"cannot read the OpenAPI document: {exc.strerror or exc}") from None
    loader = _Loader(text)
    loader.lines = {}
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = Loc(display, mark.line + 1, mark.column + 1) if mark else Loc(display)
        raise OpenAPIError(where, f"not valid YAML or JSON: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise OpenAPIError(Loc(display), f"not valid YAML or JSON: {exc}") from None
    finally:
        loader.dispose()
    return _Doc(path, display, data, loader.lines)


def _documents(path: Path) -> list[Path]:
    """The OpenAPI documents a configured path names: the file, or every file of a folder whose
    top level says ``openapi: 3...``."""
    if not path.is_dir():
        return [path]
    found = []
    for candidate in sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        with candidate.open("rb") as handle:
            head = handle.read(4096)
        if b"openapi" in head:
            found.append(candidate)
    return found


def read(path: Path, display: str | None = None) -> Spec:
    """The operations of the OpenAPI document at ``path`` (a file, or a folder of documents whose
    operations are read together). ``display`` names it in locations (default: ``path``)."""
    shown = display if display is not None else path.as_posix()
    files = _documents(path)
    if not files:
        raise OpenAPIError(Loc(shown), "no OpenAPI document (a .yaml, .yml or .json file with 'openapi: 3...') here")
    base = path if path.is_dir() else path.parent
    reader = _Reader(base.resolve(), shown if path.is_dir() else Path(shown).parent.as_posix())
    operations: list[Operation] = []
    host = title = None
    roots = []
    for file in files:
        doc = reader.load(file)
        data = doc.data
        version = data.get("openapi") if isinstance(data, dict) else None
        if not isinstance(version, str) or not version.startswith("3."):
            if path.is_dir() and not isinstance(version, str):
                continue  # a file of schemas that other documents refer to
            raise OpenAPIError(doc.loc(data), "only OpenAPI 3.0 and 3.1 documents are read ('openapi: 3.x')")
        roots.append(doc.display)
        host = host or _server(data.get("servers"))
        info = data.get("info")
        title = title or (info.get("title") if isinstance(info, dict) and isinstance(info.get("title"), str) else None)
        operations += reader.operations(doc)
    if not roots:
        raise OpenAPIError(Loc(shown), "no OpenAPI document (a .yaml, .yml or .json file with 'openapi: 3...') here")
    return Spec(tuple(operations), host, title, tuple(roots))


def _server(servers: object) -> str | None:
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = servers[0].get("url")
        if isinstance(url, str) and url:
            return url.rstrip("/")
    return None


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, default=str)


def _kind_of_value(value: object) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return None


def _type(value: object) -> str | None:
    """A schema's ``type``: one name, or a list of names of which one is not ``null``."""
    if isinstance(value, str):
        return None if value == "null" else value
    if isinstance(value, list):
        names = [v for v in value if isinstance(v, str) and v != "null"]
        return names[0] if len(names) == 1 else None
    return None


def _is_null(schema: object) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("const", 0) is None)


class _Reader:
    def __init__(self, base: Path, shown: str) -> None:
        self.base = base
        self.shown = shown  # how the folder the documents are in is named in locations
        self.docs: dict[Path, _Doc] = {}

    def load(self, path: Path) -> _Doc:
        resolved = path.resolve()
        if resolved not in self.docs:
            try:
                relative = resolved.relative_to(self.base).as_posix()
            except ValueError:
                relative = resolved.name
            self.docs[resolved] = _parse(path, (Path(self.shown) / relative).as_posix())
        return self.docs[resolved]

    # --- references ---------------------------------------------------------------------------
    def resolve(self, node: Any, doc: _Doc) -> tuple[Any, _Doc]:
        """``node`` with its ``$ref`` chain followed (into this document or a file beside it)."""
        seen: set[tuple[Path, str]] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if (doc.path, ref) in seen or len(seen) > MAX_DEPTH:
                raise OpenAPIError(doc.loc(node), f"$ref {ref!r} refers to itself")
            seen.add((doc.path, ref))
            file, _, pointer = ref.partition("#")
            target = doc
            if file:
                if "://" in file or file.startswith("//"):
                    raise OpenAPIError(doc.loc(node), f"remote $ref {ref!r} is not followed; vendor the file beside it")
                candidate = (doc.path.parent / file).resolve()
                if self.base != candidate and self.base not in candidate.parents:
                    raise OpenAPIError(doc.loc(node), f"$ref {ref!r} leaves the OpenAPI document's folder")
                target = self.load(candidate)
            node = self._pointer(target, pointer, doc.loc(node), ref)
            doc = target
        return node, doc

    @staticmethod
    def _pointer(doc: _Doc, pointer: str, where: Loc, ref: str) -> Any:
        node: Any = doc.data
        for raw in pointer.split("/")[1:] if pointer else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise OpenAPIError(where, f"$ref {ref!r} names nothing in {doc.display}")
        return node

    # --- schemas ------------------------------------------------------------------------------
    def shape(self, schema: Any, doc: _Doc, depth: int = 0) -> Shape:
        if depth > MAX_DEPTH:
            return Shape()
        schema, doc = self.resolve(schema, doc)
        if not isinstance(schema, dict):
            return Shape()
        if isinstance(schema.get("allOf"), list):
            own = {k: v for k, v in schema.items() if k != "allOf"}
            parts = [self.shape(p, doc, depth + 1) for p in [own, *schema["allOf"]]]
            known = [p for p in parts if p.kind is not None or p.array]
            if not known:
                return Shape()
            enums = [p.enum for p in known if p.enum]
            return Shape(known[0].kind, known[0].array, enums[0] if enums else ())
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                parts = [self.shape(p, doc, depth + 1) for p in schema[key] if not _is_null(p)]
                if not parts:
                    return Shape()
                first = parts[0]
                if all(p.kind == first.kind and p.array == first.array for p in parts):
                    enum = tuple(sorted({v for p in parts for v in p.enum})) if all(p.enum for p in parts) else ()
                    return Shape(first.kind, first.array, enum)
                return Shape()
        if "const" in schema and schema["const"] is not None:
            value = schema["const"]
            return Shape(_type(schema.get("type")) or _kind_of_value(value), False, (_text(value),))
        kind = _type(schema.get("type"))
        values = schema.get("enum")
        enum = tuple(sorted({_text(v) for v in values if v is not None})) if isinstance(values, list) else ()
        if kind == "array":
            item = self.shape(schema.get("items"), doc, depth + 1)
            return Shape(None if item.array else item.kind, True, item.enum)
        if kind is None and ("properties" in schema or "additionalProperties" in schema):
            kind = "object"
        if kind is None and isinstance(values, list):
            kinds = {_kind_of_value(v) for v in values if v is not None}
            kind = kinds.pop() if len(kinds) == 1 else None
        return Shape(kind if kind in KINDS else None, False, enum)

    def _object(self, schema: Any, doc: _Doc, depth: int = 0) -> tuple[dict[str, tuple[Any, _Doc]], set[str], bool]:
        """The properties (each with its document), the required names, and whether it is an object."""
        schema, doc = self.resolve(schema, doc)
        props: dict[str, tuple[Any, _Doc]] = {}
        required: set[str] = set()
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return props, required, False
        is_object = schema.get("type") == "object" or "properties" in schema
        for part in schema.get("allOf") or []:
            inner, names, whether = self._object(part, doc, depth + 1)
            props.update(inner)
            required |= names
            is_object = is_object or whether
        for key in ("oneOf", "anyOf"):  # alternatives inside an object: each key optional unless all require it
            variants = [v for v in schema.get(key) or [] if not _is_null(v)]
            found = [self._object(v, doc, depth + 1) for v in variants]
            for inner, _, _ in found:
                props.update({k: v for k, v in inner.items() if k not in props})
            if found:
                required |= set.intersection(*(names for _, names, _ in found))
                is_object = is_object or all(whether for _, _, whether in found)
        for name, sub in (schema.get("properties") or {}).items():
            props[str(name)] = (sub, doc)
        required |= {str(n) for n in schema.get("required") or [] if isinstance(n, str | int)}
        return props, required, is_object

    def _keys(self, schema: Any, doc: _Doc, depth: int = 0) -> tuple[str, ...] | None:
        """The top-level keys of the object a schema describes (of every variant of a union)."""
        schema, doc = self.resolve(schema, doc)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return None
        variants = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(variants, list) and "properties" not in schema:
            found: list[str] = []
            for variant in variants:
                if _is_null(variant):
                    continue
                keys = self._keys(variant, doc, depth + 1)
                if keys is None:
                    return None
                found += [k for k in keys if k not in found]
            return tuple(found)
        props, _, is_object = self._object(schema, doc, depth)
        return tuple(props) if is_object and props else None  # an object of keys it does not list: unknown

    # --- operations ---------------------------------------------------------------------------
    def operations(self, doc: _Doc) -> list[Operation]:
        data = doc.data
        paths = data.get("paths") or {}
        if not isinstance(paths, dict):
            raise OpenAPIError(doc.loc(data), "'paths' must be a mapping")
        default_host = _server(data.get("servers"))
        default_security: list[Any] = data["security"] if isinstance(data.get("security"), list) else []
        components = data.get("components")
        schemes: dict[str, Any] = {}
        if isinstance(components, dict) and isinstance(components.get("securitySchemes"), dict):
            schemes = components["securitySchemes"]
        result = []
        for path, item in paths.items():
            item, item_doc = self.resolve(item, doc)
            if not isinstance(item, dict):
                continue
            for method in METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                servers = op.get("servers") or item.get("servers")
                host = _server(servers) if servers else None
                security: list[Any] = op["security"] if isinstance(op.get("security"), list) else default_security
                params = self._params(str(path), item, op, item_doc)
                params += self._security(security, default_security, schemes, item_doc, op)
                bodies, body_ids = self._bodies(op.get("requestBody"), item_doc)
                replies = self._replies(op.get("responses"), item_doc)
                codegen = op.get("x-codegen-operations")
                result.append(
                    Operation(
                        method=method.upper(),
                        path=str(path),
                        id=str(op.get("operationId") or f"{method.upper()} {path}"),
                        loc=item_doc.loc(op),
                        params=tuple(params),
                        bodies=bodies,
                        body_ids=body_ids,
                        host=host if host != default_host else None,
                        reply=self._reply(op.get("responses"), item_doc),
                        replies=tuple(keys for keys, _ in replies),
                        reply_ids=tuple(name for _, name in replies),
                        codegen_ids=tuple(str(k) for k in codegen) if isinstance(codegen, dict) else (),
                        exclusive=_exclusive(op),
                        summary=op.get("summary") if isinstance(op.get("summary"), str) else None,
                    )
                )
        return result

    def _params(self, path: str, item: dict[str, Any], op: dict[str, Any], doc: _Doc) -> list[Param]:
        declared: dict[tuple[str, str], Param] = {}
        for source in (item.get("parameters") or [], op.get("parameters") or []):
            for raw in source:
                node, node_doc = self.resolve(raw, doc)
                if not isinstance(node, dict) or node.get("in") not in ("path", "query", "header"):
                    continue  # cookies are not a request's business here
                place: Place = node["in"]
                name = str(node.get("name", ""))
                schema = node.get("schema")
                content = node.get("content")
                if schema is None and isinstance(content, dict) and content:
                    first = next(iter(content.values()))
                    schema = first.get("schema") if isinstance(first, dict) else None
                shape = self.shape(schema, node_doc)
                explode = None
                if place == "query" and shape.array:
                    style = node.get("style", "form")
                    explode = bool(node.get("explode", style == "form")) and style == "form"
                key = (place, name.lower() if place == "header" else name)
                declared[key] = Param(
                    name=name,
                    place=place,
                    required=place == "path" or node.get("required") is True,
                    shape=shape,
                    loc=node_doc.loc(node),
                    explode=explode,
                    description=node.get("description") if isinstance(node.get("description"), str) else None,
                )
        ordered: list[Param] = []
        holes = [s[1:-1] for s in path.split("/") if s.startswith("{") and s.endswith("}")]
        for hole in holes:
            found = declared.pop(("path", hole), None)
            ordered.append(found or Param(hole, "path", True, Shape("string"), doc.loc(op)))
        ordered += [p for (place, _), p in declared.items() if place != "path"]
        return ordered

    def _security(
        self, security: list[Any], default: list[Any], schemes: dict[str, Any], doc: _Doc, op: dict[str, Any]
    ) -> list[Param]:
        """A credential an operation takes other than the API's default: a parameter of its own."""
        usual = {name for requirement in default if isinstance(requirement, dict) for name in requirement}
        names = [name for requirement in security if isinstance(requirement, dict) for name in requirement]
        if not names or any(name in usual for name in names):
            return []
        result = []
        for name in names:
            scheme, scheme_doc = self.resolve(schemes.get(name), doc)
            if not isinstance(scheme, dict):
                continue
            description = scheme.get("description") if isinstance(scheme.get("description"), str) else None
            if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                result.append(Param(name, "header", True, Shape("string"), doc.loc(op), None, description, None, True))
            elif scheme.get("type") == "apiKey" and scheme.get("in") in ("query", "header"):
                place: Place = scheme["in"]
                result.append(Param(str(scheme.get("name")), place, True, Shape("string"), scheme_doc.loc(scheme)))
        return result

    def _variants(self, schema: Any, doc: _Doc) -> list[tuple[Any, _Doc, str | None]] | None:
        """The variants of a ``oneOf``/``anyOf`` schema with each one's ``x-codegen-id``; None
        when the schema is not a union."""
        schema, doc = self.resolve(schema, doc)
        variants = (schema.get("oneOf") or schema.get("anyOf")) if isinstance(schema, dict) else None
        if not isinstance(variants, list) or "properties" in schema:
            return None
        found = []
        for variant in variants:
            resolved, resolved_doc = self.resolve(variant, doc)
            if not _is_null(resolved):
                name = resolved.get("x-codegen-id") if isinstance(resolved, dict) else None
                found.append((resolved, resolved_doc, name if isinstance(name, str) else None))
        return found

    def _bodies(self, body: Any, doc: _Doc) -> tuple[tuple[tuple[Param, ...], ...], tuple[str | None, ...]]:
        body, doc = self.resolve(body, doc)
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            return (), ()
        content = body["content"]
        media = next((m for m in _JSON_TYPES if m in content), None) or next(
            (m for m in content if "json" in str(m)), None
        )
        if media is None or not isinstance(content[media], dict):
            return (), ()
        schema, schema_doc = self.resolve(content[media].get("schema"), doc)
        if not isinstance(schema, dict):
            return (), ()
        variants = self._variants(schema, schema_doc)
        if variants is not None:
            return tuple(self._body(v, d) for v, d, _ in variants), tuple(name for _, _, name in variants)
        return (self._body(schema, schema_doc),), ()

    def _body(self, schema: Any, doc: _Doc) -> tuple[Param, ...]:
        props, required, _ = self._object(schema, doc)
        result = []
        for name, (sub, sub_doc) in props.items():
            resolved, resolved_doc = self.resolve(sub, sub_doc)
            shape = self.shape(resolved, resolved_doc)
            const = None
            if isinstance(resolved, dict) and resolved.get("const") is not None:
                const = _text(resolved["const"])
            description = resolved.get("description") if isinstance(resolved, dict) else None
            result.append(
                Param(
                    name=name,
                    place="body",
                    required=name in required,
                    shape=shape,
                    loc=sub_doc.loc(sub) if isinstance(sub, dict) else resolved_doc.loc(resolved),
                    description=description if isinstance(description, str) else None,
                    const=const,
                )
            )
        return tuple(result)

    def _reply(self, responses: Any, doc: _Doc) -> tuple[str, ...] | None:
        found = self._reply_schema(responses, doc)
        return self._keys(*found) if found is not None else None

    def _replies(self, responses: Any, doc: _Doc) -> list[tuple[tuple[str, ...], str | None]]:
        """The keys of each variant of a ``oneOf`` reply, with its ``x-codegen-id``."""
        found = self._reply_schema(responses, doc)
        variants = self._variants(*found) if found is not None else None
        result = []
        for schema, schema_doc, name in variants or []:
            keys = self._keys(schema, schema_doc)
            if keys is not None:
                result.append((keys, name))
        return result

    def _reply_schema(self, responses: Any, doc: _Doc) -> tuple[Any, _Doc] | None:
        """The schema of the first 2xx reply with JSON content."""
        if not isinstance(responses, dict):
            return None
        for code in sorted(responses, key=str):
            if not str(code).startswith("2"):
                continue
            response, response_doc = self.resolve(responses[code], doc)
            content = response.get("content") if isinstance(response, dict) else None
            if not isinstance(content, dict):
                continue
            media = next((m for m in content if "json" in str(m)), None)
            if media is None or not isinstance(content[media], dict) or "schema" not in content[media]:
                continue
            return content[media]["schema"], response_doc
        return None


def _exclusive(op: dict[str, Any]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    groups = []
    for key in ("x-mutually-exclusive-body-groups", "x-mutually-exclusive-parameter-groups"):
        found = op.get(key)
        if not isinstance(found, dict):
            continue
        for group in found.values():
            variants = group.get("variants") if isinstance(group, dict) else None
            if isinstance(variants, dict):
                groups.append(
                    tuple(tuple(str(n) for n in names) for names in variants.values() if isinstance(names, list))
                )
    return tuple(groups)
