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
from itertools import chain

_IMPORTS = re.compile(r"^import (?:\((?P<block>.*?)^\)|(?P<one>[^\n]*))\n(?P<blank>\n*)", re.MULTILINE | re.DOTALL)
_SPEC = re.compile(r'^\s*(?:(?P<alias>[\w.]+) )?"(?P<path>[^"]+)"\s*$')
_NOT_CODE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'', re.DOTALL)
_FIELD = re.compile(r"^(\t+)(\w+) +(\S+) +(`[^`]*`)$")
_KEY = re.compile(r'^(\t+)(\w+|"(?:[^"\\]|\\.)*"): +(\S.*,)$')
_VALUE_SPEC = re.compile(r"^(\t+)(\w+) +(?:([^\s=]\S*) +)?(= .*)$")
_BLOCK = re.compile(r"^(\t*)(?:const|var) \($")
_LINE = re.compile(r"^.*$", re.MULTILINE)  # a line at a time, as text.split("\n") would make them all
Row = tuple[tuple[str, str], list[str], str]  # (shape, indentation), cells, the rest


def gofmt(text: str) -> str:
    """``text`` with its imports pruned and grouped and its columns aligned."""
    return _align(text, *_imports(text))


def _imports(text: str) -> tuple[int, int, str]:
    """What replaces the imports: ``text[cut:end]`` by ``block`` (none: (0, 0, ""))."""
    found = _IMPORTS.search(text)
    if found is None:
        return 0, 0, ""
    specs = [_SPEC.match(line) for line in (found["block"] or found["one"]).splitlines() if line.strip()]
    code = _NOT_CODE.sub(" ", text)  # comments, strings and runes name no package, nor does what precedes imports
    used: list[tuple[str, str]] = []  # (path, spec)
    for spec in specs:
        if spec is None:
            return 0, 0, ""  # not a shape this knows: left as it is
        name = spec["alias"] or spec["path"].rsplit("/", 1)[-1]
        # (?<![\w.])name\. found without a regular expression, which tried every position of a large file
        at = code.find(f"{name}.")
        while at > 0 and (code[at - 1].isalnum() or code[at - 1] in "_."):
            at = code.find(f"{name}.", at + 1)
        if name in ("_", ".") or at != -1:
            used.append((spec["path"], (spec["alias"] + " " if spec["alias"] else "") + f'"{spec["path"]}"'))
    if not used:  # the blank lines around the declaration become one
        return len(text[: found.start()].rstrip("\n")), found.end(), "\n\n"
    groups = [sorted(u for u in used if ("." in u[0].split("/")[0]) == other) for other in (False, True)]
    lines = "\n".join("".join(f"\t{spec}\n" for _, spec in group) for group in groups if group)
    return found.start(), found.start("blank"), f"import {used[0][1]}\n" if len(used) == 1 else f"import (\n{lines})\n"


def _align(text: str, cut: int = 0, end: int = 0, made: str = "") -> str:
    """``text`` (``text[cut:end]`` made ``made``), its columns laid out; read by line, unchanged text sliced."""
    pieces: list[str] = [text[:cut], made]
    section: list[Row] = []
    done = begin = last = start = end  # text[done:] is not in pieces yet; the section's begin, end
    block = None  # the indentation of the const or var block a line is in
    for line in chain((line[0] for line in _LINE.finditer(text, end)), ("",)):  # "" ends the last section
        block = opened[1] if (opened := _BLOCK.match(line)) else None if line == (block or "") + ")" else block
        row: Row | None = None
        if found := _FIELD.match(line):
            row = (("field", found[1]), [found[2], found[3]], found[4])
        elif found := _KEY.match(line):
            row = (("key", found[1]), [found[2] + ":"], found[3])
        elif block is not None and (found := _VALUE_SPEC.match(line)):
            row = (("spec", found[1]), [c for c in (found[2], found[3]) if c], found[4])
        if section and (row is None or row[0] != section[0][0]):  # the section ends: lay it out
            widths = [[0] * len(r[1]) for r in section]
            _columns(section, widths, 0, len(section), 0)
            laid = (
                i + "".join(c.ljust(w + 1) for c, w in zip(cells, ws, strict=True)) + rest
                for ((_, i), cells, rest), ws in zip(section, widths, strict=True)
            )
            pieces += (text[done:begin], "\n".join(laid))
            done, section = last, []
        if row is not None:
            begin, last = begin if section else start, start + len(line)
            section.append(row)
        start += len(line) + 1
    return "".join((*pieces, text[done:]))


def _columns(rows: list[Row], widths: list[list[int]], start: int, end: int, column: int) -> None:
    """tabwriter's rule: a column is as wide as its widest cell over the consecutive lines with a cell in it."""
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
