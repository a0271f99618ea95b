"""Compiler-style diagnostics: collected, sorted, printed as ``file:line:col: severity: message``."""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum
from typing import NamedTuple

from .records import dataclass


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    # Informational: what codegen read or wrote differently than the docs spell it, with no
    # effect on what is sent or received (a type spelling, a sanitized identifier). Never fails
    # a run, not even with --strict.
    NOTE = "note"


class Loc(NamedTuple):
    """A position in a source file; line and column are 1-based. Line 0 names a whole file or
    folder (a spec path that matches nothing): shown without a position."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line > 0 else self.file


@dataclass(frozen=True, order=True, slots=True)  # a large run holds tens of thousands
class Diagnostic:
    loc: Loc
    severity: Severity
    message: str
    hint: str | None = None
    # A stable name for the kind of problem (``dangling-reference``); ``codegen lint`` reports by it.
    code: str | None = field(default=None, compare=False)

    def format(self) -> str:
        where = f"{self.loc}: " if self.loc.file else "codegen: "
        text = f"{where}{self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n{where}note: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """Collects diagnostics across a run; never raises."""

    items: list[Diagnostic] = field(default_factory=list)
    # Per warning code (``type-reinterpreted``): "ignore" drops it, "note" makes it informational,
    # "warn" a warning, "error" an error (``[tool.codegen.diagnostics]``); a code not listed gets
    # its default (:func:`default_level`).
    levels: dict[str, str] = field(default_factory=dict)

    def error(self, loc: Loc, message: str, hint: str | None = None, code: str | None = None) -> None:
        self.items.append(Diagnostic(loc, Severity.ERROR, _one_line(message) or "", _one_line(hint), code))

    def warning(self, loc: Loc, message: str, hint: str | None = None, code: str | None = None) -> None:
        """A warning of category ``code``, or a note or an error when the category is set so."""
        level = self.levels.get(code or OTHER) or default_level(code)
        if level == "ignore":
            return
        severity = {"error": Severity.ERROR, "note": Severity.NOTE}.get(level, Severity.WARNING)
        self.items.append(Diagnostic(loc, severity, _one_line(message) or "", _one_line(hint), code))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Everything short of an error: warnings and notes (``strict_failures`` are the former)."""
        return [d for d in self.items if d.severity is not Severity.ERROR]

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.NOTE]

    @property
    def strict_failures(self) -> list[Diagnostic]:
        """The warnings ``--strict`` turns into errors (notes never fail a run)."""
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.strict_failures))

    def sorted(self) -> list[Diagnostic]:
        """Sorted by file, line, column, then severity; exact duplicates dropped."""
        return sorted(set(self.items))

    def render(self) -> str:
        """Every diagnostic in full, sorted by position, then the totals."""
        unique = self.sorted()
        lines = [d.format() for d in unique]
        if unique:
            lines.append(summary(*counts(unique)))
        return "\n".join(lines) + ("\n" if lines else "")


# The category of a warning given no code.
OTHER = "other"
# Codes of errors (``codegen lint`` reports them by code); an error is never downgraded, so these
# are not categories the config can set.
ERROR_CODES = ("duplicate-id",)
# Warning categories ranked by harm, most harmful first: a value that is not sent or is left out of
# the JSON, then what codegen added or guessed on the wire, then docs it could not read as written
# (skipped, reinterpreted or left out), then the rest. Default output shows them in this order.
HARMFUL = (
    "wire-name-clash",  # a field left out of the JSON: data lost
    "unmapped-field",  # a documented field with no wire name: never sent
    "missing-path-parameter",  # a parameter codegen added to make the documented request
    "options-from-reference",  # an option class codegen made from the HTTP reference
    "type-from-http",  # a docs type the wire contradicts: the SDK sends the HTTP reference's
    "unknown-type",  # a type no page defines, spelled like a built-in one (strng): an external
    "openapi-wire",  # the API's own OpenAPI followed over the docs (wire = "api")
    "unknown-language",  # a language's entries skipped
    "properties-as-parameters",
    "misnamed-key",
    "single-value-list",
    "unknown-key",
    "dangling-reference",  # docs text left out
    "duplicate-key",
    "name-collision",
    "empty-page",
    "symlink-skipped",
    "template-override",
    "manifest",
    OTHER,
)
# Informational categories: notes by default, summarized in one line (``--verbose`` lists each).
INFORMATIONAL = (
    "type-reinterpreted",  # a docs type spelling written as the language writes it
    "identifier-sanitized",
    "loose-type-name",  # a type name matched ignoring case and underscores
    "inline-objects-kept-apart",
)
# Every warning category (``tests/test_cli.py`` checks each code in the sources is listed).
CATEGORIES = (*HARMFUL, *INFORMATIONAL)
LEVELS = ("ignore", "note", "warn", "error")
# More lines than this and the default output shows one line per warning category (``--verbose``: all).
SUMMARY_AFTER = 10
# At most this many lines of warning categories in a summary (the rest share the last one).
CATEGORY_LINES = 7


