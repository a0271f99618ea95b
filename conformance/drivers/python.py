"""The Python driver: one program that runs every case on the rendered SDK (see conformance/README.md).

Each case is a function holding the statements of ``PythonLanguage.example_call``; the program
imports the SDK from the folder it was rendered to, and needs nothing but the interpreter.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.python import PythonLanguage

from ..cases import Case

TOOLS: tuple[str, ...] = ()
# Runs the runtime cases of docs/RUNTIME.md too (conformance/README.md).
CONTRACT = 2

PROLOGUE = """\
import json
import os
import sys
import traceback

sys.path.insert(0, {sdk!r})
# The server is on 127.0.0.1: never through a proxy from the environment.
os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import {package} as sdk
from {package}._runtime import encode

URL = os.environ["CONFORMANCE_URL"]
# The family of each error class (conformance/README.md).
FAMILIES = {{
    sdk.APIError: "api_error",
    sdk.BadRequestError: "bad_request",
    sdk.AuthenticationError: "unauthorized",
    sdk.PermissionDeniedError: "forbidden",
    sdk.NotFoundError: "not_found",
    sdk.ConflictError: "conflict",
    sdk.UnprocessableEntityError: "unprocessable_entity",
    sdk.RateLimitError: "rate_limit_exceeded",
    sdk.ServerError: "server_error",
}}
"""

EPILOGUE = """

def run(index, kind, case, settings, paged):
    try:
        client = sdk.Client(base_url=f"{URL}/c/{index}", **settings)
        result = case(client)
        if kind == "pages" or paged:
            return {"case": index, "items": [encode(item) for item in result.auto_paging_iter()]}
        return {"case": index, "result": encode(result)}
    except sdk.APIError as error:
        found = {
            "type": FAMILIES.get(type(error), f"unknown class {type(error).__name__}"),
            "status": error.status,
            "code": error.code,
            "message": error.message,
            "request_id": error.request_id,
            "raw": error.raw,
        }
        if isinstance(error, sdk.RateLimitError):
            found["retry_after"] = error.retry_after
        return {"case": index, "error": found}
    except sdk.APITimeoutError:
        return {"case": index, "timeout": True}
    except json.JSONDecodeError as error:
        traceback.print_exc()
        return {"case": index, "exception": f"{type(error).__name__}: {error}"}
    except ValueError as error:  # the SDK's argument error: refused before anything was sent
        return {"case": index, "refused": str(error)}
    except Exception as error:
        traceback.print_exc()
        return {"case": index, "exception": f"{type(error).__name__}: {error}"}


for index, kind, case, settings, paged in CASES:
    print(json.dumps(run(index, kind, case, settings, paged)), flush=True)
"""


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, PythonLanguage)
    parts = [PROLOGUE.format(sdk=str(sdk.resolve()), package=emitter.settings.package)]
    table = []
    for case in cases:
        statements = emitter.example_call(case.call, api) or "raise NotImplementedError('no example call')"
        body = textwrap.indent(f"result = None\n{statements}\nreturn result", "    ")
        parts.append(f"\ndef case_{case.index}(client):\n{body}\n")
        settings = {
            "api_key": case.api_key,
            "client_id": case.client_id,
            "timeout": case.timeout,
            "max_retries": case.max_retries,
        }
        given = {name: value for name, value in settings.items() if value is not None}
        paged = case.reply_kind == "page" and case.kind == "call"
        table.append(f"    ({case.index}, {case.kind!r}, case_{case.index}, {given!r}, {paged!r}),")
    parts.append("\nCASES = [\n" + "\n".join(table) + "\n]\n")
    parts.append(EPILOGUE)
    program = work / "conformance_program.py"
    program.write_text("".join(parts), encoding="utf-8")
    compile(program.read_text(encoding="utf-8"), str(program), "exec")  # a syntax error fails the build
    return [sys.executable, str(program)]
