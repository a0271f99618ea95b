"""``[tool.codegen.openapi] wire = "api"``: the generated wire follows the API's OpenAPI where the
two sources disagree, one warning per change, the docs' names kept.

A step after linking. The same matcher as ``codegen lint --openapi`` (:mod:`codegen.openapi.match`)
decides, per HTTP operation of the docs, what changes; every language's operation of that id is
then rewritten the same way, and so are the option classes and request models holding its fields:

- the path, where the API's differs by spelling (``/directories/{id}`` for ``/directory/:id``) or
  takes one more parameter at its end (``/sso/jwks/{clientId}``, filled by the docs' ``clientId``);
- the host (``HttpCall.host``), where the API serves the operation elsewhere: an absolute http(s)
  URL (a relative one, or one with server variables, is not followed; the warning says so);
- each parameter's place, where the API reads the same wire name from another place (``role_slug``
  in the JSON body of a DELETE, not its query);
- a name the docs bind to a path placeholder where the API has it twice, in the path and in the
  body, and the docs' description is the body's (the permission's ``slug`` of "add a permission to
  a role"): the documented parameter goes to the body, and the placeholder is renamed
  (``{role_slug}``) and filled by the language's parameter that is not linked yet and names it
  (JS ``roleSlug``), else the one that filled it before (Python ``slug``);
- a list in the query the API reads comma-separated (``WireParam.repeated`` false);
- a parameter the docs require and the API takes as optional: optional;
- the API's optional query and body parameters the docs' HTTP reference lacks (the pagination
  page's ``limit`` of ``list_auth_factors``): added to the call, and filled by each language's
  unlinked field of that name.

A credential the API reads as ``Authorization: Bearer`` (``access_token`` of ``get_profile``) is
not followed: a request of the model has no way to carry it; the warning says so. Types, enums,
a requirement the docs do not make, and reply keys are the docs' (lint reports them).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import field
from typing import Any, TypeVar

from ..config import Config
from ..diagnostics import Diagnostics, Loc
from ..ir import Field, HttpCall, LanguageAPI, Model, Operation, OptionClass, WireParam
from ..linker import Follow
from ..naming import normalized
from ..records import dataclass, replace, same
from ..samples import Declarations
from ..types import ListOf, LiteralOf, Named, Nullable, Prim, TypeExpr
from ..wire import WireIndex
from . import load, match, reference
from .document import Spec
from .model import Param, Place, is_hole, segments

CODE = "openapi-wire"
_Decl = TypeVar("_Decl", Model, OptionClass)
_WORDS = {"path": "the path", "query": "the query", "header": "a header", "body": "the JSON body"}


@dataclass(frozen=True)
class Split:
    """A name the API has twice: in the path (another value) and where the docs' parameter goes."""

    name: str
    doc_key: str | None
    place: Place  # where the docs' parameter goes
    hole: str  # the path placeholder's new name


@dataclass
class Change:
    """What following the API changes in one operation (every language's operation of its id)."""

    http: HttpCall
    curl_path: str | None = None
    # (place, wire name) of a top-level parameter -> its new place.
    moves: dict[tuple[str, str], Place] = field(default_factory=dict)
    splits: list[Split] = field(default_factory=list)
    # The API's optional parameters the docs' HTTP reference lacks: (place, name), added to the call.
    added: list[tuple[Place, str]] = field(default_factory=list)


Apply = Callable[[LanguageAPI], LanguageAPI]


def plan(curl: LanguageAPI, index: WireIndex, spec: Spec, diags: Diagnostics, languages: frozenset[str]) -> Apply:
    """The rewrite of every language's model that follows ``spec``, warning once per change:
    ``curl`` is the HTTP reference and ``index`` its calls (codegen.wire)."""
    decls = Declarations.of(curl)
    ops = {op.id: replace(op, http=index.calls[op.id]) for op in curl.operations if op.id and op.id in index.calls}
    docs = [reference.operation(op, decls) for op in ops.values()]
    changes: dict[str, Change] = {}
    for pair in match.match(docs, list(spec.operations)).pairs:
        change = _change(ops[pair.docs.id], pair, diags)
        if change is not None:
            changes[pair.docs.id] = change
    return lambda api: _apply(api, changes, diags, languages)


