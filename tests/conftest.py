from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import FIXTURES, SPECS, render_specs  # noqa: E402


@pytest.fixture(scope="session")
def corpus_files() -> dict[str, dict[str, str]]:
    """The whole corpus rendered once per session, per language (lazily)."""
    return _LazyRender([SPECS])


@pytest.fixture(scope="session")
def fixture_files() -> dict[str, dict[str, str]]:
    """The test fixture pages rendered once per session, per language (lazily)."""
    return _LazyRender([SPECS / "index.mdx", FIXTURES])


class _LazyRender(dict):  # type: ignore[type-arg]
    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths

    def __missing__(self, language: str) -> dict[str, str]:
        files, diags = render_specs(self.paths, language)
        assert not diags.errors, diags.render()
        self[language] = files
        return files
