"""Wall time of a full `codegen generate` and `codegen check` over the whole corpus, all languages.

Each command runs in a fresh process (what a user or CI waits for), several times; the median is
printed, with the spread. "cold" runs start with an empty cache (a fresh CI machine), "warm" runs
with the cache a previous `generate` left (the edit-generate loop). The budget applies to cold runs.
Usage: python benchmarks/bench.py [RUNS]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 3.0


def timed(args: list[str], cache: Path, ok: tuple[int, ...] = (0,)) -> float:
    env = {**os.environ, "CODEGEN_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if done.returncode not in ok:
        raise subprocess.CalledProcessError(done.returncode, args)
    return time.perf_counter() - started


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    codegen = [sys.executable, "-m", "codegen"]
    work = Path(tempfile.mkdtemp(prefix="codegen-bench-"))
    out, warm = work / "out", work / "warm-cache"

    def generate(i: int) -> list[str]:
        return [*codegen, "generate", "--quiet", "--out", str(out / f"run{i}")]

    check = [*codegen, "check", "--quiet", "--out", str(out / "run0")]
    try:
        samples = {
            "generate, cold": [timed(generate(i), work / f"cold{i}") for i in range(runs)],
            "check, cold": [timed(check, work / f"cold-check{i}") for i in range(runs)],
        }
        timed(generate(0), warm)
        samples["generate, warm"] = [timed(generate(i), warm) for i in range(runs)]
        samples["check, warm"] = [timed(check, warm) for _ in range(runs)]
        samples["import only"] = [timed([sys.executable, "-c", "import codegen.cli"], warm) for _ in range(runs)]
        # Exit 1 is lint's "findings" (the corpus has them): not a failure of the run.
        samples["lint"] = [timed([*codegen, "lint", "--quiet"], warm, ok=(0, 1)) for _ in range(runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    files = sum(1 for f in (ROOT / "generated").rglob("*") if f.is_file())
    pages = sum(1 for _ in (ROOT / "specs").rglob("*.mdx"))
    print(f"corpus: {pages} pages -> {files} files, all languages; {runs} runs each")
    median = {name: statistics.median(values) for name, values in samples.items()}
    for name, values in samples.items():
        print(f"{name:<15} median {median[name]:.3f}s  (min {min(values):.3f}s, max {max(values):.3f}s)")
    print(
        f"warm/cold median ratio: generate {median['generate, warm'] / median['generate, cold']:.2f}, "
        f"check {median['check, warm'] / median['check, cold']:.2f}; "
        f"lint/generate (cold) {median['lint'] / median['generate, cold']:.2f}"
    )
    worst = max(median["generate, cold"], median["check, cold"])
    print(f"budget {BUDGET:.1f}s (cold medians): {'within' if worst < BUDGET else 'OVER'}")
    return 0 if worst < BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
