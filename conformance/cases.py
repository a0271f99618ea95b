"""The cases of one language: a call per operation with an HTTP reference, one error, one
pagination, and the runtime's cases against a hostile or broken API (docs/RUNTIME.md)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any, Literal

from codegen.ir import LanguageAPI, Operation
from codegen.plan.requests import request
from codegen.plan.sdk import PAGE_PARAMS
from codegen.samples import Declarations, SampleCall, sample_call, value_of

Kind = Literal[
    "call",
    "error",
    "pages",
    # The runtime against a hostile or broken API (docs/RUNTIME.md), on one GET operation:
    "retry",  # 429 (Retry-After: 0), then the reply: retried, the result comes out whole
    "rate_limited",  # 429 (Retry-After: 7) with retries off: the typed rate-limit error, retry_after 7
    "server_error",  # 502 with an HTML body, retries off: the typed server error, raw text kept
    "redirect",  # 307 to another host: not followed, an error; the other host sees nothing
    "timeout",  # no answer within the client's timeout (0.5 s): the typed timeout error
    "bad_header",  # an API key holding CR LF: refused before anything is sent
    "bad_path",  # a path value that is "", "." or "..": refused before anything is sent
]
# What every driver of the current contract runs (``CONTRACT = 2`` in the driver module).
RUNTIME_KINDS: tuple[Kind, ...] = (
    "retry",
    "rate_limited",
    "server_error",
    "redirect",
    "timeout",
    "bad_header",
    "bad_path",
)

API_KEY = "sk_test_conformance"
# The client id every case's client is constructed with: sent where a request takes client_id.
CLIENT_ID = "client_conformance"
ERROR_REPLY = {"code": "conformance_error", "message": "Sample failure"}
REQUEST_ID = "req_conformance"
CURSOR = "cursor-2"
RETRY_AFTER = 7
HTML_502 = "<html><body><h1>502 Bad Gateway</h1></body></html>"
# The client timeout of a ``timeout`` case and how long the server keeps it waiting.
TIMEOUT = 0.5
STALL = 4.0


@dataclass(frozen=True)
class Case:
    index: int
    kind: Kind
    call: SampleCall
    # How the driver constructs this case's client: the API key, the timeout in seconds (None:
    # the SDK's default) and the number of retries (None: the SDK's default).
    api_key: str = API_KEY
    timeout: float | None = None
    max_retries: int | None = None
    client_id: str = CLIENT_ID
    # What the method does with the reply (the plan's): "none", "json", "unwrap" (returns one
    # key's value), "page" (the items of a list, auto-paginated), "url" (builds a URL, sends nothing).
    reply_kind: str = "json"
    # What the server answers a "call" case, and what the method returns of it (JSON form).
    server_reply: Any = None
    expected: Any = None
    # The plan generates an idempotency key when the call gives none.
    auto_idempotency_key: bool = False

    @property
    def name(self) -> str:
        suffix = "" if self.kind == "call" else f" [{self.kind}]"
        detail = f" {self.bad_value()!r}" if self.kind == "bad_path" else ""
        return f"{self.call.language} {self.call.operation.id}{suffix}{detail}"

    def pages(self) -> tuple[Any, Any]:
        """The two page replies of a ``pages`` case."""
        item = self.server_reply["data"][0]
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

    def bad_value(self) -> str | None:
        """The refused path value of a ``bad_path`` case."""
        return next((a.value for a in self.call.args if a.place == "path"), None)


def cases(api: LanguageAPI, referenced: set[str], kinds: tuple[Kind, ...] = ()) -> list[Case]:
    """Every call case of ``api`` (operations whose id the HTTP reference documents), then the
    error case, the pagination case and the runtime cases among ``kinds``."""
    decls = Declarations.of(api)
    calls = [
        _last_page(sample_call(op, api, decls, awkward_paths=True))
        for op in sorted(api.operations, key=lambda o: (o.id or "", o.name))
        if op.http is not None and op.id in referenced
    ]
    result = [Case(i, "call", call, **_replies(call, api, decls)) for i, call in enumerate(calls)]

    def add(like: Case, kind: Kind, **changes: Any) -> None:
        result.append(replace(like, index=len(result), kind=kind, **changes))

    if result:
        add(result[0], "error")
    pageable = next((c for c in result if c.reply_kind == "page" and c.server_reply["data"][0] is not None), None)
    if pageable is not None:
        required = tuple(a for a in pageable.call.args if not a.field.optional and a.wire_name not in PAGE_PARAMS)
        add(pageable, "pages", call=replace(pageable.call, args=required))
    get = next((c for c in result if c.kind == "call" and c.reply_kind == "json" and _plain_get(c.call)), None)
    if get is not None:
        if "retry" in kinds:
            add(get, "retry")
        if "rate_limited" in kinds:
            add(get, "rate_limited", max_retries=0)
        if "server_error" in kinds:
            add(get, "server_error", max_retries=0)
        if "redirect" in kinds:
            add(get, "redirect", max_retries=0)
        if "timeout" in kinds:
            add(get, "timeout", timeout=TIMEOUT, max_retries=0)
        if "bad_header" in kinds:
            add(get, "bad_header", api_key="sk_test\r\nX-Injected: yes")
    with_path = next((c for c in result if c.kind == "call" and _string_path(c.call) is not None), None)
    if with_path is not None and "bad_path" in kinds:
        at = _string_path(with_path.call)
        assert at is not None
        for value in ("", ".", ".."):
            args = list(with_path.call.args)
            args[at] = replace(args[at], value=value)
            add(with_path, "bad_path", call=replace(with_path.call, args=tuple(args), holes=()), max_retries=0)
    return result


def _replies(call: SampleCall, api: LanguageAPI, decls: Declarations) -> dict[str, Any]:
    """A call case's reply kind, what the server answers (the HTTP reply's shape) and what the
    method returns of it."""
    planned = request(call.operation, api, decls) if api.language != "curl" else None  # curl prints the reply
    reply = planned.reply if planned is not None else None
    kind = reply.kind if reply is not None else "json"
    found: dict[str, Any] = {"auto_idempotency_key": bool(planned and planned.auto_idempotency_key)}
    if reply is None or kind == "json":
        return {**found, "reply_kind": "json", "server_reply": call.reply, "expected": call.reply}
    if kind in ("none", "url"):
        return {**found, "reply_kind": kind, "server_reply": None, "expected": None}
    if kind == "unwrap":
        value = value_of(reply.type, decls, hint=reply.key)
        return {**found, "reply_kind": kind, "server_reply": {reply.key: value}, "expected": value}
    item = value_of(reply.item, decls, hint="item")
    page = {"data": [item], "list_metadata": {"before": None, "after": None}}
    return {**found, "reply_kind": kind, "server_reply": page, "expected": [item]}


def url_only(op: Operation, api: LanguageAPI) -> bool:
    planned = request(op, api)
    return planned is not None and planned.url_only


def _last_page(call: SampleCall) -> SampleCall:
    """A list reply without an ``after`` cursor: a call case's reply is one whole page, so an SDK
    that follows cursors eagerly stops there."""
    reply = call.reply
    if isinstance(reply, dict) and isinstance(reply.get("list_metadata"), dict) and "after" in reply["list_metadata"]:
        reply = {**reply, "list_metadata": {k: v for k, v in reply["list_metadata"].items() if k != "after"}}
        return replace(call, reply=reply)
    return call


def _plain_get(call: SampleCall) -> bool:
    """A GET with a JSON object reply and no path parameter left unfilled: the runtime cases' call."""
    http = call.operation.http
    return http is not None and http.method.upper() == "GET" and isinstance(call.reply, dict) and not call.holes


def _string_path(call: SampleCall) -> int | None:
    """The index of the first path argument holding a string, if any."""
    return next(
        (i for i, a in enumerate(call.args) if a.place == "path" and isinstance(a.value, str)),
        None,
    )
