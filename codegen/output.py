"""Writing, checking and pruning generated files. Rendering never happens here.

Ownership rules (the README's "Safe in your repo"):

- codegen overwrites or deletes a file only when it is listed in the manifest and still holds
  what codegen wrote there (its sha256, keep-region bodies left out), or already holds exactly
  what codegen would write. Anything else at a generated path is a *conflict*: ``generate``
  refuses it (nothing is written) unless ``--force`` is given. Markers in a file never make it
  codegen's.
- Only files of this run's *scope* are written, checked or pruned; the manifest carries every
  other entry over untouched.
- Nothing is written, read or deleted through a symlink below the output base; a symlink or a
  special file at a generated path is reported, never read.
- Writes are two-phase: every file goes to a temporary file of codegen's own name beside it,
  and only when all are written are they renamed into place (the manifest last). A full disk
  or a read-only folder changes nothing.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import fcntl
import json
import os
import posixpath
import re
import secrets
import shutil
import signal
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from pathlib import Path

from .fastpath import MANIFEST_VERSION
from .handwritten import RegionError, has_region_bodies, strip_regions
from .records import dataclass
from .text import GENERATED_NOTICE
from .texts import digest, digest_of, encoded_of

MANIFEST_HEADER = f"# {GENERATED_NOTICE} Files written by codegen, with their sha256.\n"
# Temporary files are ``.<name>.codegen-<8 chars>.tmp`` beside their target: only these are
# ever cleaned up (an interrupted run's), and only in folders this run writes to.
_TEMPORARY = re.compile(r"\.(.+)\.codegen-[0-9a-f]{8}\.(?:tmp|bak)")
# Most file systems refuse longer file names (bytes, after encoding).
MAX_NAME_BYTES = 255
# How long a run waits for another run on the same output before giving up.
LOCK_TIMEOUT = 120.0


class OutputError(Exception):
    """An I/O problem with a path: reported as ``path: error: message``, exit 2."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)
        self.path, self.message = path, message


class _Seen:
    """What one run has seen of the folders it writes in, so each is looked at once: folders
    whose whole way from the output base is real folders (by key, and by path), and folders
    made (their stale temporaries removed). Never shared between runs (a folder may have become
    a link since)."""

    def __init__(self) -> None:
        self.clean_parents: set[str] = set()
        self.real_folders: set[Path] = set()
        self.made: set[Path] = set()
        # Each key's path, made once: a file's path is asked for by each step that touches it.
        self.paths: dict[str, Path] = {}


@dataclass(frozen=True)
class Layout:
    """Where output goes: the project root, and each language's output folder (keys of
    rendered files are relative to ``root``, or absolute when ``--out`` names a folder)."""

    root: Path
    manifest: str
    # Output folders of every configured language (manifest entries must lie under one).
    out_dirs: dict[str, str]
    # The languages this run renders (its scope), and whether it prunes (spec-narrowed runs do not).
    languages: tuple[str, ...]
    prunes: bool = True
    seen: _Seen = field(default_factory=_Seen, compare=False, repr=False)

    def path(self, key: str) -> Path:
        found = self.seen.paths.get(key)
        if found is None:
            found = self.seen.paths[key] = self.root / key
        return found

    def base_of(self, key: str) -> Path:
        """The folder below which no component of ``key`` may be a symlink."""
        if posixpath.isabs(key):
            bases = [d for d in self.out_dirs.values() if posixpath.isabs(d)]
            bases += [posixpath.dirname(self.manifest)] if posixpath.isabs(self.manifest) else []
            for base in sorted(bases, key=len, reverse=True):
                if key.startswith(base.rstrip("/") + "/"):
                    return Path(base)
            return Path(posixpath.dirname(key))
        return self.root

    def language_of(self, key: str) -> str | None:
        """The language whose output folder holds ``key`` (the deepest one: folders may nest)."""
        best: tuple[int, str] | None = None
        for language, folder in self.out_dirs.items():
            if folder in ("", ".") and not posixpath.isabs(key):
                depth = 0
            elif key.startswith(folder.rstrip("/") + "/"):
                depth = len(folder)
            else:
                continue
            if best is None or depth > best[0]:
                best = (depth, language)
        return best[1] if best else None

    def in_scope(self, key: str) -> bool:
        return self.language_of(key) in self.languages


# --- the manifest ---------------------------------------------------------------------------


