"""The Go driver: one program that runs every case on the rendered SDK (see conformance/README.md).

Each case is a function in its own file (its own imports) holding the statements of
``GoEmitter.example_call``; ``main.go`` runs them in order. The program is a module of its own
whose go.mod replaces the SDK module with a copy of the rendered folder, plus stand-ins for the
types the docs use but never define (an SDK repo writes those by hand). Standard library only.

Contract 2: each case's client is ``core.NewClient(case.api_key)`` on the case's base URL, with
the case's timeout and max retries when it sets them; an error prints as the runtime types it:
``refused`` (wraps ``core.ErrInvalidArgument``), ``timeout`` (a ``*core.TimeoutError``) or
``error`` with the family of its type (``*core.NotFoundError``: ``not_found``, ...).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.go import GoEmitter
from codegen.text import go_string

from ..cases import Case

TOOLS: tuple[str, ...] = ("go",)
# Runs the runtime cases of docs/RUNTIME.md too (conformance/README.md).
CONTRACT = 2

MAIN = """\
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"time"

	{runtime_import}
)

type conformanceCase struct {{
	index      int
	kind       string
	apiKey     string
	timeout    float64 // seconds; 0: the SDK's default
	maxRetries int     // -1: the SDK's default
	run        func(ctx context.Context, api *{runtime}.Client) (interface{{}}, error)
}}

var cases = []conformanceCase{{
{table}
}}

// encoded is a result as JSON: null for nothing (no result, or the zero value an empty reply leaves).
func encoded(value interface{{}}) (json.RawMessage, error) {{
	if value == nil {{
		return json.RawMessage("null"), nil
	}}
	if v := reflect.ValueOf(value); v.IsZero() {{
		return json.RawMessage("null"), nil
	}}
	data, err := json.Marshal(value)
	if err != nil {{
		return nil, err
	}}
	return json.RawMessage(data), nil
}}

// family is the error's family by its type (conformance/README.md).
func family(err error) string {{
	var (
		badRequest    *{runtime}.BadRequestError
		unauthorized  *{runtime}.UnauthorizedError
		forbidden     *{runtime}.ForbiddenError
		notFound      *{runtime}.NotFoundError
		conflict      *{runtime}.ConflictError
		unprocessable *{runtime}.UnprocessableEntityError
		rateLimit     *{runtime}.RateLimitError
		server        *{runtime}.ServerError
	)
	switch {{
	case errors.As(err, &badRequest):
		return "bad_request"
	case errors.As(err, &unauthorized):
		return "unauthorized"
	case errors.As(err, &forbidden):
		return "forbidden"
	case errors.As(err, &notFound):
		return "not_found"
	case errors.As(err, &conflict):
		return "conflict"
	case errors.As(err, &unprocessable):
		return "unprocessable_entity"
	case errors.As(err, &rateLimit):
		return "rate_limit_exceeded"
	case errors.As(err, &server):
		return "server_error"
	}}
	return "api_error"
}}

// failure is the line of a case whose call returned err.
func failure(c conformanceCase, err error) map[string]interface{{}} {{
	var apiErr *{runtime}.APIError
	var timeout *{runtime}.TimeoutError
	switch {{
	case errors.Is(err, {runtime}.ErrInvalidArgument):
		return map[string]interface{{}}{{"case": c.index, "refused": err.Error()}}
	case errors.As(err, &timeout):
		return map[string]interface{{}}{{"case": c.index, "timeout": true, "message": err.Error()}}
	case errors.As(err, &apiErr) && c.kind != "call" && c.kind != "pages" && c.kind != "retry":
		found := map[string]interface{{}}{{
			"type": family(err), "status": apiErr.Status, "code": apiErr.Code, "message": apiErr.Message,
			"request_id": apiErr.RequestID, "raw": apiErr.Body,
		}}
		var rateLimit *{runtime}.RateLimitError
		if errors.As(err, &rateLimit) {{
			found["retry_after"] = nil
			if rateLimit.RetryAfter != nil {{
				found["retry_after"] = rateLimit.RetryAfter.Seconds()
			}}
		}}
		return map[string]interface{{}}{{"case": c.index, "error": found}}
	}}
	return map[string]interface{{}}{{"case": c.index, "exception": fmt.Sprintf("%T: %v", err, err)}}
}}

