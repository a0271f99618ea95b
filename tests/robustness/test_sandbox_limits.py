"""The sandbox's size limits refuse only what is huge: ordinary arithmetic and repetition in an
override render as plain Jinja renders them."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from codegen.render import MAX_TEXT, TemplateProblem, environment, render_template

ORDINARY = "{{ 3 * 200000 }} {{ 2 ** 64 }} {{ 'ab' * 3 }} {{ [1] * 2 }} {{ 10 ** 9 }} {{ 7 // 2 }} {{ '-' * 80 }}"
HUGE = {
    "string repetition": "{{ 'x' * (MAX + 1) }}",
    "list repetition": "{{ ([0] * (MAX + 1)) | length }}",
    "power": "{{ 2 ** 1000000 }}",
    "output": "{% for i in range(100000) %}{{ 'y' * 101 }}{% endfor %}",
}


def _override(tmp_path: Path, text: str) -> jinja2.Environment:
    folder = tmp_path / "overrides"
    (folder / "go").mkdir(parents=True)
    (folder / "go" / "t.j2").write_text(text.replace("MAX", str(MAX_TEXT)), encoding="utf-8")
    return environment("go", folder)


def test_ordinary_arithmetic_renders_as_plain_jinja(tmp_path: Path) -> None:
    env = _override(tmp_path, ORDINARY)
    assert render_template(env, "t.j2", {}) == jinja2.Environment().from_string(ORDINARY).render()


@pytest.mark.parametrize("case", sorted(HUGE))
def test_huge_results_are_refused(case: str, tmp_path: Path) -> None:
    env = _override(tmp_path, HUGE[case])
    with pytest.raises(TemplateProblem, match=r"not allowed in a template \(sandbox\)"):
        render_template(env, "t.j2", {})
