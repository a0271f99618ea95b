"""The no-op fast path (codegen/fastpath.py): a plain check or generate whose inputs and outputs
are as the last plain generate recorded them ends before the pipeline loads, and any change to
an input or an output takes the full path, so the answer is never different."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FIXTURES, SPECS, read_tree, run_codegen

from codegen import cache, cli
from codegen.texts import Texts

CONFIG = (
    'specs = ["reference"]\nout = "sdk"\nlanguages = ["python", "go", "curl"]\ntemplates = "overrides"\n'
    '[go]\nmodule = "example.com/catalog"\n'
)
FAST = "inputs unchanged since the last generate"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "reference").mkdir()
    shutil.copyfile(SPECS / "index.mdx", tmp_path / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", tmp_path / "reference" / "catalog")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "codegen.toml").write_text(CONFIG, encoding="utf-8")
    assert run_codegen("generate", "-q", cwd=tmp_path).returncode == 0
    return tmp_path


def test_a_no_op_check_and_generate_end_early_and_write_nothing(repo: Path) -> None:
    before = read_tree(repo / "sdk")
    for command in ("check", "generate"):
        result = run_codegen(command, cwd=repo)
        assert result.returncode == 0, result.stderr
        assert FAST in result.stdout, (command, result.stdout, result.stderr)
        assert result.stderr == ""
    assert read_tree(repo / "sdk") == before
    quiet = run_codegen("check", "-q", cwd=repo)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def _edit_output(repo: Path) -> None:
    path = next((repo / "sdk" / "python").rglob("catalog.py"))
    path.write_text(path.read_text() + "# edited\n")


def _edit_spec(repo: Path) -> None:
    page = repo / "reference" / "catalog" / "shared.yaml"
    page.write_text(page.read_text() + "# a comment changes no output, but the inputs\n")


def _add_override(repo: Path) -> None:
    (repo / "overrides" / "go").mkdir()
    (repo / "overrides" / "go" / "unused.j2").write_text("x\n")


def _drop_script_mode(repo: Path) -> None:
    next((repo / "sdk" / "curl").rglob("*.sh")).chmod(0o644)


def _remove_output(repo: Path) -> None:
    next((repo / "sdk" / "go").rglob("*.go")).unlink()


def _edit_output_and_manifest(repo: Path) -> None:
    """What a hand edit committed together with a matching manifest looks like."""
    import hashlib

    path = next((repo / "sdk" / "python").rglob("catalog.py"))
    old = path.read_bytes()
    new = old + b"# edited\n"
    path.write_bytes(new)
    manifest = repo / "sdk" / ".codegen-manifest"
    sha = hashlib.sha256
    manifest.write_text(manifest.read_text().replace(sha(old).hexdigest(), sha(new).hexdigest()))


def _journal(repo: Path) -> None:
    (repo / "sdk" / ".codegen-manifest.journal").write_text('{"steps": []}')


def _edit_config(repo: Path) -> None:
    (repo / "codegen.toml").write_text(CONFIG + "\n# a comment\n")


# change -> whether check is then stale (exit 1) or still clean (exit 0), by the full path
CHANGES = {
    "an output edited": (_edit_output, 1),
    "an output removed": (_remove_output, 1),
    "a script not executable": (_drop_script_mode, 1),
    "a spec page edited": (_edit_spec, 0),
    "an override added": (_add_override, 0),
    "the config edited": (_edit_config, 0),
    "an output edited with its manifest": (_edit_output_and_manifest, 1),
    "an interrupted run's journal": (_journal, 1),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_takes_the_full_path(change: str, repo: Path) -> None:
    edit, code = CHANGES[change]
    edit(repo)
    result = run_codegen("check", cwd=repo)
    assert FAST not in result.stdout, result.stdout
    assert result.returncode == code, (result.stdout, result.stderr)
    if code == 0:  # a plain generate records the new inputs: the next check is fast again
        assert run_codegen("generate", "-q", cwd=repo).returncode == 0
        assert FAST in run_codegen("check", cwd=repo).stdout


def _check_after_a_change_during_generate(
    repo: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]
) -> subprocess.CompletedProcess[str]:
    """A plain generate in this process, with ``change`` made once its files are made (after
    every page was read, before the record is written); then a check, in a fresh process."""
    made = cli.generate_files

    def made_then_changed(*args: object, **kwargs: object) -> Texts:
        files = made(*args, **kwargs)  # type: ignore[arg-type]
        change()
        return files

    monkeypatch.chdir(repo)
    monkeypatch.setattr(cli, "generate_files", made_then_changed)
    for name in ("notes", "writable"):  # what the command sets for its run, put back after it
        monkeypatch.setattr(cache, name, getattr(cache, name))
    assert cli.main(["generate", "-q"]) == 0
    monkeypatch.undo()
    return run_codegen("check", cwd=repo)


def test_a_spec_edited_while_a_generate_runs_is_a_change_to_the_next_check(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record holds each spec file as the run read it: an edit made after the read is an
    input the outputs do not show, so the next check takes the full path and finds them stale."""
    page = repo / "reference" / "catalog" / "shared.yaml"
    text = page.read_text()
    result = _check_after_a_change_during_generate(
        repo, monkeypatch, lambda: page.write_text(text.replace("Width in millimetres.", "Width in inches."))
    )
    assert FAST not in result.stdout, result.stdout
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "inches" not in "".join(p.read_text() for p in (repo / "sdk").rglob("*.py"))


