"""Wall time of a full `codegen generate` and `codegen check` over the whole corpus, all languages.

Each command runs in a fresh process (what a user or CI waits for), several times;
the median is printed, with the spread. Usage: python benchmarks/bench.py [RUNS]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    codegen = [sys.executable, "-m", "codegen"]
    out = Path(tempfile.mkdtemp(prefix="codegen-bench-"))
    try:
        generate = [timed([*codegen, "generate", "--quiet", "--out", str(out / f"run{i}")]) for i in range(runs)]
        subprocess.run([*codegen, "generate", "--quiet", "--out", str(out / "check")], cwd=ROOT, check=True,
                       stderr=subprocess.DEVNULL)
        check = [timed([*codegen, "check", "--quiet", "--out", str(out / "check")]) for _ in range(runs)]
        startup = [timed([sys.executable, "-c", "import codegen.cli"]) for _ in range(runs)]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    files = sum(1 for _ in (ROOT / "generated").rglob("*") if _.is_file())
    print(f"corpus: {sum(1 for _ in (ROOT / 'specs').rglob('*.mdx'))} pages -> {files} files, all languages; {runs} runs each")
    for name, samples in (("generate", generate), ("check", check), ("import only", startup)):
        print(f"{name:<12} median {statistics.median(samples):.3f}s  (min {min(samples):.3f}s, max {max(samples):.3f}s)")
    ratio = statistics.median(check) / statistics.median(generate)
    print(f"check/generate median ratio: {ratio:.2f}")
    budget = 3.0
    worst = max(statistics.median(generate), statistics.median(check))
    print(f"budget {budget:.1f}s: {'within' if worst < budget else 'OVER'}")
    return 0 if worst < budget else 1


if __name__ == "__main__":
    sys.exit(main())
