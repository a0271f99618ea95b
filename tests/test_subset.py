"""A run narrowed to some spec pages and sent to a folder of its own (``--out``) writes an SDK of
those pages that builds: their operations and objects, everything they name, and the runtime."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT, require_tool, run_codegen


def _generate(tmp_path: Path, language: str) -> Path:
    out = tmp_path / "out"
    result = run_codegen("generate", "-q", "--lang", language, "--out", str(out), "specs/mfa", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out / language


def test_a_narrowed_go_sdk_builds_and_vets(tmp_path: Path) -> None:
    go = require_tool("go")
    tree = _generate(tmp_path, "go")
    packages = sorted(p.name for p in tree.iterdir() if p.is_dir())
    assert "mfa" in packages and "usermanagement" not in packages, packages  # the pages' own, not all
    for command in ([go, "build", "./..."], [go, "vet", "./..."]):
        done = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr


def test_a_narrowed_python_sdk_type_checks_and_imports(tmp_path: Path) -> None:
    tree = _generate(tmp_path, "python")
    modules = sorted(p.stem for p in (tree / "workos_sdk").glob("*.py") if not p.stem.startswith("_"))
    assert modules == ["mfa"], modules
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "workos_sdk"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    program = "import workos_sdk; workos_sdk.Client('k').mfa"
    done = subprocess.run([sys.executable, "-c", program], cwd=tree, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
