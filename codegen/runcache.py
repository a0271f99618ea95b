"""The stage cache of the edit loop: a run's files and diagnostics, reused while the pages say the
same thing.

Linking and rendering read the pages' data; the positions the loader records only travel into
diagnostics. So a run whose pages hold the same data as the last run's (an edit of the prose
below the front matter, a comment, a moved block of blank lines), under the same codegen, config,
templates, overrides and OpenAPI, gets the same files and the same diagnostics, each at the same
YAML node as before. That node's position is read again from this run's pages: a diagnostic is
stored as the YAML path of the node at or before it on its page and the offset from there.

The key is a hash of everything linking and rendering read (see :class:`RunKey`). One entry
per project (the last run: that key, the digest of every file it made, its diagnostics) lives in
the user's cache (codegen.cache: private, every entry authenticated; marshal'd plain values,
nothing that loads code). The files are read back from where that run wrote them, each checked
against its digest (keep-region bodies aside): one that is missing or different (an edit, a
failed write) means a full run, as does a page whose data changed; a file the keep file keeps is
the user's and is not read.
``check`` reads the entry and never writes it.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import marshal
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from . import cache, fastpath, texts
from .checked import as_dict
from .config import Config
from .diagnostics import Diagnostic, Diagnostics, Loc, Severity
from .loader import RawPage, SourceMap
from .texts import Texts

# A position in a message: ":LINE:COL" right after a page's name.
_POSITION = re.compile(r":(\d+):(\d+)")
# (line, col, kind, path): the nodes of a page in document order; kind "k" a key, "v" a value.


@functools.cache
def _code_digest() -> bytes:
    """codegen's own code and built-in templates, and the versions of what it runs on."""
    total = hashlib.sha256()
    for _, name, digest in fastpath.code_digests():
        total.update(name.encode("utf-8", "surrogateescape") + b"\0")
        total.update(digest)
    import jinja2
    import yaml

    # The libraries that read the pages and write the text, and the interpreter (pydantic's read
    # from its metadata's folder: most runs never import it, codegen.checked).
    versions = [
        fastpath.installed_version("black"),
        jinja2.__version__,
        yaml.__version__,
        fastpath.installed_version("pydantic"),
        sys.version,
    ]
    total.update("\0".join(versions).encode())
    return total.digest()


class RunKey:
    """What linking and rendering read: the pages' names and data (not their positions), the
    config as this run holds it, the languages, the diagnostic levels, codegen's code and
    templates, the template overrides and a followed OpenAPI document. The pages are taken one
    at a time as they are read (so none need be held for it). Making one reads the keep file,
    the overrides and a followed OpenAPI document: it raises OSError (or TypeError, ValueError)
    when one cannot be read."""

    def __init__(self, config: Config, languages: tuple[str, ...], levels: dict[str, str]) -> None:
        self.total = hashlib.sha256(_code_digest())
        add = self._add
        add(json.dumps(as_dict(config), default=str), json.dumps([list(languages), sorted(levels.items())]))
        keep = config.root / config.keep_file  # what it keeps is never written, so never read back
        add("keep", keep.read_bytes() if keep.is_file() else b"")
        if config.templates:
            folder = config.root / config.templates
            for name in fastpath._files(str(folder)) if folder.is_dir() else []:
                add("override", name, (folder / name).read_bytes())
        document = config.openapi_path() if config.openapi.wire == "api" else None
        if document is not None and document.is_dir():
            for name in fastpath._files(str(document)):
                add("openapi", name, (document / name).read_bytes())
        elif document is not None:
            add("openapi", document.read_bytes() if document.is_file() else b"")

    @classmethod
    def made(cls, config: Config, languages: tuple[str, ...], levels: dict[str, str]) -> RunKey | None:
        """A key for this run, or None: no cache to find the last run in, or an input that
        cannot be read (the run is made in full, as it is then)."""
        if cache.store() is None:
            return None
        try:
            return cls(config, languages, levels)
        except (OSError, TypeError, ValueError):
            return None

    def _add(self, *parts: str | bytes) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogateescape")
            self.total.update(f"{len(data)}\0".encode() + data)

    def page(self, page: RawPage) -> None:
        """The next page read (in the order they are read)."""
        unreadable = sorted(json.dumps(path) for path in page.source.unreadable)
        # The data's bytes by marshal (format 2: no shared references, so equal data gives equal
        # bytes whatever else holds its strings): a page's data is plain (dicts, lists, str, int,
        # float, bool, None), and this is 3-4x quicker than JSON, which a large run spent 1% on.
        self._add("page", page.file, page.relative, marshal.dumps(page.data, 2), *unreadable)

    def hexdigest(self) -> str:
        return self.total.hexdigest()


