"""``python -m conformance``: render, run every language's driver against the recording server,
compare with the curl reference, report (see README.md)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from codegen.config import Config, OpenAPIConfig, load_config
from codegen.diagnostics import Diagnostics
from codegen.fastpath import find_config
from codegen.ir import LanguageAPI
from codegen.languages import EMITTERS
from codegen.languages.curl import CurlEmitter
from codegen.lint import Finding, lint, read_baseline
from codegen.pipeline import emitter_for, load_api, render

from . import reference
from .cases import (
    ERROR_REPLY,
    HTML_502,
    REQUEST_ID,
    RETRY_AFTER,
    RUNTIME_KINDS,
    STALL,
    Case,
    Kind,
    cases,
)
from .drivers import driver
from .server import Reply, Request, Server

ROOT = Path(__file__).resolve().parents[1]
RUN_SECONDS = 600
# The documented parameters known not to be sent (each a lint error at its docs line, each a docs
# error to report upstream): a codegen lint baseline (README.md, "Accepted docs errors").
ACCEPTED = Path(__file__).resolve().parent / "accepted.json"
UUID4 = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"


@dataclass
class Outcome:
    language: str
    total: int = 0
    failures: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    # Required HTTP parameters a language's docs leave out: compared without, and named.
    omitted: list[str] = field(default_factory=list)
    omitted_keys: list[tuple[str, str, str]] = field(default_factory=list)  # (case, operation id, parameter)
    # Of those, the ones the accepted file lists (known docs errors, each a lint error).
    accepted: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def passed(self) -> int:
        return self.total - len(self.failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance", description=__doc__)
    parser.add_argument("--lang", action="append", choices=sorted(EMITTERS), help="only this language (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure in full")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print its path")
    parser.add_argument(
        "--accepted",
        type=Path,
        default=ACCEPTED,
        help="a lint baseline of the parameters known not to be sent (docs errors); default: %(default)s",
    )
    parser.add_argument("--openapi", metavar="FILE", help='follow this OpenAPI document (wire = "api")')
    args = parser.parse_args(argv)
    try:
        accepted = Counter(read_baseline(args.accepted.read_text(encoding="utf-8"))) if args.accepted.exists() else None
    except ValueError as err:
        print(f"{args.accepted}: {err}", file=sys.stderr)
        return 2
    languages = tuple(args.lang or sorted(EMITTERS))

    started = time.monotonic()
    diags = Diagnostics()
    config = load_config(find_config(ROOT), diags)
    if args.openapi:  # over the config's [tool.codegen.openapi]
        followed = OpenAPIConfig(path=str(Path(args.openapi).resolve()), wire="api")
        config = replace(config, openapi=followed)
    # The config's [tool.codegen.openapi] too: with wire = "api", the followed requests are checked.
    api = load_api(config.spec_paths(), diags, tuple(EMITTERS), config)
    files = render(api, config, tuple(EMITTERS), diags)
    if diags.has_errors():
        print(diags.render(), file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="codegen-conformance-"))
    try:
        out = work / "sdk"
        for rel, text in files.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        curl = emitter_for("curl", config, diags)
        assert isinstance(curl, CurlEmitter)
        scripts = reference.Scripts(curl, api.languages["curl"], out / config.out_dir("curl"))
        # What lint reports as not sent. A parameter left unsent fails the run unless lint reports
        # it and the accepted file lists it.
        gaps = Gaps(
            {(f.language, f.rule, f.subject, f.detail): f for f in lint(api, []).findings}, accepted, args.accepted
        )
        outcomes = []
        for language in languages:
            outcome = run_language(
                language,
                api.languages.get(language),
                config,
                out=out,
                work=work / language,
                scripts=scripts,
                gaps=gaps,
            )
            outcomes.append(outcome)
            report(outcome, verbose=args.verbose)
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    passed = sum(o.passed for o in outcomes)
    failed = sum(len(o.failures) for o in outcomes)
    stale = gaps.stale(languages)
    for fingerprint in stale:
        print(f"conformance: accepted in {args.accepted} but no case leaves it unsent (remove it): {fingerprint}")
    print(f"{passed} passed, {failed} failed in {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


def report(outcome: Outcome, *, verbose: bool) -> None:
    line = f"conformance: {outcome.language} {outcome.passed}/{outcome.total}"
    if outcome.unmapped:
        line += f"; {len(outcome.unmapped)} documented parameters cannot be sent (lint: unsent-parameter)"
    if outcome.omitted:
        line += f"; {len(outcome.omitted)} required HTTP parameters nothing fills (lint: missing-required-parameter)"
    if outcome.accepted:
        line += f", of which {len(outcome.accepted)} accepted as docs errors"
    if outcome.note:
        line += f" ({outcome.note})"
    print(line, flush=True)
    shown = outcome.failures if verbose else outcome.failures[:10]
    for failure in shown:
        print("  FAIL " + (failure if verbose else failure.splitlines()[0][:300]))
    if len(shown) < len(outcome.failures):
        print(f"  ... and {len(outcome.failures) - len(shown)} more (-v shows all)")
    if verbose:
        for name in outcome.unmapped:
            print(f"  unmapped: {name}")
        for name in outcome.omitted:
            print(f"  not in the docs: {name}")


@dataclass
class Gaps:
    """Judges what a language leaves unsent: lint's findings by (language, rule, operation,
    parameter), and the accepted file's fingerprints (None: no file, nothing accepted)."""

    reported: dict[tuple[str | None, str, str, str], Finding]
    accepted: Counter[str] | None
    source: Path
    used: set[str] = field(default_factory=set)

    def judge(self, outcome: Outcome, case: str, rule: str, op_id: str, param: str) -> None:
        finding = self.reported.get((outcome.language, rule, op_id, param))
        if finding is None:
            outcome.failures.append(f"{case}: '{param}' is not sent, and lint does not report it")
        elif self.accepted is None or finding.fingerprint not in self.accepted:
            where = f"{finding.loc.file}:{finding.loc.line}"
            outcome.failures.append(
                f"{case}: '{param}' is not sent ({where}: lint {rule}); fix the docs, or accept it in {self.source}"
            )
        else:
            self.used.add(finding.fingerprint)
            outcome.accepted.append(f"{case}: {param}")

    def stale(self, languages: tuple[str, ...]) -> list[str]:
        """Accepted fingerprints of these languages that no case left unsent."""
        return sorted(fp for fp in self.accepted or () if fp not in self.used and fp.split("|")[1] in languages)


