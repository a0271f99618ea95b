"""The PHP runtime keeps docs/RUNTIME.md: each rule played out in PHP, against a fake transport
(retries, idempotency keys, typed errors, refusals, request options) or a local socket server
(the stream transport's timeouts, redirects, connection failures)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.php import PhpLanguage
from codegen.pipeline import emitter_for
from codegen.plan.views import SdkView

PRELUDE = r"""<?php
declare(strict_types=1);
spl_autoload_register(static function (string $class): void {
    $file = %(src)s . '/' . str_replace('\\', '/', substr($class, strlen('Example\\Sdk\\'))) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
use Example\Sdk\Client;
use Example\Sdk\Http\ApiException;
use Example\Sdk\Http\ConnectionException;
use Example\Sdk\Http\Page;
use Example\Sdk\Http\Request;
use Example\Sdk\Http\RequestOptions;
use Example\Sdk\Http\Response;
use Example\Sdk\Http\Retry;
use Example\Sdk\Http\StreamTransport;
use Example\Sdk\Http\TimeoutException;
use Example\Sdk\Http\Transport;
use Example\Sdk\Http\Wire;

/** Replies (or throws) from a list, and keeps what it was asked to send. */
final class Fake implements Transport
{
    public array $sent = [];

    public function __construct(private array $replies)
    {
    }

    public function send(string $method, string $url, array $headers, ?string $body, float $timeout): Response
    {
        $this->sent[] = [
            'method' => $method, 'url' => $url, 'headers' => $headers, 'body' => $body, 'timeout' => $timeout,
        ];
        $next = array_shift($this->replies) ?? new Response(200, [], '{}');
        if ($next instanceof \Throwable) {
            throw $next;
        }
        return $next;
    }
}

function reply(int $status, array $headers = [], string $body = '{}'): Response
{
    return new Response($status, $headers, $body);
}

/** What a call did: its result or its exception (class without namespace, message, fields). */
function outcome(callable $call): array
{
    try {
        return ['result' => $call()];
    } catch (\Throwable $e) {
        $out = ['class' => substr(strrchr('\\' . get_class($e), '\\'), 1), 'message' => $e->getMessage()];
        if ($e instanceof ApiException) {
            $out += ['status' => $e->status, 'code' => $e->errorCode, 'error_message' => $e->errorMessage,
                'request_id' => $e->requestId, 'raw' => $e->body, 'api' => true];
        }
        if ($e instanceof \Example\Sdk\Http\RateLimitExceededException) {
            $out['retry_after'] = $e->retryAfter;
        }
        return $out;
    }
}
"""


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    emitter = emitter_for("php", Config(root=ROOT), Diagnostics())
    assert isinstance(emitter, PhpLanguage)
    files = emitter.files(SdkView("php", (), (), ()))  # the runtime and a client without services
    runtime = {path: emitter.template(name, **context) for path, name, context in files if path.startswith("src/")}
    return write_tree(runtime, tmp_path_factory.mktemp("php-runtime"))


def php(runtime: Path, code: str, *args: str) -> Any:
    """Runs ``code`` after the prelude; its last output line, as JSON."""
    php = require_tool("php", install="apt-get install php-cli")
    script = runtime / f"t{time.monotonic_ns()}.php"
    script.write_text(PRELUDE % {"src": repr(str(runtime / "src"))} + code, encoding="utf-8")
    done = subprocess.run([php, str(script), *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- retries ------------------------------------------------------------------------------
def test_a_retryable_request_is_sent_again_until_it_succeeds(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$fake = new Fake([
    reply(503, ['retry-after' => '0']),
    reply(429, ['retry-after' => '0']),
    reply(200, [], '{"id": "x"}'),
]);
$client = new Client('sk_1', 'http://api.test', $fake);
$result = outcome(fn () => $client->send(new Request('GET', '/things')));
echo json_encode([$result, count($fake->sent)]);
""",
    )
    assert out == [{"result": {"id": "x"}}, 3]


def test_retries_stop_at_max_retries(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$counts = [];
foreach ([0, 1, 2] as $max) {
    $fake = new Fake(array_fill(0, 5, reply(503, ['retry-after' => '0'])));
    $client = new Client('sk_1', 'http://api.test', $fake, maxRetries: $max);
    $result = outcome(fn () => $client->send(new Request('DELETE', '/things/1')));
    $counts[] = [$result['class'], count($fake->sent)];
}
echo json_encode($counts);
""",
    )
    assert out == [["ServerErrorException", 1], ["ServerErrorException", 2], ["ServerErrorException", 3]]


def test_only_retryable_statuses_are_retried(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$counts = [];
foreach ([400, 401, 404, 409, 422, 501, 505, 307, 429, 500, 502, 503, 504] as $status) {
    $fake = new Fake([reply($status, ['retry-after' => '0']), reply(200)]);
    $client = new Client('sk_1', 'http://api.test', $fake);
    outcome(fn () => $client->send(new Request('GET', '/things')));
    $counts[$status] = count($fake->sent);
}
echo json_encode($counts);
""",
    )
    assert out == {
        **{str(s): 1 for s in (400, 401, 404, 409, 422, 501, 505, 307)},
        **{str(s): 2 for s in (429, 500, 502, 503, 504)},
    }


def test_a_post_is_retried_only_with_an_idempotency_key_and_keeps_it(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$keys = [];
$cases = [
    'plain' => [new Request('POST', '/events', true), null],
    'given' => [new Request('POST', '/events', true), new RequestOptions(idempotencyKey: 'key-1')],
    'header' => [new Request('POST', '/events', true), new RequestOptions(headers: ['idempotency-key' => 'key-2'])],
    'generated' => [new Request('POST', '/events', true, generateIdempotencyKey: true), null],
    'generated, given' => [
        new Request('POST', '/events', true, generateIdempotencyKey: true),
        new RequestOptions(idempotencyKey: 'key-3'),
    ],
];
foreach ($cases as $name => [$request, $options]) {
    $fake = new Fake([reply(503, ['retry-after' => '0']), reply(201)]);
    $client = new Client('sk_1', 'http://api.test', $fake);
    outcome(fn () => $client->send($request, $options));
    $keys[$name] = array_map(static function (array $sent): ?string {
        foreach ($sent['headers'] as $name => $value) {
            if (strcasecmp($name, 'Idempotency-Key') === 0) {
                return $value;
            }
        }
        return null;
    }, $fake->sent);
}
$fake = new Fake([reply(200), reply(200)]);
$client = new Client('sk_1', 'http://api.test', $fake);
$client->send(new Request('POST', '/events', true, generateIdempotencyKey: true));
$client->send(new Request('POST', '/events', true, generateIdempotencyKey: true));
$keys['two calls'] = array_map(static fn (array $sent) => $sent['headers']['Idempotency-Key'], $fake->sent);
echo json_encode($keys);
""",
    )
    assert out["plain"] == [None]
    assert out["given"] == ["key-1", "key-1"]
    assert out["header"] == ["key-2", "key-2"]
    assert out["generated, given"] == ["key-3", "key-3"]
    first, again = out["generated"]
    assert first == again
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first), first
    one, two = out["two calls"]
    assert one != two, "each call gets a key of its own"


def test_a_failed_connection_is_retried_a_timeout_is_not(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$fake = new Fake([new ConnectionException('refused'), reply(200, [], '[1]')]);
$client = new Client('sk_1', 'http://api.test', $fake, maxRetries: 1);
$connection = [outcome(fn () => $client->send(new Request('GET', '/things'))), count($fake->sent)];
$fake = new Fake([new TimeoutException('slow'), reply(200)]);
$client = new Client('sk_1', 'http://api.test', $fake);
$timeout = [outcome(fn () => $client->send(new Request('GET', '/things'))), count($fake->sent)];
$fake = new Fake([new ConnectionException('refused'), reply(200)]);
$client = new Client('sk_1', 'http://api.test', $fake);
$post = [outcome(fn () => $client->send(new Request('POST', '/things', true))), count($fake->sent)];
echo json_encode([$connection, $timeout, $post]);
""",
    )
    connection, timeout, post = out
    assert connection == [{"result": [1]}, 2]
    assert timeout[0]["class"] == "TimeoutException" and timeout[1] == 1
    assert post[0]["class"] == "ConnectionException" and post[1] == 1


def test_the_wait_before_a_retry(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$zero = static fn () => 0.0;
$one = static fn () => 1.0;
$now = 1700000000;
$date = gmdate('D, d M Y H:i:s', $now + 30) . ' GMT';
$samples = array_map(static fn () => Retry::delay(2), range(1, 300));
echo json_encode([
    'backoff' => array_map(
        static fn ($a) => [Retry::delay($a, null, $zero), Retry::delay($a, null, $one)],
        range(0, 6)
    ),
    'retry_after' => [Retry::delay(0, '7'), Retry::delay(5, '0'), Retry::delay(0, '600'), Retry::delay(0, ' 12 ')],
    'unreadable' => Retry::delay(0, 'soon', $one),
    'after' => [
        Retry::after('7'), Retry::after(null), Retry::after('soon'), Retry::after('-1'), Retry::after($date, $now),
        Retry::after(gmdate('D, d M Y H:i:s', $now - 30) . ' GMT', $now)],
    'random' => [min($samples), max($samples)],
]);
""",
    )
    # min(0.5 s * 2^attempt, 8 s), scaled by a random factor in [0.5, 1].
    assert out["backoff"] == [[0.25, 0.5], [0.5, 1], [1, 2], [2, 4], [4, 8], [4, 8], [4, 8]]
    # Retry-After, at most 60 s, without jitter.
    assert out["retry_after"] == [7, 0, 60, 12]
    assert out["unreadable"] == 0.5
    assert out["after"] == [7, None, None, None, 30, 0]
    low, high = out["random"]
    assert 1.0 <= low < high <= 2.0 and high - low > 0.5


# --- errors -------------------------------------------------------------------------------
def test_every_status_family_is_its_own_error_class(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$out = [];
foreach ([301, 307, 400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 599, 600] as $status) {
    $body = json_encode(['code' => 'c' . $status, 'message' => 'm' . $status]);
    $headers = ['x-request-id' => 'req_' . $status, 'location' => 'https://elsewhere.test/x'];
    $fake = new Fake([reply($status, $headers, $body)]);
    $client = new Client('sk_1', 'http://api.test', $fake, maxRetries: 0);
    $out[$status] = outcome(fn () => $client->send(new Request('GET', '/things')));
}
echo json_encode($out);
""",
    )
    classes = {
        301: "ApiException",
        307: "ApiException",
        400: "BadRequestException",
        401: "UnauthorizedException",
        403: "ForbiddenException",
        404: "NotFoundException",
        409: "ConflictException",
        418: "ApiException",
        422: "UnprocessableEntityException",
        429: "RateLimitExceededException",
        500: "ServerErrorException",
        502: "ServerErrorException",
        503: "ServerErrorException",
        599: "ServerErrorException",
        600: "ApiException",
    }
    for status, cls in classes.items():
        got = out[str(status)]
        assert got["class"] == cls, (status, got)
        assert got["api"] is True
        assert (got["status"], got["code"], got["error_message"], got["request_id"]) == (
            status,
            f"c{status}",
            f"m{status}",
            f"req_{status}",
        )
    # A redirect is not followed: the error names where it pointed.
    assert "https://elsewhere.test/x" in out["307"]["message"] and "not followed" in out["307"]["message"]
    assert out["429"]["retry_after"] is None


def test_an_error_body_that_is_not_json_is_still_the_typed_error(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
$replies = [
    'html' => reply(502, ['content-type' => 'text/html', 'x-request-id' => 'req_1'], $html),
    'oauth' => reply(400, [], '{"error": "invalid_grant", "error_description": "The code expired."}'),
    'empty' => reply(404, [], ''),
    'limited' => reply(429, ['retry-after' => '7'], '{"message": "Too many requests"}'),
    'limited, by date' => reply(429, ['retry-after' => gmdate('D, d M Y H:i:s', time() + 120) . ' GMT'], ''),
];
$out = [];
foreach ($replies as $name => $reply) {
    $client = new Client('sk_1', 'http://api.test', new Fake([$reply]), maxRetries: 0);
    $out[$name] = outcome(fn () => $client->send(new Request('GET', '/things')));
}
echo json_encode($out);
""",
    )
    html = out["html"]
    assert (html["class"], html["code"], html["error_message"], html["request_id"]) == (
        "ServerErrorException",
        None,
        None,
        "req_1",
    )
    assert html["raw"] == "<html><body><h1>502 Bad Gateway</h1></body></html>"
    assert html["message"] == "HTTP 502"
    assert (out["oauth"]["code"], out["oauth"]["error_message"]) == ("invalid_grant", "The code expired.")
    assert (out["empty"]["class"], out["empty"]["code"], out["empty"]["raw"]) == ("NotFoundException", None, "")
    assert (out["limited"]["retry_after"], out["limited"]["error_message"]) == (7, "Too many requests")
    assert 118 <= out["limited, by date"]["retry_after"] <= 121


# --- refused before anything is sent ------------------------------------------------------
def test_bad_settings_path_values_and_headers_are_refused(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$fake = new Fake([]);
$refused = [
    'empty key' => fn () => new Client('', 'http://api.test', $fake),
    'CR LF key' => fn () => new Client("sk_1\r\nX-Injected: yes", 'http://api.test', $fake),
    'NUL key' => fn () => new Client("sk_1\0", 'http://api.test', $fake),
    'file URL' => fn () => new Client('sk_1', 'file:///etc/passwd', $fake),
    'zero timeout' => fn () => new Client('sk_1', 'http://api.test', $fake, timeout: 0.0),
    'negative retries' => fn () => new Client('sk_1', 'http://api.test', $fake, maxRetries: -1),
    'empty path value' => fn () => Wire::segment(''),
    'dot' => fn () => Wire::segment('.'),
    'dot dot' => fn () => Wire::segment('..'),
    'header name' => fn () => new RequestOptions(headers: ['Bad Name' => 'x']),
    'header colon' => fn () => new RequestOptions(headers: ['X-A:' => 'x']),
    'header LF' => fn () => new RequestOptions(headers: ['X-A' => "a\nb"]),
    'header not text' => fn () => new RequestOptions(headers: ['X-A' => 1]),
    'idempotency key CR' => fn () => new RequestOptions(idempotencyKey: "k\r1"),
    'option timeout' => fn () => new RequestOptions(timeout: -1.0),
];
$out = [];
foreach ($refused as $name => $make) {
    $out[$name] = outcome($make)['class'] ?? 'accepted';
}
$out['sent'] = count($fake->sent);
$out['segments'] = [Wire::segment('...'), Wire::segment('a/b c'), Wire::segment('.x'), Wire::segment(0)];
echo json_encode($out);
""",
    )
    segments = out.pop("segments")
    assert out.pop("sent") == 0
    assert out == dict.fromkeys(out, "InvalidArgumentException")
    assert len(out) == 15
    assert segments == ["...", "a%2Fb%20c", ".x", "0"]


def test_path_values_are_refused_with_a_message_naming_them(runtime: Path) -> None:
    out = php(runtime, "echo json_encode([outcome(fn () => Wire::segment('..'))['message']]);")
    assert out == ["a path value may not be '', '.' or '..' (it would name another resource): got '..'"]


# --- request options, headers, User-Agent -------------------------------------------------
def test_request_options_and_client_settings_reach_the_transport(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$fake = new Fake([]);
$client = new Client('sk_1', 'http://api.test/', $fake, clientId: 'client_1', timeout: 12.5);
$client->send(new Request('GET', '/a'));
$options = new RequestOptions(headers: ['x-trace' => 't1', 'accept' => 'text/plain'], timeout: 2.0);
$client->send(new Request('GET', '/b'), $options);
$defaults = [Client::DEFAULT_TIMEOUT, Client::DEFAULT_MAX_RETRIES];
echo json_encode([$fake->sent, $client->clientId, $client->maxRetries, ...$defaults]);
""",
    )
    (first, second), client_id, retries, default_timeout, default_retries = out
    assert (first["url"], first["timeout"], second["url"], second["timeout"]) == (
        "http://api.test/a",
        12.5,
        "http://api.test/b",
        2.0,
    )
    assert (client_id, retries, default_timeout, default_retries) == ("client_1", 3, 60.0, 3)
    assert first["headers"]["Authorization"] == "Bearer sk_1"
    assert re.fullmatch(r"sdk/0\.1\.0 php/8\.\d+\.\d+\S*", first["headers"]["User-Agent"])
    # Extra headers are set over the client's own, names compared case-insensitively.
    assert second["headers"]["x-trace"] == "t1"
    assert second["headers"]["accept"] == "text/plain" and "Accept" not in second["headers"]
    assert "Idempotency-Key" not in first["headers"]


# --- the stream transport against a local server ------------------------------------------
class _Server:
    """A raw socket server on 127.0.0.1: by request path, it stalls, redirects or answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.paths: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode()
            self.paths.append(path)
            if path == "/stall-headers":
                self.stop.wait(3)
            elif path == "/stall-body":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{}")
                self.stop.wait(3)
            elif path == "/redirect":
                conn.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n")
            elif path == "/chunked":
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                    b"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
                    b'4\r\n{"ok\r\n5\r\n": 1}\r\n0\r\n\r\n'
                )
            elif path == "/close":
                pass  # closes the connection without a reply

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def server() -> Iterator[_Server]:
    one = _Server()
    yield one
    one.close()


def test_the_stream_transport(runtime: Path, server: _Server) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{free.getsockname()[1]}"  # bound, not listening: refused
        out = php(
            runtime,
            r"""
[, $url, $closed] = $argv;
$transport = new StreamTransport();
$timed = static function (callable $call): array {
    $started = microtime(true);
    $out = outcome($call);
    return [$out['class'] ?? 'ok', round(microtime(true) - $started, 2)];
};
$send = static fn (string $path) => fn () => $transport->send('GET', $url . $path, ['Accept' => 'json'], null, 0.5);
$redirect = $transport->send('GET', $url . '/redirect', [], null, 5.0);
$chunked = $transport->send('GET', $url . '/chunked', [], null, 5.0);
echo json_encode([
    'stall headers' => $timed($send('/stall-headers')),
    'stall body' => $timed($send('/stall-body')),
    'closed early' => $timed($send('/close')),
    'refused' => $timed(fn () => $transport->send('GET', $closed . '/x', [], null, 0.5)),
    'redirect' => [$redirect->status, $redirect->header('Location')],
    'chunked' => [$chunked->status, $chunked->body, $chunked->header('set-cookie')],
    'client' => outcome(
        fn () => (new Client('sk_1', $url, maxRetries: 0, timeout: 0.5))->send(new Request('GET', '/stall-headers'))
    )['class'],
]);
""",
            server.url,
            closed,
        )
    # The typed timeout error, after about the timeout, not after the server's 3 s.
    assert out["stall headers"][0] == "TimeoutException" and 0.45 <= out["stall headers"][1] < 2.0
    assert out["stall body"][0] == "TimeoutException" and 0.45 <= out["stall body"][1] < 2.0
    # A connection closed or refused before a reply is a connection error, not a timeout.
    assert out["closed early"][0] == "ConnectionException" and out["closed early"][1] < 0.45
    assert out["refused"][0] == "ConnectionException"
    # A redirect comes back as it is: never followed.
    assert out["redirect"] == [307, "/elsewhere"]
    assert "/elsewhere" not in server.paths
    assert out["chunked"] == [200, '{"ok": 1}', "a=1, b=2"]
    assert out["client"] == "TimeoutException"


# --- what the generated methods use ------------------------------------------------------------
def test_header_parameters_client_settings_and_url_builders(runtime: Path) -> None:
    """A header parameter is sent (an idempotency key the call gives wins over a generated one,
    the options' over both); a client setting is read or refused by name; a URL is built from
    the base URL and sends nothing."""
    out = php(
        runtime,
        r"""
$fake = new Fake([reply(200), reply(200), reply(200)]);
$client = new Client('sk_1', 'http://api.test/', $fake, clientId: 'client_1');
$given = (new Request('POST', '/events', true, true))->header('Idempotency-Key', 'mine')
    ->header('X-Absent', null);
$client->send($given);
$client->send($given, new RequestOptions(idempotencyKey: 'options'));
$client->send(new Request('POST', '/events', true, true));
$keys = array_map(static fn ($s) => $s['headers']['Idempotency-Key'] ?? null, $fake->sent);
$url = $client->url(
    (new Request('GET', '/sso/authorize'))->query('client_id', $client->require('client_id'))->query('a', null)
);
$refused = outcome(fn () => (new Client('sk_1', 'http://api.test', $fake))->require('client_id'));
echo json_encode([
    $keys[0], $keys[1], strlen($keys[2]), $url, count($fake->sent), $client->require('api_key'), $refused['message'],
]);
""",
    )
    assert out[:6] == ["mine", "options", 36, "http://api.test/sso/authorize?client_id=client_1", 3, "sk_1"]
    assert "clientId" in out[6]


def test_a_page_iterates_every_page_and_reads_as_the_docs_shape(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$fake = new Fake([
    reply(200, [], '{"data": [{"id": "a"}], "list_metadata": {"before": null, "after": "c2"}}'),
    reply(200, [], '{"data": [{"id": "b"}], "list_metadata": {"before": "c1", "after": null}}'),
]);
$client = new Client('sk_1', 'http://api.test', $fake);
$page = $client->page((new Request('GET', '/things'))->query('limit', 1), null);
$first = [$page['data'], $page['before'], $page['after'], count($fake->sent)];
$all = iterator_to_array($page, false);
echo json_encode([$first, $all, array_map(static fn ($s) => $s['url'], $fake->sent)]);
""",
    )
    assert out == [
        [[{"id": "a"}], None, "c2", 1],
        [{"id": "a"}, {"id": "b"}],
        ["http://api.test/things?limit=1", "http://api.test/things?limit=1&after=c2"],
    ]


def test_json_keeps_empty_objects_and_bodies_leave_out_unset_keys(runtime: Path) -> None:
    out = php(
        runtime,
        r"""
$value = Wire::json('{"a": {}, "b": [], "c": {"d": {}}}');
$fake = new Fake([reply(200)]);
$client = new Client('sk_1', 'http://api.test', $fake);
$body = ['actor' => ['id' => 'u', 'name' => null], 'at' => null];
$client->send((new Request('POST', '/x', true))->body('event', $body));
$empty = [Wire::encode(['map', null], []), Wire::decode(['map', null], new \stdClass())];
echo json_encode([$value, ...$empty, $fake->sent[0]['body']]);
""",
    )
    assert out == [{"a": {}, "b": [], "c": {"d": {}}}, {}, [], '{"event":{"actor":{"id":"u"}}}']
