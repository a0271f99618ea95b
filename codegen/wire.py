"""The HTTP wire, from the HTTP reference: one model of each operation across languages.

The curl entries are the HTTP reference. For every operation id they give the method, the
path template and the wire parameters; every language entry with the same id is the same
operation, so its fields are linked to those wire parameters, which gives each field its
place (path, query, body) and its exact wire name:

1. by description key: a language field and a wire parameter that cite the same description
   (``(challenge_factor.authentication_factor_id)``) are the same value;
2. else by normalised name (``authenticationFactorId`` = ``authentication_factor_id``);
3. else, for a path parameter still unclaimed, the one unclaimed field whose name ends with
   the placeholder's (``organizationId`` for ``:id``) when there is exactly one.

Objects join the same way: a language model and the curl object of the same id (else of the
same normalised name) share fields, and the curl keys are the JSON keys.

A field that cannot be linked keeps no wire name (a warning says so; nothing is invented).
Fields that describe the language's machinery rather than data (a Go ``ctx``, a .NET
``cancellationToken``, Java's ``builder()``: their descriptions live under a language's
namespace, ``(go.context)``) are not parameters of the request; a shared definition that the
request does not take (``(ctx)`` without such a description) is left unlinked without a word.

This stage knows no emitter; it runs after the linker, one language at a time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import field
from typing import Any, Literal

from .diagnostics import Diagnostics, Loc
from .ir import Field, HttpCall, LanguageAPI, Model, Operation, OptionClass, WireParam
from .link.descriptions import ref_name
from .naming import normalized
from .records import dataclass, replace
from .spec import SpecEntry, nested_items
from .types import ANY, STRING, ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr

# The header of a request's idempotency key (the docs describe it in prose).
IDEMPOTENCY_HEADER = "Idempotency-Key"

# Methods whose parameters, outside the path, travel in the query string.
QUERY_METHODS = frozenset({"GET", "DELETE", "HEAD"})
_PLACEHOLDER = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _is_list(expr: TypeExpr | None) -> bool:
    while isinstance(expr, Nullable):
        expr = expr.inner
    return isinstance(expr, ListOf)


def http_call(op: Operation, languages: frozenset[str], optional: frozenset[str] = frozenset()) -> HttpCall | None:
    """The wire of one curl operation: placeholders become path parameters, the rest query or body.
    ``optional``: description keys some language documents as optional (:func:`optional_keys`)."""
    if not op.http_method or not op.path:
        return None
    holes = [a or b for a, b in _PLACEHOLDER.findall(op.path)]
    params: list[WireParam] = []
    bound: dict[str, str] = {}  # placeholder -> wire name
    data = [f for f in op.params if not f.is_method and not _machinery(f, languages)]
    for hole in holes:
        exact = [f for f in data if f.name == hole]
        suffixed = [f for f in data if f.name.endswith("_" + hole) and f.name not in bound.values()]
        chosen = exact[0] if exact else (suffixed[0] if len(suffixed) == 1 else None)
        bound[hole] = chosen.name if chosen else hole
    template = _PLACEHOLDER.sub(lambda m: "{" + bound[m.group(1) or m.group(2)] + "}", op.path)
    in_path = set(bound.values())
    place_rest: Literal["query", "body"] = "query" if op.http_method in QUERY_METHODS else "body"
    for f in data:
        place = "path" if f.name in in_path else place_rest
        params.append(
            WireParam(
                name=f.name,
                place=place,
                optional=(f.optional or f.doc_key in optional) and place != "path",
                loosened=not f.optional and f.doc_key in optional and place != "path",
                repeated=place == "query" and _is_list(f.type),
                value=_constant(f),
                values=f.type.values if isinstance(f.type, LiteralOf) else (),
                doc_key=f.doc_key,
                type=f.type,
                description=f.description,
                fields=_object_keys(f.fields, place),
                loc=f.loc,
            )
        )
    documented = {p.name for p in params}
    for hole in holes:  # a placeholder the reference lists no parameter for is still a parameter
        if bound[hole] not in documented:
            params.insert(0, WireParam(name=bound[hole], place="path", doc_key=None, loc=op.loc))
            documented.add(bound[hole])
    reply = op.returns[0] if op.returns else None
    keys = tuple(f for f in reply.fields if not f.is_method) if reply is not None else ()
    text = (
        reply.name
        if reply is not None and not keys and isinstance(reply.type, Prim) and reply.type.name == "string"
        else None
    )
    return HttpCall(
        method=op.http_method,
        path=template,
        params=tuple(params),
        reply_keys=tuple(f.name for f in keys),
        reply_doc_keys=tuple(f.doc_key for f in keys),
        reply_text=text,
    )


def _constant(f: Field) -> str | None:
    """The value of a required parameter typed as one literal (``'"authorization_code"'``)."""
    expr = f.type
    if f.optional or not isinstance(expr, LiteralOf) or len(expr.values) != 1:
        return None
    return expr.values[0]


def _object_keys(fields: tuple[Field, ...], place: Literal["path", "query", "body"]) -> tuple[WireParam, ...]:
    return tuple(
        WireParam(
            name=f.name,
            place=place,
            optional=f.optional,
            doc_key=f.doc_key,
            type=f.type,
            fields=_object_keys(f.fields, place),
            loc=f.loc,
        )
        for f in fields
        if not f.is_method
    )


def _machinery(f: Field, languages: frozenset[str]) -> bool:
    """A field about the language's machinery (``ctx``), not the request: its description key
    lives under a language's namespace (``go.context``)."""
    return bool(f.doc_key) and f.doc_key.split(".", 1)[0] in languages  # type: ignore[union-attr]


