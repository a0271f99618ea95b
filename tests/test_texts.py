"""The generated texts a large run keeps in a temporary file (codegen.texts) read back as they
were given, and a run that keeps them there writes, checks and carries keep regions exactly as
one that holds them in memory."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from helpers import ROOT, SPECS, catalog_repo
from helpers import read_tree as tree

from codegen import pipeline, texts
from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS
from codegen.texts import Texts

SAMPLES = {
    "b/plain.py": "print('hi')\n",
    "a/empty.txt": "",
    "c/unicode.md": "naïve — 日本語 😀\n",
    "d/surrogate.txt": "lone \ud800 half\n",  # not UTF-8: kept as it was all the same
}


@pytest.mark.parametrize("spill", [False, True])
def test_texts_read_back_as_given(spill: bool) -> None:
    held = Texts(SAMPLES.items(), spill=spill)
    assert held.spilled is spill
    assert dict(held.items()) == SAMPLES and list(held) == list(SAMPLES)
    held["b/plain.py"] = "print('again')\n"  # replaced, in its place
    assert list(held) == list(SAMPLES) and held["b/plain.py"] == "print('again')\n"
    copy = held.copy()
    del copy["a/empty.txt"]
    copy["e/new.txt"] = "new\n"
    assert "a/empty.txt" in held and "a/empty.txt" not in copy and "e/new.txt" not in held
    assert held["c/unicode.md"] == copy["c/unicode.md"] == SAMPLES["c/unicode.md"]
    assert list(held.sorted()) == sorted(SAMPLES) and held.sorted()["d/surrogate.txt"] == SAMPLES["d/surrogate.txt"]
    assert len(held) == 4 and held.get("missing") is None


@pytest.mark.parametrize("spill", [False, True])
def test_a_texts_digest_is_that_of_its_utf8_and_a_spilled_one_is_not_decoded_for_it(
    spill: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run cache, the plan and the journal record each file's SHA-256: a spilled text's is
    taken from its bytes as read back (a 10,000-page run's largest text is 5 MB), the same as
    that of the text (a lone surrogate too)."""
    import hashlib

    files = Texts(SAMPLES.items(), spill=spill)
    assert files.spilled is spill

    def no_decoding(self: texts.Spill, where: tuple[int, int]) -> str:
        raise AssertionError("decoded")

    monkeypatch.setattr(texts.Spill, "get", no_decoding)
    for key, text in SAMPLES.items():
        expected = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        assert files.digest(key) == texts.digest_of(files, key) == texts.digest(text) == expected
        assert texts.digest_of(dict(SAMPLES), key) == expected
    assert len({files.digest(key) for key in SAMPLES}) == len(SAMPLES)


