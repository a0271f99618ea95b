"""The reference requests: the curl script of an operation, run with the same arguments.

Also the oracle the curl scripts themselves are checked against: the request the HTTP
reference describes (method, path template filled with escaped values, query, JSON body).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from codegen.diagnostics import Loc
from codegen.ir import Field, LanguageAPI, Operation
from codegen.languages.curl import CurlEmitter
from codegen.plan.requests import SETTINGS
from codegen.samples import Arg, Declarations, SampleCall, value_of

API_KEY = "sk_test_conformance"
_PLACEHOLDER = Field(name="placeholder", type=None, loc=Loc("<conformance>"))


@dataclass(frozen=True)
class Script:
    path: Path
    operation: Operation


class Scripts:
    """The curl scripts of a render, by operation id."""

    def __init__(self, emitter: CurlEmitter, curl: LanguageAPI, folder: Path) -> None:
        self.emitter = emitter
        self.by_id: dict[str, Script] = {}
        for rel, op in emitter.scripts(curl):
            if op.id and op.http is not None and op.id not in self.by_id:
                self.by_id[op.id] = Script(folder / rel, op)

    def argv(self, call: SampleCall) -> list[str] | str:
        """The script's command line for ``call``'s wire values, or why there is none."""
        op_id = call.operation.id or ""
        script = self.by_id.get(op_id)
        if script is None:
            return f"no curl script documents {op_id!r}"
        # Headers the HTTP reference describes only in prose (an idempotency key) are checked apart.
        documented = {f.wire_name for f in script.operation.params if f.place == "header"}
        body_args = tuple(a for a in call.args if a.place != "header" or a.wire_name in documented)
        argv = self.emitter.example_argv(replace(call, operation=script.operation, args=body_args), str(script.path))
        if not isinstance(argv, list):
            return f"{op_id}: {argv}"
        host = script.operation.http.host if script.operation.http else None
        if host:  # the recording server stands for the operation's own host too
            variable = self.emitter.host_env(host)
            return ["bash", "-c", f'{variable}=$BASE_URL exec bash "$0" "$@"', *argv]
        return ["bash", *argv]

    def completed(self, call: SampleCall, client_id: str = "") -> tuple[SampleCall, tuple[str, ...]]:
        """``call`` with a value for each required HTTP parameter its language's docs leave out
        (the script refuses to run without them), and the names of those nothing fills: the
        request is compared without them, and the report names them. A parameter the SDK fills
        from its client's settings (codegen.plan.requests.SETTINGS: ``client_id``, and the API
        key as ``client_secret``) takes the setting's value and is compared."""
        script = self.by_id.get(call.operation.id or "")
        if script is None or script.operation.http is None:
            return call, ()
        sent = call.wire()
        fields = {f.wire_name or f.name: f for f in script.operation.params}
        extra: list[Arg] = []
        settings = {"client_id": client_id, "api_key": API_KEY}
        filled: list[Arg] = []
        for param in script.operation.http.params:
            if param.value is not None or param.place == "path" or param.name in sent[param.place]:
                continue
            f = fields.get(param.name)
            if param.name in SETTINGS and client_id:
                value = settings[SETTINGS[param.name]]
                filled.append(Arg((param.name,), f or _PLACEHOLDER, value, param.place, param.name))
                continue
            if param.optional:
                continue
            value = value_of(f.type if f else None, Declarations(), hint=param.name) if f else None
            extra.append(Arg((param.name,), f or _PLACEHOLDER, value or f"{param.name}-1", param.place, param.name))
        return replace(call, args=call.args + tuple(filled) + tuple(extra)), tuple(a.wire_name for a in extra)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def run(
    argv: list[str], base_url: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BASE_URL": base_url, "API_KEY": API_KEY, **(env or {})}
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@dataclass(frozen=True)
class Expected:
    """A request as the HTTP reference describes it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: Any


def oracle(call: SampleCall) -> Expected:
    http = call.operation.http
    assert http is not None
    wire = call.wire()
    path = http.path
    for name, value in wire["path"].items():
        path = path.replace("{" + name + "}", urllib.parse.quote(_text(value), safe=""))
    query: list[tuple[str, str]] = []
    joined = {p.name for p in http.params if p.place == "query" and not p.repeated}  # explode: false
    for name, value in wire["query"].items():
        if name in joined and isinstance(value, list):
            if value:
                query.append((name, ",".join(_query_text(item) for item in value)))
            continue
        for item in value if isinstance(value, list) else [value]:
            query.append((name, _query_text(item)))
    return Expected(http.method.upper(), path, tuple(query), wire["body"] or None)


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)
