"""Stage 2 of linking: the entries of one language, made into operations and models, with
every entry reference (``(ctx)``, ``(Organization.id)``) resolved (the nearest page wins when a
key repeats); then its option classes (``link/options.py``), its inline models
(``link/inline.py``) and every named type's area (``link/types.py``). Language policy (builtin
types, whether the language declares inline objects itself) arrives as data: this stage knows
no emitter."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import field
from functools import cache
from typing import TYPE_CHECKING, Literal

from ..diagnostics import Loc
from ..ir import Field, LanguageAPI, Model, Operation
from ..policy import LanguagePolicy
from ..records import dataclass, replace
from ..spec import Page, SpecEntry, SpecItem
from ..types import (
    MAX_NAME_LENGTH,
    ListOf,
    Named,
    Prim,
    TypeExpr,
    TypeSyntaxError,
    parse_type,
)
from .descriptions import ref_name as _ref_name
from .inline import InlineModels, renamed_fields, renamed_operation
from .options import merge_models, option_classes
from .types import TypeResolver as _TypeResolver

if TYPE_CHECKING:
    from ..linker import Linker

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
# `builder()`, `connection(value: String)`: a method of an options class, not a value.
_METHOD_KEY = re.compile(r"^([A-Za-z_$][\w$]*)\s*\((.*)\)$")
_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")
REFERENCE = re.compile(r"^\(\s*([^()\s]+)\s*\)$")
# `class A : B` (C#), `class A < B` (Ruby), `class A extends B` (Java, PHP, TS).
_CLASS_TITLE = re.compile(
    r"^(?:(?:class|interface|struct|type|enum)\s+)?(?P<name>[\w.\\$]+)"
    r"(?:\s*(?::|<|\bextends\b)\s*(?P<base>[\w.\\$]+))?$"
)

MAX_FIELD_DEPTH = 32
# The default of ``max_fields`` ([tool.codegen]): fields linked in a run, all languages together.
# The corpus links 25 a page, so this takes a reference of 200,000 such pages; references
# repeated inside the properties they refer to multiply (like YAML aliases) and stop here.
MAX_FIELDS = 5_000_000
# 230 in the corpus; one comparison of similar names costs up to ~60 us (difflib).
MAX_HINT_COMPARISONS = 100_000

Path_ = tuple[str | int, ...]


# made for every item, its type and its description
@dataclass(frozen=True, slots=True)
class _Where:
    page: Page
    path: Path_

    def loc(self) -> Loc:
        return self.page.source.at(self.path)


@cache
def _parse_type_cached(text: str) -> TypeExpr:
    return parse_type(text)


class _Nearest:
    """The definitions of one key, and which is nearest to a page: the same page, then the
    deepest shared folder, then the first. A query costs the depth of the page's folder,
    not the number of definitions."""

    @dataclass
    class _Folder:
        first: int  # the first definition at or below this folder
        children: dict[str, _Nearest._Folder] = field(default_factory=dict)

    def __init__(self, candidates: list[tuple[_Where, SpecEntry]]) -> None:
        self.candidates = candidates
        self.on_page: dict[str, int] = {}
        self.root = self._Folder(0)
        for index, (where, _) in enumerate(candidates):
            self.on_page.setdefault(where.page.file, index)
            folder = self.root
            for part in where.page.file.split("/")[:-1]:
                child = folder.children.get(part)
                if child is None:
                    child = folder.children[part] = self._Folder(index)
                folder = child

    def find(self, file: str) -> tuple[_Where, SpecEntry]:
        index = self.on_page.get(file)
        if index is None:
            folder = self.root
            for part in file.split("/")[:-1]:
                child = folder.children.get(part)
                if child is None:
                    break
                folder = child
            index = folder.first
        return self.candidates[index]


@dataclass
class _ItemIndex:
    """Where each key (``- key: x``) and each reference (``- (x)``) first appears in a list of items."""

    keys: dict[str, int] = field(default_factory=dict)
    refs: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, items: list[SpecItem | str]) -> _ItemIndex:
        index = cls()
        for position, item in enumerate(items):
            if isinstance(item, SpecItem):
                index.keys.setdefault(item.key, position)
            else:
                name = _ref_name(item)
                if name is not None:
                    index.refs.setdefault(name, position)
        return index


class _Language:
    """Links the entries of one language."""

    def __init__(self, language: str, linker: Linker, policy: LanguagePolicy) -> None:
        self.language = language
        self.policy = policy
        self.linker = linker
        self.diags = linker.diags
        self.by_key: dict[str, list[tuple[_Where, SpecEntry]]] = defaultdict(list)
        self.nearest: dict[str, _Nearest] = {}
        self.item_indexes: dict[int, tuple[list[SpecItem | str], _ItemIndex]] = {}
        self.resolving: list[tuple[str, str]] = []
        self.depth = 0  # fields being linked inside one another

    # --- lookup -------------------------------------------------------------------------
    def find_entry(self, key: str, where: _Where) -> tuple[_Where, SpecEntry] | None:
        nearest = self.nearest.get(key)
        if nearest is None:
            candidates = self.by_key.get(key)
            if not candidates:
                return None
            nearest = self.nearest[key] = _Nearest(candidates)
        return nearest.find(where.page.file)

    def item_index(self, items: list[SpecItem | str]) -> _ItemIndex:
        found = self.item_indexes.get(id(items))
        if found is None:  # the list is kept with its index, so its id is never reused
            found = self.item_indexes[id(items)] = (items, _ItemIndex.of(items))
        return found[1]

    def resolve_ref(self, ref: str, where: _Where, context: str) -> Field | None:
        """``(key)`` or ``(Key.prop)`` in this language, as a field."""
        loc = where.loc()
        if (self.language, ref) in self.resolving:
            chain = " -> ".join(f"({r})" for _, r in self.resolving[self.resolving.index((self.language, ref)) :])
            self.diags.error(loc, f"reference cycle: {chain} -> ({ref})")
            return None
        found = self.find_entry(ref, where)
        prop = None
        if found is None and "." in ref:
            owner, _, prop = ref.partition(".")
            found = self.find_entry(owner, where)
        if found is None:
            self.diags.error(
                loc,
                f"unknown {self.language} entry reference ({_clip(ref)}) in {context}",
                self.linker.hint(ref, self.by_key),
            )
            return None
        target_where, entry = found
        self.resolving.append((self.language, ref))
        try:
            if prop is None:
                return self.entry_as_field(target_where, entry)
            section = "properties" if entry.properties else "parameters"
            items: list[SpecItem | str] = entry.properties or entry.parameters or []
            path: Path_ = (*target_where.path, section)
            owner_name = entry.key
            parts = prop.split(".")
            for depth, part in enumerate(parts):
                last = depth == len(parts) - 1
                # The first item that is the property (a key), or on the last part a reference to it.
                index_of = self.item_index(items)
                positions = [index_of.keys.get(part)]
                if last:
                    positions += [index_of.refs.get(part), index_of.refs.get(f"{entry.key}.{prop}")]
                index = min((p for p in positions if p is not None), default=None)
                if index is None:
                    names = [i.key for i in items if isinstance(i, SpecItem)]
                    self.diags.error(
                        loc,
                        f"unknown {self.language} entry reference ({_clip(ref)}): '{_clip(owner_name)}'"
                        f" has no property '{_clip(part)}'",
                        self.linker.hint(part, names),
                    )
                    return None
                item = items[index]
                item_where = _Where(target_where.page, (*path, index))
                if isinstance(item, str):
                    return self.item(item, item_where, owner_name)
                if last:
                    return self.field(item, item_where, owner_name)
                items, path, owner_name = item.properties or [], (*path, index, "properties"), item.key
            return None
        finally:
            self.resolving.pop()

    def entry_as_field(self, where: _Where, entry: SpecEntry) -> Field:
        """A definition (``ctx``, ``limit``) or an object named in ``returns``."""
        self.linker.fields_made += 1
        if entry.type and not (self.language == self.linker.reference and entry.type.upper() in HTTP_METHODS):
            type_expr = self.type_of(entry.type, _Where(where.page, (*where.path, "type")))
            type_text: str | None = entry.type
        else:
            type_expr, type_text = Named(name=entry.key, spelling=entry.key), entry.key
        description = self.description(entry.description, _Where(where.page, (*where.path, "description")))
        if description is None:
            description = self.linker.descriptions.resolve(entry.key)
        return Field(
            name=entry.key,
            type=type_expr,
            type_text=type_text,
            optional=entry.optional,
            description=description,
            wire_name=None,
            doc_key=_ref_name(entry.description or ""),
            shared=entry.id is None,
            loc=where.loc(),
        )

    # --- items --------------------------------------------------------------------------
    def items(self, items: list[SpecItem | str] | None, where: _Where, section: str, context: str) -> tuple[Field, ...]:
        fields = []
        for index, item in enumerate(items or []):
            resolved = self.item(item, _Where(where.page, (*where.path, section, index)), context)
            if resolved is not None and section == "returns" and _names_a_type(resolved, item):
                # `- key: Role` with no type, under returns: the key names the returned object.
                resolved = replace(
                    resolved, type=Named(name=resolved.name, spelling=resolved.name), type_text=resolved.name
                )
            if resolved is not None:
                fields.append(resolved)
        return tuple(fields)

    def item(self, item: SpecItem | str, where: _Where, context: str) -> Field | None:
        bound = self.linker.max_fields
        if self.linker.fields_made >= bound:
            if self.linker.fields_made == bound:
                self.linker.fields_made += 1  # reported once
                self.diags.error(
                    where.loc(),
                    f"the entries expand to more than {bound} fields (in {self.language}); the rest are left out",
                    "are references repeated inside the properties they refer to? (max_fields in the config "
                    "raises the bound)",
                )
            return None
        if isinstance(item, str):
            name = _ref_name(item)
            if name is None:
                self.diags.error(where.loc(), f"expected a mapping or a (reference), got {_clip(item)!r}")
                return None
            return self.resolve_ref(name, where, context)
        return self.field(item, where, context)

    def field(self, item: SpecItem, where: _Where, context: str) -> Field:
        self.linker.fields_made += 1
        ref = _ref_name(item.description or "")
        name, type_text, optional = item.key.strip(), item.type, item.optional
        if len(name) > MAX_NAME_LENGTH:  # (checked here: a closure for every field cost more)
            self.check_name(name, lambda: where.page.source.key_at((*where.path, "key")), "field name")
        method = _METHOD_KEY.match(name) if "(" in name else None  # a method's key holds "("
        if name.endswith("?"):  # `client_secret?`: the docs' optional marker in the key
            name, optional = name[:-1], True
        elif type_text is None and not method and not _IDENTIFIER.match(name):
            # `- key: Task<Challenge>` with no type: the key is the type of an unnamed value.
            type_text, name = name, "result"
        type_expr = self.type_of(type_text, _Where(where.page, (*where.path, "type"))) if type_text else None
        fields: tuple[Field, ...] = ()
        if item.properties and self.depth >= MAX_FIELD_DEPTH:
            self.diags.error(
                where.loc(),
                f"fields nest more than {MAX_FIELD_DEPTH} levels deep; the properties of '{_clip(name)}' are left out",
                "counting the properties that references bring in: does a chain of references run on?",
            )
        elif item.properties:
            self.depth += 1
            try:
                fields = self.items(item.properties, where, "properties", context)
            finally:
                self.depth -= 1
            if type_text and isinstance(type_expr, ListOf) and type_text.strip().lower() in self.policy.keyed_arrays:
                # PHP's ``array`` with keys: one object (an associative array), not a list of them
                type_expr = Prim(name="object", spelling=type_text.strip())
        return Field(
            name=method.group(1) if method else name,
            type=type_expr,
            type_text=type_text.strip() if type_text else None,
            optional=optional,
            description=None
            if item.description is None
            else self.description(item.description, _Where(where.page, (*where.path, "description"))),
            wire_name=self.linker.wire_names.get(ref) if ref else None,
            doc_key=ref,
            fields=fields,
            expanded=item.expanded,
            unwrap=item.unwrap,
            is_method=method is not None,
            loc=where.loc(),
        )

    def description(self, text: str | None, where: _Where) -> str | None:
        if text is None:
            return None
        name = _ref_name(text)
        if name is None:
            return text
        resolved = self.linker.descriptions.resolve(name)
        if resolved is None:
            self.diags.warning(
                where.loc(),
                f"unknown description reference ({_clip(name)}); the text is left out",
                _paren(self.linker.hint(name, self.linker.description_names(name))),
                code="dangling-reference",
            )
        return resolved

    def type_of(self, text: str, where: _Where) -> TypeExpr | None:
        try:
            return _parse_type_cached(text)
        except TypeSyntaxError as exc:
            line, col = where.loc()[1:]
            self.diags.error(
                Loc(where.page.file, line, col),
                f"cannot read {self.language} type {_clip(text.strip())!r}: {exc} (column {exc.column} of the type)",
            )
            return None

    def check_name(self, name: str, loc: Loc | Callable[[], Loc], what: str) -> None:
        """A name longer than MAX_NAME_LENGTH is an error at ``loc`` (a function: the position
        is looked up only when there is an error to report at it)."""
        if len(name) > MAX_NAME_LENGTH:
            self.diags.error(
                loc() if callable(loc) else loc,
                f"{what} '{_clip(name)}' is {len(name)} characters long, over the limit of {MAX_NAME_LENGTH}",
                "generated files and declarations are named after it; shorten it",
            )

    # --- entries ------------------------------------------------------------------------
    def _duplicate_id(
        self, ids: dict[tuple[str, str, str], tuple[_Where, str]], kind: str, where: _Where, entry: SpecEntry
    ) -> bool:
        """One id, one definition: a second operation of an id (in this language), or a second
        object of an id in the same area under another name, is an error naming both places.
        Pages sort by path, so which page came first would otherwise silently decide what the
        method does. The same object written on two pages of one area under one name is one
        object (its fields add up: ``merge_models``)."""
        assert entry.id is not None
        key = (kind, entry.id, "" if kind == "operation" else where.page.area)
        first = ids.get(key)
        if first is None:
            ids[key] = (where, entry.key)
            return False
        if kind == "object" and first[1] == entry.key:
            return False
        place = f" in area '{where.page.area}'" if kind == "object" and where.page.area else ""
        self.diags.error(
            where.page.source.key_at((*where.path, "id")),
            f"{self.language} {kind} id '{entry.id}'{place} is already defined at {first[0].loc()}",
            f"an id names one {kind} in each language; give one of them another id",
            code="duplicate-id",
        )
        return True

    def link(self, entries: list[tuple[_Where, SpecEntry]]) -> LanguageAPI:
        operations: list[Operation] = []
        models: list[Model] = []
        seen: dict[tuple[str, str], _Where] = {}
        ids: dict[tuple[str, str, str], tuple[_Where, str]] = {}
        for where, entry in entries:
            scope_key = (where.page.file, entry.key)
            if scope_key in seen:
                self.diags.error(
                    where.page.source.key_at((*where.path, "key")),
                    f"duplicate {self.language} entry '{entry.key}' in this page",
                    f"first defined at {seen[scope_key].loc()}",
                )
                continue
            seen[scope_key] = where
            self.check_name(entry.key, where.page.source.key_at((*where.path, "key")), f"{self.language} entry key")
            title = (entry.title or "").strip()
            call = _call_title(title)
            is_http = self.language == self.linker.reference and (entry.type or "").upper() in HTTP_METHODS
            kind = "operation" if call or is_http else "object"
            if kind == "object" and not (entry.properties is not None or (entry.parameters is not None and entry.id)):
                continue
            if entry.id and self._duplicate_id(ids, kind, where, entry):
                continue
            if kind == "operation":
                operations.append(self.operation(where, entry, call))
            else:
                models.append(self.model(where, entry, title))
        models = merge_models(models)
        options = option_classes(operations, models, self.check_name)
        inline, renamed = InlineModels(self.policy, self.diags).find(operations, models, options)
        if renamed:
            operations = [renamed_operation(op, renamed) for op in operations]
            models = [replace(m, fields=renamed_fields(m.fields, renamed)) for m in models]
            inline = [replace(m, fields=renamed_fields(m.fields, renamed)) for m in inline]
        models = merge_models(models + inline)
        resolver = _TypeResolver(
            models, options, self.diags, self.policy.builtin_types, self.linker.misspelled_built_in
        )
        return LanguageAPI(
            language=self.language,
            operations=tuple(resolver.operation(op) for op in operations),
            models=tuple(resolver.model(m) for m in models),
            options=tuple(resolver.option(o) for o in options),
        )

    def operation(self, where: _Where, entry: SpecEntry, call: tuple[str | None, str] | None) -> Operation:
        context = f"'{entry.key}'"
        service = None
        name = entry.key
        if call:
            raw_service, name = call[0] or "", call[1]
            service = re.split(r"\.|->", raw_service)[-1].strip().lstrip("$") or None
            title_loc = where.page.source.at((*where.path, "title"))
            self.check_name(name, title_loc, "method name")
            self.check_name(service or "", title_loc, "service name")
        is_http = self.language == self.linker.reference and (entry.type or "").upper() in HTTP_METHODS
        return Operation(
            id=entry.id,
            key=entry.key,
            name=name,
            service=service,
            title=entry.title,
            url=entry.url,
            description=self.description(entry.description, _Where(where.page, (*where.path, "description"))),
            http_method=(entry.type or "").upper() if is_http else None,
            path=(entry.title or "").strip() if is_http else None,
            params=self.items(*self.parameters_of(where, entry), context),
            returns=self.items(entry.returns, where, "returns", context),
            sends_email=entry.sendsEmail,
            page=where.page.file,
            area=where.page.area,
            loc=where.loc(),
        )

    def parameters_of(self, where: _Where, entry: SpecEntry) -> tuple[list[SpecItem | str] | None, _Where, str]:
        """A method's parameters; a method entry that lists them under ``properties:`` (and has no
        ``parameters:``) means them as parameters: read so, with a warning."""
        if entry.parameters is None and entry.properties:
            self.diags.warning(
                where.page.source.key_at((*where.path, "properties")),
                f"method entry '{_clip(entry.key)}' lists 'properties:' and no 'parameters:'; read as its parameters",
                "rename the key to 'parameters:'",
                code="properties-as-parameters",
            )
            return entry.properties, where, "properties"
        return entry.parameters, where, "parameters"

    def model(self, where: _Where, entry: SpecEntry, title: str) -> Model:
        match = _CLASS_TITLE.match(title)
        kind: Literal["class", "interface", "object"] = (
            "class" if title.startswith("class ") else "interface" if title.startswith("interface ") else "object"
        )
        name, qualifier, base = entry.key, None, None
        if match:
            qualifier, name = _split_qualified(match.group("name"))
            base = match.group("base")
            title_loc = where.page.source.at((*where.path, "title"))
            for part, what in ((name, "class name"), (qualifier or "", "class qualifier"), (base or "", "base class")):
                self.check_name(part, title_loc, what)
        fields = self.items(
            entry.properties if entry.properties is not None else entry.parameters,
            where,
            "properties" if entry.properties is not None else "parameters",
            f"'{entry.key}'",
        )
        return Model(
            id=entry.id,
            key=entry.key,
            name=name,
            kind=kind,
            qualifier=qualifier,
            base=base,
            title=entry.title,
            url=entry.url,
            description=self.description(entry.description, _Where(where.page, (*where.path, "description")))
            or self.linker.descriptions.resolve(entry.id or entry.key),
            fields=fields,
            page=where.page.file,
            area=where.page.area,
            loc=where.loc(),
        )


def _paren(hint: str | None) -> str | None:
    if hint is None:
        return None
    return hint.replace("did you mean ", "did you mean (").replace("?", ")?")


def _split_qualified(name: str) -> tuple[str | None, str]:
    for separator in ("\\", "."):
        if separator in name:
            qualifier, _, last = name.rpartition(separator)
            return qualifier, last
    return None, name


def _call_title(title: str) -> tuple[str | None, str] | None:
    """``service.method()``, ``$service->method()`` or ``method()``: (service, method), else None.

    Read from the end, by hand: the regular expression this replaces backtracked over runs
    of spaces, so a title of 20,000 spaces took seconds and a megabyte of them hours.
    """
    if not title.endswith(")"):
        return None
    head = title[:-1].rstrip()
    if not head.endswith("("):
        return None
    head = head[:-1].rstrip()
    start = len(head)
    while start > 0 and (head[start - 1].isalnum() or head[start - 1] in "_$"):
        start -= 1
    method = head[start:]
    if not method or not (method[0].isascii() and (method[0].isalpha() or method[0] in "_$")):
        return None
    rest = head[:start].rstrip()
    if not rest and start == 0:
        return None, method
    for separator in ("->", "."):
        if rest.endswith(separator):
            service = rest[: -len(separator)].rstrip()
            return None if "\n" in service else (service, method)
    return None


def _clip(text: str, limit: int = 80) -> str:
    """Input text quoted in a message, cut short: a diagnostic need not repeat a megabyte."""
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _names_a_type(f: Field, item: SpecItem | str) -> bool:
    """A returned value with no type whose key is a type's name (capitalized, no properties)."""
    return (
        isinstance(item, SpecItem)
        and f.type is None
        and not f.fields
        and not f.is_method
        and f.name[:1].isupper()
        and f.name.isidentifier()
    )
