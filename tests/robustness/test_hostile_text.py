"""Hostile description text never breaks the generated code, and survives intact.

Property: every value under ``descriptions:`` of the fixture catalog (shared.yaml) is
replaced by generated text mixing comment/string terminators, interpolation syntax,
template syntax, escapes that compilers translate in comments (Java's ``\\u000a``), line
separators and control characters with arbitrary text. All eight languages are rendered
and each passes its real toolchain (tests/toolchains.py). Then the text must be intact:
each line of the normalised description (``codegen.text.lines``: control characters as
``U+XXXX``, split at every line break) appears in the output with only the language's
documented escaping (the emitters' own escape functions), and in the Python output it
appears verbatim in a docstring (read back with ``ast``) or a ``#:`` comment.

Second property: the same alphabet goes into every text field of the model for every
language at once (descriptions, URLs, titles, curl keys and so the wire names of every
language, literal values and so type texts, property and parameter keys, the curl path),
on the attacker's page of test_hostile_spec_fields.py. Each language passes its toolchain,
no text is lexed as code (a sentinel sits between the pieces of every text), no keep region
comes from the docs, wire names and literals are exact in the Python output, and the only
errors are the refusals: a wire name Go's json tags cannot carry, a NUL curl cannot send.

Bounded: 12 + 4 derandomized examples (about 90 s with the toolchains installed); run with
CODEGEN_HOSTILE_EXAMPLES=N (and CODEGEN_HOSTILE_FIELD_EXAMPLES=N) for a longer session.
"""

from __future__ import annotations

import ast
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import toolchains
import yaml
from helpers import FIXTURES, SPECS, render_specs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_hostile_spec_fields import SENTINEL, check_rendered, hostile_page, write_page

from codegen.languages.go import json_tag_problem
from codegen.linker import REFERENCE
from codegen.text import block_comment_safe, go_comment_lines, javadoc_line, lines, xml_doc

EXAMPLES = int(os.environ.get("CODEGEN_HOSTILE_EXAMPLES", "12"))
FIELD_EXAMPLES = int(os.environ.get("CODEGEN_HOSTILE_FIELD_EXAMPLES", "4"))
CATALOG = FIXTURES / "catalog"
SHARED = yaml.safe_load((CATALOG / "shared.yaml").read_text(encoding="utf-8"))

PIECES = [
    "*/",
    "/*",
    "/**",
    '"""',
    "'''",
    "#{x}",
    "$x",
    "${x}",
    "$(id)",
    "?>",
    "<?php",
    "`",
    "```",
    "`id`",
    "{{ x }}",
    "{%",
    "%}",
    "\\u000a",
    "\\u002a/",
    "\\",
    "\\\\",
    "\\n",
    "\u2028",
    "\u2029",
    "\x00",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\x0b",
    "\x85",
    "\ufeff",
    "</summary>",
    "<summary>",
    "&amp;",
    "@param",
    "@return",
    "{@code x}",
    "-->",
    "<!--",
    "]]>",
    '"',
    "'",
    '\\"',
    "<<EOF",
    "%s",
    "%",
    "{",
    "}",
    "(",
    ")",
    "//",
    "#",
    ";",
    "-",
    "\x1b[31m",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u061c",
    "\u200b",
    "codegen:begin-keep x",
    "CODEGEN:END-KEEP x",
    "go:generate x",
    "=begin",
    "__END__",
    "caf\u00e9 \U0001f600",
]


hostile_text = (
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda text: not REFERENCE.match(text))  # a whole "(x)" is a reference, not text
)


