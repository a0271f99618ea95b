"""The generated Ruby compiles warning-free, loads in one ruby process with no hand-written file,
and has the surface the plan's views say: each service's methods and keyword arguments, each
declaration's attributes and wire names, each enum's values.

The compile + load run lives in tests/toolchains.py (no stand-ins: the SDK needs none).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SPECS, render_specs, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.ruby import RubyLanguage, RubySettings
from codegen.pipeline import emitter_for, load_api

TREES = {"corpus": [SPECS], "fixtures": [SPECS / "index.mdx", FIXTURES]}
CONFIG = Config(root=ROOT, settings={"ruby": RubySettings(module="WorkOS")})

# Loads the library and reads back what the expectations name, as JSON.
REFLECT = r"""
require 'json'
$VERBOSE = true
require ARGV[0]
expect = JSON.parse(File.read(ARGV[1]))
out = { 'methods' => {}, 'owners' => {}, 'classes' => {}, 'enums' => {}, 'modules' => {} }
expect['owners'].each_key do |owner|
  mod = Object.const_get(owner)
  out['owners'][owner] = mod::Methods.public_instance_methods(false).map(&:to_s).sort
  out['modules'][owner] = [mod.singleton_class.include?(mod::Methods), mod::Service.include?(mod::Methods)]
end
expect['methods'].each_key do |key|
  owner, name = key.split('.', 2)
  method = Object.const_get(owner)::Methods.instance_method(name)
  out['methods'][key] = method.parameters.map { |kind, n| [kind.to_s, n.to_s] }
end
expect['classes'].each_key do |path|
  cls = Object.const_get(path)
  accessors = cls.public_instance_methods(false).map(&:to_s)
  out['classes'][path] = {
    'readers' => accessors.reject { |m| m.end_with?('=') }.sort,
    'writers' => accessors.select { |m| m.end_with?('=') }.map { |m| m.chomp('=') }.sort,
    'wire' => cls.const_get(:WIRE_NAMES, false).map { |k, v| [k.to_s, v] }.to_h,
    'frozen' => cls.const_get(:WIRE_NAMES, false).frozen?,
    'superclass' => cls.superclass.name,
  }
end
expect['enums'].each_key do |path|
  mod = Object.const_get(path)
  out['enums'][path] = { 'all' => mod::ALL, 'frozen' => mod::ALL.frozen? && mod::ALL.all?(&:frozen?) }
end
puts JSON.generate(out)
"""


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, str]]:
    result = {}
    for name, paths in TREES.items():
        files, diags = render_specs(paths, "ruby", CONFIG)
        assert not diags.errors
        result[name] = files
    return result


@pytest.fixture(scope="module")
def tree(rendered: dict[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("ruby")
    for name in TREES:
        write_tree(rendered[name], dest / name)
    return dest


def _emitter() -> RubyLanguage:
    emitter = emitter_for("ruby", CONFIG, Diagnostics())
    assert isinstance(emitter, RubyLanguage)
    return emitter


@pytest.mark.parametrize("name", sorted(TREES))
def test_every_file_compiles_without_warnings_and_loads(
    name: str, rendered: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    """Compile every file with $VERBOSE, then load the library with no stand-ins (tests/toolchains.py)."""
    files = rendered[name]
    assert sum(path.endswith(".rb") for path in files) > (10 if name == "corpus" else 1)
    assert toolchains.stand_ins("ruby", TREES[name], CONFIG) == {}
    toolchains.check("ruby", files, TREES[name], tmp_path, config=CONFIG)


def expectations(paths: list[Path]) -> dict[str, dict[str, object]]:
    """What the plan's views say the library defines: each method's keyword arguments (required
    first, then the optional ones and request_options), each class's attributes and wire names,
    each enum's values."""
    emitter = _emitter()
    api = load_api(paths, Diagnostics(), ("ruby",)).languages["ruby"]
    sdk = emitter.plan(api)
    top = "::".join(emitter.modules())
    owners: dict[str, list[str]] = {}
    methods: dict[str, object] = {}
    for service in sdk.services:
        owner = f"{top}::{service.name}"
        owners[owner] = sorted(m.name for m in service.methods)
        for method in service.methods:
            flat = [f for p in method.params for f in (p.fields if p.role == "unwrapped" else (p,))]
            args = sorted((f for f in flat if f.role in ("data", "options")), key=lambda f: f.optional)
            methods[f"{owner}.{method.name}"] = [
                *(["key" if f.optional else "keyreq", f.name] for f in args),
                ["key", "request_options"],
            ]
    classes: dict[str, object] = {}
    enums: dict[str, object] = {}
    for scope in sdk.scopes:
        for decl in scope.decls:
            path = f"{top}::Models::{scope.name}::{decl.name}"
            if decl.kind == "enum":
                values = [int(c.value) if decl.numeric else c.value for c in decl.constants]
                enums[path] = {"all": values, "frozen": True}
            elif decl.kind != "standin":
                names = sorted(f.name for f in decl.fields)
                classes[path] = {
                    "readers": names,
                    "writers": names,
                    "wire": {f.name: f.wire or f.docs_name for f in decl.fields},
                    "frozen": True,
                    "superclass": _superclass(decl.base, f"{top}::Models::{scope.name}", top),
                }
    return {"owners": owners, "methods": methods, "classes": classes, "enums": enums}


def _superclass(base: str, here: str, top: str) -> str:
    """A class's superclass: Object, or its base (by name in its own module, else by path)."""
    if not base:
        return "Object"
    return base if "::" in base else f"{here}::{base}"


@pytest.mark.parametrize("name", sorted(TREES))
def test_library_loads_and_surface_matches_the_plan(tree: Path, name: str) -> None:
    ruby = require_tool("ruby", "apt-get install ruby")
    expected = expectations(TREES[name])
    (tree / f"{name}.json").write_text(json.dumps(expected))
    top = tree / name / "lib" / f"{_emitter().require_path()}.rb"
    result = subprocess.run(
        [ruby, "-e", REFLECT, str(top), str(tree / f"{name}.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr  # no warnings (redefinitions, circular requires)
    actual = json.loads(result.stdout)
    assert expected["methods"] and expected["classes"] and expected["enums"]
    # Every service module defines exactly its methods, on the module and on a client's service.
    assert actual["owners"] == expected["owners"]
    assert all(actual["modules"][owner] == [True, True] for owner in expected["owners"])
    assert actual["methods"] == expected["methods"]
    for path, cls in expected["classes"].items():  # type: ignore[union-attr]
        assert actual["classes"][path] == cls, path
    assert actual["enums"] == expected["enums"]


def test_the_corpus_sdk_is_a_gem_that_installs_and_makes_a_call(tmp_path: Path) -> None:
    """`make packages` for Ruby (conformance/packs/ruby.py): gem build, gem install --local into a
    scratch GEM_HOME, a consumer outside the SDK folder requires the gem and makes one GET call."""
    from codegen.config import load_config
    from codegen.fastpath import find_config
    from codegen.pipeline import render
    from conformance.packages import check_language

    require_tool("ruby", "apt-get install ruby")
    require_tool("gem", "apt-get install ruby")
    config = load_config(find_config(ROOT), Diagnostics())
    api = load_api(config.spec_paths(), Diagnostics(), ("ruby",))
    files = render(api, config, ("ruby",), Diagnostics())
    write_tree(files, tmp_path / "out")
    problems = check_language("ruby", tmp_path / "out" / config.out_dir("ruby"), config, tmp_path / "work")
    assert problems == []
