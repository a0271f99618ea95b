"""An interrupted or failing ``generate`` never leaves a wrong tree (issue 18).

``generate`` records its steps in a journal before taking them; a run killed at any step leaves
the journal, ``check`` then reports the tree stale, and the next ``generate`` undoes the steps
and writes what a clean run writes. A step that fails undoes everything: nothing is visible.
The fault-injection hook (``CODEGEN_FAULT``, for tests only) kills the run, or fails the step,
right after the named step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers import catalog_repo, read_tree, run_codegen

CONFIG = 'specs = ["reference"]\nout = "sdk"\nlanguages = ["python", "curl"]\n'


def _repo(folder: Path) -> Path:
    return catalog_repo(folder, CONFIG)


def _edit(repo: Path) -> None:
    """A docs change that rewrites some files and removes others (the catalog's curl entries go
    away, a description changes)."""
    (repo / "reference" / "catalog" / "curl.yaml").unlink()
    shared = repo / "reference" / "catalog" / "shared.yaml"
    text = shared.read_text(encoding="utf-8")
    assert "Name for the new widget." in text
    shared.write_text(text.replace("Name for the new widget.", "What to call the new widget."), encoding="utf-8")


class Trees(NamedTuple):
    before: Path  # a repo generated before the edit, to copy
    edited: Path  # the same repo with the edit made (not generated since)
    clean: dict[str, bytes]  # what a clean run writes after the edit
    steps: list[str]  # the edited run's steps, in order


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> Trees:
    before = _repo(tmp_path_factory.mktemp("before"))
    assert run_codegen("generate", "-q", cwd=before).returncode == 0
    edited = tmp_path_factory.mktemp("edited") / "repo"
    shutil.copytree(before, edited)
    _edit(edited)
    after = tmp_path_factory.mktemp("after") / "repo"
    shutil.copytree(edited, after)
    journal = after / "sdk" / ".codegen-manifest.journal"
    steps = []
    for index in range(1000):  # the steps, found by failing the run right after each in turn
        failed = run_codegen("generate", "-q", cwd=after, env={"CODEGEN_FAULT": f"fail:step:{index}"})
        if failed.returncode == 0:  # there is no such step: that run finished
            break
        found = re.search(r"injected fault after (\w+:\d+)", failed.stderr)
        assert failed.returncode == 2 and found, failed.stderr
        assert not journal.exists()
        steps.append(found[1])
    return Trees(before, edited, read_tree(after / "sdk"), ["journal", *steps, "committed", "done"])


def test_a_run_killed_at_any_step_heals_on_the_next_generate(trees: Trees, tmp_path: Path) -> None:
    steps = trees.steps
    assert any(s.startswith("remove:") for s in steps) and sum(s.startswith("write:") for s in steps) >= 3, steps
    for step in steps:
        repo = tmp_path / f"kill-{step.replace(':', '-')}"
        shutil.copytree(trees.edited, repo)
        killed = run_codegen("generate", "-q", cwd=repo, env={"CODEGEN_FAULT": f"kill:{step}"})
        assert killed.returncode == -9, (step, killed.stderr)
        if step != "done":  # after "done" the journal is gone: the run had finished
            stale = run_codegen("check", "-q", cwd=repo)
            assert stale.returncode == 1, (step, stale.stdout, stale.stderr)
            assert "interrupted" in stale.stdout, step
        healed = run_codegen("generate", "-q", cwd=repo)
        assert healed.returncode == 0, (step, healed.stderr)
        assert read_tree(repo / "sdk") == trees.clean, step
        assert run_codegen("check", "-q", cwd=repo).returncode == 0, step


def test_a_step_that_fails_changes_nothing(trees: Trees, tmp_path: Path) -> None:
    untouched = read_tree(trees.before / "sdk")
    for step in trees.steps[:-2]:  # after "committed" every step was taken: nothing left to fail
        repo = tmp_path / f"fail-{step.replace(':', '-')}"
        shutil.copytree(trees.edited, repo)
        failed = run_codegen("generate", "-q", cwd=repo, env={"CODEGEN_FAULT": f"fail:{step}"})
        assert failed.returncode == 2, (step, failed.stderr)
        assert "nothing was changed" in failed.stderr, (step, failed.stderr)
        assert read_tree(repo / "sdk") == untouched, step


@pytest.mark.parametrize("count", [0, 1, 2, 5])
@pytest.mark.parametrize("committed", [False, True])
def test_the_journal_written_in_pieces_is_the_one_json_document_of_its_steps(
    count: int, committed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal is written a piece of steps at a time: its text is json.dumps of the whole
    (what an earlier codegen wrote, and what recover reads), however the pieces fall."""
    import json

    from codegen import output

    monkeypatch.setattr(output, "_JOURNAL_PIECE", 2)
    steps = [
        {"do": "write", "key": f"gen/é{i}\ud800.txt", "temporary": f"t{i}", "backup": "", "sha": "0" * 64}
        for i in range(count)
    ]
    journal = tmp_path / ".journal"
    output._write_journal(journal, steps, committed=committed)
    document = {"journal": "codegen generate, unfinished: the next generate undoes it", "committed": committed}
    assert journal.read_bytes() == json.dumps({**document, "steps": steps}).encode("ascii")
    assert json.loads(journal.read_text(encoding="utf-8"))["steps"] == steps
