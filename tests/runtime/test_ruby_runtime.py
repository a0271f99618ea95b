"""The generated Ruby runtime keeps docs/RUNTIME.md: each rule driven through a fake transport
(and the real net/http transport against servers in the Ruby process), one test per rule.

The SDK is rendered from a small page (a GET with a path parameter, a POST) with package
settings of its own, so the User-Agent and the default base URL come from them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, render_specs, write_tree

from codegen.config import Config
from codegen.languages.ruby import RubySettings

PAGE = """
descriptions:
  thing:
    id: The thing.
    name: Its name.
reference:
  curl:
    - key: get_thing
      id: get_thing
      title: '/things/:id'
      type: GET
      parameters:
        - {key: id, type: string, description: (thing.id)}
      returns:
        - (thing)
    - key: create_thing
      id: create_thing
      title: '/things'
      type: POST
      parameters:
        - {key: name, type: string, description: (thing.name)}
    - key: thing
      id: thing
      title: thing
      properties:
        - {key: id, type: string, description: (thing.id)}
  ruby:
    - key: get_thing
      id: get_thing
      title: Things.get_thing()
      parameters:
        - {key: id, type: String, description: (thing.id)}
      returns:
        - (Thing)
    - key: Thing
      id: thing
      title: Thing
      properties:
        - {key: id, type: String, description: (thing.id)}
    - key: create_thing
      id: create_thing
      title: Things.create_thing()
      parameters:
        - {key: name, type: String, description: (thing.name)}
"""

SETTINGS = RubySettings(module="Acme", package_name="acme-things", version="1.2.3", base_url="https://api.acme.test")

# Loaded before every script: a transport that records each call and answers from a list
# (a Response, or an exception class to raise), and a client whose waits are recorded instead
# of slept.
PRELUDE = r"""
$VERBOSE = true
require 'json'
require 'acme'

class Fake
  attr_reader :calls

  def initialize(*replies)
    @replies = replies
    @calls = []
  end

  def call(method, url, headers, body, timeout:)
    @calls << { 'method' => method, 'url' => url, 'headers' => headers, 'body' => body, 'timeout' => timeout }
    reply = @replies.length > 1 ? @replies.shift : @replies.first
    raise reply, 'fake' if reply.is_a?(Class)

    reply
  end
end

def reply(status, body = '{}', headers = {})
  Acme::Response.new(status, headers, body)
end

def client(fake, **settings)
  made = Acme::Client.new(api_key: 'sk_test', transport: fake, **settings)
  waits = []
  made.define_singleton_method(:pause) { |seconds| waits << seconds }
  [made, waits]
end

def outcome
  { 'value' => yield }
rescue StandardError => e
  { 'error' => e.class.name, 'message' => e.message }
end

OUT = {}
at_exit { puts JSON.generate(OUT) }
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ruby") is None:
        pytest.skip("ruby not installed")
    specs = tmp_path_factory.mktemp("specs")
    (specs / "things").mkdir()
    (specs / "things" / "things.yaml").write_text(PAGE, encoding="utf-8")
    files, diags = render_specs([specs], "ruby", Config(root=ROOT, settings={"ruby": SETTINGS}))
    assert not diags.errors, diags.render()
    return write_tree(files, tmp_path_factory.mktemp("sdk"))


