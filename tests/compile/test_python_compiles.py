"""The generated Python imports, passes mypy --strict and black --check, and has the documented surface.

The toolchain run (black, mypy --strict, import in a fresh interpreter) lives in tests/toolchains.py.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SPECS, render_specs, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.python import PythonEmitter, PythonSettings
from codegen.pipeline import emitter_for, load_api

TREES = {"corpus_sdk": [SPECS], "fixture_sdk": [SPECS / "index.mdx", FIXTURES]}


def _config(package: str) -> Config:
    return Config(root=ROOT, settings={"python": PythonSettings(package=package)})


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, str]]:
    """Both renders, once per module: package name -> files."""
    result = {}
    for package, paths in TREES.items():
        files, diags = render_specs(paths, "python", _config(package))
        assert not diags.errors
        result[package] = files
    return result


@pytest.fixture(scope="module")
def tree(rendered: dict[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both renders side by side, each with stand-ins for exactly its externals (for the surface test)."""
    dest = tmp_path_factory.mktemp("python")
    for package, paths in TREES.items():
        write_tree({**rendered[package], **toolchains.stand_ins("python", paths, _config(package))}, dest)
    return dest


@pytest.mark.parametrize("package", sorted(TREES))
def test_black_mypy_strict_and_import(package: str, rendered: dict[str, dict[str, str]], tmp_path: Path) -> None:
    """black --check, mypy --strict and importing every module (tests/toolchains.py)."""
    toolchains.check("python", rendered[package], TREES[package], tmp_path, config=_config(package))


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
