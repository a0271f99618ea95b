"""The resolved, immutable intermediate representation handed to the emitters.

Every ``( )`` reference is resolved by the linker; nothing here points back at
the raw YAML. Names are the ones the docs give in each language; the language
modules turn them into valid identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal

from .diagnostics import Loc
from .records import dataclass, replace, same
from .types import TypeExpr


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """A parameter, property or return value of one language."""

    name: str
    type: TypeExpr | None
    type_text: str | None = None
    optional: bool = False
    description: str | None = None
    # The exact name on the wire: the HTTP reference's key this field is linked to (codegen.wire).
    wire_name: str | None = None
    # Where the value travels in its operation's request; None when not linked (or not a parameter).
    place: Literal["path", "query", "header", "body"] | None = None
    # A body value sent inside an object of the request: the keys that enclose it (``("event",)``
    # for Java's ``action``, a field of the options that stand for the ``event`` object).
    wire_path: tuple[str, ...] = ()
    # The description reference the docs give it (``challenge_factor.sms_template``): the join key.
    doc_key: str | None = None
    # Brought in from a shared definition (``(ctx)``, ``(limit)``): an entry without an id.
    shared: bool = False
    fields: tuple[Field, ...] = ()
    expanded: bool = False
    unwrap: bool = False
    # Keys like ``builder()``: a method of an options class, not a value.
    is_method: bool = False
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class WireParam:
    """One parameter of an HTTP request, as the HTTP reference documents it."""

    name: str
    place: Literal["path", "query", "header", "body"]
    optional: bool = False
    # Optional although the HTTP reference lists it as required: every language that documents
    # it says optional (codegen.wire.optional_keys). Comparisons with the API's own OpenAPI read
    # the HTTP reference as written.
    loosened: bool = False
    # A list sent in the query as the parameter repeated (``domains=a&domains=b``).
    repeated: bool = False
    # The one value a required parameter can take (``grant_type: '"authorization_code"'``): an
    # SDK sends it itself when its language's docs leave the parameter out.
    value: str | None = None
    # The values the HTTP reference allows, when it types the parameter as literals.
    values: tuple[str, ...] = ()
    doc_key: str | None = None
    # The type and description the HTTP reference gives it.
    type: TypeExpr | None = None
    description: str | None = None
    # The keys of a JSON object sent as this parameter.
    fields: tuple[WireParam, ...] = ()
    loc: Loc

    @property
    def required_as_written(self) -> bool:
        """Required as the HTTP reference writes it (a path parameter always), ``loosened`` aside."""
        return self.place == "path" or not self.optional or self.loosened


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpCall:
    """The HTTP request of an operation: method, path template with ``{name}`` holes, parameters."""

    method: str
    path: str
    params: tuple[WireParam, ...] = ()
    # The reply as the HTTP reference documents it: the keys of a reply object it lists inline
    # (with the description key each cites), or the name of the one text value it returns
    # (``url``: a GET that sends the browser somewhere).
    reply_keys: tuple[str, ...] = ()
    reply_doc_keys: tuple[str | None, ...] = ()
    reply_text: str | None = None
    # The host that serves it when that is not the client's base URL (``https://auth.workos.com``):
    # set by following the API's OpenAPI (codegen.openapi.follow); None for the docs' own calls.
    host: str | None = None

    def constants(self, documented: set[str] | frozenset[str] = frozenset()) -> tuple[WireParam, ...]:
        """The fixed-value parameters (``WireParam.value``) whose wire names are not in ``documented``."""
        return tuple(p for p in self.params if p.value is not None and p.name not in documented)


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionClass:
    """An options object taken by an operation (``ChallengeFactorOptions``, ``mfa.ChallengeFactorOpts``)."""

    name: str
    qualifier: str | None = None
    base: str | None = None
    fields: tuple[Field, ...]
    # Methods documented on it, like Java's ``builder()``.
    methods: tuple[Field, ...] = ()
    description: str | None = None
    # True when the docs never name the class (JS ``type: object, unwrap: true``).
    synthesized: bool = False
    area: str = ""
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    id: str | None
    key: str
    # The method name as the title writes it; the key when there is no title.
    name: str
    # The service/module the title calls it on (``mfa``, ``$mfa``, ``mfaService``); None for free functions.
    service: str | None
    title: str | None = None
    url: str | None = None
    description: str | None = None
    http_method: str | None = None
    path: str | None = None
    # The HTTP request, from the HTTP reference entry of the same id (codegen.wire).
    http: HttpCall | None = None
    params: tuple[Field, ...] = ()
    returns: tuple[Field, ...] = ()
    sends_email: bool = False
    page: str
    # The first folder of the page under the spec root: models and option classes are
    # unique per (area, name); the same name may mean different objects in two areas.
    area: str = ""
    loc: Loc

    def constants(self) -> tuple[WireParam, ...]:
        """The fixed-value HTTP parameters this language's docs leave out: the SDK sends them."""
        if self.http is None:
            return ()
        names: set[str] = set()
        stack = list(self.params)
        while stack:
            f = stack.pop()
            if f.wire_name:
                names.add(f.wire_name)
            stack.extend(f.fields)
        return self.http.constants(names)


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """An object the docs define: a response object, a class, an interface."""

    id: str | None
    key: str
    name: str
    kind: Literal["class", "interface", "object"]
    qualifier: str | None = None
    base: str | None = None
    title: str | None = None
    url: str | None = None
    description: str | None = None
    fields: tuple[Field, ...] = ()
    page: str
    area: str = ""
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class Enum:
    """A closed set of string values, declared in one language (codegen.enums)."""

    name: str
    qualifier: str | None = None
    area: str = ""
    # The values as they go on the wire, in the docs' order.
    values: tuple[str, ...]
    description: str | None = None
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageAPI:
    language: str
    operations: tuple[Operation, ...] = ()
    models: tuple[Model, ...] = ()
    options: tuple[OptionClass, ...] = ()
    enums: tuple[Enum, ...] = ()

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(sorted({op.service for op in self.operations if op.service}))


@dataclass(frozen=True, slots=True, kw_only=True)
class API:
    languages: dict[str, LanguageAPI]


def all_fields(api: LanguageAPI) -> Iterator[Field]:
    """Every field of the language's operations (parameters, then returns), models and option
    classes, each before the fields nested in it."""
    for op in api.operations:
        yield from _nested(op.params)
        yield from _nested(op.returns)
    for model in api.models:
        yield from _nested(model.fields)
    for option in api.options:
        yield from _nested(option.fields)


def _nested(fields: tuple[Field, ...]) -> Iterator[Field]:
    # A function of the module's, not one nested in all_fields: that one, calling itself, was a
    # reference cycle holding every field until the collector ran. A stack of the tuples being
    # read, not a generator a level: each field is handed up once.
    stack = [iter(fields)]
    while stack:
        for f in stack[-1]:
            yield f
            if f.fields:
                stack.append(iter(f.fields))
                break
        else:
            stack.pop()


def retyped(fields: tuple[Field, ...], new_type: Callable[[Field], TypeExpr | None]) -> tuple[Field, ...]:
    """``fields`` with each one's type ``new_type(field)``, its own fields retyped first (and
    handed over so): only what changes is copied, and ``fields`` itself when nothing does. A
    function of the module's: a nested one, calling itself, would be a reference cycle."""
    result = []
    for f in fields:
        inner = retyped(f.fields, new_type) if f.fields else f.fields
        g = f if inner is f.fields else replace(f, fields=inner)
        typ = new_type(g)
        result.append(g if typ is g.type else replace(g, type=typ))
    return fields if same(result, fields) else tuple(result)
