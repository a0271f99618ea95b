"""Every SDK, built and run: with ``wire = "api"`` the requests it sends follow the API's OpenAPI
(a DELETE's JSON body beside its query, a list the API reads comma-separated beside one it reads
repeated, a header, and the operations the API serves on another host, a request and a URL).

Each language's conformance driver (conformance/drivers/) builds one program that makes every
call of the gadgets pair (tests/fixtures/openapi/gadgets.yaml + gadgets-api.yaml) against the
recording server; the OpenAPI's other host is rewritten to a second recording server, so a
request sent to the base URL instead, or a URL built on it, is caught. Each request must equal
the one the HTTP reference describes (conformance.reference.oracle)."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from helpers import REQUIRE_TOOLCHAINS, ROOT, require_tool, write_tree

from codegen.config import Config, OpenAPIConfig
from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.pipeline import emitter_for, load_api, render
from conformance.cases import cases
from conformance.drivers import driver
from conformance.reference import oracle
from conformance.run import _same_request
from conformance.server import Reply, Server

FIXTURE = ROOT / "tests" / "fixtures" / "openapi"
PAGE = FIXTURE / "gadgets.yaml"
SPEC = FIXTURE / "gadgets-api.yaml"
SDK_LANGUAGES = [language for language in LANGUAGES if language != "curl"]


def _run(language: str, tmp_path: Path, server: Server, host: str) -> tuple[list[Any], dict[int, dict[str, Any]]]:
    """The call cases of ``language`` and what its driver program printed for each."""
    module = driver(language)
    assert module is not None, language
    for tool in getattr(module, "TOOLS", ()):
        require_tool(tool)
    spec = tmp_path / SPEC.name
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("https://auth.example.com", host), encoding="utf-8")
    config = Config(root=tmp_path, openapi=OpenAPIConfig(path=spec.name, wire="api"))  # type: ignore[arg-type]
    diags = Diagnostics()
    api = load_api([PAGE], diags, LANGUAGES, config=config)
    files = render(api, config, (language,), diags)
    assert not diags.errors, diags.render()
    write_tree(files, tmp_path / "sdk")
    lang = api.languages[language]
    calls = [c for c in cases(lang, {op.id for op in lang.operations if op.id}) if c.kind == "call"]
    assert sorted(c.call.operation.id for c in calls) == [
        "delete_gadget",
        "list_gadgets",
        "revoke_session",
        "sign_out_url",
    ]
    for case in calls:
        reply = Reply(204) if case.server_reply is None else Reply(200, case.server_reply)
        server.recorder.responders[str(case.index)] = lambda request, reply=reply: reply
    work = tmp_path / "work"
    work.mkdir()
    try:
        argv = module.build(
            tmp_path / "sdk" / config.out_dir(language), lang, emitter_for(language, config, diags), calls, work
        )
    except RuntimeError as error:  # a library the toolchain lacks (`make toolchains` installs it)
        if "make toolchains" in str(error) and not REQUIRE_TOOLCHAINS:
            pytest.skip(str(error))
        raise
    done = subprocess.run(
        argv,
        cwd=work,
        env={**os.environ, "CONFORMANCE_URL": server.url},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            item = json.loads(line)
            results[item["case"]] = item
    assert len(results) == len(calls), done.stdout + done.stderr
    return calls, results


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_every_sdk_sends_the_followed_requests(language: str, tmp_path: Path) -> None:
    with Server() as server, Server() as auth:
        host = f"{auth.url}/c/auth"
        auth.recorder.responders["auth"] = lambda request: Reply(204)
        calls, results = _run(language, tmp_path, server, host)
    sent = {c.call.operation.id: server.recorder.requests.get(str(c.index), []) for c in calls}
    elsewhere = auth.recorder.requests.get("auth", [])
    for case in calls:
        op_id, result = case.call.operation.id, results[case.index]
        assert "exception" not in result and "error" not in result, (op_id, result)
        expected = oracle(case.call)
        if op_id == "sign_out_url":  # a URL built on the API's other host; nothing sent
            url = urllib.parse.urlsplit(result["result"])
            assert f"{url.scheme}://{url.netloc}{url.path}" == f"{host}/sign_out", result
            assert tuple(urllib.parse.parse_qsl(url.query)) == expected.query
            assert sent[op_id] == []
        elif op_id == "revoke_session":  # sent to the other host, not to the base URL
            assert sent[op_id] == [] and len(elsewhere) == 1, (sent[op_id], elsewhere)
            assert _same_request(expected, elsewhere[0]) == []
        else:
            assert len(sent[op_id]) == 1, (op_id, sent[op_id])
            assert _same_request(expected, sent[op_id][0]) == [], op_id
    # What the OpenAPI changes, named: the DELETE's body beside its query, one comma-separated list.
    (delete,) = sent["delete_gadget"]
    assert list(delete.json_body()) == ["reason"] and [k for k, _ in delete.query] == ["notify"]
    (listed,) = sent["list_gadgets"]
    assert [k for k, _ in listed.query].count("tags") == 1 and [k for k, _ in listed.query].count("ids") == 2
    assert "," in dict(listed.query)["tags"]
