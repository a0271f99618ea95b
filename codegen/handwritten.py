"""Hand-written code beside generated code: the keep file and keep regions.

- The keep file (``.codegenignore``, gitignore syntax with ``!`` negation) lists paths
  codegen must never write, check or prune.
- A keep region is a block of lines inside a generated file, between a line containing
  ``codegen:begin-keep NAME`` and one containing ``codegen:end-keep NAME``. Templates
  place empty regions; whatever a person writes inside one is carried over on every
  ``generate`` and ignored by ``check``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pathspec

_BEGIN = re.compile(r"codegen:begin-keep ([\w.-]+)")
_END = re.compile(r"codegen:end-keep ([\w.-]+)")


def keep_spec(root: Path, keep_file: str) -> pathspec.GitIgnoreSpec | None:
    path = root / keep_file
    if not path.is_file():
        return None
    return pathspec.GitIgnoreSpec.from_lines(path.read_text(encoding="utf-8").splitlines())


def drop_kept(files: dict[str, str], spec: pathspec.GitIgnoreSpec | None) -> dict[str, str]:
    if spec is None:
        return files
    return {name: text for name, text in files.items() if not spec.match_file(name)}


def regions(text: str) -> dict[str, list[str]]:
    """The body lines of each keep region in ``text``."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    body: list[str] = []
    for line in text.splitlines(keepends=True):
        if current is None:
            begin = _BEGIN.search(line)
            if begin:
                current, body = begin.group(1), []
        else:
            end = _END.search(line)
            if end and end.group(1) == current:
                found[current] = body
                current = None
            else:
                body.append(line)
    return found


def merge_regions(rendered: str, existing: str) -> str:
    """``rendered`` with the bodies of its keep regions taken from ``existing``."""
    kept = regions(existing)
    if not kept:
        return rendered
    result: list[str] = []
    skipping: str | None = None
    for line in rendered.splitlines(keepends=True):
        if skipping is not None:
            end = _END.search(line)
            if end and end.group(1) == skipping:
                skipping = None
                result.append(line)
            continue
        result.append(line)
        begin = _BEGIN.search(line)
        if begin and begin.group(1) in kept:
            result.extend(kept[begin.group(1)])
            skipping = begin.group(1)
    return "".join(result)


def carry_regions(root: Path, files: dict[str, str]) -> dict[str, str]:
    """Every rendered file with keep regions gets the bodies already on disk."""
    result = {}
    for name, text in files.items():
        if "codegen:begin-keep" in text:
            try:
                text = merge_regions(text, (root / name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                pass
        result[name] = text
    return result


def strip_regions(text: str) -> str:
    """``text`` with the bodies of its keep regions emptied: what codegen itself wrote."""
    if "codegen:begin-keep" not in text:
        return text
    result: list[str] = []
    skipping: str | None = None
    for line in text.splitlines(keepends=True):
        if skipping is not None:
            end = _END.search(line)
            if not (end and end.group(1) == skipping):
                continue
            skipping = None
        result.append(line)
        begin = _BEGIN.search(line)
        if begin and skipping is None and not _END.search(line):
            skipping = begin.group(1)
    return "".join(result)
