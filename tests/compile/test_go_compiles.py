"""The generated Go (whole corpus and fixtures) is gofmt-clean, vets and builds."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SPECS, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.go import GoEmitter
from codegen.pipeline import emitter_for, load_api


def _stand_ins(paths: list[Path]) -> dict[str, str]:
    """One file per package for exactly the externals the generated code uses."""
    diags = Diagnostics()
    api = load_api(paths, diags, ("go",)).languages["go"]
    emitter = emitter_for("go", Config(root=ROOT), diags)
    assert isinstance(emitter, GoEmitter)
    by_package: dict[str, list[str]] = {}
    for external in emitter.externals(api):
        package, name = emitter.external_location(external)
        by_package.setdefault(package, []).append(name)
    return {
        f"{package}/zz_stand_ins_test_only.go": f"package {package}\n\n"
        + "".join(f"type {name} struct{{}}\n" for name in sorted(names))
        for package, names in by_package.items()
    }


@pytest.fixture(scope="module")
def go_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build cache for both trees: the standard library is compiled once."""
    return tmp_path_factory.mktemp("gocache")


def _check(files: dict[str, str], paths: list[Path], tmp_path: Path, cache: Path) -> None:
    go = require_tool("go")
    env = {
        **os.environ,
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOCACHE": str(cache / "build"),
        "GOPATH": str(cache / "gopath"),
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
    }
    tree = write_tree(files, tmp_path / "src")
    goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, env=env, check=True).stdout.strip()
    gofmt = Path(goroot) / "bin" / "gofmt"
    unformatted = subprocess.run([str(gofmt), "-l", "."], cwd=tree, capture_output=True, text=True, check=True)
    assert unformatted.stdout == "", "gofmt would change:\n" + unformatted.stdout
    write_tree(_stand_ins(paths), tree)
    for args in (["vet", "./..."], ["build", "./..."]):
        result = subprocess.run([go, *args], cwd=tree, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("which", ["corpus", "fixtures"])
def test_go_compiles(which: str, corpus_files: dict[str, dict[str, str]], fixture_files: dict[str, dict[str, str]], tmp_path: Path, go_cache: Path) -> None:
    files = corpus_files["go"] if which == "corpus" else fixture_files["go"]
    paths = [SPECS] if which == "corpus" else [SPECS / "index.mdx", FIXTURES]
    assert any(name.endswith(".go") for name in files)
    _check(files, paths, tmp_path, go_cache)
