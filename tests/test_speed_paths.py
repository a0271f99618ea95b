"""What makes a run fast must not change what it produces: formatter workers and the on-disk cache.

- Python files formatted by forked workers are byte-identical to in-process formatting, and
  linking and rendering a language at a time gives what linking everything first gives.
- A template that renders unparsable Python is a diagnostic at the generated line, not a crash,
  with or without workers, and nothing is written.
- The cache (``CODEGEN_CACHE_DIR``) is filled by ``generate``, never by ``check``; a corrupt
  or unwritable cache is ignored; output is the same cold, warm and with the cache off.
- Workers do not outlive a killed ``codegen``.
- Hostile input cannot make a run quadratic: the same key on thousands of pages, one name
  defined in thousands of areas, thousands of dangling references, thousands of unknown
  keys, a type with thousands of literal values, a title of spaces (each was quadratic).
  Each runs at two sizes, eight times apart, and may cost at most a small multiple of
  eight times as much (quadratic code costs 64 times as much): counted in Python calls,
  which is exact, and in CPU time, best of three, which also sees the loops that run
  inside C (a list's ``in``, a regular expression). Ratios, not timings.
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import shutil
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, SEED, SPECS, run_codegen
from helpers import read_tree as tree

from codegen import loader, pipeline
from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.formatting import Formatter, workers
from codegen.languages import EMITTERS
from codegen.loader import RawPage, load_text
from codegen.pipeline import generate_files, link_pages, load_api, render
from codegen.render import builtin_templates
from codegen.types import parse_type


def codegen(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return run_codegen(*args, cwd=cwd, env=env)


def test_workers_format_exactly_like_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODEGEN_NO_CACHE", "1")  # every file really goes through black
    config = Config(root=ROOT)
    serial_diags, parallel_diags = Diagnostics(), Diagnostics()
    api = load_api([SPECS], serial_diags, ("python",))
    load_api([SPECS], parallel_diags, ("python",))
    serial = render(api, config, ("python",), serial_diags)
    with workers(2, ("black",)) as pool:
        assert pool.pool is not None
        parallel = render(api, config, ("python",), parallel_diags, pool)
    assert len(serial) > 20
    assert parallel == serial
    assert parallel_diags.sorted() == serial_diags.sorted()


PARENT = os.getpid()


def _dies_in_a_worker(text: str) -> str:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return text.upper()


def test_a_killed_worker_is_replaced_by_formatting_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker the system kills (out of memory, say) must not hang the run or lose a file."""
    monkeypatch.setenv("CODEGEN_NO_CACHE", "1")
    formatter = Formatter(name="dies", function=_dies_in_a_worker, preload="json")
    with workers(2) as pool:
        results = [pool.submit(formatter, f"text {i}") for i in range(4)]
        pending = [result for result in results if not isinstance(result, str)]
        assert len(pending) == 4  # each went to a worker
        assert [result() for result in pending] == [f"TEXT {i}" for i in range(4)]


def test_interleaved_generate_equals_link_then_render() -> None:
    """The CLI links and renders a language at a time; the result is the same as all at once."""
    languages = tuple(EMITTERS)
    config = Config(root=ROOT)
    whole_diags, interleaved_diags = Diagnostics(), Diagnostics()
    whole = render(load_api([SPECS], whole_diags, languages), config, languages, whole_diags)
    interleaved = generate_files([SPECS], config, languages, interleaved_diags)
    assert len(whole) > 400
    assert interleaved == whole
    assert interleaved_diags.sorted() == whole_diags.sorted()
    assert len(whole_diags.warnings) > 100


def test_a_whole_run_lets_each_pages_data_go_before_it_reads_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """generate_files validates each page as it is read and lets its data (larger than the
    validated page) go as the next page is read: not every page's data is held at once. (Its
    files and diagnostics are those of loading every page, then linking: the test above.)"""
    alive: list[weakref.ref[RawPage]] = []
    held: list[int] = []  # how many earlier pages' data were alive as each page was read
    read = loader.load_file

    def noted(*args: Any, **kwargs: Any) -> RawPage | None:
        gc.collect()
        held.append(sum(ref() is not None for ref in alive))
        page = read(*args, **kwargs)
        if page is not None:
            alive.append(weakref.ref(page))
        return page

    monkeypatch.setattr(loader, "load_file", noted)
    files = generate_files([SPECS], Config(root=ROOT), ("python",), Diagnostics())
    assert len(files) > 20
    assert len(held) > 200 and max(held) <= 1  # the page before may still be in a loop's variable


