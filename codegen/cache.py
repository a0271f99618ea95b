"""An on-disk cache for work that depends only on its input: formatted Python and compiled templates.

It lives in ``$CODEGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/codegen``, else ``~/.cache/codegen``;
``CODEGEN_NO_CACHE=1`` turns it off. It never changes what is generated, only how fast: every entry
is keyed by a hash of its whole input (and the formatter's version), and a cache that cannot be read
or written is ignored. Files are replaced atomically, so concurrent runs cannot corrupt it.
``check`` only reads it (``writable = False``): it never writes anything, here included.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

import jinja2
import jinja2.bccache

# Formatted texts kept per formatter: about ten times the corpus' Python modules, a few MiB at most.
MAX_ENTRIES = 400

# False for runs that must not write anything (``codegen check``).
writable = True


def directory() -> Path | None:
    if os.environ.get("CODEGEN_NO_CACHE"):
        return None
    explicit = os.environ.get("CODEGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "codegen"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Memo:
    """``text -> result`` remembered across runs in one JSON file; most recently used entries kept."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, str] | None = None
        self._used: dict[str, str] = {}
        self._changed = False

    def _path(self) -> Path | None:
        root = directory()
        return root / f"{self.name}.json" if root else None

    def _load(self) -> dict[str, str]:
        if self._entries is None:
            self._entries = {}
            path = self._path()
            if path is not None:
                with contextlib.suppress(OSError, ValueError):
                    loaded = json.loads(path.read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        self._entries = {k: v for k, v in loaded.items() if isinstance(v, str)}
        return self._entries

    def is_warm(self) -> bool:
        """Whether an earlier run left entries (then most files are likely hits)."""
        return bool(self._load())

    def get(self, text: str) -> str | None:
        key = digest(text)
        result = self._load().get(key)
        if result is not None:
            self._used[key] = result
        return result

    def put(self, text: str, result: str) -> str:
        self._used[digest(text)] = result
        self._changed = True
        return result

    def save(self) -> None:
        """Write back, the entries used by this run last (newest), when anything was new."""
        path = self._path()
        if not self._changed or path is None or not writable:
            return
        entries = {k: v for k, v in self._load().items() if k not in self._used}
        entries.update(self._used)
        kept = dict(list(entries.items())[-MAX_ENTRIES:])
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as f:
                    json.dump(kept, f)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        self._entries = kept
        self._used = {}
        self._changed = False


_MEMOS: dict[str, Memo] = {}


def memo(name: str) -> Memo:
    """The process-wide memo of that name; ``save_all`` writes them back."""
    return _MEMOS.setdefault(name, Memo(name))


def save_all() -> None:
    for item in _MEMOS.values():
        item.save()


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache (keyed by template path and source checksum); errors and read-only runs skip it."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if writable:
            with contextlib.suppress(OSError):
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)


def template_cache() -> jinja2.BytecodeCache | None:
    root = directory()
    return _TemplateCache(str(root / "templates")) if root else None
