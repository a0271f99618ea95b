from __future__ import annotations

import os
import shutil
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The compile checks over the whole corpus (tests/compile) are the full tier's: `make test`
    (``-m "not full"``) compiles the fixture pages in each toolchain instead (tests/languages)."""
    compile_dir = Path(__file__).resolve().parent / "compile"
    for item in items:
        if compile_dir in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.full)


_SESSION_CACHE = [""]


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION_CACHE[0]:
        shutil.rmtree(_SESSION_CACHE[0], ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """Runs under test never read or write the user's cache (~/.cache/codegen): one per session
    (per worker), removed when it ends."""
    os.environ["CODEGEN_CACHE_DIR"] = _SESSION_CACHE[0] = tempfile.mkdtemp(prefix="codegen-test-cache-")
    # Nor the templates compiled at install (codegen.precompile): runs compile them as from a
    # bare install; tests/test_precompile.py tests the seeds themselves.
    os.environ["CODEGEN_NO_SEEDS"] = "1"


# --- the suite itself never changes the repo ------------------------------------------------------
# Every test works in temporary folders: no file of the checkout (generated/ included) may change
# during a run. On in CI (CI=true) or with CODEGEN_TREE_GUARD=1; off for `--snapshot-update`,
# whose job is to change snapshots, and by default locally, where people edit while tests run.

_IGNORED = {
    ".git",
    ".venv",
    ".toolchains",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "dist",
    "node_modules",
}
_ROOT = Path(__file__).resolve().parent.parent
_before: dict[str, tuple[int, int, int]] = {}


def _tree_state() -> dict[str, tuple[int, int, int]]:
    state = {}
    for folder, dirnames, filenames in os.walk(_ROOT):
        dirnames[:] = [d for d in dirnames if d not in _IGNORED and not d.endswith(".egg-info")]
        for name in filenames:
            path = Path(folder) / name
            info = path.lstat()
            state[path.relative_to(_ROOT).as_posix()] = (info.st_size, info.st_mtime_ns, info.st_mode)
    return state


def _guarded(config: pytest.Config) -> bool:
    wanted = os.environ.get("CI") == "true" or os.environ.get("CODEGEN_TREE_GUARD") == "1"
    return wanted and not config.getoption("--snapshot-update", default=False)


def pytest_sessionstart(session: pytest.Session) -> None:
    if _guarded(session.config):
        _before.update(_tree_state())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _before:
        return
    after = _tree_state()
    touched = sorted(k for k in _before.keys() | after.keys() if _before.get(k) != after.get(k))
    if touched:
        print(f"\nthe test run changed files of the checkout: {touched[:20]}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
