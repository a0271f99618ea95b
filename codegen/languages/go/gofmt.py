"""What gofmt and goimports would change in the generated Go, done in Python (no Go toolchain
at generate time): unused imports dropped and the rest grouped (standard library first), and
the columns gofmt aligns: struct fields with tags, specs of const and var blocks, the keys of
composite literals one entry per line. Templates write single spaces; this lays them out.

Alignment follows text/tabwriter as go/printer drives it: consecutive lines of one shape at one
indentation form a section; a blank line, a comment line or any other line ends it (go/printer
also ends one at an entry that spans lines, which is such a line here).
"""

from __future__ import annotations

import re

_IMPORTS = re.compile(r"^import (?:\((?P<block>.*?)^\)|(?P<one>[^\n]*))\n", re.MULTILINE | re.DOTALL)
_SPEC = re.compile(r'^\s*(?:(?P<alias>[\w.]+) )?"(?P<path>[^"]+)"\s*$')
# Comments, strings, runes: nothing in them names a package.
_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'', re.DOTALL)
_FIELD = re.compile(r"^(\t+)(\w+) +(\S+) +(`[^`]*`)$")
_KEY = re.compile(r'^(\t+)(\w+|"(?:[^"\\]|\\.)*"): +(\S.*,)$')
_VALUE_SPEC = re.compile(r"^(\t+)(\w+) +(?:([^\s=]\S*) +)?(= .*)$")
_BLOCK = re.compile(r"^(\t*)(?:const|var) \($")


def gofmt(text: str) -> str:
    """``text`` with its imports pruned and grouped and its columns aligned."""
    return _align(_imports(text))


def _imports(text: str) -> str:
    found = _IMPORTS.search(text)
    if found is None:
        return text
    specs = [_SPEC.match(line) for line in (found["block"] or found["one"]).splitlines() if line.strip()]
    code = _NOT_CODE.sub(" ", text[found.end() :])
    used = []
    for spec in specs:
        if spec is None:
            return text  # not a shape this knows: left as it is
        name = spec["alias"] or spec["path"].rsplit("/", 1)[-1]
        if name in ("_", ".") or re.search(rf"(?<![\w.]){re.escape(name)}\.", code):
            used.append((spec["alias"] + " " if spec["alias"] else "") + f'"{spec["path"]}"')
    std = sorted((u for u in used if "." not in u.split('"')[1].split("/")[0]), key=lambda u: u.split('"')[1])
    other = sorted((u for u in used if u not in std), key=lambda u: u.split('"')[1])
    if len(used) == 1:
        block = f"import {used[0]}\n"
    elif used:
        groups = ["".join(f"\t{u}\n" for u in group) for group in (std, other) if group]
        block = "import (\n" + "\n".join(groups) + ")\n"
    else:
        head, rest = text[: found.start()].rstrip("\n"), text[found.end() :].lstrip("\n")
        return f"{head}\n\n{rest}"
    return text[: found.start()] + block + text[found.end() :]


def _align(text: str) -> str:
    lines = text.split("\n")
    rows: list[tuple[int, tuple[str, str], list[str], str] | None] = []
    block = None  # the indentation of the const or var block the line is in
    for index, line in enumerate(lines):
        if block is not None and line == block + ")":
            block = None
        opened = _BLOCK.match(line)
        if opened:
            block = opened[1]
        row = None
        if found := _FIELD.match(line):
            row = (index, ("field", found[1]), [found[2], found[3]], found[4])
        elif found := _KEY.match(line):
            row = (index, ("key", found[1]), [found[2] + ":"], found[3])
        elif block is not None and (found := _VALUE_SPEC.match(line)):
            row = (index, ("spec", found[1]), [c for c in (found[2], found[3]) if c], found[4])
        rows.append(row)
    start = 0
    while start < len(rows):
        row = rows[start]
        end = start + 1
        while row is not None and end < len(rows) and rows[end] is not None and rows[end][1] == row[1]:  # type: ignore[index]
            end += 1
        if row is not None:
            section = [r for r in rows[start:end] if r is not None]
            widths = [[0] * len(r[2]) for r in section]
            _columns(section, widths, 0, len(section), 0)
            for r, width in zip(section, widths, strict=True):
                cells = "".join(cell.ljust(w + 1) for cell, w in zip(r[2], width, strict=True))
                lines[r[0]] = r[1][1] + cells + r[3]
        start = end
    return "\n".join(lines)


def _columns(rows: list[tuple[int, tuple[str, str], list[str], str]], widths: list[list[int]], start: int, end: int, column: int) -> None:
    """tabwriter's rule: a column is as wide as its widest cell over the consecutive lines that
    have a cell in it (and in every column before it)."""
    index = start
    while index < end:
        if len(rows[index][2]) <= column:
            index += 1
            continue
        last = index
        while last < end and len(rows[last][2]) > column:
            last += 1
        width = max(len(rows[i][2][column]) for i in range(index, last))
        for i in range(index, last):
            widths[i][column] = width
        _columns(rows, widths, index, last, column + 1)
        index = last
