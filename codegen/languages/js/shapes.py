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
    tokens: list[str] = [*_TOKEN.findall(text), ""]
    at = 0

    def take() -> str:
        nonlocal at
        at += 1
        return tokens[at - 1]

    def union() -> str | None:
        found = postfix()
        while tokens[at] == "|":
            take()
            other = postfix()
            found = found or other
        return found

    def postfix() -> str | None:
        found = primary()
        while tokens[at] == "[]":
            take()
            found = found and f"{{ list: {found} }}"
        return found

    def primary() -> str | None:
        token = take()
        if token == "(" and tokens[at] == "...":  # the function type: (...args: unknown[]) => unknown
            depth = 1
            while depth and tokens[at]:
                depth += {"(": 1, ")": -1}.get(take(), 0)
            return None if take() != "=>" else union() and None
        if token == "(":
            found = union()
            take()  # )
            return found
        args = []
        if tokens[at] == "<":
            args = [take() and union()]
            while tokens[at] == ",":
                args.append(take() and union())
            take()  # >
        if token == "Record" and len(args) == 2:
            return args[1] and f"{{ map: {args[1]} }}"
        return '"date"' if token == "Date" else None if args else shapes.get(token)

    return union()