def manifest_text(entries: dict[str, str], manifest: str, version: str = "") -> str:
    """``sha256  path`` per generated file, sorted, paths relative to the manifest's folder
    (so the manifest is the same wherever the output lives): ``sha256sum -c`` reads it there.
    On a comment line: the codegen ``version`` that wrote it."""
    folder = posixpath.dirname(manifest)
    lines = sorted((_relative(path, folder), sha) for path, sha in entries.items())
    recorded = f"{MANIFEST_VERSION}{version}\n" if version else ""
    return MANIFEST_HEADER + recorded + "".join(f"{sha}  {name}\n" for name, sha in lines)


def _relative(path: str, folder: str) -> str:
    """``posixpath.relpath(path, folder or ".")``, without its two calls for the working folder
    where ``path`` is plainly inside ``folder``."""
    if folder and path.startswith(f"{folder}/") and posixpath.normpath(path) == path:
        return path[len(folder) + 1 :]
    return posixpath.relpath(path, folder or ".")


@dataclass
class Manifest:
    """The previous run's entries (keyed like rendered files) and the lines it refused."""

    entries: dict[str, str] = field(default_factory=dict)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    present: bool = False
    # The codegen version that wrote it ("" when it does not say).
    version: str = ""


_SHA = re.compile(r"[0-9a-f]{64}")


def read_manifest(layout: Layout) -> Manifest:
    result = Manifest()
    try:
        text = _read_regular(layout, layout.manifest)
    except FileNotFoundError:
        return result
    except (OSError, UnicodeDecodeError, _NotRegular):
        result.refused.append((1, "the manifest cannot be read as a text file; it is ignored"))
        return result
    result.present = True
    folder = posixpath.dirname(layout.manifest)
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(MANIFEST_VERSION):
            result.version = line[len(MANIFEST_VERSION) :].strip()[:64]
        if not line or line.startswith("#"):
            continue
        sha, separator, name = line.partition("  ")
        if not separator or not _SHA.fullmatch(sha):
            result.refused.append((number, "not a 'sha256  path' line; ignored"))
            continue
        if posixpath.isabs(name) or "\\" in name or "\x00" in name:
            result.refused.append((number, f"entry {name!r} is an absolute path; ignored"))
            continue
        key = posixpath.normpath(posixpath.join(folder, name))
        if key.startswith("../") or key == ".." or layout.language_of(key) is None:
            result.refused.append((number, f"entry {name!r} lies outside the output folders; ignored"))
            continue
        result.entries[key] = sha
    return result


# --- reading without following links -----------------------------------------------------------


class _NotRegular(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symlink"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _linked_parent(layout: Layout, key: str) -> str | None:
    """The first folder between the output base and ``key`` that is a symlink (or not a folder)."""
    folder = posixpath.dirname(key)
    if folder in layout.seen.clean_parents:  # every folder on the way was seen to be a real folder
        return None
    found = _first_link(layout, key)
    if found is None:  # real folders, or absent ones that only this run (holding the lock) makes
        layout.seen.clean_parents.add(folder)
    return found


def _first_link(layout: Layout, key: str) -> str | None:
    base = layout.base_of(key)
    target = layout.path(key)
    try:
        relative = target.relative_to(base)
    except ValueError:
        return str(target.parent)
    current = base
    for part in relative.parts[:-1]:
        current = current / part
        if current in layout.seen.real_folders:
            continue
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        if not stat.S_ISDIR(mode):
            return f"{current} is {_kind(mode)}"
        layout.seen.real_folders.add(current)
    return None


def _read_regular(layout: Layout, key: str) -> str:
    """The text at ``key``; raises FileNotFoundError, _NotRegular (symlink, FIFO...) or OSError."""
    linked = _linked_parent(layout, key)
    if linked is not None:
        raise _NotRegular(f"reached through a link ({linked})")
    path = layout.path(key)
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise _NotRegular(_kind(mode))
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _NotRegular("not a regular file")
        return handle.read().decode("utf-8")


def read_text(layout: Layout, key: str) -> str | None:
    """The text at ``key``, or None when it is absent, not a regular file, or unreadable."""
    try:
        return _read_regular(layout, key)
    except (OSError, UnicodeDecodeError, _NotRegular):
        return None


def is_executable(text: str | bytes) -> bool:
    """A file that starts with ``#!`` (the curl scripts) is written executable (its text, or the
    text's UTF-8)."""
    return text.startswith("#!") if isinstance(text, str) else text.startswith(b"#!")


def file_mode(text: str | bytes, umask: int | None = None) -> int:
    """What a plain ``open()`` (or ``chmod +x``) would give under ``umask`` (the current one)."""
    return (0o777 if is_executable(text) else 0o666) & ~(_umask() if umask is None else umask)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# --- the plan --------------------------------------------------------------------------------


@dataclass
class Plan:
    """What ``generate`` would do, and what ``check`` reports."""

    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    # Files no longer produced that codegen leaves in place: edited by hand, or not a file.
    kept: list[str] = field(default_factory=list)
    # Files no longer produced whose keep regions hold hand-written code: kept, and check fails.
    orphaned: list[str] = field(default_factory=list)
    # Generated paths whose current content codegen did not write: path -> why.
    conflicts: dict[str, str] = field(default_factory=dict)
    diffs: dict[str, str] = field(default_factory=dict)
    # The manifest this run writes: path -> sha256.
    entries: dict[str, str] = field(default_factory=dict)
    # An interrupted generate left its journal: the tree may be half written (check fails).
    interrupted: bool = False

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra or self.conflicts or self.orphaned or self.interrupted)


