"""The TypeScript runtime (templates/js/runtime.ts.j2) keeps docs/RUNTIME.md, rule by rule.

``runtime.ts`` is rendered (with package settings of its own), compiled alone with tsc (strict,
no unused locals or parameters) to CommonJS, and driven by small node programs: fake transports
for what the client decides (refusals, retries, errors, idempotency keys, timeouts), the
recording server of the conformance run for what goes over the wire (redirects, stalls,
connection failures).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SEED, TOOLCHAINS, render_specs

from codegen.config import Config
from codegen.languages.js import JsSettings
from conformance.server import Reply, Server

UUID4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"

# A fake transport: answers with ``replies`` in turn (the last one again), records what it got.
PRELUDE = """
const rt = require("./runtime.js");
const sent = [];
function fake(...replies) {
  return {
    async send(request) {
      sent.push(request);
      const reply = replies[Math.min(sent.length, replies.length) - 1];
      if (typeof reply === "function") return reply(request);
      return { status: 200, headers: {}, body: "", ...reply };
    },
  };
}
function client(transport, options = {}) {
  return new rt.Client({ apiKey: "sk_1", baseUrl: "https://api.test", transport, ...options });
}
async function outcome(promise) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error.name, message: error.message, ...error };
  }
}
const GET = { method: "GET", path: "/things" };
const POST = { method: "POST", path: "/things", body: { name: "x" } };
"""


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tsc = shutil.which("tsc") or shutil.which("tsc", path=str(TOOLCHAINS / "node_modules/.bin"))
    if tsc is None or shutil.which("node") is None:
        pytest.skip("tsc or node not found; install the toolchains with `make toolchains`")
    settings = JsSettings(package_name="@acme/sdk", version="1.2.3")
    files, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": settings}))
    folder = tmp_path_factory.mktemp("js-runtime")
    (folder / "runtime.ts").write_text(files["src/runtime.ts"], encoding="utf-8")
    (folder / "package.json").write_text('{"type": "commonjs"}\n', encoding="utf-8")
    options = ["--strict", "--noUnusedLocals", "--noUnusedParameters", "--target", "ES2022", "--module", "commonjs"]
    # No type packages: the runtime declares the platform's globals it uses itself.
    done = subprocess.run([tsc, *options, "--lib", "ES2022", "runtime.ts"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def run(runtime: Path, body: str, timeout: float = 60) -> Any:
    """Runs ``body`` (inside an async function, after PRELUDE) with node; returns what it
    passes to ``out(...)`` (JSON)."""
    script = PRELUDE + "(async () => {\n" + textwrap.indent(textwrap.dedent(body), "  ") + "\n})().catch((e) => {\n"
    script += "  console.error(e);\n  process.exit(1);\n});\n"
    script += "function out(value) { console.log(JSON.stringify(value)); }\n"
    path = runtime / "check.js"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(["node", str(path)], cwd=runtime, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- what is refused before anything is sent ------------------------------------------------
@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_path_value_that_names_another_resource_is_refused(runtime: Path, value: str) -> None:
    got = run(runtime, f"out(await outcome((async () => rt.pathSegment({json.dumps(value)}))()));")
    assert got["error"] == "TypeError" and json.dumps(value) in got["message"]


def test_every_other_path_value_is_one_encoded_segment(runtime: Path) -> None:
    values = ["...", ".a", "a/b", "a b?#%", "é", 7]
    got = run(runtime, f"out({json.dumps(values)}.map((v) => rt.pathSegment(v)));")
    assert got == ["...", ".a", "a%2Fb", "a%20b%3F%23%25", "%C3%A9", "7"]


@pytest.mark.parametrize("key", ["sk\r\nX-Injected: yes", "sk\n", "sk\r", "sk\x00"])
def test_an_api_key_that_would_break_the_header_is_refused(runtime: Path, key: str) -> None:
    body = f"""
    const transport = fake({{}});
    const made = await outcome((async () => client(transport, {{ apiKey: {json.dumps(key)} }}))());
    out({{ made, sent: sent.length }});
    """
    got = run(runtime, body)
    assert got["made"]["error"] == "TypeError" and "API key" in got["made"]["message"]
    assert key not in got["made"]["message"]  # a secret is never echoed
    assert got["sent"] == 0


@pytest.mark.parametrize(
    ("options", "word"),
    [
        ('{ headers: { "X-Trace": "a\\r\\nX-Injected: yes" } }', "X-Trace"),
        ('{ headers: { "X-Trace": "a\\u0000" } }', "X-Trace"),
        ('{ headers: { "Bad Name": "a" } }', "header name"),
        ('{ headers: { "X:Y": "a" } }', "header name"),
        ('{ headers: { "": "a" } }', "header name"),
        ('{ idempotencyKey: "k\\n" }', "idempotency key"),
    ],
)
def test_a_header_that_would_break_the_request_is_refused(runtime: Path, options: str, word: str) -> None:
    body = f"const t = fake({{}}); out({{ ...(await outcome(client(t).send(GET, {options}))), n: sent.length }});"
    got = run(runtime, body)
    assert got["error"] == "TypeError" and word in got["message"], got
    assert got["n"] == 0


def test_well_formed_extra_headers_and_keys_are_sent(runtime: Path) -> None:
    body = """
    const t = fake({});
    await client(t).send(POST, { headers: { "x-trace": "1", "user-agent": "mine" }, idempotencyKey: "key-1" });
    out(sent[0].headers);
    """
    headers = run(runtime, body)
    assert headers["x-trace"] == "1" and headers["Idempotency-Key"] == "key-1"
    assert headers["user-agent"] == "mine" and "User-Agent" not in headers  # replaced, not doubled
    assert headers["Content-Type"] == "application/json" and headers["Authorization"] == "Bearer sk_1"


# --- client settings ------------------------------------------------------------------------
def test_settings_and_their_defaults(runtime: Path) -> None:
    body = """
    const plain = new rt.Client({ apiKey: "sk" });
    const set = new rt.Client({
      apiKey: "sk", clientId: "client_1", baseUrl: "https://x.test/", timeout: 5, maxRetries: 0,
    });
    const bad = [];
    const wrong = [{ maxRetries: -1 }, { maxRetries: 1.5 }, { timeout: 0 }, { timeout: -1 }, { timeout: NaN }];
    for (const options of wrong) {
      bad.push((await outcome((async () => new rt.Client({ apiKey: "sk", ...options }))())).error);
    }
    const t = fake({});
    await client(t).send(GET);
    out({
      plain: [
        plain.baseUrl, plain.timeout, plain.maxRetries, plain.clientId ?? null,
        plain.transport instanceof rt.FetchTransport,
      ],
      set: [set.baseUrl, set.timeout, set.maxRetries, set.clientId],
      bad,
      agent: sent[0].headers["User-Agent"],
      attemptTimeout: sent[0].timeout,
    });
    """
    got = run(runtime, body)
    assert got["plain"] == ["https://api.workos.com", 60000, 3, None, True]
    assert got["set"] == ["https://x.test", 5, 0, "client_1"]
    assert got["bad"] == ["RangeError"] * 5
    assert re.fullmatch(r"@acme/sdk/1\.2\.3 node/\d+\.\d+\.\d+", got["agent"]), got["agent"]
    assert got["attemptTimeout"] == 60000


# --- retries --------------------------------------------------------------------------------
def _attempts(runtime: Path, request: str, replies: str, options: str = "{}", call: str = "{}") -> dict[str, Any]:
    body = f"""
    const t = fake({replies});
    const got = await outcome(client(t, {options}).send({request}, {call}));
    out({{ error: got.error ?? null, status: got.status ?? null, n: sent.length }});
    """
    result: dict[str, Any] = run(runtime, body)
    return result


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_a_retryable_request_is_sent_again_after_a_retryable_status(runtime: Path, status: int) -> None:
    replies = f'{{ status: {status}, headers: {{ "retry-after": "0" }} }}, {{ body: "{{}}" }}'
    assert _attempts(runtime, "GET", replies) == {"error": None, "status": None, "n": 2}


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
def test_the_retryable_methods(runtime: Path, method: str) -> None:
    replies = '{ status: 503, headers: { "retry-after": "0" } }, { status: 204 }'
    assert _attempts(runtime, f'{{ method: "{method}", path: "/x" }}', replies)["n"] == 2


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_other_methods_are_not_retried_without_an_idempotency_key(runtime: Path, method: str) -> None:
    replies = '{ status: 503, headers: { "retry-after": "0" } }, { status: 204 }'
    request = f'{{ method: "{method}", path: "/x" }}'
    assert _attempts(runtime, request, replies) == {"error": "ServerError", "status": 503, "n": 1}
    assert _attempts(runtime, request, replies, call='{ idempotencyKey: "k" }')["n"] == 2


def test_retries_stop_at_max_retries_and_zero_turns_them_off(runtime: Path) -> None:
    always = '{ status: 500, headers: { "retry-after": "0" } }'
    assert _attempts(runtime, "GET", always) == {"error": "ServerError", "status": 500, "n": 4}
    assert _attempts(runtime, "GET", always, "{ maxRetries: 1 }")["n"] == 2
    assert _attempts(runtime, "GET", always, "{ maxRetries: 0 }")["n"] == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501, 307])
def test_other_statuses_are_not_retried(runtime: Path, status: int) -> None:
    assert _attempts(runtime, "GET", f"{{ status: {status} }}")["n"] == 1


def test_a_connection_failure_is_retried_other_transport_errors_are_not(runtime: Path) -> None:
    refused = '() => { throw new rt.ConnectionError("refused", new Error("ECONNREFUSED")); }'
    assert _attempts(runtime, "GET", f'{refused}, {{ body: "{{}}" }}', "{ maxRetries: 1 }")["n"] == 2
    assert _attempts(runtime, "POST", f'{refused}, {{ body: "{{}}" }}', "{ maxRetries: 1 }")["n"] == 1
    other = '() => { throw new Error("a bug in the transport"); }'
    assert _attempts(runtime, "GET", f'{other}, {{ body: "{{}}" }}', "{ maxRetries: 1 }") == {
        "error": "Error",
        "status": None,
        "n": 1,
    }


def test_a_timeout_is_not_retried(runtime: Path) -> None:
    stall = "() => new Promise(() => {})"
    body = f"""
    const t = fake({stall});
    const got = await outcome(client(t, {{ timeout: 50 }}).send(GET));
    out({{ got, n: sent.length, aborted: sent[0].signal.aborted }});
    """
    got = run(runtime, body)
    assert got["got"]["error"] == "TimeoutError" and got["got"]["timeout"] == 50
    assert got["n"] == 1 and got["aborted"] is True


def test_a_request_timeout_overrides_the_client_timeout(runtime: Path) -> None:
    body = """
    const t = fake(() => new Promise(() => {}));
    const started = Date.now();
    const got = await outcome(client(t, { timeout: 60000, maxRetries: 0 }).send(GET, { timeout: 30 }));
    out({ got, elapsed: Date.now() - started, timeout: sent[0].timeout });
    """
    got = run(runtime, body)
    assert got["got"]["error"] == "TimeoutError" and got["timeout"] == 30 and got["elapsed"] < 5000


def test_the_wait_is_retry_after_else_backoff_with_jitter(runtime: Path) -> None:
    body = """
    out({
      low: [0, 1, 2, 3, 4, 5, 10].map((n) => rt.retryDelay(n, null, () => 0)),
      high: [0, 1, 2, 3, 4, 5, 10].map((n) => rt.retryDelay(n, null, () => 1)),
      after: [0, 7, 60, 61, 3600].map((s) => rt.retryDelay(3, s)),
      parsed: ["7", " 2 ", "1.5", "-1", "soon", "", "Thu, 01 Jan 1970 00:00:30 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"]
        .map((v) => rt.parseRetryAfter(v, 10000)),
      absent: rt.parseRetryAfter(undefined),
    });
    """
    got = run(runtime, body)
    assert got["low"] == [250, 500, 1000, 2000, 4000, 4000, 4000]  # min(0.5 s * 2^n, 8 s) * 0.5
    assert got["high"] == [500, 1000, 2000, 4000, 8000, 8000, 8000]  # ... * 1
    assert got["after"] == [0, 7000, 60000, 60000, 60000]  # Retry-After, at most 60 s
    assert got["parsed"] == [7, 2, 1.5, None, None, None, 20, 0]
    assert got["absent"] is None


def test_the_client_waits_as_retry_after_says(runtime: Path) -> None:
    body = """
    const times = [];
    const t = fake(
      () => { times.push(Date.now()); return { status: 429, headers: { "Retry-After": "1" }, body: "" }; },
      () => { times.push(Date.now()); return { status: 200, headers: {}, body: "{}" }; },
    );
    await client(t).send(GET);
    out(times[1] - times[0]);
    """
    waited = run(runtime, body)
    assert 950 <= waited < 5000


def test_a_generated_idempotency_key_is_a_uuid4_reused_on_every_retry(runtime: Path) -> None:
    body = """
    const busy = { status: 503, headers: { "retry-after": "0" } };
    const t = fake(busy, busy, { body: "{}" });
    await client(t).send({ ...POST, generateIdempotencyKey: true });
    const keys = sent.map((r) => r.headers["Idempotency-Key"]);
    await client(fake({})).send({ ...POST, generateIdempotencyKey: true });
    await client(fake({})).send({ ...POST, generateIdempotencyKey: true }, { idempotencyKey: "mine" });
    await client(fake({})).send(POST);
    const [next, given, none] = sent.slice(3).map((r) => r.headers["Idempotency-Key"] ?? null);
    out({ keys, next, given, none });
    """
    got = run(runtime, body)
    assert len(got["keys"]) == 3 and len(set(got["keys"])) == 1  # a POST with a key is retried, with that key
    assert re.fullmatch(UUID4, got["keys"][0]) and re.fullmatch(UUID4, got["next"])
    assert got["next"] != got["keys"][0]
    assert got["given"] == "mine" and got["none"] is None


def test_uuid4_without_web_crypto(runtime: Path) -> None:
    body = """
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
    out([rt.uuid4(), rt.uuid4()]);
    """
    first, second = run(runtime, body)
    assert re.fullmatch(UUID4, first) and re.fullmatch(UUID4, second) and first != second


# --- typed errors ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "UnauthorizedError"),
        (403, "ForbiddenError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitExceededError"),
        (500, "ServerError"),
        (503, "ServerError"),
        (599, "ServerError"),
        (402, "ApiError"),
        (418, "ApiError"),
        (302, "ApiError"),
        (600, "ApiError"),
    ],
)
def test_each_status_is_its_family_class(runtime: Path, status: int, name: str) -> None:
    body = f"""
    const body = '{{"code":"c","message":"m"}}';
    const t = fake({{ status: {status}, headers: {{ "X-Request-ID": "req_1" }}, body }});
    const error = await client(t, {{ maxRetries: 0 }}).send(GET).catch((e) => e);
    out({{
      name: error.name,
      ctor: error.constructor.name,
      api: error instanceof rt.ApiError,
      isError: error instanceof Error,
      fields: [error.status, error.code, error.apiMessage, error.message, error.requestId],
    }});
    """
    got = run(runtime, body)
    assert got == {"name": name, "ctor": name, "api": True, "isError": True, "fields": [status, "c", "m", "m", "req_1"]}


def test_an_html_error_page_is_still_the_typed_error(runtime: Path) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    body = f"""
    const t = fake({{ status: 502, headers: {{ "content-type": "text/html" }}, body: {json.dumps(page)} }});
    const e = await client(t, {{ maxRetries: 0 }}).send(GET).catch((e) => e);
    out([e.name, e.status, e.code, e.apiMessage, e.message, e.requestId, e.rawBody, e.body]);
    """
    assert run(runtime, body) == ["ServerError", 502, None, None, "HTTP 502", None, page, page]


def test_error_and_error_description_stand_in_for_code_and_message(runtime: Path) -> None:
    body = """
    const oauth = '{"error":"invalid_grant","error_description":"The code expired"}';
    const both = '{"code":"c","message":"m","error":"e","error_description":"d"}';
    const result = [];
    for (const text of [oauth, both, '{"message": 3}', "[]", ""]) {
      const e = await client(fake({ status: 400, body: text })).send(GET).catch((e) => e);
      result.push([e.code, e.apiMessage]);
    }
    out(result);
    """
    assert run(runtime, body) == [
        ["invalid_grant", "The code expired"],
        ["c", "m"],
        [None, None],
        [None, None],
        [None, None],
    ]


def test_rate_limit_error_carries_retry_after(runtime: Path) -> None:
    body = """
    const limited = fake({ status: 429, headers: { "Retry-After": "7" } });
    const seven = await client(limited, { maxRetries: 0 }).send(GET).catch((e) => e);
    const none = await client(fake({ status: 429 }), { maxRetries: 0 }).send(GET).catch((e) => e);
    out([seven.retryAfter, none.retryAfter, seven instanceof rt.RateLimitExceededError]);
    """
    assert run(runtime, body) == [7, None, True]


def test_timeout_and_connection_errors_are_not_api_errors(runtime: Path) -> None:
    body = """
    const timeout = new rt.TimeoutError("late", 5);
    const cause = new Error("ECONNRESET");
    const connection = new rt.ConnectionError("reset", cause);
    out([
      timeout instanceof rt.ApiError, timeout.name,
      connection instanceof rt.ApiError, connection.name, connection.cause === cause,
    ]);
    """
    assert run(runtime, body) == [False, "TimeoutError", False, "ConnectionError", True]


# --- over the wire: the default transport ---------------------------------------------------
def test_a_redirect_is_not_followed(runtime: Path) -> None:
    with Server() as server, Server() as elsewhere:
        target = f"{elsewhere.url}/c/x/things"
        server.recorder.responders["r"] = lambda request: Reply(307, headers=(("Location", target),))
        body = f"""
        const c = new rt.Client({{ apiKey: "sk_1", baseUrl: "{server.url}/c/r" }});
        const e = await c.send({{ method: "DELETE", path: "/things/1" }}).catch((e) => e);
        out([e.name, e.status, e.message]);
        """
        name, status, message = run(runtime, body)
        assert elsewhere.recorder.requests == {}
        assert len(server.recorder.requests["r"]) == 1
    assert (name, status) == ("ApiError", 307) and target in message


def test_a_stalled_reply_is_the_typed_timeout(runtime: Path) -> None:
    with Server() as server:
        server.recorder.responders["s"] = lambda request: Reply(200, {}, delay=3)
        body = f"""
        const c = new rt.Client({{ apiKey: "sk_1", baseUrl: "{server.url}/c/s", timeout: 300 }});
        const started = Date.now();
        const e = await c.send(GET).catch((e) => e);
        out([e.name, e.timeout, Date.now() - started]);
        """
        name, timeout, elapsed = run(runtime, body)
        assert len(server.recorder.requests["s"]) == 1  # not retried
    assert (name, timeout) == ("TimeoutError", 300) and elapsed < 2500


def test_a_refused_connection_is_a_connection_error_and_retried(runtime: Path) -> None:
    server = Server()  # bound, never served: then closed, so the port refuses
    url = server.url
    server.httpd.server_close()
    body = f"""
    let tries = 0;
    const transport = new rt.FetchTransport();
    const counting = {{ send: (r) => {{ tries++; return transport.send(r); }} }};
    const c = new rt.Client({{ apiKey: "sk_1", baseUrl: "{url}", maxRetries: 1, transport: counting }});
    const e = await c.send(GET).catch((e) => e);
    out([e.name, e.cause instanceof Error, tries]);
    """
    assert run(runtime, body) == ["ConnectionError", True, 2]


def test_the_wire_request(runtime: Path) -> None:
    with Server() as server:
        server.recorder.responders["w"] = lambda request: Reply(200, {"ok": True})
        body = f"""
        const c = new rt.Client({{ apiKey: "sk_1", baseUrl: "{server.url}/c/w/" }});
        const query = [["q", ["x y", "z"]], ["skip", undefined], ["e", ""]];
        const body = {{ name: "n", skip: undefined, when: new Date(Date.UTC(2024, 0, 2)) }};
        const reply = await c.send(
          {{ method: "POST", path: "/a%2Fb", query, body }},
          {{ idempotencyKey: "k1", headers: {{ "X-Trace": "t" }} }},
        );
        out(reply);
        """
        assert run(runtime, body) == {"ok": True}
        (request,) = server.recorder.requests["w"]
    assert (request.method, request.path) == ("POST", "/a%2Fb")
    assert request.query == (("q", "x y"), ("q", "z"), ("e", ""))
    assert json.loads(request.body) == {"name": "n", "when": "2024-01-02T00:00:00Z"}
    headers = request.headers
    assert headers["authorization"] == "Bearer sk_1" and headers["idempotency-key"] == "k1"
    assert headers["x-trace"] == "t" and headers["content-type"] == "application/json"
    assert re.fullmatch(r"@acme/sdk/1\.2\.3 node/\d+\.\d+\.\d+", headers["user-agent"])


# --- what the generated methods use of the client --------------------------------------------
def test_client_settings_fill_requests_and_a_missing_client_id_is_refused(runtime: Path) -> None:
    body = """
    const t = fake({});
    const withId = client(t, { clientId: "client_1" });
    const without = client(t);
    out({
      id: withId.setting("client_id"),
      secret: withId.setting("api_key"),
      optional: without.setting("client_id", false) ?? null,
      refused: await outcome((async () => without.setting("client_id"))()),
    });
    """
    got = run(runtime, body)
    assert (got["id"], got["secret"], got["optional"]) == ("client_1", "sk_1", None)
    assert got["refused"]["error"] == "TypeError" and "clientId" in got["refused"]["message"]


def test_a_url_is_built_on_the_base_url_and_nothing_is_sent(runtime: Path) -> None:
    body = """
    const t = fake({});
    const url = client(t).url({
      method: "GET", path: "/sso/authorize",
      query: [["client_id", "c 1"], ["scopes", ["a", "b"]], ["state", undefined]],
    });
    out({ url, sent: sent.length });
    """
    assert run(runtime, body) == {"url": "https://api.test/sso/authorize?client_id=c%201&scopes=a&scopes=b", "sent": 0}


def test_a_one_key_reply_is_unwrapped_and_decoded(runtime: Path) -> None:
    body = """
    const t = fake({ body: JSON.stringify({ token: { expires_at: "2024-01-02T03:04:05Z" } }) });
    const shape = { fields: () => ({ expiresAt: ["expires_at", "date"] }) };
    const got = await client(t).request({ method: "POST", path: "/t", unwrap: "token" }, shape);
    out([got.expiresAt instanceof Date, got.expiresAt.toISOString()]);
    """
    assert run(runtime, body) == [True, "2024-01-02T03:04:05.000Z"]


def test_a_list_is_a_page_whose_items_go_on_through_the_cursors(runtime: Path) -> None:
    body = """
    const page = (ids, after) => ({
      body: JSON.stringify({
        data: ids.map((id) => ({ id, first_name: id.toUpperCase() })),
        list_metadata: { before: null, after },
      }),
    });
    const t = fake(page(["a"], "cursor 2"), page(["b", "c"], null));
    const item = { fields: () => ({ id: ["id"], firstName: ["first_name"] }) };
    const first = await client(t).list({ method: "GET", path: "/users", query: [["limit", 1]] }, item);
    const items = [];
    for await (const one of first.autoPagination()) items.push(one);
    out({ data: first.data, meta: first.listMetadata, items, urls: sent.map((r) => r.url) });
    """
    got = run(runtime, body)
    assert got["data"] == [{"id": "a", "firstName": "A"}]
    assert got["meta"] == {"before": None, "after": "cursor 2"}
    assert [i["id"] for i in got["items"]] == ["a", "b", "c"]
    assert got["urls"] == ["https://api.test/users?limit=1", "https://api.test/users?limit=1&after=cursor%202"]


def test_header_parameters_are_sent_and_an_idempotency_key_among_them_is_the_key(runtime: Path) -> None:
    body = """
    const busy = { status: 503, headers: { "retry-after": "0" } };
    const t = fake(busy, {});
    const headers = [["Idempotency-Key", "k-1"], ["X-Other", 7], ["X-Unset", undefined]];
    await client(t).send({ ...POST, headers, generateIdempotencyKey: true });
    const given = sent.map((r) => r.headers);
    await client(fake({})).send({ ...POST, headers }, { idempotencyKey: "mine" });
    out({ given, options: sent[2].headers });
    """
    got = run(runtime, body)
    assert len(got["given"]) == 2  # a POST with a key is retried
    for headers in got["given"]:
        assert headers["Idempotency-Key"] == "k-1" and headers["X-Other"] == "7" and "X-Unset" not in headers
    assert [v for k, v in got["options"].items() if k.lower() == "idempotency-key"] == ["mine"]