def run_language(
    language: str,
    api: LanguageAPI | None,
    config: Config,
    *,
    out: Path,
    work: Path,
    scripts: reference.Scripts,
    gaps: Gaps | None = None,
) -> Outcome:
    """Every case of ``language``. A documented parameter that is not sent, or a required HTTP
    parameter nothing fills, passes only as a lint error (``unsent-parameter``,
    ``missing-required-parameter``) that the accepted file lists: any other fails the language."""
    outcome = Outcome(language)
    if api is None:
        outcome.note = "the reference documents no operation in this language"
        return outcome
    all_cases = cases(api, set(scripts.by_id), kinds_of(language))
    outcome.total = len(all_cases)
    for case in all_cases:
        if case.kind == "call":
            for gap in case.call.unmapped:
                detail = ".".join(gap.path)
                outcome.unmapped.append(f"{case.name}: {detail}")
                if gaps is not None:
                    gaps.judge(outcome, case.name, "unsent-parameter", case.call.operation.id or "", detail)
    with Server() as server, Server() as elsewhere:
        for case in all_cases:
            server.recorder.responders[str(case.index)] = _responder(case, elsewhere.url)
        expected = _references(all_cases, scripts, server, outcome)
        for name, op_id, param in outcome.omitted_keys:
            if gaps is not None:
                gaps.judge(outcome, name, "missing-required-parameter", op_id, param)
        if language == "curl":
            results = _run_curl(all_cases, scripts, server)
        else:
            results = _run_driver(
                language, api, config, out=out, work=work, all_cases=all_cases, server=server, outcome=outcome
            )
        if results is None:
            return outcome
        for case in all_cases:
            problems = _check(
                case,
                expected.get(case.index),
                server.recorder.requests.get(str(case.index), []),
                results,
                contract=contract_of(language),
            )
            stolen = elsewhere.recorder.requests.get(str(case.index), [])
            if stolen:
                leaked = " with the API key" if any("authorization" in r.headers for r in stolen) else ""
                problems.append(f"followed the redirect to another host{leaked}")
            if problems:
                outcome.failures.append(f"{case.name}: " + "; ".join(problems))
    return outcome


def kinds_of(language: str) -> tuple[Kind, ...]:
    """The runtime case kinds a language's driver runs: all of them under the current contract
    (``CONTRACT = 2``); drivers written before it run the call, error and pagination cases only."""
    module = driver(language)
    if language == "curl" or (module is not None and getattr(module, "CONTRACT", 1) >= 2):
        return RUNTIME_KINDS
    return ()


