"""How much of each language's output its templates write: ``python scripts/template_share.py``.

Renders the bundled corpus for every language built on the plan, with Jinja's ``finalize``
marking what each ``{{ expression }}`` prints. A line of output is *from the templates* when
some of its text is template text, and *built in Python* when all of it is printed by
expressions (a line Python spelled whole). Runtime files (written once per SDK, the same
whatever the reference) and blank lines are left out. Prints, per language, the share of lines
from the templates; the design asks for at least 60% (issue "One plan for every language").
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from codegen.config import load_config  # noqa: E402
from codegen.diagnostics import Diagnostics  # noqa: E402
from codegen.fastpath import find_config  # noqa: E402
from codegen.languages import EMITTERS  # noqa: E402
from codegen.languages.base import TEMPLATE_FILTERS  # noqa: E402
from codegen.languages.language import Language  # noqa: E402
from codegen.pipeline import load_api  # noqa: E402
from codegen.render import _OPTIONS, builtin_templates  # noqa: E402

OPEN, CLOSE = "\x0e", "\x0f"  # around what an expression prints


def _marked(value: Any) -> Any:
    return f"{OPEN}{value}{CLOSE}" if value is not None else value


def share(language: str) -> tuple[int, int] | None:
    """(lines from the templates, lines built in Python) of ``language``; None when the language
    is not built on the plan."""
    emitter_class = EMITTERS[language]
    if not issubclass(emitter_class, Language):
        return None
    diags = Diagnostics()
    config = load_config(find_config(ROOT), diags)
    api = load_api(config.spec_paths(), diags, tuple(EMITTERS)).languages[language]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(builtin_templates() / language)), finalize=_marked, **_OPTIONS
    )
    emitter = emitter_class(config.language_settings(language), env, Diagnostics())
    env.filters.update({name: _transparent(f) for name, f in TEMPLATE_FILTERS.items()})
    template_lines = python_lines = 0
    for _path, name, context in emitter.files(emitter.plan(api)):
        if "runtime" in name.lower():
            continue
        text = emitter.template(name, **context)
        depth = 0
        for line in text.splitlines():
            plain, printed = [], False
            for ch in line:
                if ch == OPEN:
                    depth += 1
                elif ch == CLOSE:
                    depth = max(depth - 1, 0)
                elif depth:
                    printed = printed or not ch.isspace()
                else:
                    plain.append(ch)
            if "".join(plain).strip():
                template_lines += 1
            elif printed:
                python_lines += 1
    return template_lines, python_lines


def _transparent(function: Any) -> Any:
    """A filter that sees its argument without the marks (escaping must see the real text)."""

    def unmarked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(OPEN, "").replace(CLOSE, "")
        return function(value, *args, **kwargs)

    return unmarked


def main() -> int:
    for language in sorted(EMITTERS):
        found = share(language)
        if found is None:
            print(f"{language:8} not built on the plan")
            continue
        ours, python = found
        total = ours + python
        print(f"{language:8} {ours / total:6.1%} of {total} lines from the templates ({python} built in Python)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
