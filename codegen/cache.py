"""An on-disk cache for work that depends only on its input: formatted Python, compiled templates,
the no-op record (codegen.fastpath) and the edit loop's parsed pages and last run (codegen.runcache).

It lives in ``$CODEGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/codegen``, else ``~/.cache/codegen``;
``CODEGEN_NO_CACHE=1`` turns it off. It never changes what is generated, only how fast: every entry
is keyed by a hash of its whole input (and the formatter's version), and a cache that cannot be read
or written is ignored. Files are replaced atomically, so concurrent runs cannot corrupt it.
``check`` only reads it (``writable = False``): it never writes anything, here included.

A cache can only make a run faster, never change its result, even when someone else wrote to it:

- The folder must be the user's own and private: owned by the effective user, mode 0700 (``generate``
  creates it so, and narrows an own folder that nobody else can write, e.g. one made under umask
  022). A folder owned by someone else or open to others is ignored, with a one-line note on stderr.
- Every file in it starts with an HMAC-SHA256 of its name and contents, keyed by a random per-user
  secret: the file ``key`` (0600) in the folder, made by the first ``generate``, or
  ``$CODEGEN_CACHE_SECRET`` when set. (An entry of records, the parsed pages, has one per record
  and one for its index instead, so that a record is read and checked alone: :class:`Records`.)
  A file that is not the user's own and 0600, or fails the check (edited, planted, copied from
  another machine), is ignored with a note and its work done afresh. So compiled templates
  (marshal'd code objects: loading one runs code) are loaded only after the check, and ``check``
  cannot be told by a forged formatter entry that a backdoored file is up to date.

In CI, cache the folder between runs of the same runner user, e.g. with GitHub Actions::

    - uses: actions/cache@v4
      with:
        path: ~/.cache/codegen
        key: codegen-${{ runner.os }}-${{ hashFiles('specs/**', 'codegen-templates/**') }}
        restore-keys: codegen-${{ runner.os }}-
    - run: codegen check
      env:
        CODEGEN_CACHE_SECRET: ${{ secrets.CODEGEN_CACHE_SECRET }}  # any long random string

Without ``CODEGEN_CACHE_SECRET`` the ``key`` file travels inside the cached folder, so a restored
cache is exactly as trustworthy as whoever can save to the CI cache store; with the secret, entries
written by anyone who does not know it are ignored. Leave the cache out (or ``CODEGEN_NO_CACHE=1``)
for jobs that run untrusted code before codegen. The cache saves about a tenth of a warm run.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import marshal
import os
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import jinja2

# Formatted texts kept per formatter: about ten times the corpus' Python modules, a few MiB at most.
MAX_ENTRIES = 400
KEY_FILE = "key"
_KEY_BYTES = 32
_MAC_BYTES = hashlib.sha256().digest_size
_OTHERS = stat.S_IRWXG | stat.S_IRWXO  # any permission for group or others

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


_NOTED: set[str] = set()
# False under ``-q``: a cache that cannot be used only makes a run slower, which is no error.
notes = True


def _note(message: str) -> None:
    """Why (part of) the cache was ignored: once per run, on stderr; the run goes on without it."""
    if message not in _NOTED:
        _NOTED.add(message)
        if notes:
            print(f"codegen: note: {message}", file=sys.stderr)


def _not_private(info: os.stat_result) -> str | None:
    """Why a file or folder is not the user's own and private (None when it is)."""
    if info.st_uid != os.geteuid():
        return f"owned by uid {info.st_uid}, not by you (uid {os.geteuid()})"
    if info.st_mode & _OTHERS:
        return f"mode {stat.S_IMODE(info.st_mode):04o} lets others in (0700 or 0600 expected)"
    return None