@dataclass
class WireIndex:
    """The HTTP reference, indexed: calls by operation id, object keys by object id and name."""

    calls: dict[str, HttpCall] = field(default_factory=dict)
    objects: dict[str, list[Model]] = field(default_factory=dict)
    objects_by_name: dict[str, list[Model]] = field(default_factory=dict)
    # The keys of each HTTP operation's reply when the HTTP reference lists them inline.
    replies: dict[str, tuple[Field, ...]] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    # The language whose entries are the HTTP reference (None: no language is, and nothing has a wire).
    reference: str | None = None
    # Description keys of parameters some language documents as optional (optional_keys).
    optional: frozenset[str] = frozenset()


def optional_keys(entries: Iterable[SpecEntry]) -> frozenset[str]:
    """The description keys of parameters (and their properties, at any depth) that every one of
    these entries citing them documents as optional. A parameter the HTTP reference lists without
    ``optional`` is optional on the wire when every language that documents it says so: the HTTP
    reference then disagrees with all of them (``role_slug`` and ``role_slugs``, each described as
    excluding the other, both listed as required), and a call must not be refused, nor a value
    required, for want of it. ``codegen lint`` reports the disagreement."""
    optional: set[str] = set()
    required: set[str] = set()
    for item in (item for entry in entries for item in nested_items(entry.parameters)):
        key = ref_name(item.description or "")
        if key is not None:
            (optional if item.optional else required).add(key)
    return frozenset(optional - required)


def index(curl: LanguageAPI | None, languages: frozenset[str], optional: frozenset[str] = frozenset()) -> WireIndex:
    result = WireIndex(languages=languages, optional=optional)
    if curl is None:
        return result
    result.reference = curl.language
    for op in curl.operations:
        call = http_call(op, languages, optional)
        if call is not None and op.id and op.id not in result.calls:
            result.calls[op.id] = call
            if op.returns and op.returns[0].fields:
                result.replies[op.id] = op.returns[0].fields
    for model in curl.models:
        if model.id:
            result.objects.setdefault(model.id, []).append(model)
        result.objects_by_name.setdefault(normalized(model.name), []).append(model)
    return result


def _nearest(candidates: list[Model], model: Model) -> Model | None:
    """The curl object for ``model``: on the same page, else in the same area, else the first."""
    for same in (lambda c: c.page == model.page, lambda c: c.area == model.area, lambda c: True):
        found = [c for c in candidates if same(c)]
        if found:
            return found[0]
    return None


