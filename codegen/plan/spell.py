"""The plan's decisions spelled in one language: views for its templates.

A language spells what it must (an expression that reads a value through its parameters, a type,
a literal) through a small :class:`Speller`; everything else (which values, where they go,
their order, the reply) comes from the plan unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Protocol, TypeVar

from ..records import dataclass
from ..types import TypeExpr
from .requests import BodyKey, PathPart, Request, Step, Value
from .views import BodyKeyView, PathPartView, RequestView, ValueView

_V = TypeVar("_V")


class Share(Protocol):
    """A view equal to one made before, for that one (SdkBuilder.shared); or the view itself."""

    def __call__(self, view: _V, /) -> _V: ...


@dataclass(frozen=True)
class Speller:
    """What a language says of a request: how an argument is read, and how types and fixed
    values are written. ``access`` gets the steps from a method parameter down to a value and
    returns the expression and the conditions for reading it (outermost first)."""

    access: Callable[[tuple[Step, ...]], tuple[str, tuple[str, ...]]]
    type: Callable[[TypeExpr | None], str]
    # A fixed value (text) as a literal of the language (a string literal, usually).
    constant: Callable[[str], str]
    # A client setting ("client_id", "api_key") as an expression.
    setting: Callable[[str], str]
    # The type of a value reached through the steps (default: ``type`` of the last step's).
    value_type: Callable[[tuple[Step, ...]], str] | None = None


def _key(k: BodyKey, value: Callable[[Value], ValueView], share: Share) -> BodyKeyView:
    """A key of the body and the keys inside it (a function of the module's: one nested in
    :func:`request_view` that called itself would be a reference cycle per request)."""
    keys = tuple(_key(c, value, share) for c in k.keys)
    return share(BodyKeyView(k.wire, value(k.value) if k.value is not None else None, keys))


def _same(view: _V) -> _V:
    return view


def request_view(request: Request, speller: Speller, template: str, share: Share = _same) -> RequestView:
    """``request`` spelled by ``speller``; ``template`` is its path with ``{wire}`` holes; each
    view goes through ``share``."""

    def value(v: Value) -> ValueView:
        guards: tuple[str, ...] = ()
        if v.constant is not None:
            expr, guards, source, typ = speller.constant(v.constant), (), "constant", ""
        elif v.setting is not None:
            expr, guards, source, typ = speller.setting(v.setting), (), "setting", ""
        else:
            expr, guards = speller.access(v.steps)
            source = "argument"
            typ = speller.value_type(v.steps) if speller.value_type else speller.type(v.leaf.type if v.leaf else None)
        return share(
            ValueView(
                wire=v.wire,
                place=v.place,
                expr=expr,
                source=source,
                kind=v.kind,
                item_kind=v.item_kind or "",
                numeric_enum=v.numeric_enum,
                optional=v.optional,
                guards=guards,
                repeated=v.repeated,
                comma_separated=v.comma_separated,
                type=typ,
                constant=v.constant or "",
                setting=v.setting or "",
            )
        )

    def part(p: PathPart) -> PathPartView:
        return share(PathPartView(p.text, value(p.value) if p.value is not None else None))

    reply = request.reply
    return RequestView(
        method=request.method,
        template=template,
        path=tuple(part(p) for p in request.path),
        query=tuple(value(v) for v in request.query),
        headers=tuple(value(v) for v in request.headers),
        body=tuple(_key(k, value, share) for k in request.body),
        has_body=request.has_body,
        reply=reply.kind,
        reply_key=reply.key,
        result_type=speller.type(reply.type) if reply.kind != "none" else "",
        item_type=speller.type(reply.item) if reply.item is not None else "",
        idempotent=request.idempotent,
        auto_idempotency_key=request.auto_idempotency_key,
        setters=tuple(value(v) for v in reply.setters),
        host=request.host or "",
    )


def json_text(value: str) -> str:
    """A constant's text as a JSON string literal (valid in most languages' string syntax)."""
    return json.dumps(value)
