"""Compiler-style diagnostics: collected, sorted, printed as ``file:line:col: severity: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Loc(NamedTuple):
    """A position in a source file; line and column are 1-based."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    loc: Loc
    severity: Severity
    message: str
    hint: str | None = None
    # A stable name for the kind of problem (``dangling-reference``); ``codegen lint`` reports by it.
    code: str | None = field(default=None, compare=False)

    def format(self) -> str:
        text = f"{self.loc}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n{self.loc}: note: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """Collects diagnostics across a run; never raises."""

    items: list[Diagnostic] = field(default_factory=list)
    # Per warning code (``type-reinterpreted``): "ignore" drops it, "error" makes it an error
    # (``[tool.codegen.diagnostics]``); a code not listed stays a warning.
    levels: dict[str, str] = field(default_factory=dict)

    def error(self, loc: Loc, message: str, hint: str | None = None, code: str | None = None) -> None:
        self.items.append(Diagnostic(loc, Severity.ERROR, _one_line(message) or "", _one_line(hint), code))

    def warning(self, loc: Loc, message: str, hint: str | None = None, code: str | None = None) -> None:
        level = self.levels.get(code or OTHER, "warn")
        if level == "ignore":
            return
        severity = Severity.ERROR if level == "error" else Severity.WARNING
        self.items.append(Diagnostic(loc, severity, _one_line(message) or "", _one_line(hint), code))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """Sorted by file, line, column, then severity; exact duplicates dropped."""
        return sorted(set(self.items))

    def render(self) -> str:
        unique = self.sorted()
        lines = [d.format() for d in unique]
        if unique:
            errors = sum(1 for d in unique if d.severity is Severity.ERROR)
            lines.append(summary(errors, len(unique) - errors))
        return "\n".join(lines) + ("\n" if lines else "")


# The category of a warning given no code.
OTHER = "other"
# Codes of errors (``codegen lint`` reports them by code); an error is never downgraded, so these
# are not categories the config can set.
ERROR_CODES = ("duplicate-id",)
# Every warning category (``tests/test_cli.py`` checks each code in the sources is listed).
CATEGORIES = (
    "dangling-reference",
    "duplicate-key",
    "empty-page",
    "identifier-sanitized",
    "inline-objects-kept-apart",
    "loose-type-name",
    "manifest",
    "misnamed-key",
    "missing-path-parameter",
    "single-value-list",
    "name-collision",
    "openapi-wire",
    "options-from-reference",
    "properties-as-parameters",
    "symlink-skipped",
    "template-override",
    "type-from-http",
    "type-reinterpreted",
    "unknown-key",
    "unknown-language",
    "unmapped-field",
    "wire-name-clash",
    OTHER,
)
# More lines than this and the default output groups warnings by category (``--verbose``: all).
SUMMARY_AFTER = 30
# A category with this many warnings or fewer is printed in full even then.
SMALL_CATEGORY = 3


def grouped(items: list[Diagnostic], *, examples: int = 1) -> list[str]:
    """Errors in full; warnings as one line per category (count, code) and its first examples,
    except a category of a few, printed in full (the manifest's, say)."""
    lines = [d.format() for d in items if d.severity is Severity.ERROR]
    by_code: dict[str, list[Diagnostic]] = {}
    for d in items:
        if d.severity is Severity.WARNING:
            by_code.setdefault(d.code or OTHER, []).append(d)
    for code, found in sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(found) <= SMALL_CATEGORY:  # a few: each in full
            lines += [d.format() for d in found]
            continue
        lines.append(f"warning: {len(found)} x {code}, e.g.:")
        lines += [f"  {d.loc}: {d.message}" for d in found[:examples]]
    return lines


def _one_line(text: str | None) -> str | None:
    """Diagnostics are one line each: input text quoted in a message cannot forge another."""
    if text is None:
        return None
    return " ".join(repr(part)[1:-1] if not part.isprintable() else part for part in text.split())


def summary(errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def did_you_mean(wanted: str, candidates: list[str] | set[str]) -> str | None:
    """A 'did you mean X?' hint for the closest candidate, or None."""
    import difflib

    close = difflib.get_close_matches(wanted, sorted(candidates), n=1, cutoff=0.75)
    return f"did you mean {close[0]}?" if close else None
