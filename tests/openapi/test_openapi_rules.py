"""`codegen lint --openapi`: every rule on a small hand-made pair of reference page and OpenAPI
document (tests/fixtures/openapi: widgets.yaml disagrees with api.yaml once per rule), the
reading of OpenAPI documents ($refs, folders, errors), and the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_codegen

from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.lint import RULES, Report, lint, sarif_report
from codegen.openapi import document, rules
from codegen.openapi.document import OpenAPIError, read
from codegen.openapi.match import near_path
from codegen.pipeline import load_api

FIXTURE = ROOT / "tests" / "fixtures" / "openapi"
PAGE = FIXTURE / "widgets.yaml"
OPENAPI = FIXTURE / "api.yaml"
PAGE_NAME = "tests/fixtures/openapi/widgets.yaml"

# Each rule: the docs line it reports at, and what its message says.
EXPECTED = {
    "openapi-path": (26, "get_widget: GET /widget/{id} is not the API's path; did you mean GET /widgets/{id}?"),
    "openapi-host": (89, "sign_out: the API serves GET /sign_out on https://auth.example.com"),
    "openapi-place": (61, "delete_widget: 'reason' is sent in the query; the API reads it from the JSON body"),
    "openapi-missing-required": (
        81,
        "add_part: the API requires the body parameter 'slug', which the docs leave out; the docs take 'slug' "
        "for the path only",
    ),
    "openapi-required": (69, "create_widget: 'name' is optional in the docs; the API requires it"),
    "openapi-exclusive": (77, "'part_id' is required in the docs, as is 'part_ids'; the API takes one of them"),
    "openapi-array": (73, "'colors' is string in the docs; the API takes a list of string"),
    "openapi-encoding": (
        41,
        "the list 'tags' is sent as the key repeated (explode: true); the API reads it comma-separated",
    ),
    "openapi-type": (47, "'limit' is string in the docs; the API takes integer"),
    "openapi-enum": (44, "'kind' is one of round | square in the docs; the API takes one of oval | round | square"),
    "openapi-unknown-parameter": (50, "the query parameter 'legacy' is not a parameter of the API's GET /widgets"),
    "openapi-unmatched-operation": (103, "purge_widgets: the OpenAPI has no operation POST /purge"),
    "openapi-reply-key": (26, "the docs list the reply key 'colour', which the API's reply does not have"),
    "openapi-optional": (75, "'size' is required in the docs; the API makes it optional"),
    "openapi-missing-parameter": (36, "the API takes the query parameter 'order', which the docs leave out"),
    "openapi-reply-undocumented": (26, "the API's reply has the key 'color', which the docs do not list"),
    "openapi-undocumented-operation": (126, "HealthController_check: GET /health is not in the docs"),
}


@pytest.fixture(scope="module")
def report() -> Report:
    diags = Diagnostics()
    api = load_api([PAGE], diags, LANGUAGES)
    return lint(api, diags.items, openapi=read(OPENAPI, "api.yaml"))


def openapi_findings(report: Report) -> list[str]:
    return [f"{f.loc}: {f.message} [{f.rule}]" for f in report.findings if f.rule.startswith("openapi-")]


def test_every_rule_is_exercised_and_registered_with_lint() -> None:
    assert set(EXPECTED) == {rule for rule, _, _ in rules.RULES}
    assert all(rule in RULES for rule in EXPECTED)
    assert set(EXPECTED) > rules.BREAKING


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_rule_reports_its_disagreement_at_the_docs_line(report: Report, rule: str) -> None:
    line, text = EXPECTED[rule]
    found = [f for f in report.findings if f.rule == rule]
    where = "api.yaml" if rule == "openapi-undocumented-operation" else PAGE_NAME
    assert any(f.loc.line == line and f.loc.file == where and text in f.message for f in found), [
        f"{f.loc}: {f.message}" for f in found
    ]
    assert all(f.level == RULES[rule].level for f in found)


def test_each_finding_names_the_openapi_operation_id(report: Report) -> None:
    for f in report.findings:
        if f.rule.startswith("openapi-") and f.rule not in ("openapi-unmatched-operation",):
            assert "Controller_" in f.message, f.message


def test_the_findings_that_break_a_request_come_first(report: Report) -> None:
    ranks = [f.rule in rules.BREAKING for f in report.findings]
    assert any(ranks) and ranks == sorted(ranks, reverse=True)


def test_a_bearer_credential_is_a_place_of_its_own(tmp_path: Path) -> None:
    """The docs send get_owner's access_token in the query; the API reads it as a bearer token."""
    diags = Diagnostics()
    api = load_api([PAGE], diags, LANGUAGES)
    found = [f for f in lint(api, [], openapi=read(OPENAPI)).findings if f.subject == "get_owner"]
    assert [(f.rule, f.loc.line) for f in found if f.rule.startswith("openapi-")] == [("openapi-place", 101)]
    assert "the 'Authorization: Bearer' header (security scheme 'access_token')" in found[0].message


