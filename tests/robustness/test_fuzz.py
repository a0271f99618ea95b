"""Fuzzing real corpus pages: no traceback, every error positioned, accepted pages still generate valid Python.

Hypothesis mutates real pages (line deletions and duplications, indentation changes,
character swaps, hostile insertions, truncation). Bounded: 400 examples, derandomized
so CI runs are repeatable; run with CODEGEN_FUZZ_EXAMPLES=N for a longer local session.
"""

from __future__ import annotations

import ast
import os
import re

from helpers import ROOT, SPECS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.loader import load_text
from codegen.pipeline import link_pages, render

EXAMPLES = int(os.environ.get("CODEGEN_FUZZ_EXAMPLES", "400"))
PAGES = [
    "index.mdx",
    "mfa/challenge/create.mdx",
    "mfa/challenge/index.mdx",
    "pagination/index.mdx",
    "organization/index.mdx",
    "directory-sync/directory-user/index.mdx",
    "authkit/user/list.mdx",
    "sso/profile/index.mdx",
]
TEXTS = {name: (SPECS / name).read_text(encoding="utf-8") for name in PAGES if (SPECS / name).exists()}
HOSTILE = [
    "*/",
    '"""',
    "'''",
    "#{x}",
    "$(id)",
    "?>",
    "`",
    "{{code}}",
    "\u2028",
    "\x00",
    ":",
    "- ",
    "&a",
    "*a",
    "(",
    ")",
    "[",
    "{",
    "|",
    "\t",
    "\n",
    "---",
    "\\u000a",
    "key: class",
    'type: \'"a" | ',
    "!!python/object",
]


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "replace_char", "truncate", "swap"])
        )
        line = lines[index]
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "indent":
            lines[index] = "  " + line
        elif kind == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif kind == "insert":
            column = draw(st.integers(0, max(0, len(line) - 1)))
            lines[index] = line[:column] + draw(st.sampled_from(HOSTILE)) + line[column:]
        elif kind == "replace_char" and line:
            column = draw(st.integers(0, len(line) - 1))
            lines[index] = line[:column] + draw(st.characters(codec="utf-8")) + line[column + 1 :]
        elif kind == "truncate":
            lines = lines[: index + 1]
        elif kind == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
    return name, "".join(lines)


POSITIONED = re.compile(r"^[^:]+:\d+:\d+: (error|warning|note): .+")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_page())
def test_mutated_pages_never_crash(page: tuple[str, str]) -> None:
    name, text = page
    diags = Diagnostics()
    raw = [p for p in (load_text(f"specs/{name}", text, diags),) if p is not None]
    if name != "index.mdx":  # the shared definitions ((ctx), (cancellationToken)...) as in the real tree
        base = load_text("specs/index.mdx", TEXTS["index.mdx"], diags)
        assert base is not None
        raw.append(base)
    api = link_pages(raw, diags)
    files = render(api, Config(root=ROOT), LANGUAGES, diags)
    for line in diags.render().splitlines()[:-1]:
        assert POSITIONED.match(line), line
    for diagnostic in diags.items:
        assert diagnostic.loc.line >= 1 and diagnostic.loc.col >= 1
    if not diags.errors:
        for path, source in files.items():
            if path.endswith(".py"):
                ast.parse(source, filename=path)


def test_the_unmutated_pages_are_accepted() -> None:
    """The fuzz starts from valid pages: without mutation nothing is an error."""
    diags = Diagnostics()
    raw = [load_text(f"specs/{name}", text, diags) for name, text in sorted(TEXTS.items())]
    link_pages([p for p in raw if p is not None], diags)
    assert not diags.errors, diags.render()
    assert len(TEXTS) == len(PAGES)