def _responder(case: Case, elsewhere: str = "") -> Any:
    attempts: list[int] = []

    def respond(request: Request) -> Reply:
        attempts.append(1)
        reply = case.server_reply
        rid = (("X-Request-ID", REQUEST_ID),)
        if case.kind == "error":
            return Reply(422, ERROR_REPLY, rid)
        if case.kind == "retry" and len(attempts) == 1:
            return Reply(429, {"code": "rate_limit_exceeded", "message": "Slow down"}, (*rid, ("Retry-After", "0")))
        if case.kind == "rate_limited":
            return Reply(429, {"message": "Too many requests"}, (*rid, ("Retry-After", str(RETRY_AFTER))))
        if case.kind == "server_error":
            return Reply(502, raw=HTML_502.encode(), content_type="text/html", headers=rid)
        if case.kind == "redirect":
            return Reply(307, headers=(("Location", f"{elsewhere}/c/{case.index}{request.path}"),))
        if case.kind == "timeout":
            return Reply(200, reply, delay=STALL)
        if case.kind == "pages":
            first, second = case.pages()
            return Reply(200, second if request.query_value("after") == "cursor-2" else first)
        return Reply(204) if reply is None else Reply(200, reply)

    return respond


def _references(
    all_cases: list[Case], scripts: reference.Scripts, server: Server, outcome: Outcome
) -> dict[int, Request | reference.Expected | str]:
    """The request each case must send: the curl script's, run with the same arguments (for
    curl itself: the HTTP reference's, computed)."""
    result: dict[int, Request | reference.Expected | str] = {}
    jobs: dict[int, tuple[str, list[str]]] = {}
    skip: dict[int, tuple[str, ...]] = {}
    kinds = {case.index: case.kind for case in all_cases}
    for case in all_cases:
        if case.kind in ("bad_path", "bad_header"):  # refused: no request to compare
            continue
        if outcome.language == "curl":
            result[case.index] = reference.oracle(case.call)
            continue
        completed, omitted = scripts.completed(case.call, case.client_id if outcome.language != "curl" else "")
        if omitted:
            skip[case.index] = omitted
            if case.kind == "call":
                outcome.omitted += [f"{case.name}: {name}" for name in omitted]
                outcome.omitted_keys += [(case.name, case.call.operation.id or "", name) for name in omitted]
        argv = scripts.argv(completed)
        if isinstance(argv, str):
            result[case.index] = argv
            continue
        key = f"ref{case.index}"
        plain = case if case.kind in ("call", "error", "pages") else replace(case, kind="call")
        server.recorder.responders[key] = _responder(plain)
        jobs[case.index] = (key, argv)

    def one(item: tuple[int, tuple[str, list[str]]]) -> tuple[int, Request | str]:
        index, (key, argv) = item
        done = reference.run(argv, f"{server.url}/c/{key}")
        sent = server.recorder.requests.get(key, [])
        failed = done.returncode not in ((0, 22) if kinds[index] == "error" else (0,))
        if failed or not sent:
            return index, f"the curl reference failed (exit {done.returncode}): {done.stderr.strip()[:300]}"
        return index, _without(sent[0], skip.get(index, ()))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for index, got in pool.map(one, jobs.items()):
            result[index] = got
    return result


def _without(request: Request, names: tuple[str, ...]) -> Request:
    """``request`` without the query and body parameters ``names``."""
    if not names:
        return request
    body = request.json_body()
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in names}
    return replace(
        request,
        query=tuple((k, v) for k, v in request.query if k not in names),
        body=b"" if body is None else json.dumps(body).encode(),
    )


def _run_curl(all_cases: list[Case], scripts: reference.Scripts, server: Server) -> dict[int, dict[str, Any]]:
    """curl's own run: each script with its sample arguments; the printed reply is the result."""

    def one(case: Case) -> tuple[int, dict[str, Any]]:
        argv = scripts.argv(case.call)
        if isinstance(argv, str):
            return case.index, {"exception": argv}
        if case.kind == "pages":
            return case.index, {"items": case.expected_items(), "note": "curl has no auto-pagination"}
        env = {"API_KEY": case.api_key}
        if case.timeout is not None:
            env["TIMEOUT"] = str(case.timeout)
        if case.max_retries is not None:
            env["MAX_RETRIES"] = str(case.max_retries)
        done = reference.run(argv, f"{server.url}/c/{case.index}", env=env)
        if case.kind in ("error", "rate_limited", "server_error", "redirect"):
            return case.index, {"error": "checked by exit status", "exit": done.returncode}
        if case.kind in ("bad_path", "bad_header") and done.returncode == 2:
            return case.index, {"refused": done.stderr.strip()}
        if case.kind == "timeout" and done.returncode == 28:  # curl's "operation timed out"
            return case.index, {"timeout": True}
        if done.returncode != 0:
            return case.index, {"exception": f"exit {done.returncode}: {done.stderr.strip()[:300]}"}
        text = done.stdout.strip()
        return case.index, {"result": json.loads(text) if text else None}

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(pool.map(one, all_cases))