@pytest.mark.parametrize("spill", [False, True])
def test_a_texts_digest_is_worked_out_once_and_never_outlives_its_text(
    spill: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan, the journal and the run cache each ask for every file's digest: each is read
    and hashed once, and a text replaced, placed, removed or copied answers with its own."""
    import hashlib

    files = Texts(SAMPLES.items(), spill=spill)
    reads: list[str] = []
    encoded = Texts.encoded
    monkeypatch.setattr(Texts, "encoded", lambda self, key: reads.append(key) or encoded(self, key))
    for _ in range(3):
        assert [files.digest(key) for key in SAMPLES] == [texts.digest(text) for text in SAMPLES.values()]
    assert sorted(reads) == sorted(SAMPLES)
    files["a/empty.txt"] = "now"
    assert files.digest("a/empty.txt") == texts.digest("now")
    copied, ordered = files.copy(), files.sorted()
    copied["a/empty.txt"] = "again"
    assert copied.digest("a/empty.txt") == texts.digest("again") and files.digest("a/empty.txt") == texts.digest("now")
    assert ordered.digest("a/empty.txt") == texts.digest("now")
    other = Texts(spill=True)
    other["x"] = "placed"
    where = other._held["x"]
    assert isinstance(where, tuple) and other._spill is not None  # spilled: a temporary file
    files.adopt("b/plain.py", texts.Placed(other._spill, *where))
    assert files.digest("b/plain.py") == hashlib.sha256(b"placed").hexdigest()
    del files["c/unicode.md"]
    files["c/unicode.md"] = "new"
    assert files.digest("c/unicode.md") == texts.digest("new")


def test_a_cold_write_of_spilled_texts_plans_and_writes_them_without_decoding_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan reads a file's text only to compare it with one on disk (none here), and the
    write puts each text's bytes as read back: a large run's texts are never decoded and encoded
    again to be written. The files are the texts, a script is executable, the manifest records
    each file's digest."""
    from codegen import output

    given = {**{f"gen/{key}": text for key, text in SAMPLES.items()}, "gen/run.sh": "#!/bin/sh\necho é\n"}
    files = Texts(given.items(), spill=True)
    assert files.spilled

    def no_decoding(self: texts.Spill, where: tuple[int, int]) -> str:
        raise AssertionError("decoded")

    monkeypatch.setattr(texts.Spill, "get", no_decoding)
    layout = output.Layout(root=tmp_path, manifest="gen/.manifest", out_dirs={"curl": "gen"}, languages=("curl",))
    plan = output.plan(layout, files, files, diffs=False)
    assert sorted(plan.missing) == sorted(given) and not plan.changed and not plan.conflicts
    assert plan.entries == {key: texts.digest(text) for key, text in given.items()}
    output.apply(layout, files, plan)
    for key, text in given.items():
        assert (tmp_path / key).read_bytes() == text.encode("utf-8", "surrogatepass")
        assert os.access(tmp_path / key, os.X_OK) is key.endswith(".sh")


@pytest.mark.parametrize("spill", [False, True])
def test_a_text_placed_in_another_spill_file_is_kept_there_and_not_decoded_to_be_written(
    spill: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked child's texts are in a file it shares with this process: a mapping keeps where
    each is (in memory or spilling), so its bytes and digest are read from there undecoded, its
    text when asked for; a copy of the mapping shares them."""
    import hashlib

    source = texts.Spill()
    held = Texts(spill=spill)
    for key, text in SAMPLES.items():
        held.adopt(key, texts.Placed(source, *source.put(text)))
    held["e/own.txt"] = "its own\n"
    get = texts.Spill.get

    def no_decoding(self: texts.Spill, where: tuple[int, int]) -> str:
        raise AssertionError("decoded")

    monkeypatch.setattr(texts.Spill, "get", no_decoding)
    for key, text in SAMPLES.items():
        assert held.encoded(key) == text.encode("utf-8", "surrogatepass")
        assert held.digest(key) == hashlib.sha256(held.encoded(key)).hexdigest() == texts.digest(text)
    monkeypatch.setattr(texts.Spill, "get", get)
    assert dict(held.copy().items()) == dict(held.sorted().items()) == {**SAMPLES, "e/own.txt": "its own\n"}
    assert held.spilled is spill and os.path.getsize(f"/proc/self/fd/{source.file.fileno()}") == source.end


def test_a_text_the_disk_has_no_room_for_stays_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    held = Texts(spill=True)
    held["first"] = "on disk\n"

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    held["second"] = "in memory\n"
    assert held["second"] == "in memory\n" and held["first"] == "on disk\n"


def test_without_a_temporary_file_the_texts_are_held_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    held = Texts(SAMPLES.items(), spill=True)
    assert not held.spilled and dict(held.items()) == SAMPLES


def test_a_spilled_run_returns_the_same_files_and_diagnostics() -> None:
    languages = tuple(EMITTERS)
    held_diags, spilled_diags = Diagnostics(), Diagnostics()
    held = pipeline.generate_files([SPECS], Config(root=ROOT), languages, held_diags, spill=False)
    spilled = pipeline.generate_files([SPECS], Config(root=ROOT), languages, spilled_diags, spill=True)
    assert not held.spilled and spilled.spilled
    assert len(held) > 400 and list(spilled) == list(held)
    assert dict(spilled.items()) == dict(held.items())
    assert spilled_diags.sorted() == held_diags.sorted()


def test_a_large_reference_spills_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "SPILL_MIN_PAGES", 3)
    seed = [SPECS / "mfa"]
    assert pipeline.generate_files(seed, Config(root=ROOT), ("python",), Diagnostics()).spilled
    monkeypatch.setattr(pipeline, "SPILL_MIN_PAGES", 10_000)
    assert not pipeline.generate_files(seed, Config(root=ROOT), ("python",), Diagnostics()).spilled


CONFIG = 'specs = ["reference"]\nout = "sdk"\nlanguages = ["python"]\n[python]\npackage = "acme"\n'


def _repo(folder: Path) -> Path:
    return catalog_repo(folder, CONFIG)


def test_a_spilled_run_writes_checks_and_keeps_regions_as_one_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from codegen import cli

    def run(repo: Path, *args: str) -> int:
        monkeypatch.chdir(repo)
        return cli.main([*args, "-q"])

    held, spilled = _repo(tmp_path / "held"), _repo(tmp_path / "spilled")
    assert run(held, "generate") == 0
    monkeypatch.setattr(pipeline, "SPILL_MIN_PAGES", 0)  # every run spills from here on
    assert run(spilled, "generate") == 0
    assert tree(spilled / "sdk") == tree(held / "sdk") and tree(spilled / "sdk")
    # A keep region's body survives; a kept path is left alone; check sees no drift.
    service = spilled / "sdk/python/acme/catalog.py"
    marker = "    # codegen:begin-keep Catalog.methods\n"
    custom = "    def custom(self) -> int:\n        return 42\n"
    service.write_text(service.read_text(encoding="utf-8").replace(marker, marker + custom), encoding="utf-8")
    models = spilled / "sdk/python/acme/models/catalog.py"
    (spilled / ".codegenignore").write_text("sdk/python/acme/models/catalog.py\n", encoding="utf-8")
    models.write_text("# mine now\n", encoding="utf-8")
    assert run(spilled, "generate") == 0  # the manifest drops the kept path
    assert run(spilled, "check") == 0
    assert custom in service.read_text(encoding="utf-8") and models.read_text(encoding="utf-8") == "# mine now\n"
    # An edit outside a region is a conflict, in check and in generate.
    service.write_text(service.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    capsys.readouterr()
    assert run(spilled, "check") == 1 and "was edited" in capsys.readouterr().out
    assert run(spilled, "generate") == 2
    assert service.read_text(encoding="utf-8").endswith("# edited\n")
    assert texts.SPILL_MIN_PAGES == 1_000  # the module's own figure was left alone
