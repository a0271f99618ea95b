"""`codegen lint`: the reference's drift between languages, reported like a linter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, SPECS, run_codegen

from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.lint import RULES, Report, lint
from codegen.pipeline import load_api


@pytest.fixture(scope="module")
def corpus() -> Report:
    diags = Diagnostics()
    api = load_api([SPECS], diags, LANGUAGES)
    return lint(api, diags.items)


def lines(report: Report, rule: str) -> list[str]:
    return [f"{f.loc}: {f.message}" for f in report.findings if f.rule == rule]


def test_the_drift_the_corpus_is_known_for_is_reported_at_its_entry(corpus: Report) -> None:
    missing = lines(corpus, "missing-field")
    # The HTTP reference documents external_id and metadata for creating an organization.
    for language, position in (("go", "65:7"), ("java", "92:7"), ("python", "137:7")):
        for name in ("external_id", "metadata"):
            assert f"specs/organization/create.mdx:{position}: {language} " in " ".join(
                m for m in missing if f"'{name}'" in m and "create_organization" in m
            ), (language, name)
    assert "specs/mfa/factor/delete.mdx:71:7: method entry 'DeleteFactor' lists 'properties:'" in " ".join(
        lines(corpus, "properties-as-parameters")
    )
    assert len(lines(corpus, "dangling-reference")) == 16
    assert any(
        "Connection.State (wire 'state') is one of active | inactive | validating; the HTTP reference has string" in m
        for m in lines(corpus, "type-mismatch")
    )
    assert any(
        "Factor.totp (wire 'totp') is required; the HTTP reference makes it optional" in m
        for m in lines(corpus, "optional-mismatch")
    )
    assert all(f.rule in RULES and f.loc.file.startswith("specs/") for f in corpus.findings)


def test_coverage_lists_who_documents_each_http_operation(corpus: Report) -> None:
    assert len(corpus.coverage) == 172
    assert corpus.coverage["challenge_factor"] == set(LANGUAGES)
    missing = {
        f.language for f in corpus.findings if f.rule == "missing-operation" and f.subject == "list_organizations"
    }
    assert missing == set(LANGUAGES) - corpus.coverage["list_organizations"]


def test_json_output_is_one_document_a_tool_can_read() -> None:
    result = run_codegen("lint", "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"summary", "coverage", "findings", "baselined", "fixed"}
    assert sum(data["summary"]["by_rule"].values()) == len(data["findings"])
    keys = {"rule", "level", "file", "line", "column", "message", "subject", "language", "field", "fingerprint"}
    assert all(set(f) == keys and f["line"] >= 1 for f in data["findings"])


def test_sarif_output_has_the_structure_code_scanning_requires() -> None:
    result = run_codegen("lint", "--format", "sarif")
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert run["tool"]["driver"]["name"] and len(ids) == len(set(ids))
    assert all(rule["shortDescription"]["text"] for rule in rules)
    assert run["results"]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        (location,) = res["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("specs/")
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert res["partialFingerprints"]


def test_a_baseline_passes_today_and_fails_on_new_drift(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\n', encoding="utf-8")
    baseline = tmp_path / "lint-baseline.json"
    written = run_codegen("lint", "--write-baseline", str(baseline), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    clean = run_codegen("lint", "--baseline", str(baseline), "-q", cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stdout[-2000:]

    page = specs / "organization" / "create.mdx"
    text = page.read_text(encoding="utf-8")
    go_name = "            - (Organization.Name)\n            - key: DomainData"
    assert go_name in text
    page.write_text(text.replace(go_name, "            - key: DomainData", 1), encoding="utf-8")
    drift = run_codegen("lint", "--baseline", str(baseline), cwd=tmp_path)
    assert drift.returncode == 1
    assert (
        "specs/organization/create.mdx:65:7: error: go CreateOrganization leaves out the required body parameter 'name'"
        in drift.stdout
    )
    assert "fixed (in the baseline, no longer found)" not in drift.stdout


def test_severities_come_from_the_config_and_unknown_rules_are_refused(tmp_path: Path) -> None:
    (tmp_path / "codegen.toml").write_text(
        f'specs = ["{SPECS.as_posix()}"]\nallow_outside_root = true\n'
        '[lint.severity]\nmissing-field = "off"\ndangling-reference = "error"\n',
        encoding="utf-8",
    )
    result = run_codegen("lint", "--format", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert not any(f["rule"] == "missing-field" for f in findings)
    assert {f["level"] for f in findings if f["rule"] == "dangling-reference"} == {"error"}
    (tmp_path / "codegen.toml").write_text('[lint.severity]\nmising-field = "off"\n', encoding="utf-8")
    refused = run_codegen("lint", cwd=tmp_path)
    assert refused.returncode == 2
    assert "unknown rule 'mising-field'" in refused.stderr and "missing-field" in refused.stderr


def test_the_html_report_stands_alone(tmp_path: Path) -> None:
    page = tmp_path / "lint.html"
    result = run_codegen("lint", "--html", str(page), "-q", cwd=ROOT)
    assert result.returncode == 1
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "<script" not in text and "http" not in text.split("<body>")[0]
    assert "<th>challenge_factor</th>" in text and "missing-field" in text


def test_the_readme_lint_config_is_accepted_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("[tool.codegen.lint]")
    block = readme[start : readme.index("```", start)].replace("[tool.codegen.lint]", "[lint]")
    config = f'specs = ["{SPECS.as_posix()}"]\nallow_outside_root = true\n' + block
    (tmp_path / "codegen.toml").write_text(config, encoding="utf-8")
    assert run_codegen("lint", "--write-baseline", "lint-baseline.json", cwd=tmp_path).returncode == 0
    result = run_codegen("lint", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr  # everything is in the configured baseline
    data = json.loads(result.stdout)
    assert data["findings"] == [] and data["baselined"] > 0
    fresh = run_codegen("lint", "--format", "json", "--baseline", str(tmp_path / "none.json"), cwd=tmp_path)
    assert fresh.returncode == 2 and "cannot read the baseline" in fresh.stderr
    (tmp_path / "codegen.toml").write_text(config.replace('baseline = "lint-baseline.json"', ""), encoding="utf-8")
    levels = {
        (f["rule"], f["level"])
        for f in json.loads(run_codegen("lint", "--format", "json", cwd=tmp_path).stdout)["findings"]
    }
    assert ("missing-field", "error") in levels and not any(rule == "missing-operation" for rule, _ in levels)


def test_a_repeated_id_is_an_error_in_lint_and_stops_generate(tmp_path: Path) -> None:
    """A new page repeating an operation id must not silently change what an existing method
    does (the page that sorts first used to win): lint names both places, generate writes nothing."""
    shutil.copytree(ROOT / "tests" / "errors" / "cases" / "duplicate_id", tmp_path / "specs")
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\nout = "sdk"\n', encoding="utf-8")
    result = run_codegen("lint", "--format", "json", cwd=tmp_path)
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "duplicate-id"]
    assert result.returncode == 1
    assert {(f["file"], f["line"], f["level"]) for f in found} == {
        ("specs/b_purge.yaml", 6, "error"),
        ("specs/b_purge.yaml", 17, "error"),
    }
    assert "already defined at specs/a_widgets.yaml:3:7" in found[0]["message"] + found[1]["message"]
    generate = run_codegen("generate", cwd=tmp_path)
    assert generate.returncode == 2, generate.stderr
    assert not (tmp_path / "sdk").exists()


def test_lint_text_shows_docs_text_safely_and_sarif_uris_are_encoded(tmp_path: Path) -> None:
    """An id holding a terminal escape is shown escaped, as generate shows it; a file name with
    '#', '%' or a space is percent-encoded in SARIF's artifactLocation.uri."""
    specs = tmp_path / "specs"
    specs.mkdir()
    page = specs / "a #b%3F c.yaml"
    page.write_text(
        'reference:\n  curl:\n    - key: get_w\n      id: "get_\\e[31mw"\n      title: /w/:id\n      type: GET\n'
        "      colour: red\n",
        encoding="utf-8",
    )
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\n', encoding="utf-8")
    text = run_codegen("lint", cwd=tmp_path)
    assert "\x1b" not in text.stdout + text.stderr
    assert "get_\\x1b[31mw" in text.stdout, text.stdout
    sarif = json.loads(run_codegen("lint", "--format", "sarif", cwd=tmp_path).stdout)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for location in result["locations"]
    }
    assert uris == {"specs/a%20%23b%253F%20c.yaml"}, uris
