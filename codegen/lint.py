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
from dataclasses import dataclass, field
from typing import Any, Literal

from .diagnostics import Diagnostic, Diagnostics, Loc, Severity
from .ir import API, Field, LanguageAPI, Model, Operation
from .openapi import rules as openapi_rules
from .openapi.document import Spec
from .plan.requests import request
from .samples import Declarations, sample_call
from .types import ListOf, LiteralOf, MapOf, Nullable, Prim, TypeExpr, TypeSyntaxError, UnionOf, parse_type

Level = Literal["error", "warning", "note", "off"]
LEVELS: tuple[Level, ...] = ("error", "warning", "note", "off")
HTTP = "curl"


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

    def add(  # noqa: PLR0917 - a finding's fields, in their order
        rule: str, loc: Loc, message: str, subject: str, language: str | None = None, detail: str = ""
    ) -> None:
        level = levels.get(rule, RULES[rule].level)
        if level != "off":
            out.append(Finding(rule, level, loc, message, subject, language, detail))

    curl = api.languages.get(HTTP)
    http_ops = {op.id: op for op in (curl.operations if curl else ()) if op.id and op.http is not None}
    http_objects = {m.id: m for m in (curl.models if curl else ()) if m.id}
    report.coverage = {op_id: {HTTP} for op_id in sorted(http_ops)}
    for language, lang in api.languages.items():
        if language == HTTP:
            continue
        _operations(language, lang, http_ops, report.coverage, add)
        _objects(language, lang, http_objects, add)
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


def _call(op: Operation) -> str:
    return f"{op.id} ({op.http.method} {op.http.path})" if op.http else str(op.id)


def _operations(
    language: str, lang: LanguageAPI, http_ops: dict[str, Operation], coverage: dict[str, set[str]], add: Any
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
                _compare(language, op.id, op.name, arg.field, theirs, optional, decls, add)


def _objects(language: str, lang: LanguageAPI, http_objects: dict[str, Model], add: Any) -> None:
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
                _compare(language, model.id or model.name, model.name, mine[key], theirs, theirs.optional, decls, add)


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
) -> None:
    wire = mine.wire_name or theirs.name
    where = f"{language} {owner}.{mine.name} (wire '{wire}')"
    a, b = _shape(mine, decls), _shape(theirs, Declarations())
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
            )
        elif kind_a == kind_b == "enum" and a[1] != b[1]:
            add(
                "enum-mismatch",
                mine.loc,
                f"{where} allows {_words(a)}; the HTTP reference allows {_words(b)}",
                subject,
                language,
                wire,
            )
        elif "?" not in (kind_a, kind_b) and kind_a != kind_b:
            message = f"{where} is {_words(a)}; the HTTP reference has {_words(b)}"
            add("type-mismatch", mine.loc, message, subject, language, wire)
    if mine.optional != their_optional and not mine.name.endswith("?"):
        said = "optional" if mine.optional else "required"
        other = "optional" if their_optional else "required"
        add(
            "optional-mismatch",
            mine.loc,
            f"{where} is {said}; the HTTP reference makes it {other}",
            subject,
            language,
            wire,
        )


def _words(shape: Shape) -> str:
    kind, values = shape
    inner = kind.removeprefix("list:")
    text = f"one of {' | '.join(values)}" if inner == "enum" and values else inner
    return f"a list of {text}" if kind.startswith("list:") else text


_CODES = {"properties-as-parameters", "unknown-key", "dangling-reference", "duplicate-key", "duplicate-id"}


def _diagnostics(diags: Iterable[Diagnostic], add: Any) -> None:
    for d in sorted(set(diags)):
        if d.code == "unmapped-field":
            continue  # reported per language from the model, with its operation
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


