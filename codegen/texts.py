"""The generated files' texts by path, as a run holds them until it plans and writes.

A large reference makes a great deal of text: about 12 KB a page in all eight languages, which
was the largest single part of a 10,000-page run's memory. From :data:`SPILL_MIN_PAGES` pages the
texts are kept in an anonymous temporary file (``tempfile``: in ``TMPDIR``, gone when the process
ends, whatever way it ends) and read back one at a time when asked for; every later stage (the
run cache's digests, keep regions, the plan, the write) reads them one by one. Below that size
they stay in memory, as a plain mapping would hold them.

A text that cannot be written to the file (a full disk), or every text when no temporary file
can be made, is kept in memory instead: nothing is lost, the run only holds more."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import IO

from .records import dataclass

# From this many pages a run keeps its generated texts in a temporary file (see the module).
SPILL_MIN_PAGES = 1_000

_ENCODING, _ERRORS = "utf-8", "surrogatepass"  # any str round-trips, a lone surrogate too


class Spill:
    """An anonymous file that texts are appended to, each read back by (offset, length)."""

    __slots__ = ("end", "file")

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the texts
        self.end = 0

    def put(self, text: str) -> tuple[int, int]:
        data = text.encode(_ENCODING, _ERRORS)
        fd, start, done = self.file.fileno(), self.end, 0
        while done < len(data):
            done += os.pwrite(fd, data[done:], start + done)
        self.end += len(data)
        return start, len(data)

    def get(self, where: tuple[int, int]) -> str:
        return self.read(where).decode(_ENCODING, _ERRORS)

    def read(self, where: tuple[int, int]) -> bytes:
        """The text's bytes, as written (not decoded)."""
        start, length = where
        data = os.pread(self.file.fileno(), length, start)
        if len(data) != length:  # pragma: no cover - a regular file reads what was written
            raise OSError(f"generated text read back short ({len(data)} of {length} bytes)")
        return data


@dataclass(frozen=True, slots=True)
class Placed:
    """A text in another process's spill file (a forked child's), read only when asked for."""

    spill: Spill
    start: int  # where the text starts, and its length (two fields: a tuple is one object more)
    length: int
    formatted: bool = False  # by the formatter's quick pass, where it was made

    def text(self) -> str:
        return self.spill.get((self.start, self.length))

    def encoded(self) -> bytes:
        return self.spill.read((self.start, self.length))


class Texts(MutableMapping[str, str]):
    """Text by path, in insertion order, in memory or (``spill``) in a temporary file, or where
    a forked child wrote it (:meth:`adopt`)."""

    __slots__ = ("_digests", "_held", "_spill")

    def __init__(self, items: Iterable[tuple[str, str]] = (), *, spill: bool = False) -> None:
        # A text, where it is in this mapping's file, or where it is in a child's (Placed).
        self._held: dict[str, str | tuple[int, int] | Placed] = {}
        self._spill: Spill | None = None
        # The SHA-256 of each text asked for once (see digest).
        self._digests: dict[str, bytes] = {}
        if spill:
            try:
                self._spill = Spill()
            except OSError:
                pass  # no temporary folder to write in: the texts are held in memory
        for key, text in items:
            self[key] = text

    @property
    def spilled(self) -> bool:
        return self._spill is not None

    def __setitem__(self, key: str, text: str) -> None:
        self._digests.pop(key, None)
        if self._spill is not None:
            try:
                self._held[key] = self._spill.put(text)
                return
            except OSError:
                pass  # no room on the disk: this one stays in memory
        self._held[key] = text

    def adopt(self, key: str, placed: Placed) -> None:
        """The text ``placed`` in another spill file, left there: neither decoded (at 10,000
        pages a text can be 5 MB, 10 MB as a str) nor copied. The file stays open as long as
        a text in it is held."""
        self._digests.pop(key, None)
        self._held[key] = placed

    def __getitem__(self, key: str) -> str:
        value = self._held[key]
        if isinstance(value, str):
            return value
        if isinstance(value, Placed):
            return value.text()
        assert self._spill is not None  # only a spilling mapping holds places in its own file
        return self._spill.get(value)

    def encoded(self, key: str) -> bytes:
        """The text at ``key`` in UTF-8 (a lone surrogate passed through); a spilled one as read back."""
        value = self._held[key]
        if isinstance(value, str):
            return value.encode(_ENCODING, _ERRORS)
        if isinstance(value, Placed):
            return value.encoded()
        assert self._spill is not None  # only a spilling mapping holds places in its own file
        return self._spill.read(value)

    def digest(self, key: str) -> str:
        """:func:`digest` of the text at ``key``; a spilled one is hashed as read back, not
        decoded and encoded again. The run cache, the plan and the journal each ask for every
        file's (at 10,000 pages a text can be 5 MB): it is worked out once, and kept (32 bytes)
        until the text is replaced."""
        found = self._digests.get(key)
        if found is None:
            found = self._digests[key] = hashlib.sha256(self.encoded(key)).digest()
        return found.hex()

    def __delitem__(self, key: str) -> None:
        del self._held[key]
        self._digests.pop(key, None)

    def __contains__(self, key: object) -> bool:  # without reading the text
        return key in self._held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)

    def copy(self) -> Texts:
        """A mapping of its own that shares the texts already written (they never change)."""
        return self._like(dict(self._held))

    def sorted(self) -> Texts:
        """The same texts, by path."""
        return self._like(dict(sorted(self._held.items())))

    def _like(self, held: dict[str, str | tuple[int, int] | Placed]) -> Texts:
        new = Texts()
        new._held, new._spill, new._digests = held, self._spill, dict(self._digests)
        return new


def digest(text: str) -> str:
    """The SHA-256 (hex) of ``text`` in UTF-8 (a lone surrogate passed through): what the manifest,
    the journal and the run cache record of a file."""
    return hashlib.sha256(text.encode(_ENCODING, _ERRORS)).hexdigest()


def digest_of(texts: Mapping[str, str], key: str) -> str:
    """:func:`digest` of ``texts[key]`` (of a :class:`Texts`, without decoding a spilled text)."""
    return texts.digest(key) if isinstance(texts, Texts) else digest(texts[key])


def encoded_of(texts: Mapping[str, str], key: str) -> bytes:
    """``texts[key]`` in UTF-8 (of a :class:`Texts`, a spilled text as read back, not decoded)."""
    return texts.encoded(key) if isinstance(texts, Texts) else texts[key].encode(_ENCODING, _ERRORS)