def run(sdk: Path, script: str) -> Any:
    result = subprocess.run(
        ["ruby", "-I", str(sdk / "lib"), "-e", PRELUDE + script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_client_settings_defaults_and_what_they_refuse(sdk: Path) -> None:
    out = run(
        sdk,
        r"""
made = Acme::Client.new(api_key: 'sk_test', client_id: 'client_1')
OUT['defaults'] = [made.base_url, made.timeout, made.max_retries, made.client_id, made.transport.class.name]
OUT['inspect'] = made.inspect
OUT['refused'] = [
  { api_key: nil }, { api_key: '' }, { api_key: "sk\r\nX: y" }, { api_key: "sk\0" },
  { api_key: 'k', timeout: 0 }, { api_key: 'k', timeout: -1 }, { api_key: 'k', timeout: '5' },
  { api_key: 'k', max_retries: -1 }, { api_key: 'k', max_retries: 1.5 }
].map { |settings| outcome { Acme::Client.new(**settings) }['error'] }
fake = Fake.new(reply(200))
made, = client(fake, timeout: 2.5)
made.things.get_thing(id: 't')
made.perform(Acme::Request.new('GET', '/x', [], nil), { timeout: 0.25 })
OUT['timeouts'] = fake.calls.map { |call| call['timeout'] }
""",
    )
    assert out["defaults"] == ["https://api.acme.test", 60, 3, "client_1", "Acme::NetHTTPTransport"]
    assert "sk_test" not in out["inspect"]  # the API key is not shown
    assert out["refused"] == ["ArgumentError"] * 9
    assert out["timeouts"] == [2.5, 0.25]  # the client's, then the call's


def test_headers_user_agent_and_request_options(sdk: Path) -> None:
    out = run(
        sdk,
        r"""
fake = Fake.new(reply(200))
made, = client(fake)
made.things.get_thing(id: 'a b')
extra = { 'X-Trace' => 't', 'Accept' => nil }
made.things.create_thing(name: 'n', request_options: Acme::RequestOptions.new(idempotency_key: 'key-1', headers: extra))
made.request('POST', '/things', body: { 'name' => 'n' }, generate_idempotency_key: true)
made.request('POST', '/things', body: {}, options: { idempotency_key: 'mine' }, generate_idempotency_key: true)
OUT['calls'] = fake.calls
OUT['bad_options'] = outcome { made.things.create_thing(name: 'n', request_options: { retries: 1 }) }
""",
    )
    get, keyed, generated, given = out["calls"]
    assert get["url"] == "https://api.acme.test/things/a%20b"
    assert get["headers"] == {
        "Authorization": "Bearer sk_test",
        "User-Agent": get["headers"]["User-Agent"],
        "Accept": "application/json",
    }
    assert re.fullmatch(r"acme-things/1\.2\.3 ruby/\d+\.\d+\.\d+", get["headers"]["User-Agent"])
    assert keyed["headers"]["Idempotency-Key"] == "key-1" and keyed["headers"]["X-Trace"] == "t"
    assert "Accept" not in keyed["headers"] and keyed["headers"]["Content-Type"] == "application/json"
    uuid4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    assert re.fullmatch(uuid4, generated["headers"]["Idempotency-Key"])
    assert given["headers"]["Idempotency-Key"] == "mine"  # a given key wins over generating one
    assert out["bad_options"]["error"] == "ArgumentError"


def test_what_a_generated_method_hands_the_client(sdk: Path) -> None:
    """Client#request: header parameters (nil not sent), a body without its nil keys, one key of
    the reply unwrapped; Client#url builds a URL and sends nothing; Client#setting gives the
    client id and the API key, refusing an unset one."""
    out = run(
        sdk,
        r"""
fake = Fake.new(reply(200, '{"link":"https://x.test/l"}'))
made, = client(fake, client_id: 'client_1')
OUT['unwrapped'] = made.request('POST', '/links', headers: { 'Idempotency-Key' => 'k1', 'X-None' => nil },
                                                  body: { 'a' => nil, 'b' => { 'c' => nil, 'd' => 1 }, 'e' => [nil] },
                                                  into: 'String', unwrap: 'link')
OUT['sent'] = fake.calls.map { |c| [c['headers']['Idempotency-Key'], c['headers'].key?('X-None'), c['body']] }
OUT['url'] = made.url('/sso/authorize', query: [['client_id', 'client 1'], ['state', nil], ['scope', %w[a b]]])
OUT['bare_url'] = made.url('/jwks/client_1')
OUT['after_urls'] = fake.calls.length
OUT['settings'] = [made.setting(:client_id), made.setting(:api_key)]
OUT['unset'] = outcome { client(fake)[0].setting(:client_id) }
""",
    )
    assert out["unwrapped"] == "https://x.test/l"
    assert out["sent"] == [["k1", False, '{"b":{"d":1},"e":[null]}']]
    assert out["url"] == "https://api.acme.test/sso/authorize?client_id=client%201&scope=a&scope=b"
    assert out["bare_url"] == "https://api.acme.test/jwks/client_1"
    assert out["after_urls"] == 1  # building URLs sent nothing
    assert out["settings"] == ["client_1", "sk_test"]
    assert out["unset"]["error"] == "ArgumentError" and "client_id" in out["unset"]["message"]


def test_replies_decode_by_their_type_text_and_pages_by_their_items(sdk: Path) -> None:
    """Wire.decode reads the YARD type text a method gives: a model class (nullable, in lists and
    maps), Time; anything else keeps the JSON. A page's items decode into the item type, and the
    next page is the same request (its header parameters too) with after=<cursor>."""
    out = run(
        sdk,
        r"""
thing = { 'id' => 't', 'extra' => 1 }
decode = ->(type, value) { Acme::Wire.decode(type, value) }
model = 'Acme::Models::Things::Thing'
OUT['models'] = [
  decode.(model, thing), decode.("#{model}, nil", thing), decode.("Array<#{model}>", [thing]).first,
  decode.("Hash{String => #{model}}", { 'k' => thing })['k']
].map { |found| [found.class.name, found.id, found.to_h] }
OUT['time'] = [decode.('Time', '2024-01-02T03:04:05Z').utc.year, decode.('Time, nil', 'soon')]
OUT['kept'] = [
  decode.('String', 's'), decode.('"a, b", "c"', 'a, b'), decode.('Acme::Models::Things::Nothing', thing),
  decode.("#{model}, String", thing), decode.(nil, thing), decode.(model, nil), decode.('Acme::Things', thing)
]
OUT['index'] = [decode.(model, thing)[:id], decode.(model, thing)['id'], decode.(model, thing)[:extra]]
pages = [{ 'data' => [thing], 'list_metadata' => { 'after' => 'c 2' } },
         { 'data' => [{ 'id' => 'u' }], 'list_metadata' => { 'after' => nil } }]
fake = Fake.new(*pages.map { |page| reply(200, JSON.generate(page)) })
made, = client(fake)
page = made.request('GET', '/things', query: [['limit', 1]], headers: { 'X-Param' => 'p' },
                                      into: 'Hash{String => Object}', page: model,
                                      options: { headers: { 'X-Trace' => 't' } })
OUT['items'] = page.auto_paging_each.map { |item| [item.class.name, item.id] }
OUT['requests'] = fake.calls.map { |call| [call['url'], call['headers']['X-Param'], call['headers']['X-Trace']] }
OUT['page'] = [page.page.class.name, page.to_h['list_metadata']]
""",
    )
    thing = ["Acme::Models::Things::Thing", "t", {"id": "t"}]
    assert out["models"] == [thing] * 4
    assert out["time"] == [2024, "soon"]
    kept = {"id": "t", "extra": 1}
    assert out["kept"] == ["s", "a, b", kept, kept, kept, None, kept]
    assert out["index"] == ["t", "t", None]
    assert out["items"] == [["Acme::Models::Things::Thing", "t"], ["Acme::Models::Things::Thing", "u"]]
    assert out["requests"] == [
        ["https://api.acme.test/things?limit=1", "p", "t"],
        ["https://api.acme.test/things?limit=1&after=c%202", "p", "t"],
    ]
    assert out["page"] == ["Hash", {"after": "c 2"}]


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_path_value_that_names_another_resource_is_refused(sdk: Path, value: str) -> None:
    out = run(
        sdk,
        f"""
fake = Fake.new(reply(200))
made, = client(fake)
OUT['got'] = outcome {{ made.things.get_thing(id: {json.dumps(value)}) }}
OUT['sent'] = fake.calls.length
made.things.get_thing(id: '...')
OUT['dots'] = fake.calls.last['url']
""",
    )
    assert out["got"]["error"] == "ArgumentError" and "id" in out["got"]["message"]
    assert out["sent"] == 0
    assert out["dots"] == "https://api.acme.test/things/..."  # any other value is one segment


@pytest.mark.parametrize(
    "options",
    [
        "{ headers: { 'X-Trace' => \"a\\r\\nX-Injected: 1\" } }",
        "{ headers: { 'X-Trace' => \"a\\0\" } }",
        "{ headers: { 'X-Trace' => \"a\\n\" } }",
        '{ idempotency_key: "k\\r\\n" }',
        "{ headers: { 'Bad Name' => 'v' } }",
        "{ headers: { 'X:Colon' => 'v' } }",
        "{ headers: { '' => 'v' } }",
    ],
)
def test_a_header_that_cannot_be_sent_as_it_is_is_refused(sdk: Path, options: str) -> None:
    out = run(
        sdk,
        f"""
fake = Fake.new(reply(200))
made, = client(fake)
OUT['got'] = outcome {{ made.perform(Acme::Request.new('GET', '/x', [], nil), {options}) }}
OUT['sent'] = fake.calls.length
""",
    )
    assert out["got"]["error"] == "ArgumentError", out
    assert out["sent"] == 0


def test_errors_are_typed_by_status_with_the_body_fields(sdk: Path) -> None:
    out = run(
        sdk,
        r"""
statuses = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 302, 418]
OUT['classes'] = statuses.map do |status|
  made, = client(Fake.new(reply(status, '{"code":"c","message":"m"}')), max_retries: 0)
  outcome { made.things.get_thing(id: 'x') }['error']
end
made, = client(Fake.new(reply(422, '{"code":"c","message":"m"}', { 'X-Request-ID' => 'req_1' })))
e = begin; made.things.get_thing(id: 'x'); rescue Acme::APIError => e; e; end
OUT['json'] = [e.status, e.code, e.error_message, e.message, e.request_id, e.body, e.is_a?(Acme::Error)]
made, = client(Fake.new(reply(400, '{"error":"invalid_grant","error_description":"Bad code."}')))
e = begin; made.things.get_thing(id: 'x'); rescue Acme::APIError => e; e; end
OUT['oauth'] = [e.code, e.error_message, e.message]
html = '<html><body>502</body></html>'
made, = client(Fake.new(reply(502, html, { 'x-request-id' => 'req_2' })), max_retries: 0)
e = begin; made.things.get_thing(id: 'x'); rescue Acme::APIError => e; e; end
OUT['html'] = [e.class.name, e.code, e.error_message, e.message, e.request_id, e.body]
OUT['retry_after'] = ['7', nil, 'soon'].map do |value|
  made, = client(Fake.new(reply(429, '{}', value ? { 'retry-after' => value } : {})), max_retries: 0)
  begin; made.things.get_thing(id: 'x'); rescue Acme::RateLimitExceededError => e; e.retry_after; end
end
""",
    )
    assert out["classes"] == [
        "Acme::BadRequestError",
        "Acme::UnauthorizedError",
        "Acme::ForbiddenError",
        "Acme::NotFoundError",
        "Acme::ConflictError",
        "Acme::UnprocessableEntityError",
        "Acme::RateLimitExceededError",
        "Acme::ServerError",
        "Acme::ServerError",
        "Acme::ServerError",
        "Acme::APIError",
        "Acme::APIError",
    ]
    assert out["json"] == [422, "c", "m", "m", "req_1", '{"code":"c","message":"m"}', True]
    assert out["oauth"] == ["invalid_grant", "Bad code.", "Bad code."]
    html = "<html><body>502</body></html>"
    assert out["html"] == ["Acme::ServerError", None, None, "HTTP 502 (request req_2)", "req_2", html]
    assert out["retry_after"] == [7, None, None]


def test_a_redirect_is_an_api_error_and_not_followed(sdk: Path) -> None:
    out = run(
        sdk,
        r"""
fake = Fake.new(reply(307, '', { 'location' => 'https://elsewhere.test/things/x' }))
made, = client(fake)
OUT['got'] = outcome { made.things.get_thing(id: 'x') }
OUT['sent'] = fake.calls.length
""",
    )
    assert out["got"]["error"] == "Acme::APIError"
    assert "307" in out["got"]["message"] and "https://elsewhere.test/things/x" in out["got"]["message"]
    assert out["sent"] == 1


def test_retries_which_requests_on_which_replies_how_often(sdk: Path) -> None:
    out = run(
        sdk,
        r"""
def attempts(replies, **settings)
  fake = Fake.new(*replies)
  made, waits = client(fake, **settings)
  got = outcome { yield made }
  [fake.calls.length, got['error'] || 'ok', waits, fake.calls.map { |call| call['headers']['Idempotency-Key'] }]
end
get = ->(made) { made.things.get_thing(id: 'x') }
post = ->(made) { made.things.create_thing(name: 'n') }
keyed = ->(made) { made.things.create_thing(name: 'n', request_options: { idempotency_key: 'k' }) }
generated = ->(made) { made.request('POST', '/things', body: { 'name' => 'n' }, generate_idempotency_key: true) }
OUT['statuses'] = [429, 500, 502, 503, 504, 400, 401, 404, 409, 422, 501].map do |status|
  attempts([reply(status), reply(200)], &get)[0]
end
OUT['exhausted'] = attempts([reply(503)], &get).first(2)
OUT['two'] = attempts([reply(503)], max_retries: 2, &get).first(2)
OUT['off'] = attempts([reply(503)], max_retries: 0, &get).first(2)
OUT['post'] = attempts([reply(503), reply(200)], &post).first(2)
OUT['keyed'] = attempts([reply(503), reply(200)], &keyed)
OUT['generated'] = attempts([reply(503), reply(503), reply(200)], &generated)
OUT['connection'] = attempts([Acme::ConnectionError, reply(200)], &get).first(2)
OUT['connection_post'] = attempts([Acme::ConnectionError, reply(200)], &post).first(2)
OUT['timeout'] = attempts([Acme::TimeoutError, reply(200)], &get).first(2)
""",
    )
    # 429 and 500/502/503/504 are retried (two requests); anything else is not.
    assert out["statuses"] == [2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]
    assert out["exhausted"] == [4, "Acme::ServerError"]  # 1 + max_retries (3)
    assert out["two"] == [3, "Acme::ServerError"]
    assert out["off"] == [1, "Acme::ServerError"]
    assert out["post"] == [1, "Acme::ServerError"]  # a POST without an Idempotency-Key is sent once
    count, result, _, keys = out["keyed"]
    assert (count, result, keys) == (2, "ok", ["k", "k"])
    count, result, _, keys = out["generated"]
    assert count == 3 and result == "ok" and len(set(keys)) == 1 and keys[0] is not None  # one key for every retry
    assert out["connection"] == [2, "ok"]
    assert out["connection_post"] == [1, "Acme::ConnectionError"]
    assert out["timeout"] == [1, "Acme::TimeoutError"]  # never retried after a timeout


def test_retry_waits_backoff_with_jitter_or_retry_after(sdk: Path) -> None:
    out = run(
        sdk,
        r"""
fake = Fake.new(reply(503))
made, waits = client(fake, max_retries: 6)
outcome { made.things.get_thing(id: 'x') }
OUT['backoff'] = waits
low = Object.new.tap { |r| r.define_singleton_method(:rand) { |range| range.min } }
high = Object.new.tap { |r| r.define_singleton_method(:rand) { |range| range.max } }
OUT['bounds'] = (0..6).map { |n| [Acme::Retries.delay(n, nil, random: low), Acme::Retries.delay(n, nil, random: high)] }
OUT['asked'] = ['0', '2', '1.5', '120', (Time.now + 30).httpdate, (Time.now - 30).httpdate, 'later'].map do |value|
  made, waits = client(Fake.new(reply(429, '{}', { 'Retry-After' => value }), reply(200)))
  made.things.get_thing(id: 'x')
  waits.first
end
""",
    )
    assert out["bounds"] == [[0.25, 0.5], [0.5, 1.0], [1.0, 2.0], [2.0, 4.0], [4.0, 8.0], [4.0, 8.0], [4.0, 8.0]]
    waits = out["backoff"]
    assert len(waits) == 6
    for attempt, wait in enumerate(waits):
        ceiling = min(0.5 * 2**attempt, 8)
        assert ceiling * 0.5 <= wait <= ceiling, (attempt, wait)
    assert len(set(waits[4:])) > 1 or waits[4] != 8  # jittered, not the bare ceiling
    zero, two, one_and_half, capped, in_30, past, unreadable = out["asked"]
    assert (zero, two, one_and_half, capped, past) == (0, 2, 1.5, 60, 0)
    assert 28 <= in_30 <= 31
    assert 0.25 <= unreadable <= 0.5  # an unreadable Retry-After: the backoff


# The real transport against servers in the same process: one that stalls, one that redirects
# to another that counts its requests, and a port nobody listens on.
NET = r"""
require 'socket'

def server(&answer)
  listener = TCPServer.new('127.0.0.1', 0)
  hits = []
  Thread.new do
    loop do
      socket = listener.accept
      Thread.new(socket) do |s|
        request = +''
        request << s.readpartial(4096) until request.include?("\r\n\r\n")
        hits << request
        answer.call(s, request)
      rescue IOError, SystemCallError
        nil
      ensure
        s.close unless s.closed?
      end
    end
  end
  ["http://127.0.0.1:#{listener.addr[1]}", hits]
end

ENV['no_proxy'] = '127.0.0.1'
EMPTY = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
stalled, stalled_hits = server { |s, _| sleep 3; s.write(EMPTY) }
other, other_hits = server { |s, _| s.write(EMPTY) }
MOVED = "HTTP/1.1 307 Temporary Redirect\r\nLocation: #{other}/x\r\nContent-Length: 0\r\n\r\n"
redirect, = server { |s, _| s.write(MOVED) }
THING = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"id\":\"t\"}"
ok, ok_hits = server { |s, _| s.write(THING) }
closed = TCPServer.new('127.0.0.1', 0)
closed_url = "http://127.0.0.1:#{closed.addr[1]}"
closed.close

started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
OUT['timeout'] = outcome { Acme::Client.new(api_key: 'k', base_url: stalled, timeout: 0.3).things.get_thing(id: 'x') }
OUT['timeout_seconds'] = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started
OUT['timeout_hits'] = stalled_hits.length
OUT['redirect'] = outcome { Acme::Client.new(api_key: 'k', base_url: redirect).things.get_thing(id: 'x') }
OUT['other_hits'] = other_hits.length
refused = Acme::Client.new(api_key: 'k', base_url: closed_url, max_retries: 0)
OUT['refused'] = outcome { refused.things.get_thing(id: 'x') }
begin
  refused.things.get_thing(id: 'x')
rescue Acme::ConnectionError => e
  OUT['cause'] = e.cause.class.ancestors.map(&:name).include?('SystemCallError')
end
OUT['ok'] = outcome { Acme::Client.new(api_key: 'k', base_url: ok).things.get_thing(id: 'x').to_h }
OUT['request'] = ok_hits.first.split("\r\n").first
"""


def test_the_net_http_transport_times_out_never_follows_redirects_and_wraps_failures(sdk: Path) -> None:
    out = run(sdk, NET)
    assert out["timeout"]["error"] == "Acme::TimeoutError"
    assert out["timeout_seconds"] < 2.5  # the 0.3 s timeout, not the server's 3 s
    assert out["timeout_hits"] == 1  # net/http's own retry of idempotent requests is off
    assert out["redirect"]["error"] == "Acme::APIError" and "307" in out["redirect"]["message"]
    assert out["other_hits"] == 0
    assert out["refused"]["error"] == "Acme::ConnectionError" and out["cause"] is True
    assert out["ok"] == {"value": {"id": "t"}}
    assert out["request"] == "GET /things/x HTTP/1.1"
