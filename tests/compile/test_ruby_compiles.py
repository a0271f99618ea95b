"""The generated Ruby compiles warning-free, loads in one ruby process, and has the documented surface.

Types live only in YARD comments, so the code refers to no external constant at load
time: no stand-ins are needed (the load test proves it by loading with none). The
compile + load run lives in tests/toolchains.py.
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
from codegen.ir import Field
from codegen.languages.ruby import RubyEmitter, RubySettings
from codegen.pipeline import emitter_for, load_api

TREES = {"corpus": [SPECS], "fixtures": [SPECS / "index.mdx", FIXTURES]}
CONFIG = Config(root=ROOT, settings={"ruby": RubySettings(module="WorkOS")})

# Loads the library and reads back what the expectations name, as JSON.
REFLECT = r"""
require 'json'
$VERBOSE = true
require ARGV[0]
expect = JSON.parse(File.read(ARGV[1]))
out = { 'methods' => {}, 'classes' => {}, 'owners' => {}, 'requests' => {}, 'enums' => {} }
# A service's methods: its Methods module (the module extends it) or, with stub bodies, its own.
def documented(mod)
  methods = mod.const_defined?(:Methods, false) ? mod.const_get(:Methods, false).public_instance_methods(false) : []
  (methods + mod.singleton_methods(false)).map(&:to_s).sort - (mod.respond_to?(:client=) ? %w[client client=] : [])
end
expect['methods'].each_key do |key|
  owner = key.split('.', 2)[0]
  mod = Object.const_get(owner)
  out['owners'][owner] = documented(mod)
  requests = mod.const_defined?(:REQUESTS, false) ? mod.const_get(:REQUESTS, false) : {}
  out['requests'][owner] = JSON.parse(JSON.generate(requests))
end
expect['enums'].each_key do |path|
  mod = Object.const_get(path)
  out['enums'][path] = { 'all' => mod::ALL, 'frozen' => mod::ALL.frozen? && mod::ALL.all?(&:frozen?) }
end
expect['methods'].each_key do |key|
  owner, name = key.split('.', 2)
  mod = Object.const_get(owner)
  unless documented(mod).include?(name)
    out['methods'][key] = nil
    next
  end
  out['methods'][key] = mod.singleton_class.instance_method(name).parameters.map { |kind, n| [kind.to_s, n.to_s] }.sort
end
expect['classes'].each_key do |path|
  cls = Object.const_get(path)
  readers = cls.public_instance_methods(false).map(&:to_s).reject { |m| m.end_with?('=') }.sort
  writers = cls.public_instance_methods(false).map(&:to_s).select { |m| m.end_with?('=') }.map { |m| m.chomp('=') }.sort
  wire = cls.const_defined?(:WIRE_NAMES, false) ? cls.const_get(:WIRE_NAMES, false) : {}
  places = cls.const_defined?(:WIRE_PLACES, false) ? cls.const_get(:WIRE_PLACES, false) : {}
  out['classes'][path] = {
    'readers' => readers, 'writers' => writers,
    'wire' => wire.map { |k, v| [k.to_s, v] }.to_h,
    'places' => places.map { |k, v| [k.to_s, v.to_s] }.to_h,
    'frozen' => wire.frozen? && wire.values.all?(&:frozen?),
    'superclass' => cls.superclass.name,
  }
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


def _emitter() -> RubyEmitter:
    emitter = emitter_for("ruby", CONFIG, Diagnostics())
    assert isinstance(emitter, RubyEmitter)
    return emitter


