from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import FIXTURES, SPECS, render_specs


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


def pytest_configure(config: pytest.Config) -> None:
    """Runs under test never read or write the user's cache (~/.cache/codegen): one per session."""
    os.environ["CODEGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="codegen-test-cache-")
