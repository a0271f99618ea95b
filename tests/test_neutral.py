"""The core knows no language: what differs per language is the language's policy, never a name
the core spells, and nothing depends on the order of the language registry."""

from __future__ import annotations

from pathlib import Path

import pytest

import codegen.config
import codegen.languages
import codegen.pipeline
from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS, POLICIES

ROOT = Path(__file__).resolve().parent.parent


def _generate() -> tuple[dict[str, str], list[str]]:
    diags = Diagnostics()
    config = load_config(ROOT / "pyproject.toml", diags)
    # The config names no languages: every language of the registry, in the registry's order.
    languages = tuple(codegen.pipeline.EMITTERS)
    files = codegen.pipeline.generate_files(config.spec_paths(), config, languages, diags)
    # A hint may list the known languages, in the registry's order (how they are presented, like
    # ``--help``): the diagnostics themselves are compared.
    return files, sorted(str((d.loc, d.severity, d.message, d.code)) for d in diags.items)


def test_generated_files_do_not_depend_on_the_order_of_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every generated file of the corpus, in every language, is the same byte for byte when the
    registry lists its languages the other way round (and so is every diagnostic)."""
    files, diagnostics = _generate()
    assert {path.split("/")[1] for path in files} >= set(EMITTERS)
    backwards = dict(reversed(list(EMITTERS.items())))
    for module in (codegen.languages, codegen.pipeline, codegen.config):
        monkeypatch.setattr(module, "EMITTERS", backwards)
    monkeypatch.setattr(codegen.languages, "LANGUAGES", tuple(backwards))
    policies = dict(reversed(list(POLICIES.items())))
    for module in (codegen.languages, codegen.pipeline):
        monkeypatch.setattr(module, "POLICIES", policies)
    reversed_files, reversed_diagnostics = _generate()
    assert sorted(reversed_files) == sorted(files)
    assert [path for path in sorted(files) if reversed_files[path] != files[path]] == []
    assert reversed_diagnostics == diagnostics
