"""`codegen openapi`: the one model as OpenAPI 3.1. The export of the bundled corpus validates
with a maintained validator (openapi-spec-validator), linting the reference against its own
export reports nothing, and comparing the export with the published spec reports exactly what
comparing the reference with it reports."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT, SPECS, run_codegen
from openapi_spec_validator import validate

from codegen.diagnostics import Diagnostics
from codegen.ir import API
from codegen.languages import LANGUAGES
from codegen.lint import lint
from codegen.openapi import match, read, reference
from codegen.openapi.export import dump, export
from codegen.pipeline import load_api

PUBLISHED = ROOT / "specs-openapi" / "open-api-spec.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "openapi"


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), LANGUAGES)


@pytest.fixture(scope="module")
def exported(corpus: API, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "openapi.yaml"
    path.write_text(dump(export(corpus, title="WorkOS", version="1", server="https://api.workos.com")), "utf-8")
    return path


def test_the_export_of_the_corpus_validates(exported: Path) -> None:
    document = yaml.safe_load(exported.read_text(encoding="utf-8"))
    validate(document)  # raises on any violation of OpenAPI 3.1
    assert document["openapi"] == "3.1.0"
    assert sum(len(item) for item in document["paths"].values()) == 161  # one per method and path


def test_linting_the_reference_against_its_own_export_reports_nothing(corpus: API, exported: Path) -> None:
    report = lint(corpus, [], openapi=read(exported))
    assert [f"{f.loc}: {f.message}" for f in report.findings if f.rule.startswith("openapi-")] == []


def test_the_export_compared_with_the_published_spec_differs_as_the_reference_does(corpus: API, exported: Path) -> None:
    published = list(read(PUBLISHED).operations)
    docs = match.differences(match.match(reference.operations(corpus), published))
    again = match.differences(match.match(reference.from_export(read(exported).operations), published))

    def key(d: match.Difference) -> tuple[str, str, str, str]:
        return d.rule, d.subject, d.detail, d.message

    assert Counter(map(key, again)) == Counter(map(key, docs))
    assert len(docs) > 300


def test_the_export_carries_each_languages_names_and_the_docs_descriptions(exported: Path) -> None:
    document = yaml.safe_load(exported.read_text(encoding="utf-8"))
    challenge = document["paths"]["/auth/factors/{authentication_factor_id}/challenge"]["post"]
    assert challenge["x-codegen-operations"]["challenge_factor"]["python"] == "mfa.challenge_factor"
    assert challenge["x-codegen-operations"]["challenge_factor"]["go"] == "mfa.ChallengeFactor"
    body = challenge["requestBody"]["content"]["application/json"]["schema"]
    template = body["properties"]["sms_template"]
    assert template["x-codegen-names"]["go"].endswith("SMSTemplate") and template["description"]
    organizations = document["paths"]["/organizations"]["get"]
    domains = next(p for p in organizations["parameters"] if p["name"] == "domains")
    assert (domains["style"], domains["explode"], domains["schema"]["type"]) == ("form", True, "array")
    order = next(p for p in organizations["parameters"] if p["name"] == "order")
    assert order["schema"]["enum"] == ["asc", "desc"]
    authenticate = document["paths"]["/user_management/authenticate"]["post"]
    variants = authenticate["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    grants = {v["properties"]["grant_type"].get("const") for v in variants}
    assert "authorization_code" in grants and len(variants) == len(authenticate["x-codegen-operations"]) == 8
    schemas = document["components"]["schemas"]
    assert schemas["authentication_challenge"]["x-codegen-types"]["go"] == "mfa.Challenge"


def test_a_followed_model_exports_what_it_sends(tmp_path: Path) -> None:
    """With wire = "api" the export says what the SDKs send: the API's paths and hosts, and
    linting the docs against it reports just the changes that were followed."""
    (tmp_path / "codegen.toml").write_text(
        f'specs = ["{(FIXTURE / "widgets.yaml").as_posix()}"]\nallow_outside_root = true\n'
        f'[openapi]\npath = "{(FIXTURE / "api.yaml").as_posix()}"\nwire = "api"\n',
        encoding="utf-8",
    )
    result = run_codegen("openapi", "--out", "export.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    validate(document)
    assert "/widgets/{id}" in document["paths"] and "/widget/{id}" not in document["paths"]
    assert document["paths"]["/sign_out"]["get"]["servers"] == [{"url": "https://auth.example.com"}]
    delete = document["paths"]["/widgets/{id}"]["delete"]
    assert "reason" in delete["requestBody"]["content"]["application/json"]["schema"]["properties"]
    tags = next(p for p in document["paths"]["/widgets"]["get"]["parameters"] if p["name"] == "tags")
    assert tags["explode"] is False
    diags = Diagnostics()
    api = load_api([FIXTURE / "widgets.yaml"], diags, LANGUAGES)
    followed = {f.rule for f in lint(api, [], openapi=read(tmp_path / "export.json")).findings}
    assert {"openapi-path", "openapi-host", "openapi-place", "openapi-encoding"} <= followed
    assert "openapi-type" not in followed  # not a change following makes


def test_the_command_writes_yaml_to_stdout(tmp_path: Path) -> None:
    result = run_codegen("openapi", str(FIXTURE / "widgets.yaml"))
    assert result.returncode == 0, result.stderr
    document = yaml.safe_load(result.stdout)
    validate(document)
    assert document["info"]["title"] == "workos-sdk"  # [tool.codegen.package] of this repo's config
    broken = tmp_path / "broken.yaml"
    broken.write_text("reference: [\n", encoding="utf-8")
    failed = run_codegen("openapi", str(broken))
    assert failed.returncode == 2 and failed.stdout == "" and "broken.yaml" in failed.stderr
