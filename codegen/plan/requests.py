"""Each operation's request, decided once for every language.

For an operation of one language's model this says everything a method body needs: the HTTP
method; the path, piece by piece, each placeholder filled by a value; the query, headers and
JSON body (a tree: a language object that stands for an HTTP object parameter is sent under its
key); the fixed values and client settings the language's docs leave out; what the reply is
(nothing, a decoded object, one key of an object, a page of a list, or a URL built without a
request); whether the request may be retried and whether it generates an idempotency key. Each
value goes where its wire parameter goes (path, query, header or JSON body: for every HTTP method),
a list in the query as the wire encodes it (the key repeated, or one comma-separated value), and
the request to the host the wire names when that is not the client's base URL.

Every value comes from a method parameter, reached by a chain of :class:`Step`s (a parameter,
then fields of inline objects, option classes or request models), from a constant the HTTP
reference gives, or from a client setting. Languages spell the chain (``opts.FactorID``,
``options.getSmsTemplate()``, ``$smsTemplate``); the decisions are made here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import Literal

from ..ir import Enum, Field, HttpCall, LanguageAPI, Model, Operation, OptionClass, WireParam
from ..naming import normalized
from ..records import dataclass, replace
from ..samples import Declarations, declared_fields, request_declaration
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..wire import IDEMPOTENCY_HEADER

Place = Literal["path", "query", "header", "body"]
ValueKind = Literal["string", "int", "number", "bool", "datetime", "enum", "list", "map", "object", "any"]

# Methods a client may send twice without harm (RFC 9110), so a failed attempt is retried.
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
# HTTP parameters an SDK fills from its client's settings when the docs of a language leave them
# out: the OAuth client of the login flows (every real SDK sends both; the secret is the API key).
SETTINGS = {"client_id": "client_id", "client_secret": "api_key"}
_HOLE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class Step:
    """One step from a method's parameter down to a value: the parameter, then a field."""

    name: str  # as the docs write it
    optional: bool  # may be absent: what lies below is read (and sent) only when it is there
    type: TypeExpr | None = None
    # A parameter whose fields are the call's arguments (docs ``unwrap: true``).
    unwrapped: bool = False


@dataclass(frozen=True, slots=True)
class Value:
    """What one part of the request carries: a value of the call, a fixed value, or a setting."""

    wire: str  # the exact wire name (a header's name)
    place: Place
    steps: tuple[Step, ...] = ()
    constant: str | None = None
    setting: str | None = None  # "client_id" | "api_key"
    kind: ValueKind = "string"
    item_kind: ValueKind | None = None  # a list's items
    # Sent only when set (an optional value, or one read through an optional step).
    optional: bool = False
    # A list in the query: the key repeated, once per item (``a=1&a=2``) ...
    repeated: bool = False
    # ... or the key once, its items joined by commas (``a=1,2``: OpenAPI's ``explode: false``).
    comma_separated: bool = False
    # The values of a closed set that are integers (written as numbers in a query or path).
    numeric_enum: bool = False

    @property
    def leaf(self) -> Step | None:
        return self.steps[-1] if self.steps else None


@dataclass(frozen=True, slots=True)
class BodyKey:
    """One key of the JSON body: a value, or an object of further keys."""

    wire: str
    value: Value | None = None
    keys: tuple[BodyKey, ...] = ()


@dataclass(frozen=True, slots=True)
class PathPart:
    text: str = ""  # literal text of the path template
    value: Value | None = None  # a placeholder's value (None: literal text)


@dataclass(frozen=True, slots=True)
class Reply:
    """What the method returns of the reply."""

    kind: Literal["none", "json", "unwrap", "page", "url"]
    # The returned type as the docs of the language write it (None: nothing).
    type: TypeExpr | None = None
    # ``unwrap``: the one key of the reply object whose value is the result.
    key: str = ""
    # ``page``: the item type of the list and the page type it comes in.
    item: TypeExpr | None = None
    # ``url`` returned as an object of setters (a builder): the optional query values it sets,
    # each read from its setter's one argument; its ``build()`` gives the URL.
    setters: tuple[Value, ...] = ()


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: tuple[PathPart, ...]
    query: tuple[Value, ...]
    headers: tuple[Value, ...]
    body: tuple[BodyKey, ...]
    # Whether a JSON body is sent at all (an empty object for a POST without body parameters).
    has_body: bool
    reply: Reply
    # Retried on 429/5xx by method; a request with an idempotency key is retried too.
    idempotent: bool
    # A request that must not run twice: an idempotency key is generated when none is given.
    auto_idempotency_key: bool
    # Required HTTP parameters nothing fills: the call cannot send them (reported).
    unfilled: tuple[WireParam, ...] = ()
    # Path placeholders no parameter fills (written as they are; reported by the linker).
    holes: tuple[str, ...] = ()
    # The absolute URL the operation is served at when it is not the client's base URL
    # (``https://auth.workos.com``): the request, or the URL a URL builder builds, goes there.
    host: str | None = None

    @property
    def url_only(self) -> bool:
        """A URL builder: the URL is built locally (query encoded), no request is made."""
        return self.reply.kind == "url"

    def values(self) -> Iterator[Value]:
        """Every value the request carries (path, query, headers, body leaves, and what a URL
        builder object sets)."""
        yield from (p.value for p in self.path if p.value is not None)
        yield from self.query
        yield from self.reply.setters
        yield from self.headers
        stack = list(self.body)
        while stack:
            key = stack.pop(0)
            if key.value is not None:
                yield key.value
            stack[:0] = key.keys


