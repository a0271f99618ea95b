"""`codegen lint`: the reference's drift between languages, reported like a linter."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
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
    assert drift.stdout.splitlines()[-1].startswith("codegen lint: 1 findings: 1 errors")


def test_when_the_http_reference_changed_the_finding_sits_at_its_line(tmp_path: Path) -> None:
    """Issue 22: the HTTP reference's type changed at one line; the baseline run blamed six other
    languages and said nothing at that line. Now: one finding, at that line."""
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\n', encoding="utf-8")
    baseline = tmp_path / "lint-baseline.json"
    assert run_codegen("lint", "--write-baseline", str(baseline), cwd=tmp_path).returncode == 0
    page = specs / "mfa/challenge/create.mdx"
    text = page.read_text(encoding="utf-8")
    http = "        - key: sms_template\n          type: string\n"
    line = text[: text.index(http)].count("\n") + 1
    page.write_text(text.replace(http, http.replace("string", "integer"), 1), encoding="utf-8")
    drift = run_codegen("lint", "--baseline", str(baseline), "-q", cwd=tmp_path)
    assert drift.returncode == 1
    (finding,) = drift.stdout.splitlines()
    assert finding.startswith(f"specs/mfa/challenge/create.mdx:{line}:"), finding
    assert "the HTTP reference has number for 'sms_template' of 'challenge_factor'; every language" in finding
    assert "(go, java, js, php, python, ruby) has string [type-mismatch]" in finding


def test_text_has_a_line_per_uncovered_operation_and_totals_last() -> None:
    """Issue 22: 654 coverage notes repeated the matrix; there was no closing totals line."""
    result = run_codegen("lint")
    lines = result.stdout.splitlines()
    gaps = [line for line in lines if line.endswith("[missing-operation]")]
    ids = [re.search(r": note: (\S+) \(", line).group(1) for line in gaps]
    assert len(ids) == len(set(ids)) > 100, "one line per uncovered operation"
    assert (
        "  specs/authkit/invitation/accept.mdx:4:7: note: accept_invitation (POST /user_management/invitations/{id}"
        "/accept) is not documented in dotnet, go, java, php, python, ruby [missing-operation]" in gaps
    )
    assert len(lines) < 1000
    assert re.fullmatch(
        r"codegen lint: \d+ findings: \d+ errors, \d+ warnings, \d+ notes \(\d+ of them coverage gaps of "
        + str(len(gaps))
        + r" operations\)",
        lines[-1],
    ), lines[-1]


def test_group_by_page(tmp_path: Path) -> None:
    by_page = run_codegen("lint", "--group", "page", "specs/mfa").stdout.splitlines()
    headings = [line for line in by_page if line.endswith(".mdx:") and not line.startswith(" ")]
    assert headings and len(headings) == len(set(headings)) and all(h.startswith("specs/mfa/") for h in headings)
    for heading in headings:
        start = by_page.index(heading) + 1
        for line in by_page[start:]:
            if not line.startswith("  "):
                break
            assert line.startswith("  " + heading[:-1] + ":"), (heading, line)


def test_lint_of_a_spec_path_links_the_whole_reference() -> None:
    """Issue 22: `codegen lint specs/mfa` reported 16 false errors (unknown go entry reference
    (ctx)): it did not link the whole corpus as generate does."""
    result = run_codegen("lint", "specs/mfa")
    assert "unknown go entry reference" not in result.stdout + result.stderr
    found = [line for line in result.stdout.splitlines() if line.startswith("  specs/")]
    assert found and all(line.startswith("  specs/mfa/") for line in found), found
    data = json.loads(run_codegen("lint", "specs/mfa", "--format", "json").stdout)
    assert data["findings"] and all(f["file"].startswith("specs/mfa/") for f in data["findings"])
    assert "challenge_factor" in data["coverage"] and "list_organizations" not in data["coverage"]
    nothing = run_codegen("lint", "specs/no-such-area")
    assert nothing.returncode == 2 and "specs/no-such-area: error: no such file or directory" in nothing.stderr


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
    assert f"codegen lint: wrote {page}" in result.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    head = text.split("<body>")[0]
    assert "src=" not in text and "://" not in head and "default-src 'none'" in head  # nothing loads from elsewhere
    assert text.count("<script>") == 1
    assert "<th>challenge_factor</th>" in text and "missing-field" in text


# Run in the report by the headless browser once it has loaded: what a reader would check.
PROBE = """<script>
window.addEventListener("load", function () {
  var r = {width: document.documentElement.scrollWidth, inner: window.innerWidth};
  var rows = Array.from(document.querySelectorAll("#findings tbody tr"));
  var visible = function () { return rows.filter(function (x) { return x.offsetParent !== null; }); };
  r.rows = rows.length;
  r.shownBefore = visible().length;
  var links = Array.from(document.querySelectorAll('a[href^="#"]'));
  r.links = links.length;
  r.broken = links.filter(function (a) { return !document.getElementById(a.getAttribute("href").slice(1)); })
    .map(function (a) { return a.getAttribute("href"); });
  r.cells = Array.from(document.querySelectorAll("#matrix tbody tr")).map(function (tr) {
    var op = tr.querySelector("th").textContent;
    return Array.from(tr.querySelectorAll("td a")).map(function (a) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      return [op, target ? target.children[3].textContent : null];
    });
  }).reduce(function (a, b) { return a.concat(b); }, []);
  function choose(id, value) {
    var select = document.getElementById(id);
    select.value = value;
    select.dispatchEvent(new Event("change"));
  }
  choose("filter-rule", "missing-field");
  r.rule = visible().map(function (x) { return x.dataset.rule; });
  r.counter = document.getElementById("shown").textContent;
  choose("filter-rule", "");
  choose("filter-language", "go");
  r.language = visible().map(function (x) { return x.dataset.language; });
  choose("filter-level", "error");
  r.both = visible().map(function (x) { return [x.dataset.language, x.dataset.level]; });
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(r);
  document.body.appendChild(pre);
});
</script>"""


def browse(page: Path, width: int, profile: Path) -> dict:
    """The page's probe result in a real headless browser of ``width`` CSS pixels."""
    from helpers import require_tool

    chromium = require_tool("chromium", "make toolchains (Debian: apt-get install chromium)")
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--window-size={width},900",
            "--virtual-time-budget=10000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-3000:]
    return json.loads(html.unescape(found.group(1)))