@dataclass
class _Matcher:
    """Links language fields to wire parameters, first by description key, then by name."""

    by_key: dict[str, WireParam]
    by_name: dict[str, WireParam]
    by_exact: dict[str, WireParam] = field(default_factory=dict)
    claimed: set[str] = field(default_factory=set)
    # A description key several of the fields cite (a copy in the docs) -> the one of them named
    # as the parameter citing it: only that one is linked by the key; the others by their names.
    owners: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, params: tuple[WireParam, ...], fields: Iterable[Field] = ()) -> _Matcher:
        """``fields``: the language fields to be linked, when known (see ``owners``)."""
        by_key: dict[str, WireParam] = {}
        by_name: dict[str, WireParam] = {}
        for param in params:
            if param.doc_key:
                by_key.setdefault(param.doc_key.lower(), param)
            by_name.setdefault(normalized(param.name), param)
        citing: dict[str, list[Field]] = {}
        for f in fields:
            if f.doc_key and not f.is_method:
                citing.setdefault(f.doc_key.lower(), []).append(f)
        owners = {}
        for key, same in citing.items():
            cited = by_key.get(key)
            if len(same) > 1 and cited is not None:
                named = [f for f in same if normalized(f.name) == normalized(cited.name)]
                owners[key] = named[0].name if named else same[0].name
        return cls(by_key, by_name, {param.name: param for param in reversed(params)}, owners=owners)

    def find(self, f: Field) -> WireParam | None:
        """The first unclaimed of: the parameter citing the same description, the one of the same
        name, of the same normalised name, named like the description's last key."""
        key = f.doc_key.lower() if f.doc_key else None
        cites = key is not None and self.owners.get(key, f.name) == f.name  # its description is its own
        candidates = [
            self.by_key.get(key) if key and cites else None,
            self.by_exact.get(f.name),
            self.by_name.get(normalized(f.name)),
            self.by_name.get(normalized(key.rsplit(".", 1)[-1])) if key and cites else None,
        ]
        return next((c for c in candidates if c is not None and c.name not in self.claimed), None)

    def claim(self, param: WireParam) -> None:
        self.claimed.add(param.name)


def attach(api: LanguageAPI, wire: WireIndex, diags: Diagnostics) -> LanguageAPI:
    """``api`` with each operation's HTTP call, and place and wire name on every linked field."""
    if api.language == wire.reference:  # each HTTP operation is its own wire
        operations = tuple(
            _operation(op, wire, diags, http_call(op, wire.languages, wire.optional)) for op in api.operations
        )
        return replace(api, operations=operations)
    operations = tuple(_operation(op, wire, diags, wire.calls.get(op.id or ""), complete=True) for op in api.operations)
    operations, taken = _options_from_reference(operations, api, wire.languages, diags)
    models = tuple(_model(m, wire) for m in api.models)
    models = _request_models(operations, models, wire.languages)
    models = _reply_models(operations, models, wire)
    # Option classes hold the fields of operation parameters: they take the same wire facts.
    linked: dict[tuple[Loc, str], Field] = {}
    for op in operations:
        _collect(op.params, linked)
    options = tuple(replace(o, fields=_relinked(o.fields, linked)) if o.fields else o for o in api.options)
    return replace(api, operations=operations, models=models, options=(*options, *taken))


def _options_from_reference(
    operations: tuple[Operation, ...], api: LanguageAPI, languages: frozenset[str], diags: Diagnostics
) -> tuple[tuple[Operation, ...], list[OptionClass]]:
    """A parameter typed by a class the docs only name (C# ``EnrollFactorOptions``, described
    in prose), where the HTTP reference has parameters the language's docs leave out: the class
    is the request's options, with those parameters as its fields (as an object the docs only
    name takes the HTTP reference's keys: codegen.objects). Its first operation decides."""
    defined = {(o.area, o.name) for o in api.options} | {(m.area, m.name) for m in api.models}
    made: dict[str, OptionClass] = {}
    result = []
    for op in operations:
        target = None
        for index, p in enumerate(op.params):
            expr = _named(p.type)
            machinery = p.is_method or _machinery(p, languages) or p.shared
            if expr is None or machinery or p.place is not None or p.fields or expr.area is not None:
                continue
            if expr.args or (op.area, expr.name) in defined:
                continue
            target = (index, p, expr)
            break
        if target is None or op.http is None:
            result.append(op)
            continue
        index, param, expr = target
        sent = {f.wire_name for f in _leaves(op.params) if f.wire_name}
        missing = [w for w in op.http.params if w.place != "path" and w.name not in sent and w.value is None]
        if not missing:
            result.append(op)
            continue
        if expr.name not in made:
            fields = tuple(
                Field(
                    name=w.name,
                    type=w.type,
                    optional=w.optional,
                    description=w.description,
                    wire_name=w.name,
                    place=w.place,
                    doc_key=w.doc_key,
                    loc=param.loc,
                )
                for w in missing
            )
            made[expr.name] = OptionClass(
                name=expr.name, qualifier=expr.qualifier, fields=fields, synthesized=True, area=op.area, loc=param.loc
            )
            diags.warning(
                param.loc,
                f"'{param.name}' is a {expr.name}, which the {api.language} docs only name: it is generated "
                f"with the HTTP reference's parameters {', '.join(w.name for w in missing)}",
                f"document {expr.name} with a '{api.language}' entry of its own",
                code="options-from-reference",
            )
        linked_type = None if param.type is None else _with_area(param.type, op.area)
        params = (*op.params[:index], replace(param, type=linked_type), *op.params[index + 1 :])
        result.append(replace(op, params=params))
    return tuple(result), list(made.values())