@dataclass
class _Leaves:
    found: list[Value] = field(default_factory=list)
    parents: dict[int, tuple[str, ...]] = field(default_factory=dict)  # id(value) -> enclosing wire keys
    # The HTTP call's parameters by (place, wire name): how a list in the query is encoded.
    wire: dict[tuple[str, str], WireParam] = field(default_factory=dict)


def request(op: Operation, api: LanguageAPI, decls: Declarations | None = None) -> Request | None:
    """The request of ``op`` (None when the HTTP reference gives it none)."""
    http = op.http
    if http is None:
        return None
    decls = decls or Declarations.of(api)
    leaves = _Leaves(wire={(p.place, p.name): p for p in http.params})
    for documented_param in op.params:
        _walk(documented_param, (), decls, leaves, seen=frozenset())
    _absent_when_unset(leaves, http)
    by_wire = {(v.place, v.wire): v for v in leaves.found}
    documented = {v.wire for v in leaves.found}
    constants: list[Value] = []
    unfilled: list[WireParam] = []
    for param in http.params:
        if param.name in documented or param.place == "path":
            continue
        if param.value is not None:
            constants.append(Value(param.name, param.place, constant=param.value))
        elif param.name in SETTINGS:
            constants.append(Value(param.name, param.place, setting=SETTINGS[param.name], optional=param.optional))
        elif not param.optional:
            unfilled.append(param)
    path: list[PathPart] = []
    holes: list[str] = []
    for index, piece in enumerate(_HOLE.split(http.path)):
        if index % 2 == 0:
            if piece:
                path.append(PathPart(text=piece))
            continue
        value = by_wire.get(("path", piece))
        if value is None:
            holes.append(piece)
            path.append(PathPart(text="{" + piece + "}"))
        else:
            path.append(PathPart(value=value))
    query = [v for v in leaves.found if v.place == "query"] + [c for c in constants if c.place == "query"]
    headers = [v for v in leaves.found if v.place == "header"] + [c for c in constants if c.place == "header"]
    body_values = [v for v in leaves.found if v.place == "body"] + [c for c in constants if c.place == "body"]
    body = _tree([(leaves.parents.get(id(v), ()), v) for v in body_values])
    method = http.method.upper()
    reply = _reply(op, api, decls)
    idempotency = any(v.wire == IDEMPOTENCY_HEADER for v in headers)
    return Request(
        method=method,
        path=tuple(path),
        query=tuple(query),
        headers=tuple(headers),
        body=body,
        has_body=bool(body) or method in ("POST", "PUT", "PATCH"),
        reply=reply,
        idempotent=method in IDEMPOTENT,
        auto_idempotency_key=idempotency and method not in IDEMPOTENT,
        unfilled=tuple(unfilled),
        holes=tuple(holes),
        host=http.host,
    )


def _absent_when_unset(leaves: _Leaves, http: HttpCall) -> None:
    """A text value the wire takes as optional is sent only when set, though the language's
    docs call it required: the HTTP reference (or the API, when followed) says what the request
    must carry, and a required parameter is set whenever the call is made, so only a language
    that cannot tell unset from empty (Go's ``""``) sends less than before. Numbers, booleans
    and lists are sent as given (``false``, ``0`` and ``[]`` can mean something)."""
    optional = {(p.place, p.name) for p in http.params if p.optional and p.place != "path"}
    for index, value in enumerate(leaves.found):
        text = value.kind in ("string", "enum", "datetime")
        if text and not value.optional and (value.place, value.wire) in optional and value.steps:
            loose = replace(value, optional=True)
            if id(value) in leaves.parents:
                leaves.parents[id(loose)] = leaves.parents.pop(id(value))
            leaves.found[index] = loose


