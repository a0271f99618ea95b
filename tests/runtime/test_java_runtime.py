"""The Java runtime keeps docs/RUNTIME.md: the seed page's SDK (runtime included) compiled with
javac, driven through a scripted Transport by a program in the runtime's own package (so it can
read the retry waits without sleeping them), which prints what it saw as one JSON object."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import toolchains
from helpers import SEED, SPECS, render_specs, require_tool, write_tree

PROBE = r"""
package com.example.sdk.runtime;

import com.example.sdk.common.models.Challenge;
import com.example.sdk.common.models.ChallengeFactorOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.*;

public class Probe {
    /** A transport that answers from a script and records what it was sent. */
    static final class Scripted implements Transport {
        final Deque<Object> script = new ArrayDeque<>();
        final List<Map<String, Object>> sent = new ArrayList<>();

        Scripted then(int status, String body, String... headers) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                map.put(headers[i], List.of(headers[i + 1]));
            }
            script.add(new Response(status, map, body.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Scripted fail(IOException e) {
            script.add(e);
            return this;
        }

        @Override
        public Response send(String method, String url, Map<String, String> headers, byte[] body) {
            throw new AssertionError("the client must pass its timeout");
        }

        @Override
        public Response send(String method, String url, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("method", method);
            one.put("url", url);
            one.put("headers", new TreeMap<>(headers));
            one.put("timeout_ms", timeout.toMillis());
            sent.add(one);
            Object next = script.removeFirst();
            if (next instanceof IOException) {
                throw (IOException) next;
            }
            return (Response) next;
        }
    }

    static ApiClient client(Scripted transport, int retries) {
        return ApiClient.builder()
            .apiKey("sk_test").baseUrl("http://x.test").maxRetries(retries).transport(transport).build();
    }

    /** What a call did: its result or exception, and the requests sent. */
    static Map<String, Object> run(Scripted transport, Callable call) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("result", String.valueOf(call.run()));
        } catch (ApiException e) {
            out.put("error", e.getClass().getSimpleName());
            out.put("status", e.getStatus());
            out.put("code", e.getCode());
            out.put("message", e.getErrorMessage());
            out.put("request_id", e.getRequestId());
            out.put("raw", e.getBody());
            out.put("text", e.getMessage());
            if (e instanceof RateLimitExceededException) {
                out.put("retry_after", ((RateLimitExceededException) e).getRetryAfter());
            }
        } catch (RuntimeException e) {
            out.put("error", e.getClass().getSimpleName());
            out.put("text", e.getMessage());
        }
        out.put("sent", transport.sent);
        return out;
    }

    interface Callable {
        Object run();
    }

    static ApiRequest get() {
        return new ApiRequest("GET", "/things/{id}").path("id", "t 1");
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        ObjectMapper mapper = ApiClient.newMapper();

        Scripted t = new Scripted().then(503, "").then(429, "", "Retry-After", "0").then(200, "{\"a\": 1}");
        out.put("get_retried", run(t, () -> client(t, 3).send(get(), JsonNode.class)));

        Scripted t2 = new Scripted().then(503, "").then(502, "<html>bad</html>", "X-Request-ID", "req_9");
        out.put("retries_run_out", run(t2, () -> client(t2, 1).send(get(), JsonNode.class)));

        Scripted t3 = new Scripted().then(500, "{}");
        out.put("retries_off", run(t3, () -> client(t3, 0).send(get(), JsonNode.class)));

        Scripted t4 = new Scripted().then(503, "").then(200, "{}");
        out.put("post_not_retried", run(t4, () -> client(t4, 3).send(
            new ApiRequest("POST", "/things"), JsonNode.class)));

        Scripted t5 = new Scripted().then(503, "").then(200, "{}");
        out.put("post_generated_key", run(t5, () -> client(t5, 3).send(
            new ApiRequest("POST", "/things").generateIdempotencyKey(), JsonNode.class)));

        Scripted t6 = new Scripted().then(503, "").then(200, "{}");
        RequestOptions options = RequestOptions.builder()
            .idempotencyKey("key-1").header("X-Extra", "yes").header("accept", "text/plain")
            .timeout(Duration.ofMillis(1500)).build();
        out.put("post_given_key", run(t6, () -> client(t6, 3).send(
            new ApiRequest("POST", "/things"), JsonNode.class, options)));

        Scripted t7 = new Scripted().then(400, "{}");
        out.put("bad_request_not_retried", run(t7, () -> client(t7, 3).send(get(), JsonNode.class)));

        Scripted t8 = new Scripted().fail(new ConnectException("refused")).then(200, "{}");
        out.put("connection_retried", run(t8, () -> client(t8, 1).send(get(), JsonNode.class)));

        Scripted t9 = new Scripted().fail(new HttpTimeoutException("slow")).then(200, "{}");
        out.put("timeout", run(t9, () -> client(t9, 3).send(get(), JsonNode.class)));
        Scripted t9b = new Scripted().fail(new ConnectException("refused"));
        out.put("connection_failed", run(t9b, () -> client(t9b, 0).send(get(), JsonNode.class)));

        Scripted t10 = new Scripted().then(307, "", "Location", "http://elsewhere.test/x");
        out.put("redirect", run(t10, () -> client(t10, 3).send(get(), JsonNode.class)));

        Map<String, Object> statuses = new LinkedHashMap<>();
        for (int status : new int[] {400, 401, 403, 404, 409, 422, 429, 500, 503, 307, 418}) {
            Scripted s = new Scripted().then(status, "{\"error\": \"e\", \"error_description\": \"d\"}");
            statuses.put(String.valueOf(status), run(s, () -> client(s, 0).send(get(), JsonNode.class)));
        }
        out.put("statuses", statuses);
        String both = "{\"code\": \"c\", \"message\": \"m\", \"error\": \"e\"}";
        Scripted t11 = new Scripted().then(422, both, "x-request-id", "r");
        out.put("code_first", run(t11, () -> client(t11, 0).send(get(), JsonNode.class)));
        Scripted t12 = new Scripted().then(429, "", "Retry-After", "7");
        out.put("rate_limited", run(t12, () -> client(t12, 0).send(get(), JsonNode.class)));
        Scripted t13 = new Scripted().then(429, "");
        out.put("rate_limited_bare", run(t13, () -> client(t13, 0).send(get(), JsonNode.class)));

        Map<String, Object> refused = new LinkedHashMap<>();
        for (String value : new String[] {"", ".", ".."}) {
            Scripted s = new Scripted();
            refused.put("path " + value, run(s, () -> client(s, 0).send(
                new ApiRequest("DELETE", "/things/{id}").path("id", value), JsonNode.class)));
        }
        Scripted s1 = new Scripted();
        refused.put("api key", run(s1, () -> client(s1, 0).getClass()));
        refused.put("api key CR LF", run(s1, () -> ApiClient.builder().apiKey("sk\r\nX: y").transport(s1).build()));
        refused.put("api key NUL", run(s1, () -> new ApiClient("sk\0", "http://x.test", s1)));
        refused.put("header value", run(s1, () -> RequestOptions.builder().header("X-A", "a\nb").build()));
        refused.put("header name", run(s1, () -> RequestOptions.builder().header("X A", "a").build()));
        refused.put("header name colon", run(s1, () -> RequestOptions.builder().header("X:A", "a").build()));
        refused.put("idempotency key", run(s1, () -> RequestOptions.builder().idempotencyKey("k\r").build()));
        refused.put("fine path", run(s1, () -> ApiRequest.segment("a/..b")));
        out.put("refused", refused);

        Scripted t14 = new Scripted().then(201, "{\"id\": \"c_1\"}");
        ApiClient defaults = ApiClient.builder().apiKey("sk_test").transport(t14).build();
        Challenge challenge = defaults.mfa().challengeFactor(
            ChallengeFactorOptions.builder().authenticationFactorId("f/1").build());
        out.put("generated_method", Map.of("id", challenge.getId(), "sent", t14.sent));
        ApiClient withId = ApiClient.builder().apiKey("k").clientId("client_1").build();
        out.put("defaults", List.of(defaults.getBaseUrl(), defaults.getTimeout().toMillis(), defaults.getMaxRetries(),
            String.valueOf(defaults.getClientId()), withId.getClientId()));
        out.put("user_agent", ApiClient.USER_AGENT);

        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30).atOffset(ZoneOffset.UTC));
        Map<String, Object> waits = new LinkedHashMap<>();
        waits.put("0 1", ApiClient.retryWait(0, null, now, 1.0).toMillis());
        waits.put("0 0.5", ApiClient.retryWait(0, null, now, 0.5).toMillis());
        waits.put("1 1", ApiClient.retryWait(1, null, now, 1.0).toMillis());
        waits.put("3 1", ApiClient.retryWait(3, null, now, 1.0).toMillis());
        waits.put("4 1", ApiClient.retryWait(4, null, now, 1.0).toMillis());
        waits.put("40 0.5", ApiClient.retryWait(40, null, now, 0.5).toMillis());
        waits.put("after 7", ApiClient.retryWait(5, "7", now, 1.0).toMillis());
        waits.put("after 120", ApiClient.retryWait(0, "120", now, 1.0).toMillis());
        waits.put("after date", ApiClient.retryWait(0, later, now, 1.0).toMillis());
        waits.put("after past date", ApiClient.retryWait(0, earlier, now, 1.0).toMillis());
        waits.put("after junk", ApiClient.retryWait(0, "soon", now, 1.0).toMillis());
        out.put("waits", waits);
        System.out.println(mapper.writeValueAsString(out));
    }
}
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("java-runtime")
    files, diags = render_specs(SEED, "java")
    assert not diags.errors, diags.render()
    stdout = _compile_and_run(files, "Probe", PROBE, tmp)
    result: dict[str, Any] = json.loads(stdout)
    return result


