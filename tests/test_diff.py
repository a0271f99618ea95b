"""`codegen diff OLD NEW` on pairs of real pages edited as a docs writer would: what each SDK's
users see change, whether it breaks them, where (file:line in OLD and NEW), and the bump."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT, SPECS, run_codegen

from codegen.cli import main
from codegen.languages import LANGUAGES

PAGE = "mfa/challenge/create.mdx"
# The seed pages: the challenge page, the challenge object, and the shared entries ((ctx), ...).
PAGES = ("index.mdx", PAGE, "mfa/challenge/index.mdx", "mfa/factor/enroll.mdx", "mfa/factor/index.mdx")
# Each language's name of the challenge's SMS template, and of an integer type.
SMS = {
    "curl": "sms_template",
    "dotnet": "SmsTemplate",
    "ruby": "sms_template",
    "js": "smsTemplate",
    "python": "sms_template",
    "php": "smsTemplate",
    "java": "smsTemplate",
    "go": "SMSTemplate",
}
INTEGER = {
    "curl": "integer",
    "dotnet": "int",
    "ruby": "Integer",
    "js": "number",
    "python": "int",
    "php": "int",
    "java": "Integer",
    "go": "int",
}


def copy_pages(dest: Path) -> Path:
    for page in PAGES:
        target = dest / page
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SPECS / page, target)
    return dest


def blocks(text: str) -> list[tuple[str, int, int]]:
    """(language, start, end) of each language's block under ``reference:`` (character offsets)."""
    start = text.index("\nreference:\n")
    found = [(m.group(1), m.start()) for m in re.finditer(r"^  (\w+):\n", text, re.M) if m.start() > start]
    ends = [start for _, start in found[1:]] + [
        text.index("\noriginalPath:") if "\noriginalPath:" in text else len(text)
    ]
    return [(language, start, end) for (language, start), end in zip(found, ends, strict=True)]


def edit_each_language(text: str, edit: Callable[[str, str], str]) -> str:
    """``edit(language, block)`` applied to each language's block of the page."""
    out, last = [], 0
    for language, start, end in blocks(text):
        out += [text[last:start], edit(language, text[start:end])]
        last = end
    return "".join(out) + text[last:]


def item(block: str, key: str) -> re.Match[str]:
    """The list item ``- key: KEY`` of ``block`` and the lines below it (its properties)."""
    found = re.search(rf"^( +)- key: {re.escape(key)}\n(?:\1  .*\n)*", block, re.M)
    assert found, (key, block)
    return found


@pytest.fixture()
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """OLD and NEW: two copies of real pages; tests edit NEW."""
    monkeypatch.chdir(tmp_path)
    return copy_pages(tmp_path / "old"), copy_pages(tmp_path / "new")


def diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["diff", *args])
    return code, capsys.readouterr().out


def changes_of(data: dict, language: str) -> list[dict]:
    return data["languages"][language]["changes"]


def edit(new: Path, change: Callable[[str], str]) -> None:
    page = new / PAGE
    page.write_text(change(page.read_text(encoding="utf-8")), encoding="utf-8")


def block_lines(path: Path, language: str) -> tuple[int, int]:
    """The first and last line of ``language``'s block of the page."""
    text = path.read_text(encoding="utf-8")
    for name, start, end in blocks(text):
        if name == language:
            return text.count("\n", 0, start) + 1, text.count("\n", 0, end)
    raise AssertionError(language)


def line_of(path: Path, needle: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if i > after and needle in line)


# --- the edits a docs writer makes, each seen by every language -----------------------------


def test_removing_a_parameter_breaks_every_language(pair: tuple[Path, Path], capsys) -> None:
    old, new = pair
    edit(
        new,
        lambda text: edit_each_language(text, lambda lang, block: block.replace(item(block, SMS[lang]).group(0), "")),
    )
    code, out = diff(capsys, "old", "new", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data["languages"]) == set(LANGUAGES)
    for language in LANGUAGES:
        assert data["languages"][language]["bump"] == "major", (language, changes_of(data, language))
        # .NET documents the template as the one property of a subclass: the class goes with it.
        removed = [c for c in changes_of(data, language) if c["kind"].endswith("-removed")]
        assert removed, (language, changes_of(data, language))
        assert all(c["breaking"] and c["new"] is None for c in removed)
        assert any(c["id"] in ("challenge_factor", "dotnet_challenge_sms_factor_options") for c in removed)
        # At the removed entry, in the language's own part of the page.
        assert all(c["old"].startswith(f"old/{PAGE}:") for c in removed)
        first, last = block_lines(old / PAGE, language)
        assert all(first <= int(c["old"].rsplit(":", 1)[1]) <= last for c in removed), (language, removed)


