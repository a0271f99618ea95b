"""What gofmt and goimports would change in the generated Go, done here (no Go toolchain at
generate time): unused imports dropped, the rest grouped (standard library first), and the
columns gofmt aligns: struct fields with tags, the specs of const and var blocks, the keys of
composite literals written one per line. Templates write single spaces; this lays them out.

Alignment follows text/tabwriter as go/printer drives it: consecutive lines of one shape at one
indentation form a section; a blank line, a comment or any other line ends it (as go/printer
ends one at an entry that spans lines: its first line is such a line).
"""

from __future__ import annotations

import re

_IMPORTS = re.compile(r"^import (?:\((?P<block>.*?)^\)|(?P<one>[^\n]*))\n", re.MULTILINE | re.DOTALL)
_SPEC = re.compile(r'^\s*(?:(?P<alias>[\w.]+) )?"(?P<path>[^"]+)"\s*$')
# Comments, strings and runes: nothing in them names a package.
_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'', re.DOTALL)
_FIELD = re.compile(r"^(\t+)(\w+) +(\S+) +(`[^`]*`)$")
_KEY = re.compile(r'^(\t+)(\w+|"(?:[^"\\]|\\.)*"): +(\S.*,)$')
_VALUE_SPEC = re.compile(r"^(\t+)(\w+) +(?:([^\s=]\S*) +)?(= .*)$")
_BLOCK = re.compile(r"^(\t*)(?:const|var) \($")
Row = tuple[tuple[str, str], list[str], str]  # (shape, indentation), cells, the rest


def gofmt(text: str) -> str:
    """``text`` with its imports pruned and grouped and its columns aligned."""
    return _align(_imports(text))


def _imports(text: str) -> str:
    found = _IMPORTS.search(text)
    if found is None:
        return text
    specs = [_SPEC.match(line) for line in (found["block"] or found["one"]).splitlines() if line.strip()]
    code = _NOT_CODE.sub(" ", text[found.end() :])
    used: list[tuple[str, str]] = []  # (path, spec)
    for spec in specs:
        if spec is None:
            return text  # not a shape this knows: left as it is
        name = spec["alias"] or spec["path"].rsplit("/", 1)[-1]
        # (?<![\w.])name\. found without a regular expression, which tried every position of a large file
        at = code.find(f"{name}.")
        while at > 0 and (code[at - 1].isalnum() or code[at - 1] in "_."):
            at = code.find(f"{name}.", at + 1)
        if name in ("_", ".") or at != -1:
            used.append((spec["path"], (spec["alias"] + " " if spec["alias"] else "") + f'"{spec["path"]}"'))
    if not used:
        return text[: found.start()].rstrip("\n") + "\n\n" + text[found.end() :].lstrip("\n")
    groups = [sorted(u for u in used if ("." in u[0].split("/")[0]) == other) for other in (False, True)]
    lines = "\n".join("".join(f"\t{spec}\n" for _, spec in group) for group in groups if group)
    block = f"import {used[0][1]}\n" if len(used) == 1 else f"import (\n{lines})\n"
    return text[: found.start()] + block + text[found.end() :]


def _align(text: str) -> str:
    """The text with each section's columns laid out. A line at a time, and a section's rows
    only while it lasts: the lines nothing changes go out as slices of the text, a run of them
    at once (at 10,000 pages a Go file can be 1.7 MB)."""
    pieces: list[str] = []
    section: list[Row] = []  # the rows of the section being read
    done = begin = last = 0  # text[done:] not yet in pieces; where the section begins, ends
    block = None  # the indentation of the const or var block a line is in
    start = 0
    while True:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        block = None if block is not None and line == block + ")" else block
        block = opened[1] if (opened := _BLOCK.match(line)) else block
        row: Row | None = None
        if found := _FIELD.match(line):
            row = (("field", found[1]), [found[2], found[3]], found[4])
        elif found := _KEY.match(line):
            row = (("key", found[1]), [found[2] + ":"], found[3])
        elif block is not None and (found := _VALUE_SPEC.match(line)):
            row = (("spec", found[1]), [c for c in (found[2], found[3]) if c], found[4])
        if section and (row is None or row[0] != section[0][0]):
            pieces += (text[done:begin], _laid_out(section))
            done, section = last, []
        if row is not None:
            begin = begin if section else start
            section.append(row)
            last = end
        if end == len(text):
            break
        start = end + 1
    if section:
        pieces += (text[done:begin], _laid_out(section))
        done = last
    pieces.append(text[done:])
    return "".join(pieces)


def _laid_out(section: list[Row]) -> str:
    """A section's lines (without the newline after the last), its columns aligned."""
    widths = [[0] * len(r[1]) for r in section]
    _columns(section, widths, 0, len(section), 0)
    return "\n".join(
        indent + "".join(cell.ljust(w + 1) for cell, w in zip(cells, width, strict=True)) + rest
        for ((_, indent), cells, rest), width in zip(section, widths, strict=True)
    )


def _columns(rows: list[Row], widths: list[list[int]], start: int, end: int, column: int) -> None:
    """tabwriter's rule: a column is as wide as its widest cell over the consecutive lines that
    have a cell in it (and so in every column before it)."""
    index = start
    while index < end:
        last = index
        while last < end and len(rows[last][1]) > column:
            last += 1
        if last == index:
            index += 1
            continue
        width = max(len(rows[i][1][column]) for i in range(index, last))
        for i in range(index, last):
            widths[i][column] = width
        _columns(rows, widths, index, last, column + 1)
        index = last
