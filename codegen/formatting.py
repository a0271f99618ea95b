"""Formatters run over rendered files (black for Python), cached by content, in worker processes.

black is most of a cold run's time, so it runs beside the rest: the workers are forked when a
run starts (importing black overlaps loading the specs), a language's files are handed to them
as soon as it is rendered, and the other languages render meanwhile. Results are the same as
formatting in-process, and are remembered across runs (``codegen.cache``). ``CODEGEN_JOBS``
sets the number of workers; 1 (or one core, or no ``fork``) formats in-process.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from . import cache
from .records import dataclass

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


class FormatError(ValueError):
    """The rendered text is not valid in its language (a broken template): where, and why."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message, line, col)
        self.message, self.line, self.col = message, line, col


@dataclass(frozen=True)
class Formatter:
    """A pure ``text -> text`` function (module level, so workers can run it) and its cache name."""

    name: str  # includes the formatter's version and settings
    function: Callable[[str], str]
    preload: str  # module a worker imports up front (the formatter's own)
    # A quick in-process pass that gives the same result for the texts it knows how to lay out,
    # None for the others (which go to ``function``): no worker, no cache, no import of the formatter.
    fast: Callable[[str], str | None] | None = None
    # The file names it formats (a language's other files, a README or a manifest, are left alone).
    suffixes: tuple[str, ...] = ()

    def formats(self, path: str) -> bool:
        """Whether a file at ``path`` goes through it (every file, when it names no suffix)."""
        return path.endswith(self.suffixes or ("",))


def jobs() -> int:
    """Workers to use: ``CODEGEN_JOBS``, else the cores; 0 or 1 means in-process."""
    wanted = os.environ.get("CODEGEN_JOBS", "")
    count = int(wanted) if wanted.isdigit() else (os.cpu_count() or 1)
    if count < 2 or sys.platform != "linux":
        return 0
    import multiprocessing  # here: most runs fork nothing, and need not import it

    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(count, 8)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Make this forked child end when ``parent`` does, even by SIGKILL (which runs no clean-up
    of the parent's): the kernel's parent-death signal where it can be set, else a thread that
    watches the parent. A parent already gone ends the child at once."""
    armed = False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no libc prctl here: watch instead
        armed = False
    if os.getppid() != parent:  # died before the signal was armed
        os._exit(1)
    if armed:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker_start(parent: int, preload: tuple[str, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    die_with_parent(parent)  # a killed parent must not leave workers waiting for work forever
    for module in preload:
        importlib.import_module(module)


class Workers:
    """A pool of forked workers, or none (format in-process)."""

    def __init__(self, count: int, preload: tuple[str, ...] = ()) -> None:
        self.pool: ProcessPoolExecutor | None = None
        if count > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                count,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start,
                initargs=(os.getpid(), preload),
            )
            self.pool.submit(int)  # start the workers now, so their start-up overlaps loading

    def submit(self, formatter: Formatter, text: str) -> str | Callable[[], str]:
        """The formatted text when it is known at once (the formatter's quick pass, or the cache);
        else formatting starts, and the returned call waits for the result (and may raise
        FormatError)."""
        quick = formatter.fast(text) if formatter.fast is not None else None
        if quick is not None:
            return quick
        memo = cache.memo(formatter.name)
        done = memo.get(text)
        if done is not None:
            return done

        def here() -> str:
            return memo.put(text, formatter.function(text))

        if self.pool is None:
            return here
        from concurrent.futures.process import BrokenProcessPool

        try:
            pending = self.pool.submit(formatter.function, text)
        except BrokenProcessPool:
            return here

        def result() -> str:
            try:
                return memo.put(text, pending.result())
            except BrokenProcessPool:  # a worker was killed (out of memory?): format here instead
                return here()

        return result

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


@contextlib.contextmanager
def workers(count: int, preload: tuple[str, ...] = ()) -> Iterator[Workers]:
    pool = Workers(count, preload)
    try:
        yield pool
    finally:
        pool.close()


IN_PROCESS = Workers(0)