@pytest.mark.parametrize("change", ["added", "removed"])
def test_a_spec_file_added_or_removed_while_a_generate_runs_is_seen_by_the_next_check(
    repo: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The pages a run read are not the spec files there are once it ends: it records no
    fingerprint, so the next check takes the full path and finds the outputs stale."""
    python = repo / "reference" / "catalog" / "python.yaml"
    kept = python.read_text()
    if change == "added":
        python.unlink()
        assert run_codegen("generate", "-q", cwd=repo).returncode == 0
    result = _check_after_a_change_during_generate(
        repo, monkeypatch, (lambda: python.write_text(kept)) if change == "added" else python.unlink
    )
    assert FAST not in result.stdout, result.stdout
    assert result.returncode == 1, (result.stdout, result.stderr)


def test_without_the_users_cache_there_is_no_fast_path(repo: Path, tmp_path: Path) -> None:
    """The record lives in the user's private cache, not in the repository: a fresh clone (or
    another user, or no cache) takes the full path and gets the same answer."""
    for env in ({"CODEGEN_NO_CACHE": "1"}, {"CODEGEN_CACHE_DIR": str(tmp_path / "another")}):
        result = run_codegen("check", cwd=repo, env=env)
        assert result.returncode == 0, result.stderr
        assert FAST not in result.stdout, env
    assert "# inputs" not in (repo / "sdk" / ".codegen-manifest").read_text()


def test_options_take_the_full_path(repo: Path) -> None:
    for args in (["check", "--strict"], ["check", "--format", "json"], ["check", "--lang", "go"], ["check", "-v"]):
        result = run_codegen(*args, cwd=repo)
        assert FAST not in result.stdout, args


def test_the_manifest_records_the_codegen_version_and_another_one_says_so(repo: Path) -> None:
    manifest = repo / "sdk" / ".codegen-manifest"
    text = manifest.read_text()
    (line,) = [row for row in text.splitlines() if row.startswith("# written by codegen ")]
    assert line != "# written by codegen "
    manifest.write_text(text.replace(line, "# written by codegen 0.0.1"))
    result = run_codegen("check", cwd=repo)
    assert result.returncode == 0 and FAST not in result.stdout
    assert "was written by codegen 0.0.1; this is" in result.stderr
    assert run_codegen("generate", "-q", cwd=repo).returncode == 0
    assert manifest.read_text() == text  # rewritten by this version
    assert FAST in run_codegen("check", cwd=repo).stdout
