"""Only regular files are read as specs, and no more of them than the size limit (issue 9).

A FIFO named ``x.yaml`` blocked a run forever; a symlink to /dev/zero passed the size
check (stat says 0 bytes) and was read without end. Now the special file is refused by
name, as an attacker's checkout would present it to ``codegen generate``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.diagnostics import Diagnostics
from codegen.loader import MAX_PAGE_BYTES, Refused, discover, read_regular_file

PAGE = """\
reference:
  go:
    - key: GetWidget
      title: widgets.GetWidget()
      parameters:
        - key: id
          type: string
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, sockets and /dev")


def generate(cwd: Path, *specs: str) -> subprocess.CompletedProcess[str]:
    """``codegen generate`` as a user runs it; a hang fails the test instead of blocking it."""
    return subprocess.run(
        [sys.executable, "-m", "codegen", "generate", *specs, "--lang", "go", "--out", "out"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    os.chdir(path.parent)  # a socket path must be short; bind it relative to its folder
    try:
        server.bind(path.name)
    finally:
        os.chdir(cwd)
    server.close()  # the socket file stays


def link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize(
    ("make", "kind"),
    [(make_fifo, "a FIFO"), (make_socket, "a socket"), (link_to_dev_zero, "a character device")],
)
def test_special_files_are_refused_by_name(tmp_path: Path, make: object, kind: str) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "page.yaml").write_text(PAGE, encoding="utf-8")
    assert callable(make)
    make(specs / "x.yaml")
    for args in (["specs"], ["specs/x.yaml"]):  # found in a folder, or named on the command line
        result = generate(tmp_path, *args)
        assert result.returncode == 2, result.stderr
        assert f"specs/x.yaml:1:1: error: not a regular file ({kind}); refused\n" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()


def test_a_symlink_to_a_regular_page_is_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared" / "widgets.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(PAGE, encoding="utf-8")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "widgets.yaml").symlink_to(elsewhere)
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\nlanguages = ["go"]\n', encoding="utf-8")
    result = generate(tmp_path)  # the configured corpus, not narrowed to a path on the command line
    assert result.returncode == 0, result.stderr
    assert "GetWidget" in (tmp_path / "out" / "go" / "widgets" / "client.go").read_text(encoding="utf-8")


def test_symlinked_folders_are_not_followed_so_loops_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = tmp_path / "specs"
    (specs / "a").mkdir(parents=True)
    (specs / "a" / "page.yaml").write_text(PAGE, encoding="utf-8")
    (specs / "a" / "up").symlink_to("..")  # specs/a/up/a/up/... forever if followed
    (specs / "self").symlink_to(".")
    (specs / "root").symlink_to("/")  # and never a walk of the whole file system
    monkeypatch.chdir(tmp_path)
    diags = Diagnostics()
    found = discover([Path("specs")], diags)
    assert [(name, relative) for _, name, relative in found] == [("specs/a/page.yaml", "a/page.yaml")]
    assert [(str(d.loc), d.message) for d in diags.sorted()] == [
        ("specs/a/up:1:1", "symbolic link to a folder; not followed"),
        ("specs/root:1:1", "symbolic link to a folder; not followed"),
        ("specs/self:1:1", "symbolic link to a folder; not followed"),
    ]


def test_a_spec_path_that_loops_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "loop.yaml").symlink_to("loop.yaml")
    result = generate(tmp_path, "specs")
    assert result.returncode == 2, result.stderr
    assert "specs/loop.yaml:1:1: error: cannot read file: Too many levels of symbolic links" in result.stderr


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_the_size_limit_applies_to_what_is_read_not_to_what_stat_says() -> None:
    """/proc files say 0 bytes, like a device would; the limit still cuts the read."""
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    assert len(read_regular_file(status)) > 64
    with pytest.raises(Refused, match=r"^page is over the limit of 64 bytes; refused$"):
        read_regular_file(status, limit=64)


def test_a_page_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    page = tmp_path / "page.yaml"
    page.write_bytes(b"#" * 100)
    assert read_regular_file(page, limit=100) == b"#" * 100
    with pytest.raises(Refused, match=r"^page is 100 bytes, over the limit of 99; refused$"):
        read_regular_file(page, limit=99)
    assert MAX_PAGE_BYTES == 4 * 1024 * 1024