class Store:
    """The opened cache folder (held by descriptor, so it cannot be swapped) and its HMAC key."""

    def __init__(self, root: Path, fd: int, key: bytes, writes: bool = True) -> None:
        self.root, self.fd, self.key, self.writes = root, fd, key, writes

    def _mac(self, name: str, payload: bytes) -> bytes:
        mac = self._hmac(name)
        mac.update(payload)  # not joined to the name: a large payload is not copied
        return mac.digest()

    def _hmac(self, name: str) -> hmac.HMAC:
        return hmac.new(self.key, name.encode() + b"\0", hashlib.sha256)

    def read(self, name: str) -> bytes | None:
        """The contents of ``name`` if this user's codegen wrote them (else None, with a note)."""
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.fd)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            problem = "not a regular file" if not stat.S_ISREG(info.st_mode) else _not_private(info)
            mac = b"" if problem else handle.read(_MAC_BYTES)
            payload = b"" if problem else handle.read()
        if not problem and not hmac.compare_digest(mac, self._mac(name, payload)):
            problem = "not written by your codegen (authentication failed)"
        if problem:
            _note(f"ignoring cache file {self.root / name}: {problem}")
            return None
        return payload

    def write(self, name: str, payload: bytes | Iterable[bytes]) -> None:
        """Replace ``name`` atomically; never in read-only runs; errors leave the cache as it was.
        ``payload``: its bytes, or their parts, written as they come (a large one is not joined:
        its authentication code goes before it once it is written)."""
        made = self._temporary(name)
        if made is None:
            return
        fd, tmp = made
        try:
            with os.fdopen(fd, "wb") as handle:
                mac = self._hmac(name)
                handle.write(bytes(_MAC_BYTES))  # its place
                for part in (payload,) if isinstance(payload, bytes) else payload:
                    mac.update(part)
                    handle.write(part)
                handle.seek(0)
                handle.write(mac.digest())
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=self.fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=self.fd)
            raise

    def _temporary(self, name: str) -> tuple[int, str] | None:
        """A new private file beside ``name`` (its folder made), to be renamed onto it: (fd, its
        name); None in read-only runs or when it cannot be made."""
        if not (writable and self.writes):
            return None
        folder, _, _ = name.rpartition("/")
        tmp = f"{name}.{secrets.token_hex(8)}.tmp"
        try:
            if folder:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(folder, 0o700, dir_fd=self.fd)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            return os.open(tmp, flags, 0o600, dir_fd=self.fd), tmp
        except OSError:
            return None

    def records(self, name: str, stamp: str) -> Records | None:
        """The records of ``name`` written under ``stamp`` (:class:`RecordWriter`), read one at a
        time; None when there is no such entry (or another stamp's), or it cannot be trusted (a note)."""
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.fd)
        except OSError:
            return None
        found = Records(self, name, stamp, fd)
        if not found.open():
            os.close(fd)
            return None
        return found

    def record_writer(self, name: str, stamp: str) -> RecordWriter | None:
        """A new entry of records for ``name``, in place once committed; None in read-only runs.
        The unfinished entries of runs killed before they could drop theirs (an hour old and
        more: a live run writes on) are removed first."""
        made = self._temporary(name)
        if made is None:
            return None
        self._drop_stale(name, made[1])
        return RecordWriter(self, name, stamp, *made)

    def _drop_stale(self, name: str, mine: str) -> None:
        folder, _, base = name.rpartition("/")
        try:
            fd = os.open(folder or ".", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.fd)
        except OSError:
            return
        try:
            for entry in os.listdir(fd):
                if not (entry.startswith(f"{base}.") and entry.endswith(".tmp")) or entry == mine.rpartition("/")[2]:
                    continue
                with contextlib.suppress(OSError):
                    info = os.stat(entry, dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < time.time() - _STALE_SECONDS:
                        os.unlink(entry, dir_fd=fd)
        except OSError:
            pass
        finally:
            os.close(fd)


# An entry of records: the header (this line, then the stamp and a newline), then each record as
# its HMAC, its length (8 bytes, big-endian) and its bytes, then the index (marshal'd {record key:
# offset}), its HMAC and its length. Each record's HMAC covers the entry's name, the stamp and the
# record's key, so a record is read and checked alone (a large entry is never read whole) and
# cannot stand in for another; the index is checked before it is loaded.
_RECORDS = b"codegen records 1\n"
# An unfinished entry this old is a killed run's (a live one writes to it as it reads its pages).
_STALE_SECONDS = 3600
_LENGTH = 8


def _header(stamp: str) -> bytes:
    return _RECORDS + stamp.encode("utf-8", "surrogateescape") + b"\n"


def _record_mac(store: Store, name: str, stamp: str, key: str, payload: bytes) -> bytes:
    mac = hmac.new(store.key, f"{name}\0{stamp}\0{key}\0".encode("utf-8", "surrogateescape"), hashlib.sha256)
    mac.update(payload)
    return mac.digest()


class Records:
    """An entry of records, opened: :meth:`get` reads one by its key."""

    def __init__(self, store: Store, name: str, stamp: str, fd: int) -> None:
        self.store, self.name, self.stamp, self.fd = store, name, stamp, fd
        self.index: dict[str, int] = {}
        self.size = 0

    def open(self) -> bool:
        """Read the index: False when the entry is another stamp's or cannot be trusted (a note)."""
        try:
            return self._open()
        except OSError:
            return False  # unreadable: the pages are parsed again

    def _open(self) -> bool:
        info = os.fstat(self.fd)
        problem = "not a regular file" if not stat.S_ISREG(info.st_mode) else _not_private(info)
        if problem is None:
            header = _header(self.stamp)
            if os.pread(self.fd, len(header), 0) != header:
                return False  # written by another codegen, or under other settings: not a fault
            self.size = info.st_size
            end = self.size - _LENGTH
            length = int.from_bytes(os.pread(self.fd, _LENGTH, end), "big") if end >= len(header) else -1
            start = end - _MAC_BYTES - length
            if length < 0 or start < len(header):
                problem = "truncated"
            else:
                index = os.pread(self.fd, length, start)
                mac = os.pread(self.fd, _MAC_BYTES, start + length)
                if not hmac.compare_digest(mac, _record_mac(self.store, self.name, self.stamp, "", index)):
                    problem = "not written by your codegen (authentication failed)"
                else:
                    with contextlib.suppress(ValueError, TypeError, EOFError):
                        loaded = marshal.loads(index)
                        if isinstance(loaded, dict):
                            self.index = loaded
        if problem:
            _note(f"ignoring cache file {self.store.root / self.name}: {problem}")
            return False
        return True

    def __len__(self) -> int:
        return len(self.index)

    def get(self, key: str) -> bytes | None:
        """The record of ``key``, checked (None: none, or it fails its check, with a note)."""
        offset = self.index.get(key)
        if not isinstance(offset, int) or offset < 0 or offset >= self.size:
            return None
        try:
            head = os.pread(self.fd, _MAC_BYTES + _LENGTH, offset)
            length = int.from_bytes(head[_MAC_BYTES:], "big")
            if len(head) != _MAC_BYTES + _LENGTH or offset + len(head) + length > self.size:
                return None
            payload = os.pread(self.fd, length, offset + len(head))
        except OSError:
            return None  # unreadable now: the page is parsed again
        if not hmac.compare_digest(head[:_MAC_BYTES], _record_mac(self.store, self.name, self.stamp, key, payload)):
            _note(f"ignoring records of cache file {self.store.root / self.name}: authentication failed")
            return None
        return payload

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class RecordWriter:
    """A new entry of records, written as they come: :meth:`commit` puts it in place of the old
    one, :meth:`discard` drops it. A record added twice under one key: the last is read."""

    def __init__(self, store: Store, name: str, stamp: str, fd: int, tmp: str) -> None:
        self.store, self.name, self.stamp, self.tmp = store, name, stamp, tmp
        self.handle = os.fdopen(fd, "wb")
        self.index: dict[str, int] = {}
        self.failed = False
        self._write(_header(stamp))

    def _write(self, *parts: bytes) -> None:
        if self.failed:
            return
        try:
            for part in parts:
                self.handle.write(part)
        except OSError:
            self.failed = True

    def __len__(self) -> int:
        return len(self.index)

    def add(self, key: str, payload: bytes) -> None:
        offset = self.handle.tell() if not self.failed else 0
        self._write(_record_mac(self.store, self.name, self.stamp, key, payload), len(payload).to_bytes(_LENGTH, "big"))
        self._write(payload)
        self.index[key] = offset

    def commit(self) -> None:
        index = marshal.dumps(self.index)
        mac = _record_mac(self.store, self.name, self.stamp, "", index)
        self._write(index, mac, len(index).to_bytes(_LENGTH, "big"))
        try:
            self.handle.close()
        except OSError:
            self.failed = True
        if self.failed:
            self.discard()
            return
        try:
            os.replace(self.tmp, self.name, src_dir_fd=self.store.fd, dst_dir_fd=self.store.fd)
        except OSError:
            self.discard()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp, dir_fd=self.store.fd)


