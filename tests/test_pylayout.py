"""The generated Python is written in black's layout without running black: the templates write
it but for long lines, which ``codegen.languages.pylayout`` splits as black does. These tests hold
the result to black itself, over the corpus and over lines longer and stranger than it has."""

from __future__ import annotations

import black
import pytest
from helpers import ROOT, SEED, render_specs, write_tree

import codegen.languages.python as python_emitter
from codegen.config import Config
from codegen.languages.pylayout import layout

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})


def test_every_generated_python_file_is_a_black_fixed_point(corpus_files, fixture_files):
    for files in (corpus_files["python"], fixture_files["python"]):
        sources = {path: text for path, text in files.items() if path.endswith(".py")}
        assert len(sources) > 5
        for path, text in sources.items():
            assert black.format_str(text, mode=MODE) == text, path


def test_the_corpus_is_laid_out_without_black(monkeypatch):
    """Every file the corpus makes is one ``layout`` handles: black is never called (nor imported)."""

    def no_black(text: str) -> str:
        raise AssertionError("black was needed for:\n" + text[:500])

    monkeypatch.setattr(
        python_emitter.PythonLanguage,
        "formatter",
        python_emitter.LAYOUT.__class__(name="test-layout-only", function=no_black, preload="black", fast=layout),
    )
    files, diags = render_specs([ROOT / "specs"], "python")
    assert not diags.errors
    assert files["sdk/_runtime.py"].startswith("# Code generated")


# Lines of the shapes the templates write, at lengths around black's 88 columns.
NAME = "AuthenticationFactorTotpAndChallengeResponse"
SHAPES = [
    f"from .models.{{m}} import {NAME}, {NAME}Other, {{m}}Third\n",
    'x: Optional[Dict[str, Any]] = field(default=None, metadata={{"wire": "{m}"}})\n',
    'x: Optional[int] = field(default=None, metadata={{"wire": "{m}", "place": "body"}})  # c\n',
    '{m}: TypeAlias = Literal["sso", "dsync", "audit_logs", "{m}", "certificate_renewal"]\n',
    f'class {NAME}{{m}}(_runtime.ListResource["{NAME}"]):\n    pass\n',
    f'def f(self):\n    return cast("{NAME}", self._call("{{m}}", locals()))\n',
    'X = {{\n    "a": {{\n        "grant_type": ("urn:workos:oauth:{m}", "body"),\n    }},\n}}\n',
    f"self.{{m}} = module.{NAME}(self)\n",
    # A long annotation: black keeps the value's brackets whole and splits the annotation's.
    'x: Optional[Literal["a_value", "{m}", "no_session_cookie"]] = field(default=None, metadata={{"wire": "r"}})\n',
    'result = self._client.request(\n    "GET",\n    _runtime.path("/{m}/{{id}}", {{"id": an_id}}),\n)\n',
]


@pytest.mark.parametrize("shape", SHAPES)
def test_layout_splits_long_lines_as_black_does(shape):
    split = 0
    for length in range(1, 90):
        source = shape.format(m="m" * length)
        laid_out = layout(source)
        if laid_out is not None:  # None: a shape it leaves to black (the caller then runs it)
            assert laid_out == black.format_str(source, mode=MODE), source
            split += laid_out != source
    assert split >= 5  # every shape the templates write is split when it is long


def test_layout_leaves_what_it_does_not_know_to_black():
    assert layout("x = [1, 2,]\n") is None  # a magic trailing comma
    assert layout("value = " + " + ".join(["some_long_name"] * 8) + "\n") is None  # an operator
    long_doc = '    """' + "word " * 30 + '"""\n'
    assert layout(long_doc) == long_doc  # a docstring is left as it is written
    comment = "# " + '"""' + " x" * 60 + "\n" + "y = " + "f(" + ", ".join(["argument"] * 12) + ")\n"
    assert layout(comment) == black.format_str(comment, mode=MODE)  # quotes in a comment open no string


def test_a_template_override_goes_through_black(tmp_path):
    """An override need not write black's layout: with one, the Python output is run through black."""
    override = tmp_path / "templates" / "python"
    override.mkdir(parents=True)
    builtin = (ROOT / "templates" / "python" / "client.py.j2").read_text()
    (override / "client.py.j2").write_text(builtin + "\nEXTRA={ 'a':1 }\n")
    config = Config(root=tmp_path, templates="templates")
    files, diags = render_specs(SEED, "python", config)
    assert not diags.errors
    assert files["sdk/_client.py"].endswith('\nEXTRA = {"a": 1}\n')
    write_tree(files, tmp_path / "out")


def test_a_lines_bracket_balance_counts_the_brackets_its_tokens_read_outside_strings():
    """The balance of a line (how many brackets it leaves open) is read with its strings cut:
    on the corpus's Python lines and on 50,000 made of quotes, prefixes, escapes and brackets,
    it is what the tokens of the line say (a quote that never closes is no string)."""
    import random

    from codegen.languages import pylayout

    def by_tokens(code: str) -> int:
        return sum({"open": 1, "close": -1}.get(kind, 0) for kind, _, _ in pylayout._tokens(code))

    rnd = random.Random(7)
    pieces = [*"()[]{}'\"\\rbfRBUux ,.=:1#", "'''", '"""', "\\'", '\\"']
    lines = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25))) for _ in range(50_000)]
    lines += ['f(")", x)', "g('(', [y]", 'r"\\")" + (', "x = '''(", "b'a\"' (\"", "a = ('#', [b"]
    lines = [line for line in lines if pylayout._comment_start(line) is None]  # no comment: as layout gives it
    assert len(lines) > 30_000
    assert [pylayout._balance(line) for line in lines] == [by_tokens(line) for line in lines]
    assert [pylayout._balance(c) for c in ('f(")", x)', "g('(', [y]", "a = ('#', [b")] == [0, 1, 2]
