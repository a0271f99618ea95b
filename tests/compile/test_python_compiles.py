"""The generated Python imports, passes mypy --strict and black --check, and has the documented surface."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.python import PythonEmitter, PythonSettings
from codegen.pipeline import emitter_for, load_api
from helpers import FIXTURES, ROOT, SPECS, render_specs, require_tool, write_tree

TREES = {"corpus_sdk": [SPECS], "fixture_sdk": [SPECS / "index.mdx", FIXTURES]}


def _config(package: str) -> Config:
    return Config(root=ROOT, settings={"python": PythonSettings(package=package)})


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both renders side by side, each with stand-ins for exactly its externals."""
    dest = tmp_path_factory.mktemp("python")
    for package, paths in TREES.items():
        files, diags = render_specs(paths, "python", _config(package))
        assert not diags.errors
        write_tree(files, dest)
        api = load_api(paths, Diagnostics(), ("python",))
        externals = emitter_for("python", _config(package), Diagnostics()).externals(api.languages["python"])
        names = sorted({name.rsplit(".", 1)[-1] for name in externals})
        stand_ins = "".join(f"class {name}:\n    pass\n\n\n" for name in names)
        (dest / package / "externals.py").write_text(f'"""Stand-ins for the test."""\n\n\n{stand_ins}'.rstrip() + "\n")
    return dest


def test_black_check(tree: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", str(tree)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_mypy_strict(tree: Path) -> None:
    require_tool("mypy", "pip install mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tree / ".mypy"),
         "-p", "corpus_sdk", "-p", "fixture_sdk"],
        capture_output=True, text=True, cwd=tree,
    )
    assert result.returncode == 0, result.stdout[-5000:]


def _modules(tree: Path, package: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(tree).with_suffix("").parts).removesuffix(".__init__")
        for path in (tree / package).rglob("*.py")
    )


@pytest.mark.parametrize("package", sorted(TREES))
def test_every_module_imports_and_surface_matches_ir(tree: Path, package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tree))
    for module in _modules(tree, package):
        importlib.import_module(module)
    api = load_api(TREES[package], Diagnostics(), ("python",)).languages["python"]
    emitter = emitter_for("python", _config(package), Diagnostics())
    assert isinstance(emitter, PythonEmitter)
    checked = 0
    for op in api.operations:
        module = importlib.import_module(f"{package}.{emitter.identifier(op.service or 'functions')}")
        cls = getattr(module, emitter.identifier(op.service or "functions").title().replace("_", ""))
        signature = inspect.signature(getattr(cls, emitter.identifier(op.name)))
        documented = [f for p in op.params for f in (p.fields if p.unwrap else (p,)) if not f.is_method]
        expected = {emitter.identifier(f.name): f.optional for f in documented}
        params = {name: p for name, p in signature.parameters.items() if name != "self"}
        assert set(params) == set(expected), op.title
        for name, optional in expected.items():
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
            assert (params[name].default is None) is optional, f"{op.title}: {name}"
        checked += 1
    for model in api.models:
        module = importlib.import_module(f"{package}.models.{emitter.area_module(model.area)}")
        cls = getattr(module, emitter.class_name(model.name))
        fields = {f.name: f for f in cls.__dataclass_fields__.values()}
        for f in model.fields:
            assert emitter.identifier(f.name) in fields, f"{model.name}.{f.name}"
            assert fields[emitter.identifier(f.name)].metadata["wire"] == (f.wire_name or f.name)
    assert checked == len(api.operations) > 0
