"""How a value of a TypeScript type of the SDK travels as JSON: the runtime's ``Shape`` of it.

TypeScript keeps no types at run time, so the runtime encodes and decodes with a ``Shape`` beside
each declared object (``ChallengeShape``: each property's wire name and shape). The shape of a
type is read off the type as :meth:`JsLanguage.type_text` writes it (a small grammar: names,
``T[]``, ``A | B``, ``Record<K, V>``, string literals, the one function type):

- a declared object is its shape constant; ``Date`` is ``"date"``;
- ``T[]`` and ``Record<string, T>`` are a list and a map of ``T``'s shape;
- a union is its first member that has a shape (``Challenge | null``);
- anything else (strings, numbers, enums, ``unknown``, stand-ins) travels as it is: no shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*|-?\d[\w.+-]*|\[\]|=>|\.\.\.|\S)')


def shape_of(text: str, shapes: Mapping[str, str]) -> str | None:
    """The shape expression of a type ``text``; ``shapes`` maps a declared object's name, as the
    file spells it, to the name of its shape constant there. None: the value travels as it is."""
    return _Reader(_TOKEN.findall(text), shapes).union()


class _Reader:
    def __init__(self, tokens: list[str], shapes: Mapping[str, str]) -> None:
        self.tokens, self.shapes, self.at = tokens, shapes, 0

    def peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.at += 1
        return token

    def union(self) -> str | None:
        found = self.postfix()
        while self.peek() == "|":
            self.take()
            other = self.postfix()
            found = found or other
        return found

    def postfix(self) -> str | None:
        found = self.primary()
        while self.peek() == "[]":
            self.take()
            found = found and f"{{ list: {found} }}"
        return found

    def primary(self) -> str | None:
        token = self.take()
        if token == "(" and self.peek() == "...":  # the function type: (...args: unknown[]) => unknown
            depth = 1
            while depth and self.peek():
                depth += {"(": 1, ")": -1}.get(self.take(), 0)
            if self.peek() == "=>":
                self.take()
                self.union()
            return None
        if token == "(":
            found = self.union()
            self.take()  # )
            return found
        args: list[str | None] = []
        if self.peek() == "<":
            self.take()
            args.append(self.union())
            while self.peek() == ",":
                self.take()
                args.append(self.union())
            self.take()  # >
        if token == "Record" and len(args) == 2:
            return args[1] and f"{{ map: {args[1]} }}"
        if token == "Date":
            return '"date"'
        return None if args else self.shapes.get(token)
