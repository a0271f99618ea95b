"""The C# runtime keeps docs/RUNTIME.md: one program, compiled once with mcs against the SDK the
fixture pages render (with package settings), runs every scenario through a scripted transport
(and a few through the default transport against the recording server) and prints what it saw;
each test below checks one rule of it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SPECS, render_specs, require_tool, write_tree

from codegen.config import Config
from codegen.languages.dotnet import DotnetSettings
from conformance.server import Reply, Server

PROGRAM = r"""
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Example.Sdk;

public sealed class Sent
{
    public string Method;
    public string Url;
    public Dictionary<string, string> Headers;
}

public sealed class Fake : ITransport
{
    public readonly List<Sent> Sent = new List<Sent>();
    public readonly Queue<Func<CancellationToken, Task<ApiResponse>>> Replies = new Queue<Func<CancellationToken, Task<ApiResponse>>>();

    public Task<ApiResponse> SendAsync(string method, string url, IDictionary<string, string> headers, string body, CancellationToken token)
    {
        Sent.Add(new Sent { Method = method, Url = url, Headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase) });
        return Replies.Dequeue()(token);
    }
}

public sealed class Recording : ApiClient
{
    public readonly List<double> Delays = new List<double>();

    public Recording(ITransport transport, int? maxRetries = null, TimeSpan? timeout = null, string baseUrl = "https://example.test", string apiKey = "sk_test")
        : base(apiKey, baseUrl, transport, clientId: "client_1", timeout: timeout, maxRetries: maxRetries)
    {
    }

    protected override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Delays.Add(delay.TotalSeconds);
        return Task.FromResult(0);
    }
}

public static class Program
{
    private static readonly JObject Out = new JObject();

    private static Func<CancellationToken, Task<ApiResponse>> Reply(int status, string body, params string[] headers)
    {
        return token =>
        {
            var map = new Dictionary<string, string>();
            for (var i = 0; i + 1 < headers.Length; i += 2)
            {
                map[headers[i]] = headers[i + 1];
            }
            return Task.FromResult(new ApiResponse(status, map, body));
        };
    }

    private static Func<CancellationToken, Task<ApiResponse>> Fails(Exception e)
    {
        return token =>
        {
            var t = new TaskCompletionSource<ApiResponse>();
            t.SetException(e);
            return t.Task;
        };
    }

    private static Func<CancellationToken, Task<ApiResponse>> Hangs(bool honoursCancel)
    {
        return token =>
        {
            var t = new TaskCompletionSource<ApiResponse>();
            if (honoursCancel)
            {
                token.Register(() => t.TrySetCanceled());
            }
            return t.Task;
        };
    }

    private static JObject Describe(Exception e)
    {
        while (e is AggregateException && e.InnerException != null)
        {
            e = e.InnerException;
        }
        var o = new JObject();
        o["class"] = e.GetType().Name;
        o["argument"] = e is ArgumentException;
        o["message"] = e.Message;
        var api = e as ApiException;
        if (api != null)
        {
            o["is_api_error"] = true;
            o["status"] = api.Status;
            o["code"] = api.Code;
            o["error_message"] = api.ErrorMessage;
            o["request_id"] = api.RequestId;
            o["body"] = api.Body;
            o["location"] = api.Location;
        }
        var limited = e as RateLimitExceededException;
        if (limited != null)
        {
            o["retry_after"] = limited.RetryAfter.HasValue ? (JToken)limited.RetryAfter.Value.TotalSeconds : JValue.CreateNull();
        }
        var timeout = e as ApiTimeoutException;
        if (timeout != null)
        {
            o["is_timeout_exception"] = e is TimeoutException;
            o["timeout"] = timeout.Timeout.TotalSeconds;
        }
        return o;
    }