def default_level(code: str | None) -> str:
    """The level of a category nobody configured: informational ones are notes."""
    return "note" if code in INFORMATIONAL else "warn"


def harm(code: str | None) -> int:
    """The rank of a category (0 is the most harmful); unknown codes rank with ``other``."""
    order = {name: index for index, name in enumerate(CATEGORIES)}
    return order.get(code or OTHER, order[OTHER])


def counts(items: list[Diagnostic]) -> tuple[int, int, int]:
    """(errors, warnings, notes) among ``items``."""
    errors = sum(1 for d in items if d.severity is Severity.ERROR)
    notes = sum(1 for d in items if d.severity is Severity.NOTE)
    return errors, len(items) - errors - notes, notes


def grouped(items: list[Diagnostic]) -> list[str]:
    """Errors in full; then one line per warning category, most harmful first (its first
    diagnostic by position, and how many more it has); then the notes in one line."""
    lines = [d.format() for d in items if d.severity is Severity.ERROR]
    by_code: dict[str, list[Diagnostic]] = {}
    for d in items:
        if d.severity is Severity.WARNING:
            by_code.setdefault(d.code or OTHER, []).append(d)
    ranked = sorted(by_code.items(), key=lambda kv: (harm(kv[0]), kv[0]))
    shown = ranked if len(ranked) <= CATEGORY_LINES else ranked[: CATEGORY_LINES - 1]
    for code, found in shown:
        first = min(found)
        more = f"; {len(found) - 1} more like it" if len(found) > 1 else ""
        lines.append(f"{first.loc}: warning: {first.message} [{code}{more}]")
    rest = ranked[len(shown) :]
    if rest:  # the least harmful categories share one line: a run's report stays one screen
        parts = ", ".join(f"{len(found)} {code}" for code, found in rest)
        total = sum(len(found) for _, found in rest)
        lines.append(f"warning: {total} more in {len(rest)} less harmful categories: {parts} (--verbose lists them)")
    notes = notes_line([d for d in items if d.severity is Severity.NOTE])
    return lines + ([notes] if notes else [])


def notes_line(notes: list[Diagnostic]) -> str | None:
    """The notes in one line: how many of each category."""
    if not notes:
        return None
    by_code: dict[str, int] = {}
    for d in notes:
        by_code[d.code or OTHER] = by_code.get(d.code or OTHER, 0) + 1
    parts = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"note: {len(notes)} informational: {parts} (--verbose lists them; codegen stats counts them per language)"


def _one_line(text: str | None) -> str | None:
    """Diagnostics are one line each: input text quoted in a message cannot forge another."""
    if text is None:
        return None
    return " ".join(repr(part)[1:-1] if not part.isprintable() else part for part in text.split())


def summary(errors: int, warnings: int, notes: int = 0) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    text = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    return text + (f", {plural(notes, 'note')}" if notes else "")


def did_you_mean(wanted: str, candidates: list[str] | set[str]) -> str | None:
    """A 'did you mean X?' hint for the closest candidate, or None."""
    import difflib

    close = difflib.get_close_matches(wanted, sorted(candidates), n=1, cutoff=0.75)
    return f"did you mean {close[0]}?" if close else None
