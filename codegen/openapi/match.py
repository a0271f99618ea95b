"""Matching the docs' operations with the API's, and every way a matched pair disagrees.

Operations match by method and path, the names of path placeholders aside. A docs operation
that matches none may be *near* one of the same method whose path differs only by spelling
(``/organization-domains`` for ``/organization_domains``, ``/directory/{id}`` for
``/directories/{id}``) or that takes one more path parameter at its end (``/sso/jwks`` for
``/sso/jwks/{clientId}``): that is the did-you-mean of a wrong path. Several docs operations may
share one API operation (the grant types of ``POST /user_management/authenticate``): each takes
the ``oneOf`` variant of the body whose constants it sends (``grant_type``), else the one with
exactly its keys, else all variants merged.

Parameters pair by wire name (a header's case aside; path parameters by their position in the
path, as their names never travel); a credential the API reads as a bearer token pairs with the
docs' parameter of the scheme's name. Each :class:`Difference` names its rule, the docs' position
and the OpenAPI operationId; :mod:`codegen.openapi.rules` turns them into lint findings and
:mod:`codegen.openapi.follow` into a rewritten wire.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import field

from ..diagnostics import Loc
from ..records import dataclass
from .model import Operation, Param, is_hole, segments

_GROUPS = {"integer": "number", "number": "number"}
_PLACE_WORDS = {"path": "the path", "query": "the query", "header": "a header", "body": "the JSON body"}


@dataclass(frozen=True)
class ParamPair:
    docs: Param | None
    api: Param | None


@dataclass
class Pair:
    docs: Operation
    api: Operation
    # The API's path differs from the docs' by spelling (or one more parameter at its end).
    near: bool = False
    # The API's body keys for this docs operation (one variant of a ``oneOf``).
    body: tuple[Param, ...] = ()
    params: list[ParamPair] = field(default_factory=list)


@dataclass
class Matched:
    pairs: list[Pair]
    # Docs operations the API has no operation for, near or exact.
    unmatched: list[Operation]
    # API operations no docs operation matches.
    undocumented: list[Operation]


@dataclass(frozen=True)
class Difference:
    rule: str
    loc: Loc
    message: str
    # The docs' operation id (the API's operationId for an operation only the API has).
    subject: str
    # The parameter or reply key it is about ("" for the operation).
    detail: str = ""


def match(docs: list[Operation], api: list[Operation]) -> Matched:
    by_shape: dict[tuple[str, str], Operation] = {}
    for op in api:
        by_shape.setdefault(op.shape_key, op)
    exact = {op.id: by_shape[op.shape_key] for op in docs if op.shape_key in by_shape}
    used = {id(op) for op in exact.values()}
    pairs: list[Pair] = []
    unmatched: list[Operation] = []
    for op in docs:
        found = exact.get(op.id) if op.shape_key in by_shape else None
        near = False
        if found is None:
            found = _nearest(op, [a for a in api if id(a) not in used])
            near = found is not None
        if found is None:
            unmatched.append(op)
            continue
        pair = Pair(op, found, near, _variant(found, op.bodies[0] if op.bodies else ()))
        pair.params = _pair_params(pair)
        pairs.append(pair)
    matched = {id(p.api) for p in pairs}
    return Matched(pairs, unmatched, [op for op in api if id(op) not in matched])


# --- near paths ---------------------------------------------------------------------------------


def _norm(segment: str) -> str:
    return "{}" if is_hole(segment) else segment.lower().replace("-", "_")


def _singular(word: str) -> str:
    for plural, single in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word


def near_path(docs: str, api: str) -> bool:
    """Whether ``api`` is ``docs`` spelled differently: the same segments up to case, ``-``/``_``,
    plural and small typos, the placeholders where they are; or with one more at the end."""
    a = [_norm(s) for s in segments(docs)]
    b = [_norm(s) for s in segments(api)]
    if not a or len(b) not in (len(a), len(a) + 1) or (len(b) > len(a) and b[-1] != "{}"):
        return False
    for x, y in zip(a, b, strict=False):
        if x == y:
            continue
        if "{}" in (x, y):
            return False
        if _singular(x) != _singular(y) and difflib.SequenceMatcher(None, x, y).ratio() < 0.8:
            return False
    return True


def _nearest(op: Operation, candidates: list[Operation]) -> Operation | None:
    found = [c for c in candidates if c.method == op.method and near_path(op.path, c.path)]
    if not found:
        return None
    plain = op.shape_key[1]
    return max(found, key=lambda c: difflib.SequenceMatcher(None, plain, c.shape_key[1]).ratio())


# --- bodies and parameters ----------------------------------------------------------------------


def _variant(api: Operation, mine: tuple[Param, ...]) -> tuple[Param, ...]:
    """The API body variant for a docs operation's body keys ``mine``."""
    if len(api.bodies) <= 1:
        return api.bodies[0] if api.bodies else ()
    consts = {p.name: p.const for p in mine if p.const is not None}

    def chosen_by_constants(variant: tuple[Param, ...]) -> bool:
        fixed = [p for p in variant if p.const is not None and p.name in consts]
        return bool(fixed) and all(consts[p.name] == p.const for p in fixed)

    for test in (chosen_by_constants, lambda v: {p.name for p in v} == {p.name for p in mine}):
        fits = [v for v in api.bodies if test(v)]
        if len(fits) == 1:
            return fits[0]
    merged: dict[str, Param] = {}
    for variant in api.bodies:
        for p in variant:
            if p.name not in merged:
                everywhere = all(any(q.name == p.name and q.required for q in v) for v in api.bodies)
                merged[p.name] = Param(p.name, "body", everywhere, p.shape, p.loc, None, p.description)
    return tuple(merged.values())