def _leaves(fields: tuple[Field, ...]) -> list[Field]:
    out: list[Field] = []
    for f in fields:
        out.append(f)
        out += _leaves(f.fields)
    return out


def _with_area(expr: TypeExpr, area: str) -> TypeExpr:
    if isinstance(expr, Nullable):
        return replace(expr, inner=_with_area(expr.inner, area))
    if isinstance(expr, Named):
        return replace(expr, area=area)
    return expr


def _request_models(
    operations: tuple[Operation, ...], models: tuple[Model, ...], languages: frozenset[str]
) -> tuple[Model, ...]:
    """A parameter typed by a model the docs define apart (TypeScript ``options: ListWidgetsOptions``):
    that model's fields are the request's parameters (the first operation that takes it decides),
    and so are the fields of its subclasses (C# ``ChallengeSmsFactorOptions : ChallengeFactorOptions``)."""
    index = {(m.area, m.name): i for i, m in enumerate(models)}
    calls: dict[str, HttpCall] = {}  # model name -> the call whose parameters it holds
    for op in operations:
        if op.http is None:
            continue
        for param in op.params:
            target = _named(param.type)
            if target is None or param.place is not None:
                continue
            calls.setdefault(target.name, op.http)
    result = list(models)
    for position, model in enumerate(models):
        call = calls.get(model.name) or (calls.get(model.base) if model.base else None)
        if call is None or (model.area, model.name) not in index:
            continue
        matcher = _Matcher.of(call.params)
        fields = []
        for f in model.fields:
            found = None if f.is_method or _machinery(f, languages) else matcher.find(f)
            if found is not None:
                matcher.claim(found)
                f = replace(f, wire_name=found.name, place=found.place)
            fields.append(f)
        result[position] = replace(model, fields=tuple(fields))
    return tuple(result)


def _reply_models(operations: tuple[Operation, ...], models: tuple[Model, ...], wire: WireIndex) -> tuple[Model, ...]:
    """A model no HTTP object stands for, returned by an operation whose reply the HTTP reference
    lists inline (a list envelope ``WorkOSListResource``: ``data``, ``list_metadata``): its
    fields take the reply's keys (the first such operation decides)."""
    replies: dict[tuple[str, str], tuple[Field, ...]] = {}
    for op in operations:
        target = _named(op.returns[0].type) if op.returns else None
        keys = wire.replies.get(op.id or "")
        if target is not None and keys and target.area is not None:
            replies.setdefault((target.area, target.name), keys)
    result = []
    for model in models:
        keys = replies.get((model.area, model.name))
        if keys is None or any(f.wire_name for f in model.fields):
            result.append(model)
        else:
            result.append(replace(model, fields=_keys_of(model.fields, keys)))
    return tuple(result)


def _named(expr: TypeExpr | None) -> Named | None:
    while isinstance(expr, Nullable):
        expr = expr.inner
    return expr if isinstance(expr, Named) else None


def _collect(fields: tuple[Field, ...], into: dict[tuple[Loc, str], Field]) -> None:
    for f in fields:
        if f.wire_name or f.place:
            into.setdefault((f.loc, f.name), f)
        _collect(f.fields, into)


def _relinked(fields: tuple[Field, ...], linked: dict[tuple[Loc, str], Field]) -> tuple[Field, ...]:
    result = []
    for f in fields:
        found = linked.get((f.loc, f.name))
        update: dict[str, Any] = {"fields": _relinked(f.fields, linked)} if f.fields else {}
        if found is not None:
            update |= {"wire_name": found.wire_name, "place": found.place, "type": found.type}
        result.append(replace(f, **update) if update else f)
    return tuple(result)


