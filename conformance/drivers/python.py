"""The Python driver: one program that runs every case on the rendered SDK (see conformance/README.md).

Each case is a function holding the statements of ``PythonEmitter.example_call``; the program
imports the SDK from the folder it was rendered to, and needs nothing but the interpreter.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.python import PythonEmitter

from ..cases import Case

TOOLS: tuple[str, ...] = ()

PROLOGUE = """\
import json
import os
import sys
import traceback

sys.path.insert(0, {sdk!r})
# The server is on 127.0.0.1: never through a proxy from the environment.
os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"

from {package} import APIError, Client
from {package}._runtime import encode

URL = os.environ["CONFORMANCE_URL"]
"""

EPILOGUE = """

def run(index, kind, case):
    client = Client("sk_test_conformance", base_url=f"{URL}/c/{index}")
    try:
        result = case(client)
        if kind == "pages":
            return {"case": index, "items": [encode(item) for item in result.auto_paging_iter()]}
        return {"case": index, "result": encode(result)}
    except APIError as error:
        found = {"status": error.status, "code": error.code, "message": error.message, "request_id": error.request_id}
        return {"case": index, "error": found}
    except Exception as error:
        traceback.print_exc()
        return {"case": index, "exception": f"{type(error).__name__}: {error}"}


for index, kind, case in CASES:
    print(json.dumps(run(index, kind, case)), flush=True)
"""


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, PythonEmitter)
    parts = [PROLOGUE.format(sdk=str(sdk.resolve()), package=emitter.settings.package)]
    table = []
    for case in cases:
        statements = emitter.example_call(case.call, api) or "raise NotImplementedError('no example call')"
        body = textwrap.indent(f"result = None\n{statements}\nreturn result", "    ")
        parts.append(f"\ndef case_{case.index}(client):\n{body}\n")
        table.append(f"    ({case.index}, {case.kind!r}, case_{case.index}),")
    parts.append("\nCASES = [\n" + "\n".join(table) + "\n]\n")
    parts.append(EPILOGUE)
    program = work / "conformance_program.py"
    program.write_text("".join(parts), encoding="utf-8")
    compile(program.read_text(encoding="utf-8"), str(program), "exec")  # a syntax error fails the build
    return [sys.executable, str(program)]
