"""``codegen lint``: the reference's drift between languages, from the one model.

Every language's entries of an operation (or object) are joined by ``id`` and linked to the HTTP
reference (codegen.wire), so drift is a comparison: which languages document an operation
(coverage), which HTTP parameters a language leaves out and which of its fields match none, and
where the same wire field is typed, enumerated, listed or made optional differently. Problems of
the pages themselves (``properties:`` under a method, unknown keys, dangling references,
duplicate keys) come from the diagnostics of reading them, by their ``code``.

Each finding has a stable rule id, a severity (the rule's default, or the config's), the
position of the entry it concerns, and a fingerprint that does not move with line numbers, for
baselines. It knows no emitter.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from typing import Any, Literal

from .diagnostics import Diagnostic, Diagnostics, Loc, Severity
from .ir import API, Field, LanguageAPI, Model, Operation
from .languages import HTTP_REFERENCE
from .openapi import rules as openapi_rules
from .openapi.document import Spec
from .plan.requests import request
from .records import dataclass
from .samples import Declarations, sample_call
from .types import ListOf, LiteralOf, MapOf, Nullable, Prim, TypeExpr, TypeSyntaxError, UnionOf, parse_type

Level = Literal["error", "warning", "note", "off"]
LEVELS: tuple[Level, ...] = ("error", "warning", "note", "off")
# The language whose entries are the HTTP reference ("" when none is).
HTTP = HTTP_REFERENCE


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("missing-operation", "note", "the HTTP reference documents an operation this language does not"),
        Rule("unknown-operation", "note", "an operation entry whose id the HTTP reference does not document"),
        Rule(
            "missing-required-parameter",
            "error",
            "a required HTTP parameter this language's entry leaves out and no fixed value or client setting fills: "
            "the request cannot be made as documented",
        ),
        Rule(
            "unsent-parameter",
            "error",
            "a documented parameter that matches no HTTP parameter: the SDK takes it and cannot send it",
        ),
        Rule("missing-field", "warning", "a parameter or key of the HTTP reference this language's entry leaves out"),
        Rule("unmapped-field", "warning", "a field of an object that matches no key of the HTTP reference"),
        Rule("type-mismatch", "warning", "a field typed differently than the HTTP reference types it"),
        Rule("enum-mismatch", "warning", "a closed set of values that differs from the HTTP reference's"),
        Rule("list-mismatch", "warning", "a list in one, a single value in the other"),
        Rule("optional-mismatch", "note", "optional in one, required in the other"),
        Rule("properties-as-parameters", "warning", "a method entry that lists its parameters under 'properties:'"),
        Rule(
            "duplicate-description",
            "warning",
            "two fields of one entry cite one description (a copy in the docs): the later one is linked by its name",
        ),
        Rule("unknown-key", "warning", "a key the format does not know"),
        Rule("dangling-reference", "warning", "a description reference that names no description"),
        Rule("duplicate-key", "warning", "a key given twice in one mapping (the last one wins)"),
        Rule("duplicate-id", "error", "an id that names two operations, or two objects of one area, in one language"),
        Rule("reference-warning", "note", "any other warning of reading the reference"),
        Rule("reference-error", "error", "an error of reading the reference"),
    )
}
# The rules of the comparison with the API's own OpenAPI (``--openapi``; codegen.openapi.rules).
RULES.update({rule: Rule(rule, level, summary) for rule, level, summary in openapi_rules.RULES})


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level
    loc: Loc
    message: str
    # What it concerns: an operation or object id, else the page.
    subject: str
    language: str | None = None
    # The field (wire name) it concerns, if any: part of the fingerprint.
    detail: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across edits that move lines: rule, language, subject, field."""
        return "|".join((self.rule, self.language or "", self.subject, self.detail))

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.col,
            "message": self.message,
            "subject": self.subject,
            "language": self.language,
            "field": self.detail or None,
            "fingerprint": self.fingerprint,
        }


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    # Operation id -> the languages that document it (HTTP operations only), and all languages.
    coverage: dict[str, set[str]] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    # With a baseline: findings it already lists, and its entries no longer found.
    baselined: list[Finding] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    # Where the HTTP reference documents each operation (the coverage rows' pages), and its call.
    operation_locs: dict[str, Loc] = field(default_factory=dict)
    operation_calls: dict[str, str] = field(default_factory=dict)

    def restrict(self, keep: Any) -> None:
        """Only the findings on pages ``keep(file)`` accepts, and the coverage of the operations
        documented on one (``codegen lint PATH``: the whole reference linked, PATH reported)."""
        self.findings = [f for f in self.findings if keep(f.loc.file)]
        subjects = {f.subject for f in self.findings}
        self.coverage = {
            op: langs
            for op, langs in self.coverage.items()
            if op in subjects or keep(self.operation_locs.get(op, Loc("")).file)
        }

    def gaps(self) -> dict[str, list[Finding]]:
        """The coverage gaps (missing-operation findings) by operation id."""
        found: dict[str, list[Finding]] = {}
        for f in self.findings:
            if f.rule == "missing-operation":
                found.setdefault(f.subject, []).append(f)
        return found

    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.level in ("error", "warning")]

    def counts(self) -> tuple[Counter[str], Counter[str], Counter[str]]:
        by_rule = Counter(f.rule for f in self.findings)
        by_language = Counter(f.language or "(pages)" for f in self.findings)
        by_level: Counter[str] = Counter(str(f.level) for f in self.findings)
        return by_rule, by_language, by_level


