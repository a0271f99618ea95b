"""The core knows no language: what differs per language is the language's policy, never a name
the core spells, and nothing depends on the order of the language registry."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import codegen.config
import codegen.languages
import codegen.pipeline
from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS, LANGUAGES, POLICIES

ROOT = Path(__file__).resolve().parent.parent


def _generate() -> tuple[dict[str, str], list[str]]:
    diags = Diagnostics()
    config = load_config(ROOT / "pyproject.toml", diags)
    # The config names no languages: every language of the registry, in the registry's order.
    languages = tuple(codegen.pipeline.EMITTERS)
    files = codegen.pipeline.generate_files(config.spec_paths(), config, languages, diags)
    # A hint may list the known languages, in the registry's order (how they are presented, like
    # ``--help``): the diagnostics themselves are compared.
    return files, sorted(str((d.loc, d.severity, d.message, d.code)) for d in diags.items)


def test_generated_files_do_not_depend_on_the_order_of_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every generated file of the corpus, in every language, is the same byte for byte when the
    registry lists its languages the other way round (and so is every diagnostic)."""
    files, diagnostics = _generate()
    assert {path.split("/")[1] for path in files} >= set(EMITTERS)
    backwards = dict(reversed(list(EMITTERS.items())))
    for module in (codegen.languages, codegen.pipeline, codegen.config):
        monkeypatch.setattr(module, "EMITTERS", backwards)
    monkeypatch.setattr(codegen.languages, "LANGUAGES", tuple(backwards))
    policies = dict(reversed(list(POLICIES.items())))
    for module in (codegen.languages, codegen.pipeline):
        monkeypatch.setattr(module, "POLICIES", policies)
    reversed_files, reversed_diagnostics = _generate()
    assert sorted(reversed_files) == sorted(files)
    assert [path for path in sorted(files) if reversed_files[path] != files[path]] == []
    assert reversed_diagnostics == diagnostics


def language_literals(root: Path, languages: tuple[str, ...]) -> list[str]:
    """``file:line: 'name'`` for every string literal in ``root`` (outside ``languages/``) that is
    a language's name, or that names one inside a regular expression's alternation (``go|java``)."""
    alternation = re.compile(rf"(?:^|[|(:])({'|'.join(map(re.escape, languages))})(?=[|)])")
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts[0] == "languages":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            named = [node.value] if node.value in languages else alternation.findall(node.value)
            found += [f"{path.relative_to(root.parent)}:{node.lineno}: {name!r}" for name in named]
    return found


def test_the_core_names_no_language() -> None:
    """What differs per language is in its policy (codegen/languages/): no module outside
    codegen/languages/ spells a language's name as a string (aliases are the languages' too)."""
    assert language_literals(ROOT / "codegen", LANGUAGES) == []


def test_the_scan_finds_a_language_name(tmp_path: Path) -> None:
    core = tmp_path / "codegen"
    (core / "languages").mkdir(parents=True)
    (core / "languages" / "own.py").write_text('NAME = "curl"\n')
    (core / "wire.py").write_text('"""Prose about curl is fine."""\n\nif language == "curl":\n    pass\n')
    (core / "enums.py").write_text('PREFIX = r"\\.(?:go|java)_(\\w+)$"\n')
    assert language_literals(core, LANGUAGES) == [
        "codegen/enums.py:1: 'go'",
        "codegen/enums.py:1: 'java'",
        "codegen/wire.py:3: 'curl'",
    ]


def test_with_no_http_reference_everything_links_and_renders_without_a_wire() -> None:
    """The HTTP reference is a policy (``http_reference``): with no language marked so, the corpus
    still links and renders, every language on its own, and nothing has a wire."""
    from dataclasses import replace

    from codegen.linker import link_pages
    from codegen.loader import load_tree
    from codegen.policy import http_reference

    policies = {name: replace(policy, http_reference=False) for name, policy in POLICIES.items()}
    assert http_reference(POLICIES) is not None and http_reference(policies) is None
    diags = Diagnostics()
    config = load_config(ROOT / "pyproject.toml", diags)
    api = link_pages(load_tree(config.spec_paths(), diags), diags, LANGUAGES, policies)
    assert set(api.languages) == set(LANGUAGES)
    assert all(op.http is None for lang in api.languages.values() for op in lang.operations)
    files = codegen.pipeline.render(api, config, LANGUAGES, diags)
    # Every SDK (the HTTP reference's own output is its calls: with no wire, it has none).
    assert {path.split("/")[1] for path in files} >= set(LANGUAGES) - {http_reference(POLICIES)}
    assert not diags.errors, diags.errors[:3]


def test_a_language_is_a_small_package() -> None:
    """Issue 19: planning lives in the plan, so a language's own Python (its tables and hooks)
    is at most 500 lines, and all of them together at most 4,000. curl, the HTTP reference that
    lint, conformance and the plan read, is counted in the total only."""
    folder = ROOT / "codegen" / "languages"
    sizes = {
        package.name: sum(len(f.read_text(encoding="utf-8").splitlines()) for f in package.glob("*.py"))
        for package in folder.iterdir()
        if package.is_dir() and (package / "__init__.py").is_file()
    }
    assert set(sizes) == set(EMITTERS)
    assert {name: n for name, n in sizes.items() if n > 500 and name != "curl"} == {}
    assert sum(sizes.values()) <= 4_000, sizes
