"""The edit loop's stage cache (codegen.runcache): a run whose pages hold the same data as the
last run's takes that run's files and diagnostics, each diagnostic at this run's position; any
other change links and renders again."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest
from helpers import SPECS, run_codegen

from codegen import cache, linker, loader, pipeline, runcache, spec
from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS
from codegen.loader import RawPage, load_text
from codegen.spec import Page
from codegen.texts import Texts

LANGUAGES = tuple(EMITTERS)
# A page with warnings, notes and a position inside a message of another page's diagnostic.
PAGE = "authkit/authentication/code.mdx"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SPECS, tmp_path / "specs")
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "writable", True)  # as a generate has it (an earlier check may not)
    return tmp_path


def generate(root: Path, links: list[int], **config: object) -> tuple[dict[str, str], list[str]]:
    """A whole run as the command makes it; ``links`` counts the times it linked."""
    settings = Config(root=root, **config)  # type: ignore[arg-type]
    diags = Diagnostics(levels=dict(settings.diagnostics))
    real = linker.link_each

    def counted(*args: object, **kwargs: object) -> object:
        links.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    linker.link_each = counted  # type: ignore[assignment]
    try:
        files = pipeline.generate_files([root / "specs"], settings, LANGUAGES, diags, reuse=True)
    finally:
        linker.link_each = real
    for path, text in files.items():  # written, as the command writes them
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8", newline="")
    return files, [d.format() for d in diags.sorted()]


def shift(page: Path) -> None:
    """Comment lines at the top and inside the front matter, blank lines, prose below it: the
    same data at other positions."""
    lines = page.read_text(encoding="utf-8").split("\n")
    items = [i for i, line in enumerate(lines) if line.lstrip().startswith("- key: ")]  # never in a block text
    for at in (*items[-1:0:-7], 1):
        indent = len(lines[at]) - len(lines[at].lstrip())
        lines[at:at] = [" " * indent + "# moved down", ""]
    page.write_text("\n".join(lines) + "\nMore prose.\n", encoding="utf-8")


@pytest.mark.parametrize("chunk", [None, 7])
def test_pages_that_say_the_same_reuse_the_last_run_at_their_new_positions(
    project: Path, chunk: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(``chunk``: the run's entry keeps its diagnostics in pieces of 7, not 1,000: the corpus'
    take many.)"""
    if chunk is not None:
        monkeypatch.setattr(runcache, "_CHUNK", chunk)
    links: list[int] = []
    first, first_diags = generate(project, links)
    assert len(first_diags) > 5 * (chunk or 0)
    assert len(links) == 1
    again, again_diags = generate(project, links)
    assert len(links) == 1 and again == first and again_diags == first_diags
    shift(project / "specs" / PAGE)
    moved, moved_diags = generate(project, links)
    assert len(links) == 1  # reused
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEGEN_NO_CACHE", "1")
        fresh, fresh_diags = generate(project, links)
    assert len(links) == 2
    assert moved == fresh == first
    assert moved_diags == fresh_diags != first_diags  # the page's diagnostics moved down
    assert sum(PAGE in line for line in moved_diags) > 5
    # The files are read back from where the last run wrote them: one that changed there (a
    # failed write, an edit) links and renders again.
    written = project / next(iter(first))
    written.write_text(written.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    again, _ = generate(project, links)
    assert len(links) == 3 and again == first
    # What a person writes in a keep region is theirs: the files are still the last run's.
    kept = next(path for path, text in first.items() if path.endswith(".py") and "codegen:begin-keep" in text)
    text = (project / kept).read_text(encoding="utf-8")
    marker = next(line for line in text.splitlines(keepends=True) if "codegen:begin-keep" in line)
    (project / kept).write_text(text.replace(marker, marker + "    x = 1  # mine\n", 1), encoding="utf-8")
    reused, _ = generate(project, links)
    assert len(links) == 3 and reused == first


def test_a_large_run_reads_the_last_runs_files_back_into_a_temporary_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "SPILL_MIN_PAGES", 0)  # every run is large enough
    monkeypatch.setattr(pipeline, "STREAM_MIN_PAGES", 0)  # and validates each page as it is read
    links: list[int] = []
    first, first_diags = generate(project, links)
    shift(project / "specs" / PAGE)
    again, again_diags = generate(project, links)
    assert len(links) == 1  # reused
    assert isinstance(again, Texts) and again.spilled
    assert dict(again.items()) == dict(first.items()) and again_diags != first_diags
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODEGEN_NO_CACHE", "1")
        fresh, fresh_diags = generate(project, links)
    assert len(links) == 2 and fresh == first and fresh_diags == again_diags


