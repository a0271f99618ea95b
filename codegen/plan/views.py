"""The views templates receive: frozen dataclasses of plain values (str, int, bool, tuples of
views). They are the templates' documented contract, and the only thing a template sees: never
an IR model or an object with methods (a template override is untrusted code).

Everything here is already decided by the plan (``codegen/plan/requests.py``) and spelled in the
language by its tables and hooks (``codegen/plan/spell.py``); a template only shapes it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..records import dataclass


@dataclass(frozen=True, slots=True)
class ValueView:
    """One value a request carries."""

    wire: str  # the exact wire name (a header's name)
    place: str  # "path" | "query" | "header" | "body"
    # The language's expression of the value: an argument read through its parameter
    # (``opts.FactorID``), a fixed value as a literal, a client setting (``c.API.ClientID``).
    expr: str
    source: str  # "argument" | "constant" | "setting"
    # How it is written as text (query, path, header): string, int, number, bool, datetime, enum,
    # list, map, object or any; a list's items' kind; a closed set of integers.
    kind: str
    item_kind: str
    numeric_enum: bool
    # Sent only when set; ``guards`` are the language's conditions for reading ``expr`` at all
    # (an optional object on the way is there), outermost first.
    optional: bool
    guards: tuple[str, ...]
    # A list in the query: the key once per item (``a=1&a=2``) ...
    repeated: bool
    # The language's type of ``expr`` (empty for constants and settings).
    type: str
    # For a constant: its text; for a setting: "client_id" or "api_key".
    constant: str
    setting: str
    # ... or the key once, the items' texts joined by commas (``a=1,2``; OpenAPI's
    # ``explode: false``); an empty list is left out, as it is when repeated.
    comma_separated: bool = False


@dataclass(frozen=True, slots=True)
class BodyKeyView:
    """One key of the JSON body: a value, or an object of further keys."""

    wire: str
    value: ValueView | None
    keys: tuple[BodyKeyView, ...]


@dataclass(frozen=True, slots=True)
class PathPartView:
    text: str  # literal text (when ``value`` is None)
    value: ValueView | None


@dataclass(frozen=True, slots=True)
class RequestView:
    """An operation's request and what its method returns of the reply."""

    method: str
    # The path template with ``{wire}`` holes (for tables and docs) and its parts.
    template: str
    path: tuple[PathPartView, ...]
    query: tuple[ValueView, ...]
    headers: tuple[ValueView, ...]
    body: tuple[BodyKeyView, ...]
    # Whether a JSON body is sent (an empty object for a POST without body parameters).
    has_body: bool
    # none | json (decode the reply) | unwrap (the value of one key) | page (a page of a list,
    # auto-paginated) | url (a URL built locally: no request is made).
    reply: str
    reply_key: str
    # The language's type of the result, of a page's items, and of the page.
    result_type: str
    item_type: str
    # The method may be sent again on 429/5xx (by its HTTP method).
    idempotent: bool
    # An idempotency key is generated when the call gives none (a request that must not run twice).
    auto_idempotency_key: bool
    # ``url`` returned as a builder: the optional query values it sets, one setter each, named as
    # the value's expression (its one argument); the builder's ``build()`` gives the URL.
    setters: tuple[ValueView, ...] = ()
    # The absolute URL the operation is served at, in place of the client's base URL
    # (``https://auth.workos.com``; "" for the base URL): requests go there, URL builders build on it.
    host: str = ""

    @property
    def values(self) -> tuple[ValueView, ...]:
        """Every value of the request, path first, then query, headers and body leaves."""
        found = [p.value for p in self.path if p.value is not None]
        found += [*self.query, *self.headers]
        stack = list(self.body)
        while stack:
            key = stack.pop(0)
            if key.value is not None:
                found.append(key.value)
            stack[:0] = key.keys
        return tuple(found)


@dataclass(frozen=True, slots=True)
class ImportView:
    """Names one file uses from another scope (a module, package or namespace)."""

    scope: str  # the spelled scope (``mfa``, ``Example.WorkOS.Mfa``, ``models.mfa``)
    docs_scope: str  # the docs' scope (an area or qualifier; "externals" for stand-ins)
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldView:
    """A field of a model, option class or inline object."""

    name: str  # the language's identifier
    docs_name: str
    type: str  # the language's type (optional fields as the language writes them)
    optional: bool  # may be absent (the docs say optional, or the type is nullable)
    nullable: bool  # the docs' type itself admits null
    wire: str  # the JSON key or parameter name ("" when the HTTP reference gives none)
    # The HTTP reference documents the object without this field: not sent, left out of JSON.
    not_on_wire: bool
    # The HTTP reference does not document the object at all: the wire name is the docs name.
    wire_guessed: bool
    place: str  # "" | "path" | "query" | "header" | "body"
    doc: str  # the docs' description (raw text: templates escape it)
    kind: str  # value kind (see ValueView)
    # The type is a declaration of the SDK (a model, option class, enum, inline object).
    declared: bool
    docs_type: str = ""  # the type as the docs spell it ("" when they give none)
    values: tuple[str, ...] = ()  # the values a union of literals in the type allows
    # The language writes the docs' type otherwise (its ``reinterpretation`` hook judges a node).
    reinterpreted: bool = False
    # Another field of the declaration (this identifier) has the same wire name: left off the wire.
    wire_taken_by: str = ""


