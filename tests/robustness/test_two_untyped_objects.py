"""Two untyped object parameters of one method (issue 19's ``MoveWidget(from, to)``): each is
sent as its own JSON object, and the SDK builds in every language; a language that declares
classes for inline objects declares one per parameter (``<Method><Param>``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import toolchains
import yaml
from helpers import render_specs

from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS
from codegen.pipeline import load_api
from codegen.plan.requests import request

TITLES = {
    "dotnet": ("widgetsService.{}()", "MoveWidget"),
    "go": ("widgets.{}()", "MoveWidget"),
    "java": ("widgets.{}()", "moveWidget"),
    "js": ("widgets.{}()", "moveWidget"),
    "php": ("$widgets->{}()", "moveWidget"),
    "python": ("widgets.{}()", "move_widget"),
    "ruby": ("Widgets.{}()", "move_widget"),
}
POINT = [{"key": "x", "type": "number"}, {"key": "y", "type": "number"}]


def page() -> dict[str, Any]:
    objects = [{"key": "from", "properties": POINT}, {"key": "to", "properties": POINT}]
    curl = [{**o, "type": "object"} for o in objects]
    reference: dict[str, Any] = {
        "curl": [
            {"key": "move_widget", "id": "move_widget", "title": "/widgets/move", "type": "POST", "parameters": curl}
        ]
    }
    for language, (title, name) in TITLES.items():
        entry = {"key": name, "id": "move_widget", "title": title.format(name), "parameters": objects}
        reference[language] = [entry]
    return {"reference": reference}


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-untyped") / "specs"
    (root / "widgets").mkdir(parents=True)
    (root / "widgets" / "move.yaml").write_text(yaml.safe_dump(page(), sort_keys=False), encoding="utf-8")
    return root


def test_each_object_is_sent_whole_under_its_own_key(specs: Path) -> None:
    diags = Diagnostics()
    api = load_api([specs], diags, tuple(EMITTERS))
    assert not diags.errors, diags.render()
    for language in TITLES:
        (op,) = api.languages[language].operations
        planned = request(op, api.languages[language])
        assert planned is not None, language
        # Each parameter is one value of the body, sent whole (not spread into one object).
        assert [(k.wire, k.value is not None) for k in planned.body] == [("from", True), ("to", True)], language


@pytest.mark.parametrize("language", sorted(TITLES))
def test_the_sdk_builds_with_one_class_per_object(language: str, specs: Path, tmp_path: Path) -> None:
    files, diags = render_specs([specs], language)
    assert not diags.errors, diags.render()
    text = "\n".join(files.values())
    if EMITTERS[language].scope_rule.declares_inline_objects:
        assert re.search(r"\bMoveWidgetFrom\b", text) and re.search(r"\bMoveWidgetTo\b", text), language
    toolchains.check(language, files, [specs], tmp_path / "out")