def _wire_type(f: Field, param: WireParam, diags: Diagnostics) -> TypeExpr | None:
    """The type a field linked to ``param`` takes from the wire, if it differs: an ambiguous
    ``array`` of keys sent as a list or as one object; a documented type the HTTP reference
    contradicts (a warning: the SDK sends the HTTP reference's type)."""
    wire_type = _contradicted(f.type, param.type)
    if wire_type is None:
        return _shaped(f, param.type)
    theirs = param.type.name if isinstance(param.type, Prim) else "other"
    diags.warning(
        f.loc,
        f"'{f.name}' is typed {f.type_text or 'otherwise'} where the HTTP reference's {param.name} is "
        f"{theirs}: the SDK sends the HTTP reference's type",
        "type it as the HTTP reference does",
        code="type-from-http",
    )
    return wire_type


class _FieldLinker:
    """Links an operation's fields to its call's parameters, and keeps those it could not. A
    class: a function nested in :func:`_operation` that called itself would be a reference cycle
    per operation, which only the collector frees."""

    def __init__(self, wire: WireIndex, diags: Diagnostics, top: _Matcher) -> None:
        self.wire, self.diags, self.top = wire, diags, top
        self.unlinked: list[Field] = []

    def link(self, f: Field, matcher: _Matcher) -> Field:
        if f.is_method or _machinery(f, self.wire.languages):
            return f
        if is_idempotency_key(f):  # the docs describe it in prose: the header every real SDK sends
            return replace(f, wire_name=IDEMPOTENCY_HEADER, place="header")
        param = matcher.find(f)
        if param is None and f.fields:
            stands_for = _object_for(f, matcher)
            if stands_for is not None:  # its fields are an object parameter's keys: it is that object
                matcher.claim(stands_for)
                sub = _Matcher.of(stands_for.fields)
                inner = tuple(self.link(child, sub) for child in f.fields)
                return replace(f, wire_name=stands_for.name, place=stands_for.place, fields=inner)
            # An options object: its fields are the parameters.
            inner = tuple(self.link(child, matcher) for child in f.fields)
            return replace(f, fields=inner, wire_name=None, place=None)
        if param is None and matcher is self.top:
            nested = _key_of_object(f, matcher)
            if nested is not None:  # a key of an object parameter: sent inside that object
                outer, key = nested
                return replace(f, wire_name=key.name, place=outer.place, wire_path=(outer.name,))
        if param is None:
            if not f.shared:  # a shared definition (ctx, limit) the request does not take: no news
                self.unlinked.append(f)
            return f if f.wire_name is None and f.place is None else replace(f, wire_name=None, place=None)
        matcher.claim(param)
        inner = f.fields
        if f.fields and param.fields:  # a JSON object: its keys are the object's
            sub = _Matcher.of(param.fields)
            inner = tuple(self.link(child, sub) for child in f.fields)
        update: dict[str, Any] = {"wire_name": param.name, "place": param.place, "fields": inner}
        wire_type = _wire_type(f, param, self.diags)
        if wire_type is not None:
            update["type"] = wire_type
        return replace(f, **update)