_STORES: dict[tuple[Path, bool], Store | None] = {}


def store(*, writable: bool | None = None) -> Store | None:
    """The cache of this run, opened once; None when off, absent (read-only runs) or untrusted.
    ``writable=False``: opened to read only (nothing made, whatever the run)."""
    root = directory()
    if root is None or not hasattr(os, "geteuid") or os.open not in os.supports_dir_fd:
        return None
    writes = _writable() if writable is None else writable and _writable()
    if (root, writes) not in _STORES:
        _STORES[root, writes] = _open(root, writes)
    return _STORES[root, writes]


def _writable() -> bool:
    return writable


def _open(root: Path, writable: bool) -> Store | None:
    if writable:
        with contextlib.suppress(OSError):
            root.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(root, 0o700)
    if os.path.islink(root):  # its target would be made private and written into: not ours to touch
        _note(f"ignoring the cache folder {root}: it is a symlink (point CODEGEN_CACHE_DIR at a real folder)")
        return None
    try:
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return None  # absent (before the first generate) or unreadable: run without it
    info = os.fstat(fd)
    problem = _not_private(info)
    # An own folder only others' reading is open to (made by an older codegen): nothing foreign
    # can be in it, so make it private instead of ignoring it.
    if problem and writable and info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o700)
            problem = None
    key = None if problem else _key(root, fd, writable)
    if problem:
        _note(f"ignoring the cache folder {root}: {problem}")
    if key is None:
        os.close(fd)
        return None
    return Store(root, fd, key, writable)


