"""The views templates receive: frozen dataclasses of plain values (str, int, bool, tuples of
views). They are the templates' documented contract, and the only thing a template sees: never
an IR model or an object with methods (a template override is untrusted code).

Everything here is already decided by the plan (``codegen/plan/requests.py``) and spelled in the
language by its tables and hooks (``codegen/plan/spell.py``); a template only shapes it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
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
    # A list in the query: the key once per item.
    repeated: bool
    # The language's type of ``expr`` (empty for constants and settings).
    type: str
    # For a constant: its text; for a setting: "client_id" or "api_key".
    constant: str
    setting: str


@dataclass(frozen=True)
class BodyKeyView:
    """One key of the JSON body: a value, or an object of further keys."""

    wire: str
    value: ValueView | None
    keys: tuple[BodyKeyView, ...]


@dataclass(frozen=True)
class PathPartView:
    text: str  # literal text (when ``value`` is None)
    value: ValueView | None


@dataclass(frozen=True)
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