def lint(
    api: API, diags: Iterable[Diagnostic], levels: Mapping[str, Level] | None = None, openapi: Spec | None = None
) -> Report:
    """The findings of the linked ``api`` and of the diagnostics of reading it; with ``openapi``
    (the API's own OpenAPI), also every disagreement with it, those that break a request first."""
    levels = levels or {}
    report = Report(languages=tuple(api.languages))
    out: list[Finding] = []

    # What each comparison of a wire field found: (subject, wire) -> language -> what it said.
    compared: dict[tuple[str, str], dict[str, str]] = {}
    evidence: dict[int, _Evidence] = {}

    def add(  # noqa: PLR0917 - a finding's fields, in their order
        rule: str,
        loc: Loc,
        message: str,
        subject: str,
        language: str | None = None,
        detail: str = "",
        seen: _Evidence | None = None,
    ) -> None:
        level = levels.get(rule, RULES[rule].level)
        if level != "off":
            out.append(Finding(rule, level, loc, message, subject, language, detail))
            if seen is not None:
                evidence[id(out[-1])] = seen

    curl = api.languages.get(HTTP)
    http_ops = {op.id: op for op in (curl.operations if curl else ()) if op.id and op.http is not None}
    http_objects = {m.id: m for m in (curl.models if curl else ()) if m.id}
    report.coverage = {op_id: {HTTP} for op_id in sorted(http_ops)}
    for language, lang in api.languages.items():
        if language == HTTP:
            continue
        _operations(language, lang, http_ops, report.coverage, add, compared)
        _objects(language, lang, http_objects, add, compared)
        _copied_descriptions(language, lang, add)
    out[:] = _at_the_reference(out, evidence, compared)
    report.operation_locs = {op_id: op.loc for op_id, op in http_ops.items()}
    report.operation_calls = {op_id: _call(op) for op_id, op in http_ops.items()}
    for op_id, languages in report.coverage.items():
        op = http_ops[op_id]
        for language in api.languages:
            if language not in languages and language != HTTP:
                add("missing-operation", op.loc, f"{language} does not document {_call(op)}", op_id, language)
    _diagnostics(diags, add)
    if openapi is not None:
        openapi_rules.findings(api, openapi, add)
    report.findings = sorted(
        out, key=lambda f: (f.rule not in openapi_rules.BREAKING, f.subject, f.loc, f.rule, f.language or "", f.detail)
    )
    return report


def _copied_descriptions(language: str, lang: LanguageAPI, add: Any) -> None:
    """Fields beside each other that cite one description key (``screenHint`` citing
    ``login_hint``'s, like ``loginHint``): the docs copied a line and kept its reference."""
    for op in lang.operations:
        _copied(op.params, op.id or op.name, language, add)
        _copied(op.returns, op.id or op.name, language, add)
    for model in lang.models:
        _copied(model.fields, model.id or model.name, language, add)