def _same_name(mine: Param, theirs: Param) -> bool:
    if "header" in (mine.place, theirs.place):
        return mine.name.lower() == theirs.name.lower()
    return mine.name == theirs.name


def _positions(path: str) -> dict[int, str]:
    return {i: s[1:-1] for i, s in enumerate(segments(path)) if is_hole(s)}


def _pair_params(pair: Pair) -> list[ParamPair]:
    docs = list(pair.docs.all_params())
    api = list(pair.api.params) + list(pair.body)
    taken_docs: set[int] = set()
    taken_api: set[int] = set()
    result: list[ParamPair] = []

    def take(d: int, a: int | None) -> None:
        taken_docs.add(d)
        if a is not None:
            taken_api.add(a)
        result.append(ParamPair(docs[d], api[a] if a is not None else None))

    # Path parameters by position: their names never travel.
    docs_holes, api_holes = _positions(pair.docs.path), _positions(pair.api.path)
    for position, name in docs_holes.items():
        d = next((i for i, p in enumerate(docs) if p.place == "path" and p.name == name), None)
        other = api_holes.get(position)
        a = next((i for i, p in enumerate(api) if p.place == "path" and p.name == other), None)
        if d is not None and a is not None:
            take(d, a)
    # The same wire name in the same place, then in another place.
    for same_place in (True, False):
        for d, mine in enumerate(docs):
            if d in taken_docs:
                continue
            a = next(
                (
                    i
                    for i, theirs in enumerate(api)
                    if i not in taken_api and _same_name(mine, theirs) and (theirs.place == mine.place) == same_place
                ),
                None,
            )
            if a is not None:
                take(d, a)
    for d in range(len(docs)):
        if d not in taken_docs:
            take(d, None)
    paired = [p.api for p in result if p.api is not None]
    for i, theirs in enumerate(api):
        # The API may declare one value in two places (a DTO read from the query or the body):
        # the same name and description as a parameter already paired is that value again.
        again = any(o.name == theirs.name and o.description == theirs.description for o in paired)
        if i not in taken_api and not again:
            result.append(ParamPair(None, theirs))
    return result


# --- differences --------------------------------------------------------------------------------


def differences(matched: Matched) -> list[Difference]:
    out: list[Difference] = []
    for op in matched.unmatched:
        out.append(
            Difference(
                "openapi-unmatched-operation",
                op.loc,
                f"{op.id}: the OpenAPI has no operation {op.method} {op.path}",
                op.id,
            )
        )
    for op in matched.undocumented:
        out.append(
            Difference(
                "openapi-undocumented-operation",
                op.loc,
                f"{op.id}: {op.method} {op.path} is not in the docs' HTTP reference",
                op.id,
            )
        )
    for pair in matched.pairs:
        out += pair_differences(pair)
    return out


