"""Built-in templates compiled at install (``python -m codegen.precompile``, run by ``make``): a
run with an empty cache uses them instead of compiling, renders exactly the same, and never uses
a seed that is stale, damaged, or in a folder others can write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


# Imports every module of codegen with the records' seeds at argv[1] and prints how many record
# methods were compiled (by codegen.records, or by the standard library's dataclasses): none when
# the seeds serve them all.
_IMPORT_ALL = """
import builtins, importlib, pkgutil, sys
compiled = []
real = builtins.compile
def counting(source, filename, *args, **kwargs):
    if str(filename).startswith("<record"):
        compiled.append(filename)
    return real(source, filename, *args, **kwargs)
builtins.compile = counting
real_exec = builtins.exec
def executing(source, *args, **kwargs):  # dataclasses' methods: exec of their source text
    if isinstance(source, str) and "__create_fn__" in source:
        compiled.append(source)
    return real_exec(source, *args, **kwargs)
builtins.exec = executing
import codegen.records
codegen.records.SEEDS = sys.argv[1]
import codegen
for module in pkgutil.walk_packages(codegen.__path__, "codegen."):
    if module.name != "codegen.__main__":
        importlib.import_module(module.name)
print(len(compiled))
"""


def _compiled_at_import(seeds: Path, **env: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, str(seeds)],
        capture_output=True,
        text=True,
        check=True,
        env={**{k: v for k, v in os.environ.items() if k != "CODEGEN_NO_SEEDS"}, **env},
    )
    return int(done.stdout)


def test_the_methods_of_every_record_are_compiled_at_install(tmp_path: Path) -> None:
    methods = tmp_path / "records"
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from codegen.precompile import precompile_records; print(precompile_records({str(methods)!r}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(count.stdout) > 100  # codegen's own records (about 120)
    assert not methods.stat().st_mode & 0o022
    without = _compiled_at_import(methods, CODEGEN_NO_SEEDS="1")
    assert without > 100  # the seeds left out: each record's methods compiled
    assert _compiled_at_import(methods) == 0
    kept = shutil.copyfile(methods, tmp_path / "kept")
    for exposed_or_damaged in (
        lambda: os.chmod(methods, 0o666),
        lambda: methods.write_bytes(methods.read_bytes()[:-40]),
        lambda: methods.write_bytes(b"codegen records\0" + b"\0" * 40),
        lambda: methods.write_bytes(b"another header" + methods.read_bytes()),
    ):
        shutil.copyfile(kept, methods)
        os.chmod(methods, 0o644)
        exposed_or_damaged()
        assert _compiled_at_import(methods) == without  # not read: compiled as without seeds
