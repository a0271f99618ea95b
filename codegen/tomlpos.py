"""Where each key and array item of a TOML document is written (``tomllib`` keeps no positions).

:func:`positions` maps a key path (``("tool", "codegen", "go", "renames", "getFactor")``; array
items by index, ``("specs", 1)``) to the line and column of its key (or item). It reads the
document ``tomllib`` has already accepted, so it only needs to find things, not validate them:
tables and arrays of tables, dotted and quoted keys, inline tables, arrays over several lines,
and strings of every kind (whose contents are skipped). Config diagnostics use it to point at
the exact place of a mistake.
"""

from __future__ import annotations

import re

Key = tuple[str | int, ...]
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)", re.S)
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.found: dict[Key, tuple[int, int]] = {}
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(self, offset: int) -> tuple[int, int]:
        low, high = 0, len(self._line_starts) - 1
        while low < high:  # the last line start at or before offset
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1, offset - self._line_starts[low] + 1

    def mark(self, path: Key, offset: int) -> None:
        self.found.setdefault(path, self.where(offset))

    def peek(self, count: int = 1) -> str:
        return self.text[self.at : self.at + count]

    def blank(self, newlines: bool) -> None:
        """Skip spaces (and, with ``newlines``, line breaks and comments)."""
        while self.at < len(self.text):
            ch = self.text[self.at]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.at += 1
            elif ch == "#" and newlines:
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            else:
                return

    def rest_of_line(self) -> None:
        end = self.text.find("\n", self.at)
        self.at = len(self.text) if end < 0 else end + 1

    def key(self, prefix: Key) -> Key:
        """A dotted key; every part of it is marked (``a.b`` marks ``a`` and ``a.b``)."""
        path = prefix
        while True:
            self.blank(False)
            start = self.at
            if self.peek() in ('"', "'"):
                part = self.string()
            else:
                match = _BARE.match(self.text, self.at)
                if match is None:
                    return path
                part, self.at = match.group(), match.end()
            path = (*path, part)
            self.mark(path, start)
            self.blank(False)
            if self.peek() != ".":
                return path
            self.at += 1

    def string(self) -> str:
        """A string of any kind at the reader; its value (escapes read for basic strings)."""
        quote = self.peek()
        triple = self.peek(3) == quote * 3
        delimiter = quote * 3 if triple else quote
        self.at += len(delimiter)
        body_start = self.at
        while self.at < len(self.text):
            if quote == '"' and self.text[self.at] == "\\":
                self.at += 2
                continue
            if self.text.startswith(delimiter, self.at):
                end = self.at  # up to two more quotes belong to a multi-line string's contents
                while triple and end - self.at < 2 and self.text.startswith(quote, end + 3):
                    end += 1
                body = self.text[body_start:end]
                self.at = end + len(delimiter)
                return _unescape(body) if quote == '"' else body
            self.at += 1
        return self.text[body_start:]

    def value(self, path: Key) -> None:
        """A value: strings and scalars are skipped; arrays mark their items, inline tables their keys."""
        self.blank(False)
        ch = self.peek()
        if ch in ('"', "'"):
            self.string()
        elif ch == "[":
            self.at += 1
            index = 0
            while self.at < len(self.text):
                self.blank(True)
                if self.peek() in ("]", ""):
                    self.at += 1
                    return
                if self.peek() == ",":
                    self.at += 1
                    continue
                self.mark((*path, index), self.at)
                self.value((*path, index))
                index += 1
        elif ch == "{":
            self.at += 1
            while self.at < len(self.text):
                self.blank(False)
                if self.peek() in ("}", "", "\n"):
                    self.at += 1
                    return
                if self.peek() == ",":
                    self.at += 1
                    continue
                key = self.key(path)
                self.blank(False)
                if self.peek() == "=":
                    self.at += 1
                    self.value(key)
                else:
                    self.at += 1
        else:  # a number, a boolean, a date: up to what ends a value
            match = re.compile(r"[^,\]}\s#]+").match(self.text, self.at)
            self.at = match.end() if match else self.at + 1

    def document(self) -> dict[Key, tuple[int, int]]:
        table: Key = ()
        while self.at < len(self.text):
            self.blank(True)
            if self.at >= len(self.text):
                break
            if self.peek() == "[":
                double = self.peek(2) == "[["
                self.at += 2 if double else 1
                table = self.key(())
                self.rest_of_line()
                continue
            before = self.at
            key = self.key(table)
            self.blank(False)
            if self.peek() == "=" and self.at > before:
                self.at += 1
                self.value(key)
            self.rest_of_line()
        return self.found


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        return _SIMPLE.get(match.group(3), match.group(0))

    return _ESCAPE.sub(one, body)


def positions(text: str) -> dict[Key, tuple[int, int]]:
    """Every key path (and array item) of ``text`` with its (line, column), both from 1."""
    return _Reader(text).document()