func run(c conformanceCase, base string) (line map[string]interface{{}}) {{
	defer func() {{
		if r := recover(); r != nil {{
			line = map[string]interface{{}}{{"case": c.index, "exception": fmt.Sprintf("panic: %v", r)}}
		}}
	}}()
	api := {runtime}.NewClient(c.apiKey)
	api.BaseURL = base + "/c/" + strconv.Itoa(c.index)
	if c.timeout > 0 {{
		api.Timeout = time.Duration(c.timeout * float64(time.Second))
	}}
	if c.maxRetries >= 0 {{
		api.MaxRetries = {runtime}.Ptr(c.maxRetries)
	}}
	result, err := c.run(context.Background(), api)
	if err != nil {{
		return failure(c, err)
	}}
	if c.kind == "pages" {{
		data, err := json.Marshal(result)
		if err != nil {{
			return map[string]interface{{}}{{"case": c.index, "exception": fmt.Sprintf("%T: %v", err, err)}}
		}}
		return map[string]interface{{}}{{"case": c.index, "items": json.RawMessage(data)}}
	}}
	data, err := encoded(result)
	if err != nil {{
		return map[string]interface{{}}{{"case": c.index, "exception": fmt.Sprintf("%T: %v", err, err)}}
	}}
	return map[string]interface{{}}{{"case": c.index, "result": data}}
}}

func main() {{
	base := os.Getenv("CONFORMANCE_URL")
	for _, c := range cases {{
		data, err := json.Marshal(run(c, base))
		if err != nil {{
			data, _ = json.Marshal(map[string]interface{{}}{{"case": c.index, "exception": err.Error()}})
		}}
		fmt.Println(string(data))
	}}
}}
"""

CASE = """\
package main

import (
{imports}
)

func case{index}(ctx context.Context, api *{runtime}.Client) (interface{{}}, error) {{
	client := {service}.NewClient(api)
{body}
}}
"""


def _stand_ins(emitter: GoEmitter, api: LanguageAPI) -> dict[str, str]:
    """One file per package for the externals the generated code uses (as tests/toolchains.py)."""
    by_package: dict[str, list[str]] = {}
    for external in emitter.externals(api):
        package, name = emitter.external_location(external)
        by_package.setdefault(package, []).append(name)
    return {
        f"{emitter.package_folder(package)}/zz_conformance_stand_ins.go": f"package {package}\n\n"
        + "".join(f"type {name} struct{{}}\n" for name in sorted(names))
        for package, names in by_package.items()
    }


def _case_body(emitter: GoEmitter, api: LanguageAPI, case: Case) -> tuple[str, set[str]]:
    if case.kind == "pages":
        snippet = emitter.example_pages(case.call, api)
        tail = "\treturn iter.All()"
    else:
        snippet = emitter.example_call(case.call, api)
        if snippet is not None and snippet.startswith("err :="):
            tail = "\treturn nil, err"
        else:
            tail = "\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn result, nil"
    if snippet is None:
        return '\t_ = client\n\treturn nil, errors.New("no example call for this operation")', {"errors"}
    imports = emitter.example_imports(case.call, api)
    body = "\n".join("\t" + line if line else line for line in snippet.splitlines())
    return f"{body}\n{tail}", imports


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, GoEmitter)
    go = shutil.which("go") or "go"
    settings = emitter.settings
    runtime = settings.runtime_package
    runtime_import = emitter.import_path(runtime)
    # A copy of the SDK with the stand-ins: the rendered folder stays as it was rendered.
    copy = work / "sdk"
    shutil.copytree(sdk, copy)
    for rel, text in _stand_ins(emitter, api).items():
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    program = work / "program"
    program.mkdir()
    (program / "go.mod").write_text(
        f"module conformance\n\ngo 1.24\n\nrequire {settings.module} v0.0.0\n\n"
        f"replace {settings.module} => {copy.resolve()}\n",
        encoding="utf-8",
    )
    table = []
    for case in cases:
        body, imports = _case_body(emitter, api, case)
        service_import, service = emitter.example_client(case.call)
        imports |= {"context", runtime_import, service_import}
        lines = "\n".join(f'\t"{path}"' for path in sorted(imports))
        text = CASE.format(imports=lines, index=case.index, runtime=runtime, service=service, body=body)
        (program / f"case_{case.index:04d}.go").write_text(text, encoding="utf-8")
        timeout = repr(float(case.timeout)) if case.timeout is not None else "0"
        retries = case.max_retries if case.max_retries is not None else -1
        fields = [str(case.index), go_string(case.kind), go_string(case.api_key), timeout, str(retries)]
        table.append(f"\t{{{', '.join(fields)}, case{case.index}}},")
    main = MAIN.format(runtime=runtime, runtime_import=f'"{runtime_import}"', table="\n".join(table))
    (program / "main.go").write_text(main, encoding="utf-8")
    env = {
        **os.environ,
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "0",
        "GOWORK": "off",
    }
    binary = work / "conformance_program"
    done = subprocess.run(
        [go, "build", "-o", str(binary), "."], cwd=program, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"go build failed:\n{done.stdout}{done.stderr}"[-4000:])
    return [str(binary)]
