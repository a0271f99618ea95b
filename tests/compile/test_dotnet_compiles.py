"""The generated C# of the whole corpus and of the fixtures compiles with Mono's mcs (C# 7).

The toolchain run (stand-ins for exactly the externals, mcs -langversion:7 -warn:4, no
warning other than XML-doc ones) lives in tests/toolchains.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, SPECS

TREES = {"corpus": [SPECS], "fixtures": [SPECS / "index.mdx", FIXTURES]}


@pytest.mark.parametrize("tree", sorted(TREES))
def test_mcs_compiles(tree: str, corpus_files, fixture_files, tmp_path: Path) -> None:
    files = corpus_files["dotnet"] if tree == "corpus" else fixture_files["dotnet"]
    assert files
    toolchains.check("dotnet", files, TREES[tree], tmp_path)