def text_report(report: Report) -> str:
    by_rule, by_language, by_level = report.counts()
    lines = [
        f"codegen lint: {len(report.findings)} findings "
        f"({by_level['error']} errors, {by_level['warning']} warnings, {by_level['note']} notes)"
        + (
            f"; {len(report.baselined)} in the baseline, {len(report.fixed)} fixed"
            if report.baselined or report.fixed
            else ""
        ),
    ]
    if by_rule:
        lines.append("by rule:     " + ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())))
        lines.append("by language: " + ", ".join(f"{lang} {n}" for lang, n in sorted(by_language.items())))
    lines += ["", *coverage_lines(report), ""]
    current = None
    for f in report.findings:
        if f.subject != current:
            current = f.subject
            lines.append(f"{visible(f.subject)}:")
        lines.append(f"  {visible(str(f.loc))}: {f.level}: {visible(f.message)} [{f.rule}]")
    for fp in report.fixed:
        lines.append(f"fixed (in the baseline, no longer found): {visible(fp)}")
    return "\n".join(lines).rstrip() + "\n"


def coverage_lines(report: Report) -> list[str]:
    languages = [HTTP, *(lang for lang in report.languages if lang != HTTP)]
    if not report.coverage:
        return ["coverage: the reference has no HTTP operations"]
    width = max(len(visible(op)) for op in report.coverage)
    totals = {lang: sum(lang in langs for langs in report.coverage.values()) for lang in languages}
    lines = [
        f"coverage of the {len(report.coverage)} HTTP operations (x: documented):",
        f"  {'':<{width}}  " + " ".join(languages),
    ]
    for op_id, langs in report.coverage.items():
        marks = " ".join(("x" if lang in langs else "-").center(len(lang)) for lang in languages)
        lines.append(f"  {visible(op_id):<{width}}  {marks}")
    lines.append(f"  {'total':<{width}}  " + " ".join(str(totals[lang]).center(len(lang)) for lang in languages))
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


def html_report(report: Report) -> str:
    """One self-contained page: the summary, the coverage matrix, the findings."""
    e = html.escape
    by_rule, by_language, by_level = report.counts()
    languages = [HTTP, *(lang for lang in report.languages if lang != HTTP)]
    rows = "".join(
        f"<tr><th>{e(op)}</th>"
        + "".join(
            f"<td class={'y' if lang in langs else 'n'}>{'✓' if lang in langs else ''}</td>" for lang in languages
        )
        + "</tr>"
        for op, langs in report.coverage.items()
    )
    findings = "".join(
        f"<tr class={e(f.level)}><td>{e(f.level)}</td><td>{e(f.rule)}</td><td>{e(f.language or '')}</td>"
        f"<td>{e(f.subject)}</td><td><code>{e(str(f.loc))}</code></td><td>{e(f.message)}</td></tr>"
        for f in report.findings
    )
    rule_rows = "".join(
        f"<tr><td>{e(rule)}</td><td>{n}</td><td>{e(RULES[rule].summary)}</td></tr>"
        for rule, n in sorted(by_rule.items())
    )
    lang_rows = "".join(f"<tr><td>{e(lang)}</td><td>{n}</td></tr>" for lang, n in sorted(by_language.items()))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>codegen lint</title>
<style>
body{{font:14px/1.4 system-ui,sans-serif;margin:2em}} table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}} td.y{{background:#d9f2d9;text-align:center}}
td.n{{background:#f7dcdc}} tr.error td:first-child{{color:#b00}} tr.warning td:first-child{{color:#a60}}
</style></head><body>
<h1>codegen lint</h1>
<p>{len(report.findings)} findings: {by_level["error"]} errors, {by_level["warning"]} warnings,
{by_level["note"]} notes.</p>
<h2>By rule</h2><table><tr><th>rule</th><th>findings</th><th>what</th></tr>{rule_rows}</table>
<h2>By language</h2><table><tr><th>language</th><th>findings</th></tr>{lang_rows}</table>
<h2>Coverage of the HTTP operations</h2>
<table><tr><th>operation</th>{"".join(f"<th>{e(lang)}</th>" for lang in languages)}</tr>{rows}</table>
<h2>Findings</h2>
<table><tr><th>level</th><th>rule</th><th>language</th><th>subject</th><th>where</th><th>message</th></tr>{findings}</table>
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