def _run_driver(
    language: str,
    api: LanguageAPI,
    config: Config,
    *,
    out: Path,
    work: Path,
    all_cases: list[Case],
    server: Server,
    outcome: Outcome,
) -> dict[int, dict[str, Any]] | None:
    module = driver(language)
    if module is None:
        outcome.failures = [f"{language}: no conformance driver (conformance/drivers/{language}.py)"] * outcome.total
        return None
    missing = [tool for tool in getattr(module, "TOOLS", ()) if shutil.which(tool) is None]
    if missing:
        outcome.failures = [f"{language}: missing tools: {', '.join(missing)} (run `make toolchains`)"] * outcome.total
        return None
    work.mkdir(parents=True, exist_ok=True)
    diags = Diagnostics()
    emitter = emitter_for(language, config, diags)
    try:
        argv = module.build(out / config.out_dir(language), api, emitter, all_cases, work)
    except Exception as exc:  # a build failure fails every case of the language, with the tool's words
        message = f"{language}: the driver program did not build: {type(exc).__name__}: {exc}"
        outcome.failures = [message] * outcome.total
        return None
    env = {**os.environ, "CONFORMANCE_URL": server.url}
    try:
        done = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=RUN_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        outcome.failures = [f"{language}: the driver program ran over {RUN_SECONDS} s"] * outcome.total
        return None
    results: dict[int, dict[str, Any]] = {}
    for line in done.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("case"), int):
            results[item["case"]] = item
    if done.returncode != 0 and not results:
        message = f"{language}: the driver program failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}"
        outcome.failures = [message] * outcome.total
        return None
    return results


def _check(  # noqa: PLR0915 - one branch per case kind reads best in one place
    case: Case,
    expected: Request | reference.Expected | str | None,
    sent: list[Request],
    results: dict[int, dict[str, Any]],
    *,
    contract: int = 2,
) -> list[str]:
    problems: list[str] = []
    result = results.get(case.index)
    if result is None:
        return ["the program printed no result for this case"]
    if case.kind in ("bad_path", "bad_header"):
        if "refused" not in result:
            problems.append(f"was not refused: {_short(result)}")
        if sent:
            problems.append(f"sent {len(sent)} request(s); a refused call sends none")
        return problems
    if "exception" in result:
        problems.append(f"raised {result['exception']}")
    if case.reply_kind == "url" and case.call.language != "curl":
        return problems + _url_is(result.get("result"), expected, sent)
    if case.call.language != "curl" or case.kind != "pages":
        if not sent:
            problems.append("sent no request")
        elif isinstance(expected, str) or expected is None:
            problems.append(expected or "no reference request")
        else:
            for request in sent if case.kind == "retry" else sent[:1]:
                problems += _same_request(expected, request)
            problems += _headers_are(case, sent[0])
    if case.kind in ("call", "retry") and case.reply_kind == "page" and "exception" not in result:
        if not _same_json(result.get("items"), case.expected):
            problems.append(
                f"the list's items came out as {_short(result.get('items'))}, expected {_short(case.expected)}"
            )
    elif case.kind in ("call", "retry") and case.reply_kind != "url" and "exception" not in result:
        if not _same_json(result.get("result"), case.expected):
            problems.append(f"reply re-encoded as {_short(result.get('result'))}, expected {_short(case.expected)}")
    elif case.kind == "error" and case.call.language != "curl":
        want = {"status": 422, **ERROR_REPLY, "request_id": REQUEST_ID}
        if contract >= 2:
            want["type"] = "unprocessable_entity"
        problems += _error_is(result, want)
    elif case.kind == "error" and result.get("exit") == 0:
        problems.append("a 422 reply did not fail the script")
    elif case.call.language == "curl" and case.kind in ("rate_limited", "server_error", "redirect"):
        if result.get("exit") != 22:
            problems.append(f"the script exited {result.get('exit')} on a {case.kind} reply, expected 22")
    elif case.kind == "pages":
        if not _same_json(result.get("items"), case.expected_items()):
            problems.append(f"pages gave {_short(result.get('items'))}, expected {_short(case.expected_items())}")
        if case.call.language != "curl" and [r.query_value("after") for r in sent] != [None, "cursor-2"]:
            problems.append(f"pagination requests had after={[r.query_value('after') for r in sent]}")
    elif case.kind == "rate_limited":
        want = {"type": "rate_limit_exceeded", "status": 429, "request_id": REQUEST_ID, "retry_after": RETRY_AFTER}
        problems += _error_is(result, want)
    elif case.kind == "server_error":
        want = {"type": "server_error", "status": 502, "code": None, "message": None, "request_id": REQUEST_ID}
        problems += _error_is(result, want)
        raw = (result.get("error") or {}).get("raw")
        if not isinstance(raw, str) or HTML_502 not in raw:
            problems.append(f"the error kept the raw body as {_short(raw)}, expected the HTML page")
    elif case.kind == "redirect":
        problems += _error_is(result, {"type": "api_error", "status": 307})
    elif case.kind == "timeout" and result.get("timeout") is not True:
        problems.append(f"a stalled reply gave {_short(result)}, expected the typed timeout error")
    wanted = {"retry": 2, "rate_limited": 1, "server_error": 1, "redirect": 1, "timeout": 1}.get(case.kind)
    if wanted is not None and len(sent) != wanted:
        problems.append(f"sent {len(sent)} request(s), expected {wanted}")
    return problems