def _broken_python_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "templates").mkdir(parents=True)
    shutil.copytree(builtin_templates() / "python", repo / "templates" / "python")
    service = repo / "templates" / "python" / "service.py.j2"
    text = service.read_text(encoding="utf-8")
    line = "class {{ service.name }}(_runtime.Service):\n"  # every service module has it
    assert text.count(line) == 1
    service.write_text(text.replace(line, "class {{ service.name }}(_runtime.Service:\n"))
    shutil.copytree(SPECS / "mfa", repo / "specs" / "mfa")  # configured paths stay inside the project
    (repo / "codegen.toml").write_text(
        'specs = ["specs"]\nout = "out"\nlanguages = ["python"]\ntemplates = "templates"\n', encoding="utf-8"
    )
    return repo


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unparsable_python_from_a_template_is_a_diagnostic(tmp_path: Path, jobs: str) -> None:
    repo = _broken_python_repo(tmp_path)
    result = codegen("generate", cwd=repo, CODEGEN_JOBS=jobs, CODEGEN_NO_CACHE="1")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, result.stderr
    for line in errors:
        location, _, message = line.partition(": error: ")
        path, row, col = location.rsplit(":", 2)
        assert path.startswith("out/python/") and path.endswith(".py"), line
        assert int(row) > 1 and int(col) >= 1, line
        assert message.startswith("the rendered Python does not parse (check the templates)"), line
    assert not (repo / "out").exists()


def test_cache_is_filled_by_generate_only_and_never_changes_output(tmp_path: Path) -> None:
    cold, warm, off = tmp_path / "cold", tmp_path / "warm", tmp_path / "off"
    cache = tmp_path / "cache"
    assert codegen("check", "--quiet", "--out", str(ROOT / "generated"), CODEGEN_CACHE_DIR=str(cache)).returncode in (
        0,
        1,
    )
    assert not cache.exists(), "check wrote to the cache"

    assert codegen("generate", "-q", "--out", str(cold), CODEGEN_CACHE_DIR=str(cache)).returncode == 0
    # The built-in Python layout needs no black, so nothing is kept for it; templates are compiled.
    assert not list(cache.glob("black-*.json"))
    assert any((cache / "templates").iterdir()), "no compiled templates cached"

    assert codegen("generate", "-q", "--out", str(warm), CODEGEN_CACHE_DIR=str(cache)).returncode == 0
    assert codegen("generate", "-q", "--out", str(off), CODEGEN_NO_CACHE="1").returncode == 0
    assert tree(cold) == tree(warm) == tree(off)

    for compiled in (cache / "templates").iterdir():
        compiled.write_bytes(b"garbage")
    corrupt = tmp_path / "corrupt"
    result = codegen("generate", "-q", "--out", str(corrupt), CODEGEN_CACHE_DIR=str(cache))
    assert result.returncode == 0, result.stderr
    assert tree(corrupt) == tree(cold)

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    unwritable = tmp_path / "unwritable"
    result = codegen("generate", "-q", "--out", str(unwritable), CODEGEN_CACHE_DIR=str(blocked / "cache"))
    assert result.returncode == 0, result.stderr
    assert tree(unwritable) == tree(cold)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_exit_when_codegen_is_killed(tmp_path: Path) -> None:
    # A Python template override: its files go through black, in workers.
    repo = tmp_path / "repo"
    shutil.copytree(SPECS, repo / "specs")
    (repo / "templates" / "python").mkdir(parents=True)
    shutil.copyfile(ROOT / "templates/python/client.py.j2", repo / "templates/python/client.py.j2")
    (repo / "codegen.toml").write_text('specs = ["specs"]\ntemplates = "templates"\nlanguages = ["python"]\n')
    process = subprocess.Popen(
        [sys.executable, "-m", "codegen", "generate", "-q", "--out", str(tmp_path / "out")],
        cwd=repo,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CODEGEN_JOBS": "2", "CODEGEN_NO_CACHE": "1"},
    )
    deadline = time.monotonic() + 20
    children: list[int] = []
    while time.monotonic() < deadline and process.poll() is None and len(children) < 2:
        children = _children(process.pid)
        time.sleep(0.01)
    assert len(children) >= 2, "the workers never started"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in children):
        time.sleep(0.05)
    assert not any(_running(pid) for pid in children), "workers outlived codegen"


