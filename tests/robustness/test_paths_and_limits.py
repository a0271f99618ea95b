"""Names from the specs never escape the output folder; huge or hostile pages are refused, not hung on."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from helpers import ROOT, SPECS

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.loader import MAX_PAGE_BYTES, MAX_VALUES_PER_PAGE
from codegen.pipeline import is_safe_relative, load_api, render

EVIL_NAMES = [
    "../../Evil",
    "/etc/Passwd",
    "C:\\Windows\\Evil",
    "a/../../b",
    "..",
    ".hidden",
    "new\nline",
    "nul\x00byte",
    "space name",
    "$(rm -rf ~)",
    "`id`",
    "Ünïcödé",
]


def evil_page() -> str:
    entries = {language: [] for language in LANGUAGES}
    for index, name in enumerate(EVIL_NAMES):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\x00", "\\0")
        for language in LANGUAGES:
            if language == "curl":
                entries[language].append(
                    f'    - key: "{quoted}"\n      title: "/x/{quoted}/:id"\n      type: GET\n'
                    f'      parameters:\n        - key: "{quoted}"\n          type: string\n'
                )
            else:
                entries[language].append(
                    f'    - key: "{quoted}"\n      title: "{quoted}.{quoted}()"\n'
                    f'      parameters:\n        - key: "{quoted}"\n          type: string\n'
                )
            entries[language].append(
                f'    - key: "M{index}{quoted}"\n      title: "class {quoted}"\n'
                f'      properties:\n        - key: "{quoted}"\n          type: string\n'
            )
    return "reference:\n" + "".join(f"  {lang}:\n" + "".join(items) for lang, items in entries.items())


def test_hostile_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "specs" / "..%2f").mkdir(parents=True)  # an odd area folder name too
    for target in (tmp_path / "specs" / "evil.yaml", tmp_path / "specs" / "..%2f" / "page.yaml"):
        target.write_text(evil_page(), encoding="utf-8")
    diags = Diagnostics()
    api = load_api([tmp_path / "specs"], diags, LANGUAGES)
    files = render(api, Config(root=ROOT), LANGUAGES, diags)  # raises if any emitter path is unsafe
    # Refusals by design, not escapes: a name a language cannot carry exactly (NUL in a bash
    # word, a backslash or backtick in a Go json tag) is an error, never written altered.
    refusals = re.compile(r"^(curl|go) cannot write the (path|wire name) ")
    unexpected = [d for d in diags.errors if not refusals.match(d.message)]
    assert not unexpected, diags.render()
    for language in LANGUAGES:
        produced = [name for name in files if name.startswith(f"generated/{language}/")]
        assert produced, f"{language} produced nothing"
        for name in produced:
            relative = name.removeprefix(f"generated/{language}/")
            assert is_safe_relative(relative), name
            resolved = (ROOT / name).resolve()
            assert (ROOT / "generated" / language).resolve() in resolved.parents


@pytest.mark.parametrize("path", ["../x", "/abs", "a/../b", "a\\b", "", "a//b", ".", "a/./b", "ok/\x00"])
def test_unsafe_relative_paths_are_rejected(path: str) -> None:
    assert not is_safe_relative(path)


def test_a_huge_page_is_refused_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    huge.write_text("descriptions:\n  x: '" + "a" * (MAX_PAGE_BYTES + 1) + "'\n")
    diags = Diagnostics()
    started = time.perf_counter()
    load_api([huge], diags, LANGUAGES)
    assert time.perf_counter() - started < 2
    assert [d.message for d in diags.errors] == [
        f"page is {huge.stat().st_size} bytes, over the limit of {MAX_PAGE_BYTES}; refused"
    ]


def test_alias_bombs_are_cut_off(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 12)]
    bomb.write_text("\n".join(lines) + "\n")
    diags = Diagnostics()
    started = time.perf_counter()
    load_api([bomb], diags, LANGUAGES)
    assert time.perf_counter() - started < 5
    assert [d.message for d in diags.errors] == [
        f"page expands to more than {MAX_VALUES_PER_PAGE} values (YAML aliases?); refused"
    ]


def test_a_page_of_more_values_than_the_limit_is_refused_however_they_are_held(tmp_path: Path) -> None:
    """Strings in a mapping (read without a call of their own), in a list, under an alias: each
    is counted."""
    over = MAX_VALUES_PER_PAGE + 1
    pages = {
        "mapping.yaml": "".join(f"k{i}: v\n" for i in range(over)),
        "list.yaml": "a:\n" + "- v\n" * over,
        "alias.yaml": "a: &a {" + ", ".join(f"k{i}: v" for i in range(over // 2)) + "}\nb: *a\n",
    }
    for name, text in pages.items():
        page = tmp_path / name
        page.write_text(text)
        diags = Diagnostics()
        load_api([page], diags, LANGUAGES)
        assert [d.message for d in diags.errors] == [
            f"page expands to more than {MAX_VALUES_PER_PAGE} values (YAML aliases?); refused"
        ], name


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    diags = Diagnostics()
    load_api([deep], diags, LANGUAGES)
    assert diags.errors  # a diagnostic, not a RecursionError traceback


def test_the_real_corpus_is_far_below_the_limits() -> None:
    biggest = max(p.stat().st_size for p in SPECS.rglob("*.mdx"))
    assert biggest * 10 < MAX_PAGE_BYTES
