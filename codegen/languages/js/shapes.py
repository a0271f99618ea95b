"""How a value of a type of the SDK travels as JSON: the runtime's ``Shape`` of it.

TypeScript keeps no types at run time, so the runtime encodes and decodes with a ``Shape`` beside
each declared object (``ChallengeShape``: each property's wire name). The shape of a type is
read off the type as ``JsLanguage.type_text`` writes it: a declared object is its shape, ``Date``
``"date"``, ``T[]`` and ``Record<K, T>`` a list and a map of ``T``'s, a union its first member's
that has one; anything else (text, numbers, enums, ``unknown``, stand-ins) travels as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|-?\d[\w.+-]*|\[\]|=>|\.\.\.|\S)')


def shape_of(text: str, shapes: Mapping[str, str]) -> str | None:
    """The shape expression of a type ``text``; ``shapes`` maps a declared object's name, as the
    file spells it, to the name of its shape constant there. None: the value travels as it is."""
    return _Reader(text, shapes).union()


class _Reader:
    """One type text read by recursive descent (functions nested in :func:`shape_of` would form
    a reference cycle, which only the collector frees, for every value a render writes)."""

    def __init__(self, text: str, shapes: Mapping[str, str]) -> None:
        self.tokens: list[str] = [*_TOKEN.findall(text), ""]
        self.at = 0
        self.shapes = shapes

    def take(self) -> str:
        self.at += 1
        return self.tokens[self.at - 1]

    def union(self) -> str | None:
        found = self.postfix()
        while self.tokens[self.at] == "|":
            self.take()
            other = self.postfix()
            found = found or other
        return found

    def postfix(self) -> str | None:
        found = self.primary()
        while self.tokens[self.at] == "[]":
            self.take()
            found = found and f"{{ list: {found} }}"
        return found

    def primary(self) -> str | None:
        token, tokens = self.take(), self.tokens
        if token == "(" and tokens[self.at] == "...":  # the function type: (...args: unknown[]) => unknown
            depth = 1
            while depth and tokens[self.at]:
                depth += {"(": 1, ")": -1}.get(self.take(), 0)
            return None if self.take() != "=>" else self.union() and None
        if token == "(":
            found = self.union()
            self.take()  # )
            return found
        args = []
        if tokens[self.at] == "<":
            args = [self.take() and self.union()]
            while tokens[self.at] == ",":
                args.append(self.take() and self.union())
            self.take()  # >
        if token == "Record" and len(args) == 2:
            return args[1] and f"{{ map: {args[1]} }}"
        return '"date"' if token == "Date" else None if args else self.shapes.get(token)
