"""Shared test helpers: render specs in memory, write trees, find toolchains."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.pipeline import load_api, render

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
# The seed page and the pages it references ((ctx), (cancellationToken), (authentication_challenge.self)).
SEED = [SPECS / "index.mdx", SPECS / "mfa/challenge/create.mdx", SPECS / "mfa/challenge/index.mdx"]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
TOOLCHAINS = ROOT / ".toolchains"
# Set in CI: a missing toolchain fails the run instead of skipping the language.
REQUIRE_TOOLCHAINS = os.environ.get("CODEGEN_REQUIRE_TOOLCHAINS") == "1"


def render_specs(paths: list[Path], language: str, config: Config | None = None) -> tuple[dict[str, str], Diagnostics]:
    """Files of one language, keyed by path relative to that language's output folder."""
    diags = Diagnostics()
    config = config or Config(root=ROOT)
    api = load_api(paths, diags, (language,))
    files = render(api, config, (language,), diags)
    prefix = config.out_dir(language) + "/"
    return {k.removeprefix(prefix): v for k, v in files.items()}, diags


def run_codegen(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m codegen ARGS`` in a fresh process, output captured, ``env`` added to ours."""
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def catalog_repo(folder: Path, config: str) -> Path:
    """A project in ``folder``: the corpus index and the catalog fixture under ``reference/``,
    and ``config`` as its ``codegen.toml``."""
    (folder / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", folder / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", folder / "reference" / "catalog")
    (folder / "codegen.toml").write_text(config, encoding="utf-8")
    return folder


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by relative path, as bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_tree(files: dict[str, str], dest: Path) -> Path:
    for relative, text in files.items():
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def snapshot_text(files: dict[str, str]) -> str:
    """All files of a render as one reviewable text, file by file."""
    return "".join(f"===== {name} =====\n{text}" for name, text in sorted(files.items()))


def require_tool(name: str, install: str = "make toolchains") -> str:
    """The path of a toolchain command; skips (or fails in CI) with how to install it."""
    found = shutil.which(name) or shutil.which(
        name, path=f"{TOOLCHAINS / 'bin'}:{ROOT / '.venv/bin'}:{TOOLCHAINS / 'node_modules/.bin'}"
    )
    if found:
        return found
    message = f"{name} not found; install the toolchains with `{install}`"
    if REQUIRE_TOOLCHAINS:
        pytest.fail(message)
    pytest.skip(message)


# A stand-in for curl in the scripts' tests: writes one argument per line into its ``-o`` file
# (leaving out ``-o``, ``-w`` and the time limits), then ``stdin: <what it read>``, and answers 200.
FAKE_CURL = r"""#!/usr/bin/env bash
out=/dev/stdout
args=()
while (($# > 0)); do
  case $1 in
    -o) out=$2; shift 2 ;;
    -w | --connect-timeout | --max-time) shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
{
  printf '%s\n' "${args[@]}"
  printf 'stdin: %s\n' "$(cat)"
} >"$out"
printf 200
"""