def _headers_are(case: Case, got: Request) -> list[str]:
    """The header parameters the call gives are sent; an idempotency key is generated when the
    plan says so and the call gives none."""
    problems = []
    wanted = {name.lower(): value for name, value in case.call.wire()["header"].items()}
    for name, value in wanted.items():
        if got.headers.get(name) != value:
            problems.append(f"header {name} {got.headers.get(name)!r}, expected {value!r}")
    if case.auto_idempotency_key and "idempotency-key" not in wanted:
        key = got.headers.get("idempotency-key", "")
        if not re.fullmatch(
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}", key
        ):
            problems.append(f"no generated idempotency key (a UUID v4), got {key!r}")
    return problems


def _url_is(url: Any, expected: Request | reference.Expected | str | None, sent: list[Request]) -> list[str]:
    """A URL builder made no request and returned the URL of the reference's request."""
    problems = [f"a URL builder sent {len(sent)} request(s); it must send none"] if sent else []
    if isinstance(expected, str) or expected is None:
        return [*problems, expected or "no reference request"]
    if not isinstance(url, str):
        return [*problems, f"returned {_short(url)}, expected a URL"]
    parsed = urllib.parse.urlsplit(url)
    path = parsed.path.split("/c/", 1)[-1].partition("/")[2]
    got = Request("GET", "/" + path, tuple(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)), {}, b"")
    if got.path != expected.path:
        problems.append(f"the URL's path is {got.path!r}, expected {expected.path!r}")
    if sorted(got.query) != sorted(expected.query):
        problems.append(f"the URL's query is {list(got.query)}, expected {list(expected.query)}")
    return problems


def contract_of(language: str) -> int:
    """The driver contract a language's driver keeps (``CONTRACT``; curl's is the scripts')."""
    module = driver(language)
    return 2 if language == "curl" else int(getattr(module, "CONTRACT", 1)) if module is not None else 1


def _error_is(result: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """The typed error a case printed has these keys and values ("" counts as null)."""
    error = result.get("error")
    if not isinstance(error, dict):
        return [f"gave {_short(result)}, expected the error {_short(want)}"]
    got = {key: (error.get(key) if error.get(key) != "" else None) for key in want}
    return [] if got == want else [f"error came out as {_short(got)}, expected {_short(want)}"]


def _same_request(expected: Request | reference.Expected, got: Request) -> list[str]:
    problems = []
    if got.method != expected.method:
        problems.append(f"method {got.method}, expected {expected.method}")
    if got.path != expected.path:
        problems.append(f"path {got.path!r}, expected {expected.path!r}")
    if sorted(got.query) != sorted(expected.query) or _repeats(got.query) != _repeats(expected.query):
        problems.append(f"query {list(got.query)}, expected {list(expected.query)}")
    want_body = expected.json_body() if isinstance(expected, Request) else expected.body
    got_body = got.json_body()
    if not _same_json(got_body or None, want_body or None):
        problems.append(f"body {_short(got_body)}, expected {_short(want_body)}")
    if got.headers.get("authorization") != f"Bearer {reference.API_KEY}":
        problems.append(f"authorization header {got.headers.get('authorization')!r}")
    if got_body is not None and not got.headers.get("content-type", "").startswith("application/json"):
        problems.append(f"content-type {got.headers.get('content-type')!r} for a JSON body")
    return problems


def _repeats(query: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in query:
        out.setdefault(key, []).append(value)
    return out


def _same_json(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _short(value: Any, limit: int = 400) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."
