"""Keep-region markers, read without the rest of codegen (the no-op check reads them; see
codegen.handwritten for what keep regions are)."""

from __future__ import annotations

import re

# A marker is a whole line: optional indentation, a comment opener, the marker, an optional closer.
_MARKER = re.compile(
    r"[ \t]*(?:#|//+|--|;+|\*|/\*+|<!--|')[ \t]*codegen:(begin|end)-keep ([\w.-]+)[ \t]*(?:\*/|-->)?[ \t]*\r?\n?"
)


def marker(line: str) -> tuple[str, str] | None:
    if "codegen:" not in line:
        return None
    found = _MARKER.fullmatch(line)
    return (found.group(1), found.group(2)) if found else None


def all_empty(text: str) -> bool:
    """Whether every keep region of ``text`` is well formed and empty (each begin marker right
    above its end marker, no name twice): the common case, told apart without reading every line
    as a marker."""
    lines = text.splitlines(keepends=True)
    marked = [(i, marker(line)) for i, line in enumerate(lines) if "codegen:" in line]
    found = [(i, m) for i, m in marked if m is not None]
    if len(found) % 2:
        return False
    names: set[str] = set()
    for (i, begin), (j, end) in zip(found[::2], found[1::2], strict=True):
        assert begin is not None and end is not None
        if begin[0] != "begin" or end != ("end", begin[1]) or j != i + 1 or begin[1] in names:
            return False
        names.add(begin[1])
    return True
