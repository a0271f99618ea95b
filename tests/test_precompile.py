"""Built-in templates compiled at install (``python -m codegen.precompile``, run by ``make``): a
run with an empty cache uses them instead of compiling, renders exactly the same, and never uses
a seed that is stale, damaged, or in a folder others can write."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest
from helpers import FIXTURES, SPECS, render_specs

from codegen import cache
from codegen.precompile import precompile
from codegen.render import builtin_templates

LANGUAGE = "java"  # many templates, macros imported across files


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "seeds"
    monkeypatch.setattr(cache, "SEEDS", folder)
    monkeypatch.delenv("CODEGEN_NO_SEEDS", raising=False)
    monkeypatch.setenv("CODEGEN_NO_CACHE", "1")  # the seeds alone
    return folder


def _render() -> dict[str, str]:
    files, diags = render_specs([SPECS / "index.mdx", FIXTURES], LANGUAGE)
    assert not diags.errors, diags.render()
    return files


def test_every_built_in_template_is_compiled(seeds: Path) -> None:
    count = precompile(seeds)
    assert count == len(list(builtin_templates().rglob("*.j2")))
    assert len(list(seeds.iterdir())) == count
    assert not os.stat(seeds).st_mode & 0o022  # nobody else may write seeds


def test_a_run_with_seeds_compiles_nothing_and_renders_the_same(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEGEN_NO_SEEDS", "1")
    plain = _render()
    monkeypatch.delenv("CODEGEN_NO_SEEDS")
    precompile(seeds)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a built-in template was compiled although its seed is there")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    assert _render() == plain


def test_seeds_compiled_in_a_build_folder_serve_the_installed_templates(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wheel's seeds are compiled from the templates under build/ (setup.py): a seed's key is
    the template's path under its folder, not the absolute path Jinja would use."""
    monkeypatch.setenv("CODEGEN_NO_SEEDS", "1")
    plain = _render()
    monkeypatch.delenv("CODEGEN_NO_SEEDS")
    elsewhere = tmp_path / "build" / "lib" / "codegen" / "templates"
    shutil.copytree(builtin_templates(), elsewhere)
    assert precompile(seeds, elsewhere) == len(list(builtin_templates().rglob("*.j2")))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a built-in template was compiled although its seed is there")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    assert _render() == plain


def test_stale_damaged_or_exposed_seeds_are_never_used(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEGEN_NO_SEEDS", "1")
    plain = _render()
    monkeypatch.delenv("CODEGEN_NO_SEEDS")
    precompile(seeds)
    entries = sorted(seeds.iterdir())
    # Stale: each seed holds another template's code (its source checksum does not match).
    blobs = [e.read_bytes() for e in entries]
    for entry, blob in zip(entries, blobs[1:] + blobs[:1], strict=True):
        entry.write_bytes(blob)
    assert _render() == plain
    for entry in entries:  # damaged
        entry.write_bytes(b"not bytecode")
    assert _render() == plain
    precompile(seeds)
    os.chmod(seeds, 0o777)  # a folder others can write is not read at all
    assert cache._seeds() is None
    os.chmod(seeds, 0o755)
    assert cache._seeds() == seeds