def test_without_the_openapi_lint_reports_what_it_always_did() -> None:
    diags = Diagnostics()
    api = load_api([PAGE], diags, LANGUAGES)
    plain = lint(api, diags.items)
    assert not any(f.rule.startswith("openapi-") for f in plain.findings)
    order = [(f.subject, f.loc, f.rule) for f in plain.findings]
    assert order == sorted(order)


def test_severities_are_set_per_rule_and_a_baseline_covers_them(tmp_path: Path) -> None:
    shutil.copyfile(PAGE, tmp_path / "widgets.yaml")
    shutil.copyfile(OPENAPI, tmp_path / "api.yaml")
    (tmp_path / "codegen.toml").write_text(
        'specs = ["widgets.yaml"]\nopenapi = "api.yaml"\n'
        '[lint]\nseverity = { openapi-enum = "error", openapi-reply-undocumented = "off" }\n',
        encoding="utf-8",
    )
    result = run_codegen("lint", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    levels = {(f["rule"], f["level"]) for f in findings}
    assert ("openapi-enum", "error") in levels
    assert not any(f["rule"] == "openapi-reply-undocumented" for f in findings)
    enum = next(f for f in findings if f["rule"] == "openapi-enum")
    assert (enum["file"], enum["line"], enum["language"], enum["field"]) == ("widgets.yaml", 44, "curl", "kind")
    assert run_codegen("lint", "--write-baseline", "base.json", cwd=tmp_path).returncode == 0
    assert run_codegen("lint", "--baseline", "base.json", "-q", cwd=tmp_path).returncode == 0
    # --openapi on the command line takes the place of the configured one
    other = tmp_path / "other.yaml"
    other.write_text(OPENAPI.read_text(encoding="utf-8").replace("/sign_out:", "/signout:"), encoding="utf-8")
    moved = run_codegen("lint", "--baseline", "base.json", "--openapi", "other.yaml", "-q", cwd=tmp_path)
    assert moved.returncode == 1
    assert moved.stdout == (
        "widgets.yaml:89:7: error: sign_out: GET /sign_out is not the API's path; did you mean GET /signout? "
        "(OpenAPI SessionsController_signOut) [openapi-path]\n"
    )


def test_text_sarif_and_html_carry_the_findings(tmp_path: Path, report: Report) -> None:
    text = run_codegen("lint", str(PAGE), "--openapi", str(OPENAPI), "-q")
    assert text.returncode == 1
    first = text.stdout.splitlines()[0]
    assert "[openapi-" in first and ": error: " in first  # a breaking finding first
    sarif = json.loads(sarif_report(report, "test"))
    ids = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert set(EXPECTED) <= ids
    assert any(r["ruleId"] == "openapi-path" for r in sarif["runs"][0]["results"])
    page = tmp_path / "lint.html"
    assert run_codegen("lint", str(PAGE), "--openapi", str(OPENAPI), "--html", str(page), "-q").returncode == 1
    assert "openapi-encoding" in page.read_text(encoding="utf-8")


def test_an_unreadable_openapi_is_an_error_at_its_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths:\n  /x: [\n", encoding="utf-8")
    result = run_codegen("lint", str(PAGE), "--openapi", str(broken))
    assert result.returncode == 2
    assert "broken.yaml:4:1: error: not valid YAML or JSON" in result.stderr
    swagger = tmp_path / "swagger.yaml"
    swagger.write_text("swagger: '2.0'\npaths: {}\n", encoding="utf-8")
    result = run_codegen("lint", str(PAGE), "--openapi", str(swagger))
    assert result.returncode == 2 and "only OpenAPI 3.0 and 3.1 documents are read" in result.stderr
    missing = run_codegen("lint", str(PAGE), "--openapi", str(tmp_path / "none.yaml"))
    assert missing.returncode == 2 and "OpenAPI document not found" in missing.stderr


def test_refs_are_resolved_across_files_of_a_folder_and_never_outside_it(tmp_path: Path) -> None:
    folder = tmp_path / "spec"
    (folder / "schemas").mkdir(parents=True)
    (folder / "schemas" / "widget.json").write_text(
        json.dumps({"Widget": {"type": "object", "properties": {"id": {"type": "string"}}}}), encoding="utf-8"
    )
    (folder / "main.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /widgets/{id}:\n    get:\n"
        "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "      responses:\n        '200':\n          description: OK\n          content:\n"
        "            application/json: {schema: {$ref: 'schemas/widget.json#/Widget'}}\n",
        encoding="utf-8",
    )
    spec = read(folder, "spec")
    (op,) = spec.operations
    assert (op.id, op.reply, op.loc.file) == ("GET /widgets/{id}", ("id",), "spec/main.yaml")
    (folder / "main.yaml").write_text(
        (folder / "main.yaml").read_text(encoding="utf-8").replace("schemas/widget.json", "../outside.json"),
        encoding="utf-8",
    )
    with pytest.raises(OpenAPIError, match="leaves the OpenAPI document's folder"):
        read(folder, "spec")
    cyclic = tmp_path / "cyclic.yaml"
    cyclic.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
        "    Tree: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}}\n"
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: '#/components/schemas/Tree'}\n      responses: {'200': {description: OK}}\n"
        "  /b:\n    post:\n      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: '#/components/schemas/A'}\n      responses: {'200': {description: OK}}\n",
        encoding="utf-8",
    )
    with pytest.raises(OpenAPIError, match="refers to itself") as caught:
        read(cyclic)
    assert caught.value.loc.line > 1
    remote = tmp_path / "remote.yaml"
    remote.write_text(
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      parameters: [{$ref: 'https://example.com/p.yaml'}]\n",
        encoding="utf-8",
    )
    with pytest.raises(OpenAPIError, match="remote \\$ref"):
        read(remote)


def test_a_document_too_large_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "MAX_BYTES", 10)
    with pytest.raises(OpenAPIError, match="over the limit"):
        read(OPENAPI)


@pytest.mark.parametrize(
    ("docs", "api", "near"),
    [
        ("/directory/{id}", "/directories/{id}", True),
        ("/organization-domains/{id}/verify", "/organization_domains/{x}/verify", True),
        ("/sso/jwks", "/sso/jwks/{clientId}", True),
        ("/widgets", "/gadgets", False),
        ("/sso/jwks", "/sso/jwks/keys", False),
        ("/users/{id}", "/users/me", False),
        ("/oauth2/token", "/sso/token", False),
    ],
)
def test_a_near_path_differs_only_by_spelling_or_one_more_parameter(docs: str, api: str, near: bool) -> None:
    assert near_path(docs, api) is near
