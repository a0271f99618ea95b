"""Ruby: one program (``program.rb``) that runs every case against the SDK's ``lib`` folder.

Each case runs in its own method, so a failing case never stops the next one. The call code
is the usage snippet (``RubyLanguage.example_call``, the snippet template over the plan's call
view): it calls the operation on ``client`` and keeps the reply in ``result``. Contract 2: each
case's client is constructed with the case's API key, client id, timeout and retries, and the
runtime cases print what the typed errors carry (conformance/README.md). A list operation's
call case prints its items through auto-pagination.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.ruby import RubyLanguage
from codegen.text import ruby_string

TOOLS: tuple[str, ...] = ("ruby",)
CONTRACT = 2

PRELUDE = """\
# frozen_string_literal: true

require 'json'
require {require}

BASE_URL = ENV.fetch('CONFORMANCE_URL')
# The server is on 127.0.0.1: never through a proxy from the environment.
ENV['no_proxy'] = ENV['NO_PROXY'] = '127.0.0.1,localhost'

# The conformance output's "type" of each error class (docs/RUNTIME.md).
FAMILIES = {{
  {top}::APIError => 'api_error',
  {top}::BadRequestError => 'bad_request',
  {top}::UnauthorizedError => 'unauthorized',
  {top}::ForbiddenError => 'forbidden',
  {top}::NotFoundError => 'not_found',
  {top}::ConflictError => 'conflict',
  {top}::UnprocessableEntityError => 'unprocessable_entity',
  {top}::RateLimitExceededError => 'rate_limit_exceeded',
  {top}::ServerError => 'server_error'
}}.freeze

# A returned value as JSON data with wire names.
def conformance_json(value)
  case value
  when Hash then value.to_h {{ |key, item| [key.to_s, conformance_json(item)] }}
  when Array then value.map {{ |item| conformance_json(item) }}
  when {top}::Model, {top}::ListPage then conformance_json(value.to_h)
  when Symbol then value.to_s
  when Time then {top}::Wire.encode(value)
  else value
  end
end

def conformance_print(index, fields)
  puts JSON.generate({{ 'case' => index }}.merge(fields))
  $stdout.flush
end

# The client of a case: its API key and client id, and its timeout and retries when it sets them.
def conformance_client(index, api_key, client_id, timeout, max_retries)
  settings = {{ base_url: "#{{BASE_URL}}/c/#{{index}}", api_key: api_key, client_id: client_id }}
  settings[:timeout] = timeout unless timeout.nil?
  settings[:max_retries] = max_retries unless max_retries.nil?
  {top}::Client.new(**settings)
end

# Runs a case; a typed error, a timeout or a refusal is printed as the contract says.
def conformance_case(index)
  yield
rescue {top}::APIError => e
  error = {{ 'type' => FAMILIES.fetch(e.class, "unknown #{{e.class}}"), 'status' => e.status, 'code' => e.code,
            'message' => e.error_message, 'request_id' => e.request_id, 'raw' => e.body }}
  error['retry_after'] = e.retry_after if e.respond_to?(:retry_after)
  conformance_print(index, 'error' => error)
rescue {top}::TimeoutError
  conformance_print(index, 'timeout' => true)
rescue ArgumentError => e
  conformance_print(index, 'refused' => e.message)
rescue StandardError, ScriptError => e
  conformance_print(index, 'exception' => "#{{e.class}}: #{{e.message}}")
end
"""


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Any], work: Path) -> list[str]:
    """Write ``program.rb`` for every case, check its syntax, and return the argv that runs it."""
    assert isinstance(emitter, RubyLanguage)
    top = "::" + "::".join(emitter.modules())
    parts = [PRELUDE.format(require=ruby_string(emitter.require_path()), top=top)]
    for case in cases:
        parts.append(_case(case, api, emitter))
    program = work / "program.rb"
    program.write_text("\n".join(parts), encoding="utf-8")
    checked = subprocess.run(["ruby", "-wc", str(program)], capture_output=True, text=True, timeout=120, check=False)
    if checked.returncode != 0:
        raise RuntimeError(checked.stderr.strip()[-2000:] or checked.stdout.strip()[-2000:])
    return ["ruby", "-I", str(sdk / "lib"), str(program)]


def _case(case: Any, api: LanguageAPI, emitter: RubyLanguage) -> str:
    index = case.index
    snippet = emitter.example_call(case.call, api)
    if snippet is None:
        body = [f"raise NotImplementedError, {ruby_string(f'no example call for case {index}')}"]
    else:
        timeout = "nil" if case.timeout is None else repr(float(case.timeout))
        retries = "nil" if case.max_retries is None else str(int(case.max_retries))
        settings = f"{ruby_string(case.api_key)}, {ruby_string(case.client_id)}, {timeout}, {retries}"
        body = [f"client = conformance_client(index, {settings})", *snippet.splitlines()]
        if case.kind == "pages" or (case.kind == "call" and case.reply_kind == "page"):
            body += ["items = result.auto_paging_each.map { |item| conformance_json(item) }"]
            body += ["conformance_print(index, 'items' => items)"]
        elif case.kind in ("call", "retry"):
            body += ["conformance_print(index, 'result' => conformance_json(result))"]
        else:  # an error, a timeout or a refusal is expected: conformance_case prints it
            body += [f"conformance_print(index, 'exception' => {ruby_string(f'no error raised ({case.kind})')})"]
    lines = [f"# case {index}: {case.kind}", f"def conformance_case_{index}(index)", "  conformance_case(index) do"]
    lines += [f"    {line}" for line in body]
    lines += ["  end", "end", f"conformance_case_{index}({index})", ""]
    return "\n".join(lines)
