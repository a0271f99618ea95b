"""The sandbox's size limits refuse only what is huge: ordinary arithmetic and repetition in an
override render as plain Jinja renders them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jinja2
import pytest

from codegen.render import MAX_TEXT, TemplateProblem, environment, render_template

ORDINARY = (
    "{{ 3 * 200000 }} {{ 2 ** 64 }} {{ 'ab' * 3 }} {{ [1] * 2 }} {{ 10 ** 9 }} {{ 7 // 2 }} {{ '-' * 80 }}"
    " {{ 'x'.ljust(12) }}| {{ '%5s|%-3d' % ('a', 7) }} {{ '{:>6}'.format('b') }} {{ 'x' | center(9) }}"
    " {{ 'a\nb' | indent(4) }} {{ 'abc'.replace('b', 'BB') }} {{ 17 % 5 }} {{ 'a-b' .split('-') | join('+') }}"
)
HUGE = {
    "string repetition": "{{ 'x' * (MAX + 1) }}",
    "list repetition": "{{ ([0] * (MAX + 1)) | length }}",
    "power": "{{ 2 ** 1000000 }}",
    "output": "{% for i in range(100000) %}{{ 'y' * 101 }}{% endfor %}",
    # String methods, formats and filters that allocate in one call.
    "ljust": "{{ 'x'.ljust(800000000) }}",
    "rjust": "{{ 'x'.rjust(800000000) }}",
    "center method": "{{ 'x'.center(800000000) }}",
    "zfill": "{{ '1'.zfill(800000000) }}",
    "expandtabs": "{{ '\t'.expandtabs(800000000) }}",
    "replace empty": "{{ ('a' * 1000).replace('', 'b' * 100000) }}",
    "percent width": "{{ '%800000000s' % 'x' }}",
    "percent star width": "{{ '%*s' % (800000000, 'x') }}",
    "format width": "{{ '{:>800000000}'.format('x') }}",
    "format nested width": "{{ '{:>{}}'.format('x', 800000000) }}",
    "center filter": "{{ 'x' | center(800000000) }}",
    "indent filter": "{{ 'x\ny' | indent(800000000) }}",
    "format filter": "{{ '%800000000s' | format('x') }}",
    "replace filter": "{{ ('a' * 1000) | replace('', 'b' * 100000) }}",
    "tojson indent": "{{ [1, 2] | tojson(indent=800000000) }}",
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


# A template reads data, never an object that reaches outside: only fields of dataclasses (records
# of user input among them), side-effect-free methods of strings, mappings and sequences, Jinja's loop.
REFUSED_ATTRIBUTES = {
    "record validate": "{{ model.validate({}) }}",
    "record made": "{{ model.made({}) }}",
    "record dataclass fields": "{{ model.__dataclass_fields__ }}",
    "dataclass method": "{{ view.method() }}",
    "list mutation": "{{ items.append(3) }}",
    "dict mutation": "{{ mapping.update({'b': 2}) }}",
    "str encode": "{{ 'x'.encode() }}",
}


@dataclasses.dataclass(frozen=True)
class _View:
    name: str

    def method(self) -> str:
        return "ran"


def _context() -> dict[str, object]:
    from codegen.languages.base import LanguageSettings

    model = LanguageSettings(out="f")  # a record templates receive: a language's settings
    return {"model": model, "view": _View("v"), "items": [1, 2], "mapping": {"a": 1}}


@pytest.mark.parametrize("case", sorted(REFUSED_ATTRIBUTES))
def test_a_template_reads_only_data(case: str, tmp_path: Path) -> None:
    env = _override(tmp_path, REFUSED_ATTRIBUTES[case])
    with pytest.raises(TemplateProblem, match=r"not allowed in a template \(sandbox\)|is unsafe|has no attribute"):
        render_template(env, "t.j2", _context())


def test_fields_and_plain_methods_stay_readable(tmp_path: Path) -> None:
    text = (
        "{{ model.out }} {{ view.name }} {{ items.index(2) }} {{ mapping.get('a') }} {{ mapping.items() | list }}"
        " {% for i in items %}{{ loop.index }}{{ loop.last }}{% endfor %} {{ 'Ab'.lower() }}"
    )
    env = _override(tmp_path, text)
    assert render_template(env, "t.j2", _context()) == "f v 1 1 [('a', 1)] 1False2True ab"
