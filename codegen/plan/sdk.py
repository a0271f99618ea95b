"""One language's SDK, planned and spelled: every declaration, service, method and request as
views (plan/views.py) for its templates.

The decisions are the plan's (which declarations exist and where, how names resolve, each
request, the order of everything); a language contributes its naming table (:class:`Naming`)
and a :class:`Spelling`: how it writes a type, an expression that reads a value through a
method's parameters, a fixed value and a client setting. Names are unique where the language
needs them to be: types per scope, fields per type, methods per service, parameters per method,
enum constants per enum (or per scope, where constants share it: Go).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from functools import cache
from typing import Protocol, TypeVar, cast

from ..diagnostics import Diagnostics
from ..ir import Field, LanguageAPI, Operation
from ..naming import UniqueNames
from ..records import dataclass, replace
from ..samples import Arg, Declarations, SampleCall
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf, core_type, walk
from .requests import Step, request, unwrap_async, value_kind
from .spell import Speller, request_view
from .symbols import Decl, Key, SymbolTable
from .views import (
    ArgView,
    CallView,
    ConstantView,
    DeclView,
    FieldView,
    ImportView,
    LiteralView,
    MethodView,
    ParamView,
    ScopeView,
    SdkView,
    ServiceView,
)

# Operations called on no service (framework helpers) are grouped under this docs name.
FUNCTIONS = "functions"
# The scope of usage snippets: outside the SDK, so every type they name is imported.
SNIPPET = "<snippet>"
# The query parameters of a list that auto-pagination sets (a sample call leaves them to it).
PAGE_PARAMS = frozenset({"after", "before", "limit", "order"})


@dataclass(frozen=True)
class Naming:
    """How a language writes names: one function per kind of name, the words it reserves,
    and how it tells two names apart."""

    type: Callable[[str], str]
    field: Callable[[str], str]
    method: Callable[[str], str]
    param: Callable[[str], str]
    # (the enum's spelled name, a value) -> the constant's name.
    constant: Callable[[str, str], str]
    # A docs scope (area or qualifier; "externals") -> the language's module/package/namespace part.
    scope: Callable[[str], str]
    # A docs service name (``mfa``, ``$mfa``, ``mfaService``) -> the service's class or module name.
    service: Callable[[str], str]
    # The service's file stem and its attribute on the client (default: the service's name).
    module: Callable[[str], str] | None = None
    attribute: Callable[[str], str] | None = None
    # Words no identifier may be (keywords); those no type may be; names every service,
    # model and method body declares itself (the client, locals of generated bodies).
    reserved: frozenset[str] = frozenset()
    type_reserved: frozenset[str] = frozenset()
    method_reserved: frozenset[str] = frozenset()
    field_reserved: frozenset[str] = frozenset()
    param_reserved: frozenset[str] = frozenset()
    separator: str = ""
    # Enum constants share their scope's names (Go), not their enum's.
    constants_per_scope: bool = False
    # How names compare (PHP method names: case-insensitively).
    fold: Callable[[str], str] = str
    # A field may not have its type's name (C#: a member is never named like its class).
    fields_unlike_type: bool = False
    # How a method's name is numbered when its service has it already (Ruby keeps a final ``?``
    # last: ``valid_2?``); default: ``<name><separator><n>``.
    number: Callable[[str, int], str] | None = None


# one for every step of every value a request sends
@dataclass(frozen=True, slots=True)
class StepText:
    """One step of reading a sent value, as the language names it (for :meth:`Spelling.access`)."""

    name: str  # the parameter's or field's identifier
    docs_name: str
    optional: bool
    type: str  # the language's type of the value at this step
    param: bool  # the first step: a parameter of the method
    unwrapped: bool  # a parameter whose fields are the call's arguments
    # The value at this step is an inline object the language keeps as a map (no declared type).
    mapping: bool


class Spelling(Protocol):
    """What a language writes itself."""

    @property
    def naming(self) -> Naming: ...

    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        """The language's type of ``expr`` written in ``ctx.here``; ``optional``: a field or
        parameter the docs say may be absent."""
        ...

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """The expression that reads a value through ``steps`` and the conditions for reading it."""
        ...

    def constant_text(self, text: str) -> str: ...

    def setting_text(self, setting: str) -> str: ...


@dataclass
class TypeContext:
    """Where a type is written: its scope, and the references it makes (its imports)."""

    here: str  # spelled scope
    sdk: SdkBuilder
    refs: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (scope, docs scope) -> names
    docs: str | None = None  # the docs scope names are looked up in, when ``here`` is a file of its own

    @property
    def docs_scope(self) -> str:
        return self.docs if self.docs is not None else self.sdk.docs_scope_of(self.here)

    def for_operation(self, op: Operation) -> TypeContext:
        """The context of one operation's types: names and inline objects are looked up in the
        operation's own scope; references are recorded in this context's."""
        return TypeContext(self.here, self.sdk, self.refs, self.sdk.table.scope_of_service(op))

    def resolve(self, expr: Named) -> Decl | None:
        return self.sdk.table.resolve(expr, self.docs_scope)

    def ref(self, decl: Decl) -> tuple[str, str]:
        """(spelled scope, spelled name) of ``decl``; a reference from another scope is recorded."""
        scope, name = self.sdk.scope_names[decl.key], self.sdk.names[decl.key]
        if scope != self.here:
            self.refs.setdefault((scope, decl.scope), set()).add(name)
        return scope, name

    def companion(self, expr: Named) -> tuple[Decl, str] | None:
        return self.sdk.table.companion_of(expr)

    def imports(self) -> tuple[ImportView, ...]:
        return tuple(
            ImportView(scope, docs, tuple(sorted(names))) for (scope, docs), names in sorted(self.refs.items())
        )


_V = TypeVar("_V")


class SdkBuilder:
    """Plans and spells one language's SDK (see :func:`plan_sdk`)."""

    def __init__(
        self,
        api: LanguageAPI,
        table: SymbolTable,
        spelling: Spelling,
        diags: Diagnostics,
        renames: Mapping[str, str] | None = None,
    ) -> None:
        self.api, self.table, self.spelling, self.diags = api, table, spelling, diags
        self.decls = Declarations.of(api)
        self.naming = spelling.naming
        naming = self.naming
        # The words each kind of scope avoids, joined once: every scope of a kind shares them.
        self._avoided = {
            "type": naming.type_reserved | naming.reserved,
            "method": naming.method_reserved | naming.reserved,
            "field": naming.field_reserved | naming.reserved,
            "param": naming.param_reserved | naming.reserved,
        }
        self.renames = dict(renames or {})
        self.names: dict[Key, str] = {}
        self.scope_names: dict[Key, str] = {}
        self._docs_scopes: dict[str, str] = {}
        self._fields: dict[Key, list[tuple[Field, str]]] = {}
        self._constants: dict[Key, tuple[ConstantView, ...]] = {}
        self._declaring: tuple[int, dict[str, frozenset[str]]] = (-1, {})
        self._services: tuple[SdkView | None, dict[str, ServiceView]] = (None, {})
        # While the SDK is built, each field's, parameter's and request part's view by itself:
        # equal ones are made once (a third of a JS SDK's repeat one another).
        self._shared: dict[object, object] = {}

    def rename(self, name: str) -> str:
        return self.renames.get(name, name)

    def shared(self, view: _V) -> _V:
        """``view``, or the equal one made before it (views are frozen: one serves both)."""
        return cast(_V, self._shared.setdefault(view, view))

    def docs_scope_of(self, spelled: str) -> str:
        return self._docs_scopes.get(spelled, spelled)

    def scopes_declaring(self, name: str) -> frozenset[str]:
        """The scopes that declare a type spelled ``name`` (none before :meth:`name_declarations`).
        Made once for all names, not per question: a large SDK asks for each type it writes."""
        count, found = self._declaring
        if count != len(self.names):
            scopes: dict[str, set[str]] = {}
            for key, spelled in self.names.items():
                scopes.setdefault(spelled, set()).add(self.scope_names[key])
            found = {spelled: frozenset(names) for spelled, names in scopes.items()}
            self._declaring = (len(self.names), found)
        return found.get(name, frozenset())

    # --- declarations ----------------------------------------------------------------------
    def name_declarations(self) -> None:
        """Every declaration's scope and name: unique per scope, claimed in document order; a
        name two declarations of one scope would share is prefixed with the later one's area
        (``AuthkitChallenge``), then numbered, and a warning names both."""
        order = {"options": 0, "model": 1, "enum": 2, "inline": 3, "standin": 4}
        decls = sorted(
            {id(d): d for d in self.table.decls.values()}.values(),
            # In a scope that gathers several areas (a Go package), the declarations of the scope's
            # own area claim their names first.
            key=lambda d: (
                order[d.kind],
                d.scope,
                d.scope != d.area,
                (d.loc.file, d.loc.line) if d.loc else ("", 0),
                d.docs_name,
            ),
        )
        keys_of: dict[int, list[Key]] = {}  # a declaration -> the keys it is known by
        for key, known in self.table.decls.items():
            keys_of.setdefault(id(known), []).append(key)
        scopes: dict[str, UniqueNames] = {}
        for decl in decls:
            scope = self.naming.scope(decl.scope)
            self._docs_scopes.setdefault(scope, decl.scope)
            names = scopes.get(scope)
            if names is None:
                names = scopes[scope] = UniqueNames(
                    self.diags,
                    self.table.language,
                    f"type of {scope or 'the root'}",
                    separator=self.naming.separator,
                    fold=self.naming.fold,
                    reserved=self._avoided["type"],
                )
            wanted = self.naming.type(self.rename(decl.docs_name))
            if names.taken(wanted) and decl.area and decl.kind != "standin":
                wanted = self.naming.type(decl.area) + wanted
            for key in keys_of[id(decl)]:
                self.names[key] = names.claim(wanted, decl.docs_name, decl.loc)
                self.scope_names[key] = scope
                wanted = self.names[key]
        constants: dict[str, UniqueNames] = {}
        type_names: dict[str, list[str]] = {}  # scope -> the type names claimed in it
        for key, name in self.names.items():
            type_names.setdefault(self.scope_names[key], []).append(name)
        for decl in decls:
            if decl.kind != "enum":
                continue
            scope = self.scope_names[decl.key]
            group = scope if self.naming.constants_per_scope else f"{scope}#{decl.key}"
            per = constants.get(group)
            if per is None:
                per = constants[group] = UniqueNames(
                    self.diags,
                    self.table.language,
                    f"constant of {self.names[decl.key]}",
                    separator=self.naming.separator,
                    reserved=self.naming.reserved
                    | (set(type_names.get(scope, ())) if self.naming.constants_per_scope else set()),
                )
            self._constants[decl.key] = tuple(
                ConstantView(per.claim(self.naming.constant(self.names[decl.key], v), v, decl.loc), v)
                for v in decl.values
            )

    def field_names(self, decl: Decl) -> list[tuple[Field, str]]:
        """The fields of ``decl`` (its bases' first) with their identifiers, unique in it."""
        if decl.key not in self._fields:
            names = UniqueNames(
                self.diags,
                self.table.language,
                f"field of {self.names.get(decl.key, decl.docs_name)}",
                separator=self.naming.separator,
                reserved=self._avoided["field"],
            )
            if self.naming.fields_unlike_type and decl.key in self.names:
                names.reserve(self.names[decl.key])
            fields = [f for f in decl.fields if not f.is_method]
            inherited = [f for f in self.table.fields_of(decl) if f not in fields]
            claimed = [(f, names.claim(self.naming.field(self.rename(f.name)), f.name, f.loc)) for f in fields]
            for f in inherited:
                names.claim(self.naming.field(self.rename(f.name)), f.name)
            self._fields[decl.key] = claimed
        return self._fields[decl.key]

    def decl_view(self, decl: Decl) -> DeclView:
        scope = self.scope_names[decl.key]
        ctx = TypeContext(scope, self)
        documented = decl.wire_documented
        views = []
        wires: dict[tuple[str, str], FieldView] = {}
        for f, name in self.field_names(decl):
            optional = f.optional or isinstance(f.type, Nullable)
            view = self._field_view(f, name, ctx, documented=documented, optional=optional, owner=decl.docs_name)
            place = view.place if view.place in ("path", "query", "header") else "json"
            first = wires.setdefault((place, view.wire), view) if view.wire else view
            if first is not view:
                # One key cannot carry two fields: the first keeps it, this one stays off the wire.
                self.diags.warning(
                    f.loc,
                    f"'{f.name}' of '{decl.docs_name}' has the wire name '{view.wire}', which "
                    f"'{first.docs_name}' already has; it is left out of the JSON, or keyed by its documented name",
                    "give each field its own description key, or its own wire name in the HTTP reference",
                    code="wire-name-clash",
                )
                view = replace(view, wire="", not_on_wire=True, wire_guessed=False, wire_taken_by=first.name)
            views.append(view)
        base = ""
        if decl.base:
            base_decl = self.table.resolve(Named(name=decl.base, area=decl.area), decl.scope)
            if base_decl is not None and base_decl is not decl:
                base_scope, base_name = ctx.ref(base_decl)
                base = base_name if base_scope == scope else self.spelling.type_text(Named(name=decl.base), ctx)
        page = decl.page_of
        return DeclView(
            kind=decl.kind,
            name=self.names[decl.key],
            docs_name=decl.docs_name,
            scope=scope,
            docs_scope=decl.scope,
            area=decl.area,
            doc=decl.description or "",
            url=decl.url or "",
            base=base,
            fields=tuple(views),
            constants=self._constants.get(decl.key, ()),
            numeric=bool(decl.values) and all(_is_integer(v) for v in decl.values),
            wire_documented=documented,
            page_item=self.spelling.type_text(page, ctx) if page is not None else "",
            arity=decl.arity,
            imports=ctx.imports(),
        )

    def _field_view(
        self, f: Field, name: str, ctx: TypeContext, *, documented: bool, optional: bool, owner: str
    ) -> FieldView:
        kind, _, _ = value_kind(f.type, self.decls)
        declared = self._declared(f, ctx)
        nodes = walk(f.type) if f.type is not None else []
        judge = getattr(self.spelling, "reinterpretation", None)
        return self.shared(
            FieldView(
                name=name,
                docs_name=f.name,
                type=self.field_type(f, ctx, optional=optional, owner=owner),
                optional=optional,
                nullable=isinstance(f.type, Nullable),
                wire=f.wire_name or "",
                not_on_wire=f.wire_name is None and documented,
                wire_guessed=f.wire_name is None and not documented,
                place=f.place or "",
                doc=f.description or "",
                kind=kind,
                declared=declared,
                docs_type=f.type_text or "",
                values=next((n.values for n in nodes if isinstance(n, LiteralOf)), ()),
                reinterpreted=bool(f.type_text) and judge is not None and any(judge(n) for n in nodes),
            )
        )

    def _declared(self, f: Field, ctx: TypeContext) -> bool:
        core = core_type(unwrap_async(f.type))
        return (isinstance(core, Named) and ctx.resolve(core) is not None) or bool(
            self.table.inline_of(f, ctx.docs_scope, "")
        )

    def field_type(self, f: Field, ctx: TypeContext, *, optional: bool, owner: str = "", reply: bool = False) -> str:
        """A field's type: its inline declaration's where the language declares one."""
        inline = self.table.inline_of(f, ctx.docs_scope, owner, reply=reply) if f.fields else None
        if inline is not None and not isinstance(core_type(f.type), Named):
            named = Named(name=inline.docs_name, area=None, qualifier=None)
            expr: TypeExpr | None = _replace_core(f.type, named)
            ctx.ref(inline)
            return self.spelling.type_text(expr, _Inline(ctx, inline), optional=optional)
        return self.spelling.type_text(f.type, ctx, optional=optional)

    # --- services --------------------------------------------------------------------------
    def services(self) -> tuple[ServiceView, ...]:
        groups: dict[str, list[Operation]] = {}
        for op in self.api.operations:
            groups.setdefault(op.service or FUNCTIONS, []).append(op)
        language, separator = self.table.language, self.naming.separator
        taken = UniqueNames(self.diags, language, "service", separator=separator)
        claimed = {docs: taken.claim(self.naming.service(self.rename(docs)), docs) for docs in sorted(groups)}
        # A service's file and its attribute on the client are unique too (told apart as the names
        # are; files case-insensitively): the name's warning covers them.
        files = UniqueNames(None, language, "service file", separator=separator, fold=str.lower)
        attributes = UniqueNames(None, language, "service attribute", separator=separator)
        places = {
            docs: (
                files.claim((self.naming.module or self.naming.service)(self.rename(docs)), docs),
                attributes.claim((self.naming.attribute or self.naming.method)(self.rename(docs)), docs),
            )
            for docs in sorted(groups)
        }
        ordered = sorted(groups, key=lambda d: claimed[d])
        # Services in one scope (services merged like their types) have one set of method names.
        methods: dict[str, UniqueNames] = {}
        return tuple(self._service(docs, claimed[docs], groups[docs], methods, places[docs]) for docs in ordered)

    def _service(
        self, docs: str, name: str, ops: list[Operation], methods: dict[str, UniqueNames], place: tuple[str, str]
    ) -> ServiceView:
        module, attribute = place  # its file and its attribute on the client
        shared = self.table.rule.services_share_scope and bool(ops)
        # Else a file of its own: every type it names is imported.
        scope = self.naming.scope(self.table.scope_of_service(ops[0])) if shared else f"<service {name}>"
        ctx = TypeContext(scope, self)
        names = methods.setdefault(
            scope,
            UniqueNames(
                self.diags,
                self.table.language,
                f"method of {scope if shared else name}",
                separator=self.naming.separator,
                fold=self.naming.fold,
                number=self.naming.number,
                reserved=self._avoided["method"],
            ),
        )
        claimed = [(op, names.claim(self.naming.method(self.rename(op.name)), op.name, op.loc)) for op in ops]
        views = []
        for op, method in sorted(claimed, key=lambda c: c[1]):
            pages = ""
            view = self._method(op, method, ctx)
            if view.request is not None and view.request.reply == "page":
                pages = names.claim(self.naming.method(self.rename(op.name) + "_auto_paging"), op.name + " pages")
            views.append(view if not pages else _with_pages(view, pages))
        return ServiceView(name, docs, module, attribute, tuple(views), ctx.imports(), scope if shared else "")

    def _method(self, op: Operation, name: str, ctx: TypeContext) -> MethodView:
        ctx = ctx.for_operation(op)
        names = UniqueNames(
            self.diags,
            self.table.language,
            f"parameter of {name}",
            separator=self.naming.separator,
            reserved=self._avoided["param"],
        )
        params = tuple(self._param(f, names, ctx, op.name) for f in op.params if not f.is_method)
        returned = [r for r in op.returns if not r.is_method and not _is_error(r.type)]
        result = returned[0] if returned else None
        is_void = result is None or (isinstance(result.type, Prim) and result.type.name == "void")
        planned = request(op, self.api, self.decls)
        request_view_ = None
        if planned is not None:
            typed = self.table.rule.inline_values
            speller = Speller(
                access=lambda steps: self.spelling.access(self._steps(steps, params, ctx, op)),
                type=lambda expr: self.spelling.type_text(expr, ctx),
                constant=self.spelling.constant_text,
                setting=self.spelling.setting_text,
                value_type=(lambda steps: self._steps(steps, params, ctx, op)[-1].type) if typed else None,
            )
            request_view_ = request_view(planned, speller, op.http.path if op.http else "", self.shared)
        return MethodView(
            name=name,
            docs_name=op.name,
            key=op.key,
            id=op.id or "",
            title=op.title or "",
            doc=op.description or "",
            url=op.url or "",
            sends_email=op.sends_email,
            params=params,
            result="" if is_void or result is None else self._result(result, ctx, op),
            result_doc=(result.description or "") if result is not None else "",
            request=request_view_,
            pages_name="",
        )

    def _result(self, result: Field, ctx: TypeContext, op: Operation) -> str:
        if result.fields:
            unwrapped = replace(result, type=unwrap_async(result.type))
            return self.field_type(unwrapped, ctx, optional=False, owner=op.name, reply=True)
        return self.spelling.type_text(unwrap_async(result.type), ctx)

    def _param(self, f: Field, names: UniqueNames, ctx: TypeContext, owner: str) -> ParamView:
        role = self._role(f)
        fields: tuple[ParamView, ...] = ()
        if role == "unwrapped":
            fields = tuple(self._param(child, names, ctx, owner) for child in f.fields if not child.is_method)
        optional = f.optional or isinstance(f.type, Nullable)
        # an unwrapped object's own type is not written (unless the language does): its references
        # are not imported
        written = role != "unwrapped" or self.table.rule.writes_unwrapped_types
        typing = ctx if written else TypeContext(ctx.here, self, {}, ctx.docs)
        return self.shared(
            ParamView(
                name=names.claim(self.naming.param(self.rename(f.name)), f.name, f.loc) if role != "unwrapped" else "",
                docs_name=f.name,
                type=self.field_type(f, typing, optional=optional, owner=owner),
                optional=optional,
                doc=f.description or "",
                role=role,
                wire=f.wire_name or "",
                place=f.place or "",
                fields=fields,
            )
        )

    def _role(self, f: Field) -> str:
        prefix = (f.doc_key or "").split(".", 1)[0]
        core = core_type(f.type)
        if prefix == self.table.language or (prefix and prefix in _language_prefixes() and not f.wire_name):
            name = core.name if isinstance(core, Named) else ""
            return {"Context": "context", "CancellationToken": "cancellation"}.get(name, "machinery")
        if f.unwrap and f.fields and self.table.rule.unwraps:
            return "unwrapped"
        if f.place is None and (f.fields or (isinstance(core, Named) and self.table.resolve(core) is not None)):
            return "options"
        return "data"

    def _steps(
        self, steps: tuple[Step, ...], params: tuple[ParamView, ...], ctx: TypeContext, op: Operation | None = None
    ) -> tuple[StepText, ...]:
        """The identifiers along ``steps``: the parameter's, then each field's in the type that
        holds it (a declaration's unique field names; an inline object's by the naming rule).
        With rule ``inline_values``, an inline object holds its fields too, and a step's type is
        its field's (an inline object's declaration)."""
        out: list[StepText] = []
        flat = {p.docs_name: p for p in params} | {c.docs_name: c for p in params for c in p.fields}
        typed = self.table.rule.inline_values and op is not None
        holder: Decl | None = None
        here: Field | None = None  # the field of the current step (rule ``inline_values``)
        owner = op.name if op is not None else ""
        for index, step in enumerate(steps):
            if index == 0 or (out and out[-1].unwrapped):
                param = flat.get(step.name)
                name = param.name if param is not None else self.naming.param(self.rename(step.name))
                typ = param.type if param is not None else self.spelling.type_text(step.type, ctx)
                is_param = index == 0
                within = here.fields if index and here is not None else op.params if op is not None else ()
                here = next((f for f in within if f.name == step.name), None)
                owner = holder.docs_name if index and holder is not None else owner
                if typed and index and holder is not None and here is not None:  # a field of the unwrapped
                    within_ctx = TypeContext(ctx.here, self, ctx.refs, holder.scope)
                    typ = self.field_type(here, within_ctx, optional=step.optional, owner=owner)
            else:
                fields = {f.name: n for f, n in self.field_names(holder)} if holder is not None else {}
                name = fields.get(step.name) or self.naming.field(self.rename(step.name))
                typ = self.spelling.type_text(step.type, ctx, optional=step.optional)
                is_param = False
                here = next((f for f, _ in self.field_names(holder) if f.name == step.name), None) if holder else None
                if typed and holder is not None and here is not None:
                    owner, within_ctx = holder.docs_name, TypeContext(ctx.here, self, ctx.refs, holder.scope)
                    typ = self.field_type(here, within_ctx, optional=step.optional, owner=owner)
            core = core_type(step.type)
            resolved = self.table.resolve(core) if isinstance(core, Named) else None
            if typed and resolved is None and here is not None and here.fields:
                scope = holder.scope if holder is not None and index else ctx.docs_scope
                resolved = self.table.inline_of(here, scope, owner)
            holder = resolved if resolved is not None and resolved.kind != "enum" else None
            out.append(
                StepText(
                    name=name,
                    docs_name=step.name,
                    optional=step.optional,
                    type=typ,
                    param=is_param,
                    unwrapped=step.unwrapped and self.table.rule.unwraps,
                    mapping=holder is None and not isinstance(core, (Prim, LiteralOf)) and index < len(steps) - 1,
                )
            )
        return tuple(out)

    # --- sample calls ----------------------------------------------------------------------
    def _service_of(self, sdk: SdkView, docs_name: str) -> ServiceView | None:
        """The first service of ``sdk`` the docs call ``docs_name`` (an index made once per plan)."""
        planned, index = self._services
        if planned is not sdk:
            index = {}
            for service in sdk.services:
                index.setdefault(service.docs_name, service)
            self._services = (sdk, index)
        return index.get(docs_name)

    def call_view(self, sdk: SdkView, sample: SampleCall) -> CallView | None:
        """``sample`` (codegen.samples) as a call of its method with literals of the language."""
        op = sample.operation
        service = self._service_of(sdk, op.service or FUNCTIONS)
        if service is None:
            return None
        method = next((m for m in service.methods if m.docs_name == op.name and m.key == op.key), None)
        if method is None:
            return None
        ctx = TypeContext(SNIPPET, self).for_operation(op)  # outside the SDK: every type it names is imported
        home = (ctx.docs_scope, op.name)  # where its inline objects are declared
        fields = {f.name: f for f in op.params}
        args = []
        for param in method.params:
            docs = fields.get(param.docs_name)
            if docs is None or param.role in ("context", "cancellation", "machinery"):
                continue
            if param.role == "unwrapped":
                # With rule ``inline_values``, its fields' inline objects are declared under its own.
                inner = self.table.inline_of(docs, *home) if self.table.rule.inline_values else None
                within = (inner.scope, inner.docs_name) if inner is not None else home
                for child, child_view in zip([c for c in docs.fields if not c.is_method], param.fields, strict=False):
                    value = self._arg_literal(child, (docs.name, child.name), sample, ctx, within)
                    if value is not None:
                        args.append(ArgView(child_view, value))
                continue
            value = self._arg_literal(docs, (docs.name,), sample, ctx, home)
            if value is not None:
                args.append(ArgView(param, value))
        return CallView(service, method, tuple(args), ctx.imports())

    def _arg_literal(
        self, f: Field, path: tuple[str, ...], sample: SampleCall, ctx: TypeContext, home: tuple[str, str] = ("", "")
    ) -> LiteralView | None:
        """The literal of a parameter (or field) from the sample's values at and below ``path``;
        ``home``: the docs scope and owner its inline object is declared under (an operation's, or
        the enclosing inline object's)."""
        given = [a for a in sample.args if a.path == path]
        typed = self.table.rule.inline_values
        plain = not typed and not self.table.rule.inline_literals  # else typed by its inline object below
        # A whole object for a field the SDK declares a class for (an untyped options parameter's
        # option class, PHP's ``array $event``; an inline object): written field by field, as that class.
        if (
            given
            and plain
            and isinstance(given[0].value, dict)
            and f.fields
            and self.table.inline_of(f, home[0] or ctx.docs_scope, home[1]) is not None
        ):
            sample = replace(sample, args=(*sample.args, *_spread(f, given[0])))
            given = []
        if given:
            if self.table.rule.inline_literals:  # typed by its inline object, in its context
                expr, inner = self._inline_expr(f, (home[0] or ctx.docs_scope, home[1]), ctx)
                return self.literal(expr, given[0].value, inner, optional=f.optional)
            expr = self._inline_type(f, home[0] or ctx.docs_scope, home[1]) if typed else f.type
            return self.literal(expr, given[0].value, ctx)
        below = [a for a in sample.args if a.path[: len(path)] == path and len(a.path) > len(path)]
        if not below:
            return None
        core = core_type(f.type)
        decl = (
            self.table.resolve(core)
            if isinstance(core, Named)
            else self.table.inline_of(f, home[0] or ctx.docs_scope, home[1])
        )
        children = [c for c in (f.fields or (self.table.fields_of(decl) if decl else [])) if not c.is_method]
        names = {c.name: n for c, n in self.field_names(decl)} if decl is not None and decl.kind != "standin" else {}
        entries = []
        for child in children:
            under = (decl.scope, decl.docs_name) if decl is not None else home
            value = self._arg_literal(child, (*path, child.name), sample, ctx, under)
            if value is not None:
                entries.append((names.get(child.name) or child.wire_name or child.name, value))
        if decl is None or decl.kind == "standin":
            slot = self.spelling.type_text(f.type, ctx, optional=f.optional)
            return LiteralView("map", "", "", "", tuple(entries), (), decl.kind if decl is not None else "", slot)
        ctx.ref(decl)
        own = core if isinstance(core, Named) else Named(name=decl.docs_name)
        inline = _Inline(ctx, decl)
        slot = self.spelling.type_text(
            f.type if own is core else _replace_core(f.type, own), inline, optional=f.optional
        )
        typ = self.spelling.type_text(own, inline)
        return LiteralView("object", "", typ, "", tuple(entries), (), decl.kind, slot)

    def literal(self, expr: TypeExpr | None, value: object, ctx: TypeContext, *, optional: bool = False) -> LiteralView:
        """A JSON value (codegen.samples) as a literal of ``expr``; ``optional``: it fills a
        field or parameter that may be absent (its ``slot`` is written so)."""
        view = self._literal(expr, value, ctx)
        if value is None:
            return view
        return replace(view, slot=self.spelling.type_text(expr, ctx, optional=optional))

    def _inline_expr(self, f: Field, holder: tuple[str, str], ctx: TypeContext) -> tuple[TypeExpr | None, TypeContext]:
        """``f``'s type with the inline object it describes named by its declaration (where the
        language declares inline objects), and the context in which that name resolves."""
        inline = self.table.inline_of(f, *holder) if f.fields and not isinstance(core_type(f.type), Named) else None
        if inline is None:
            return f.type, ctx
        return _replace_core(f.type, Named(name=inline.docs_name)), _Inline(ctx, inline)

    def _literal(self, expr: TypeExpr | None, value: object, ctx: TypeContext) -> LiteralView:
        if value is None:
            return LiteralView("null", "", "", "", (), ())
        while isinstance(expr, Nullable):
            expr = expr.inner
        if isinstance(expr, UnionOf):  # the first option the value fits
            fits = [o for o in expr.options if isinstance(value, dict) == isinstance(core_type(o), Named)]
            options = fits or list(expr.options)
            expr = options[0] if options else None
        typ = self.spelling.type_text(expr, ctx) if expr is not None else ""
        if isinstance(value, bool):
            return LiteralView("bool", "true" if value else "false", typ, "", (), ())
        if isinstance(value, (int, float)):
            kind = (
                "int" if isinstance(value, int) and not (isinstance(expr, Prim) and expr.name == "number") else "number"
            )
            return LiteralView(kind, str(value), typ, "", (), ())
        if isinstance(value, list):
            item = expr.item if isinstance(expr, ListOf) else None
            return LiteralView("list", "", typ, "", (), tuple(self.literal(item, v, ctx) for v in value))
        decl = ctx.resolve(expr) if isinstance(expr, Named) else None
        if isinstance(value, str):
            if decl is not None and decl.kind == "enum":
                ctx.ref(decl)
                constants = {c.value: c.name for c in self._constants.get(decl.key, ())}
                return LiteralView("enum", value, typ, constants.get(value, ""), (), (), "enum")
            kind = "datetime" if isinstance(expr, Prim) and expr.name == "datetime" else "string"
            return LiteralView(kind, value, typ, "", (), (), decl.kind if decl is not None else "")
        assert isinstance(value, dict)
        if isinstance(expr, MapOf):
            entries = tuple((str(k), self.literal(expr.value, v, ctx)) for k, v in value.items())
            return LiteralView("map", "", typ, "", entries, ())
        if decl is None or decl.kind in ("standin", "enum"):
            entries = tuple((str(k), self.literal(None, v, ctx)) for k, v in value.items())
            return LiteralView("map", "", typ, "", entries, (), decl.kind if decl is not None else "")
        ctx.ref(decl)
        by_wire = {f.wire_name: (f, n) for f, n in self.field_names(decl) if f.wire_name}
        typed = self.table.rule.inline_values
        if self.table.rule.inline_literals:
            fields: list[tuple[str, LiteralView]] = []
            for key, item in value.items():
                if key in by_wire:
                    f, name = by_wire[key]
                    field_expr, inner = self._inline_expr(f, (decl.scope, decl.docs_name), ctx)
                    fields.append((name, self.literal(field_expr, item, inner, optional=f.optional)))
            return LiteralView("object", "", typ, "", tuple(fields), (), decl.kind)
        entries = tuple(
            (name, self.literal(self._inline_type(f, decl.scope, decl.docs_name) if typed else f.type, v, ctx))
            for k, v in value.items()
            if k in by_wire
            for f, name in [by_wire[k]]
        )
        return LiteralView("object", "", typ, "", entries, (), decl.kind)

    def _inline_type(self, f: Field, scope: str, owner: str) -> TypeExpr | None:
        """``f``'s type with its inline object named by its declaration (``owner``'s, in ``scope``)."""
        decl = self.table.inline_of(f, scope, owner) if f.fields else None
        if decl is None or isinstance(core_type(f.type), Named):
            return f.type
        return _replace_core(f.type, Named(name=decl.docs_name))

    # --- the whole SDK ---------------------------------------------------------------------
    def build(self) -> SdkView:
        self.name_declarations()
        by_scope: dict[str, list[DeclView]] = {}
        unique = {id(d): d for d in self.table.decls.values()}.values()
        for decl in sorted(unique, key=lambda d: (self.scope_names[d.key], self.names[d.key])):
            by_scope.setdefault(self.scope_names[decl.key], []).append(self.decl_view(decl))
        scopes = []
        for scope, views in sorted(by_scope.items()):
            imports: dict[tuple[str, str], set[str]] = {}
            for view in views:
                for imp in view.imports:
                    imports.setdefault((imp.scope, imp.docs_scope), set()).update(imp.names)
            scopes.append(
                ScopeView(
                    scope,
                    self.docs_scope_of(scope),
                    tuple(views),
                    tuple(ImportView(s, d, tuple(sorted(n))) for (s, d), n in sorted(imports.items())),
                )
            )
        standins = tuple(v for s in scopes for v in s.decls if v.kind == "standin")
        built = SdkView(self.table.language, tuple(scopes), self.services(), standins)
        self._shared.clear()  # the views are held by the SDK now
        return built


