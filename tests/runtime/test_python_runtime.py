"""The Python SDK's runtime keeps docs/RUNTIME.md: each rule run on a rendered SDK, with a fake
transport (what is sent, how often, what comes out) and, for the default transport, a local
HTTP server (redirects, stalls, refused connections)."""

from __future__ import annotations

import email.utils
import http.server
import importlib
import json
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import ROOT, SPECS, render_specs, write_tree

from codegen.config import Config
from codegen.languages.python import PythonSettings

PAGES = [SPECS / "index.mdx", *(SPECS / area for area in ("organization", "mfa", "pagination"))]
PACKAGE = "runtime_sdk"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The SDK of a few corpus pages, rendered and imported."""
    settings = PythonSettings(package=PACKAGE, package_name="acme-sdk", version="2.3.4")
    files, diags = render_specs(PAGES, "python", Config(root=ROOT, settings={"python": settings}))
    assert not diags.errors
    tree = write_tree(files, tmp_path_factory.mktemp("runtime"))
    sys.path.insert(0, str(tree))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tree))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def waits(sdk: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The runtime's sleeps between attempts, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(sdk._runtime, "_sleep", slept.append)
    return slept


Reply = tuple[int, dict[str, str], Any]  # status, headers, JSON body (bytes: as they are; None: empty)


class Fake:
    """A transport that records each request and answers from a queue (an exception is raised)."""

    def __init__(self, sdk: Any, *replies: Reply | BaseException) -> None:
        self.sdk = sdk
        self.replies = list(replies)
        self.sent: list[dict[str, Any]] = []

    def send(self, method: str, url: str, headers: dict[str, str], body: bytes | None, *, timeout: float) -> Any:
        self.sent.append({"method": method, "url": url, "headers": dict(headers), "body": body, "timeout": timeout})
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, BaseException):
            raise reply
        status, headers_, found = reply
        raw = found if isinstance(found, bytes) else b"" if found is None else json.dumps(found).encode()
        return self.sdk.Response(status, headers_, raw)


ORG = {"object": "organization", "id": "org_1", "name": "One"}


def client(sdk: Any, fake: Fake, **settings: Any) -> Any:
    return sdk.Client("sk_test", transport=fake, **settings)


# --------------------------------------------------------------------------- client settings


def test_settings_and_their_defaults(sdk: Any) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    default = client(sdk, fake)
    assert (default.timeout, default.max_retries, default.client_id) == (60.0, 3, None)
    assert default.base_url == "https://api.workos.com"
    assert sdk._runtime.CONNECT_TIMEOUT == 10.0
    custom = client(sdk, fake, client_id="client_1", base_url="http://h.test/v1/", timeout=2.5, max_retries=0)
    assert (custom.client_id, custom.base_url, custom.timeout, custom.max_retries) == (
        "client_1",
        "http://h.test/v1",
        2.5,
        0,
    )
    custom.organizations.get_organization("org_1")
    sent = fake.sent[0]
    assert sent["url"] == "http://h.test/v1/organizations/org_1" and sent["timeout"] == 2.5
    assert sent["headers"]["Authorization"] == "Bearer sk_test"


def test_user_agent_names_the_package_its_version_and_python(sdk: Any) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    client(sdk, fake).organizations.get_organization("org_1")
    agent = fake.sent[0]["headers"]["User-Agent"]
    assert agent == f"acme-sdk/2.3.4 python/{'.'.join(map(str, sys.version_info[:3]))}"
    assert sdk.__version__ == "2.3.4"


@pytest.mark.parametrize(
    "settings",
    [
        {"timeout": 0},
        {"timeout": -1},
        {"timeout": "5"},
        {"max_retries": -1},
        {"max_retries": 1.5},
        {"base_url": "ftp://x"},
    ],
)
def test_bad_settings_are_refused(sdk: Any, settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        client(sdk, Fake(sdk, (200, {}, ORG)), **settings)


# ------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("value", ["", ".", "..", None])
def test_a_path_value_naming_another_resource_is_refused_before_sending(sdk: Any, value: Any) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    with pytest.raises(ValueError, match="path parameter"):
        client(sdk, fake).organizations.get_organization(value)
    assert fake.sent == []


def test_other_path_values_are_one_escaped_segment(sdk: Any) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    for value in ("...", "a/../b", "%2e%2e", ". "):
        client(sdk, fake).organizations.get_organization(value)
    paths = [s["url"].removeprefix("https://api.workos.com") for s in fake.sent]
    assert paths == [
        "/organizations/...",
        "/organizations/a%2F..%2Fb",
        "/organizations/%252e%252e",
        "/organizations/.%20",
    ]


@pytest.mark.parametrize("bad", ["\r", "\n", "\x00", "a\r\nX-Injected: yes"])
def test_header_values_with_cr_lf_or_nul_are_refused(sdk: Any, bad: str) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        sdk.Client(f"sk{bad}", transport=fake)
    good = client(sdk, fake)
    for options in (
        sdk.RequestOptions(idempotency_key=f"key{bad}"),
        sdk.RequestOptions(extra_headers={"X-Trace": f"t{bad}"}),
    ):
        with pytest.raises(ValueError, match="CR, LF or NUL"):
            good.request("GET", "/organizations", options=options)
    good.api_key = f"sk{bad}"  # changed after construction: still refused when sending
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        good.organizations.get_organization("org_1")
    assert fake.sent == []


@pytest.mark.parametrize("name", ["", "X Trace", "X-Trace:", "Ünicode", "X\r\nY", "(x)"])
def test_header_names_that_are_not_tokens_are_refused(sdk: Any, name: str) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    with pytest.raises(ValueError, match="not a valid HTTP header name"):
        client(sdk, fake).request("GET", "/x", options=sdk.RequestOptions(extra_headers={name: "v"}))
    assert fake.sent == []


# ------------------------------------------------------------------------ request options


def test_request_options_add_headers_and_set_this_calls_timeout(sdk: Any) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    options = sdk.RequestOptions(
        idempotency_key="key-1", extra_headers={"x-trace": "t", "accept": "text/plain"}, timeout=1.5
    )
    client(sdk, fake).request("GET", "/organizations/org_1", options=options)
    sent = fake.sent[0]
    assert sent["timeout"] == 1.5
    assert sent["headers"]["Idempotency-Key"] == "key-1" and sent["headers"]["x-trace"] == "t"
    # An extra header takes the place of the runtime's own, whatever its case.
    assert sent["headers"]["accept"] == "text/plain" and "Accept" not in sent["headers"]


def test_service_calls_pass_request_options_through(sdk: Any) -> None:
    fake = Fake(sdk, (200, {}, ORG))
    service = client(sdk, fake).organizations
    options = sdk.RequestOptions(idempotency_key="k", extra_headers={"X-Trace": "t1"})
    service.get_organization("org_1", request_options=options)
    assert fake.sent[0]["headers"]["Idempotency-Key"] == "k"
    assert fake.sent[0]["headers"]["X-Trace"] == "t1"


# --------------------------------------------------------------------------------- retries


def test_a_get_is_retried_after_429_and_5xx_with_the_reply_s_retry_after(sdk: Any, waits: list[float]) -> None:
    fake = Fake(
        sdk,
        (429, {"Retry-After": "2"}, {}),
        (503, {"retry-after": "0.25"}, {}),
        (502, {"Retry-After": "3600"}, {}),
        (200, {}, ORG),
    )
    found = client(sdk, fake).organizations.get_organization("org_1")
    assert found.id == "org_1" and len(fake.sent) == 4
    assert waits == [2, 0.25, 60.0]  # at most 60 s


def test_retry_after_as_an_http_date(sdk: Any, waits: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    fake = Fake(sdk, (503, {"Retry-After": when}, {}), (200, {}, ORG))
    client(sdk, fake).organizations.get_organization("org_1")
    assert len(waits) == 1 and 25 < waits[0] <= 30


def test_without_retry_after_the_wait_is_exponential_with_jitter(sdk: Any, waits: list[float]) -> None:
    fake = Fake(sdk, (500, {}, {}))
    with pytest.raises(sdk.ServerError):
        client(sdk, fake, max_retries=6).organizations.get_organization("org_1")
    assert len(fake.sent) == 7
    for attempt, wait in enumerate(waits):
        top = min(0.5 * 2**attempt, 8.0)
        assert top * 0.5 <= wait <= top, (attempt, wait)
    samples = {round(sdk._runtime._backoff(0), 6) for _ in range(50)}
    assert len(samples) > 10  # random, not a fixed wait


@pytest.mark.parametrize("status", [400, 401, 404, 409, 422, 501])
def test_other_statuses_are_not_retried(sdk: Any, waits: list[float], status: int) -> None:
    fake = Fake(sdk, (status, {}, {}), (200, {}, ORG))
    with pytest.raises(sdk.APIError):
        client(sdk, fake).organizations.get_organization("org_1")
    assert len(fake.sent) == 1 and waits == []


def test_max_retries_bounds_the_attempts_and_zero_turns_retries_off(sdk: Any, waits: list[float]) -> None:
    for retries in (0, 1, 3):
        fake = Fake(sdk, (503, {"Retry-After": "0"}, {}))
        with pytest.raises(sdk.ServerError):
            client(sdk, fake, max_retries=retries).organizations.get_organization("org_1")
        assert len(fake.sent) == retries + 1


def test_a_post_is_retried_only_with_an_idempotency_key(sdk: Any, waits: list[float]) -> None:
    busy: Reply = (503, {"Retry-After": "0"}, {})
    fake = Fake(sdk, busy, (200, {}, ORG))
    with pytest.raises(sdk.ServerError):
        client(sdk, fake).request("POST", "/organizations", body={"name": "x"})
    assert len(fake.sent) == 1
    fake = Fake(sdk, busy, busy, (200, {}, ORG))
    options = sdk.RequestOptions(idempotency_key="mine")
    client(sdk, fake).request("POST", "/organizations", body={"name": "x"}, options=options)
    assert [s["headers"]["Idempotency-Key"] for s in fake.sent] == ["mine"] * 3


def test_an_idempotent_request_gets_one_uuid4_key_for_all_its_attempts(sdk: Any, waits: list[float]) -> None:
    busy: Reply = (500, {"Retry-After": "0"}, {})
    fake = Fake(sdk, busy, busy, (200, {}, ORG))
    api = client(sdk, fake)
    api.request("POST", "/organizations", body={"name": "x"}, idempotent=True)
    keys = {s["headers"]["Idempotency-Key"] for s in fake.sent}
    assert len(fake.sent) == 3 and len(keys) == 1
    assert uuid.UUID(keys.pop()).version == 4
    fake.sent.clear()
    fake.replies = [(200, {}, ORG)]
    api.request("POST", "/organizations", body={"name": "x"}, idempotent=True)
    api.request("POST", "/organizations", body={"name": "x"})
    assert "Idempotency-Key" in fake.sent[0]["headers"] and "Idempotency-Key" not in fake.sent[1]["headers"]


def test_a_connection_failure_is_retried_a_timeout_is_not(sdk: Any, waits: list[float]) -> None:
    refused = sdk.APIConnectionError("refused")
    fake = Fake(sdk, refused, refused, (200, {}, ORG))
    assert client(sdk, fake).organizations.get_organization("org_1").id == "org_1"
    assert len(fake.sent) == 3 and len(waits) == 2
    fake = Fake(sdk, refused)
    with pytest.raises(sdk.APIConnectionError):
        client(sdk, fake).request("POST", "/organizations", body={})
    assert len(fake.sent) == 1
    for stalled in (TimeoutError("late"), sdk.APITimeoutError(0.5)):
        fake = Fake(sdk, stalled, (200, {}, ORG))
        with pytest.raises(sdk.APITimeoutError) as caught:
            client(sdk, fake, timeout=0.5).organizations.get_organization("org_1")
        assert len(fake.sent) == 1 and stalled in (caught.value, caught.value.__cause__)
        assert not isinstance(caught.value, sdk.APIError) and isinstance(caught.value, TimeoutError)


# ---------------------------------------------------------------------------------- errors

FAMILIES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "ServerError"),
    (502, "ServerError"),
    (599, "ServerError"),
    (301, "APIError"),
    (307, "APIError"),
    (402, "APIError"),
    (418, "APIError"),
]


@pytest.mark.parametrize(("status", "name"), FAMILIES)
def test_each_status_is_its_family_s_class(sdk: Any, status: int, name: str) -> None:
    body = {"code": "some_code", "message": "Some message"}
    fake = Fake(sdk, (status, {"X-Request-ID": "req_1"}, body))
    with pytest.raises(sdk.APIError) as caught:
        client(sdk, fake, max_retries=0).organizations.get_organization("org_1")
    error = caught.value
    assert type(error) is getattr(sdk, name)
    assert (error.status, error.code, error.message, error.request_id) == (status, "some_code", "Some message", "req_1")
    assert json.loads(error.raw) == body == error.body


def test_a_non_json_error_body_is_still_the_typed_error(sdk: Any) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    fake = Fake(sdk, (502, {"x-request-id": "req_2", "Content-Type": "text/html"}, page))
    with pytest.raises(sdk.ServerError) as caught:
        client(sdk, fake, max_retries=0).organizations.get_organization("org_1")
    error = caught.value
    assert (error.status, error.code, error.message, error.body) == (502, None, None, None)
    assert error.raw == page.decode() and error.request_id == "req_2"
    assert str(error) == "502 Bad Gateway (request id req_2)"


def test_oauth_style_error_bodies_give_code_and_message(sdk: Any) -> None:
    body = {"error": "invalid_grant", "error_description": "The code has expired."}
    fake = Fake(sdk, (400, {}, body))
    with pytest.raises(sdk.BadRequestError) as caught:
        client(sdk, fake).organizations.get_organization("org_1")
    assert (caught.value.code, caught.value.message, caught.value.request_id) == (
        "invalid_grant",
        "The code has expired.",
        None,
    )


@pytest.mark.parametrize(("header", "expected"), [("7", 7), ("1.5", 1.5), (None, None), ("soon", None)])
def test_the_rate_limit_error_carries_retry_after(sdk: Any, header: str | None, expected: float | None) -> None:
    fake = Fake(sdk, (429, {} if header is None else {"Retry-After": header}, {"message": "Slow down"}))
    with pytest.raises(sdk.RateLimitError) as caught:
        client(sdk, fake, max_retries=0).organizations.get_organization("org_1")
    assert caught.value.retry_after == expected and caught.value.message == "Slow down"


def test_a_redirect_is_an_error_naming_its_location(sdk: Any) -> None:
    fake = Fake(sdk, (307, {"Location": "https://elsewhere.test/x"}, None))
    with pytest.raises(sdk.APIError) as caught:
        client(sdk, fake).request("DELETE", "/organizations/org_1")
    assert caught.value.status == 307 and "https://elsewhere.test/x" in str(caught.value)
    assert len(fake.sent) == 1


# ---------------------------------------------------------------- the default transport, live


class _Handler(http.server.BaseHTTPRequestHandler):
    """``/redirect``: 302 to ``/target``; ``/stall``: answers after 3 s; else 200 ``{}``."""

    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/target")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/stall":
            time.sleep(3)
        body = json.dumps({"object": "organization", "id": "org_live", "name": "Live"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the stall)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_urllib_transport_gets_a_reply(sdk: Any, server: str, no_proxy: None) -> None:
    found = sdk.Client("sk_test", base_url=server).request("GET", "/organizations/org_live")
    assert found == {"object": "organization", "id": "org_live", "name": "Live"}


def test_urllib_transport_never_follows_a_redirect(sdk: Any, server: str, no_proxy: None) -> None:
    _Handler.seen.clear()
    with pytest.raises(sdk.APIError) as caught:
        sdk.Client("sk_test", base_url=server).request("GET", "/redirect")
    assert type(caught.value) is sdk.APIError and caught.value.status == 302
    assert "/target" in str(caught.value) and _Handler.seen == ["/redirect"]


def test_urllib_transport_times_out_with_the_typed_error(sdk: Any, server: str, no_proxy: None) -> None:
    started = time.monotonic()
    with pytest.raises(sdk.APITimeoutError):
        sdk.Client("sk_test", base_url=server, timeout=0.3).request("GET", "/stall")
    assert time.monotonic() - started < 2.0
    options = sdk.RequestOptions(timeout=0.3)
    with pytest.raises(sdk.APITimeoutError):
        sdk.Client("sk_test", base_url=server).request("GET", "/stall", options=options)


def test_urllib_transport_retries_a_refused_connection(sdk: Any, waits: list[float], no_proxy: None) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(sdk.APIConnectionError) as caught:
        api = sdk.Client("sk_test", base_url=f"http://127.0.0.1:{port}", max_retries=2)
        api.request("GET", "/x", query=[("access_token", "secret")])
    assert len(waits) == 2 and caught.value.__cause__ is not None
    assert "/x" in str(caught.value) and "secret" not in str(caught.value)  # the query may hold a token


def test_the_connect_timeout_is_the_shorter_one(sdk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Connecting waits at most CONNECT_TIMEOUT; reading then waits the request's timeout."""
    used: list[float | None] = []

    def create_connection(address: Any, timeout: Any = None, *args: Any, **kwargs: Any) -> Any:
        used.append(timeout)
        raise ConnectionRefusedError("no")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    for timeout in (60.0, 4.0):
        with pytest.raises(sdk.APIConnectionError):
            sdk.Client("sk_test", base_url="http://h.test", timeout=timeout, max_retries=0).request("GET", "/")
    assert used == [10.0, 4.0]


def test_the_runtime_keeps_to_the_standard_library(sdk: Any) -> None:
    with open(sdk._runtime.__file__, encoding="utf-8") as file:
        imported = re.findall(r"^(?:import|from) ([a-z_]+)", file.read(), re.M)
    assert "urllib" in imported and "json" in imported
    assert set(imported) - {"__future__"} <= sys.stdlib_module_names
