"""Templates shape the output: in every language built on the plan, at least 60% of the
non-runtime output lines come from template text (scripts/template_share.py measures it)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from helpers import ROOT

from codegen.languages import EMITTERS
from codegen.languages.language import Language

spec = importlib.util.spec_from_file_location("template_share", ROOT / "scripts" / "template_share.py")
assert spec is not None and spec.loader is not None
template_share = importlib.util.module_from_spec(spec)
sys.modules["template_share"] = template_share
spec.loader.exec_module(template_share)

ON_THE_PLAN = sorted(name for name, emitter in EMITTERS.items() if issubclass(emitter, Language))


@pytest.mark.parametrize("language", ON_THE_PLAN)
def test_most_output_lines_come_from_the_templates(language: str) -> None:
    found = template_share.share(language)
    assert found is not None
    ours, python = found
    assert ours + python > 100
    assert ours / (ours + python) >= 0.6, f"{language}: {ours} of {ours + python} lines from the templates"