def _key(root: Path, fd: int, writable: bool) -> bytes | None:
    secret = os.environ.get("CODEGEN_CACHE_SECRET")
    if secret:
        return hashlib.sha256(b"codegen-cache\0" + secret.encode("utf-8", "surrogatepass")).digest()
    if writable:
        _make_key(fd)
    try:
        key_fd = os.open(KEY_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
    except OSError:
        return None  # a read-only run before any generate: nothing in the cache could be verified
    with os.fdopen(key_fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        problem = "not a regular file" if not stat.S_ISREG(info.st_mode) else _not_private(info)
        key = b"" if problem else handle.read(_KEY_BYTES + 1)
    if not problem and len(key) != _KEY_BYTES:
        problem = f"not a {_KEY_BYTES}-byte key"
    if problem:
        _note(f"ignoring the cache folder {root}: its {KEY_FILE} file is {problem}")
        return None
    return key


def _make_key(fd: int) -> None:
    """Create the key file unless it exists; written whole before it appears (concurrent runs)."""
    tmp = f"{KEY_FILE}.{secrets.token_hex(8)}.tmp"
    with contextlib.suppress(OSError):
        os.stat(KEY_FILE, dir_fd=fd, follow_symlinks=False)
        return
    with contextlib.suppress(OSError):
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        with os.fdopen(os.open(tmp, flags, 0o600, dir_fd=fd), "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_BYTES))
        try:
            os.link(tmp, KEY_FILE, src_dir_fd=fd, dst_dir_fd=fd)  # fails if another run made one
        finally:
            os.unlink(tmp, dir_fd=fd)


class Memo:
    """``text -> result`` remembered across runs in one file; most recently used entries kept."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, str] | None = None
        self._used: dict[str, str] = {}
        self._changed = False

    def _load(self) -> dict[str, str]:
        if self._entries is None:
            self._entries = {}
            cache = store()
            data = cache.read(f"{self.name}.json") if cache else None
            if data is not None:
                with contextlib.suppress(ValueError):
                    loaded = json.loads(data)
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
        cache = store()
        if not self._changed or cache is None or not writable:
            return
        entries = {k: v for k, v in self._load().items() if k not in self._used}
        entries.update(self._used)
        kept = dict(list(entries.items())[-MAX_ENTRIES:])
        cache.write(f"{self.name}.json", json.dumps(kept).encode("ascii"))
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


# Built-in templates compiled when codegen is installed (``python -m codegen.precompile``, which
# ``make`` runs), so a run with an empty cache does not compile them: part of the installed
# package, as trusted as its code. A seed whose template changed since fails Jinja's source
# checksum and is compiled afresh; ``CODEGEN_NO_SEEDS=1`` leaves them all out.
SEEDS = Path(__file__).resolve().parent / "_compiled_templates"


def _seeds() -> Path | None:
    """The seed folder, when it is there, codegen's owner's, and open to nobody else's writes."""
    if os.environ.get("CODEGEN_NO_SEEDS") == "1":
        return None
    try:
        info, package = SEEDS.lstat(), Path(__file__).stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != package.st_uid or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return SEEDS


def _seed(folder: Path, key: str) -> bytes | None:
    path = folder / key
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        return path.read_bytes()
    except OSError:
        return None


def template_key(root: Path, name: str, filename: str | None) -> str:
    """A built-in template's key: its path under the template folder ``root`` (Jinja's own key
    is the absolute path), so a seed compiled in a build folder serves the installed package."""
    where = filename or name
    prefix = str(root) + os.sep
    relative = where[len(prefix) :].replace(os.sep, "/") if where.startswith(prefix) else where
    return hashlib.sha1(f"codegen-template\0{relative}".encode(), usedforsecurity=False).hexdigest()


def template_cache(root: Path) -> jinja2.BytecodeCache | None:
    """The compiled-template cache of the built-in templates under ``root``."""
    cache, seeds = store(), _seeds()
    if cache is None and seeds is None:
        return None
    import jinja2  # here, not above: the no-op fast path reads the cache without Jinja

    class TemplateCache(jinja2.BytecodeCache):
        """Jinja's compiled templates (keyed by template path and source checksum): the user's
        cache, authenticated, else the seeds compiled at install."""

        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            return template_key(root, name, filename)

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            for data in (
                cache.read(f"templates/{bucket.key}") if cache is not None else None,
                _seed(seeds, bucket.key) if seeds is not None else None,
            ):
                if data is not None:
                    with contextlib.suppress(ValueError, EOFError, TypeError):
                        bucket.bytecode_from_string(data)
                    if bucket.code is not None:
                        return

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if cache is not None:
                cache.write(f"templates/{bucket.key}", bucket.bytecode_to_string())

    return TemplateCache()
