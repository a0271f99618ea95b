"""The TypeScript (js) conformance driver: one program for every case, compiled with tsc.

The rendered SDK is copied to ``work/sdk`` as it is (the SDK declares every type it uses: no
file is added to it); the program (``conformance_main.ts``) is written beside the SDK's sources
and imports them as the SDK's own modules do. Each case's call is the usage snippet
(``JsLanguage.example_call``); its result is re-encoded to JSON with the shape of its type (the
items of a list through ``autoPagination()``). tsc (``make toolchains`` installs it into
``.toolchains``) compiles both to CommonJS in ``work/out``; the argv runs the program with node.

Contract 2 (conformance/README.md): each case's client takes the case's API key, client id,
timeout and retries; a typed error prints its family (by class), a timeout ``"timeout": true``,
an argument error (``TypeError``) ``"refused"``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from codegen.diagnostics import Diagnostics
from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.js import CLIENT_CLASS, CLIENT_VARIABLE, JsLanguage, alias
from codegen.languages.js.shapes import shape_of
from codegen.plan.sdk import FUNCTIONS
from codegen.plan.views import SdkView
from codegen.text import ts_string

from ..cases import Case

TOOLS: tuple[str, ...] = ("node",)
# The driver runs the runtime cases too (conformance/cases.py RUNTIME_KINDS).
CONTRACT = 2

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / ".toolchains" / "node_modules" / ".bin" / "tsc"
PROGRAM = "conformance_main"
# Each error class of the runtime and its family, as the conformance output names it (subclasses first).
FAMILIES = (
    ("BadRequestError", "bad_request"),
    ("UnauthorizedError", "unauthorized"),
    ("ForbiddenError", "forbidden"),
    ("NotFoundError", "not_found"),
    ("ConflictError", "conflict"),
    ("UnprocessableEntityError", "unprocessable_entity"),
    ("RateLimitExceededError", "rate_limit_exceeded"),
    ("ServerError", "server_error"),
)
IMPORTED = ("ApiError", "TimeoutError", CLIENT_CLASS, "encode", *(name for name, _ in FAMILIES))

TSCONFIG: dict[str, Any] = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2020",
        "module": "commonjs",
        "moduleResolution": "node",
        "lib": ["ES2020"],
        "skipLibCheck": True,
        "types": [],
        "rootDir": "sdk",
        "outDir": "out",
    },
    "include": ["sdk/**/*.ts"],
}

PRELUDE = """\
declare const process: { env: Record<string, string | undefined>; exitCode?: number };
declare const console: { log(...values: unknown[]): void; error(...values: unknown[]): void };

const base = process.env["CONFORMANCE_URL"] ?? "";