class Sourced(Protocol):
    """A page with its source map: as read (codegen.loader.RawPage) or validated (codegen.spec.Page)."""

    @property
    def file(self) -> str: ...

    @property
    def source(self) -> SourceMap: ...


class _Anchors:
    """Each page's nodes, to store a position as (path, offset) and read it back."""

    def __init__(self, pages: Sequence[Sourced]) -> None:
        self.sources: dict[str, SourceMap] = {page.file: page.source for page in pages}
        # The lengths page names have, longest first: a name before ":LINE:COL" is looked up by
        # each (a few), not searched for among every page.
        self._lengths = sorted({len(file) for file in self.sources}, reverse=True)

    def anchor(self, loc: Loc) -> list[Any]:
        """``loc`` as [file, kind, path, line offset, column] (kind "" for a position no node
        precedes, or a file that is not a page: kept as it is)."""
        if loc.file not in self.sources or loc.line <= 0:
            return [loc.file, "", [], loc.line, loc.col]
        found = self.sources[loc.file].before(loc.line, loc.col)
        if found is None:
            return [loc.file, "", [], loc.line, loc.col]
        kind, path, (line, col) = found
        return [loc.file, kind, list(path), loc.line - line, loc.col - col if loc.line == line else loc.col]

    def loc(self, anchor: list[Any]) -> Loc | None:
        """The position an anchor names in this run's pages (None: the node is gone)."""
        file, kind, path, lines, col = anchor
        if not kind:
            return Loc(file, lines, col)
        source = self.sources.get(file)
        found = None if source is None else source.find(kind, tuple(path))
        if found is None:
            return None
        line, start = found
        return Loc(file, line + lines, start + col if lines == 0 else col)

    def text(self, text: str | None) -> tuple[str | None, list[list[Any]] | None]:
        """A message that names positions on pages (``at specs/a.mdx:12:5``), each replaced by a
        NUL-numbered slot (diagnostics are printable text: no NUL is theirs), with their anchors."""
        if text is None:
            return None, None
        found: list[list[Any]] = []
        pieces, done = [], 0
        for match in _POSITION.finditer(text):
            end = match.start()
            file = next(
                (text[end - n : end] for n in self._lengths if n <= end - done and text[end - n : end] in self.sources),
                None,
            )
            if file is not None:
                start = end - len(file)
                pieces += [text[done:start], f"\0{len(found)}\0"]
                found.append(self.anchor(Loc(file, int(match.group(1)), int(match.group(2)))))
                done = match.end()
        return "".join([*pieces, text[done:]]), found

    def retext(self, text: str | None, anchors: list[list[Any]] | None) -> str | None:
        """``text`` with its slots filled at this run's positions (None: a node is gone)."""
        if text is None or anchors is None:
            return text
        locs = [self.loc(anchor) for anchor in anchors]
        if any(loc is None for loc in locs):
            return None
        return re.sub("\0(\\d+)\0", lambda match: str(locs[int(match.group(1))]), text)


def _entry_name(kind: str, config: Config) -> str:
    """The cache entry of ``kind`` ("runs", "pages") of this project: one per root and manifest."""
    where = f"{config.root.resolve()}\0{config.manifest_path}"
    return f"{kind}/" + hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()


def cached_run(
    pages: Sequence[Sourced],
    key: str | None,
    config: Config,
    diags: Diagnostics,
    run: Callable[[], Texts],
    *,
    spill: bool = False,
) -> Texts:
    """``run()`` (which links and renders ``pages``, reporting to ``diags``), or the files and
    diagnostics the last run with the same ``key`` (:class:`RunKey`; None: none could be made)
    got, at this run's positions (read back into a temporary file with ``spill``, as a large
    run's own are: codegen.texts)."""
    store = cache.store()
    if store is None or key is None:
        return run()
    anchors = _Anchors(pages)
    name = _entry_name("runs", config)
    reused = _reuse(store.read(name), key, anchors, config, spill=spill)
    if reused is not None:
        diags.items.extend(reused[1])
        return reused[0]
    before = len(diags.items)
    files = run()
    made = diags.items[before:]
    if not store.writes or any(d.severity is Severity.ERROR for d in made):
        return files
    # The files themselves are the ones this run writes: the entry keeps their digests.
    digests = {path: files.digest(path) for path in files}

    def parts() -> Iterator[bytes]:  # the diagnostics a chunk at a time: a large run has tens of thousands
        yield marshal.dumps({"key": key, "files": digests})
        for start in range(0, len(made), _CHUNK):
            yield marshal.dumps(
                [
                    [anchors.anchor(d.loc), d.severity.value, *anchors.text(d.message), *anchors.text(d.hint), d.code]
                    for d in made[start : start + _CHUNK]
                ]
            )

    store.write(name, parts())
    return files


# Diagnostics stored in one piece of a run's entry (its head holds the key and the files).
_CHUNK = 1_000


