"""The declarations of one language's SDK and how every type name resolves, decided once.

A language's SDK declares: the models and option classes its docs define, its enums (closed
sets of values, codegen.enums), the objects its docs describe inline where the language
declares them itself (Go, policy ``declares_inline_objects``), and a stand-in for every type the
docs use but never define (an external), so the SDK builds with no hand-written file. Every
named type of the language's model resolves to exactly one of them (tested over the corpus).

Each declaration lives in a scope: its qualifier (``mfa.ChallengeFactorOpts``) where the
language scopes by qualifier (Go packages), else its area (the first folder of its page);
stand-ins live in the externals scope. Names are spelled later, per language (plan/sdk.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Literal

from ..diagnostics import Loc
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass, all_fields
from ..link.options import synthesized_option_class
from ..naming import bounded
from ..records import dataclass
from ..types import MAX_NAME_LENGTH, ListOf, MapOf, Named, Nullable, TypeExpr, UnionOf, core_type

Kind = Literal["model", "options", "enum", "inline", "standin"]
Key = tuple[str, str | None, str]  # (area, qualifier, docs name)
# The scope of types the docs use but never define (their stand-ins).
EXTERNALS = "externals"


@dataclass
class Decl:
    """One type the SDK declares."""

    key: Key
    kind: Kind
    docs_name: str
    area: str
    scope: str  # the docs' scope: the area or the qualifier (EXTERNALS for stand-ins)
    fields: tuple[Field, ...] = ()
    base: str | None = None
    values: tuple[str, ...] = ()
    description: str | None = None
    url: str | None = None
    title: str | None = None
    loc: Loc | None = None
    # An option class the docs never name (JS ``type: object, unwrap: true``), or one codegen
    # made from the HTTP reference (options-from-reference).
    synthesized: bool = False
    # A stand-in for a generic the docs never define (C# ``WorkOSList<T>``): its type parameters.
    arity: int = 0

    @property
    def qualifier(self) -> str | None:
        return self.key[1]

    @property
    def wire_documented(self) -> bool:
        """The HTTP reference documents this object or request: some field has a wire name."""
        return any(f.wire_name for f in self.fields if not f.is_method)

    @property
    def page_of(self) -> TypeExpr | None:
        """The item type when this object is a page of a list (``data`` list, ``list_metadata``)."""
        keys = {f.wire_name or f.name: f for f in self.fields if not f.is_method}
        data = keys.get("data")
        if data is None or "list_metadata" not in keys:
            return None
        inner = data.type.inner if isinstance(data.type, Nullable) else data.type
        return inner.item if isinstance(inner, ListOf) else None


@dataclass(frozen=True)
class ScopeRule:
    """How a language groups declarations: by qualifier (Go packages: ``mfa.Challenge`` is in
    package ``mfa``) or by area only, and whether it declares inline objects itself."""

    by_qualifier: bool = False
    declares_inline_objects: bool = False
    # Named types the language itself provides (``error``, ``context.Context``): never declared.
    builtins: frozenset[str] = frozenset()
    # Scopes may not import each other (Go packages): scopes that would are merged into the first.
    acyclic: bool = False
    # A service's methods live in the scope of its types (a Go package holds both); elsewhere a
    # service is a file of its own that imports every type it names.
    services_share_scope: bool = False
    # Suffixes of names the language declares beside each option class (Java's
    # ``ChallengeFactorOptionsBuilder``): such a name is the class's companion, not an external.
    companions: tuple[str, ...] = ()
    # The values a method sends and the literals of its sample calls are typed by their inline
    # objects' declarations (a language that encodes a value by its declared type: TypeScript).
    inline_values: bool = False
    # A method's unwrapped object parameter is written with its type (TypeScript's
    # ``options: CreateWidgetOptions``), so its type is imported; else only its fields are.
    writes_unwrapped_types: bool = False
    # An untyped parameter that lists fields is the option class the linker made for it
    # (``<Method>Options``, codegen/link/options.py), where the language declares no inline objects.
    untyped_options: bool = False
    # A parameter the docs unwrap (``unwrap: true``) has its fields as the call's arguments; a
    # language without keyword arguments (Go) takes the object itself, as an options parameter.
    unwraps: bool = True
    # A sample value of a field or parameter that describes an inline object is a literal of that
    # object's declaration (Go's struct literal ``mfa.EnrollFactorOptsPhone{...}``), not a map.
    inline_literals: bool = False


@dataclass
class SymbolTable:
    """Every declaration of one language's SDK, and the resolution of every named type."""

    language: str
    rule: ScopeRule
    decls: dict[Key, Decl] = field(default_factory=dict)
    # Lookups, most specific first (the linker sets ``Named.area`` to the declaring area).
    _area_name: dict[tuple[str, str], list[Decl]] = field(default_factory=dict)
    _qualified: dict[tuple[str | None, str], Decl] = field(default_factory=dict)
    _named: dict[str, Decl] = field(default_factory=dict)
    _inline: dict[tuple[str, str], Decl] = field(default_factory=dict)  # (scope, docs name)
    # Docs name -> the first inline declaration of that name in any scope (built on first use).
    _inline_first: dict[str, Decl] | None = None
    _standins: dict[str, Decl] = field(default_factory=dict)
    _untyped: dict[tuple[Loc | None, str], Decl] = field(default_factory=dict)  # (param's loc, name)
    # Scopes merged into another to break an import cycle: scope -> the one it joined.
    merged: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, api: LanguageAPI, rule: ScopeRule) -> SymbolTable:
        table = cls(api.language, rule)
        declared: list[Model | OptionClass] = [*api.models, *api.options]
        for item in declared:
            kind: Kind = "options" if isinstance(item, OptionClass) else "model"
            table._add(
                Decl(
                    key=(item.area, item.qualifier, item.name),
                    kind=kind,
                    docs_name=item.name,
                    area=item.area,
                    scope=table._scope(item.qualifier, item.area),
                    fields=item.fields,
                    base=item.base,
                    description=item.description,
                    url=getattr(item, "url", None),
                    title=getattr(item, "title", None),
                    loc=item.loc,
                    synthesized=isinstance(item, OptionClass) and item.synthesized,
                )
            )
        for enum in api.enums:
            table._add_enum(enum)
        if rule.untyped_options and not rule.declares_inline_objects:
            table._untyped_options(api)
        if rule.declares_inline_objects:
            for item in declared:
                owner = table.decls[(item.area, item.qualifier, item.name)]
                table._inline_fields(item.fields, owner.scope, item.area, item.name)
            for op in api.operations:
                scope = table._scope(op.service, op.area)
                for f in op.params:
                    options = table._synthesized(op, f)
                    if options is not None:  # an untyped options object is its option class
                        table._inline.setdefault((scope, inline_name(op.name, f)), options)
                        table._inline_first = None
                        continue
                    table._inline_fields((f,), scope, op.area, op.name)
                for f in op.returns:  # an object the method returns: ``<Operation>Response``
                    table._inline_fields((f,), scope, op.area, op.name, reply=True)
        for expr in table._named_types(api):
            table.resolve(expr)  # makes the stand-ins of names nothing declares
        for item in declared:  # and of base classes nothing declares
            if item.base:
                table.resolve(Named(name=item.base, area=item.area), table._scope(item.qualifier, item.area))
        if rule.acyclic:
            table._merge_cycles(api)
        return table

    def _synthesized(self, op: Operation, f: Field) -> Decl | None:
        name = synthesized_option_class(op, f)
        decl = self.decls.get((op.area, None, name)) if name else None
        return decl if decl is not None and decl.synthesized else None

    def _merge_cycles(self, api: LanguageAPI) -> None:
        """Scopes that would import each other are merged: every declaration of a cycle moves
        into the cycle's first scope (by name), until no cycle is left."""
        for _ in range(16):
            graph: dict[str, set[str]] = {}
            unique = {id(d): d for d in self.decls.values()}.values()
            for decl in unique:
                for f in decl.fields:
                    for target in self._targets(f.type, decl.scope):
                        graph.setdefault(decl.scope, set()).add(target.scope)
            for op in api.operations:
                here = self._scope(op.service, op.area)
                for f in (*op.params, *op.returns):
                    for target in self._targets(f.type, here):
                        graph.setdefault(here, set()).add(target.scope)
            cycles = [c for c in _components(graph) if len(c) > 1]
            if not cycles:
                return
            for cycle in cycles:
                home = cycle[0]
                for decl in unique:
                    if decl.scope in cycle[1:]:
                        decl.scope = home
                self.merged.update(dict.fromkeys(cycle[1:], home))
                for (scope, name), inline in list(self._inline.items()):
                    if scope in cycle[1:]:
                        self._inline.setdefault((home, name), inline)
                        self._inline_first = None

    def _targets(self, expr: TypeExpr | None, scope: str) -> Iterator[Decl]:
        stack = [expr] if expr is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, Named):
                found = self.resolve(node, scope)
                if found is not None and found.scope not in (scope, EXTERNALS):
                    yield found
                stack.extend(node.args)
            elif isinstance(node, ListOf):
                stack.append(node.item)
            elif isinstance(node, MapOf):
                stack += [node.key, node.value]
            elif isinstance(node, Nullable):
                stack.append(node.inner)
            elif isinstance(node, UnionOf):
                stack.extend(node.options)

    def scope_of_service(self, op: Operation) -> str:
        """The scope an operation's method lives in (its service's, merged as the types were)."""
        scope = self._scope(op.service, op.area)
        return self.merged.get(scope, scope)

    # --- building --------------------------------------------------------------------------
    def _scope(self, qualifier: str | None, area: str) -> str:
        return (qualifier if self.rule.by_qualifier and qualifier else area) or ""

    def _add(self, decl: Decl) -> None:
        if decl.key in self.decls:
            return
        self.decls[decl.key] = decl
        self._area_name.setdefault((decl.area, decl.docs_name), []).append(decl)
        self._qualified.setdefault((decl.qualifier, decl.docs_name), decl)
        self._named.setdefault(decl.docs_name, decl)

    def _add_enum(self, enum: Enum) -> None:
        key = (enum.area, enum.qualifier, enum.name)
        scope = self._scope(enum.qualifier, enum.area)
        same = next(
            (d for d in self._area_name.get((enum.area, enum.name), []) if d.kind == "enum" and d.scope == scope),
            None,
        )
        if same is not None:  # one name in one scope (``catalog.WidgetKind``, ``WidgetKind``): one enum
            same.values += tuple(v for v in enum.values if v not in same.values)
            self.decls.setdefault(key, same)
            return
        self._add(
            Decl(
                key=key,
                kind="enum",
                docs_name=enum.name,
                area=enum.area,
                scope=scope,
                values=enum.values,
                description=enum.description,
                loc=enum.loc,
            )
        )

    def _untyped_options(self, api: LanguageAPI) -> None:
        """The option class of each untyped parameter with fields (``<Method>Options``, as the
        linker names it), where the language declares no inline objects."""
        for op in api.operations:
            for param in op.params:
                options = self._synthesized(op, param)
                if options is not None:
                    self._untyped[(param.loc, param.name)] = options

    def _inline_fields(
        self, fields: tuple[Field, ...], scope: str, area: str, owner: str, *, reply: bool = False
    ) -> None:
        """Objects the docs describe inline (a field with ``properties``) whose type names
        nothing declared: a declaration of the scope, named as the docs spell the type, else
        after its owner and field (``CreateEventOptsActor``). The first description of a name
        wins, except that one the language's docs spell wins over one lent by another language."""
        for f in fields:
            if not f.fields or f.is_method:
                continue
            core = core_type(f.type)
            if isinstance(core, Named) and core.area is not None:
                continue
            if isinstance(core, Named):
                target = self._scope(core.qualifier, area) if core.qualifier else scope
                name = core.name
            else:
                target, name = scope, inline_name(owner, f, reply=reply)
            spelled = isinstance(core, Named) and bool(core.spelling)
            known = self._inline.get((target, name))
            if known is None or (spelled and not known.title):
                decl = Decl(
                    key=(area, f"{target}#inline", name),
                    kind="inline",
                    docs_name=name,
                    area=area,
                    scope=target,
                    fields=f.fields,
                    description=f.description,
                    loc=f.loc,
                    title="spelled" if spelled else None,
                )
                self._inline[(target, name)] = decl
                self._inline_first = None
                self.decls[decl.key] = decl
                self._inline_fields(f.fields, target, area, name)

    def _named_types(self, api: LanguageAPI) -> Iterator[Named]:
        stack: list[TypeExpr] = []
        for f in all_fields(api):
            if f.type is not None:
                stack.append(f.type)
        while stack:
            expr = stack.pop()
            if isinstance(expr, Named):
                yield expr
                stack.extend(expr.args)
            elif isinstance(expr, ListOf):
                stack.append(expr.item)
            elif isinstance(expr, MapOf):
                stack += [expr.key, expr.value]
            elif isinstance(expr, Nullable):
                stack.append(expr.inner)
            elif isinstance(expr, UnionOf):
                stack.extend(expr.options)

    # --- resolving -------------------------------------------------------------------------
    def resolve(self, expr: Named, scope: str | None = None) -> Decl | None:
        """The declaration a named type means: the one of its area (and qualifier), else of its
        qualifier, else of its name; an inline object of the scope; else its stand-in. None for
        the language's own types and generic wrappers the docs never define (``Task<T>``)."""
        text = f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
        if expr.name in self.rule.builtins or text in self.rule.builtins:
            return None
        if expr.area is not None:
            candidates = self._area_name.get((expr.area, expr.name), [])
            chosen = next((d for d in candidates if d.qualifier == expr.qualifier), None)
            if chosen is not None or candidates:
                return chosen or candidates[0]
        found = self._qualified.get((expr.qualifier, expr.name))
        if found is not None:
            return found
        if self.rule.declares_inline_objects:
            inline_scope = self._scope(expr.qualifier, "") if expr.qualifier else scope
            inline = self._inline.get((inline_scope or "", expr.name))
            if inline is None:
                if self._inline_first is None:
                    self._inline_first = {}
                    for (_, name), d in self._inline.items():
                        self._inline_first.setdefault(name, d)
                inline = self._inline_first.get(expr.name)
            if inline is not None:
                return inline
        found = self._named.get(expr.name)
        if found is not None:
            return found
        if self.companion_of(expr) is not None:
            return None
        return self._standin(expr)

    def companion_of(self, expr: Named) -> tuple[Decl, str] | None:
        """(option class, suffix) when ``expr`` names a companion the language declares beside
        an option class (``ChallengeFactorOptionsBuilder``)."""
        for suffix in self.rule.companions:
            if expr.name.endswith(suffix) and len(expr.name) > len(suffix):
                owner = self._named.get(expr.name[: -len(suffix)])
                if owner is not None and owner.kind == "options":
                    return owner, suffix
        return None

    def _standin(self, expr: Named) -> Decl:
        text = f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
        decl = self._standins.get(text)
        if decl is None:
            # Where the language scopes by qualifier, ``sso.ConnectionDomain`` stands in package sso.
            scope = expr.qualifier if self.rule.by_qualifier and expr.qualifier else EXTERNALS
            decl = Decl(
                key=("", expr.qualifier, f"{EXTERNALS}#{expr.name}"),
                kind="standin",
                docs_name=expr.name,
                area="",
                scope=scope,
                description=f"{text}: a type the API reference uses but never defines.",
                arity=len(expr.args),
            )
            self._standins[text] = decl
            self.decls[decl.key] = decl
        return decl

    def inline_of(self, f: Field, scope: str, owner: str, *, reply: bool = False) -> Decl | None:
        """The inline declaration of a field with ``properties`` (languages that declare them), or
        the option class of an untyped parameter (``untyped_options``)."""
        if not f.fields or f.is_method:
            return None
        if not self.rule.declares_inline_objects:
            return self._untyped.get((f.loc, f.name))
        core = core_type(f.type)
        if isinstance(core, Named):
            return self.resolve(core, scope)
        return self._inline.get((scope, inline_name(owner, f, reply=reply)))

    def fields_of(self, decl: Decl) -> list[Field]:
        """A declaration's fields, its bases' first (an option class that extends another)."""
        chain: list[Decl] = []
        current: Decl | None = decl
        while current is not None and current not in chain and len(chain) < 8:
            chain.append(current)
            current = self._named.get(current.base) if current.base else None
        names: set[str] = set()
        result = []
        for item in reversed(chain):
            for f in item.fields:
                if f.name not in names and not f.is_method:
                    names.add(f.name)
                    result.append(f)
        return result

    @property
    def standins(self) -> list[Decl]:
        return sorted(self._standins.values(), key=lambda d: d.docs_name)


def _components(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan), each sorted, in a fixed order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    result: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on.discard(top)
                component.append(top)
                if top == node:
                    break
            result.append(sorted(component))

    for node in sorted(set(graph) | {d for deps in graph.values() for d in deps}):
        if node not in index:
            visit(node)
    return result


def inline_name(owner: str, f: Field, *, reply: bool = False) -> str:
    """The docs name of an anonymous inline object: ``<owner>_response`` for what a method
    returns, else ``<owner>_<field>``."""
    return bounded(f"{owner}_response" if reply else f"{owner}_{f.name}", MAX_NAME_LENGTH)