def plan_sdk(
    api: LanguageAPI,
    table: SymbolTable,
    spelling: Spelling,
    diags: Diagnostics,
    renames: Mapping[str, str] | None = None,
) -> SdkView:
    """The SDK of ``api`` as views for the language's templates."""
    return SdkBuilder(api, table, spelling, diags, renames).build()


# --- helpers --------------------------------------------------------------------------------


@cache
def _language_prefixes() -> frozenset[str]:
    """Every language's name and aliases: a description key under one (``go.ctx``) is the
    language's own machinery, not data."""
    from ..languages import POLICIES  # the registry imports this module: read it once it is whole

    return frozenset(name for language, policy in POLICIES.items() for name in (language, *policy.aliases))


def _is_error(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Named) and expr.name == "error" and not expr.qualifier


def _is_integer(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _with_pages(view: MethodView, pages: str) -> MethodView:
    return replace(view, pages_name=pages)


def _replace_core(expr: TypeExpr | None, named: Named) -> TypeExpr:
    """``expr`` with its core (under lists and nullables) replaced by ``named``."""
    if isinstance(expr, Nullable):
        return replace(expr, inner=_replace_core(expr.inner, named))
    if isinstance(expr, ListOf):
        return replace(expr, item=_replace_core(expr.item, named))
    return named


class _Inline(TypeContext):
    """A context in which the one inline object's name resolves to its declaration."""

    def __init__(self, outer: TypeContext, inline: Decl) -> None:
        super().__init__(outer.here, outer.sdk, outer.refs, outer.docs)
        self.inline = inline

    def resolve(self, expr: Named) -> Decl | None:
        if expr.name == self.inline.docs_name and expr.area is None and expr.qualifier is None:
            return self.inline
        return super().resolve(expr)


def _spread(f: Field, whole: Arg) -> Iterator[Arg]:
    """The sample arguments of each field of ``f`` that ``whole`` (one object for all of ``f``,
    keyed by documented or wire name) gives, sent where ``whole`` is."""
    assert isinstance(whole.value, dict)
    for child in f.fields:
        for key in (child.name, child.wire_name):
            if key is not None and key in whole.value:
                value = whole.value[key]
                yield Arg((*whole.path, child.name), child, value, whole.place, child.wire_name or key)
                break