def _tree(items: list[tuple[tuple[str, ...], Value]]) -> tuple[BodyKey, ...]:
    """Body values under their enclosing keys (``event.action`` is ``action`` inside ``event``),
    in the order they come; a key given both as a value and as an object is the value."""
    order: list[str] = []
    direct: dict[str, Value] = {}
    nested: dict[str, list[tuple[tuple[str, ...], Value]]] = {}
    for parents, value in items:
        head = parents[0] if parents else value.wire
        if head not in order:
            order.append(head)
        if parents:
            nested.setdefault(head, []).append((parents[1:], value))
        else:
            direct.setdefault(head, value)
    result = []
    for key in order:
        if key in direct:
            result.append(BodyKey(key, value=direct[key]))
        else:
            result.append(BodyKey(key, keys=_tree(nested[key])))
    return tuple(result)


def _walk(
    f: Field,
    steps: tuple[Step, ...],
    decls: Declarations,
    out: _Leaves,
    *,
    seen: frozenset[str],
) -> None:
    """Every field below ``f`` that goes on the wire, with the steps that reach it."""
    if f.is_method:
        return
    optional = f.optional or isinstance(f.type, Nullable)
    here = (*steps, Step(f.name, optional, f.type, unwrapped=f.unwrap))
    if f.place is not None and f.wire_name is not None:
        value = _value(f, here, decls, out.wire.get((f.place, f.wire_name)))
        out.found.append(value)
        if f.wire_path:
            out.parents[id(value)] = f.wire_path
        return
    if f.fields:
        for child in f.fields:
            _walk(child, here, decls, out, seen=seen)
        return
    decl = request_declaration(f.type, decls)
    if decl is not None and decl.name not in seen:
        for child in declared_fields(decl, decls):
            _walk(child, here, decls, out, seen=seen | {decl.name})


def _value(f: Field, steps: tuple[Step, ...], decls: Declarations, wire: WireParam | None) -> Value:
    """The value of ``f``; a list in the query is encoded as its wire parameter says (the key
    repeated when no parameter of the call is its own)."""
    kind, item, numeric = value_kind(f.type, decls)
    assert f.place is not None and f.wire_name is not None
    listed = f.place == "query" and kind == "list"
    repeated = listed and (wire is None or wire.repeated)
    return Value(
        wire=f.wire_name,
        place=f.place,
        steps=steps,
        kind=kind,
        item_kind=item,
        optional=any(s.optional for s in steps),
        repeated=repeated,
        comma_separated=listed and not repeated,
        numeric_enum=numeric,
    )


def value_kind(expr: TypeExpr | None, decls: Declarations) -> tuple[ValueKind, ValueKind | None, bool]:
    """How a value of this type is written as text (query, path): its kind, a list's item kind,
    and whether it is a closed set of integers."""
    while isinstance(expr, Nullable):
        expr = expr.inner
    if expr is None:
        return "any", None, False
    if isinstance(expr, Prim):
        return (
            {"string": "string", "int": "int", "number": "number", "bool": "bool", "datetime": "datetime"}.get(
                expr.name, "object" if expr.name == "object" else "any"
            ),  # type: ignore[return-value]
            None,
            False,
        )
    if isinstance(expr, LiteralOf):
        return "enum", None, all(re.fullmatch(r"-?[0-9]+", v) for v in expr.values) and bool(expr.values)
    if isinstance(expr, ListOf):
        item, _, numeric = value_kind(expr.item, decls)
        return "list", item, numeric
    if isinstance(expr, MapOf):
        return "map", None, False
    if isinstance(expr, UnionOf):
        return "any", None, False
    decl = decls.find(expr)
    if isinstance(decl, Enum):
        return "enum", None, bool(decl.values) and all(re.fullmatch(r"-?[0-9]+", v) for v in decl.values)
    return "object", None, False


# --- the reply --------------------------------------------------------------------------------


def _returned(op: Operation) -> Field | None:
    """The one returned value (an ``error`` result is the language's failure channel)."""
    found = [r for r in op.returns if not r.is_method and not _is_error(r.type)]
    return found[0] if found else None


def _is_error(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Named) and expr.name == "error" and not expr.qualifier