def _compile_and_run(files: dict[str, str], main: str, program: str, tmp: Path) -> str:
    """The SDK's Java files and ``program`` (class ``main`` of the runtime package) compiled with
    javac -Xlint:all, then run; what it printed."""
    javac, java = require_tool("javac"), require_tool("java")
    write_tree({p: t for p, t in files.items() if p.endswith(".java")}, tmp / "src")
    write_tree({f"src/main/java/com/example/sdk/runtime/{main}.java": program}, tmp / "src")
    sources = sorted(str(p) for p in (tmp / "src").rglob("*.java"))
    jars = toolchains.jackson_classpath("annotations", "core", "databind")
    built = subprocess.run(
        [javac, "-encoding", "UTF-8", "-Xlint:all", "-cp", jars, "-d", str(tmp / "classes"), *sources],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    ran = subprocess.run(
        [java, "-cp", os.pathsep.join([str(tmp / "classes"), jars]), f"com.example.sdk.runtime.{main}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def _sent(case: dict[str, Any]) -> list[str]:
    return [f"{s['method']} {s['url']}" for s in case["sent"]]


def test_retryable_statuses_are_sent_again(probe: dict[str, Any]) -> None:
    case = probe["get_retried"]
    assert case["result"] == '{"a":1}'
    assert _sent(case) == ["GET http://x.test/things/t%201"] * 3
    # At most max retries: the last reply is the error.
    ran_out = probe["retries_run_out"]
    assert len(ran_out["sent"]) == 2 and ran_out["error"] == "ServerException" and ran_out["status"] == 502
    assert len(probe["retries_off"]["sent"]) == 1
    assert len(probe["bad_request_not_retried"]["sent"]) == 1
    assert probe["bad_request_not_retried"]["error"] == "BadRequestException"


def test_only_idempotent_requests_are_retried(probe: dict[str, Any]) -> None:
    post = probe["post_not_retried"]
    assert len(post["sent"]) == 1 and post["error"] == "ServerException"
    assert "Idempotency-Key" not in post["sent"][0]["headers"]
    generated = probe["post_generated_key"]
    assert generated["result"] == "{}" and len(generated["sent"]) == 2
    keys = [s["headers"]["Idempotency-Key"] for s in generated["sent"]]
    assert keys[0] == keys[1]  # one key per call, reused by its retries
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", keys[0])
    given = probe["post_given_key"]
    assert len(given["sent"]) == 2
    for sent in given["sent"]:
        assert sent["headers"]["Idempotency-Key"] == "key-1"
        assert sent["headers"]["X-Extra"] == "yes"
        # An extra header replaces the SDK's own of that name, whatever its case.
        assert sent["headers"]["accept"] == "text/plain" and "Accept" not in sent["headers"]
        assert sent["timeout_ms"] == 1500


def test_connection_failures_are_retried_timeouts_are_not(probe: dict[str, Any]) -> None:
    assert probe["connection_retried"]["result"] == "{}" and len(probe["connection_retried"]["sent"]) == 2
    timeout = probe["timeout"]
    assert timeout["error"] == "ApiTimeoutException" and len(timeout["sent"]) == 1
    failed = probe["connection_failed"]
    assert failed["error"] == "UncheckedIOException" and "refused" in failed["text"]


def test_redirects_are_errors(probe: dict[str, Any]) -> None:
    redirect = probe["redirect"]
    assert redirect["error"] == "ApiException" and redirect["status"] == 307
    assert "http://elsewhere.test/x" in redirect["text"] and len(redirect["sent"]) == 1


def test_each_status_family_has_its_class(probe: dict[str, Any]) -> None:
    classes = {status: case["error"] for status, case in probe["statuses"].items()}
    assert classes == {
        "400": "BadRequestException",
        "401": "UnauthorizedException",
        "403": "ForbiddenException",
        "404": "NotFoundException",
        "409": "ConflictException",
        "422": "UnprocessableEntityException",
        "429": "RateLimitExceededException",
        "500": "ServerException",
        "503": "ServerException",
        "307": "ApiException",
        "418": "ApiException",
    }
    # code/message from error/error_description when the body has no code/message.
    assert {(c["code"], c["message"]) for c in probe["statuses"].values()} == {("e", "d")}
    both = probe["code_first"]
    assert (both["code"], both["message"], both["request_id"]) == ("c", "m", "r")


def test_a_non_json_body_is_still_the_typed_error(probe: dict[str, Any]) -> None:
    error = probe["retries_run_out"]
    assert (error["code"], error["message"], error["request_id"]) == (None, None, "req_9")
    assert error["raw"] == "<html>bad</html>"


def test_rate_limit_carries_retry_after(probe: dict[str, Any]) -> None:
    assert probe["rate_limited"]["retry_after"] == 7
    assert probe["rate_limited_bare"]["retry_after"] is None
    assert probe["rate_limited"]["error"] == "RateLimitExceededException"


def test_bad_values_are_refused_before_sending(probe: dict[str, Any]) -> None:
    refused = probe["refused"]
    for value in ("", ".", ".."):
        case = refused[f"path {value}"]
        assert case["error"] == "IllegalArgumentException" and case["sent"] == [], value
        assert "id" in case["text"]
    for name in ("api key CR LF", "api key NUL", "header value", "header name", "header name colon", "idempotency key"):
        assert refused[name]["error"] == "IllegalArgumentException", name
    assert "\r" not in refused["header name"]["text"]
    assert "API key" in refused["api key CR LF"]["text"] and "sk" not in refused["api key CR LF"]["text"]
    assert "error" not in refused["api key"] and refused["fine path"]["result"] == "a%2F..b"


def test_generated_methods_go_through_the_runtime(probe: dict[str, Any]) -> None:
    method = probe["generated_method"]
    assert method["id"] == "c_1"
    [sent] = method["sent"]
    assert sent["url"] == "https://api.workos.com/auth/factors/f%2F1/challenge"
    assert sent["timeout_ms"] == 60_000
    assert sent["headers"]["User-Agent"] == probe["user_agent"]
    assert re.fullmatch(r"com\.example\.sdk/0\.1\.0 java/[0-9][0-9A-Za-z._+-]*", probe["user_agent"])
    assert probe["defaults"] == ["https://api.workos.com", 60_000, 3, "null", "client_1"]


def test_retry_waits(probe: dict[str, Any]) -> None:
    waits = probe["waits"]
    assert waits["0 1"] == 500 and waits["0 0.5"] == 250 and waits["1 1"] == 1000
    assert waits["3 1"] == 4000 and waits["4 1"] == 8000 and waits["40 0.5"] == 4000  # at most 8 s
    assert waits["after 7"] == 7000  # Retry-After wins over the backoff
    assert waits["after 120"] == 60_000  # at most 60 s
    assert waits["after date"] == 30_000 and waits["after past date"] == 0
    assert waits["after junk"] == 500  # not a valid header: the backoff


URL_PROBE = r"""
package com.example.sdk.runtime;

import java.util.List;

public class UrlProbe {
    public static void main(String[] args) {
        // No transport: a request would go to an unreachable host and throw.
        ApiClient client = ApiClient.builder().apiKey("sk_test").clientId("client_1").baseUrl("http://x.test").build();
        var builder = client.sso().getAuthorizationUrl("client_1", "https://app.test/cb");
        String bare = builder.build();
        String set = builder.connection("conn 1").state("s&t").connection("conn_2").build();
        System.out.println(String.join("\n", List.of(bare, set)));
    }
}
"""


def test_a_url_builder_object_sets_its_query_parameters_and_sends_nothing(tmp_path: Path) -> None:
    """Issue 20: Java documents `sso.getAuthorizationUrl(clientId, redirectUri)` as returning a
    builder (`.connection(value)`, ..., `build()`), as the published Java SDK has it: the setters
    reach the URL (a setter called twice keeps its last value), and nothing is sent."""
    files, diags = render_specs([SPECS / "sso" / "get-authorization-url"], "java")
    assert not diags.errors, diags.render()
    stdout = _compile_and_run(files, "UrlProbe", URL_PROBE, tmp_path)
    bare, set_ = (urllib.parse.urlsplit(line) for line in stdout.splitlines())
    base = [("client_id", ["client_1"]), ("redirect_uri", ["https://app.test/cb"]), ("response_type", ["code"])]
    assert (bare.netloc, bare.path) == ("x.test", "/sso/authorize")
    assert sorted(urllib.parse.parse_qs(bare.query).items()) == base
    assert sorted(urllib.parse.parse_qs(set_.query).items()) == sorted(
        [*base, ("connection", ["conn_2"]), ("state", ["s&t"])]
    )
