"""The generated Python imports, passes mypy --strict and black --check, and has the documented surface.

The toolchain run (black, mypy --strict, import in a fresh interpreter) lives in tests/toolchains.py.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SPECS, render_specs, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import Model, OptionClass
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
        required = [f for f in documented if not f.optional]
        # The one required argument, when it is a path parameter (an id), is positional-or-keyword.
        positional = (
            emitter.identifier(required[0].name) if len(required) == 1 and required[0].place == "path" else None
        )
        for name, optional in expected.items():
            kind = inspect.Parameter.POSITIONAL_OR_KEYWORD if name == positional else inspect.Parameter.KEYWORD_ONLY
            assert params[name].kind is kind, f"{op.title}: {name}"
            assert (params[name].default is None) is optional, f"{op.title}: {name}"
        # The request map holds the HTTP call and every linked argument's exact wire name and place.
        requests = cls.__dict__.get("REQUESTS", {})
        if op.http is None:
            assert emitter.identifier(op.name) not in requests, op.title
        else:
            method, path, wire = requests[emitter.identifier(op.name)]
            assert (method, path) == (op.http.method, op.http.path), op.title
            linked = {emitter.identifier(f.name): (f.wire_name, f.place) for f in documented if f.wire_name and f.place}
            assert wire == linked, op.title
        checked += 1
    items: list[Model | OptionClass] = [*api.models, *api.options]
    for item in items:
        module = importlib.import_module(f"{package}.models.{emitter.area_module(item.area)}")
        cls = getattr(module, emitter.class_name(item.name))
        fields = {f.name: f for f in cls.__dataclass_fields__.values()}
        for f in item.fields:
            if f.is_method:
                continue
            metadata = fields[emitter.identifier(f.name)].metadata
            assert metadata["wire"] == (f.wire_name or f.name), f"{item.name}.{f.name}"
            assert metadata.get("place") == f.place, f"{item.name}.{f.name}"
    # Every enum the IR declares is a Literal alias of exactly its values, in its area's module.
    for enum in api.enums:
        module = importlib.import_module(f"{package}.models.{emitter.area_module(enum.area)}")
        assert typing.get_args(getattr(module, emitter.class_name(enum.name))) == enum.values, enum.name
    assert checked == len(api.operations) > 0
