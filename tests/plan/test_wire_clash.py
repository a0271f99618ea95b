"""Two fields of one declaration with one wire name (a copied description key, or the HTTP
reference's name given twice): the first keeps the name, the second is left off the wire in
every language, and the run says so at the second field's line (``wire-name-clash``). Before,
Java left it out silently and Go refused the whole run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import render_specs, write_tree

PROPS = {
    "go": ("CreateWidgetOpts", ["Name", "Title", "Color"]),
    "java": ("CreateWidgetOptions", ["name", "title", "color"]),
    "js": ("CreateWidgetOptions", ["name", "title", "color"]),
}
TITLES = {"go": "widgets.CreateWidget()", "java": "widgets.createWidget()", "js": "widgets.createWidget()"}


def page() -> dict[str, Any]:
    curl = [
        {"key": "name", "type": "string", "description": "(widgets.name)"},
        {"key": "color", "type": "string", "description": "(widgets.color)"},
    ]
    reference: dict[str, Any] = {
        "curl": [
            {"key": "create_widget", "id": "create_widget", "title": "/widgets", "type": "POST", "parameters": curl}
        ]
    }
    for language, (options, (name, title, color)) in PROPS.items():
        fields = [
            {"key": name, "type": "string", "description": "(widgets.name)"},
            {"key": title, "type": "string", "description": "(widgets.name)"},  # the copied key
            {"key": color, "type": "string", "description": "(widgets.color)"},
        ]
        param = {"key": "options", "type": options, "properties": fields}
        entry = {"key": TITLES[language].split(".")[1][:-2], "id": "create_widget", "title": TITLES[language]}
        reference[language] = [{**entry, "parameters": [param]}]
    descriptions = {"widgets": {"name": "The widget's name.", "color": "The widget's color."}}
    return {"descriptions": descriptions, "reference": reference}


@pytest.fixture(scope="module")
def specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page_text = yaml.safe_dump(page(), sort_keys=False)
    return write_tree({"widgets/create.yaml": page_text}, tmp_path_factory.mktemp("clash") / "specs")


def _line_of(text: str, language: str, key: str) -> int:
    """The 1-based line of ``- key: KEY`` in the ``language`` section of the reference."""
    lines = text.splitlines()
    start = lines.index(f"  {language}:")
    return next(i + 1 for i, line in enumerate(lines) if i > start and line.strip() == f"- key: {key}")


@pytest.mark.parametrize("language", sorted(PROPS))
def test_the_second_field_of_a_wire_name_is_left_off_the_wire_and_reported(specs: Path, language: str) -> None:
    files, diags = render_specs([specs], language)
    assert not diags.errors, diags.render()
    clashes = [d for d in diags.items if d.code == "wire-name-clash"]
    title = PROPS[language][1][1]
    text = (specs / "widgets" / "create.yaml").read_text(encoding="utf-8")
    assert [(d.loc.line, f"'{title}'" in d.message) for d in clashes] == [(_line_of(text, language, title), True)]
    source = "\n".join(v for k, v in files.items() if not k.endswith(".md"))
    # What carries the wire name 'name' (once: the first field), and how the second field is declared.
    sent, declared = {
        "go": (r'`json:"name(,[a-z]+)?"`', r"\bTitle string `json:\"-\"`"),
        "java": (r'@JsonProperty\("name"\)', r"@JsonIgnore\s+private (final )?String title;"),
        "js": (r'\bname: (\["name"\]|options\.name)', r"\btitle\??: string;"),
    }[language]
    assert len(re.findall(sent, source)) == {"js": 2}.get(language, 1), source
    assert re.search(declared, source), source
    assert not re.search(r"\b(options|opts)\.(title|Title)\b|\btitle: \[", source), source
