"""``make bench``: what codegen costs, as ratios to a floor measured in the same run.

Every figure is CPU seconds (the process and its children), the median of several fresh
processes; machines are noisy, so each is also given as a ratio to the *floor*: a process that
only reads every spec page and parses its front matter with libyaml, the least any run must do.

- cold ``generate``: an empty cache, as on a fresh CI machine;
- warm no-op ``check`` and ``generate``: nothing changed since the last ``generate``;
- one-page edit: ``generate`` after one spec page changed;
- ``lint``, and ``--version``;
- cold ``generate --lang js``: one language, as an SDK repo runs it;
- scaling (``--scale``): synthetic references of 1,000 and 10,000 pages (100,000 with
  ``--huge``), made by copying the corpus under renamed folders and ids; time and peak memory
  per page, and each size's own floor; from 1,000 pages, also in one process.

Nothing is deleted until the end. On a filesystem like this machine's (ext4 without a journal),
a file made within about 30 seconds of many being deleted costs the kernel a scan past each
freed inode: removing the last run's 18,500 files just before a 10,000-page run added about
11 s of system time to it (14.2 s instead of 2.6), time no real run spends. So each run writes
into folders of its own, and the work folder goes when the bench ends.

Usage: python benchmarks/bench.py [--runs N] [--scale] [--huge]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.suffix in (".mdx", ".yaml", ".yml") and path.is_file():
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[1]
        yaml.load(text, Loader=yaml.CSafeLoader)
"""
# Runs codegen in this process (no teardown shortcut) and prints its peak memory in KB.
MEASURED = """
import resource, sys
from codegen.fastpath import main
code = main(sys.argv[1:])
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"peak-kb {peak}", file=sys.stderr)
sys.exit(code)
"""


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> tuple[float, str]:
    """CPU seconds (user + system, children included) of one fresh process, and its stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise RuntimeError(f"{args} exited {done.returncode}: {done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stderr


def cpu(args: list[str], cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    return run(args, cwd, env, ok)[0]


def project(folder: Path, specs: Path) -> Path:
    """A project folder holding ``specs`` and codegen's own config (all eight languages)."""
    folder.mkdir(parents=True)
    shutil.copytree(specs, folder / "specs")
    shutil.copyfile(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def median(values: list[float]) -> float:
    return statistics.median(values)


def corpus_figures(runs: int, work: Path) -> dict[str, float]:
    codegen = [sys.executable, "-m", "codegen"]
    figures: dict[str, list[float]] = {}
    floor = [sys.executable, "-c", FLOOR, str(ROOT / "specs")]
    for i in range(runs):  # interleaved, so a busy moment touches every figure alike
        repo = project(work / f"repo{i}", ROOT / "specs")
        cache = {"CODEGEN_CACHE_DIR": str(work / f"cache{i}")}
        figures.setdefault("floor", []).append(cpu(floor, repo))
        figures.setdefault("generate, cold", []).append(cpu([*codegen, "generate", "-q"], repo, cache))
        figures.setdefault("check, no-op", []).append(cpu([*codegen, "check", "-q"], repo, cache))
        figures.setdefault("generate, no-op", []).append(cpu([*codegen, "generate", "-q"], repo, cache))
        page = next((repo / "specs" / "mfa").rglob("*.mdx"))
        page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\n# edited\n", 1), encoding="utf-8")
        figures.setdefault("generate, one page edited", []).append(cpu([*codegen, "generate", "-q"], repo, cache))
        figures.setdefault("lint", []).append(cpu([*codegen, "lint", "-q"], repo, cache, ok=(0, 1)))
        figures.setdefault("--version", []).append(cpu([*codegen, "--version"], repo))
        # An SDK repo's run: one language (js links four: the languages link in one order, and a
        # run links those up to the last one it asks for), an empty cache of its own.
        narrowed = [*codegen, "generate", "-q", "--lang", "js", "--out", str(work / f"js{i}")]
        figures.setdefault("generate, cold, one language (js)", []).append(
            cpu(narrowed, repo, {"CODEGEN_CACHE_DIR": str(work / f"cache{i}-js")})
        )
    return {name: median(values) for name, values in figures.items()}


def synthetic(pages: int, into: Path) -> int:
    """A reference of about ``pages`` pages: copies of the corpus under renamed areas, every id
    and description key made unique per copy. Returns the number of pages written."""
    sources = sorted(p for p in (ROOT / "specs").rglob("*") if p.suffix == ".mdx" and p.is_file())
    per_copy = len(sources)
    copies = max(1, pages // per_copy)
    written = 0
    for n in range(copies):
        for source in sources:
            relative = source.relative_to(ROOT / "specs")
            area = f"c{n}-{relative.parts[0]}" if len(relative.parts) > 1 else f"c{n}"
            target = into / area / Path(*relative.parts[1:]) if len(relative.parts) > 1 else into / area / source.name
            text = source.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(\s*id: )([A-Za-z0-9_]+)$", rf"\g<1>\g<2>_c{n}", text)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


def scaling(sizes: list[int], work: Path) -> None:
    codegen = [sys.executable, "-c", MEASURED]
    print("\nscaling (one cold generate of all languages each; CPU s and peak memory per page):")
    for size in sizes:
        repo = work / f"scale-{size}"
        count = synthetic(size, repo / "specs")
        shutil.copyfile(ROOT / "pyproject.toml", repo / "pyproject.toml")
        floor = cpu([sys.executable, "-c", FLOOR, str(repo / "specs")], repo)
        # From 1,000 pages languages render in forked children, whose peak counts the pages they
        # share with this process: the same run in one process too.
        ways = [("", {})] + ([(" in one process (CODEGEN_JOBS=1)", {"CODEGEN_JOBS": "1"})] if count >= 1000 else [])
        for number, (way, jobs) in enumerate(ways):
            if number:  # the last way's output moved aside, not deleted (see above)
                (repo / "generated").rename(work / f"scale-{size}-generated-{number}")
            env = {"CODEGEN_CACHE_DIR": str(work / f"scale-cache-{size}{len(jobs)}"), **jobs}
            spent, stderr = run([*codegen, "generate", "-q"], repo, env, ok=(0, 2))
            peak = next((int(line.split()[1]) for line in stderr.splitlines() if line.startswith("peak-kb")), 0)
            print(
                f"  {count:>6} pages{way}: generate {spent:7.2f} s = {spent / floor:5.2f}x its floor ({floor:.2f} s); "
                f"per page {1000 * spent / count:.1f} ms, peak {peak / count:.0f} KB"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", action="store_true", help="also time synthetic references of 1k and 10k pages")
    parser.add_argument("--huge", action="store_true", help="with --scale, also 100k pages")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="codegen-bench-"))
    try:
        figures = corpus_figures(args.runs, work)
        pages = sum(1 for _ in (ROOT / "specs").rglob("*.mdx"))
        floor = figures.pop("floor")
        print(f"corpus: {pages} pages, all eight languages; medians of {args.runs} fresh processes, CPU seconds")
        print(f"{'floor (read and parse every page)':<36} {floor:6.3f} s")
        for name, value in figures.items():
            print(f"{name:<36} {value:6.3f} s = {value / floor:5.2f}x the floor")
        if args.scale:
            scaling([1000, 10000, *([100000] if args.huge else [])], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