def _written(config: Config, digests: dict[str, str], *, spill: bool = False) -> Texts | None:
    """The files as the last run wrote them, read back (keep-region bodies aside): None when one
    is missing, not a regular file, or holds something else (an edit, a failed write). A file
    the keep file keeps is left out: it is the user's, and the run drops it anyway."""
    from .handwritten import RegionError, drop_kept, keep_spec, strip_regions
    from .markers import all_empty

    files = Texts(spill=spill)
    for path, digest in drop_kept(digests, keep_spec(config.root, config.keep_file)).items():
        target = config.root / path
        try:
            if not stat.S_ISREG(os.lstat(target).st_mode):
                return None
            text = target.read_bytes().decode("utf-8", "surrogatepass")
            if "codegen:" in text and not all_empty(text):
                text = strip_regions(text)
        except (OSError, UnicodeDecodeError, RegionError):
            return None
        if texts.digest(text) != digest:
            return None
        files[path] = text
    return files


def _reuse(
    payload: bytes | None, key: str, anchors: _Anchors, config: Config, *, spill: bool = False
) -> tuple[Texts, list[Diagnostic]] | None:
    if payload is None:
        return None
    try:
        pieces = io.BytesIO(payload)
        entry = marshal.load(pieces)
        if entry.get("key") != key:
            return None
        found = []
        while pieces.tell() < len(payload):
            for anchor, severity, message, at, hint, hint_at, code in marshal.load(pieces):
                loc = anchors.loc(anchor)
                message, hint = anchors.retext(message, at), anchors.retext(hint, hint_at)
                if loc is None or message is None or (hint is None) != (hint_at is None):
                    return None
                found.append(Diagnostic(loc, Severity(severity), message, hint, code))
        digests = entry["files"]
        if not isinstance(digests, dict) or not all(isinstance(v, str) for v in digests.values()):
            return None
        files = _written(config, digests, spill=spill)
        return None if files is None else (files, found)
    except (ValueError, TypeError, KeyError, AttributeError, EOFError):
        return None


class PageCache:
    """Parsed pages by their name, place and bytes (codegen.loader.PageCache): the last run's, in
    one cache entry of records per project (codegen.cache.Records: each page's record read and
    checked alone, when asked for), written back as this run reads its pages, with its pages only.
    An entry written by another codegen or under other diagnostic levels is not read. (marshal:
    plain values only, and only from a record that passed the cache's authentication.)"""

    def __init__(self, config: Config, levels: dict[str, str]) -> None:
        self.store = cache.store()
        self.name = _entry_name("pages", config)
        self.stamp = hashlib.sha256(_code_digest() + json.dumps(sorted(levels.items())).encode()).hexdigest()
        self.known = self.store.records(self.name, self.stamp) if self.store is not None else None
        self.now = self.store.record_writer(self.name, self.stamp) if self.store is not None else None
        self.missed = False

    @staticmethod
    def _key(display: str, relative: str, raw: bytes) -> str:
        named = f"{display}\0{relative}\0".encode("utf-8", "surrogateescape")
        return hashlib.sha256(named + raw).hexdigest()

    def get(self, display: str, relative: str, raw: bytes, diags: Diagnostics) -> tuple[RawPage | None] | None:
        key = self._key(display, relative, raw)
        record = self.known.get(key) if self.known is not None else None
        if record is None:
            self.missed = True
            return None
        try:
            page, made = marshal.loads(record)
        except (ValueError, TypeError, EOFError):
            return None
        if self.now is not None:
            self.now.add(key, record)
        for (line, col), severity, message, hint, code in made:
            diags.items.append(Diagnostic(Loc(display, line, col), Severity(severity), message, hint, code))
        if page is None:
            return (None,)
        data, source, place = page
        return (RawPage(display, data, SourceMap.restored(display, source), place),)

    def put(self, display: str, relative: str, raw: bytes, page: RawPage | None, made: list[Diagnostic]) -> None:
        self.missed = True
        if self.now is None:
            return
        found = [((d.loc.line, d.loc.col), d.severity.value, d.message, d.hint, d.code) for d in made]
        record = None
        if page is not None:
            record = (page.data, page.source.saved(), page.relative)
        self.now.add(self._key(display, relative, raw), marshal.dumps((record, found)))

    def save(self) -> None:
        """Keep this run's pages (when any was new, or one was dropped); else keep the last run's."""
        if self.now is not None:
            if self.missed or self.known is None or len(self.now) != len(self.known):
                self.now.commit()
            else:
                self.now.discard()
            self.now = None
        self.close()

    def close(self) -> None:
        """Let the entries go, this run's unwritten (a run stopped while reading its pages)."""
        if self.now is not None:
            self.now.discard()
        if self.known is not None:
            self.known.close()
        self.known = self.now = None