def plan(
    layout: Layout,
    files: Mapping[str, str],
    recorded: Mapping[str, str],
    *,
    diffs: bool = True,
    force: bool = False,
    moved: frozenset[str] = frozenset(),
    lost: dict[str, list[str]] | None = None,
) -> Plan:
    """What differs between ``files`` (this run's scope, keep regions carried) and the disk.

    ``recorded`` is what the manifest records for each file (its text without region bodies).
    ``diffs=False`` skips the unified diffs (``generate`` prints none)."""
    result = Plan(interrupted=interrupted(layout))
    previous = read_manifest(layout)

    def note(key: str, old: str, new: str) -> None:
        if diffs:
            result.diffs[key] = _diff(_label(layout, key), old, new)

    for key in files:  # a text is read (from a large run's spill file) only when it is compared
        try:
            current = _read_regular(layout, key)
        except FileNotFoundError:
            result.missing.append(key)
            if diffs:
                note(key, "", files[key])
            continue
        except _NotRegular as exc:
            result.conflicts[key] = f"is {exc.what}; codegen does not write through it"
            continue
        except UnicodeDecodeError:
            current = None
        except OSError as exc:
            raise OutputError(key, f"cannot read: {exc.strerror or exc}") from exc
        text = files[key]
        if current == text:
            if is_executable(text) and not os.lstat(layout.path(key)).st_mode & 0o100:
                result.changed.append(key)
                result.diffs[key] = f"diff --git a/{key} b/{key}\nold mode 100644\nnew mode 100755\n"
            continue
        ours = current is not None and previous.entries.get(key) == digest(_stripped(current))
        if lost and key in lost and not force:
            names = ", ".join(lost[key])
            result.conflicts[key] = f"holds hand-written keep region(s) {names} that the new version has no place for"
            note(key, current or "", text)
            continue
        if not ours and not force:
            result.conflicts[key] = (
                "was edited since codegen wrote it"
                if key in previous.entries
                else "exists but was not written by codegen (not in the manifest)"
            )
            note(key, current or "", text)
            continue
        result.changed.append(key)
        note(key, current or "", text)

    result.entries = {
        key: sha
        for key, sha in previous.entries.items()
        if not layout.prunes or not layout.in_scope(key) or key in result.conflicts
    }
    result.entries.update((key, digest_of(recorded, key)) for key in recorded if key not in result.conflicts)
    if layout.prunes:
        _prune(layout, produced=set(files), previous=previous, result=result, moved=moved, note=note)
    return result


def _prune(
    layout: Layout,
    *,
    produced: set[str],
    previous: Manifest,
    result: Plan,
    moved: frozenset[str],
    note: Callable[[str, str, str], None],
) -> None:
    """Earlier files of this scope that this run no longer produces: deleted only when unchanged."""
    for key in sorted(set(previous.entries) - produced):
        if not layout.in_scope(key):
            continue
        sha = previous.entries[key]
        try:
            text = _read_regular(layout, key)
        except FileNotFoundError:
            result.entries.pop(key, None)
            continue
        except (OSError, UnicodeDecodeError, _NotRegular):
            result.kept.append(key)
            result.entries.pop(key, None)
            continue
        if digest(_stripped(text)) != sha:
            result.kept.append(key)  # edited by hand: the user's now
            result.entries.pop(key, None)
        elif has_region_bodies(text) and key not in moved:
            result.orphaned.append(key)  # still listed, so check keeps failing until resolved
            result.entries[key] = sha
        else:
            result.extra.append(key)
            result.entries.pop(key, None)
            note(key, text, "")


def manifest_conflict(layout: Layout) -> str | None:
    """Why the file at the manifest's path is not codegen's manifest (None when it is, or is absent)."""
    try:
        text = _read_regular(layout, layout.manifest)
    except FileNotFoundError:
        return None
    except _NotRegular as exc:
        return f"is {exc.what}; codegen does not write through it"
    except (OSError, UnicodeDecodeError):
        return "cannot be read as codegen's manifest"
    return None if text.startswith(MANIFEST_HEADER) else "is not a codegen manifest"


