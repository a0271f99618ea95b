"""The cases of one language: a call per operation with an HTTP reference, one error, one pagination."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any, Literal

from codegen.ir import LanguageAPI
from codegen.samples import Declarations, SampleCall, sample_call

Kind = Literal["call", "error", "pages"]

ERROR_REPLY = {"code": "conformance_error", "message": "Sample failure"}
REQUEST_ID = "req_conformance"
CURSOR = "cursor-2"
_PAGING = {"after", "before", "limit", "order"}


@dataclass(frozen=True)
class Case:
    index: int
    kind: Kind
    call: SampleCall

    @property
    def name(self) -> str:
        suffix = "" if self.kind == "call" else f" [{self.kind}]"
        return f"{self.call.language} {self.call.operation.id}{suffix}"

    def pages(self) -> tuple[Any, Any]:
        """The two page replies of a ``pages`` case."""
        item = self.call.reply["data"][0]
        items = []
        for n in (1, 2):
            one = copy.deepcopy(item)
            if isinstance(one, dict) and "id" in one:
                one["id"] = f"item-{n}"
            items.append(one)
        first = {"data": [items[0]], "list_metadata": {"before": None, "after": CURSOR}}
        second = {"data": [items[1]], "list_metadata": {"before": "cursor-1", "after": None}}
        return first, second

    def expected_items(self) -> list[Any]:
        first, second = self.pages()
        return [*first["data"], *second["data"]]


def cases(api: LanguageAPI, referenced: set[str]) -> list[Case]:
    """Every call case of ``api`` (operations whose id the HTTP reference documents), then the
    error case and the pagination case."""
    decls = Declarations.of(api)
    calls = [
        _last_page(sample_call(op, api, decls, awkward_paths=True))
        for op in sorted(api.operations, key=lambda o: (o.id or "", o.name))
        if op.http is not None and op.id in referenced
    ]
    result = [Case(i, "call", call) for i, call in enumerate(calls)]
    if calls:
        result.append(Case(len(result), "error", calls[0]))
    pageable = next((c for c in calls if _pageable(c)), None)
    if pageable is not None:
        required = tuple(a for a in pageable.args if not a.field.optional and a.wire_name not in _PAGING)
        result.append(Case(len(result), "pages", replace(pageable, args=required)))
    return result


def _last_page(call: SampleCall) -> SampleCall:
    """A list reply without an ``after`` cursor: a call case's reply is one whole page, so an SDK
    that follows cursors eagerly stops there."""
    reply = call.reply
    if isinstance(reply, dict) and isinstance(reply.get("list_metadata"), dict) and "after" in reply["list_metadata"]:
        reply = {**reply, "list_metadata": {k: v for k, v in reply["list_metadata"].items() if k != "after"}}
        return replace(call, reply=reply)
    return call


def _pageable(call: SampleCall) -> bool:
    reply = call.reply
    return (
        isinstance(reply, dict)
        and isinstance(reply.get("data"), list)
        and bool(reply["data"])
        and isinstance(reply.get("list_metadata"), dict)
        and call.operation.http is not None
        and any(p.name == "after" and p.place == "query" for p in call.operation.http.params)
    )
