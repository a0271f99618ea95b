"""The generated TypeScript type-checks with tsc --strict (whole corpus and the fixtures).

The toolchain run (stand-ins for exactly the externals, tsc --strict) lives in
tests/toolchains.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, SPECS


def test_corpus_typechecks(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    files = corpus_files["js"]
    assert "src/index.ts" in files and "src/mfa.ts" in files
    toolchains.check("js", files, [SPECS], tmp_path)


def test_fixtures_typecheck(fixture_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    toolchains.check("js", fixture_files["js"], [SPECS / "index.mdx", FIXTURES], tmp_path)


def test_externals_are_exactly_what_is_imported(corpus_files: dict[str, dict[str, str]]) -> None:
    """Every name imported from the externals module is listed, and nothing else is."""
    imported: set[str] = set()
    for text in corpus_files["js"].values():
        for names in re.findall(r'import type \{([^}]*)\} from "(?:\./|\.\./)externals";', text):
            imported.update(n.strip().split(" as ")[0] for n in names.split(",") if n.strip())
    stub = toolchains.stand_ins("js", [SPECS])["src/externals.ts"]
    assert imported == set(stub.replace("export type ", "").replace(" = unknown;", "").split())


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
