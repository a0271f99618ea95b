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
from codegen.languages.python import PythonLanguage, PythonSettings
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
def test_every_module_imports_and_surface_matches_the_plan(
    tree: Path, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The importable surface is the plan's: each service's methods with their parameters
    (one lone required path value positional, the rest keyword-only, optional ones defaulting
    to None), each model's fields with their wire names and places, each enum's values."""
    monkeypatch.syspath_prepend(str(tree))
    for module in _modules(tree, package):
        importlib.import_module(module)
    api = load_api(TREES[package], Diagnostics(), ("python",)).languages["python"]
    emitter = emitter_for("python", _config(package), Diagnostics())
    assert isinstance(emitter, PythonLanguage)
    sdk = emitter.plan(api)
    checked = 0
    for service in sdk.services:
        cls = getattr(importlib.import_module(f"{package}.{service.module}"), service.name)
        for method in service.methods:
            signature = inspect.signature(getattr(cls, method.name))
            flat = [f for p in method.params for f in (p.fields if p.role == "unwrapped" else (p,))]
            expected = {p.name: p.optional for p in flat} | {"request_options": True}
            params = {name: p for name, p in signature.parameters.items() if name != "self"}
            assert set(params) == set(expected), method.name
            required = [p for p in flat if not p.optional]
            positional = required[0].name if len(required) == 1 and required[0].place == "path" else None
            for name, optional in expected.items():
                kind = inspect.Parameter.POSITIONAL_OR_KEYWORD if name == positional else inspect.Parameter.KEYWORD_ONLY
                assert params[name].kind is kind, f"{method.name}: {name}"
                assert (params[name].default is None) is optional, f"{method.name}: {name}"
            checked += 1
    for scope in sdk.scopes:
        module = importlib.import_module(f"{package}.models.{scope.name}")
        for decl in scope.decls:
            found = getattr(module, decl.name)
            if decl.kind == "enum":  # a Literal alias of exactly its values
                assert typing.get_args(found) == tuple(c.value for c in decl.constants), decl.name
            elif decl.kind != "standin":
                fields = {f.name: f for f in found.__dataclass_fields__.values()}
                for f in decl.fields:
                    metadata = fields[f.name].metadata
                    assert metadata["wire"] == (f.wire or f.docs_name), f"{decl.name}.{f.name}"
                    assert metadata.get("place") == (f.place or None), f"{decl.name}.{f.name}"
    assert checked == len(api.operations) > 0