def _copied(fields: tuple[Field, ...], subject: str, language: str, add: Any) -> None:
    """:func:`_copied_descriptions` for ``fields`` and those nested in them (a function of the
    module's: one nested there, calling itself, is a reference cycle)."""
    first: dict[str, Field] = {}
    for f in fields:
        if f.doc_key and not f.shared and not f.is_method:
            earlier = first.setdefault(f.doc_key.lower(), f)
            if earlier is not f:
                add(
                    "duplicate-description",
                    f.loc,
                    f"{language} {subject}: '{f.name}' cites ({f.doc_key}) like '{earlier.name}' "
                    f"(line {earlier.loc.line}); it is linked by its name",
                    subject,
                    language,
                    f.name,
                )
        _copied(f.fields, subject, language, add)


def _call(op: Operation) -> str:
    return f"{op.id} ({op.http.method} {op.http.path})" if op.http else str(op.id)


def _operations(  # noqa: PLR0917 - one language against the reference
    language: str,
    lang: LanguageAPI,
    http_ops: dict[str, Operation],
    coverage: dict[str, set[str]],
    add: Any,
    compared: dict[tuple[str, str], dict[str, str]],
) -> None:
    decls = Declarations.of(lang)
    for op in lang.operations:
        if not op.id:
            continue
        reference = http_ops.get(op.id)
        if reference is None or reference.http is None:
            if http_ops:
                add(
                    "unknown-operation",
                    op.loc,
                    f"{language} {op.name}: the HTTP reference has no operation '{op.id}'",
                    op.id,
                    language,
                )
            continue
        coverage[op.id].add(language)
        call = sample_call(op, lang, decls)
        planned = request(op, lang, decls)
        sent = {v.wire for v in planned.values()} if planned is not None else set()
        unfilled = {u.name for u in planned.unfilled} if planned is not None else set()
        for param in reference.http.params:
            if param.name in unfilled:
                add(
                    "missing-required-parameter",
                    op.loc,
                    f"{language} {op.name} leaves out the required {param.place} parameter '{param.name}' of "
                    f"{_call(reference)}, and nothing fills it",
                    op.id,
                    language,
                    param.name,
                )
            elif param.name not in sent and param.value is None:
                add(
                    "missing-field",
                    op.loc,
                    f"{language} {op.name} leaves out the {param.place} parameter '{param.name}' of {_call(reference)}",
                    op.id,
                    language,
                    param.name,
                )
        for gap in call.unmapped:
            add(
                "unsent-parameter",
                gap.field.loc,
                f"{language} {op.name}: '{'.'.join(gap.path)}' matches no parameter of {_call(reference)}; "
                "it is not sent",
                op.id,
                language,
                ".".join(gap.path),
            )
        reference_fields = {f.wire_name or f.name: f for f in _leaves(reference.params)}
        wire_optional = {p.name: p.optional for p in reference.http.params}
        for arg in call.args:
            theirs = reference_fields.get(arg.wire_name)
            if theirs is not None:
                optional = wire_optional.get(arg.wire_name, theirs.optional)
                _compare(language, op.id, op.name, arg.field, theirs, optional, decls, add, compared)


def _objects(
    language: str,
    lang: LanguageAPI,
    http_objects: dict[str, Model],
    add: Any,
    compared: dict[tuple[str, str], dict[str, str]],
) -> None:
    decls = Declarations.of(lang)
    for model in lang.models:
        reference = http_objects.get(model.id or "")
        if reference is None:
            continue
        keys = {f.wire_name or f.name: f for f in reference.fields}
        mine = {f.wire_name: f for f in model.fields if f.wire_name}
        for f in model.fields:
            if f.wire_name is None and not f.is_method:
                add(
                    "unmapped-field",
                    f.loc,
                    f"{language} {model.name}.{f.name} matches no key of the object '{model.id}'",
                    model.id or model.name,
                    language,
                    f.name,
                )
        for key, theirs in keys.items():
            if key not in mine:
                add(
                    "missing-field",
                    model.loc,
                    f"{language} {model.name} leaves out the key '{key}' of the object '{model.id}'",
                    model.id or model.name,
                    language,
                    key,
                )
            else:
                subject = model.id or model.name
                _compare(language, subject, model.name, mine[key], theirs, theirs.optional, decls, add, compared)


