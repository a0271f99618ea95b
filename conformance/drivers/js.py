"""The TypeScript (js) conformance driver: one program for every case, compiled with tsc.

The rendered SDK is copied to ``work/sdk``; the program (``conformance_main.ts``) is written
beside the SDK's sources, so it imports them the way the SDK's own modules do (shape constants
for re-encoding replies come from the emitter). tsc (``make toolchains`` installs it into
``.toolchains``) compiles both to CommonJS in ``work/out``; the argv runs the program with node.

Contract 2 (conformance/README.md): each case's client takes the case's API key, timeout and
retries; a typed error prints its family (by class), a timeout ``"timeout": true``, an argument
error (``TypeError``) ``"refused"``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.js import CLIENT_CLASS, CLIENT_VARIABLE, JsEmitter, _Scope
from codegen.text import ts_string

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


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Any], work: Path) -> list[str]:
    assert isinstance(emitter, JsEmitter)
    if not TSC.exists() and shutil.which("tsc") is None:
        raise RuntimeError(f"tsc not found at {TSC}: run `make toolchains`")
    tsc = str(TSC) if TSC.exists() else str(shutil.which("tsc"))
    tree = work / "sdk"
    shutil.copytree(sdk, tree)
    src = tree / emitter.settings.path.strip("/") if emitter.settings.path.strip("/") else tree
    externals = emitter.settings.externals_module
    if externals.startswith("./") and not (src / f"{externals[2:]}.ts").exists():
        stand_ins = "".join(f"export type {name} = unknown;\n" for name in emitter.externals(api))
        (src / f"{externals[2:]}.ts").write_text(stand_ins or "export {};\n", encoding="utf-8")
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
    rel = src.relative_to(tree)
    return ["node", str(work / "out" / rel / f"{PROGRAM}.js")]


def program(emitter: JsEmitter, api: LanguageAPI, cases: list[Any]) -> str:
    """The TypeScript program that runs every case (see conformance/README.md)."""
    client = CLIENT_CLASS
    taken = {*IMPORTED, "emit", "failed", "family", "base", "main", "cases"}
    scope = _Scope(None, emitter, taken, emitter.plan(api))
    functions: list[str] = []
    for case in cases:
        functions.append(case_function(emitter, api, scope, case, client))
    lines = [
        "// The conformance program of the TypeScript SDK (written by conformance/drivers/js.py).",
        "",
        f'import {{ {", ".join(sorted(IMPORTED))} }} from "./index.js";',
        *scope.import_lines(),
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


def case_function(emitter: JsEmitter, api: LanguageAPI, scope: _Scope, case: Any, client: str) -> str:
    i = case.index
    op = case.call.operation
    call = emitter.example_call(case.call, api)
    settings = [f"apiKey: {ts_string(case.api_key)}", f"baseUrl: `${{base}}/c/{i}`"]
    if case.timeout is not None:
        settings.append(f"timeout: {round(case.timeout * 1000)}")
    if case.max_retries is not None:
        settings.append(f"maxRetries: {case.max_retries}")
    head = [f"async function case{i}(): Promise<void> {{"]
    if call is None:
        return "\n".join(
            [
                *head,
                f'  emit({{ case: {i}, exception: "NoExampleCall: the emitter gives no call for this operation" }});',
                "}",
                "",
            ]
        )
    # Constructed inside the try: a setting the client refuses is the case's outcome.
    body = [f"    const {CLIENT_VARIABLE} = new {client}({{ {', '.join(settings)} }});"]
    body += ["    " + line if line else "" for line in call.splitlines()]
    if case.kind == "pages":
        page = emitter.page_item(op, scope, "    ")
        item_shape = page[1] if page and page[1] else "undefined"
        body += [
            "    const items: unknown[] = [];",
            "    for await (const item of result.autoPagination()) {",
            f"      items.push(encode({item_shape}, item));",
            "    }",
            f"    emit({{ case: {i}, items }});",
        ]
    else:
        shape = emitter.reply_shape(op, scope, "    ", page=emitter.page_item(op, scope, "    ") is not None)
        body.append(f"    emit({{ case: {i}, result: encode({shape or 'undefined'}, result) ?? null }});")
    return "\n".join(
        [
            *head,
            "  try {",
            *body,
            "  } catch (error) {",
            f"    failed({i}, error);",
            "  }",
            "}",
            "",
        ]
    )
