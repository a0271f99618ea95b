"""Which spec files a run finds, and the names diagnostics give them (codegen.loader.discover):
each file under the current folder is named relative to it, wherever its folder was reached
from (a relative path, one through '..', a link to the spec folder); others by the path given."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codegen.diagnostics import Diagnostics
from codegen.loader import discover


def _tree(root: Path) -> None:
    for relative in ("a.mdx", "x/b.mdx", "x/y/c.yaml", "x/y/z/d.yml", "x/y/z/notes.txt", ".hidden/e.mdx"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("---\n---\n", encoding="utf-8")


def test_each_file_is_named_from_its_resolved_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    _tree(work / "specs")
    _tree(elsewhere / "specs")
    (work / "linked").symlink_to(elsewhere / "specs")  # a link to a spec folder outside
    (work / "inner").symlink_to(work / "specs" / "x")  # a link to a folder inside
    monkeypatch.chdir(work)
    roots = [Path("specs"), Path("specs/x/../x"), work / "specs", Path("linked"), Path("inner"), elsewhere / "specs"]
    for root in roots:
        diags = Diagnostics()
        found = discover([root], diags)
        assert not diags.items, root
        expected = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            folder = Path(dirpath)
            real = Path(os.path.realpath(folder))
            shown = real.relative_to(work).as_posix() if real.is_relative_to(work) else None
            for name in filenames:
                if name.endswith((".mdx", ".yaml", ".yml")):
                    display = (
                        (folder / name).as_posix() if shown is None else (name if shown == "." else f"{shown}/{name}")
                    )
                    under = folder.relative_to(root).as_posix()
                    expected.append((str(folder / name), display, name if under == "." else f"{under}/{name}"))
        assert found == sorted(expected, key=lambda item: item[1]), root
        assert len(found) == (3 if root.name in ("x", "inner") else 4), root
    names = {shown for _, shown, _ in discover([Path("inner"), Path("linked")], Diagnostics())}
    assert "specs/x/b.mdx" in names and "linked/a.mdx" in names  # outside: by the path given
