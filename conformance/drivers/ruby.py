"""Ruby: one program (``program.rb``) that runs every case against the SDK's ``lib`` folder.

Each case runs in its own method, so a failing case never stops the next one. The call code
is the emitter's usage snippet (``RubyEmitter.example_call``): it calls the operation on
``client`` and keeps the reply in ``result``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.ruby import RubyEmitter
from codegen.text import ruby_string

TOOLS: tuple[str, ...] = ("ruby",)

PRELUDE = """\
# frozen_string_literal: true

require 'json'
require {require}

BASE_URL = ENV.fetch('CONFORMANCE_URL')

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

def conformance_client(index)
  {top}::Client.new(base_url: "#{{BASE_URL}}/c/#{{index}}", api_key: 'sk_test_conformance')
end

def conformance_case(index)
  yield
rescue StandardError, ScriptError => e
  conformance_print(index, 'exception' => "#{{e.class}}: #{{e.message}}")
end
"""


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Any], work: Path) -> list[str]:
    """Write ``program.rb`` for every case, check its syntax, and return the argv that runs it."""
    assert isinstance(emitter, RubyEmitter)
    top = "::" + "::".join(emitter.modules())
    parts = [PRELUDE.format(require=ruby_string(emitter.require_path()), top=top)]
    for case in cases:
        parts.append(_case(case, api, emitter, top))
    program = work / "program.rb"
    program.write_text("\n".join(parts), encoding="utf-8")
    checked = subprocess.run(["ruby", "-wc", str(program)], capture_output=True, text=True, timeout=120, check=False)
    if checked.returncode != 0:
        raise RuntimeError(checked.stderr.strip()[-2000:] or checked.stdout.strip()[-2000:])
    return ["ruby", "-I", str(sdk / "lib"), str(program)]


def _case(case: Any, api: LanguageAPI, emitter: RubyEmitter, top: str) -> str:
    index = case.index
    snippet = emitter.example_call(case.call, api)
    if snippet is None:
        body = [f"raise NotImplementedError, {ruby_string(f'no example call for case {index}')}"]
    else:
        body = ["client = conformance_client(index)", *snippet.splitlines()]
        if case.kind == "error":
            body = [
                "begin",
                *("  " + line for line in body),
                f"rescue {top}::APIError => e",
                "  error = { 'status' => e.status, 'code' => e.code, 'message' => e.message,",
                "            'request_id' => e.request_id }",
                "  conformance_print(index, 'error' => error)",
                "else",
                "  conformance_print(index, 'exception' => \"no APIError raised: #{result.inspect[0, 200]}\")",
                "end",
            ]
        elif case.kind == "pages":
            body += ["items = result.auto_paging_each.map { |item| conformance_json(item) }"]
            body += ["conformance_print(index, 'items' => items)"]
        else:
            body += ["conformance_print(index, 'result' => conformance_json(result))"]
    lines = [f"# case {index}: {case.kind}", f"def conformance_case_{index}(index)", "  conformance_case(index) do"]
    lines += [f"    {line}" for line in body]
    lines += ["  end", "end", f"conformance_case_{index}({index})", ""]
    return "\n".join(lines)
