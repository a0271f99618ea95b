"""The generated Go (whole corpus and fixtures) is gofmt-clean, vets and builds.

The toolchain run (gofmt -l, go vet, go build over the rendered files alone: no hand-written
stand-ins, the SDK declares one for every type the docs never define) lives in tests/toolchains.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, SPECS


@pytest.mark.parametrize("which", ["corpus", "fixtures"])
def test_go_compiles(
    which: str, corpus_files: dict[str, dict[str, str]], fixture_files: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    files = corpus_files["go"] if which == "corpus" else fixture_files["go"]
    paths = [SPECS] if which == "corpus" else [SPECS / "index.mdx", FIXTURES]
    assert any(name.endswith(".go") for name in files)
    toolchains.check("go", files, paths, tmp_path)