def _stripped(text: str) -> str:
    try:
        return strip_regions(text)
    except RegionError:
        return text


def _label(layout: Layout, key: str) -> str:
    return key.lstrip("/")


def _diff(name: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    )


def overlong_name(key: str) -> str | None:
    """A path component too long for a file system, if any."""
    for part in key.split("/"):
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return part
    return None


# --- writing --------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """One ``generate`` at a time per output folder: the folder itself is locked (no lock file)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(str(folder), f"cannot use the output folder: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() > deadline:
                    raise OutputError(str(folder), "another codegen run is writing here; gave up waiting") from exc
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)


def journal_key(layout: Layout) -> str:
    """Beside the manifest: what an unfinished ``generate`` was doing (see :func:`apply`)."""
    return layout.manifest + ".journal"


def interrupted(layout: Layout) -> bool:
    """Whether an interrupted ``generate`` left its journal (``check`` then reports the tree stale)."""
    return os.path.lexists(layout.path(journal_key(layout)))


def _fault(*names: str) -> None:
    """Fault injection for the tests (``CODEGEN_FAULT=kill:write:2``, ``fail:remove:3``, or
    ``fail:step:3`` whatever its kind): the run is killed, or fails with an OSError, right after
    the step of one of ``names``. Unset: nothing."""
    wanted = os.environ.get("CODEGEN_FAULT")
    if not wanted:
        return
    how, _, at = wanted.partition(":")
    if at in names:
        step = names[0]
        if how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise OSError(errno.EIO, f"injected fault after {step}")


def apply(layout: Layout, files: Mapping[str, str], result: Plan) -> None:
    """Make the disk hold ``files`` as ``result`` planned, all or nothing.

    Every file is first written to a temporary beside it. Then a journal beside the manifest
    records each step about to be taken; each file that is replaced or removed is first linked
    to a backup name; the files are renamed into place, the old ones removed, the manifest
    replaced last; then the journal and the backups go. If a step fails, everything done is
    undone here (OutputError: nothing changed). If the process dies, the journal stays: the next
    ``generate`` undoes the steps (:func:`recover`) before it plans, and ``check`` reports the
    tree stale until then."""
    pending = sorted(result.changed + result.missing, key=lambda key: (key == layout.manifest, key))
    staged: list[tuple[str, str]] = []  # (key, its temporary), as a str: a Path holds its parts besides
    umask = _umask()
    try:
        for key in pending:
            staged.append((key, str(_stage(layout, key, encoded_of(files, key), umask))))
    except BaseException:
        for _, temporary in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    steps: list[dict[str, str]] = []
    for key, temporary in staged:
        target = layout.path(key)
        backup = _backup_name(target) if os.path.lexists(target) else ""
        sha = digest_of(files, key)
        steps.append({"do": "write", "key": key, "temporary": temporary, "backup": backup, "sha": sha})
    removals = list(result.extra)
    for key in removals:
        steps.append({"do": "remove", "key": key, "backup": _backup_name(layout.path(key))})
    writes = [step for step in steps if step["do"] == "write"]
    ordered = [*[s for s in writes if s["key"] != layout.manifest], *[s for s in steps if s["do"] == "remove"]]
    ordered += [s for s in writes if s["key"] == layout.manifest]
    journal = layout.path(journal_key(layout))
    try:
        _write_journal(journal, ordered)
        _fault("journal")
        for index, step in enumerate(ordered):
            _take(layout, step)
            _fault(f"{step['do']}:{index}", f"step:{index}")
        _write_journal(journal, ordered, committed=True)  # from here on, a rerun finishes instead of undoing
    except OSError as exc:
        _undo(layout, ordered)
        with contextlib.suppress(OSError):
            journal.unlink()
        failed = next((s["key"] for s in ordered if s.get("failed")), layout.manifest)
        raise OutputError(failed, f"cannot write: {exc.strerror or exc}; nothing was changed") from exc
    _fault("committed")
    _drop_backups(ordered)
    journal.unlink()
    _fault("done")
    for key in removals:
        path = layout.path(key)
        _remove_empty_parents(path.parent, layout.base_of(key))


