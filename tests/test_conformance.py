"""The conformance harness (conformance/): the recording server, the request comparison, the
curl reference, the sample calls it is built on, and the usage snippets that share them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from helpers import ROOT, SPECS, render_specs

from codegen.config import Config
from codegen.diagnostics import Diagnostics, Loc
from codegen.languages.curl import CurlSettings
from codegen.lint import Finding, lint
from codegen.pipeline import load_api
from codegen.samples import sample_call
from conformance.reference import oracle
from conformance.run import ACCEPTED, Gaps, Outcome, _same_request
from conformance.server import Reply, Request, Server


def _request(**changes: object) -> Request:
    base: dict[str, object] = {
        "method": "POST",
        "path": "/auth/factors/id%201%2F2/challenge",
        "query": (("domains", "a"), ("domains", "b")),
        "headers": {"authorization": "Bearer sk_test_conformance", "content-type": "application/json"},
        "body": b'{"sms_template": "x"}',
    }
    base.update(changes)
    return Request(**base)  # type: ignore[arg-type]


def test_the_server_records_each_case_apart_and_answers_as_told() -> None:
    with Server() as server:
        server.recorder.responders["7"] = lambda request: Reply(201, {"seen": request.path})
        req = urllib.request.Request(f"{server.url}/c/7/a%20b?x=1&x=2", data=b"{}", method="PUT")
        with urllib.request.urlopen(req) as reply:
            assert reply.status == 201
            assert reply.read() == b'{"seen": "/a%20b"}'
    (recorded,) = server.recorder.requests["7"]
    assert (recorded.method, recorded.path, recorded.query) == ("PUT", "/a%20b", (("x", "1"), ("x", "2")))


def test_a_request_equals_the_reference_only_when_every_part_does() -> None:
    reference = _request()
    assert _same_request(reference, _request()) == []
    # Key order in the body and parameter order across keys do not matter.
    assert _same_request(reference, _request(body=b'{ "sms_template":"x" }')) == []
    assert _same_request(reference, _request(query=(("domains", "a"), ("domains", "b")))) == []
    for changed, word in [
        (_request(method="PUT"), "method"),
        (_request(path="/auth/factors/id+1/2/challenge"), "path"),
        (_request(query=(("domains", "b"), ("domains", "a"))), "query"),
        (_request(query=(("domains", "b"),)), "query"),
        (_request(body=b'{"sms_template": "y"}'), "body"),
        (_request(body=b""), "body"),
        (_request(headers={"content-type": "application/json"}), "authorization"),
        (_request(headers={"authorization": "Bearer sk_test_conformance"}), "content-type"),
    ]:
        problems = _same_request(reference, changed)
        assert len(problems) == 1 and problems[0].startswith(word), (changed, problems)


def test_sample_calls_fill_every_wire_field_and_escape_paths_when_asked() -> None:
    api = load_api([SPECS], Diagnostics(), ("curl", "go"))
    go = api.languages["go"]
    (op,) = [o for o in go.operations if o.id == "challenge_factor"]
    call = sample_call(op, go, awkward_paths=True)
    assert call.wire()["path"] == {"authentication_factor_id": "authentication_factor_id 1/2"}
    assert call.wire()["body"] == {"sms_template": "sms_template-1"}
    assert call.value("opts", "SMSTemplate") == "sms_template-1"
    assert oracle(call).path == "/auth/factors/authentication_factor_id%201%2F2/challenge"
    (listing,) = [o for o in go.operations if o.id == "list_organizations"]
    assert sample_call(listing, go).wire()["query"]["domains"] == ["domains-1", "domains-2"]
    # The curl docs leave `:id` of PUT /organizations/:id undocumented: the reference still fills it.
    curl = api.languages["curl"]
    (update,) = [o for o in curl.operations if o.id == "update_organization"]
    assert sample_call(update, curl).holes == (("id", "id-1"),)


def test_usage_snippets_are_written_only_when_asked() -> None:
    plain, _ = render_specs([SPECS / "organization"], "curl")
    assert not any(path.startswith("examples/") for path in plain)
    config = Config(root=ROOT, settings={"curl": CurlSettings(examples=True)})
    files, _ = render_specs([SPECS / "organization"], "curl", config)
    (snippet,) = [text for path, text in files.items() if path.endswith("/list_organizations.md")]
    assert "```bash\n" in snippet
    assert "/list_organizations.sh \\\n  --domains domains-1 \\\n  --domains domains-2" in snippet


def test_the_curl_scripts_send_what_the_http_reference_describes() -> None:
    """Every curl script, run with its sample arguments against the recording server, sends the
    request computed from the wire model (and fails on a 422)."""
    done = subprocess.run(
        [sys.executable, "-m", "conformance", "--lang", "curl"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("conformance: curl ")]
    passed, total = line.split()[-1].split("/")
    assert passed == total and int(total) > 150, line


def _gaps(accepted: dict[str, int] | None) -> Gaps:
    from collections import Counter

    finding = Finding(
        rule="unsent-parameter",
        level="error",
        loc=Loc("specs/p.mdx", 12, 3),
        message="'limit' matches no parameter of list_w; it is not sent",
        subject="list_w",
        language="go",
        detail="opts.Limit",
    )
    reported = {("go", "unsent-parameter", "list_w", "opts.Limit"): finding}
    return Gaps(reported, None if accepted is None else Counter(accepted), Path("accepted.json"))


def test_an_unsent_parameter_fails_conformance_unless_lint_reports_it_and_it_is_accepted() -> None:
    """Issue 20: a documented parameter that is not sent fails the run; a lint error alone does not
    excuse it, only the accepted file (a lint baseline of known docs errors) does."""
    fingerprint = "unsent-parameter|go|list_w|opts.Limit"

    unreported = Outcome("go")
    _gaps({fingerprint: 1}).judge(unreported, "list_w", "unsent-parameter", "list_w", "opts.Order")
    assert unreported.failures == ["list_w: 'opts.Order' is not sent, and lint does not report it"]

    for accepted in (None, {}, {"unsent-parameter|java|list_w|opts.Limit": 1}):
        reported = Outcome("go")
        _gaps(accepted).judge(reported, "list_w", "unsent-parameter", "list_w", "opts.Limit")
        assert len(reported.failures) == 1
        assert "specs/p.mdx:12: lint unsent-parameter" in reported.failures[0]
        assert "accepted.json" in reported.failures[0]
        assert reported.accepted == []

    gaps = _gaps({fingerprint: 1, "unsent-parameter|go|list_w|opts.After": 1, "unsent-parameter|js|x|y": 1})
    excused = Outcome("go")
    gaps.judge(excused, "list_w", "unsent-parameter", "list_w", "opts.Limit")
    assert excused.failures == []
    assert excused.accepted == ["list_w: opts.Limit"]
    # An accepted entry nothing left unsent is named, for the languages that ran.
    assert gaps.stale(("go",)) == ["unsent-parameter|go|list_w|opts.After"]
    assert gaps.stale(("go", "js")) == ["unsent-parameter|go|list_w|opts.After", "unsent-parameter|js|x|y"]


def test_every_accepted_docs_error_is_one_lint_still_reports_on_the_corpus() -> None:
    """conformance/accepted.json lists only lint errors the bundled corpus still has: an entry
    the docs have fixed (or a rule now maps) must leave the file."""
    from codegen.languages import EMITTERS
    from codegen.lint import read_baseline

    accepted = read_baseline(ACCEPTED.read_text(encoding="utf-8"))
    diags = Diagnostics()
    api = load_api([SPECS], diags, tuple(EMITTERS))
    found = {f.fingerprint for f in lint(api, []).findings if f.level == "error"}
    assert accepted, "the file lists the corpus's known docs errors"
    assert sorted(set(accepted) - found) == []


def test_the_curl_scripts_send_the_followed_requests() -> None:
    """`python scripts/conformance_openapi.py` (`python -m conformance --openapi FILE` with the
    vendored spec) links the corpus with the config following the API: the curl reference
    scripts it runs send the followed requests (a DELETE's JSON body, lists comma-separated, the
    logout endpoints on their own host, through the recording server) and pass."""
    done = subprocess.run(
        [sys.executable, "scripts/conformance_openapi.py", "--lang", "curl", "--keep"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    (kept,) = [line.split(": ", 1)[1] for line in done.stdout.splitlines() if line.startswith("work folder: ")]
    try:
        assert done.returncode == 0, done.stdout + done.stderr
        (line,) = [line for line in done.stdout.splitlines() if line.startswith("conformance: curl ")]
        passed, total = line.split()[-1].split("/")
        assert passed == total and int(total) > 150, line
        scripts = Path(kept) / "sdk" / "generated" / "curl"
        logout = (scripts / "sso" / "logout_redirect.sh").read_text(encoding="utf-8")
        assert "url='https://auth.workos.com'\nurl=${AUTH_WORKOS_COM_URL:-$url}" in logout
        remove = (scripts / "fga" / "remove_role_by_criteria.sh").read_text(encoding="utf-8")
        assert "body_args+=(--arg 'role_slug' \"$p_role_slug\")" in remove and "--get" not in remove
    finally:
        shutil.rmtree(kept, ignore_errors=True)