# --- linear time on hostile input ---------------------------------------------------------
SCALE = 8


def _cpu_seconds(run: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()  # a collection landing in one run and not the other is noise, not work
    try:
        started = time.process_time()
        run()
        return time.process_time() - started
    finally:
        gc.enable()


def _work(run: Callable[[], object]) -> tuple[int, float]:
    """Python function calls made by ``run`` (exact) and its CPU seconds (best of three)."""
    profile = cProfile.Profile()
    profile.runcall(run)
    calls: int = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return calls, min(_cpu_seconds(run) for _ in range(3))


def _assert_linear(make: Callable[[int], Callable[[], object]], small: int) -> None:
    small_calls, small_cpu = _work(make(small))
    big_calls, big_cpu = _work(make(small * SCALE))
    assert big_calls <= small_calls * SCALE * 1.5, f"calls grew {big_calls / small_calls:.1f}x for {SCALE}x input"
    assert big_cpu <= max(small_cpu, 0.001) * SCALE * 3, f"CPU time grew {big_cpu / small_cpu:.1f}x for {SCALE}x input"


def _raw_pages(pages: dict[str, str]) -> list[RawPage]:
    diags = Diagnostics()
    raws = []
    for relative, text in pages.items():
        raw = load_text(f"specs/{relative}", text, diags)
        assert raw is not None, diags.render()
        raw.relative = relative
        raws.append(raw)
    return raws


def _linking(pages: dict[str, str]) -> Callable[[], object]:
    raws = _raw_pages(pages)
    return lambda: link_pages(raws, Diagnostics(), ("go",))


def _same_key_on_every_page(count: int) -> Callable[[], object]:
    """Each folder defines 'shared' and uses it from a subfolder: the nearest definition wins."""
    pages = {}
    for i in range(count):
        pages[f"area{i % 8}/d{i}/defs.yaml"] = f"reference:\n  go:\n    - key: shared\n      type: T{i}\n"
        pages[f"area{i % 8}/d{i}/use/op.yaml"] = (
            f"reference:\n  go:\n    - key: Op{i}\n      title: c.Op{i}()\n      parameters:\n        - (shared)\n"
        )
    return _linking(pages)


def _one_name_in_every_area(count: int) -> Callable[[], object]:
    """Every area defines Widget and returns it: each name resolves to its own area's model."""
    return _linking(
        {
            f"area{i}/page.yaml": f"""reference:
  go:
    - key: Widget
      title: class Widget
      properties:
        - key: ID
          type: string
    - key: Op{i}
      title: c.Op{i}()
      returns:
        - key: result
          type: Widget
"""
            for i in range(count)
        }
    )


def _dangling_references(count: int) -> Callable[[], object]:
    """Each page defines a key and refers to a missing one: 'did you mean' has a budget."""
    return _linking(
        {
            f"p{i}.yaml": f"reference:\n  go:\n    - key: k{i}q\n      type: string\n"
            f"    - key: Op{i}\n      title: c.Op{i}()\n      parameters:\n        - (zz{i})\n"
            for i in range(count)
        }
    )


def _unknown_keys(count: int) -> Callable[[], object]:
    keys = "".join(f"      unknown{i}: x\n" for i in range(count))
    return _linking({"page.yaml": f"reference:\n  go:\n    - key: Op\n      title: c.Op()\n{keys}"})


def _literal_values(count: int) -> Callable[[], object]:
    text = " | ".join(f'"v{i}"' for i in range(count))
    return lambda: parse_type(text)


def _title_of_spaces(count: int) -> Callable[[], object]:
    return _linking({"page.yaml": f"reference:\n  go:\n    - key: Op\n      title: 'a{' ' * count}x'\n"})


@pytest.mark.parametrize(
    ("make", "small"),
    [
        (_same_key_on_every_page, 150),
        (_one_name_in_every_area, 150),
        (_dangling_references, 150),
        (_unknown_keys, 500),
        (_literal_values, 2_000),
        (_title_of_spaces, 2_000),
    ],
)
def test_hostile_input_costs_linear_time(make: Callable[[int], Callable[[], object]], small: int) -> None:
    _assert_linear(make, small)


# --- rendering in forked children ----------------------------------------------------------


def test_forked_rendering_gives_the_same_files_and_diagnostics() -> None:
    """Each language renders in a child while the next links: same files, same diagnostics."""
    config = Config(root=ROOT)
    serial_diags, forked_diags = Diagnostics(), Diagnostics()
    serial = generate_files([SPECS], config, tuple(EMITTERS), serial_diags)
    forked = generate_files([SPECS], config, tuple(EMITTERS), forked_diags, fork=True)
    assert len(serial) > 500 and forked == serial
    assert forked_diags.sorted() == serial_diags.sorted() and serial_diags.warnings


@pytest.mark.parametrize("declined", [False, True])
def test_a_childs_texts_are_kept_in_the_file_it_shares_and_decoded_only_to_be_formatted_here(
    declined: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large run's texts stay bytes in the file a child shares with this process (the largest
    is 5 MB at 10,000 pages). The child runs the formatter's quick pass on its
    files (gofmt's here); a file the quick pass declines is decoded here, to be formatted by the
    formatter itself. The files are those of a run in one process either way."""
    from codegen.formatting import Formatter
    from codegen.languages.go import GOFMT, gofmt
    from codegen.texts import Placed

    config = Config(root=ROOT)
    serial = generate_files([SPECS], config, ("go", "java", "js"), Diagnostics())
    passed: list[str] = []  # the texts this process's quick pass was given

    def quick(text: str) -> str | None:  # declines the files that declare a struct
        passed.append(text)
        return None if declined and "struct {" in text else gofmt(text)

    decoded: list[str] = []
    text = Placed.text

    def counted(self: Placed) -> str:
        decoded.append(text(self))
        return decoded[-1]

    monkeypatch.setattr(EMITTERS["go"], "formatter", Formatter(GOFMT.name, gofmt, "", quick, GOFMT.suffixes))
    monkeypatch.setattr(pipeline, "_room_for_a_child", lambda: True)
    monkeypatch.setattr(Placed, "text", counted)
    forked = generate_files([SPECS], config, ("go", "java", "js"), Diagnostics(), fork=True, spill=True)
    # This process ran the quick pass (again) only on the files the child's declined, and
    # decoded only those: the child ran it on the others (its calls are not seen here).
    assert decoded == passed and all("struct {" in text for text in passed)
    assert len(passed) > 3 if declined else not passed
    assert forked.spilled and forked == serial  # (this reads every text)


def test_this_process_holds_no_model_of_a_language_a_child_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a language's child is forked, this process lets go of that language's model (a child
    that fails has it linked again: the tests below). While it receives a child's files it holds
    the model of the language it has linked since, to fork next, and no other."""
    from codegen.ir import LanguageAPI

    seen: dict[str, list[str]] = {}
    receive = pipeline._Taken.receive

    def observed(self: pipeline._Taken, language: str, *args: Any) -> None:
        gc.collect()
        seen[language] = sorted(o.language for o in gc.get_objects() if type(o) is LanguageAPI)
        receive(self, language, *args)

    monkeypatch.setattr(pipeline, "_room_for_a_child", lambda: True)
    monkeypatch.setattr(pipeline._Taken, "receive", observed)
    diags = Diagnostics()
    generate_files([SPECS], Config(root=ROOT), tuple(EMITTERS), diags, fork=True)
    assert sorted(seen) == sorted(EMITTERS) and not diags.errors
    assert all(language not in held and len(held) <= 1 for language, held in seen.items()), seen
    assert sum(1 for held in seen.values() if held) == len(EMITTERS) - 1  # all but the last one


def test_a_child_that_dies_is_rendered_again_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = Config(root=ROOT)
    expected_diags = Diagnostics()
    expected = generate_files([SPECS], config, ("go", "js"), expected_diags)

    def dies(*args: object, **kwargs: object) -> None:  # runs in the child: leaves a mark, sends nothing
        (tmp_path / f"died-{os.getpid()}").touch()
        os._exit(3)

    monkeypatch.setattr(pipeline, "_child", dies)
    diags = Diagnostics()
    assert generate_files([SPECS], config, ("go", "js"), diags, fork=True) == expected
    assert len(list(tmp_path.glob("died-*"))) == 2  # both languages' children ran, and died
    assert sorted(diags.items) == sorted(expected_diags.items) and diags.items  # what linking reports, once


def test_a_page_changed_before_a_failed_childs_language_is_read_again_fails_the_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each language's entries are let go once it is linked, so a language whose child failed is
    linked again from the pages read again: a page that changed meanwhile is an error at it (the
    run writes nothing), never a model of other bytes than the other languages'."""
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    page = next(path for path in sorted(specs.rglob("*.mdx")) if "reference:" in path.read_text(encoding="utf-8"))
    config = Config(root=tmp_path)

    def dies(*args: object, **kwargs: object) -> None:  # runs in the child: the page changes, nothing is sent
        with page.open("a", encoding="utf-8") as f:
            f.write("\nEdited.\n")
        os._exit(3)

    monkeypatch.setattr(pipeline, "_child", dies)
    diags = Diagnostics()
    generate_files([specs], config, ("go",), diags, fork=True)
    changed = [d for d in diags.errors if "changed while codegen ran" in d.message]
    assert [d.loc.file for d in changed] == [str(page)]
    assert page.read_text(encoding="utf-8").endswith("Edited.\n")


def test_a_languages_files_are_put_away_one_at_a_time() -> None:
    """A run takes each file as the emitter makes it: the one before is put away (in the spill
    file of a large run) before the next is made, so a language's texts are never all held."""
    from codegen.formatting import IN_PROCESS
    from codegen.texts import Texts

    files = Texts(spill=True)
    taken = pipeline._Taken(Config(root=ROOT), Diagnostics(), IN_PROCESS, files)
    made: list[str] = []

    def sources() -> Iterator[tuple[str, str]]:
        for name in ("a.sh", "b.sh", "c.sh"):
            assert [path.rsplit("/", 1)[-1] for path in files] == made  # each before put away
            made.append(name)
            yield name, f"# {name}\n"

    taken.take("curl", sources(), dict)
    assert made == ["a.sh", "b.sh", "c.sh"] and files.spilled and len(files) == 3


def test_a_file_formatted_at_once_is_put_away_formatted_and_not_held() -> None:
    """A file whose formatter answers at once (its quick pass, or the cache) is put away
    formatted as it is made: neither text waits for the language to be settled, as a text sent
    to a worker does (a large run's Go and Python files were all held until the next language)."""
    from codegen.formatting import IN_PROCESS
    from codegen.languages.go.gofmt import gofmt
    from codegen.texts import Texts

    config = Config(root=ROOT)
    files = Texts(spill=True)
    taken = pipeline._Taken(config, Diagnostics(), IN_PROCESS, files)
    text = 'package a\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nvar A = os.Args\nvar Bee = 2\n'
    assert gofmt(text) != text
    taken.take("go", iter([("a.go", text)]), dict)
    assert taken.formatting == []
    assert files[f"{config.out_dir('go')}/a.go"] == gofmt(text)


def _slow(text: str) -> str:
    return text + "slow\n"


def test_a_path_made_twice_keeps_its_last_text_whichever_formatting_answers_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first text waits for its formatting, the second is formatted at once: the second wins."""
    from codegen.formatting import IN_PROCESS
    from codegen.texts import Texts

    monkeypatch.setenv("CODEGEN_NO_CACHE", "1")
    formatter = Formatter(
        name="twice", function=_slow, preload="json", fast=lambda t: t.upper() if "quick" in t else None
    )
    monkeypatch.setattr(EMITTERS["curl"], "formatter_for", classmethod(lambda cls, overridden: formatter))
    config = Config(root=ROOT)
    files = Texts()
    taken = pipeline._Taken(config, Diagnostics(), IN_PROCESS, files)
    taken.take("curl", iter([("a.sh", "first\n"), ("a.sh", "quick\n")]), dict)
    taken.settle()
    assert files[f"{config.out_dir('curl')}/a.sh"] == "QUICK\n"


def test_a_child_that_dies_halfway_is_rendered_again_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A child sends each file as it is made: one that dies after some of them leaves those
    taken, and the language is rendered here, whole; the same files and diagnostics."""
    config = Config(root=ROOT)
    expected_diags = Diagnostics()
    expected = generate_files(SEED, config, ("go", "python"), expected_diags)
    parent, real = os.getpid(), pipeline._render_language

    def halfway(*args: object) -> object:
        sources, examples = real(*args)  # type: ignore[arg-type]
        if os.getpid() == parent:
            return sources, examples

        def three_then_die() -> object:
            for sent, item in enumerate(sources):
                if sent == 3:
                    (tmp_path / f"died-{os.getpid()}").touch()
                    os._exit(3)
                yield item

        return three_then_die(), examples

    monkeypatch.setattr(pipeline, "_render_language", halfway)
    diags = Diagnostics()
    assert generate_files(SEED, config, ("go", "python"), diags, fork=True) == expected
    assert diags.sorted() == expected_diags.sorted()
    assert len(list(tmp_path.glob("died-*"))) == 2  # both languages' children sent three files, and died


_SLOW_CHILDREN = """
import sys, time
from codegen import cli, pipeline

pipeline.FORK_MIN_PAGES = 0  # a child per language at any size


def rendering_forever(*args):  # each child renders far longer than the test waits
    time.sleep(300)


pipeline._render_language = rendering_forever
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_render_children_exit_when_codegen_is_killed(tmp_path: Path) -> None:
    """SIGKILL runs none of codegen's clean-up: its children must end by themselves."""
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CHILDREN, "generate", "-q", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CODEGEN_JOBS": "2", "CODEGEN_NO_CACHE": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        children: list[int] = []
        while time.monotonic() < deadline and process.poll() is None and not children:
            children = _children(process.pid)
            time.sleep(0.01)
        assert children, "no child started"
        time.sleep(0.5)  # codegen waits on the child: no other starts
        assert _children(process.pid) == children
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in children):
        time.sleep(0.05)
    left = [pid for pid in children if _running(pid)]
    for pid in left:  # the test failed: end what it started
        os.kill(pid, signal.SIGKILL)
    assert not left, "render children outlived codegen"


def test_a_reference_below_the_threshold_renders_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's default (``fork=None``) decides by the number of pages: the corpus forks nothing."""
    monkeypatch.setenv("CODEGEN_JOBS", "2")

    def no_fork(*args: object) -> None:
        raise AssertionError("forked a child for a small reference")

    monkeypatch.setattr(pipeline, "_Forked", no_fork)
    assert len(list(SPECS.rglob("*.mdx"))) < pipeline.FORK_MIN_PAGES
    assert generate_files(SEED, Config(root=ROOT), ("go",), Diagnostics(), fork=None)
    monkeypatch.setattr(pipeline, "FORK_MIN_PAGES", 1)
    with pytest.raises(AssertionError, match="forked a child"):
        generate_files(SEED, Config(root=ROOT), ("go",), Diagnostics(), fork=None)


def test_no_child_without_memory_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child may copy what it touches of this process: without room for that, render here."""
    config = Config(root=ROOT)
    expected = generate_files(SEED, config, ("go",), Diagnostics())

    def no_fork(*args: object) -> None:
        raise AssertionError("forked a child without memory for it")

    monkeypatch.setattr(pipeline, "_Forked", no_fork)
    monkeypatch.setattr(pipeline, "_room_for_a_child", lambda: False)
    assert generate_files(SEED, config, ("go",), Diagnostics(), fork=True) == expected
