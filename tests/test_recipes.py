"""The README's CI recipes, run as written: Makefile targets, the pre-commit hook, the Actions job."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, SPECS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(after: str, language: str) -> str:
    """The first fenced block of ``language`` after the line ``after`` in the README."""
    start = README.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(README, start)
    assert match, f"no {language} block after {after!r}"
    return match.group(1)


def block_containing(text: str) -> str:
    """The fenced block of the README that holds ``text``."""
    at = README.index(text)
    start = README.rindex("```", 0, at)
    start = README.index("\n", start) + 1
    return README[start : README.index("```", at)]


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An SDK repo with a config and a reference, codegen on PATH, already generated."""
    repo = tmp_path / "sdk"
    (repo / "reference/mfa/challenge").mkdir(parents=True)
    for page in ("index.mdx", "mfa/challenge/create.mdx", "mfa/challenge/index.mdx"):
        shutil.copyfile(SPECS / page, repo / "reference" / page)
    (repo / "codegen.toml").write_text('specs = ["reference"]\nout = "gen"\nlanguages = ["go", "python"]\n')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "codegen"
    launcher.write_text(f'#!/bin/sh\nexec {sys.executable} -m codegen "$@"\n')
    launcher.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    assert subprocess.run(["codegen", "generate", "-q"], cwd=repo).returncode == 0
    return repo


def make_stale(repo: Path) -> None:
    page = repo / "reference/mfa/challenge/create.mdx"
    page.write_text(page.read_text().replace("to be challenged", "to be verified"))


def shell(command: str, repo: Path) -> int:
    return subprocess.run(command, shell=True, cwd=repo, capture_output=True, text=True).returncode


def test_makefile_recipe(repo: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    (repo / "Makefile").write_text(block("Makefile:", "make"))
    assert shell("make -s check-generated", repo) == 0
    make_stale(repo)
    assert shell("make -s check-generated", repo) != 0
    assert shell("make -s generate", repo) == 0
    assert shell("make -s check-generated", repo) == 0


def test_pre_commit_hook(repo: Path) -> None:
    config = yaml.safe_load(block("(`.pre-commit-config.yaml`):", "yaml"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["pass_filenames"] is False and hook["language"] == "system"
    assert shell(hook["entry"], repo) == 0
    make_stale(repo)
    assert shell(hook["entry"], repo) == 1


def test_github_actions_job(repo: Path) -> None:
    workflow = yaml.safe_load(block("GitHub Actions:", "yaml"))
    steps = [s["run"] for s in workflow["jobs"]["generated-code"]["steps"] if "run" in s]
    assert steps[-1] == "codegen check"
    checks = [s for s in steps if s.startswith("codegen")]
    assert all(shell(s, repo) == 0 for s in checks)
    make_stale(repo)
    assert shell(checks[-1], repo) == 1


def add_drift(repo: Path) -> None:
    """One new disagreement: the Go entry of the challenge page no longer takes the SMS template."""
    page = repo / "reference/mfa/challenge/create.mdx"
    text = page.read_text()
    go = text.index("\n  go:")
    cut = text.index("(challenge_factor.sms_template)", go)
    start = text.rindex("\n        - key:", go, cut)
    end = text.index("\n", cut)
    page.write_text(text[:start] + text[end:])


def test_lint_hook_and_code_scanning_job(repo: Path) -> None:
    config = yaml.safe_load(block("The reference's drift, as a pre-commit hook", "yaml"))
    (hook,) = config["repos"][0]["hooks"]
    assert shell("codegen lint --write-baseline lint-baseline.json", repo) == 0
    assert shell(hook["entry"], repo) == 0
    workflow = yaml.safe_load(block_containing("reference-drift:"))
    steps = workflow["jobs"]["reference-drift"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and s["run"].startswith("codegen")]
    assert all(shell(run, repo) == 0 for run in runs)
    assert '"version": "2.1.0"' in (repo / "lint.sarif").read_text()
    add_drift(repo)
    assert shell(hook["entry"], repo) == 1
    assert shell(runs[-1], repo) == 1


def test_pinned_pre_commit_hooks(repo: Path) -> None:
    """The hooks this repo ships (`.pre-commit-hooks.yaml`), as the README pins them."""
    pinned = yaml.safe_load(block("pre-commit, pinned to a release", "yaml"))
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    (wanted,) = pinned["repos"][0]["hooks"]
    assert set(hooks) == {"codegen-check", "codegen-generate", "codegen-lint"}
    assert all(h["language"] == "python" and h["pass_filenames"] is False for h in hooks.values())
    check = hooks[wanted["id"]]["entry"]
    assert shell(check, repo) == 0
    make_stale(repo)
    assert shell(check, repo) == 1
    assert shell(hooks["codegen-generate"]["entry"], repo) == 0
    assert shell(check, repo) == 0