def _leaves(fields: tuple[Field, ...]) -> Iterator[Field]:
    for f in fields:
        yield f
        yield from _leaves(f.fields)


Shape = tuple[str, tuple[str, ...]]  # kind (string, number, bool, object, enum, list:<kind>), enum values


def _shape(f: Field, decls: Declarations) -> Shape | None:
    """How the docs type a field, as the JSON it travels as; None when that is unknown. The
    docs' own spelling is read (not the enums codegen derived from descriptions)."""
    expr: TypeExpr | None = f.type
    if f.type_text:
        try:
            expr = parse_type(f.type_text)
        except TypeSyntaxError:
            expr = f.type
    return _kind(expr, decls, 0)


def _kind(expr: TypeExpr | None, decls: Declarations, depth: int) -> Shape | None:
    if expr is None or depth > 4:
        return None
    if isinstance(expr, Nullable):
        return _kind(expr.inner, decls, depth)
    if isinstance(expr, Prim):
        kind = {"string": "string", "datetime": "string", "int": "number", "number": "number", "bool": "bool"}
        if expr.name in kind:
            return kind[expr.name], ()
        return ("object", ()) if expr.name == "object" else None
    if isinstance(expr, LiteralOf):
        return "enum", tuple(sorted(expr.values))
    if isinstance(expr, ListOf):
        item = _kind(expr.item, decls, depth + 1)
        return f"list:{item[0] if item else '?'}", item[1] if item else ()
    if isinstance(expr, MapOf):
        return "object", ()
    if isinstance(expr, UnionOf):
        return None
    decl = decls.find(expr)
    if decl is None:
        if expr.name.lower() in ("list", "array") or ("list" in expr.name.lower() and expr.args):
            return "list:?", ()
        return None
    if hasattr(decl, "values"):
        return "enum", tuple(sorted(decl.values))
    return "object", ()


def _compare(  # noqa: PLR0917 - both sides of one comparison
    language: str,
    subject: str,
    owner: str,
    mine: Field,
    theirs: Field,
    their_optional: bool,
    decls: Declarations,
    add: Any,
    compared: dict[tuple[str, str], dict[str, str]],
) -> None:
    wire = mine.wire_name or theirs.name
    where = f"{language} {owner}.{mine.name} (wire '{wire}')"
    a, b = _shape(mine, decls), _shape(theirs, Declarations())
    said = compared.setdefault((subject, wire), {})
    said[language] = repr((a, mine.optional))

    def seen(mine_words: str, their_words: str) -> _Evidence:
        return _Evidence(mine_words, their_words, theirs.loc, wire)

    if a is not None and b is not None:
        list_a, list_b = a[0].startswith("list:"), b[0].startswith("list:")
        kind_a, kind_b = a[0].removeprefix("list:"), b[0].removeprefix("list:")
        untyped = {a[0], b[0]} == {"list:?", "object"}  # PHP's bare `array` is a list or a map
        if list_a != list_b and not untyped:
            add(
                "list-mismatch",
                mine.loc,
                f"{where} is {_words(a)}; the HTTP reference has {_words(b)}",
                subject,
                language,
                wire,
                seen(_words(a), _words(b)),
            )
        elif kind_a == kind_b == "enum" and a[1] != b[1]:
            add(
                "enum-mismatch",
                mine.loc,
                f"{where} allows {_words(a)}; the HTTP reference allows {_words(b)}",
                subject,
                language,
                wire,
                seen(_words(a), _words(b)),
            )
        elif "?" not in (kind_a, kind_b) and kind_a != kind_b:
            message = f"{where} is {_words(a)}; the HTTP reference has {_words(b)}"
            add("type-mismatch", mine.loc, message, subject, language, wire, seen(_words(a), _words(b)))
    if mine.optional != their_optional and not mine.name.endswith("?"):
        mine_said = "optional" if mine.optional else "required"
        other = "optional" if their_optional else "required"
        add(
            "optional-mismatch",
            mine.loc,
            f"{where} is {mine_said}; the HTTP reference makes it {other}",
            subject,
            language,
            wire,
            seen(mine_said, other),
        )


@dataclass(frozen=True)
class _Evidence:
    """What one comparison found: the language's side and the HTTP reference's, in words."""

    mine: str
    theirs: str
    their_loc: Loc
    wire: str


