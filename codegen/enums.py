"""Enums: one model of each literal union across languages.

The docs spell an enum two ways: as a literal union (``"totp" | "sms"``) in some languages,
and as a name (Go ``mfa.FactorType``) in others, which then never define it. Both spellings
of one value share a description key (``(enroll_factor.type)``), so:

1. a catalogue, read from every language's entries before linking, records for each
   description key the literal values some language spells (the HTTP reference first) and the
   name some language gives them;
2. in each language, a type name the language never defines, on a field whose description key
   has literal values, becomes an enum of that name, declared in the field's area (Go's
   ``FactorType`` is ``"totp" | "sms"`` because six other languages say so);
3. in languages whose idiom is a named enum (``Emitter.declares_enums``), an inline literal
   union of two or more values becomes an enum too, named as another language names it, else
   after its container and field (``OrganizationDomainDataState``).

Languages without named enums (TypeScript unions, Python ``Literal``) keep the inline union,
and still get an enum for a name they use but never define.

It knows no emitter: what differs per language reaches it as data (``named``, ``builtins``, and
the languages' policies: which one is the HTTP reference, whose names are preferred).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import field
from functools import cache

from .ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass, retyped
from .naming import capitalized, normalized
from .policy import LanguagePolicy, http_reference
from .records import dataclass, replace
from .spec import Page, SpecItem, nested_items
from .types import ListOf, LiteralOf, Named, Nullable, TypeExpr, TypeSyntaxError, map_children, parse_type

_REF = re.compile(r"^\(([A-Za-z0-9_.\-]+)\)$")
# A value of an ``enum`` the description lists: a bullet that starts with one backticked word
# (``- `sso` `` or ``- `sso` - Launch the SSO setup``).
_BULLET = re.compile(r"^[ \t]*[-*][ \t]+`([^`\s]+)`(?:[ \t].*)?$", re.M)
# Values a description lists in prose: "Valid values are `bcrypt`, `scrypt` and `ssha`", "any of
# `active`, `inactive`, or `pending`". Used only for a name a language uses but never defines.
_PROSE = re.compile(
    r"(?:values are|any of|one of):?\s+((?:`[^`\n]+`(?:\s*,\s*(?:and|or)\s+|\s*,\s*|\s+(?:and|or)\s+)?)+)"
)
_TICKED = re.compile(r"`([^`\n]+)`")


def prose_values(text: str) -> tuple[str, ...]:
    """The backticked values a sentence of ``text`` lists, quotes taken off (``"asc"`` -> asc)."""
    found = _PROSE.search(" ".join(text.split()))
    if not found:
        return ()
    values = [v.strip().strip('"').strip("'") for v in _TICKED.findall(found.group(1))]
    return tuple(dict.fromkeys(v for v in values if v))


# Variants of one description (``(directory.state.lowercase)``, ``.titlecase``, ``.java_state``
# for ``.state``): the same value, worded for one language's spelling.
_VARIANT = re.compile(r"\.(?:self|(?:lower|upper|title|camel|snake)case\w*)$")


@cache
def _language_prefix(languages: frozenset[str]) -> re.Pattern[str]:
    """A last key part that is a language's name, ``_`` and a word (``.java_state``)."""
    names = "|".join(re.escape(name.lower()) for name in sorted(languages))
    return re.compile(rf"\.(?:{names})_(\w+)$" if names else r"(?!)")


def base_key(key: str, languages: Iterable[str]) -> str:
    """``directory.state.lowercase``, ``directory.state.titlecase``, ``directory.java_state`` and
    ``directory.state`` name one value (``languages``: the names a language prefix may be)."""
    key = _VARIANT.sub("", key.lower())
    return _language_prefix(frozenset(languages)).sub(r".\1", key)