@dataclass(frozen=True, slots=True)
class ConstantView:
    """A value of an enum."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class DeclView:
    """A type the SDK declares."""

    kind: str  # "model" | "options" | "enum" | "inline" | "standin"
    name: str
    docs_name: str
    scope: str  # spelled scope
    docs_scope: str
    area: str
    doc: str
    url: str
    base: str  # the spelled base class ("" none)
    fields: tuple[FieldView, ...]
    constants: tuple[ConstantView, ...]
    # Values of an enum are integers (written as numbers).
    numeric: bool
    # The HTTP reference documents this object or request (some field has a wire name).
    wire_documented: bool
    # A page of a list (``data`` and ``list_metadata``): its items' type ("" otherwise).
    page_item: str
    # A stand-in's type parameters (``WorkOSList<T>``: 1).
    arity: int
    imports: tuple[ImportView, ...]


@dataclass(frozen=True, slots=True)
class ParamView:
    """A parameter of a method."""

    name: str
    docs_name: str
    type: str
    optional: bool
    doc: str
    # "data" (a value), "options" (an option class or request model: its fields go on the wire),
    # "unwrapped" (an object whose fields are the call's arguments), "context" (Go ctx),
    # "cancellation" (.NET), "machinery" (other language machinery, not sent).
    role: str
    wire: str
    place: str
    # The fields of an ``unwrapped`` parameter (they are the call's arguments).
    fields: tuple[ParamView, ...]


@dataclass(frozen=True, slots=True)
class MethodView:
    name: str
    docs_name: str
    key: str
    id: str
    title: str
    doc: str
    url: str
    sends_email: bool
    params: tuple[ParamView, ...]
    # The language's result type ("" when the method returns nothing).
    result: str
    result_doc: str
    request: RequestView | None
    # The name of the method that goes through every item of a list (``ListUsersIter``), "" if none.
    pages_name: str

    @property
    def arguments(self) -> tuple[ParamView, ...]:
        """The call's parameters: an unwrapped object's fields are parameters themselves."""
        return tuple(f for p in self.params for f in (p.fields if p.role == "unwrapped" else (p,)))


@dataclass(frozen=True, slots=True)
class ServiceView:
    name: str  # the service's class or module name
    docs_name: str
    module: str  # its file stem
    attribute: str  # its name on the client
    methods: tuple[MethodView, ...]
    imports: tuple[ImportView, ...]
    # The spelled scope its methods live in where services share their types' scope (a Go
    # package); "" where a service is a file of its own.
    scope: str = ""


@dataclass(frozen=True, slots=True)
class ScopeView:
    name: str
    docs_name: str
    decls: tuple[DeclView, ...]
    imports: tuple[ImportView, ...]


@dataclass(frozen=True, slots=True)
class SdkView:
    language: str
    scopes: tuple[ScopeView, ...]
    services: tuple[ServiceView, ...]
    # The stand-ins for types the docs never define (also in their scope's decls).
    standins: tuple[DeclView, ...]

    def example(
        self, reply: str, accept: Callable[[MethodView], bool] = lambda method: True
    ) -> tuple[ServiceView, MethodView] | None:
        """The README's example call: the first GET (by service and method) whose reply is
        ``reply`` ("json": an object; "page": a list) and that ``accept`` takes."""
        for service in self.services:
            for method in service.methods:
                request = method.request
                if request is not None and request.method == "GET" and request.reply == reply and accept(method):
                    return service, method
        return None


@dataclass(frozen=True, slots=True)
class LiteralView:
    """A sample value written as a literal of its type (usage snippets, conformance programs)."""

    # "string" | "int" | "number" | "bool" | "null" | "datetime" | "enum" | "object" (an
    # instance of a declared type) | "map" (a JSON object held as a map) | "list" | "any"
    kind: str
    text: str  # a scalar's raw text (templates escape it), "" otherwise
    type: str  # the language's type of the value ("" when it has none)
    constant: str  # an enum value's constant ("" when the enum has none)
    # An object's fields (its identifiers) or a map's keys (raw text), with their values.
    entries: tuple[tuple[str, LiteralView], ...]
    items: tuple[LiteralView, ...]  # a list's
    # The kind of declaration the value's type names ("model", "options", "inline", "enum",
    # "standin"; "" for none): an option class may be built otherwise than a model (a builder).
    declaration: str = ""
    # The language's type of the field or parameter the value fills, written as the language
    # writes an optional or nullable one (Go's ``*bool`` for ``true``: a pointer to it); for a
    # list's item or a map's value, the type of the item or value. "" for null.
    slot: str = ""


@dataclass(frozen=True, slots=True)
class ArgView:
    """One argument of a sample call: a parameter and its value."""

    param: ParamView
    value: LiteralView


@dataclass(frozen=True, slots=True)
class CallView:
    """A call of one method with sample arguments: what a usage snippet shows."""

    service: ServiceView
    method: MethodView
    args: tuple[ArgView, ...]
    # The declarations the values name, by scope (the snippet's imports).
    imports: tuple[ImportView, ...]
