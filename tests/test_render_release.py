"""Nothing a run makes waits for the collector: no reference cycle holds a page, a field or a view.
A rendered file lets go of what it was given (codegen.render.rendered): a template's macros and
its context refer to one another, so without help only the collector would free the context, and
with it every view of the file. Macro files imported without context stay usable (Jinja keeps
them for the next file)."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, SPECS

import codegen.diagnostics
import codegen.ir
import codegen.plan.views
import codegen.spec
import codegen.types
from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.languages import LANGUAGES
from codegen.pipeline import generate_files
from codegen.render import environment, render_template
from codegen.texts import Texts


@dataclasses.dataclass
class _View:
    """Stands for a view a template is given (a dataclass the sandbox reads; weakly referable,
    unlike the slotted views)."""

    text: str


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "go"
    folder.mkdir()
    (folder / "_with.j2").write_text("{% macro shown() %}<{{ view.text }}>{% endmacro %}\n", encoding="utf-8")
    (folder / "page.j2").write_text(
        '{% from "_with.j2" import shown with context %}'
        "{% macro again() %}{{ shown() }}{% endmacro %}{{ shown() }}{{ again() }}\n",
        encoding="utf-8",
    )
    (folder / "_plain.j2").write_text(
        '{% set mark = "!" %}{% macro inner(x) %}[{{ x }}{{ mark }}{{ range(2) | list | length }}]{% endmacro %}'
        "{% macro outer(x) %}{{ inner(x) }}{% endmacro %}\n",
        encoding="utf-8",
    )
    (folder / "plain.j2").write_text('{% from "_plain.j2" import outer %}{{ outer(view.text) }}\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("override", [False, True])
def test_a_rendered_file_holds_nothing_it_was_given(templates: Path, override: bool, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Built-in templates render in the plain environment, overrides in the sandbox: in both, once
    the file is rendered, the view it was given is freed by reference counting alone."""
    if override:
        env = environment("go", templates)
    else:
        monkeypatch.setattr("codegen.render.builtin_templates", lambda: templates)
        env = environment("go")
    gc.collect()
    gc.disable()
    try:
        view = _View("v")
        held = weakref.ref(view)
        assert render_template(env, "page.j2", {"view": view}) == "<v><v>\n"
        del view
        assert held() is None, gc.get_referrers(held())
    finally:
        gc.enable()


def test_a_macro_file_imported_without_context_serves_every_file(templates: Path) -> None:
    env = environment("go", templates)
    for text in ("a", "b", "c"):
        assert render_template(env, "plain.j2", {"view": _View(text)}) == f"[{text}!2]\n"


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Python's collector collects first, then not at all: what is freed meanwhile is freed by
    reference counting alone."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _corpus_run() -> tuple[Texts, Diagnostics]:
    """Every language's files of the corpus, made in one process, and the run's diagnostics."""
    diags = Diagnostics()
    config = load_config(ROOT / "pyproject.toml", diags)
    return generate_files([SPECS], config, LANGUAGES, diags), diags


def test_a_corpus_run_leaves_no_model_or_view_for_the_collector() -> None:
    """Linking and rendering every language makes no reference cycle that holds a page, a field,
    a type or a view: each is freed by reference counting as soon as the run lets it go, so a
    large reference does not hold its languages' leftovers until the collector happens to run
    (nested functions that call themselves, a template's macros and context, did)."""
    modules = {m.__name__ for m in (codegen.diagnostics, codegen.ir, codegen.plan.views, codegen.spec, codegen.types)}
    with _collector_off():
        files, diags = _corpus_run()
        assert len(files) > 500 and not diags.errors
        del files
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            held = [type(o).__qualname__ for o in gc.garbage if type(o).__module__ in modules]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert held == [], f"{len(held)} left for the collector, such as {sorted(set(held))[:8]}"


def test_while_a_language_links_no_other_languages_model_or_entries_are_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run in one process holds, while it links a language, that language's entries and none
    of another's, and no model of another language: the language rendered before is let go once
    its files are made, a language's entries (with what linking them remembers) once it is
    linked, and the HTTP reference's model (linked first) keeps only what the index of its calls
    and objects takes from it. The pages give up a language's entries as it links: the HTTP
    reference's once the catalogue and the index of objects (which read every language's) are
    made."""
    from codegen.link import entries

    seen: dict[str, tuple[list[str], int]] = {}
    order: list[str] = []
    on_pages: list[set[str]] = []  # at each link: the languages whose entries the pages hold
    link = entries._Language.link

    def observed(self: entries._Language, found: list) -> codegen.ir.LanguageAPI:  # type: ignore[type-arg]
        alive = gc.get_objects()
        models = sorted(o.language for o in alive if type(o) is codegen.ir.LanguageAPI)
        linkers = sum(1 for o in alive if type(o) is entries._Language)
        on_pages.append({language for o in alive if type(o) is codegen.spec.SpecPage for language in o.reference})
        del alive
        seen[self.language] = (models, linkers)
        order.append(self.language)
        return link(self, found)

    monkeypatch.setattr(entries._Language, "link", observed)
    with _collector_off():
        files, diags = _corpus_run()
    assert len(files) > 500 and not diags.errors
    assert sorted(seen) == sorted(LANGUAGES)
    assert seen == {language: ([], 1) for language in LANGUAGES}
    known = [held & set(LANGUAGES) for held in on_pages]  # a language codegen does not know stays
    assert order[0] == "curl" and known[0] == set(LANGUAGES)
    assert known[1:] == [set(order[i + 1 :]) for i in range(1, len(order))]
