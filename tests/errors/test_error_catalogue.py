"""The error catalogue: one small bad page per mistake, and the exact diagnostics it produces."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.pipeline import load_api, render

CASES = ROOT / "tests" / "errors" / "cases"
ALL_CASES = sorted(p.name for p in CASES.iterdir())


def diagnose(path: Path) -> str:
    diags = Diagnostics()
    api = load_api([path], diags, LANGUAGES)
    render(api, Config(root=ROOT), LANGUAGES, diags)
    return diags.render()


@pytest.mark.parametrize("case", ALL_CASES)
def test_catalogue(case: str, snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    output = diagnose(Path("tests/errors/cases") / case)
    assert output, f"{case} produced no diagnostic"
    # Every line names a position: file:line:col.
    for line in output.splitlines()[:-1]:
        assert line.startswith("tests/errors/cases/"), line
        assert line.split(":")[1].isdigit() and line.split(":")[2].isdigit(), line
    assert output == snapshot


def test_every_case_in_the_issue_is_catalogued() -> None:
    wanted = {
        "yaml_syntax.yaml",
        "front_matter_not_closed.mdx",
        "not_a_mapping.yaml",
        "wrong_value_types.yaml",
        "unknown_keys.yaml",
        "missing_key.yaml",
        "dangling_references.yaml",
        "reference_cycle.yaml",
        "duplicate_description",
        "duplicate_entries.yaml",
        "unknown_language.yaml",
        "unreadable_type.yaml",
        "invalid_identifier.yaml",
        "not_utf8.yaml",
        "empty.yaml",
        "billion_laughs.yaml",
        # issue 9: limits on hostile input, and YAML tags that used to crash
        "type_too_deep.yaml",
        "name_too_long.yaml",
        "nested_too_deep.yaml",
        "yaml_tags.yaml",
        # issue 18: one id, one definition
        "duplicate_id",
        "value_read_as_meant",
    }
    assert wanted <= set(ALL_CASES)


def test_errors_and_warnings_are_sorted_by_position(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    lines = [line for line in diagnose(Path("tests/errors/cases")).splitlines() if ": note: " not in line][:-1]
    keys = []
    for line in lines:
        file, row, col = line.split(":")[:3]
        keys.append((file, int(row), int(col)))
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) > 5