def test_adding_an_optional_parameter_is_a_minor_change(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair

    def add(language: str, block: str) -> str:
        found = item(block, SMS[language])
        indent = found.group(1)
        name = {"curl": "locale", "dotnet": "Locale", "go": "Locale"}.get(language, "locale")
        extra = (
            f"{indent}- key: {name}\n{indent}  type: string\n{indent}  optional: true\n"
            f"{indent}  description: (challenge_factor.locale)\n"
        )
        return block.replace(found.group(0), found.group(0) + extra)

    edit(
        new,
        lambda text: edit_each_language(
            text.replace(
                "  challenge_factor:\n", "  challenge_factor:\n    locale: The locale of the SMS message.\n", 1
            ),
            add,
        ),
    )
    code, out = diff(capsys, "old", "new", "--format", "json")
    assert code == 0
    data = json.loads(out)
    for language in LANGUAGES:
        changes = changes_of(data, language)
        assert data["languages"][language]["bump"] == "minor", (language, changes)
        added = [c for c in changes if c["kind"] in ("parameter-added", "field-added")]
        assert added and not any(c["breaking"] for c in changes), (language, changes)
        assert all(c["old"] is None and c["new"].startswith(f"new/{PAGE}:") for c in added)
        assert any("optional" in c["message"] for c in added)


def test_a_new_required_parameter_breaks(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    edit(
        new,
        lambda text: edit_each_language(
            text, lambda lang, block: block.replace(f"{item(block, SMS[lang]).group(1)}  optional: true\n", "", 1)
        ),
    )
    _code, out = diff(capsys, "old", "new", "--format", "json", "--lang", "python", "--lang", "go", "--lang", "ruby")
    data = json.loads(out)
    for language in ("python", "go", "ruby"):
        changes = changes_of(data, language)
        assert [c["kind"] for c in changes] == ["optionality-changed"], changes
        assert changes[0]["breaking"] and "now required" in changes[0]["message"]


def test_renaming_an_operation_breaks_every_language(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    renames = {
        "- key: challenge_factor\n": "- key: challenge_sms_factor\n",
        "ChallengeFactor()": "ChallengeSmsFactor()",
        "challengeFactor()": "challengeSmsFactor()",
        "challenge_factor()": "challenge_sms_factor()",
        "- key: ChallengeFactor\n": "- key: ChallengeSmsFactor\n",
        "- key: challengeFactor\n": "- key: challengeSmsFactor\n",
    }

    def rename(text: str) -> str:
        head, sep, rest = text.partition("reference:\n")
        for before, after in renames.items():
            rest = rest.replace(before, after)
        return head + sep + rest

    edit(new, rename)
    code, out = diff(capsys, "old", "new", "--format", "json", "--fail-on", "breaking")
    assert code == 1  # --fail-on breaking
    data = json.loads(out)
    for language in LANGUAGES:
        changes = changes_of(data, language)
        renamed = [c for c in changes if c["kind"] == "operation-renamed"]
        assert len(renamed) == 1 and renamed[0]["breaking"], (language, changes)
        assert renamed[0]["id"] == "challenge_factor"
        assert "renamed to" in renamed[0]["message"] and "smsfactor" in renamed[0]["subject"].lower().replace("_", "")
        assert renamed[0]["old"].startswith(f"old/{PAGE}:") and renamed[0]["new"].startswith(f"new/{PAGE}:")
        assert data["languages"][language]["bump"] == "major"


def test_changing_the_path_breaks_on_the_wire_in_every_language(pair: tuple[Path, Path], capsys) -> None:
    old, new = pair
    edit(
        new, lambda text: text.replace("title: '/auth/factors/:id/challenge'", "title: '/auth/factors/:id/challenges'")
    )
    _code, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    http_line = line_of(old / PAGE, "- key: challenge_factor")
    for language in LANGUAGES:
        (change,) = changes_of(data, language)
        assert change["kind"] == "path-changed" and change["breaking"], change
        assert "/challenges" in change["message"] and "breaking on the wire" in change["message"]
        # Where the path is written: the HTTP reference's entry, in OLD and in NEW.
        assert (change["old"], change["new"]) == (f"old/{PAGE}:{http_line}", f"new/{PAGE}:{http_line}")
        assert data["languages"][language]["bump"] == "major"


def test_changing_a_type_breaks_every_language(pair: tuple[Path, Path], capsys) -> None:
    old, new = pair

    def retype(language: str, block: str) -> str:
        found = item(block, SMS[language])
        indent = found.group(1)
        text = re.sub(rf"^{indent}  type: \w+$", f"{indent}  type: {INTEGER[language]}", found.group(0), flags=re.M)
        return block.replace(found.group(0), text)

    edit(new, lambda text: edit_each_language(text, retype))
    _code, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    for language in LANGUAGES:
        changes = changes_of(data, language)
        typed = [c for c in changes if c["kind"] == "type-changed"]
        assert typed and all(c["breaking"] for c in typed), (language, changes)
        line = line_of(old / PAGE, f"- key: {SMS[language]}", line_of(old / PAGE, f"  {language}:"))
        assert f"old/{PAGE}:{line}" in {c["old"] for c in typed}, (language, typed, line)
        assert data["languages"][language]["bump"] == "major"


def test_a_wire_name_changed_in_the_http_reference_breaks_every_sdk_on_the_wire(
    pair: tuple[Path, Path], capsys
) -> None:
    _old, new = pair
    edit(
        new,
        lambda text: text.replace(
            "        - key: sms_template\n          type: string\n",
            "        - key: sms_body\n          type: string\n",
            1,
        ),
    )
    _code, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    for language in LANGUAGES:
        changes = changes_of(data, language)
        wire = [c for c in changes if c["kind"] == "wire-name-changed"]
        if language == "curl":  # the HTTP reference names its parameters by their wire names
            assert {c["kind"] for c in changes} == {"parameter-renamed", "wire-name-changed"}, changes
        assert wire and all(c["breaking"] for c in wire), (language, changes)
        if language == "dotnet":  # its subclass's SmsTemplate matched the wire name only by its own name
            assert any("no longer matches a wire name: it is not sent" in c["message"] for c in wire), wire
        else:
            assert any("'sms_template' to 'sms_body'" in c["message"] for c in wire), wire


def test_enum_values_added_and_removed(pair: tuple[Path, Path], capsys) -> None:
    """A value added to a closed set (an enum, or literal values written inline) is an addition;
    a value removed breaks."""
    old, new = pair
    page = new / "mfa/factor/enroll.mdx"
    before = (old / "mfa/factor/enroll.mdx").read_text(encoding="utf-8")
    page.write_text(before.replace('"sms"', '"sms" | "voice"'), encoding="utf-8")
    _, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    for language in LANGUAGES:
        changes = changes_of(data, language)
        added = [c for c in changes if c["kind"] == "enum-value-added"]
        assert added and all("voice" in c["message"] and not c["breaking"] for c in added), (language, changes)
        assert all(c["new"].startswith("new/mfa/factor/") for c in added)
        assert data["languages"][language]["bump"] == "minor", (language, changes)
    page.write_text(before.replace('"totp" | "sms"', '"totp"').replace('"totp"|"sms"', '"totp"'), encoding="utf-8")
    _, out = diff(capsys, "old", "new", "--format", "json", "--lang", "python", "--lang", "curl")
    data = json.loads(out)
    for language in ("python", "curl"):
        removed = [c for c in changes_of(data, language) if c["kind"] == "enum-value-removed"]
        assert removed and all(c["breaking"] and "no longer allows 'sms'" in c["message"] for c in removed)


def test_changing_the_http_method_breaks_on_the_wire(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    edit(new, lambda text: text.replace("      type: POST\n", "      type: PUT\n", 1))
    _, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    for language in LANGUAGES:
        (change,) = changes_of(data, language)
        assert change["kind"] == "http-method-changed" and change["breaking"], change
        assert "from POST to PUT" in change["message"]


def test_removing_a_page_removes_its_operation_everywhere(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    (new / "mfa/factor/enroll.mdx").unlink()
    _, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    for language in LANGUAGES:
        removed = [c for c in changes_of(data, language) if c["kind"] == "operation-removed"]
        assert [c["id"] for c in removed] == ["enroll_factor"], (language, changes_of(data, language))
        assert removed[0]["breaking"] and removed[0]["old"].startswith("old/mfa/factor/enroll.mdx:")
        assert removed[0]["new"] is None


def test_no_change_is_bump_none_and_exit_0(pair: tuple[Path, Path], capsys) -> None:
    code, out = diff(capsys, "old", "new", "--format", "json", "--fail-on", "any")
    assert code == 0
    data = json.loads(out)
    assert {v["bump"] for v in data["languages"].values()} == {"none"}
    assert all(v["changes"] == [] for v in data["languages"].values())


def test_a_doc_text_change_is_a_patch(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    edit(new, lambda text: text.replace("to be challenged", "to be verified"))
    _, out = diff(capsys, "old", "new", "--format", "json", "--lang", "python", "--lang", "go")
    data = json.loads(out)
    for language in ("python", "go"):
        assert data["languages"][language]["bump"] == "patch", data
        assert {c["kind"] for c in changes_of(data, language)} == {"doc-changed"}


# --- the three formats ----------------------------------------------------------------------


def test_json_has_exactly_the_documented_shape(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    edit(
        new,
        lambda text: edit_each_language(text, lambda lang, block: block.replace(item(block, SMS[lang]).group(0), "")),
    )
    _, out = diff(capsys, "old", "new", "--format", "json")
    data = json.loads(out)
    assert set(data) == {"languages"}
    for value in data["languages"].values():
        assert set(value) == {"bump", "changes"} and value["bump"] in ("major", "minor", "patch", "none")
        for c in value["changes"]:
            assert set(c) == {"kind", "id", "subject", "breaking", "message", "old", "new"}
            assert isinstance(c["breaking"], bool)
            for side in ("old", "new"):
                assert c[side] is None or re.fullmatch(r"(old|new)/[\w/.-]+:\d+", c[side]), c


def test_text_is_a_changelog_and_markdown_is_safe(pair: tuple[Path, Path], capsys) -> None:
    _old, new = pair
    edit(
        new,
        lambda text: edit_each_language(text, lambda lang, block: block.replace(item(block, SMS[lang]).group(0), "")),
    )
    code, text = diff(capsys, "old", "new")
    assert code == 0
    assert text.splitlines()[0] == "codegen diff old -> new"
    assert "\ngo: major (" in text and "  ! " in text and f"(was old/{PAGE}:" in text
    assert text.rstrip().splitlines()[-1].startswith("suggested bumps: curl major")
    _, markdown = diff(capsys, "old", "new", "--format", "markdown")
    assert markdown.startswith("## Changes from `old` to `new`")
    assert "| go | **major** |" in markdown and "### go: major" in markdown and "**Breaking**" in markdown
    assert f"(was `old/{PAGE}:" in markdown


def test_markdown_escapes_docs_text(tmp_path: Path) -> None:
    from codegen.diff import Change, LanguageDiff, Report, markdown_report

    hostile = Change(
        "doc-changed", "x", "x", False, "<img src=x onerror=alert(1)> [a](javascript:b) `c`", "a:1", "a:1", doc=True
    )
    report = Report("a", "b", {"go": LanguageDiff("go", "ir", [hostile])})
    text = markdown_report(report)
    assert not re.search(r"(?<!\\)[<\[\]`]", text.split("\n- ", 1)[1].split(" (", 1)[0]), text
    assert "\\<img" in text and "\\[a\\]\\(javascript" in text


# --- git revisions ----------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_revisions_are_read_with_git(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "sdk"
    copy_pages(repo / "docs")
    (repo / "codegen.toml").write_text('specs = ["docs"]\nlanguages = ["go", "python"]\n', encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "reference")
    git(repo, "tag", "v1.0.0")
    page = repo / "docs" / PAGE
    page.write_text(page.read_text().replace("/auth/factors/:id/challenge'", "/auth/factors/:id/challenges'"))
    git(repo, "commit", "-qam", "a new path")
    line = line_of(page, "- key: challenge_factor")
    for args in (["HEAD~1", "HEAD"], ["v1.0.0"], ["HEAD~1", "docs"]):
        result = run_codegen("diff", *args, "--format", "json", cwd=repo)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert set(data["languages"]) == {"go", "python"}
        for language in ("go", "python"):
            (change,) = data["languages"][language]["changes"]
            assert change["kind"] == "path-changed"
            assert change["old"] == f"docs/{PAGE}:{line}", change
            assert change["new"] == f"docs/{PAGE}:{line}"
    failed = run_codegen("diff", "HEAD~1", "--fail-on", "breaking", cwd=repo)
    assert failed.returncode == 1 and "go: major" in failed.stdout
    unknown = run_codegen("diff", "no-such-rev", cwd=repo)
    assert unknown.returncode == 2 and "neither a spec folder nor a file, nor a git revision" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_which_languages_are_compared_on_the_plan_and_which_on_the_ir() -> None:
    """A language on the plan is compared as its views spell it; the others on the IR."""
    from codegen.config import Config
    from codegen.diagnostics import Diagnostics
    from codegen.diff import surface
    from codegen.languages.language import Language
    from codegen.pipeline import emitter_for, load_api

    api = load_api([SPECS / p for p in PAGES], Diagnostics(), LANGUAGES)
    for language in LANGUAGES:
        emitter = emitter_for(language, Config(root=ROOT), Diagnostics())
        nodes, source = surface(language, api, emitter)
        assert source == ("plan" if isinstance(emitter, Language) else "ir")
        assert any(n.kind == "operation" and n.loc is not None for n in nodes)
        assert all(c.loc is not None for n in nodes for c in n.children if c.kind in ("parameter", "field"))


def test_an_enum_constant_spelled_otherwise_is_named_with_its_value() -> None:
    """A language that spells a constant otherwise (Ruby's ``VOICE``) still names the value."""
    from codegen.diff import Node, _Compare

    def enum(*values: str) -> list[Node]:
        node = Node("enum", "/FactorType", "FactorType", "FactorType", {"kind": "enum", "name": "FactorType"}, None)
        node.children = [
            Node("value", v, "FactorType", f"FactorType.{v.upper()}", {"name": v.upper()}, None) for v in values
        ]
        return [node]

    changes = _Compare(lambda _: None, lambda _: None).run(enum("sms", "totp"), enum("sms", "voice"))
    assert sorted(c.message for c in changes) == [
        "enum-value FactorType.TOTP ('totp') removed",
        "enum-value FactorType.VOICE ('voice') added",
    ]


# --- declarations that share a name in one scope (Go: the authkit and mfa pages' Challenge) -----


def test_the_whole_corpus_against_itself_changes_nothing(capsys) -> None:
    """Every SDK of the corpus, compared with itself: no change in any language. Go declares the
    authkit and the mfa pages' ``Challenge`` and ``Factor`` (and five ``Order`` enums) in one
    package, each under the same docs scope and name: each must pair with itself."""
    code, out = diff(capsys, str(SPECS), str(SPECS), "--format", "json", "--fail-on", "any")
    data = json.loads(out)
    assert {language: value["changes"] for language, value in data["languages"].items()} == {
        language: [] for language in LANGUAGES
    }
    assert code == 0


def test_a_field_removed_from_one_of_two_same_named_declarations_is_reported_on_that_one(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Go property dropped from the authkit page's ``Challenge`` (Go's ``AuthkitChallenge``):
    that field is removed, at its line, and nothing is said of the mfa page's ``Challenge``."""
    monkeypatch.chdir(ROOT)  # OLD's files are shown as specs/...
    page = "authkit/mfa/authentication-challenge.mdx"
    new = tmp_path / "new"
    shutil.copytree(SPECS, new)
    text = (new / page).read_text(encoding="utf-8")
    go = next(text[start:end] for language, start, end in blocks(text) if language == "go")
    line = line_of(SPECS / page, "- key: ExpiresAt", after=block_lines(SPECS / page, "go")[0])
    (new / page).write_text(text.replace(go, go.replace(item(go, "ExpiresAt").group(0), "")), encoding="utf-8")
    _, out = diff(capsys, str(SPECS), str(new), "--format", "json", "--lang", "go")
    changes = changes_of(json.loads(out), "go")
    assert [(c["kind"], c["subject"], c["old"]) for c in changes] == [
        ("field-removed", "AuthkitChallenge.ExpiresAt", f"specs/{page}:{line}")
    ]


def test_removing_one_of_two_same_named_declarations_removes_that_one(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Go docs of the authkit page's ``Challenge`` dropped: ``mfa.AuthkitChallenge`` is removed
    and the reply that held it now holds ``mfa.Challenge``; the mfa page's ``Challenge`` stays."""
    monkeypatch.chdir(ROOT)
    page = "authkit/mfa/authentication-challenge.mdx"
    new = tmp_path / "new"
    shutil.copytree(SPECS, new)
    text = (new / page).read_text(encoding="utf-8")
    _, start, end = next(block for block in blocks(text) if block[0] == "go")
    (new / page).write_text(text[:start] + text[end:], encoding="utf-8")
    reply = "authkit/mfa/enroll-auth-factor.mdx"
    held = line_of(SPECS / reply, "- key: Challenge", after=block_lines(SPECS / reply, "go")[0])
    entry = block_lines(SPECS / page, "go")[0] + 1  # the Go entry's first line, below "go:"
    _, out = diff(capsys, str(SPECS), str(new), "--format", "json", "--lang", "go")
    changes = changes_of(json.loads(out), "go")
    assert [(c["kind"], c["subject"], c["old"]) for c in changes] == [
        ("type-changed", "EnrollAuthFactorResponse.Challenge", f"specs/{reply}:{held}"),
        ("model-removed", "mfa.AuthkitChallenge", f"specs/{page}:{entry}"),
    ]


def test_the_readme_example_as_written(tmp_path: Path) -> None:
    """The README's `codegen diff v0.1.0 --lang go --lang python`, on the corpus's pages tagged
    v0.1.0 and then edited as the README says: its output, line for line."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ codegen diff v0.1.0 --lang go --lang python\n")
    command, _, shown = readme[start : readme.index("```", start)].partition("\n")
    repo = tmp_path / "sdk"
    copy_pages(repo / "specs")  # the seed pages: the page edited and what it refers to
    (repo / "codegen.toml").write_text('specs = ["specs"]\n', encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "reference")
    git(repo, "tag", "v0.1.0")
    page = repo / "specs" / "mfa/challenge/create.mdx"
    text = page.read_text(encoding="utf-8")
    described = "    authentication_factor_id: The unique ID of the Authentication Factor to be challenged.\n"
    text = text.replace(described, described + "    locale: The language of the SMS message.\n")
    text = text.replace("/auth/factors/:id/challenge'", "/auth/factors/:id/challenges'")

    def locale(language: str, block: str) -> str:
        """An optional ``locale`` after ``sms_template`` in the HTTP reference and the Go docs."""
        if language not in ("curl", "go"):
            return block
        after = item(block, SMS[language]).group(0)
        indent = after[: len(after) - len(after.lstrip())]
        key = "locale" if language == "curl" else "Locale"
        lines = [f"- key: {key}", "  type: string", "  optional: true", "  description: (challenge_factor.locale)"]
        return block.replace(after, after + "".join(f"{indent}{line}\n" for line in lines))

    text = edit_each_language(text, locale)
    assert text.count("(challenge_factor.locale)") == 2 and "challenges'" in text
    page.write_text(text, encoding="utf-8")
    result = run_codegen(*command.removeprefix("$ codegen ").split(), cwd=repo)
    assert (result.returncode, result.stdout) == (0, shown)