# The rules that compare one wire field of a language with the HTTP reference's.
_COMPARISONS = ("type-mismatch", "enum-mismatch", "list-mismatch", "optional-mismatch")


def _at_the_reference(
    found: list[Finding], evidence: dict[int, _Evidence], compared: dict[tuple[str, str], dict[str, str]]
) -> list[Finding]:
    """When every language that documents a wire field (two or more) disagrees with the HTTP
    reference in the same way, the reference is the odd one out (most often the side that
    changed): one finding at its line, not one per language at theirs."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in found:
        if f.rule in _COMPARISONS and id(f) in evidence:
            groups.setdefault((f.rule, f.subject, f.detail), []).append(f)
    replaced: dict[int, Finding | None] = {}
    for (rule, subject, detail), group in groups.items():
        languages = {f.language for f in group}
        words = {evidence[id(f)].mine for f in group}
        documented = set(compared.get((subject, detail), {}))
        if len(languages) < 2 or len(words) != 1 or languages != documented:
            continue
        first = evidence[id(group[0])]
        who = ", ".join(sorted(str(language) for language in languages))
        verb = {"optional-mismatch": "makes it", "enum-mismatch": "allows"}.get(rule, "has")
        message = (
            f"the HTTP reference {verb} {first.theirs} for '{detail}' of '{subject}'; every language that "
            f"documents it ({who}) {verb} {first.mine}"
        )
        merged = Finding(rule, group[0].level, first.their_loc, message, subject, HTTP, detail)
        replaced[id(group[0])] = merged
        for f in group[1:]:
            replaced[id(f)] = None
    kept = [replaced.get(id(f), f) for f in found]
    return [f for f in kept if f is not None]


def _words(shape: Shape) -> str:
    kind, values = shape
    inner = kind.removeprefix("list:")
    text = f"one of {' | '.join(values)}" if inner == "enum" and values else inner
    return f"a list of {text}" if kind.startswith("list:") else text


_CODES = {"properties-as-parameters", "unknown-key", "dangling-reference", "duplicate-key", "duplicate-id"}


def _diagnostics(diags: Iterable[Diagnostic], add: Any) -> None:
    for d in sorted(set(diags)):
        if d.code in ("unmapped-field", "type-from-http"):
            # Reported from the model: per language with its operation (unmapped-field), or as the
            # type-mismatch of the languages and the HTTP reference, at the side that differs.
            continue
        if d.code in _CODES:
            rule = d.code
        else:
            rule = "reference-error" if d.severity is Severity.ERROR else "reference-warning"
        add(rule, d.loc, d.message, d.loc.file, None, d.message)  # no line: a baseline survives moved lines


# --- baselines -------------------------------------------------------------------------------

BASELINE_VERSION = 1


def baseline_text(report: Report) -> str:
    counts = Counter(f.fingerprint for f in report.findings)
    return (
        json.dumps({"codegen-lint-baseline": BASELINE_VERSION, "findings": dict(sorted(counts.items()))}, indent=2)
        + "\n"
    )


def read_baseline(text: str) -> Counter[str]:
    """The fingerprints of a baseline file; ValueError when it is not one."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("codegen-lint-baseline") != BASELINE_VERSION:
        raise ValueError("not a codegen lint baseline (version 1)")
    findings = data.get("findings")
    if not isinstance(findings, dict) or not all(isinstance(v, int) for v in findings.values()):
        raise ValueError("'findings' must map fingerprints to counts")
    return Counter(findings)


def apply_baseline(report: Report, known: Counter[str]) -> None:
    """Moves the findings ``known`` lists to ``report.baselined``; what it lists that is no longer
    found goes to ``report.fixed``."""
    left = Counter(known)
    new: list[Finding] = []
    for f in report.findings:
        if left[f.fingerprint] > 0:
            left[f.fingerprint] -= 1
            report.baselined.append(f)
        else:
            new.append(f)
    report.findings = new
    report.fixed = sorted(fp for fp, n in left.items() for _ in range(n))


# --- output ----------------------------------------------------------------------------------


