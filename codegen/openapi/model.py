"""The one shape both sources are read into before they are compared: the API's OpenAPI
(:mod:`codegen.openapi.document`) and the docs' HTTP reference (:mod:`codegen.openapi.reference`).

Only what decides whether a request is right is kept: the method, the path template, the host,
each parameter's wire name, place, whether it is required, its shape (scalar kind, list, closed set
of values) and, for a list in the query, how it is encoded; and the top-level keys of the reply.
Both readers produce these, so :mod:`codegen.openapi.match` compares like with like, and an
export read back (:mod:`codegen.openapi.export`) gives exactly what it was written from.
"""

from __future__ import annotations

import re
from typing import Literal

from ..diagnostics import Loc
from ..records import dataclass

Place = Literal["path", "query", "header", "body"]
PLACES: tuple[Place, ...] = ("path", "query", "header", "body")
# The scalar kinds of JSON values a parameter can take (JSON Schema's names).
KINDS = ("string", "integer", "number", "boolean", "object")
_HOLE = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Shape:
    """What a value is on the wire: its kind (None: unknown, any), whether it is a list of it,
    and the closed set of values it takes (sorted; empty: any value of the kind)."""

    kind: str | None = None
    array: bool = False
    enum: tuple[str, ...] = ()

    def words(self) -> str:
        inner = f"one of {' | '.join(self.enum)}" if self.enum else (self.kind or "any value")
        return f"a list of {inner}" if self.array else inner


@dataclass(frozen=True)
class Param:
    """One parameter of a request."""

    name: str
    place: Place
    required: bool
    shape: Shape
    loc: Loc
    # A list in the query: True when the key is repeated per item (``a=1&a=2``, OpenAPI's
    # ``style: form, explode: true``), False when the items are joined by commas (``explode: false``).
    explode: bool | None = None
    description: str | None = None
    # The one value it takes (``grant_type: authorization_code``): it tells apart the variants of a
    # request body that the API documents as ``oneOf``.
    const: str | None = None
    # A credential the API reads from ``Authorization: Bearer`` (an OpenAPI security scheme of this
    # name, other than the API key): ``name`` is the scheme's.
    bearer: bool = False

    @property
    def key(self) -> str:
        """What names it across the two sources: header names are case-insensitive."""
        return self.name.lower() if self.place == "header" else self.name


@dataclass(frozen=True)
class Operation:
    """One operation: an OpenAPI operation, or one HTTP operation of the docs."""

    method: str  # upper case
    path: str  # template with {name} holes
    id: str  # the operationId, or the docs' id
    loc: Loc
    # Path, query and header parameters (the path ones in the path's order).
    params: tuple[Param, ...] = ()
    # The JSON body's keys; several variants when the API documents the body as ``oneOf``.
    bodies: tuple[tuple[Param, ...], ...] = ()
    # The host the operation is served on when it is not the API's default (``https://auth.workos.com``).
    host: str | None = None
    # The top-level keys of the JSON object it replies with; None when that is not known (no
    # reply documented, a list, a text value).
    reply: tuple[str, ...] | None = None
    # The keys of each variant of a reply the API documents as ``oneOf`` (``reply`` is all of them).
    replies: tuple[tuple[str, ...], ...] = ()
    # Parameters of which the API takes one variant (``x-mutually-exclusive-body-groups``): per
    # group, the names of each variant.
    exclusive: tuple[tuple[tuple[str, ...], ...], ...] = ()
    summary: str | None = None
    # An export of codegen's (``codegen openapi``): the docs' operation ids this operation stands
    # for (``x-codegen-operations``), and which of them each body and reply variant is
    # (``x-codegen-id``), so the export can be read back as the docs' operations.
    codegen_ids: tuple[str, ...] = ()
    body_ids: tuple[str | None, ...] = ()
    reply_ids: tuple[str | None, ...] = ()

    @property
    def shape_key(self) -> tuple[str, str]:
        return self.method, normal_path(self.path)

    def holes(self) -> list[str]:
        return _HOLE.findall(self.path)

    def all_params(self) -> tuple[Param, ...]:
        """The parameters and the first body variant's keys (the docs have one body)."""
        return self.params + (self.bodies[0] if self.bodies else ())


def normal_path(path: str) -> str:
    """A path with its placeholders unnamed: two paths that differ only in the names of their
    holes name the same operation."""
    return _HOLE.sub("{}", path.rstrip("/") or "/")


def segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def is_hole(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")