def _warn(diags: Diagnostics, loc: Loc, pair: match.Pair, message: str) -> None:
    diags.warning(
        loc,
        f'{pair.docs.id}: {message} (OpenAPI {pair.api.id}; wire = "api")',
        'fix the docs to match, or set wire = "docs" to send what they say',
        code=CODE,
    )


def _similarity(a: str | None, b: str | None) -> float:
    words_a, words_b = set(re.findall(r"\w+", (a or "").lower())), set(re.findall(r"\w+", (b or "").lower()))
    return len(words_a & words_b) / len(words_a | words_b) if words_a and words_b else 0.0


def _change(op: Operation, pair: match.Pair, diags: Diagnostics) -> Change | None:
    """What following the API changes in ``op`` (the HTTP reference's), or None."""
    work = _Work(op, pair, diags)
    for pp in pair.params:
        d, a = pp.docs, pp.api
        if d is None or a is None:
            continue
        if d.place == a.place == "path":
            work.placeholder(d, a)
        elif d.place != a.place:
            work.move(d, a)
        elif d.place == "query" and d.explode and a.explode is False:
            work.comma_separated(d)
        if d.place == a.place and d.place != "path" and d.required and not a.required:
            work.loosen(d)
    work.add_loose()
    return work.done()


class _Work:
    """The change of one operation, as it is worked out (each step warns once)."""

    def __init__(self, op: Operation, pair: match.Pair, diags: Diagnostics) -> None:
        assert op.http is not None
        self.op, self.http, self.pair, self.diags = op, op.http, pair, diags
        self.params = list(op.http.params)
        self.changed = False
        self.moves: dict[tuple[str, str], Place] = {}
        self.splits: list[Split] = []
        self.added: list[tuple[Place, str]] = []
        # API path segment index -> the model's placeholder name there.
        self.hole_names: dict[int, str] = {}
        self.api_holes = {i: s[1:-1] for i, s in enumerate(segments(pair.api.path)) if is_hole(s)}
        self.by_api_name = {name: i for i, name in self.api_holes.items()}
        self.loose = [pp.api for pp in pair.params if pp.docs is None and pp.api is not None]

    def warn(self, loc: Loc, message: str) -> None:
        _warn(self.diags, loc, self.pair, message)
        self.changed = True

    def update(self, name: str, at: str, /, **values: Any) -> None:
        self.params = [replace(p, **values) if p.name == name and p.place == at else p for p in self.params]

    def placeholder(self, d: Param, a: Param) -> None:
        """A path parameter of both: the model keeps its name, unless the API has the docs'
        parameter twice and the docs' description is the other one's (a split)."""
        position = self.by_api_name.get(a.name)
        if position is None:
            return
        self.hole_names[position] = d.name
        twin = next((b for b in self.loose if b.name == d.name and b.place != "path"), None)
        if twin is None or _similarity(d.description, twin.description) <= _similarity(d.description, a.description):
            return
        literal = segments(self.pair.api.path)[position - 1] if position else ""
        hole = f"{_singular(literal)}_{d.name}" if literal and not is_hole(literal) else f"{d.name}_path"
        self.hole_names[position] = hole
        where = next((p for p in self.params if p.name == d.name and p.place == "path"), None)
        self.splits.append(Split(d.name, where.doc_key.lower() if where and where.doc_key else None, twin.place, hole))
        self.update(d.name, "path", place=twin.place, optional=not twin.required)
        self.params.append(WireParam(name=hole, place="path", description=a.description, loc=self.op.loc))
        self.warn(
            d.loc,
            f"'{d.name}' goes in {_WORDS[twin.place]}, where the API reads it; the path placeholder the docs "
            f"bound it to is another value, now '{{{hole}}}'",
        )

    def move(self, d: Param, a: Param) -> None:
        if a.bearer:
            _warn(
                self.diags,
                d.loc,
                self.pair,
                f"not followed: the API reads '{d.name}' as the 'Authorization: Bearer' header (security scheme "
                f"'{a.name}'), which a request of the model cannot carry; it stays in {_WORDS[d.place]}",
            )
            return
        self.moves[(d.place, d.name)] = a.place
        if a.place == "path" and a.name in self.by_api_name:
            self.hole_names[self.by_api_name[a.name]] = d.name
        repeated = a.place == "query" and bool(a.explode) and d.shape.array
        self.update(d.name, d.place, place=a.place, optional=not a.required and a.place != "path", repeated=repeated)
        self.warn(d.loc, f"'{d.name}' goes in {_WORDS[a.place]}, where the API reads it (the docs: {_WORDS[d.place]})")

    def loosen(self, d: Param) -> None:
        """Required in the docs, optional for the API: the request may leave it out."""
        self.update(d.name, d.place, optional=True, loosened=True)
        self.warn(d.loc, f"'{d.name}' is optional, as the API reads it (the docs: required)")

    def add_loose(self) -> None:
        """The API's optional query and body parameters the docs' HTTP reference lacks (the
        pagination page's ``limit`` of ``list_auth_factors``): parameters of the call, which a
        language's field of that name fills (see :func:`_link_added`). A required one is not
        invented (lint reports it), nor a header (an idempotency key is the model's own)."""
        taken = {(p.place, p.name) for p in self.params}
        added = [
            a
            for a in self.loose
            if a.place in ("query", "body")
            and not a.required
            and not a.bearer
            and a.const is None
            and (a.place, a.name) not in taken
        ]
        for a in added:
            self.params.append(
                WireParam(
                    name=a.name,
                    place=a.place,
                    optional=True,
                    repeated=a.place == "query" and a.shape.array and a.explode is not False,
                    type=_type_of(a),
                    values=a.shape.enum,
                    description=a.description,
                    loc=self.op.loc,
                )
            )
            self.added.append((a.place, a.name))
        if added:
            names = ", ".join(f"'{a.name}'" for a in added)
            self.warn(self.op.loc, f"the API's optional {names} added to the call (its HTTP reference lacks them)")

    def comma_separated(self, d: Param) -> None:
        self.update(d.name, "query", repeated=False)
        self.warn(d.loc, f"the list '{d.name}' is sent comma-separated (explode: false), as the API reads it")

    def paths(self) -> tuple[str, str]:
        """The model's path (the API's, with the model's placeholder names) and the curl entry's
        (its ``:name`` placeholders kept where they stay)."""
        built, curl_built = [], []
        docs_segments = segments(self.op.path or self.pair.docs.path)
        docs_holes = {i for i, s in enumerate(segments(self.pair.docs.path)) if is_hole(s)}
        renamed = {s.hole for s in self.splits}
        for i, segment in enumerate(segments(self.pair.api.path)):
            if not is_hole(segment):
                built.append(segment)
                curl_built.append(segment)
                continue
            name = self.hole_names.get(i, segment[1:-1])
            built.append("{" + name + "}")
            mine = docs_segments[i] if i < len(docs_segments) else ""
            keep = i in docs_holes and name not in renamed and (mine.startswith(":") or is_hole(mine))
            curl_built.append(mine if keep else f":{name}")
        return "/" + "/".join(built), "/" + "/".join(curl_built)

    def done(self) -> Change | None:
        docs, api, http = self.pair.docs, self.pair.api, self.http
        path, curl_path = http.path, None
        if self.pair.near or self.splits or any(self.hole_names.get(i, n) != n for i, n in self.api_holes.items()):
            path, curl_path = self.paths()
            if self.pair.near:
                self.warn(docs.loc, f"sent to {http.method} {path}, the API's path (the docs: {docs.path})")
        host = http.host
        if docs.host != api.host and api.host is not None and not _absolute(api.host):
            _warn(
                self.diags,
                docs.loc,
                self.pair,
                f"not followed: the API serves it on {api.host!r}, not an absolute http(s) URL a request can "
                "go to (a relative URL, or one with server variables); it stays on the base URL",
            )
        elif docs.host != api.host:
            host = api.host
            self.warn(docs.loc, f"sent to {api.host or 'the default host'}, where the API serves it")
        if not self.changed:
            return None
        return Change(
            http=replace(http, path=path, params=tuple(self.params), host=host),
            curl_path=curl_path,
            moves=self.moves,
            splits=self.splits,
            added=self.added,
        )