def visible(text: str) -> str:
    """Text from the docs as a terminal shows it safely: control and bidi characters escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def text_report(report: Report, group: str = "id") -> str:
    """The summary, the coverage (a line per operation some language does not document), the
    findings grouped by operation or object id (``group="page"``: by page), a totals line last."""
    by_rule, by_language, _ = report.counts()
    lines = []
    if by_rule:
        lines.append("by rule:     " + ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())))
        lines.append("by language: " + ", ".join(f"{lang} {n}" for lang, n in sorted(by_language.items())))
        lines.append("")
    lines += coverage_lines(report)
    others = [f for f in report.findings if f.rule != "missing-operation"]
    if group == "page":
        others.sort(key=lambda f: (f.loc, f.rule, f.language or "", f.detail))
    current = None
    for f in others:
        heading = f.loc.file if group == "page" else f.subject
        if heading != current:
            current = heading
            lines += ["", f"{visible(heading)}:"]
        lines.append(f"  {visible(str(f.loc))}: {f.level}: {visible(f.message)} [{f.rule}]")
    if report.fixed:
        lines.append("")
    for fp in report.fixed:
        lines.append(f"fixed (in the baseline, no longer found): {visible(fp)}")
    lines += ["", totals(report)]
    return "\n".join(lines) + "\n"


def totals(report: Report) -> str:
    """The closing line: how many findings of each level, and how many are coverage gaps."""
    _, _, by_level = report.counts()
    gaps = report.gaps()
    text = (
        f"codegen lint: {len(report.findings)} findings: {by_level['error']} errors, {by_level['warning']} "
        f"warnings, {by_level['note']} notes"
    )
    if gaps:
        text += f" ({sum(len(g) for g in gaps.values())} of them coverage gaps of {len(gaps)} operations)"
    if report.baselined or report.fixed:
        text += f"; {len(report.baselined)} in the baseline, {len(report.fixed)} fixed since"
    return text


def gap_line(report: Report, op_id: str, found: list[Finding]) -> str:
    """One uncovered operation: where the HTTP reference documents it and who does not."""
    languages = ", ".join(sorted(str(f.language) for f in found))
    call = report.operation_calls.get(op_id, op_id)
    where, level = visible(str(found[0].loc)), found[0].level
    return f"{where}: {level}: {visible(call)} is not documented in {languages} [missing-operation]"


def finding_lines(report: Report) -> list[str]:
    """Every finding on a line (``--quiet``), a coverage gap as one line per operation."""
    lines, shown = [], set()
    gaps = report.gaps()
    for f in report.findings:
        if f.rule == "missing-operation":
            if f.subject not in shown:
                shown.add(f.subject)
                lines.append(gap_line(report, f.subject, gaps[f.subject]))
            continue
        lines.append(f"{visible(str(f.loc))}: {f.level}: {visible(f.message)} [{f.rule}]")
    return lines


def coverage_lines(report: Report) -> list[str]:
    """How many HTTP operations each language documents, then a line per operation that some
    language does not (its page, and the languages)."""
    languages = [lang for lang in report.languages if lang != HTTP]
    if not report.coverage:
        return ["coverage: the reference has no HTTP operations"]
    full = sum(1 for langs in report.coverage.values() if set(languages) <= langs)
    per = ", ".join(f"{lang} {sum(lang in langs for langs in report.coverage.values())}" for lang in sorted(languages))
    lines = [
        f"coverage: {len(report.coverage)} HTTP operations, {full} documented in every language; "
        + (f"per language: {per}" if per else "no language besides the HTTP reference")
    ]
    gaps = report.gaps()
    for op_id in report.coverage:
        if op_id in gaps:
            lines.append("  " + gap_line(report, op_id, gaps[op_id]))
    return lines


def json_report(report: Report) -> str:
    by_rule, by_language, by_level = report.counts()
    data = {
        "summary": {
            "by_level": dict(by_level),
            "by_rule": dict(sorted(by_rule.items())),
            "by_language": dict(sorted(by_language.items())),
        },
        "coverage": {op: sorted(langs) for op, langs in report.coverage.items()},
        "findings": [f.to_json() for f in report.findings],
        "baselined": len(report.baselined),
        "fixed": report.fixed,
    }
    return json.dumps(data, indent=2) + "\n"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif_report(report: Report, version: str) -> str:
    """SARIF 2.1.0: one run, the rules, one result per finding at its docs position."""
    rules = sorted({f.rule for f in report.findings} | set(RULES))
    index = {rule: i for i, rule in enumerate(rules)}
    level = {"error": "error", "warning": "warning", "note": "note"}
    data = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "codegen lint",
                        "version": version,
                        "rules": [
                            {
                                "id": rule,
                                "shortDescription": {"text": RULES[rule].summary},
                                "defaultConfiguration": {"level": level.get(RULES[rule].level, "none")},
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": f.rule,
                        "ruleIndex": index[f.rule],
                        "level": level[f.level],
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": urllib.parse.quote(f.loc.file, safe="/")},
                                    "region": {"startLine": max(f.loc.line, 1), "startColumn": max(f.loc.col, 1)},
                                }
                            }
                        ],
                        "partialFingerprints": {"codegenLint/v1": f.fingerprint},
                    }
                    for f in report.findings
                ],
            }
        ],
    }
    return json.dumps(data, indent=2) + "\n"


# The report's only script: filters the findings by rule, language and level (no other effect).
_FILTER_SCRIPT = """
(function () {
  var selects = document.querySelectorAll("select[data-filter]");
  var rows = document.querySelectorAll("#findings tbody tr");
  var count = document.getElementById("shown");
  function apply() {
    var wanted = {};
    selects.forEach(function (s) { wanted[s.dataset.filter] = s.value; });
    var shown = 0;
    rows.forEach(function (row) {
      var ok = Object.keys(wanted).every(function (k) {
        return !wanted[k] || (" " + row.dataset[k] + " ").indexOf(" " + wanted[k] + " ") >= 0;
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  window.addEventListener("hashchange", function () {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.hidden) { selects.forEach(function (s) { s.value = ""; }); apply(); }
  });
  apply();
})();
"""

_STYLE = """
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,sans-serif;margin:0;padding:1em;max-width:100%;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.5em 0;width:100%;table-layout:fixed}
td,th{border:1px solid #ccc;padding:2px 4px;text-align:left;vertical-align:top;word-break:break-word}
code{white-space:pre-wrap;word-break:break-all}
nav a{margin-right:1em} .filters label{margin-right:1em}
#matrix th:first-child{width:30%} #matrix td{text-align:center;padding:0}
#matrix td a{display:block;text-decoration:none;color:inherit}
td.y{background:#d9f2d9} td.n{background:#f7dcdc} td.w{background:#fbeec8}
#findings col.level{width:5.5em} #findings col.rule{width:11em} #findings col.lang{width:5.5em}
#findings col.subject{width:14%} #findings col.where{width:20%}
tr.error td:first-child{color:#b00} tr.warning td:first-child{color:#a60}
:target{outline:2px solid #36c}
@media (max-width: 700px) {
  #findings colgroup, #findings thead {display:none}
  #findings tr {display:block;border-bottom:1px solid #ccc;padding:2px 0}
  #findings td {display:inline;border:none;padding:0 .4em 0 0}
  #findings td:last-child {display:block}
}
"""


def html_report(report: Report) -> str:
    """One self-contained page that fits the window: the summary, the coverage matrix (each cell
    links to its findings), the findings with an anchor each and a filter by rule, language and
    level. Nothing is loaded from elsewhere; docs text is escaped."""
    e = html.escape
    by_rule, by_language, _ = report.counts()
    languages = [*([HTTP] if HTTP else []), *(lang for lang in report.languages if lang != HTTP)]
    anchors: dict[tuple[str, str | None], str] = {}
    finding_rows = []
    gaps = report.gaps()
    rows: list[tuple[Finding, str, str]] = []  # a finding, its languages, its message
    for f in report.findings:
        if f.rule != "missing-operation":
            rows.append((f, f.language or "", f.message))
        elif gaps[f.subject][0] is f:  # a coverage gap: one row per operation, as in the text
            who = sorted(str(g.language) for g in gaps[f.subject])
            call = report.operation_calls.get(f.subject, f.subject)
            rows.append((f, " ".join(who), f"{call} is not documented in {', '.join(who)}"))
    for index, (f, languages_of, message) in enumerate(rows):
        anchor = f"f{index}"
        for lang in languages_of.split() or [""]:
            anchors.setdefault((f.subject, lang or None), anchor)
        finding_rows.append(
            f'<tr id="{anchor}" class="{e(f.level)}" data-rule="{e(f.rule)}" data-language="{e(languages_of)}" '
            f'data-level="{e(f.level)}"><td>{e(f.level)}</td><td>{e(f.rule)}</td><td>{e(languages_of)}</td>'
            f"<td>{e(f.subject)}</td><td><code>{e(str(f.loc))}</code></td><td>{e(message)}</td></tr>"
        )
    matrix = []
    for op, langs in report.coverage.items():
        cells = []
        for lang in languages:
            link = anchors.get((op, lang))
            documented = lang in langs
            mark = "✓" if documented else "✗"
            css = ("w" if link else "y") if documented else "n"
            title = f"{lang}: {'documented' if documented else 'not documented'}"
            inner = f'<a href="#{link}" title="{e(title)}">{mark}</a>' if link else mark
            cells.append(f'<td class="{css}" title="{e(title)}">{inner}</td>')
        matrix.append(f"<tr><th>{e(op)}</th>{''.join(cells)}</tr>")

    def options(name: str, values: Iterable[str]) -> str:
        choices = "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in sorted(set(values)))
        return (
            f'<label>{name} <select data-filter="{name}" id="filter-{name}"><option value="">all</option>'
            f"{choices}</select></label>"
        )

    rule_rows = "".join(
        f'<tr><td><a href="#findings" title="{e(RULES[rule].summary)}">{e(rule)}</a></td><td>{n}</td>'
        f"<td>{e(RULES[rule].summary)}</td></tr>"
        for rule, n in sorted(by_rule.items())
    )
    lang_rows = "".join(f"<tr><td>{e(lang)}</td><td>{n}</td></tr>" for lang, n in sorted(by_language.items()))
    filters = (
        options("rule", (f.rule for f in report.findings))
        + options("language", (f.language or "" for f in report.findings if f.language))
        + options("level", (f.level for f in report.findings))
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>codegen lint</title>
<style>{_STYLE}</style></head><body>
<h1 id="top">codegen lint</h1>
<nav><a href="#summary">summary</a><a href="#coverage">coverage</a><a href="#findings">findings</a></nav>
<p id="summary">{e(totals(report))}.</p>
<h2 id="by-rule">By rule</h2><table><tr><th>rule</th><th>findings</th><th>what</th></tr>{rule_rows}</table>
<h2 id="by-language">By language</h2><table><tr><th>language</th><th>findings</th></tr>{lang_rows}</table>
<h2 id="coverage">Coverage of the HTTP operations</h2>
<p>✓ documented, ✗ not documented (a cell links to its findings; yellow: documented, with findings).</p>
<table id="matrix"><thead><tr><th>operation</th>{"".join(f"<th>{e(lang)}</th>" for lang in languages)}</tr></thead>
<tbody>{"".join(matrix)}</tbody></table>
<h2 id="findings-heading">Findings</h2>
<form class="filters" onsubmit="return false">{filters} <span><span id="shown">{len(rows)}</span> of {len(rows)} shown
(a coverage gap is one row per operation)</span></form>
<table id="findings"><colgroup><col class="level"><col class="rule"><col class="lang"><col class="subject">
<col class="where"><col></colgroup>
<thead><tr><th>level</th><th>rule</th><th>language</th><th>subject</th><th>where</th><th>message</th></tr></thead>
<tbody>{"".join(finding_rows)}</tbody></table>
<script>{_FILTER_SCRIPT}</script>
</body></html>
"""


def levels_from(settings: Mapping[str, str], diags: Diagnostics, where: Loc) -> dict[str, Level]:
    """The configured severities, checked against the known rules and levels."""
    from .diagnostics import did_you_mean

    result: dict[str, Level] = {}
    for rule, level in settings.items():
        if rule not in RULES:
            diags.error(
                where, f"[lint] unknown rule '{rule}'", did_you_mean(rule, set(RULES)) or f"rules: {', '.join(RULES)}"
            )
        elif level not in LEVELS:
            diags.error(where, f"[lint] rule '{rule}': level must be one of {', '.join(LEVELS)}")
        else:
            result[rule] = level
    return result