def pair_differences(pair: Pair) -> list[Difference]:
    docs, api = pair.docs, pair.api
    theirs = f"(OpenAPI {api.id})"
    out: list[Difference] = []

    def add(rule: str, loc: Loc, message: str, detail: str = "") -> None:
        out.append(Difference(rule, loc, f"{docs.id}: {message} {theirs}", docs.id, detail))

    if pair.near:
        add(
            "openapi-path",
            docs.loc,
            f"{docs.method} {docs.path} is not the API's path; did you mean {api.method} {api.path}?",
        )
    if docs.host != api.host:
        where = api.host or "the API's default host"
        add(
            "openapi-host",
            docs.loc,
            f"the API serves {api.method} {api.path} on {where}, not on {docs.host or 'the default host'}",
        )
    required_by_docs = {p.name for p in docs.all_params() if p.required}
    for pp in pair.params:
        d, a = pp.docs, pp.api
        if d is not None and a is not None:
            _param_differences(pair, d, a, required_by_docs, add)
        elif d is not None:
            add(
                "openapi-unknown-parameter",
                d.loc,
                f"the {d.place} parameter '{d.name}' is not a parameter of the API's {api.method} {api.path}",
                d.name,
            )
        elif a is not None:
            elsewhere = [p for p in docs.all_params() if p.key == a.key and p.place != a.place]
            hint = ""
            if elsewhere:
                taken = _PLACE_WORDS[elsewhere[0].place]
                hint = f"; the docs take '{a.name}' for {taken} only, so {_PLACE_WORDS[a.place]} never carries it"
            rule = "openapi-missing-required" if a.required else "openapi-missing-parameter"
            said = "requires" if a.required else "takes"
            what = (
                f"a bearer token in the 'Authorization' header (security scheme '{a.name}')"
                if a.bearer
                else f"the {a.place} parameter '{a.name}'"
            )
            add(rule, docs.loc, f"the API {said} {what}, which the docs leave out{hint}", f"{a.place}:{a.name}")
    if docs.reply is not None and api.reply is not None and docs.reply not in api.replies:
        for key in docs.reply:
            if key not in api.reply:
                add(
                    "openapi-reply-key",
                    docs.loc,
                    f"the docs list the reply key '{key}', which the API's reply does not have",
                    key,
                )
        for key in api.reply:
            if key not in docs.reply:
                add(
                    "openapi-reply-undocumented",
                    docs.loc,
                    f"the API's reply has the key '{key}', which the docs do not list",
                    key,
                )
    return out


def _param_differences(pair: Pair, d: Param, a: Param, required_by_docs: set[str], add: Callable[..., None]) -> None:
    if d.place != a.place:
        if a.bearer:
            where = f"the 'Authorization: Bearer' header (security scheme '{a.name}')"
        else:
            where = _PLACE_WORDS[a.place] + (f" as '{a.name}'" if a.name != d.name else "")
        add(
            "openapi-place",
            d.loc,
            f"'{d.name}' is sent in {_PLACE_WORDS[d.place]}; the API reads it from {where}",
            d.name,
        )
        return
    if d.place != "path":
        if a.required and not d.required:
            add("openapi-required", d.loc, f"'{d.name}' is optional in the docs; the API requires it", d.name)
        elif d.required and not a.required:
            rivals = _rivals(pair.api, d.name, required_by_docs)
            if rivals:
                add(
                    "openapi-exclusive",
                    d.loc,
                    f"'{d.name}' is required in the docs, as is '{rivals[0]}'; the API takes one of them, not both",
                    d.name,
                )
            else:
                add("openapi-optional", d.loc, f"'{d.name}' is required in the docs; the API makes it optional", d.name)
    mine, theirs = d.shape, a.shape
    known = (mine.kind is not None or mine.array) and (theirs.kind is not None or theirs.array)
    if known and mine.array != theirs.array:
        add("openapi-array", d.loc, f"'{d.name}' is {mine.words()} in the docs; the API takes {theirs.words()}", d.name)
    elif (
        known
        and mine.kind
        and theirs.kind
        and _GROUPS.get(mine.kind, mine.kind) != _GROUPS.get(theirs.kind, theirs.kind)
    ):
        add("openapi-type", d.loc, f"'{d.name}' is {mine.words()} in the docs; the API takes {theirs.words()}", d.name)
    elif mine.enum and theirs.enum and mine.enum != theirs.enum:
        add("openapi-enum", d.loc, f"'{d.name}' is {mine.words()} in the docs; the API takes {theirs.words()}", d.name)
    if d.place == "query" and d.explode is not None and a.explode is not None and d.explode != a.explode:
        add(
            "openapi-encoding",
            d.loc,
            f"the list '{d.name}' is sent {_encoding(d.explode)}; the API reads it {_encoding(a.explode)}",
            d.name,
        )


def _encoding(explode: bool) -> str:
    return "as the key repeated (explode: true)" if explode else "comma-separated (explode: false)"


def _rivals(api: Operation, name: str, required: set[str]) -> list[str]:
    """Other parameters the docs require that belong to another variant of a group of which the
    API takes one variant (``role_slug`` against ``role_slugs``)."""
    for group in api.exclusive:
        mine = [variant for variant in group if name in variant]
        if not mine:
            continue
        return sorted({other for variant in group if variant not in mine for other in variant if other in required})
    return []