_SCALAR_TYPES = {"string": "string", "integer": "int", "number": "number", "boolean": "bool", "object": "object"}


def _type_of(a: Param) -> TypeExpr | None:
    """The model's type of an API parameter: its kind (or its closed set), a list of it."""
    one: TypeExpr | None
    if a.shape.enum:
        one = LiteralOf(values=a.shape.enum)
    elif a.shape.kind in _SCALAR_TYPES:
        one = Prim(name=_SCALAR_TYPES[a.shape.kind])
    else:
        one = Prim(name="any")
    return ListOf(item=one) if a.shape.array else one


def _absolute(url: str) -> bool:
    """An absolute http(s) URL with a host and nothing a request could not be sent to: no server
    variable (``{region}``), query, fragment, credentials, space or control character."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 or c in "{}\\" for c in url):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and "@" not in parts.netloc
        and not (parts.query or parts.fragment or url.endswith(("?", "#")))
    )


def _singular(word: str) -> str:
    for plural, single in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word


# --- applying the changes to one language's model ---------------------------------------------------


def _apply(api: LanguageAPI, changes: dict[str, Change], diags: Diagnostics, languages: frozenset[str]) -> LanguageAPI:
    if not changes:
        return api
    decls = Declarations.of(api)
    operations = []
    fixed: dict[tuple[Loc, str], Field] = {}
    targets: dict[int, Change] = {}  # id(declaration) -> the change of the operation that names it
    linked: set[Loc] = set()
    for op in api.operations:
        change = changes.get(op.id or "")
        if change is None or op.http is None:
            operations.append(op)
            continue
        params = tuple(_fix(f, change) for f in op.params)
        params = _link_splits(params, change, languages, linked)
        params = _link_added(params, change, languages, linked)
        _collect(params, fixed)
        for f in op.params:
            decl = _declaration(f, decls)
            if decl is not None:
                targets[id(decl)] = change
        if api.language == reference.HTTP and change.added:  # the reference's scripts take them too
            added = [p for p in change.http.params if (p.place, p.name) in change.added]
            params = (*params, *(_field_of(p) for p in added))
        update: dict[str, Any] = {"params": params, "http": change.http}
        if api.language == reference.HTTP and change.curl_path is not None:
            update["path"] = change.curl_path
        operations.append(replace(op, **update))
    if linked:  # a parameter the rewrite links is no longer one "that matches no parameter"
        diags.items = [d for d in diags.items if not (d.code == "unmapped-field" and d.loc in linked)]

    def declaration_fields(decl: Model | OptionClass) -> tuple[Field, ...]:
        change = targets.get(id(decl))
        result = tuple(_fix(f, change) for f in decl.fields) if change is not None else decl.fields
        # a field the rewrite linked is relinked only in the declarations the operation takes
        return _relinked(result, fixed, linked if change is not None else frozenset())

    def rewritten(decl: _Decl) -> _Decl:
        fields = declaration_fields(decl)
        return decl if same(fields, decl.fields) else replace(decl, fields=fields)

    return replace(
        api,
        operations=tuple(operations),
        options=tuple(rewritten(o) for o in api.options),
        models=tuple(rewritten(m) for m in api.models),
    )


def _fix(f: Field, change: Change) -> Field:
    """``f`` with the wire facts the change gives it (its sub-fields too)."""
    update: dict[str, Any] = {}
    if f.wire_name is not None and f.place is not None:
        key = (f.place, f.wire_path[0] if f.wire_path else f.wire_name)
        split = next((s for s in change.splits if key == ("path", s.name) and not f.wire_path), None)
        if split is not None:
            if split.doc_key is not None and (f.doc_key or "").lower() == split.doc_key:
                update["place"] = split.place
            else:
                update["wire_name"] = split.hole
        elif key in change.moves:
            update["place"] = change.moves[key]
    if f.fields:
        inner = tuple(_fix(c, change) for c in f.fields)
        if any(a is not b for a, b in zip(inner, f.fields, strict=True)):
            update["fields"] = inner
        if "place" in update and f.wire_name is not None:  # the keys of a JSON object travel with it
            update["fields"] = tuple(
                replace(c, place=update["place"]) if c.place == f.place else c for c in update.get("fields", f.fields)
            )
    return replace(f, **update) if update else f


def _leaves(fields: tuple[Field, ...]) -> list[Field]:
    out: list[Field] = []
    for f in fields:
        out.append(f)
        out += _leaves(f.fields)
    return out


def _unlinked(leaves: list[Field], languages: frozenset[str]) -> list[Field]:
    """The values among ``leaves`` not on the wire yet (not a language's machinery: a Go ``ctx``)."""
    return [
        f
        for f in leaves
        if f.wire_name is None
        and f.place is None
        and not f.fields
        and not f.is_method
        and (f.doc_key or "").split(".", 1)[0] not in languages
    ]


def _link_splits(
    params: tuple[Field, ...], change: Change, languages: frozenset[str], linked: set[Loc]
) -> tuple[Field, ...]:
    """The language's fields for each split name: the documented parameter in its new place, and
    a parameter for the renamed placeholder when none fills it yet."""
    for split in change.splits:
        leaves = _leaves(params)
        free = [f for f in _unlinked(leaves, languages) if not f.shared]
        if split.doc_key is not None and not any(f.wire_name == split.name and f.place == split.place for f in leaves):
            documented = [f for f in free if (f.doc_key or "").lower() == split.doc_key]
            if len(documented) == 1:
                chosen = documented[0]
                params = _replace(params, chosen, {"wire_name": split.name, "place": split.place})
                free.remove(chosen)
                linked.add(chosen.loc)
        if not any(f.wire_name == split.hole and f.place == "path" for f in _leaves(params)):
            tail = normalized(split.name)
            named = [f for f in free if normalized(f.name).endswith(tail)]
            if len(named) == 1:
                params = _replace(params, named[0], {"wire_name": split.hole, "place": "path"})
                linked.add(named[0].loc)
    return params


def _field_of(param: WireParam) -> Field:
    """An added parameter as a field of the HTTP reference's operation."""
    return Field(
        name=param.name,
        type=param.type,
        optional=True,
        description=param.description,
        wire_name=param.name,
        place=param.place,
        loc=param.loc,
    )


def _link_added(
    params: tuple[Field, ...], change: Change, languages: frozenset[str], linked: set[Loc]
) -> tuple[Field, ...]:
    """Each parameter the change adds is filled by the one field of the language's call not yet
    on the wire that has its name (normalised: ``Limit``, ``limit``)."""
    for place, name in change.added:
        free = [f for f in _unlinked(_leaves(params), languages) if normalized(f.name) == normalized(name)]
        if len(free) == 1:
            params = _replace(params, free[0], {"wire_name": name, "place": place})
            linked.add(free[0].loc)
    return params


def _replace(fields: tuple[Field, ...], old: Field, update: dict[str, Any]) -> tuple[Field, ...]:
    result = []
    for f in fields:
        if f is old:
            result.append(replace(f, **update))
        elif f.fields:
            result.append(replace(f, fields=_replace(f.fields, old, update)))
        else:
            result.append(f)
    return tuple(result)


def _collect(fields: tuple[Field, ...], into: dict[tuple[Loc, str], Field]) -> None:
    for f in fields:
        into[(f.loc, f.name)] = f
        _collect(f.fields, into)


def _relinked(
    fields: tuple[Field, ...],
    fixed: dict[tuple[Loc, str], Field],
    linked: AbstractSet[Loc] = frozenset(),
) -> tuple[Field, ...]:
    """Fields of an option class that are fields of a rewritten operation take its wire facts.
    Only a field already on the request's wire does, or one the rewrite linked (``linked``): a
    key of a reply object that shares the parameter's definition (a page's ``before``/``after``,
    a directory's ``id``) stays a key."""
    result = []
    for f in fields:
        found = fixed.get((f.loc, f.name)) if f.place is not None or f.loc in linked else None
        update: dict[str, Any] = {}
        if f.fields:
            inner = _relinked(f.fields, fixed, linked)
            if any(a is not b for a, b in zip(inner, f.fields, strict=True)):
                update["fields"] = inner
        if found is not None and (found.wire_name, found.place) != (f.wire_name, f.place):
            update |= {"wire_name": found.wire_name, "place": found.place}
        result.append(replace(f, **update) if update else f)
    return tuple(result)


def _declaration(f: Field, decls: Declarations) -> Model | OptionClass | None:
    expr = f.type
    while isinstance(expr, Nullable):
        expr = expr.inner
    if not isinstance(expr, Named) or f.fields:
        return None
    decl = decls.find(expr)
    return decl if isinstance(decl, Model | OptionClass) else None


def follower(config: Config, diags: Diagnostics, languages: frozenset[str]) -> Follow | None:
    """The step after linking for ``wire = "api"``: None when the configured OpenAPI cannot be read
    (an error in ``diags``)."""
    path = config.openapi_path()
    if path is None:
        return None
    spec = load(path, diags)
    if spec is None:
        return None
    return lambda curl, index, run_diags: plan(curl, index, spec, run_diags, languages)
