"""The built-in templates' context (codegen.render._Context) calls a macro or a plain function
at once and anything else Jinja's way: a template renders as with Jinja's own context."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from codegen import render

TEMPLATE = """\
{%- macro shout(x, end='!') -%}{{ x | upper }}{{ end }}{%- endmacro -%}
{%- for item in items -%}
{{ shout(item) }} {{ shout(item, end='?') }} {{ plain(item) }} {{ item_list.append(item) }}
{{ with_context() }} {{ with_env() }} {{ callable_(item) }} {{ method(item) }} {{ stopped() }}|
{%- endfor %}
{% block b %}{{ shout('block') }} {{ with_context() }}{% endblock %}
{{ builtin(items) }} {{ kwargs_only(a=1, b=2) }}
"""


class _Callable:
    @jinja2.pass_context
    def __call__(self, context: Any, item: str) -> str:
        return f"{item}@{context['tag']}"


class _Owner:
    def method(self, item: str) -> str:
        return f"m:{item}"


def _values() -> dict[str, Any]:
    def stopped() -> str:
        raise StopIteration

    return {
        "items": ["a", "b"],
        "item_list": [],
        "tag": "T",
        "plain": lambda item: f"<{item}>",
        "with_context": jinja2.pass_context(lambda context: f"ctx:{context['tag']}"),
        "with_env": jinja2.pass_environment(lambda env: f"env:{type(env).__name__}"),
        "callable_": _Callable(),
        "method": _Owner().method,
        "stopped": stopped,
        "builtin": len,
        "kwargs_only": lambda **kw: sorted(kw.items()),
    }


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.ChainableUndefined])
def test_the_builtin_context_renders_every_kind_of_call_as_jinjas_does(undefined: type) -> None:
    outputs = []
    for context_class in (jinja2.runtime.Context, render._Context):
        env = jinja2.Environment(undefined=undefined)
        env.context_class = context_class
        outputs.append(env.from_string(TEMPLATE).render(_values()))
    assert outputs[0] == outputs[1]
    assert "A! A? <a>" in outputs[1] and "ctx:T env:Environment a@T m:a |" in outputs[1]


def test_the_builtin_environment_uses_it_and_an_override_does_not(tmp_path: Any) -> None:
    assert render.environment("python").context_class is render._Context
    (tmp_path / "python").mkdir()
    assert render.environment("python", tmp_path).context_class is not render._Context
