"""``codegen templates --copy`` in someone else's repo writes only inside the override folder:
links planted there (to a file of the user's, or dangling) are replaced or left alone, never
written through."""

from __future__ import annotations

from pathlib import Path

from helpers import run_codegen


def test_copy_never_writes_through_a_link(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    folder = repo / "codegen-templates"
    (folder / "python").mkdir(parents=True)
    (repo / "codegen.toml").write_text('specs = ["reference"]\ntemplates = "codegen-templates"\n', encoding="utf-8")
    precious = tmp_path / "bashrc"
    precious.write_text("# the user's own file\n", encoding="utf-8")
    planted = tmp_path / "autostart.desktop"
    (folder / ".codegen-template-hashes").symlink_to(precious)
    (folder / "python" / "service.py.j2").symlink_to(planted)  # dangling: copying would create it

    result = run_codegen("templates", "--copy", "python", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert precious.read_text(encoding="utf-8") == "# the user's own file\n"
    assert not planted.exists()
    hashes = folder / ".codegen-template-hashes"
    assert not hashes.is_symlink() and "python/service.py.j2" in hashes.read_text(encoding="utf-8")
    assert (folder / "python" / "models.py.j2").is_file() and not (folder / "python" / "models.py.j2").is_symlink()
    assert "service.py.j2" not in result.stdout
