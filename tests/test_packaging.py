"""A wheel built from the repo installs in a fresh venv and generates: the templates ship inside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, SEED


@pytest.mark.full
def test_wheel_installs_and_generates(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    # Built from a copy of the checkout without build leftovers: a stale build/ folder would lend
    # the wheel templates the repo no longer has.
    source = tmp_path / "source"
    leftovers = shutil.ignore_patterns(
        ".git",
        ".venv",
        ".toolchains",
        "build",
        "dist",
        "*.egg-info",
        "__pycache__",
        "_compiled_templates",
        "_compiled_records",
    )
    shutil.copytree(ROOT, source, ignore=leftovers, symlinks=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("frontmatter_codegen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    templates = {n for n in names if n.startswith("codegen/templates/") and n.endswith(".j2")}
    built_in = set((ROOT / "templates").rglob("*.j2"))
    assert len(templates) == len(built_in) > 8
    # ... and compiled (setup.py's build step): one seed per template.
    seeds = [n for n in names if n.startswith("codegen/_compiled_templates/")]
    assert len(seeds) == len(built_in), "the wheel ships no compiled templates"
    assert "codegen/_compiled_records" in names, "the wheel ships no compiled record methods"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin/pip"), "install", "-q", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elsewhere"  # no templates/ folder anywhere near
    work.mkdir()
    result = subprocess.run(
        [str(venv / "bin/codegen"), "generate", "--out", str(work / "out"), *map(str, SEED)],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "out/go/mfa/client.go").is_file()
    assert (work / "out/java").is_dir() and (work / "out/python").is_dir()
    # With no cache, the installed seeds alone: no built-in template is compiled, nor any
    # method of codegen's records.
    refusing = (
        "import builtins, sys, jinja2\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit(f'compiled a built-in template: {args[2:3]}')\n"
        "jinja2.Environment.compile = refuse\n"
        "real = builtins.compile\n"
        "def compile(source, filename, *args, **kwargs):\n"
        "    if str(filename).startswith('<record'):\n"
        "        raise SystemExit(f'compiled the methods of a record: {filename}')\n"
        "    return real(source, filename, *args, **kwargs)\n"
        "builtins.compile = compile\n"
        "from codegen.fastpath import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    again = subprocess.run(
        [str(venv / "bin/python"), "-c", refusing, "generate", "--out", str(work / "again"), *map(str, SEED)],
        cwd=work,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "CODEGEN_NO_SEEDS"}, "CODEGEN_NO_CACHE": "1"},
    )
    assert again.returncode == 0, again.stderr
    assert (work / "again/go/mfa/client.go").read_text() == (work / "out/go/mfa/client.go").read_text()


def test_the_package_knows_its_version() -> None:
    """``codegen --version`` and the manifest read ``codegen.__version__``: pyproject's version."""
    import tomllib

    import codegen

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert codegen.__version__ == project["version"]


def test_every_package_and_template_folder_is_found() -> None:
    """setuptools ships the packages setup.py finds: every folder of codegen with an
    ``__init__.py`` and every template folder, each with its templates (a new language needs no
    line anywhere; the slow test above builds the wheel and looks in it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("codegen_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    setup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup)  # defines the finders; setup() runs only as __main__
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "codegen").rglob("__init__.py")} | {
        "codegen.templates" + "".join(f".{part}" for part in d.relative_to(ROOT / "templates").parts)
        for d in [ROOT / "templates", *(p for p in (ROOT / "templates").rglob("*") if p.is_dir())]
    }
    assert set(setup.packages()) == found
    data = setup.package_data()
    assert all(data[package] == ["*.j2"] for package in found if package.startswith("codegen.templates"))