    private static JObject Run(string name, Fake fake, Recording client, Func<Task> call)
    {
        var o = new JObject();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            call().GetAwaiter().GetResult();
            o["outcome"] = "ok";
        }
        catch (Exception e)
        {
            o["outcome"] = Describe(e);
        }
        o["seconds"] = watch.Elapsed.TotalSeconds;
        if (fake != null)
        {
            o["sent"] = JToken.FromObject(fake.Sent);
        }
        if (client != null)
        {
            o["delays"] = JToken.FromObject(client.Delays);
        }
        Out[name] = o;
        return o;
    }

    private static void Scenario(string name, string method, int? maxRetries, RequestOptions options, bool generateKey, params Func<CancellationToken, Task<ApiResponse>>[] replies)
    {
        var fake = new Fake();
        foreach (var reply in replies)
        {
            fake.Replies.Enqueue(reply);
        }
        var client = new Recording(fake, maxRetries);
        var request = new ApiRequest(method, "/things", method == "POST");
        request.GenerateIdempotencyKey = generateKey;
        Run(name, fake, client, () => client.SendRawAsync(request, CancellationToken.None, options));
    }

    public static void Main(string[] args)
    {
        var ok = Reply(200, "{}");
        // Retries
        Scenario("retry_backoff", "GET", null, null, false, Reply(503, ""), Reply(502, ""), Reply(500, ""), ok);
        Scenario("retry_exhausted", "GET", null, null, false, Reply(504, ""), Reply(504, ""), Reply(504, ""), Reply(504, ""), ok);
        Scenario("retries_off", "GET", 0, null, false, Reply(503, ""), ok);
        Scenario("retry_after_seconds", "GET", null, null, false, Reply(429, "", "Retry-After", "2"), ok);
        Scenario("retry_after_capped", "GET", null, null, false, Reply(429, "", "Retry-After", "3600"), ok);
        var date = DateTime.UtcNow.AddSeconds(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        Scenario("retry_after_date", "GET", null, null, false, Reply(503, "", "Retry-After", date), ok);
        Scenario("retry_after_unreadable", "GET", null, null, false, Reply(503, "", "Retry-After", "soon"), ok);
        foreach (var method in new[] { "HEAD", "PUT", "DELETE", "OPTIONS", "POST", "PATCH" })
        {
            Scenario("method_" + method, method, null, null, false, Reply(503, ""), ok);
        }
        Scenario("post_with_key", "POST", null, new RequestOptions { IdempotencyKey = "key-1" }, false, Reply(500, ""), ok);
        Scenario("generated_key", "POST", null, null, true, Reply(500, ""), Reply(429, ""), ok);
        Scenario("given_key_wins", "POST", null, new RequestOptions { IdempotencyKey = "mine" }, true, ok);
        Scenario("no_key", "GET", null, null, false, ok);
        foreach (var status in new[] { 400, 401, 403, 404, 409, 422, 501 })
        {
            Scenario("not_retried_" + status, "GET", null, null, false, Reply(status, ""), ok);
        }
        Scenario("connection_failure_get", "GET", null, null, false, Fails(new IOException("reset")), Fails(new System.Net.WebException("refused", System.Net.WebExceptionStatus.ConnectFailure)), ok);
        Scenario("connection_failure_post", "POST", null, null, false, Fails(new IOException("reset")), ok);

        var jitter = Enumerable.Range(0, 2000).Select(i => ApiClient.RetryDelay(0, null).TotalSeconds).ToList();
        Out["jitter_first"] = new JArray(jitter.Min(), jitter.Max());
        var late = Enumerable.Range(0, 2000).Select(i => ApiClient.RetryDelay(20, null).TotalSeconds).ToList();
        Out["jitter_late"] = new JArray(late.Min(), late.Max());

        // Timeouts: per attempt, never retried, the per-request one wins.
        var hang = new Fake();
        hang.Replies.Enqueue(Hangs(true));
        hang.Replies.Enqueue(ok);
        var hanging = new Recording(hang, 3, TimeSpan.FromSeconds(0.3));
        Run("timeout", hang, hanging, () => hanging.SendRawAsync(new ApiRequest("GET", "/slow", false), CancellationToken.None));
        var deaf = new Fake();
        deaf.Replies.Enqueue(Hangs(false));
        var deafClient = new Recording(deaf, 0, TimeSpan.FromSeconds(0.3));
        Run("timeout_transport_ignores_cancel", deaf, deafClient, () => deafClient.SendRawAsync(new ApiRequest("GET", "/slow", false), CancellationToken.None));
        var slow = new Fake();
        slow.Replies.Enqueue(Hangs(true));
        var slowClient = new Recording(slow, 0);
        Run("timeout_per_request", slow, slowClient, () => slowClient.SendRawAsync(new ApiRequest("GET", "/slow", false), CancellationToken.None, new RequestOptions { Timeout = TimeSpan.FromSeconds(0.3) }));
        var cancelled = new Fake();
        cancelled.Replies.Enqueue(Hangs(true));
        var cancelledClient = new Recording(cancelled, 3);
        var source = new CancellationTokenSource(TimeSpan.FromSeconds(0.3));
        Run("cancelled", cancelled, cancelledClient, () => cancelledClient.SendRawAsync(new ApiRequest("GET", "/slow", false), source.Token));

        // Errors by status and body.
        var bodies = new Dictionary<string, string>
        {
            { "json", "{\"code\":\"c1\",\"message\":\"m1\",\"error\":\"e1\"}" },
            { "oauth", "{\"error\":\"invalid_grant\",\"error_description\":\"The code is expired.\"}" },
            { "html", "<html><body>Bad Gateway</body></html>" },
            { "empty", "" },
            { "array", "[1, 2]" },
        };
        foreach (var status in new[] { 302, 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 599 })
        {
            foreach (var body in bodies)
            {
                Scenario("status_" + status + "_" + body.Key, "GET", 0, null, false, Reply(status, body.Value, "X-Request-ID", "req_1", "Location", "https://elsewhere.test/x"));
            }
        }
        Scenario("rate_limited_retry_after", "GET", 0, null, false, Reply(429, "{}", "Retry-After", "7"));

        // Refused before anything is sent.
        var refusals = new Dictionary<string, RequestOptions>
        {
            { "header_value_crlf", new RequestOptions { Headers = new Dictionary<string, string> { { "X-Trace", "a\r\nX-Injected: yes" } } } },
            { "header_value_lf", new RequestOptions { Headers = new Dictionary<string, string> { { "X-Trace", "a\nb" } } } },
            { "header_value_nul", new RequestOptions { Headers = new Dictionary<string, string> { { "X-Trace", "a\0b" } } } },
            { "header_name_space", new RequestOptions { Headers = new Dictionary<string, string> { { "X Trace", "a" } } } },
            { "header_name_colon", new RequestOptions { Headers = new Dictionary<string, string> { { "X-Trace:", "a" } } } },
            { "header_name_empty", new RequestOptions { Headers = new Dictionary<string, string> { { "", "a" } } } },
            { "idempotency_key_crlf", new RequestOptions { IdempotencyKey = "k\r\n" } },
        };
        foreach (var refusal in refusals)
        {
            Scenario("refused_" + refusal.Key, "GET", null, refusal.Value, false, ok);
        }
        var agent = new Fake();
        var agentClient = new Recording(agent);
        agentClient.UserAgent = "x\r\ny";
        Run("refused_user_agent", agent, agentClient, () => agentClient.SendRawAsync(new ApiRequest("GET", "/x", false), CancellationToken.None));
        Run("refused_api_key", null, null, () => { new Recording(new Fake(), apiKey: "sk\r\nX: y"); return Task.FromResult(0); });
        Run("refused_timeout", null, null, () => { new Recording(new Fake(), timeout: TimeSpan.Zero); return Task.FromResult(0); });
        Run("refused_retries", null, null, () => { new Recording(new Fake(), maxRetries: -1); return Task.FromResult(0); });
        foreach (var value in new[] { "", ".", "..", "...", "a.b", "a/b" })
        {
            var paths = new Fake();
            paths.Replies.Enqueue(Reply(204, ""));
            var pathClient = new Recording(paths);
            Run("path_" + JsonConvert.ToString(value), paths, pathClient, () => pathClient.Catalog.DeleteWidget(value));
        }
        var headers = new Fake();
        headers.Replies.Enqueue(ok);
        var headerClient = new Recording(headers);
        var extra = new RequestOptions { Headers = new Dictionary<string, string> { { "X-Trace", "t-1" }, { "accept", "text/plain" } } };
        Run("extra_headers", headers, headerClient, () => headerClient.SendRawAsync(new ApiRequest("GET", "/x", false), CancellationToken.None, extra));

        // The client's settings.
        var plain = new ApiClient("sk_test");
        Out["defaults"] = JObject.FromObject(new
        {
            timeout = plain.Timeout.TotalSeconds,
            max_retries = plain.MaxRetries,
            base_url = plain.BaseUrl,
            client_id = plain.ClientId,
            transport = plain.Transport.GetType().Name,
            user_agent = plain.UserAgent,
            package = ApiClient.PackageName,
            version = ApiClient.PackageVersion,
        });
        Out["client_id"] = headerClient.ClientId;

        // The default transport against the recording server: redirects, timeouts, error pages.
        var url = args[0];
        var real = new Recording(new WebRequestTransport(), 0, TimeSpan.FromSeconds(5), url + "/c/redirect");
        Run("real_redirect", null, real, () => real.SendRawAsync(new ApiRequest("DELETE", "/x", false), CancellationToken.None));
        var stalled = new Recording(new WebRequestTransport(), 3, TimeSpan.FromSeconds(0.5), url + "/c/stall");
        Run("real_timeout", null, stalled, () => stalled.SendRawAsync(new ApiRequest("GET", "/x", false), CancellationToken.None));
        var flaky = new Recording(new WebRequestTransport(), 3, TimeSpan.FromSeconds(5), url + "/c/flaky");
        Run("real_retry", null, flaky, () => flaky.SendRawAsync(new ApiRequest("GET", "/x", false), CancellationToken.None));
        var closed = new Recording(new WebRequestTransport(), 2, TimeSpan.FromSeconds(5), args[1]);
        Run("real_connection_refused", null, closed, () => closed.SendRawAsync(new ApiRequest("GET", "/x", false), CancellationToken.None));

        Console.WriteLine(Out.ToString(Formatting.None));
    }
}
"""  # noqa: E501 (C#)

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
FAMILIES = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    403: "ForbiddenException",
    404: "NotFoundException",
    409: "ConflictException",
    422: "UnprocessableEntityException",
    429: "RateLimitExceededException",
    500: "ServerErrorException",
    502: "ServerErrorException",
    503: "ServerErrorException",
    599: "ServerErrorException",
    302: "ApiException",
    418: "ApiException",
}


def _free_url() -> str:
    """A URL nothing listens on (a server started and stopped)."""
    with Server() as server:
        pass
    return server.url


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    mcs = require_tool("mcs", "apt-get install mono-mcs")
    mono = require_tool("mono", "apt-get install mono-runtime")
    newtonsoft = toolchains.newtonsoft_json()
    paths = [SPECS / "index.mdx", FIXTURES]
    config = Config(root=ROOT, settings={"dotnet": DotnetSettings(package_name="acme-sdk", version="2.3.4")})
    files, diags = render_specs(paths, "dotnet", config)
    assert not diags.errors
    files = {**files, **toolchains.stand_ins("dotnet", paths, config), "Program.cs": PROGRAM}
    tmp = tmp_path_factory.mktemp("dotnet-runtime")
    tree = write_tree(files, tmp / "src")
    shutil.copy(newtonsoft, tmp / "Newtonsoft.Json.dll")
    exe = tmp / "program.exe"
    sources = sorted(str(p) for p in tree.rglob("*.cs"))
    references = [f"-r:{newtonsoft}", "-r:System.Runtime.Serialization", "-r:System.Core"]
    done = subprocess.run(
        [mcs, "-langversion:7", *references, f"-out:{exe}", *sources], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    flaky: list[int] = []

    def flake(_request: Any) -> Reply:
        flaky.append(1)
        return Reply(503, {"message": "busy"}, (("Retry-After", "0"),)) if len(flaky) == 1 else Reply(200, {})

    refused = _free_url()
    with Server() as server, Server() as elsewhere:
        location = f"{elsewhere.url}/c/other/x"
        server.recorder.responders["redirect"] = lambda _r: Reply(302, headers=(("Location", location),))
        server.recorder.responders["stall"] = lambda _r: Reply(200, {}, delay=3.0)
        server.recorder.responders["flaky"] = flake
        done = subprocess.run(
            [mono, str(exe), server.url, refused], cwd=tmp, capture_output=True, text=True, check=False, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        out["server"] = {key: len(value) for key, value in server.recorder.requests.items()}
        out["elsewhere"] = len(elsewhere.recorder.requests.get("other", []))
    return out


def _error(case: dict[str, Any]) -> dict[str, Any]:
    outcome = case["outcome"]
    assert isinstance(outcome, dict), f"expected an exception, the call succeeded: {case}"
    return outcome


# --- retries ------------------------------------------------------------------------------------


def test_retryable_statuses_are_retried_with_exponential_backoff_and_jitter(seen):
    case = seen["retry_backoff"]
    assert case["outcome"] == "ok" and len(case["sent"]) == 4
    low_high = [(0.25, 0.5), (0.5, 1.0), (1.0, 2.0)]
    assert len(case["delays"]) == 3
    for delay, (low, high) in zip(case["delays"], low_high, strict=True):
        assert low <= delay <= high


def test_backoff_jitter_is_random_within_half_to_full_and_capped_at_8_seconds(seen):
    low, high = seen["jitter_first"]
    assert 0.25 <= low < 0.3 and 0.45 < high <= 0.5
    low, high = seen["jitter_late"]
    assert 4.0 <= low < 4.5 and 7.5 < high <= 8.0


def test_retries_stop_after_max_retries_with_the_typed_error(seen):
    case = seen["retry_exhausted"]
    assert len(case["sent"]) == 4 and len(case["delays"]) == 3
    assert _error(case)["class"] == "ServerErrorException" and _error(case)["status"] == 504


def test_zero_max_retries_turns_retries_off(seen):
    case = seen["retries_off"]
    assert len(case["sent"]) == 1 and case["delays"] == []
    assert _error(case)["status"] == 503


def test_retry_after_seconds_is_the_wait_capped_at_60(seen):
    assert seen["retry_after_seconds"]["delays"] == [2.0]
    assert seen["retry_after_capped"]["delays"] == [60.0]
    (date,) = seen["retry_after_date"]["delays"]
    assert 25 <= date <= 31
    (unreadable,) = seen["retry_after_unreadable"]["delays"]
    assert 0.25 <= unreadable <= 0.5


@pytest.mark.parametrize(
    ("method", "sends"), [("HEAD", 2), ("PUT", 2), ("DELETE", 2), ("OPTIONS", 2), ("POST", 1), ("PATCH", 1)]
)
def test_only_idempotent_methods_are_retried(seen, method, sends):
    assert len(seen[f"method_{method}"]["sent"]) == sends


def test_a_request_with_an_idempotency_key_is_retried_with_the_same_key(seen):
    case = seen["post_with_key"]
    assert case["outcome"] == "ok"
    assert [s["Headers"]["Idempotency-Key"] for s in case["sent"]] == ["key-1", "key-1"]


def test_a_generated_idempotency_key_is_a_uuid4_reused_across_retries(seen):
    case = seen["generated_key"]
    keys = [s["Headers"]["Idempotency-Key"] for s in case["sent"]]
    assert case["outcome"] == "ok" and len(keys) == 3 and len(set(keys)) == 1
    assert UUID4.fullmatch(keys[0])
    assert [s["Headers"]["Idempotency-Key"] for s in seen["given_key_wins"]["sent"]] == ["mine"]
    assert "Idempotency-Key" not in seen["no_key"]["sent"][0]["Headers"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501])
def test_other_statuses_are_not_retried(seen, status):
    case = seen[f"not_retried_{status}"]
    assert len(case["sent"]) == 1 and _error(case)["status"] == status


def test_a_connection_failure_is_retried_only_when_the_request_may_run_twice(seen):
    assert seen["connection_failure_get"]["outcome"] == "ok"
    assert len(seen["connection_failure_get"]["sent"]) == 3
    post = seen["connection_failure_post"]
    assert len(post["sent"]) == 1 and _error(post)["class"] == "IOException"


# --- timeouts -----------------------------------------------------------------------------------


def test_a_timeout_is_its_own_typed_error_and_is_not_retried(seen):
    for name in ("timeout", "timeout_transport_ignores_cancel", "timeout_per_request"):
        case = seen[name]
        error = _error(case)
        assert error["class"] == "ApiTimeoutException" and error["is_timeout_exception"], name
        assert "is_api_error" not in error and error["timeout"] == 0.3
        assert len(case["sent"]) == 1 and case["delays"] == [] and case["seconds"] < 2.5, name


def test_cancellation_is_not_a_timeout(seen):
    error = _error(seen["cancelled"])
    assert error["class"] in ("TaskCanceledException", "OperationCanceledException")


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(FAMILIES))
def test_each_status_is_the_error_class_of_its_family(seen, status):
    for body in ("json", "oauth", "html", "empty", "array"):
        error = _error(seen[f"status_{status}_{body}"])
        assert error["class"] == FAMILIES[status] and error["is_api_error"] and error["status"] == status
        assert error["request_id"] == "req_1"
        assert error["location"] == ("https://elsewhere.test/x" if status == 302 else None)


def test_code_and_message_come_from_the_body_else_null(seen):
    json_error = _error(seen["status_422_json"])
    assert (json_error["code"], json_error["error_message"]) == ("c1", "m1")
    oauth = _error(seen["status_400_oauth"])
    assert (oauth["code"], oauth["error_message"]) == ("invalid_grant", "The code is expired.")
    for body in ("html", "empty", "array"):
        error = _error(seen[f"status_502_{body}"])
        assert error["code"] is None and error["error_message"] is None
    assert _error(seen["status_502_html"])["body"] == "<html><body>Bad Gateway</body></html>"


def test_rate_limit_error_carries_retry_after(seen):
    assert _error(seen["rate_limited_retry_after"])["retry_after"] == 7
    assert _error(seen["status_429_json"])["retry_after"] is None


# --- refused before sending ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "header_value_crlf",
        "header_value_lf",
        "header_value_nul",
        "header_name_space",
        "header_name_colon",
        "header_name_empty",
        "idempotency_key_crlf",
        "user_agent",
    ],
)
def test_bad_headers_are_refused_before_sending(seen, name):
    case = seen[f"refused_{name}"]
    assert _error(case)["argument"] and case["sent"] == []


def test_bad_client_settings_are_refused(seen):
    for name in ("api_key", "timeout", "retries"):
        assert _error(seen[f"refused_{name}"])["argument"], name
    assert "holds a CR, LF or NUL" in _error(seen["refused_api_key"])["message"]


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_values_naming_another_resource_are_refused_by_generated_methods(seen, value):
    case = seen[f"path_{json.dumps(value)}"]
    assert _error(case)["argument"] and case["sent"] == []


@pytest.mark.parametrize(("value", "segment"), [("...", "..."), ("a.b", "a.b"), ("a/b", "a%2Fb")])
def test_other_path_values_are_one_encoded_segment(seen, value, segment):
    case = seen[f"path_{json.dumps(value)}"]
    assert case["outcome"] == "ok"
    assert [s["Url"] for s in case["sent"]] == [f"https://example.test/catalog/widgets/{segment}"]


def test_extra_headers_are_sent_and_replace_the_defaults(seen):
    (sent,) = seen["extra_headers"]["sent"]
    assert sent["Headers"]["X-Trace"] == "t-1" and sent["Headers"]["Accept"] == "text/plain"
    assert sent["Headers"]["Authorization"] == "Bearer sk_test"


# --- settings -----------------------------------------------------------------------------------


def test_client_defaults_and_user_agent_from_the_package_settings(seen):
    defaults = seen["defaults"]
    assert defaults["timeout"] == 60 and defaults["max_retries"] == 3
    assert defaults["base_url"] == "https://api.workos.com" and defaults["client_id"] is None
    assert defaults["transport"] == "WebRequestTransport"
    assert (defaults["package"], defaults["version"]) == ("acme-sdk", "2.3.4")
    assert re.fullmatch(r"acme-sdk/2\.3\.4 dotnet/[0-9]+(\.[0-9]+)+", defaults["user_agent"])
    assert seen["client_id"] == "client_1"
    (sent,) = seen["extra_headers"]["sent"]
    assert sent["Headers"]["User-Agent"] == defaults["user_agent"]


# --- the default transport ----------------------------------------------------------------------


def test_default_transport_never_follows_a_redirect(seen):
    error = _error(seen["real_redirect"])
    assert error["class"] == "ApiException" and error["status"] == 302
    assert error["location"].endswith("/c/other/x")
    assert seen["server"]["redirect"] == 1 and seen["elsewhere"] == 0


def test_default_transport_times_out_per_attempt(seen):
    case = seen["real_timeout"]
    assert _error(case)["class"] == "ApiTimeoutException" and case["seconds"] < 2.5
    assert seen["server"]["stall"] == 1


def test_default_transport_retries_and_connection_failures(seen):
    assert seen["real_retry"]["outcome"] == "ok" and seen["server"]["flaky"] == 2
    assert seen["real_retry"]["delays"] == [0.0]
    refused = seen["real_connection_refused"]
    assert _error(refused)["class"] == "WebException" and len(refused["delays"]) == 2