def _operation(
    op: Operation, wire: WireIndex, diags: Diagnostics, call: HttpCall | None, *, complete: bool = False
) -> Operation:
    if call is None:
        return op
    top = _Matcher.of(call.params)
    fields = _FieldLinker(wire, diags, top)
    params = tuple(fields.link(p, top) for p in op.params)
    unlinked = fields.unlinked
    # A path parameter nobody claimed by key or name: the one field whose name ends with it.
    for hole in [p for p in call.params if p.place == "path" and p.name not in top.claimed]:
        tail = normalized(hole.name)
        candidates = [f for f in unlinked if normalized(f.name).endswith(tail)]
        if len(candidates) != 1 and hole.doc_key is None:
            # The HTTP reference leaves the placeholder undocumented (``:name``): the one required
            # text field of the operation it has no parameter for stands for it.
            candidates = [f for f in unlinked if not f.optional and not f.fields and _is_text(f.type)]
        if len(candidates) == 1:
            chosen = candidates[0]
            unlinked.remove(chosen)
            top.claim(hole)
            params = _replace(params, chosen, replace(chosen, wire_name=hole.name, place="path"))
        elif complete:
            # No documented field stands for it: the call cannot be made without it, so the
            # operation takes it as a parameter of its own, after the language's machinery (ctx).
            added = Field(
                name=hole.name,
                type=STRING,
                description=f"The `{hole.name}` path parameter of {call.method} {call.path}.",
                wire_name=hole.name,
                place="path",
                loc=op.loc,
            )
            at = next((i for i, f in enumerate(params) if not _machinery(f, wire.languages)), len(params))
            params = (*params[:at], added, *params[at:])
            top.claim(hole)
            diags.warning(
                op.loc,
                f"'{op.name}' has no parameter for the path parameter '{hole.name}' of {call.method} {call.path}; "
                f"added as a required parameter '{hole.name}'",
                "document the parameter in this language's entry",
                code="missing-path-parameter",
            )
    for f in unlinked:
        diags.warning(
            f.loc,
            f"'{f.name}' matches no parameter of the HTTP reference's {call.method} {call.path}; "
            "it has no wire name and is not sent",
            "give it the description key of the HTTP parameter it stands for",
            code="unmapped-field",
        )
    returns = tuple(_inline_reply(r, wire, op.id) for r in op.returns) if complete else op.returns
    if complete:
        returns = tuple(_builder_setters(r, call, top) for r in returns)
    return replace(op, params=params, http=call, returns=returns)


def _builder_setters(returned: Field, call: HttpCall, matcher: _Matcher) -> Field:
    """A GET whose HTTP reply is one text value (a URL the browser is sent to) that the language
    returns as an object of setters (Java's ``getAuthorizationUrl(...).connection(id).build()``):
    each setter or field of it stands for a query parameter the method's own parameters leave
    unclaimed, linked as parameters are (description key, then name), so the builder sets it."""
    if call.method.upper() != "GET" or not call.reply_text or not returned.fields:
        return returned
    setters = []
    for f in returned.fields:
        param = None if f.is_method and f.type is not None else matcher.find(f)  # ``build()`` gives the URL
        if param is None or param.place != "query":
            setters.append(f)
            continue
        matcher.claim(param)
        setters.append(replace(f, wire_name=param.name, place="query", type=f.type or param.type))
    return replace(returned, fields=tuple(setters))


_SCALARS = {"string": "text", "int": "number", "number": "number", "bool": "bool"}


def _shaped(f: Field, theirs: TypeExpr | None) -> TypeExpr | None:
    """The HTTP reference's shape of a value the docs type with no item or key types, when the
    shapes differ: PHP's ``array`` is a list and a keyed object alike (read as one object when it
    has properties, as a list when not); the wire says which."""
    mine = f.type.inner if isinstance(f.type, Nullable) else f.type
    theirs = theirs.inner if isinstance(theirs, Nullable) else theirs
    spelling = mine.spelling if mine is not None else ""
    untyped_list = isinstance(mine, ListOf) and mine.item == ANY
    untyped_object = (isinstance(mine, Prim) and mine.name == "object") or (
        isinstance(mine, MapOf) and mine.value == ANY
    )
    wire_list = isinstance(theirs, ListOf)
    wire_object = (isinstance(theirs, Prim) and theirs.name == "object") or isinstance(theirs, MapOf)
    shaped: TypeExpr | None = None
    if untyped_object and wire_list:
        shaped = ListOf(item=ANY, spelling=spelling)
    elif untyped_list and wire_object:
        shaped = Prim(name="object", spelling=spelling) if f.fields else MapOf(key=STRING, value=ANY, spelling=spelling)
    if shaped is None:
        return None
    return replace(f.type, inner=shaped) if isinstance(f.type, Nullable) else shaped


def _contradicted(mine: TypeExpr | None, theirs: TypeExpr | None) -> TypeExpr | None:
    """The HTTP reference's scalar type, when the language's contradicts it (a number where the
    wire has text: Go's ``OrganizationId int`` for an id string); None when they agree."""
    inner = mine.inner if isinstance(mine, Nullable) else mine
    if not (isinstance(inner, Prim) and isinstance(theirs, Prim)):
        return None
    a, b = _SCALARS.get(inner.name), _SCALARS.get(theirs.name)
    if a is None or b is None or a == b:
        return None
    fixed = replace(theirs, spelling="")
    return replace(mine, inner=fixed) if isinstance(mine, Nullable) else fixed