@pytest.mark.parametrize("name", sorted(TREES))
def test_every_file_compiles_without_warnings_and_loads(
    name: str, rendered: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    """Compile every file with $VERBOSE, then load the library with no stand-ins (tests/toolchains.py)."""
    files = rendered[name]
    assert sum(path.endswith(".rb") for path in files) > (10 if name == "corpus" else 1)
    toolchains.check("ruby", files, TREES[name], tmp_path, config=CONFIG)


def expectations(paths: list[Path]) -> dict[str, dict[str, object]]:
    """What the IR says the library must define: method signatures and model accessors."""
    emitter = _emitter()
    api = load_api(paths, Diagnostics(), ("ruby",)).languages["ruby"]
    top = "::".join(emitter.modules())
    methods: dict[str, object] = {}
    requests: dict[str, dict[str, object]] = {}
    ordered = sorted(api.operations, key=lambda o: (emitter.method_name(o.name), o.page, o.loc.line, o.loc.col))
    for op in ordered:
        module = emitter.service_module(op.service)
        owner = f"{top}::{module}" if module else top
        name, n = emitter.method_name(op.name), 2
        while f"{owner}.{name}" in methods:
            name, n = f"{emitter.method_name(op.name)}_{n}", n + 1
        documented = [f for p in op.params for f in (p.fields if p.unwrap else (p,)) if not f.is_method]
        params: list[list[str]] = []
        seen: set[str] = set()
        for f in documented:
            pname = emitter.identifier(f.name)
            assert pname not in seen, f"{op.title}: {pname} twice"
            seen.add(pname)
            params.append(["key" if f.optional else "keyreq", pname])
        methods[f"{owner}.{name}"] = sorted(params)
        if op.http is not None:
            linked = {emitter.identifier(f.name): _route(f) for f in documented}
            requests.setdefault(owner, {})[name] = {
                "method": op.http.method,
                "path": op.http.path,
                "params": {key: route for key, route in linked.items() if route is not None},
            }
            if op.constants():  # fixed values the docs leave out, sent with every call
                requests[owner][name]["constants"] = [[c.name, c.place, c.value] for c in op.constants()]
    classes: dict[str, object] = {}
    for item in [*api.models, *(o for o in api.options if not o.synthesized)]:
        path = f"{top}::Models::{emitter.area_module(item.area)}::{emitter.constant(item.name)}"
        fields = [f for f in item.fields if not f.is_method]
        classes[path] = {
            "accessors": sorted(emitter.accessor(f.name) for f in fields),
            "wire": {emitter.accessor(f.name): f.wire_name or f.name for f in fields},
            "places": {emitter.accessor(f.name): f.place for f in fields if f.place},
            "base": item.base,
        }
    enums: dict[str, list[str]] = {}
    for enum in api.enums:  # one module per name in an area: every value of every spelling
        path = f"{top}::Models::{emitter.area_module(enum.area)}::{emitter.constant(enum.name)}"
        enums.setdefault(path, [])
        enums[path] += [v for v in enum.values if v not in enums[path]]
    return {"methods": methods, "classes": classes, "requests": requests, "enums": enums}


def _route(f: Field) -> object:
    """What REQUESTS says of one argument: [wire name, place], or per key of a hash, or None."""
    if f.wire_name and f.place:
        return [f.wire_name, f.place]
    keys = {sub.wire_name or sub.name: _route(sub) for sub in f.fields if not sub.is_method}
    return {key: route for key, route in keys.items() if route is not None} or None


@pytest.mark.parametrize("name", sorted(TREES))
def test_library_loads_and_surface_matches_ir(tree: Path, name: str) -> None:
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
    assert expected["methods"], "no operations?"
    for key, params in expected["methods"].items():  # type: ignore[union-attr]
        assert actual["methods"][key] is not None, f"{key} is not defined"
        assert actual["methods"][key] == params, key
    for path, cls in expected["classes"].items():  # type: ignore[union-attr]
        got = actual["classes"][path]
        assert got["readers"] == got["writers"] == cls["accessors"], path
        assert got["wire"] == cls["wire"], path
        assert got["places"] == cls["places"], path
        assert got["frozen"], f"{path}: frozen_string_literal did not take effect"
        if cls["base"]:
            assert got["superclass"].endswith("::" + _emitter().constant(cls["base"])), path
        else:
            assert got["superclass"] == "Object", path
    # Each service's REQUESTS: the HTTP call and every linked argument's exact wire name and place.
    assert expected["requests"], "no HTTP calls?"
    for owner, entries in expected["requests"].items():  # type: ignore[union-attr]
        assert actual["requests"][owner] == entries, owner
    # Every enum is a module whose ALL lists exactly its values, frozen.
    assert expected["enums"], "no enums?"
    for path, values in expected["enums"].items():  # type: ignore[union-attr]
        assert actual["enums"][path] == {"all": values, "frozen": True}, path
    # Every service module defines exactly the documented methods, nothing more.
    for owner, names in actual["owners"].items():
        keys = [key.split(".", 1) for key in expected["methods"]]  # type: ignore[union-attr]
        documented = sorted(name for key_owner, name in keys if key_owner == owner)
        assert names == documented, owner


def test_the_corpus_sdk_is_a_gem_that_installs_and_makes_a_call(tmp_path: Path) -> None:
    """`make packages` for Ruby (conformance/packs/ruby.py): gem build, gem install --local into a
    scratch GEM_HOME, a consumer outside the SDK folder requires the gem and makes one GET call."""
    from codegen.config import find_config, load_config
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