def recover(layout: Layout) -> int:
    """Undo what an interrupted ``generate`` did (its journal says what), so the tree is the one
    before it: returns how many steps were undone (0: there was no journal). A journal that
    cannot be read is set aside with its steps left as they are."""
    journal = layout.path(journal_key(layout))
    if not os.path.lexists(journal):
        return 0
    try:
        if not stat.S_ISREG(os.lstat(journal).st_mode):
            raise OutputError(journal_key(layout), "the journal is not a regular file; remove it by hand")
        document = json.loads(journal.read_text(encoding="utf-8"))
        steps = document["steps"]
        if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
            raise ValueError("no steps")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        why = f"an interrupted run left a journal codegen cannot read ({exc})"
        raise OutputError(journal_key(layout), why) from exc
    if document.get("committed") is True:  # every step was taken: only the backups are left to drop
        _drop_backups(steps)
        journal.unlink()
        return 0
    undone = _undo(layout, steps)
    journal.unlink()
    return undone


def _drop_backups(steps: list[dict[str, str]]) -> None:
    for step in steps:
        if step.get("backup"):
            with contextlib.suppress(OSError):
                Path(step["backup"]).unlink()


def _write_journal(path: Path, steps: list[dict[str, str]], *, committed: bool = False) -> None:
    temporary = path.parent / f".{path.name}.codegen-{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    descriptor = os.open(temporary, flags, 0o600)
    document = {"journal": "codegen generate, unfinished: the next generate undoes it", "committed": committed}
    # The text of json.dumps({**document, "steps": steps}), made a piece of steps at a time (at
    # 10,000 pages the journal is 6 MB); each piece by one json.dumps of its steps, brackets cut
    # (json.dump encodes a value at a time, in Python).
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(f'{json.dumps(document)[:-1]}, "steps": ['.encode("ascii"))
        for start in range(0, len(steps), _JOURNAL_PIECE):
            piece = json.dumps(steps[start : start + _JOURNAL_PIECE])[1:-1]
            handle.write(f"{', ' if start else ''}{piece}".encode("ascii"))
        handle.write(b"]}")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


_JOURNAL_PIECE = 1000


def _backup_name(target: Path) -> str:
    return str(target.parent / f".{target.name}.codegen-{secrets.token_hex(4)}.bak")


def _take(layout: Layout, step: dict[str, str]) -> None:
    target = layout.path(step["key"])
    try:
        if step["backup"]:
            try:
                os.link(target, step["backup"], follow_symlinks=False)
            except OSError:  # a file system without hard links
                shutil.copy2(target, step["backup"], follow_symlinks=False)
        if step["do"] == "write":
            os.replace(step["temporary"], target)
        else:
            os.unlink(target)
    except OSError:
        step["failed"] = "yes"
        raise


def _undo(layout: Layout, steps: list[dict[str, str]]) -> int:
    """Put back what ``steps`` replaced or removed (newest first); delete what they created, when
    it still holds what codegen wrote; drop their temporaries. Returns the steps undone."""
    undone = 0
    for step in reversed(steps):
        target = layout.path(step["key"])
        backup = step.get("backup") or ""
        temporary = step.get("temporary") or ""
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if backup and os.path.lexists(backup):
            with contextlib.suppress(OSError):
                os.replace(backup, target)
                undone += 1
        elif step["do"] == "write" and not backup:
            current = read_text(layout, step["key"])
            if current is not None and digest(current) == step.get("sha"):
                with contextlib.suppress(OSError):
                    os.unlink(target)
                    undone += 1
    return undone


def _stage(layout: Layout, key: str, data: bytes, umask: int) -> Path:
    """Make the folders of ``key`` (never through a link) and write ``data`` (a text's UTF-8) to a
    temporary beside it."""
    linked = _linked_parent(layout, key)
    if linked is not None:
        raise OutputError(key, f"refused: the path goes through a link ({linked})")
    target = layout.path(key)
    folder = target.parent
    if folder not in layout.seen.made:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(str(folder), f"cannot create folder: {exc.strerror or exc}") from exc
        layout.seen.made.add(folder)
        _remove_stale_temporaries(folder)
    temporary = folder / f".{target.name}.codegen-{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    mode = file_mode(data, umask)
    try:
        descriptor = os.open(temporary, flags, mode)
        try:
            os.fchmod(descriptor, mode)  # open() applied the umask already; be exact anyway
            left = memoryview(data)
            while left:
                left = left[os.write(descriptor, left) :]
        finally:
            os.close(descriptor)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        reason = "file name too long" if exc.errno == errno.ENAMETOOLONG else (exc.strerror or str(exc))
        raise OutputError(key, f"cannot write: {reason}") from exc
    return temporary


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files an interrupted run left in ``folder`` (codegen's own names only)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _TEMPORARY.fullmatch(name):
            path = folder / name
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(path).st_mode):
                    path.unlink()


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
