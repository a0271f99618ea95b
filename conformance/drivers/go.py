"""The Go driver: one program that runs every case on the rendered SDK (see conformance/README.md).

Each case is a function in its own file holding the statements of the Go usage snippet
(``GoLanguage.example_call``: the snippet template over the plan's sample call; for a list
operation, ``example_pages``: its auto-pagination); ``main.go`` runs them in order. The program is
a module of its own whose go.mod replaces the SDK module with the rendered folder, which builds
as it is rendered (stand-ins included): no file is written into it. Standard library only.

Contract 2: each case's client is ``core.NewClient(case.api_key)`` with ``case.client_id`` on
the case's base URL, with the case's timeout and max retries when it sets them; an error prints
as the runtime types it: ``refused`` (wraps ``core.ErrInvalidArgument``), ``timeout`` (a
``*core.TimeoutError``) or ``error`` with the family of its type (``*core.NotFoundError``:
``not_found``, ...). A list operation's call case prints the items of its auto-pagination; a URL
builder's, the URL it built.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from codegen.diagnostics import Diagnostics
from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.go import GoLanguage
from codegen.languages.go.gofmt import gofmt
from codegen.plan.views import CallView
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
	"net/url"
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
	clientID   string
	timeout    float64 // seconds; 0: the SDK's default
	maxRetries int     // -1: the SDK's default
	run        func(ctx context.Context, api *{runtime}.Client) (interface{{}}, error)
}}

var cases = []conformanceCase{{
{table}
}}

// pagesResult is the items of a list operation's auto-pagination.
type pagesResult struct{{ items interface{{}} }}

// encoded is a result as JSON: null for nothing (no result, or the zero value an empty reply leaves).
func encoded(value interface{{}}) (json.RawMessage, error) {{
	if value == nil {{
		return json.RawMessage("null"), nil
	}}
	switch built := value.(type) {{
	case url.URL:
		value = built.String()
	case *url.URL:
		value = built.String()
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
	api.ClientID = c.clientID
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
	if items, ok := result.(pagesResult); ok {{
		data, err := json.Marshal(items.items)
		if err != nil {{
			return map[string]interface{{}}{{"case": c.index, "exception": fmt.Sprintf("%T: %v", err, err)}}
		}}
		return map[string]interface{{}}{{"case": c.index, "items": json.RawMessage(data)}}
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
	{client}
{body}
}}
"""


def _case_body(emitter: GoLanguage, view: CallView | None, case: Case) -> str:
    """The statements of one case: the snippet, then what it returns."""
    paged = case.kind == "pages" or (case.kind in ("call", "retry") and case.reply_kind == "page")
    snippet = None
    if view is not None:
        snippet = emitter.snippet(view, pages=True) if paged and view.method.pages_name else emitter.snippet(view)
    if snippet is None:
        return '\t_ = client\n\treturn nil, errors.New("no example call for this operation")'
    if snippet.startswith("iter :="):
        tail = "\titems, err := iter.All()\n\tif err != nil {\n\t\treturn nil, err\n\t}\n"
        tail += "\treturn pagesResult{items}, nil"
    elif snippet.startswith("err :="):
        tail = "\treturn nil, err"
    else:
        tail = "\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn result, nil"
    body = "\n".join("\t" + line if line else line for line in snippet.splitlines())
    return f"{body}\n{tail}"


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, GoLanguage)
    go = shutil.which("go") or "go"
    settings = emitter.settings
    runtime = settings.runtime_package
    # The sample calls as the snippet template writes them (Language.example_call), the SDK planned once.
    builder = emitter.builder(api, Diagnostics())
    planned = builder.build()
    packages = sorted({p.parent.relative_to(sdk).as_posix() for p in sdk.rglob("*.go")})
    module = settings.module.rstrip("/")
    program = work / "program"
    program.mkdir()
    (program / "go.mod").write_text(
        f"module conformance\n\ngo 1.24\n\nrequire {settings.module} v0.0.0\n\n"
        f"replace {settings.module} => {sdk.resolve()}\n",
        encoding="utf-8",
    )
    table = []
    for case in cases:
        view = builder.call_view(planned, case.call)
        service = view.service.scope if view is not None else runtime
        body = _case_body(emitter, view, case)
        # Every package the case may name: gofmt drops the ones it does not.
        imports = ["context", "errors", "net/http", "net/url", "time", *(f"{module}/{p}" for p in packages)]
        lines = "\n".join(f'\t"{path}"' for path in imports)
        client = f"client := {service}.NewClient(api)" if view is not None else "client := api"
        text = CASE.format(imports=lines, index=case.index, runtime=runtime, client=client, body=body)
        (program / f"case_{case.index:04d}.go").write_text(gofmt(text), encoding="utf-8")
        timeout = repr(float(case.timeout)) if case.timeout is not None else "0"
        retries = case.max_retries if case.max_retries is not None else -1
        fields = [str(case.index), go_string(case.kind), go_string(case.api_key), go_string(case.client_id)]
        fields += [timeout, str(retries)]
        table.append(f"\t{{{', '.join(fields)}, case{case.index}}},")
    main = MAIN.format(runtime=runtime, runtime_import=f'"{emitter.import_path(runtime)}"', table="\n".join(table))
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