def is_idempotency_key(f: Field) -> bool:
    """A field that is the request's idempotency key: its description key or its name says so."""
    return (f.doc_key or "").lower() == "idempotency_key" or normalized(f.name) == "idempotencykey"


def _object_for(f: Field, matcher: _Matcher) -> WireParam | None:
    """The object parameter a language object stands for, when it is none of the call's
    parameters by itself: the unclaimed one whose keys most of its fields match (Java's audit
    log ``options`` hold the keys of the ``event`` object), none when its fields are the call's
    parameters themselves (an options object) or no object fits."""
    data = [c for c in f.fields if not c.is_method]
    if not data or any(matcher.find(c) is not None for c in data):
        return None
    best: tuple[int, WireParam] | None = None
    for param in matcher.by_exact.values():
        if not param.fields or param.name in matcher.claimed:
            continue
        sub = _Matcher.of(param.fields)
        count = sum(1 for c in data if sub.find(c) is not None)
        if count * 2 >= len(data) and (best is None or count > best[0]):
            best = (count, param)
    return best[1] if best else None


def _key_of_object(f: Field, matcher: _Matcher) -> tuple[WireParam, WireParam] | None:
    """(object parameter, key) when ``f`` cites a key of one body object parameter by its
    description (``(create_event.action)`` is ``event.action``): a flattened key of it."""
    if not f.doc_key:
        return None
    found = []
    for param in matcher.by_exact.values():
        if param.place != "body" or not param.fields:
            continue
        for key in param.fields:
            if key.doc_key and key.doc_key.lower() == f.doc_key.lower():
                found.append((param, key))
    return found[0] if len(found) == 1 else None


def _inline_reply(f: Field, wire: WireIndex, op_id: str | None) -> Field:
    """A reply the docs describe inline (Go's ``AuthenticateWithCodeResponse``): its keys are those
    the HTTP reference lists for the operation's reply, else those of the HTTP object its fields'
    description keys cite most (``(authentication.organization_id)``)."""
    if not f.fields or any(c.wire_name for c in f.fields):
        return f
    if op_id in wire.replies:
        return replace(f, fields=_keys_of(f.fields, wire.replies[op_id]))
    cited = Counter(c.doc_key.split(".", 1)[0] for c in f.fields if c.doc_key and "." in c.doc_key)
    for object_id, _ in cited.most_common():
        sources = wire.objects.get(object_id)
        if sources:
            return replace(f, fields=_keys_of(f.fields, sources[0].fields))
    return f


def _keys_of(fields: tuple[Field, ...], source: tuple[Field, ...]) -> tuple[Field, ...]:
    matcher = _Matcher.of(_object_keys(source, "body"), fields)
    by_name = {s.name: s for s in source}
    result = []
    for f in fields:
        param = None if f.is_method else matcher.find(f)
        if param is None:
            result.append(f)
            continue
        matcher.claim(param)
        inner = f.fields
        if f.fields and by_name[param.name].fields:
            inner = _keys_of(f.fields, by_name[param.name].fields)
        result.append(replace(f, wire_name=param.name, fields=inner))
    return tuple(result)


def _is_text(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Prim) and expr.name == "string"


def _replace(fields: tuple[Field, ...], old: Field, new: Field) -> tuple[Field, ...]:
    result = []
    for f in fields:
        if f is old:
            result.append(new)
        elif f.fields:
            result.append(replace(f, fields=_replace(f.fields, old, new)))
        else:
            result.append(f)
    return tuple(result)


def _model(model: Model, wire: WireIndex) -> Model:
    source = _nearest(wire.objects.get(model.id or "") or wire.objects_by_name.get(normalized(model.name), []), model)
    if source is None:
        return model
    matcher = _Matcher.of(_object_keys(source.fields, "body"), model.fields)
    fields = []
    for f in model.fields:
        param = None if f.is_method else matcher.find(f)
        if param is None and f.fields and not f.is_method:
            # An object named apart from its key (Go's ``SMSDetails`` for ``sms``): the one key
            # whose own keys its fields match.
            param = _object_for(f, matcher)
        if param is not None:
            matcher.claim(param)
        name = param.name if param else None
        fields.append(f if f.wire_name == name and f.place is None else replace(f, wire_name=name, place=None))
    return replace(model, fields=tuple(fields))