function emit(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

function family(error: ApiError): string {
FAMILY_CHECKS
  return "api_error";
}

function failed(index: number, error: unknown): void {
  if (error instanceof ApiError) {
    const body = { type: family(error), status: error.status, code: error.code, message: error.apiMessage };
    const more = { request_id: error.requestId, raw: error.rawBody };
    const retry = error instanceof RateLimitExceededError ? { retry_after: error.retryAfter } : {};
    emit({ case: index, error: { ...body, ...more, ...retry } });
  } else if (error instanceof TimeoutError) {
    emit({ case: index, timeout: true, message: error.message });
  } else if (error instanceof TypeError) {
    emit({ case: index, refused: error.message });
  } else {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    emit({ case: index, exception: text });
  }
}
""".replace(
    "FAMILY_CHECKS\n",
    "".join(f'  if (error instanceof {name}) return "{family}";\n' for name, family in FAMILIES),
)


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, JsLanguage)
    if not TSC.exists() and shutil.which("tsc") is None:
        raise RuntimeError(f"tsc not found at {TSC}: run `make toolchains`")
    tsc = str(TSC) if TSC.exists() else str(shutil.which("tsc"))
    tree = work / "sdk"
    shutil.copytree(sdk, tree)
    folder = emitter.settings.path.strip("/")
    src = tree / folder if folder else tree
    (src / f"{PROGRAM}.ts").write_text(program(emitter, api, cases), encoding="utf-8")
    (work / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=2), encoding="utf-8")
    (work / "package.json").write_text('{"type": "commonjs"}\n', encoding="utf-8")
    done = subprocess.run(
        [tsc, "-p", str(work / "tsconfig.json"), "--pretty", "false"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"tsc failed:\n{(done.stdout + done.stderr)[-4000:]}")
    return ["node", str(work / "out" / src.relative_to(tree) / f"{PROGRAM}.js")]


def program(emitter: JsLanguage, api: LanguageAPI, cases: list[Case]) -> str:
    """The TypeScript program that runs every case (see conformance/README.md)."""
    sdk = emitter.plan(api, Diagnostics())
    shapes = _shapes(sdk)
    functions = [case_function(emitter, api, sdk, shapes, case) for case in cases]
    lines = [
        "// The conformance program of the TypeScript SDK (written by conformance/drivers/js.py).",
        "",
        f'import {{ {", ".join(sorted(IMPORTED))} }} from "./index.js";',
        *(f'import * as {s.name}Types from "./interfaces/{s.name}.js";' for s in sdk.scopes),
        "",
        PRELUDE,
        *functions,
        "async function main(): Promise<void> {",
        "  const cases = [" + ", ".join(f"case{case.index}" for case in cases) + "];",
        "  for (const run of cases) {",
        "    await run();",
        "  }",
        "}",
        "",
        "main().catch((error: unknown) => {",
        "  console.error(error);",
        "  process.exitCode = 1;",
        "});",
        "",
    ]
    return "\n".join(lines)


def _shapes(sdk: SdkView) -> dict[str, str]:
    """The shape constant of every object type as a service file spells it (its name, or its
    alias where two scopes declare the name), reached through the scope's namespace import."""
    found: dict[str, str] = {}
    for scope in sdk.scopes:
        for decl in scope.decls:
            if decl.kind in ("model", "options", "inline"):
                found.setdefault(decl.name, f"{scope.name}Types.{decl.name}Shape")
                found[alias(scope.name, decl.name)] = f"{alias(scope.name, decl.name)}Shape"
    return found


def case_function(emitter: JsLanguage, api: LanguageAPI, sdk: SdkView, shapes: dict[str, str], case: Case) -> str:
    i = case.index
    call = emitter.example_call(case.call, api)
    settings = [f"apiKey: {ts_string(case.api_key)}", f"clientId: {ts_string(case.client_id)}"]
    settings.append(f"baseUrl: `${{base}}/c/{i}`")
    if case.timeout is not None:
        settings.append(f"timeout: {round(case.timeout * 1000)}")
    if case.max_retries is not None:
        settings.append(f"maxRetries: {case.max_retries}")
    head = [f"async function case{i}(): Promise<void> {{"]
    method = _method(sdk, case)
    if call is None or method is None:
        message = "NoExampleCall: the emitter gives no call for this operation"
        return "\n".join([*head, f"  emit({{ case: {i}, exception: {json.dumps(message)} }});", "}", ""])
    # Constructed inside the try: a setting the client refuses is the case's outcome.
    body = [f"    const {CLIENT_VARIABLE} = new {CLIENT_CLASS}({{ {', '.join(settings)} }});"]
    body += ["    " + line if line else "" for line in call.splitlines()]
    request = method.request
    if request is not None and request.reply == "page":
        item = shape_of(request.item_type, shapes) or "undefined"
        body += [
            "    const items: unknown[] = [];",
            "    for await (const item of result.autoPagination()) {",
            f"      items.push(encode({item}, item));",
            "    }",
            f"    emit({{ case: {i}, items }});",
        ]
    elif "const result = " in call:
        shape = shape_of(method.result, shapes) or "undefined"
        body.append(f"    emit({{ case: {i}, result: encode({shape}, result) ?? null }});")
    else:
        body.append(f"    emit({{ case: {i}, result: null }});")
    return "\n".join([*head, "  try {", *body, "  } catch (error) {", f"    failed({i}, error);", "  }", "}", ""])


def _method(sdk: SdkView, case: Case) -> Any:
    op = case.call.operation
    for service in sdk.services:
        if service.docs_name != (op.service or FUNCTIONS):
            continue
        for method in service.methods:
            if method.docs_name == op.name and method.key == op.key:
                return method
    return None