def _texts(node: object, prefix: str, into: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _texts(value, f"{prefix}.{key}" if prefix else str(key), into)
    elif isinstance(node, str):
        into.setdefault(prefix.lower(), node)


@dataclass
class Catalogue:
    """Per description key (lower case): literal values, and a name a language gives them."""

    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    # Values only the prose of a description lists (weaker than a type: used for names only).
    prose: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The HTTP reference's values by (operation or object id, wire name): for a field the wire
    # links but whose description cites nothing (``statuses: OrganizationMembershipStatus[]``).
    by_wire: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # Every language the format knows: a description key's last part may name one (``.java_state``).
    languages: frozenset[str] = frozenset()
    _keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # key -> its base key

    def key(self, key: str) -> str:
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = base_key(key, self.languages)
        return found

    def lookup(self, key: str, owner: str | None, wire_name: str | None, name: str) -> tuple[str, ...] | None:
        """The values for a name a language uses but never defines, strongest source first."""
        return (
            self.values.get(key)
            or (self.by_wire.get((owner, wire_name)) if owner and wire_name else None)
            or self.by_name(name)
            or self.prose.get(key)
        )

    def by_name(self, name: str) -> tuple[str, ...] | None:
        """The values of the description key some language gives this name (case and ``_`` aside),
        when the name stands for one set of values only."""
        if self._by_name is None:
            found: dict[str, set[tuple[str, ...]]] = {}
            for key, (_, given) in self.names.items():
                if key in self.values:
                    found.setdefault(normalized(given), set()).add(self.values[key])
            self._by_name = {name: next(iter(sets)) for name, sets in found.items() if len(sets) == 1}
        return self._by_name.get(normalized(name))

    _by_name: dict[str, tuple[str, ...]] | None = None


def _literal(expr: TypeExpr) -> LiteralOf | None:
    while isinstance(expr, (Nullable, ListOf)):
        expr = expr.inner if isinstance(expr, Nullable) else expr.item
    return expr if isinstance(expr, LiteralOf) else None


def _named(expr: TypeExpr) -> Named | None:
    while isinstance(expr, (Nullable, ListOf)):
        expr = expr.inner if isinstance(expr, Nullable) else expr.item
    return expr if isinstance(expr, Named) and not expr.args else None


def catalogue(pages: list[Page], policies: Mapping[str, LanguagePolicy]) -> Catalogue:
    """The catalogue of ``pages``; ``policies``: every language the format knows (a language the
    pages name that is not among them counts too, as one that sets no rank)."""
    result = Catalogue(languages=frozenset(policies))
    reference = http_reference(policies)
    ranked: dict[str, tuple[int, str]] = {}
    unranked = LanguagePolicy().enum_name_rank
    texts: dict[str, str] = {}
    for page in pages:
        _texts(page.spec.descriptions, "", texts)
    listings: dict[str, tuple[str, ...]] = {}  # the values each description's prose lists
    for page in pages:
        # The HTTP reference's values first; the others in the page's order.
        for language in sorted(page.spec.reference, key=lambda lang: lang != reference):
            rank = (policies[language].enum_name_rank if language in policies else unranked, language)
            is_http = language == reference
            for entry in page.spec.reference[language]:
                # A shared definition (``- key: order``, typed) is an item of its own.
                own = [SpecItem(key=entry.key, type=entry.type, description=entry.description)] if entry.type else []
                for section in (own, entry.parameters, entry.properties, entry.returns):
                    for item in nested_items(section):
                        found = _REF.match((item.description or "").strip())
                        if is_http and entry.id and item.type and not found:
                            _wire_values(result, entry.id, item)
                        if found and (cited := found.group(1).lower()) in texts:
                            listed = listings.get(cited)
                            if listed is None:  # a description is cited by many items, in every language
                                listed = listings[cited] = prose_values(texts[cited])
                            if len(listed) > 1:
                                result.prose.setdefault(result.key(found.group(1)), listed)
                        if not found or not item.type:
                            continue
                        key = result.key(found.group(1))
                        if item.type.strip() == "enum":  # the values are the description's bullets
                            bullets = _BULLET.findall(texts.get(found.group(1).lower(), ""))
                            if bullets:
                                result.values.setdefault(key, tuple(dict.fromkeys(bullets)))
                            continue
                        try:
                            expr = _parse(item.type)
                        except (TypeSyntaxError, RecursionError):
                            continue
                        literal = _literal(expr)
                        if literal is not None:
                            result.values.setdefault(key, literal.values)
                            if is_http and entry.id:
                                result.by_wire.setdefault((entry.id, item.key), literal.values)
                        named = _named(expr)
                        if named is not None and (key not in ranked or rank < ranked[key]):
                            ranked[key] = rank
                            result.names[key] = (named.qualifier, named.name)
    return result


@cache
def _parse(text: str) -> TypeExpr:
    return parse_type(text)


def _wire_values(result: Catalogue, entry_id: str, item: SpecItem) -> None:
    try:
        literal = _literal(_parse(item.type or ""))
    except (TypeSyntaxError, RecursionError):
        return
    listed = literal.values if literal is not None else prose_values(item.description or "")
    if literal is not None or len(listed) > 1:
        result.by_wire.setdefault((entry_id, item.key), listed)


@dataclass
class _Declared:
    """The enums declared so far, by (area, qualifier, name) in the order first declared, and
    indexed so a question costs the enums it could be, not all of them (a large reference)."""

    enums: dict[tuple[str, str | None, str], Enum] = field(default_factory=dict)
    first_named: dict[tuple[str | None, str], tuple[str, str | None, str]] = field(default_factory=dict)
    in_area: dict[str, list[tuple[str, str | None, str]]] = field(default_factory=dict)

    def named(self, name: str, qualifier: str | None) -> Enum | None:
        """The first enum declared under this name (and qualifier), in any area."""
        key = self.first_named.get((qualifier, name))
        return None if key is None else self.enums[key]

    def same_values(self, area: str, values: tuple[str, ...]) -> Enum | None:
        """The first enum of ``area`` with these values, in any order."""
        wanted = set(values)
        enums = (self.enums[key] for key in self.in_area.get(area, ()))
        return next((e for e in enums if set(e.values) == wanted), None)

    def declare(self, name: str, qualifier: str | None, area: str, values: tuple[str, ...], f: Field) -> None:
        key = (area, qualifier, name)
        found = self.enums.get(key)
        if found is None:
            self.first_named.setdefault((qualifier, name), key)
            self.in_area.setdefault(area, []).append(key)
            self.enums[key] = Enum(
                name=name, qualifier=qualifier, area=area, values=values, description=f.description, loc=f.loc
            )
        elif set(values) - set(found.values):  # the docs list more values elsewhere: keep them all
            merged = found.values + tuple(v for v in values if v not in found.values)
            self.enums[key] = replace(found, values=merged)


def apply(api: LanguageAPI, cat: Catalogue, *, named: bool, builtins: frozenset[str]) -> LanguageAPI:
    """``api`` with its enums declared and the types that name them resolved."""
    enums = _Enums(api, cat, named=named, builtins=builtins)
    models, options, operations = enums.everything(api)
    if any(enums.declared.named(name, qualifier) for qualifier, name in enums.unresolved):
        # A use met before the one that gave the values: once more, now that the enum is known.
        once = replace(api, operations=operations, models=models, options=options)
        models, options, operations = enums.everything(once)
    declared = tuple(sorted(enums.declared.enums.values(), key=lambda e: (e.area, e.qualifier or "", e.name)))
    return replace(api, operations=operations, models=models, options=options, enums=declared)


class _Enums:
    """What :func:`apply` learns while it retypes a language (a class: nested functions calling
    themselves would be a reference cycle holding all the language's fields)."""

    def __init__(self, api: LanguageAPI, cat: Catalogue, *, named: bool, builtins: frozenset[str]) -> None:
        self.cat, self.named, self.builtins = cat, named, builtins
        self.declared = _Declared()
        self.defined = {(m.area, m.name) for m in api.models} | {(o.area, o.name) for o in api.options}
        self.scope: str | None = None  # the id of the operation or object being retyped
        self.unresolved: set[tuple[str | None, str]] = set()  # names met without values

    def retype(self, expr: TypeExpr, f: Field, area: str, container: str, qualifier: str | None) -> TypeExpr:
        mapped = map_children(expr, lambda child: self.retype(child, f, area, container, qualifier), maps="no")
        if mapped is not None:
            return mapped
        cat, declared, defined = self.cat, self.declared, self.defined
        key = cat.key(f.doc_key or "")
        if isinstance(expr, Named) and expr.area is None and not expr.args and expr.name not in self.builtins:
            values = cat.lookup(key, self.scope, f.wire_name, expr.name)
            if values and (area, expr.name) not in defined:
                declared.declare(expr.name, expr.qualifier, area, values, f)
                return replace(expr, area=area)
            same_name = declared.named(expr.name, expr.qualifier)
            if same_name is not None:  # values known at another use of the name: the same enum
                return replace(expr, area=same_name.area)
            self.unresolved.add((expr.qualifier, expr.name))
        if self.named and isinstance(expr, LiteralOf) and len(expr.values) > 1:
            twin = declared.same_values(area, expr.values)
            if twin is not None:  # one set of values in one area is one enum
                return Named(name=twin.name, qualifier=twin.qualifier, area=area, spelling=expr.spelling)
            given = cat.names.get(key)
            name = given[1] if given else _derived(key) or container + capitalized(f.name)
            if (area, name) in defined:
                name += "Value"
            declared.declare(name, qualifier, area, expr.values, f)
            return Named(name=name, qualifier=qualifier, area=area, spelling=expr.spelling)
        return expr

    def fields(self, items: tuple[Field, ...], area: str, container: str, qualifier: str | None) -> tuple[Field, ...]:
        return retyped(items, lambda f: None if f.type is None else self.retype(f.type, f, area, container, qualifier))

    def operation(self, op: Operation) -> Operation:
        self.scope = op.id
        params = self.fields(op.params, op.area, capitalized(op.name), None)
        returns = self.fields(op.returns, op.area, capitalized(op.name), None)
        if params is op.params and returns is op.returns:
            return op
        return replace(op, params=params, returns=returns)

    def model(self, m: Model) -> Model:
        self.scope = m.id
        new = self.fields(m.fields, m.area, capitalized(m.name), m.qualifier)
        return m if new is m.fields else replace(m, fields=new)

    def option(self, o: OptionClass) -> OptionClass:
        self.scope = None
        new = self.fields(o.fields, o.area, capitalized(o.name), o.qualifier)
        return o if new is o.fields else replace(o, fields=new)

    def everything(
        self, source: LanguageAPI
    ) -> tuple[tuple[Model, ...], tuple[OptionClass, ...], tuple[Operation, ...]]:
        # Objects first: an enum is better named after the object that holds it than after a call.
        return (
            tuple(self.model(m) for m in source.models),
            tuple(self.option(o) for o in source.options),
            tuple(self.operation(op) for op in source.operations),
        )


def _derived(key: str) -> str:
    """An enum's name from its description key: ``widget.kind`` -> ``WidgetKind``."""
    parts = [p for p in key.split(".") if p][-2:]
    return "".join(capitalized(p) for p in parts)