def _leaves(node: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    assert isinstance(node, str), path
    return [path]


LEAVES = _leaves(SHARED["descriptions"])


def _with_descriptions(texts: list[str]) -> dict[str, Any]:
    data = yaml.safe_load((CATALOG / "shared.yaml").read_text(encoding="utf-8"))
    for path, text in zip(LEAVES, texts, strict=True):
        node = data["descriptions"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = text
    return data


def _spec_tree(texts: list[str], dest: Path) -> Path:
    """specs/index.mdx plus a copy of the catalog fixture with the given descriptions."""
    specs = dest / "specs"
    (specs / "catalog").mkdir(parents=True)
    shutil.copy(SPECS / "index.mdx", specs / "index.mdx")
    for page in CATALOG.iterdir():
        shutil.copy(page, specs / "catalog" / page.name)
    text = yaml.safe_dump(_with_descriptions(texts), allow_unicode=False, sort_keys=False)
    (specs / "catalog" / "shared.yaml").write_text(text, encoding="utf-8")
    return specs


def _render(specs: Path, language: str) -> dict[str, str]:
    files, diags = render_specs([specs], language)
    assert not diags.errors, diags.render()
    return files


def _docstrings(files: dict[str, str]) -> list[str]:
    found = []
    for name, text in files.items():
        if name.endswith(".py"):
            for node in ast.walk(ast.parse(text, filename=name)):
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    doc = ast.get_docstring(node, clean=False)
                    if doc:
                        found.append(doc)
    return found


# How one normalised line of description text is written in each language's output.
ESCAPES: dict[str, Callable[[str], str]] = {
    "curl": lambda line: line,  # '#' comments: only a line break ends them
    "dotnet": xml_doc,  # /// XML doc comments
    "java": javadoc_line,
    "js": block_comment_safe,  # JSDoc: '*/' -> '*\/'
    # Docblocks: doc_line() is block_comment_safe() plus a '\' before a leading '@' (a line
    # that starts the docblock line); the escaped text is a substring either way.
    "php": block_comment_safe,
    "ruby": lambda line: line,  # '#' comments
    "go": lambda line: line,  # '//' comments; lines come from comment_lines()
    "python": lambda line: line,  # '#:' comments (docstrings are checked through ast)
}


def _calibrate() -> tuple[dict[str, set[int]], set[int]]:
    """Which descriptions each language writes (and which Python writes in docstrings)."""
    markers = [f"Zqx{i}marker" for i in range(len(LEAVES))]
    used: dict[str, set[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        specs = _spec_tree(markers, Path(tmp))
        for language in toolchains.LANGUAGES:
            output = "".join(_render(specs, language).values())
            used[language] = {i for i, marker in enumerate(markers) if marker in output}
        docs = "".join(_docstrings(_render(specs, "python")))
    return used, {i for i, marker in enumerate(markers) if marker in docs}


USED, IN_DOCSTRINGS = _calibrate()


def test_calibration_sees_the_descriptions() -> None:
    for language in toolchains.LANGUAGES:
        assert USED[language], f"{language} writes none of the catalog descriptions"
    assert IN_DOCSTRINGS


def _expected_lines(language: str, text: str) -> list[str]:
    if language == "go":
        return go_comment_lines(text)
    return [ESCAPES[language](line) for line in lines(text) if line.strip()]


# No shrinking: one example costs seconds of toolchain time and shrinking ran for minutes.
# The full tier's: the fast one writes hostile text into every field once (below).
@pytest.mark.full
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(hostile_text, min_size=len(LEAVES), max_size=len(LEAVES)))
def test_hostile_descriptions_compile_and_stay_intact(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    tmp = tmp_path_factory.mktemp("hostile")
    specs = _spec_tree(texts, tmp)
    rendered = {language: _render(specs, language) for language in toolchains.LANGUAGES}

    # The toolchains, a few at a time (each is mostly waiting on a subprocess).
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            language: pool.submit(toolchains.check, language, files, [specs], tmp / language)
            for language, files in rendered.items()
        }
        failures = []
        for language, future in futures.items():
            try:
                future.result()
            except AssertionError as error:
                failures.append(f"--- {language}:\n{error}")
    assert not failures, "\n".join(failures)

    for language, files in rendered.items():
        output = "".join(files.values())
        # Python's docstrings escape \\ and """ in the source: those are read back through ast below.
        checked = USED[language] - IN_DOCSTRINGS if language == "python" else USED[language]
        for i in sorted(checked):
            for line in _expected_lines(language, texts[i]):
                assert line in output, f"{language}: {'.'.join(LEAVES[i])}: {line!r} is not in the output"

    docstrings = _docstrings(rendered["python"])
    for i in sorted(IN_DOCSTRINGS):
        wanted = [line for line in lines(texts[i]) if line.strip()]
        assert any(all(line in doc for line in wanted) for doc in docstrings), (
            f"python: {'.'.join(LEAVES[i])}: {wanted!r} is in no docstring"
        )


def test_go_doubled_quotes_are_written_as_gofmt_would(tmp_path: Path) -> None:
    """gofmt turns `` and '' in doc comments into typographic quotes; the emitter does it first."""
    texts = ["It is ''quoted'' here."] * len(LEAVES)
    specs = _spec_tree(texts, tmp_path)
    files = _render(specs, "go")
    toolchains.check("go", files, [specs], tmp_path / "go")
    assert "It is \u201dquoted\u201d here." in "".join(files.values())


def test_python_docstring_ending_in_triple_quote(tmp_path: Path) -> None:
    texts = ['Ends with """'] * len(LEAVES)
    specs = _spec_tree(texts, tmp_path)
    toolchains.check("python", _render(specs, "python"), [specs], tmp_path / "python")
    assert any(doc.strip().endswith('Ends with """') for doc in _docstrings(_render(specs, "python")))


# --- every field -----------------------------------------------------------------------------

# One text per field: pieces of the alphabet with the sentinel between them (and at both ends,
# so no key is stripped); short enough for a name (at most 200 characters).
field_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=5).map(
    lambda pieces: SENTINEL + SENTINEL.join(pieces) + SENTINEL
)
hostile_fields = st.fixed_dictionaries(
    {
        "prose": field_text,
        "title": field_text,
        "wire": field_text,
        "go_wire": field_text.map(lambda t: "g" + t),  # never the same as "wire"
        "literals": st.tuples(field_text, field_text).map(lambda ts: tuple(t.replace('"', "") for t in ts)),
        "key": field_text,
        "path": field_text.map(lambda t: "/things/" + t + "/:id"),
    }
)


@pytest.mark.full  # generated examples through every compiler
@settings(
    max_examples=FIELD_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_fields)
def test_hostile_text_in_every_field_compiles_and_stays_in_its_comment_or_string(
    tmp_path_factory: pytest.TempPathFactory, fields: dict[str, Any]
) -> None:
    tmp = tmp_path_factory.mktemp("hostile-fields")
    specs = write_page(hostile_page(**fields), tmp)
    rendered = {language: render_specs([specs], language) for language in toolchains.LANGUAGES}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            language: pool.submit(check_rendered, language, specs, files, diags, tmp / language)
            for language, (files, diags) in rendered.items()
        }
        failures = []
        for language, future in futures.items():
            try:
                future.result()
            except AssertionError as error:
                failures.append(f"--- {language}:\n{error}")
    assert not failures, "\n".join(failures)

    # Refused exactly when the text cannot be written exactly.
    wires = [fields["wire"], fields["go_wire"]]
    go_refuses = any(json_tag_problem(w) for w in wires)
    assert bool(rendered["go"][1].errors) == go_refuses, rendered["go"][1].render()
    curl_refuses = any("\x00" in t for t in [*wires, *fields["literals"], fields["path"]])
    assert bool(rendered["curl"][1].errors) == curl_refuses, rendered["curl"][1].render()
    # Everything else is written exactly where it is a string: here, Python's.
    constants = {
        node.value
        for name, text in rendered["python"][0].items()
        if name.endswith(".py")
        for node in ast.walk(ast.parse(text, filename=name))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert {*wires, *fields["literals"]} <= constants


def test_every_invisible_character_is_written_visibly() -> None:
    """Comment text never carries a control, format or bidi character, nor a lone surrogate:
    every code point of Unicode categories Cc, Cf, Cs (and the separators Zl, Zp) is covered."""
    invisible = [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    assert len(invisible) > 200
    for ch in invisible:
        shown = lines(f"a{ch}b")
        assert all(ch not in line for line in shown), f"U+{ord(ch):04X} is written raw"
        assert " ".join(shown) in ("a b", f"aU+{ord(ch):04X}b", "a    b"), (f"U+{ord(ch):04X}", shown)