def test_the_html_report_works_in_a_real_browser(tmp_path: Path) -> None:
    """Issue 22: the page was 1,912 px wide with no anchors, filters or links. In headless
    Chromium: it fits the window, the filter works, every link resolves, and each matrix cell
    links to a finding of its own operation."""
    page = tmp_path / "lint.html"
    assert run_codegen("lint", "--html", str(page), "-q", cwd=ROOT).returncode == 1
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    findings = json.loads(run_codegen("lint", "--format", "json", cwd=ROOT).stdout)["findings"]
    for width in (1280, 800, 420):
        r = browse(probed, width, tmp_path / f"profile{width}")
        assert r["width"] <= r["inner"], (width, r["width"], r["inner"])
        if width != 1280:
            continue
        assert r["rows"] == r["shownBefore"] > 100
        assert r["links"] > 100 and r["broken"] == [], r["broken"][:5]
        assert r["cells"] and all(op == subject for op, subject in r["cells"]), r["cells"][:5]
        missing_field = [f for f in findings if f["rule"] == "missing-field"]
        assert set(r["rule"]) == {"missing-field"} and len(r["rule"]) == len(missing_field) == int(r["counter"])
        assert r["language"] and all("go" in languages.split() for languages in r["language"])
        assert r["both"] and all("go" in lang.split() and level == "error" for lang, level in r["both"])


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
        "      colour: red\n  python:\n    - key: other\n      id: other\n      title: w.other()\n",
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


def test_two_fields_citing_one_description_are_reported_at_the_copy(corpus: Report) -> None:
    """The Java docs give ``screenHint`` the description of ``loginHint``, Python's Directory gives
    ``id``'s to ``object``: each copy is reported at its own line, naming the field it copies."""
    found = lines(corpus, "duplicate-description")
    assert (
        "specs/authkit/authentication/get-authorization-url/index.mdx:437:15: java AuthorizationUrlOptionsBuilder: "
        "'screenHint' cites (user_management_get_authorization_url.login_hint) like 'loginHint' (line 433); "
        "it is linked by its name"
    ) in found
    assert any(
        line.startswith("specs/directory-sync/directory/index.mdx:207:11: python directory: 'id'") for line in found
    )
    assert len(found) == 3


def test_the_readme_lint_example_is_what_lint_prints_on_the_corpus() -> None:
    """The README's lint output (its first line and its totals) and its count of the corpus's
    findings are what `codegen lint` prints today."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\n", readme.index("### `codegen lint`")) + 4
    shown = readme[start : readme.index("```", start)].splitlines()
    result = run_codegen("lint")
    assert result.returncode == 1, result.stderr  # the corpus has errors
    printed = result.stdout.splitlines()
    assert shown[0] in printed and shown[-1] == printed[-1]
    pattern = r"codegen lint: (\d+) findings: (\d+) errors, (\d+) warnings, (\d+) notes \((\d+) .*"
    totals = re.fullmatch(pattern, shown[-1])
    assert totals, shown[-1]
    found, errors, warnings, notes, gaps = totals.groups()
    counted = f"{found} findings ({errors} errors, {warnings} warnings, {notes} notes; {gaps} coverage gaps"
    assert f"On the bundled corpus: {counted}" in " ".join(readme.split())