def _reply(op: Operation, api: LanguageAPI, decls: Declarations) -> Reply:
    returned = _returned(op)
    if returned is None or (isinstance(returned.type, Prim) and returned.type.name == "void"):
        return Reply("none")
    expr = unwrap_async(returned.type)
    if is_url_builder(op, returned):
        wire = {(p.place, p.name): p for p in op.http.params} if op.http is not None else {}
        setters = tuple(
            _value(f, (Step(f.name, True, f.type),), decls, wire.get(("query", f.wire_name)))
            for f in returned.fields
            if f.place == "query" and f.wire_name
        )
        return Reply("url", expr, setters=setters)
    item = page_item(op, returned, decls)
    if item is not None:
        return Reply("page", expr, item=item)
    key = _unwrapped_key(op, returned, expr)
    if key is not None:
        return Reply("unwrap", expr, key=key)
    return Reply("json", expr)


def unwrap_async(expr: TypeExpr | None) -> TypeExpr | None:
    """``Task<T>`` and ``Promise<T>`` (an async result the docs spell) are ``T``."""
    while isinstance(expr, Named) and expr.name in ("Task", "Promise", "CompletableFuture") and len(expr.args) == 1:
        expr = expr.args[0]
    return expr


def is_url_builder(op: Operation, returned: Field) -> bool:
    """A GET the HTTP reference documents as returning one URL (the browser is sent there: an
    authorization, logout or JWKS URL), which the language returns as text or a URL: the SDK
    builds the URL itself and makes no request."""
    http = op.http
    if http is None or http.method.upper() != "GET" or not http.reply_text:
        return False
    if not normalized(http.reply_text).endswith("url"):
        return False
    built = [f for f in returned.fields if f.is_method]  # Java's builder: ``build()`` returns the URL
    sets = any(f.place == "query" for f in returned.fields)  # an object of setters for the query
    return _is_url_type(returned.type) or any(_is_url_type(f.type) for f in built) or sets


def _is_url_type(expr: TypeExpr | None) -> bool:
    expr = unwrap_async(expr)
    while isinstance(expr, Nullable):
        expr = expr.inner
    if isinstance(expr, Prim):
        return expr.name == "string"
    return isinstance(expr, Named) and expr.name.lower() in ("url", "uri")


def page_item(op: Operation, returned: Field, decls: Declarations) -> TypeExpr | None:
    """The item type of a list operation, None for any other: a GET whose query takes the
    ``after`` cursor and whose reply is a page: an object with a ``data`` list and
    ``list_metadata`` (a model, or described inline), a generic list envelope the docs never
    define (``WorkOSList<User>``), or a list (``User[]``: the page's items)."""
    http = op.http
    if http is None or http.method.upper() != "GET":
        return None
    if not any(p.place == "query" and p.name == "after" for p in http.params):
        return None
    expr = unwrap_async(returned.type)
    while isinstance(expr, Nullable):
        expr = expr.inner
    if returned.fields:
        # The docs' own shape of a page (PHP's [before, after, data]) when the wire's is the envelope.
        enveloped = {"data", "list_metadata"} <= set(http.reply_keys)
        return _data_item(returned.fields, enveloped=enveloped)
    if isinstance(expr, ListOf):
        return expr.item
    if not isinstance(expr, Named):
        return None
    decl = decls.find(expr)
    if isinstance(decl, (Model, OptionClass)):
        return _data_item(tuple(declared_fields(decl, decls)))
    if decl is None and len(expr.args) == 1 and "list" in expr.name.lower():
        return expr.args[0]
    return None


def _data_item(fields: tuple[Field, ...], *, enveloped: bool = False) -> TypeExpr | None:
    keys = {f.wire_name or f.name: f for f in fields}
    data = keys.get("data")
    if data is None or ("list_metadata" not in keys and not enveloped):
        return None
    inner = data.type.inner if isinstance(data.type, Nullable) else data.type
    return inner.item if isinstance(inner, ListOf) else None


def _unwrapped_key(op: Operation, returned: Field, expr: TypeExpr | None) -> str | None:
    """The key of a one-key reply object whose value the language returns (``generateLink()``
    returns the ``link`` of ``{"link": ...}``): the docs return a plain value (text, a number,
    a list) that cites that key's description or has its name."""
    keys = op.http.reply_keys if op.http else ()
    if len(keys) != 1:
        return None
    while isinstance(expr, Nullable):
        expr = expr.inner
    if not isinstance(expr, (Prim, ListOf, LiteralOf)) or (isinstance(expr, Prim) and expr.name == "object"):
        return None
    (key,) = keys
    cited = op.http.reply_doc_keys[0] if op.http and op.http.reply_doc_keys else None
    if (returned.doc_key and cited and returned.doc_key == cited) or normalized(returned.name) == normalized(key):
        return key
    return None
