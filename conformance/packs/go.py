"""Go: the SDK module built and vetted with the go command, then required by a scratch consumer
module outside its folder and called once.

A Go module is published as its source tree (a tag of its repository), so packing it is
building it: ``go build ./...`` and ``go vet ./...`` in a copy of the rendered SDK, which must
carry its own ``go.mod`` (the module path of the settings) and README. The consumer module
``require``s the SDK module at the settings' version with a ``replace`` directive to the copy
(what ``go get`` of the tag would fetch), and its program constructs a client on the recording
server with the API key ``sk_test_conformance`` and calls one GET method of the SDK whose path
takes no value, every argument its zero value. Offline: ``GOPROXY=off``, standard library only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from codegen.languages.base import LanguageSettings
from codegen.languages.go import GoSettings

from ..cases import API_KEY

TOOLS: tuple[str, ...] = ("go",)

# A method of a service's Client as the Go templates write it, with its body.
_METHOD = re.compile(r"^func \(c \*Client\) (\w+)\(([^\n]*)\) ([^\n]*) \{\n(.*?)^\}", re.MULTILINE | re.DOTALL)
# A request whose path is one literal: no path value that a zero argument would leave empty.
_LITERAL_GET = re.compile(r'Request\{Method: "GET", Path: "[^"]*"\}')
_PARAM = re.compile(r"\w+ (context\.Context|[A-Z]\w*)")
# The per-request options every method takes last (left out of the call).
_OPTIONS = re.compile(r"\w+ \.\.\.\w+\.RequestOption")

CONSUMER = """\
package main

import (
	"context"
	"fmt"
	"os"

	sdk "{runtime_import}"
	service "{service_import}"
)

func main() {{
	api := sdk.NewClient({api_key})
	api.BaseURL = os.Args[1]
	client := service.NewClient(api)
	{results} := client.{method}({args})
	if err != nil {{
		fmt.Fprintln(os.Stderr, "the call failed:", err)
		os.Exit(1)
	}}
	fmt.Println("called {package}.{method}")
}}
"""


def _env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOTOOLCHAIN": "local",
        "GOWORK": "off",
        "CGO_ENABLED": "0",
        "GOPATH": str(work / "gopath"),
    }


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def pick_call(sdk: Path, settings: GoSettings) -> tuple[str, str, str, str, str] | None:
    """(service package, its import path, method, arguments, results) of the first GET method
    (by package folder and name) whose path is a literal and whose parameters are a context and
    values of its own package's types."""
    base = settings.module.rstrip("/")
    found = []
    for path in sorted(sdk.rglob("client.go")):
        text = path.read_text(encoding="utf-8")
        package = re.search(r"^package (\w+)$", text, re.MULTILINE)
        if package is None:
            continue
        folder = path.parent.relative_to(sdk).as_posix()
        for name, params, results, body in _METHOD.findall(text):
            if not _LITERAL_GET.search(body):
                continue
            given = [p for p in params.split(", ") if p and not _OPTIONS.fullmatch(p)]
            types = [_PARAM.fullmatch(p) for p in given]
            if not all(types):
                continue
            args = ", ".join(
                "context.Background()" if m[1] == "context.Context" else f"*new(service.{m[1]})" for m in types if m
            )
            if results == "error":
                assigned = "err"
            elif re.fullmatch(r"\([^,()]+, error\)", results):
                assigned = "_, err"
            else:
                continue
            found.append((folder, name, package[1], f"{base}/{folder}", args, assigned))
    if not found:
        return None
    _, method, package, import_path, args, assigned = min(found)
    return package, import_path, method, args, assigned


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    assert isinstance(settings, GoSettings)
    go = shutil.which("go") or "go"
    env = _env(work)
    copy = work / "sdk"
    shutil.copytree(sdk, copy)
    manifest = copy / "go.mod"
    if not manifest.is_file():
        return ["the SDK has no go.mod"]
    module = re.search(r"^module (\S+)$", manifest.read_text(encoding="utf-8"), re.MULTILINE)
    problems = []
    if module is None or module[1] != settings.module:
        problems.append(f"go.mod names the module {module[1] if module else None!r}, the settings {settings.module!r}")
    if not (copy / "README.md").is_file():
        problems.append("the SDK has no README.md")
    if problems:
        return problems

    built = _run([go, "build", "./..."], copy, env)
    if built.returncode != 0:  # no hand-written file helps: the SDK declares its stand-ins itself
        return [f"go build ./... failed:\n{(built.stdout + built.stderr).strip()[-4000:]}"]
    vetted = _run([go, "vet", "./..."], copy, env)
    if vetted.returncode != 0:
        return [f"go vet ./... failed:\n{(vetted.stdout + vetted.stderr).strip()[-4000:]}"]

    call = pick_call(copy, settings)
    if call is None:
        return ["the SDK has no GET method with a literal path for the consumer to call"]
    package, service_import, method, args, assigned = call
    folder = settings.package_dir.strip("/")
    runtime_import = "/".join(p for p in (settings.module.rstrip("/"), folder, settings.runtime_package) if p)
    consumer = work / "consumer"
    consumer.mkdir()
    (consumer / "go.mod").write_text(
        f"module example.com/consumer\n\ngo 1.24\n\nrequire {settings.module} v{settings.version}\n\n"
        f"replace {settings.module} v{settings.version} => {copy.resolve()}\n",
        encoding="utf-8",
    )
    (consumer / "main.go").write_text(
        CONSUMER.format(
            runtime_import=runtime_import,
            service_import=service_import,
            api_key=f'"{API_KEY}"',
            results=assigned,
            method=method,
            args=args,
            package=package,
        ),
        encoding="utf-8",
    )
    binary = work / "consumer-program"
    built = _run([go, "build", "-o", str(binary), "."], consumer, env)
    if built.returncode != 0:
        return [f"the consumer module did not build:\n{(built.stdout + built.stderr).strip()[-4000:]}"]
    ran = _run([str(binary), base_url], consumer, env)
    if ran.returncode != 0:
        return [f"the consumer program failed (exit {ran.returncode}):\n{(ran.stdout + ran.stderr).strip()[-4000:]}"]
    return []
