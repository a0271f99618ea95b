"""The generated C# of the whole corpus and of the fixtures compiles with Mono's mcs (C# 7)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SPECS, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.dotnet import DotnetEmitter
from codegen.pipeline import emitter_for, load_api

TREES = {"corpus": [SPECS], "fixtures": [SPECS / "index.mdx", FIXTURES]}
LANGVERSION = "7"


def stand_ins(paths: list[Path]) -> str:
    """Empty classes for exactly the externals, with the generic arity the docs use."""
    emitter = emitter_for("dotnet", Config(root=ROOT), Diagnostics())
    assert isinstance(emitter, DotnetEmitter)
    api = load_api(paths, Diagnostics(), ("dotnet",)).languages["dotnet"]
    arities = emitter.external_arities(api)
    assert sorted(arities) == emitter.externals(api)
    blocks = []
    for name, arity in arities.items():
        qualifier, _, simple = name.rpartition(".")
        space = emitter.externals_namespace + (f".{qualifier}" if qualifier else "")
        params = f"<{', '.join(f'T{i}' for i in range(arity))}>" if arity else ""
        blocks.append(f"namespace {space} {{ public class {simple}{params} {{ }} }}\n")
    return "// Stand-ins for the test.\n" + "".join(blocks)


@pytest.mark.parametrize("tree", sorted(TREES))
def test_mcs_compiles(tree: str, corpus_files, fixture_files, tmp_path: Path) -> None:
    mcs = require_tool("mcs", "apt-get install mono-mcs")
    files = corpus_files["dotnet"] if tree == "corpus" else fixture_files["dotnet"]
    assert files
    write_tree(files, tmp_path / "src")
    (tmp_path / "StandIns.cs").write_text(stand_ins(TREES[tree]), encoding="utf-8")
    sources = [*sorted(str(p) for p in (tmp_path / "src").rglob("*.cs")), str(tmp_path / "StandIns.cs")]
    result = subprocess.run(
        [mcs, "-target:library", f"-langversion:{LANGVERSION}", "-warn:4", f"-out:{tmp_path / 'out.dll'}",
         f"-doc:{tmp_path / 'out.xml'}", *sources],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Warnings other than XML doc ones (CS1591 etc. are about references we leave relative) are defects.
    warnings = [line for line in result.stdout.splitlines() if "warning CS" in line]
    assert warnings == [], "\n".join(warnings)