def test_a_run_that_links_lets_each_pages_data_go_as_it_is_validated(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference below STREAM_MIN_PAGES keeps its pages as read until the run key says it
    must link; then each page's data goes as the page is validated, not once all are."""
    alive: list[weakref.ref[RawPage]] = []
    held: list[int] = []  # how many pages' data were alive as each page was validated
    read, check = loader.load_file, spec.validate_page

    def noted(*args: Any, **kwargs: Any) -> RawPage | None:
        page = read(*args, **kwargs)
        if page is not None:
            alive.append(weakref.ref(page))
        return page

    def counted(raw: RawPage, diags: Diagnostics) -> Page | None:
        gc.collect()
        held.append(sum(ref() is not None for ref in alive))
        return check(raw, diags)

    monkeypatch.setattr(loader, "load_file", noted)
    monkeypatch.setattr(linker, "validate_page", counted)  # every page is validated there
    generate(project, [])
    assert len(held) > 200
    assert held[-1] <= 2 and held[0] == len(held)  # at first every page, at last the one validated


def test_a_run_that_takes_the_last_runs_files_validates_no_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit loop's run whose pages say what they said (a comment added) reads them and
    takes the last run's files: validating the pages would be wasted (a reference of
    STREAM_MIN_PAGES pages and more validates each as it reads it, for memory)."""
    links: list[int] = []
    generate(project, links)
    shift(project / "specs" / PAGE)
    validated: list[str] = []
    real = spec.validate_page

    def counted(raw: RawPage, diags: Diagnostics) -> Page | None:
        validated.append(raw.file)
        return real(raw, diags)

    monkeypatch.setattr(linker, "validate_page", counted)  # every page is validated there
    generate(project, links)
    assert len(links) == 1 and validated == []
    (project / "specs" / PAGE).write_text("---\nreference: {}\n---\n", encoding="utf-8")
    generate(project, links)
    assert len(links) == 2 and len(validated) > 200


@pytest.mark.parametrize(
    "change",
    ["data", "config", "unreadable"],
)
def test_anything_else_links_and_renders_again(project: Path, change: str) -> None:
    links: list[int] = []
    first, _ = generate(project, links)
    page = project / "specs" / PAGE
    config: dict[str, object] = {}
    if change == "data":
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("description:", "description:  ", 1), encoding="utf-8")  # same data
        generate(project, links)
        assert len(links) == 1
        page.write_text(text.replace("type: String", "type: string", 1), encoding="utf-8")
    elif change == "config":
        config = {"out": "elsewhere"}
    else:  # the same text, read as a YAML tag it cannot construct: data alike, not the page
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("type: String", "type: !!int String", 1), encoding="utf-8")
    files, diags = generate(project, links, **config)
    assert len(links) == 2
    if change == "config":
        assert files != first
    if change == "unreadable":
        assert any("invalid !!int value" in line for line in diags)


def test_positions_in_messages_follow_their_nodes() -> None:
    def page(text: str) -> RawPage:
        found = load_text("specs/a.mdx", text, Diagnostics())
        assert found is not None
        return found

    # x's key at 5:1 and its value at 5:3 (the front matter starts below line 1), y's at 6:5.
    anchors = runcache._Anchors([page("---\n\n\n\nx:\n    y: 1\n---\n")])
    text, at = anchors.text("here: specs/a.mdx:6:7, not specs/b.mdx:1:1, and specs/a.mdx:5:1.")
    assert text is not None and "specs/a.mdx" not in text and "specs/b.mdx:1:1" in text
    again = runcache._Anchors([page("---\n\n\n\n\n\n\nx:\n    y: 1\n---\n")])
    assert again.retext(text, at) == "here: specs/a.mdx:9:7, not specs/b.mdx:1:1, and specs/a.mdx:8:1."
    gone = runcache._Anchors([page("---\n\n\n\n\n\n\nx: 1\n---\n")])
    assert gone.retext(text, at) is None  # a node that is gone: no reuse


def test_check_reuses_but_never_writes_and_a_forged_entry_is_ignored(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.codegen]\nspecs = ["specs"]\n', encoding="utf-8")
    assert run_codegen("check", cwd=project).returncode == 1  # nothing generated yet
    runs = project / "cache" / "runs"
    assert not runs.exists() or not any(runs.iterdir())
    assert run_codegen("generate", "-q", cwd=project).returncode == 0
    (entry,) = runs.iterdir()
    shift(project / "specs" / PAGE)
    before = entry.stat()
    assert run_codegen("check", cwd=project).returncode == 0
    assert entry.stat().st_mtime_ns == before.st_mtime_ns and entry.stat().st_ino == before.st_ino
    data = bytearray(entry.read_bytes())
    data[-3] ^= 1
    entry.write_bytes(bytes(data))
    checked = run_codegen("check", cwd=project)
    assert checked.returncode == 0 and "authentication failed" in checked.stderr


def test_pages_read_before_are_not_parsed_again_and_keep_their_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from codegen import loader

    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "writable", True)
    specs = tmp_path / "specs"
    (specs / "a").mkdir(parents=True)
    (specs / "a" / "twice.yaml").write_text("reference:\n  curl: []\nreference:\n  go: []\n", encoding="utf-8")
    (specs / "a" / "broken.yaml").write_text("reference: [\n", encoding="utf-8")
    (specs / "a" / "fine.mdx").write_text("---\ndescriptions:\n  x:\n    y: z\n---\nProse.\n", encoding="utf-8")
    parsed: list[str] = []
    real = loader._parse_file

    def counted(path: str, *args: object) -> object:
        parsed.append(Path(path).name)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_parse_file", counted)
    config = Config(root=tmp_path)

    def load() -> tuple[list[tuple[str, object, object, object]], list[str]]:
        diags = Diagnostics()
        known = runcache.PageCache(config, diags.levels)
        pages = loader.load_tree([specs], diags, known)
        known.save()
        read = [(p.file, p.data, p.source.saved(), p.source.unreadable) for p in pages]
        return read, [d.format() for d in diags.sorted()]

    first = load()
    assert sorted(parsed) == ["broken.yaml", "fine.mdx", "twice.yaml"]
    assert any("duplicate key" in line for line in first[1]) and any("YAML syntax" in line for line in first[1])
    assert load() == first and len(parsed) == 3  # nothing parsed again
    (specs / "a" / "fine.mdx").write_text("---\ndescriptions:\n  x:\n    y: w\n---\nProse.\n", encoding="utf-8")
    pages, _ = load()
    data = next(read[1] for read in pages if read[0].endswith("fine.mdx"))
    assert parsed[3:] == ["fine.mdx"] and data == {"descriptions": {"x": {"y": "w"}}}
    other = Config(root=tmp_path, diagnostics={"duplicate-key": "ignore"})
    diags = Diagnostics(levels=dict(other.diagnostics))
    loader.load_tree([specs], diags, runcache.PageCache(other, diags.levels))
    assert len(parsed) == 7  # other levels: every page parsed again


def _pages_entry(tmp_path: Path) -> tuple[Path, list[str], Config]:
    """A project of three pages whose page cache was written once: (its entry, the parse log, config)."""
    from codegen import loader

    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("a", "b", "c"):
        (specs / f"{name}.yaml").write_text(f"descriptions:\n  {name}:\n    key: value {name}\n", encoding="utf-8")
    parsed: list[str] = []
    real = loader._parse_file

    def counted(path: str, *args: object) -> object:
        parsed.append(Path(path).name)
        return real(path, *args)  # type: ignore[arg-type]

    loader._parse_file = counted  # type: ignore[assignment]
    config = Config(root=tmp_path)
    load_pages(config)
    (entry,) = (tmp_path / "cache" / "pages").iterdir()
    return entry, parsed, config


def load_pages(config: Config) -> tuple[list[RawPage], Diagnostics]:
    diags = Diagnostics()
    known = runcache.PageCache(config, diags.levels)
    pages = loader.load_tree([config.root / "specs"], diags, known)
    known.save()
    return pages, diags


@pytest.fixture
def pages_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str], Config]:
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "writable", True)
    monkeypatch.setattr(cache, "_NOTED", set())
    monkeypatch.setattr(cache, "notes", True)  # an earlier run with -q in this process turned them off
    monkeypatch.setattr(loader, "_parse_file", loader._parse_file)  # restored after the test
    return _pages_entry(tmp_path)


def test_a_page_record_is_read_alone_and_one_that_was_changed_is_parsed_again(
    pages_entry: tuple[Path, list[str], Config], capsys: pytest.CaptureFixture[str]
) -> None:
    entry, parsed, config = pages_entry
    assert sorted(parsed) == ["a.yaml", "b.yaml", "c.yaml"]
    first = entry.read_bytes()
    at = first.index(b"value b")  # inside b's record (marshal keeps the text as it is)
    entry.write_bytes(first[:at] + b"VALUE" + first[at + 5 :])
    pages, _ = load_pages(config)
    assert sorted(parsed[3:]) == ["b.yaml"]  # a and c still read from their records
    assert {p.file.rsplit("/", 1)[-1]: p.data for p in pages}["b.yaml"] == {"descriptions": {"b": {"key": "value b"}}}
    assert "authentication failed" in capsys.readouterr().err
    load_pages(config)
    assert len(parsed) == 4  # written again, as the pages say, and read from it since


@pytest.mark.parametrize("how", ["index changed", "truncated", "another stamp", "not private"])
def test_a_pages_entry_that_cannot_be_trusted_is_not_read(
    pages_entry: tuple[Path, list[str], Config], how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    entry, parsed, config = pages_entry
    data = entry.read_bytes()
    if how == "index changed":  # the index points a's key at b's record: refused whole
        entry.write_bytes(data[:-50] + bytes([data[-50] ^ 1]) + data[-49:])
    elif how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "another stamp":  # written by another codegen: silently not read
        entry.write_bytes(data.replace(b"records 1\n", b"records 1\nx", 1))
    else:
        entry.chmod(0o644)
    load_pages(config)
    assert sorted(parsed[3:]) == ["a.yaml", "b.yaml", "c.yaml"]
    noted = capsys.readouterr().err
    assert ("ignoring cache file" in noted) == (how != "another stamp"), noted


# The entry's reads: its header, the index's length, the index, its HMAC, then each record's head
# and bytes. Failing the first: no page is read from it; the fifth: the first page read is not.
@pytest.mark.parametrize(("fails", "parsed_again"), [(1, 3), (5, 1)])
def test_a_pages_entry_that_cannot_be_read_means_the_pages_are_parsed_again(
    pages_entry: tuple[Path, list[str], Config], monkeypatch: pytest.MonkeyPatch, fails: int, parsed_again: int
) -> None:
    import os

    _, parsed, config = pages_entry
    real, calls = os.pread, []

    def failing(fd: int, size: int, offset: int) -> bytes:
        calls.append(offset)
        if len(calls) == fails:
            raise OSError(5, "Input/output error")
        return real(fd, size, offset)

    monkeypatch.setattr(cache.os, "pread", failing)
    pages, _ = load_pages(config)
    assert len(pages) == 3
    assert len(parsed) == 3 + parsed_again


def test_the_unfinished_entry_of_a_killed_run_is_removed_by_the_next(
    pages_entry: tuple[Path, list[str], Config],
) -> None:
    import os
    import time

    entry, _, config = pages_entry
    stale, live = (entry.parent / f"{entry.name}.{tag}.tmp" for tag in ("0123456789abcdef", "fedcba9876543210"))
    for path in (stale, live):
        path.write_bytes(b"half an entry")
        path.chmod(0o600)
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    load_pages(config)
    assert sorted(p.name for p in entry.parent.iterdir()) == sorted([entry.name, live.name])


def test_a_run_stopped_while_reading_pages_leaves_nothing_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "writable", True)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text("descriptions:\n  a:\n    key: value\n", encoding="utf-8")

    def stopped(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "_parse_file", stopped)
    config = Config(root=tmp_path)
    with pytest.raises(KeyboardInterrupt):
        pipeline.generate_files([tmp_path / "specs"], config, ("go",), Diagnostics(), reuse=True)
    assert list((tmp_path / "cache" / "pages").iterdir()) == []  # its half-written entry is gone


def test_a_file_the_keep_file_keeps_is_the_users_and_does_not_stop_reuse(project: Path) -> None:
    links: list[int] = []
    first, _ = generate(project, links)
    kept = next(path for path in first if path.endswith(".go"))
    (project / ".codegenignore").write_text(f"{kept}\n", encoding="utf-8")
    generate(project, links)  # another keep file: linked again
    assert len(links) == 2
    (project / kept).write_text("// mine\n", encoding="utf-8")
    files, _ = generate(project, links)
    assert len(links) == 2  # reused, though the kept file is not what codegen would write
    assert kept not in files and files == {k: v for k, v in first.items() if k != kept}


def test_every_position_the_corpus_reports_is_anchored_to_a_node_and_back() -> None:
    """A kept diagnostic is stored as the node at or before it plus an offset: on the whole
    corpus, every reported position names a node and comes back the same."""
    diags = Diagnostics()
    pages = loader.load_tree([SPECS], diags)
    pipeline.link_pages(pages, diags)
    anchors = runcache._Anchors(pages)
    on_pages = [d.loc for d in diags.items if d.loc.file in anchors.sources and d.loc.line > 0]
    assert len(on_pages) > 50
    anchored = [anchors.anchor(loc) for loc in on_pages]
    assert [anchors.loc(anchor) for anchor in anchored] == on_pages
    assert sum(1 for anchor in anchored if anchor[1]) == len(on_pages)


def test_a_pages_key_is_its_data_however_its_values_are_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Equal data, one page holding one string object twice (as the loader shares short values
    across pages) and the other two copies, gives one key; any change to the data, another."""
    monkeypatch.setenv("CODEGEN_CACHE_DIR", str(tmp_path / "cache"))
    config = Config(root=tmp_path)
    shared = "a value long enough to be its own object " * 2
    copy = "".join(list(shared))
    assert copy == shared and copy is not shared

    def key(data: dict[str, Any]) -> str:
        made = runcache.RunKey(config, LANGUAGES, {})
        made.page(RawPage("specs/a.mdx", data, loader.SourceMap("specs/a.mdx"), "a.mdx"))
        return made.hexdigest()

    same = key({"a": [shared, shared], "b": 1})
    assert key({"a": [shared, copy], "b": 1}) == same
    assert key({"a": [copy, copy], "b": 1}) == same
    changes: list[dict[str, Any]] = [
        {"a": [shared, shared], "b": True},
        {"a": [shared, shared], "b": 1.0},
        {"b": 1, "a": [shared, shared]},
        {"a": [shared], "b": 1},
    ]
    for changed in changes:
        assert key(changed) != same, changed
