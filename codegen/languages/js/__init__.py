"""TypeScript (docs language ``js``): the SDK rendered from the plan's views.

Layout under ``<out>/<path>/`` (``src`` by default)::

    <service>.ts              export class Mfa { async challengeFactor(options, requestOptions?) }
    functions.ts              the operations called on no service (framework helpers: stubs)
    interfaces/<scope>.ts     the declarations of one scope (an area): interfaces, their shapes,
                              string-union enums; interfaces/externals.ts: stand-ins (``unknown``)
                              for the types the docs use but never define
    runtime.ts, client.ts     the runtime (docs/RUNTIME.md) and the client holding every service
    index.ts                  re-exports: services, client, runtime, one namespace per scope

Properties keep the documented names; the runtime encodes and decodes each declared object
with its ``Shape`` (each property's wire name), so a reply is camelCase as the docs write it.
What this module decides is only TypeScript's own: names, type spellings, how a sent value is
read through the method's parameters, the file layout; the rest is the plan's, shaped by
``templates/js``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Literal
from weakref import WeakKeyDictionary

from ...diagnostics import Diagnostics
from ...ir import LanguageAPI
from ...naming import camel, pascal
from ...plan.sdk import FUNCTIONS, Naming, SdkBuilder, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule
from ...plan.views import CallView, ImportView, ParamView, SdkView
from ...samples import Declarations, sample_call
from ...text import GENERATED_NOTICE, block_comment_safe, one_line, ts_string
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..language import File, Language
from .shapes import shape_of
from .tables import (
    BASE_URL,
    BUILTIN_GENERICS,
    BUILTINS,
    CLIENT_CLASS,
    CLIENT_VARIABLE,
    DEFAULT_PACKAGE,
    ERROR_CLASSES,
    LIST_SPELLINGS,
    MAP_SPELLINGS,
    NULLABLE_SPELLINGS,
    PRIM_SPELLINGS,
    PRIMITIVES,
    REQUEST_OPTIONS,
    RESERVED,
    RUNTIME_TYPES,
    RUNTIME_VALUES,
    TYPE_RESERVED,
    TYPESCRIPT,
    JsSettings,
    binding_name,
    method_name,
    module_specifier,
    property_name,
    service_file,
    template_literal_text,
    type_name,
)

__all__ = [
    "CLIENT_CLASS",
    "CLIENT_VARIABLE",
    "DEFAULT_PACKAGE",
    "RESERVED",
    "TYPE_RESERVED",
    "JsLanguage",
    "JsSettings",
    "binding_name",
    "property_name",
    "type_name",
]

# Precedence of a written type: an atom, a union (parenthesised in arrays), a function type
# (parenthesised in unions and arrays).
_ATOM, _UNION, _FUNCTION = 0, 1, 2
# Declarations that are objects: an interface and, with HTTP bodies, a shape constant beside it.
OBJECTS = frozenset({"model", "options", "inline"})
# The query parameters of a list that auto-pagination sets (left out of the README's calls).
_PAGING = frozenset({"after", "before", "limit", "order"})
# Names declared in more than one scope, per plan being spelled (an import of one is aliased).
_AMBIGUOUS: WeakKeyDictionary[SdkBuilder, frozenset[str]] = WeakKeyDictionary()
FILTERS = {"prop": property_name, "ts_template": template_literal_text, "jsdoc_line": block_comment_safe}


class JsLanguage(Language):
    name = "js"
    fence = "ts"
    settings_model = JsSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTINS
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "inline"
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        declares_inline_objects=True,
        builtins=BUILTINS,
        params_are_option_classes=True,
        methods_use_inline_objects=True,
    )
    snippet_template = "snippet.ts.j2"
    settings: JsSettings

    def __init__(self, settings: Any, env: Any, diags: Diagnostics) -> None:
        super().__init__(settings, env, diags)
        env.filters.update(FILTERS)

    @property
    def http(self) -> bool:
        """Whether methods make their request (else their bodies only throw "not implemented")."""
        return self.settings.bodies == "http"

    @property
    def naming(self) -> Naming:
        return Naming(
            type=type_name,
            field=property_name,
            method=method_name,
            param=binding_name,
            constant=lambda enum, value: ts_string(value),
            scope=lambda scope: camel(scope) or "common",
            service=lambda service: type_name(pascal(service) or "Service"),
            module=service_file,
            attribute=lambda service: property_name(binding_name(service)),
            method_reserved=frozenset({"client"}),  # the service's own property
            param_reserved=frozenset({REQUEST_OPTIONS}),
        )

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim) and spelling not in PRIM_SPELLINGS:
            return f"'{spelling}' is not a TypeScript type (written {PRIMITIVES[expr.name]})"
        if isinstance(expr, ListOf) and spelling not in LIST_SPELLINGS:
            return f"list spelled '{spelling}' (written T[])"
        if isinstance(expr, MapOf) and spelling not in MAP_SPELLINGS:
            return f"map spelled '{spelling}' (written Record<K, V>)"
        if isinstance(expr, Nullable) and spelling not in NULLABLE_SPELLINGS:
            return f"nullable spelled '{spelling}' (written T | null)"
        if isinstance(expr, Named) and spelling.endswith("["):
            return f"generic spelled '{spelling}' (TypeScript uses <>)"
        if isinstance(expr, Named) and ("\\" in spelling or "::" in spelling):
            return f"qualified name '{spelling}' (the qualifier is dropped)"
        return None

    # --- the hooks -------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        """A type as TypeScript writes it (an optional field or parameter says so with ``?``)."""
        return self._type(expr, ctx)[0]

    def _type(self, expr: TypeExpr | None, ctx: TypeContext) -> tuple[str, int]:
        if expr is None:
            return "unknown", _ATOM
        if isinstance(expr, Prim):
            return PRIMITIVES[expr.name], _FUNCTION if expr.name == "function" else _ATOM
        if isinstance(expr, LiteralOf):
            return " | ".join(ts_string(v) for v in expr.values), _UNION if len(expr.values) > 1 else _ATOM
        if isinstance(expr, ListOf):
            item, precedence = self._type(expr.item, ctx)
            return (f"({item})[]" if precedence else f"{item}[]"), _ATOM
        if isinstance(expr, MapOf):
            key = self._type(expr.key, ctx)[0]
            key = key if key in ("string", "number") or isinstance(expr.key, LiteralOf) else "string"
            return f"Record<{key}, {self._type(expr.value, ctx)[0]}>", _ATOM
        if isinstance(expr, Nullable):
            inner, precedence = self._type(expr.inner, ctx)
            if inner == "null":
                return inner, _ATOM
            return (f"({inner})" if precedence == _FUNCTION else inner) + " | null", _UNION
        if isinstance(expr, UnionOf):
            parts = [self._type(option, ctx) for option in expr.options]
            return " | ".join(f"({t})" if p == _FUNCTION else t for t, p in parts), _UNION
        decl = ctx.resolve(expr)
        if decl is None:  # TypeScript's own (Date, Promise<T>)
            arity = BUILTIN_GENERICS.get(expr.name, 0)
            args = [self._type(a, ctx)[0] for a in expr.args[:arity]] + ["unknown"] * (arity - len(expr.args))
            name = expr.name if expr.name in BUILTINS else "unknown"
            return (f"{name}<{', '.join(args)}>" if args else name), _ATOM
        scope, name = ctx.ref(decl)
        if scope != ctx.here and (name in _ambiguous(ctx.sdk) or ctx.here == f"<service {name}>"):
            name = alias(scope, name)
        if decl.arity:
            args = [self._type(a, ctx)[0] for a in expr.args[: decl.arity]]
            return f"{name}<{', '.join(args + ['unknown'] * (decl.arity - len(args)))}>", _ATOM
        return name, _ATOM

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """An unwrapped object is one parameter named as the docs name it (its properties keep
        their documented names); optional steps read with ``?.``: no guards."""
        first = steps[0]
        expr = binding_name(first.docs_name) if first.unwrapped else first.name
        for before, step in zip(steps, steps[1:], strict=False):
            key = property_name(self.rename(step.docs_name)) if before.unwrapped else step.name
            dot = "?." if before.optional else "."
            expr += f"{dot if dot == '?.' else ''}[{key}]" if key.startswith('"') else f"{dot}{key}"
        return expr, ()

    def constant_text(self, text: str) -> str:
        return ts_string(text)

    def setting_text(self, setting: str) -> str:
        return f"this.client.setting({ts_string(setting)})"

    # --- files -----------------------------------------------------------------------------
    def render(self, api: LanguageAPI) -> dict[str, str]:
        builder = self.builder(api)
        sdk = builder.build()
        readme = self._readme_calls(api, builder, sdk) if self.http else {}
        return {path: self.template(name, **context) for path, name, context in self.files(sdk, readme)}

    def files(self, sdk: SdkView, readme: Mapping[str, str | None] | None = None) -> Iterable[File]:
        root = self.settings.path.strip("/")
        src = f"{root}/" if root else ""
        common = {
            "header": [f"// {GENERATED_NOTICE}", "// @generated"],
            "http": self.http,
            "mentioned": mentioned,
            "url": self._url,
        }
        shaped = {s.name: {d.name for d in s.decls if d.kind in OBJECTS} for s in sdk.scopes}
        counts = Counter(d.name for s in sdk.scopes for d in s.decls)
        ambiguous = frozenset(name for name, n in counts.items() if n > 1)
        externals = self.settings.externals_module
        for scope in sdk.scopes:
            if scope.docs_name == EXTERNALS and externals:
                continue  # the settings' module provides them
            imports, shapes = self._imports(scope.imports, "../", shaped, ambiguous, "")
            shapes |= {name: f"{name}Shape" for name in shaped.get(scope.name, ())}
            yield (
                f"{src}interfaces/{scope.name}.ts",
                "interfaces.ts.j2",
                {**common, "scope": scope, "imports": imports, **_shape_functions(shapes)},
            )
        services = [s for s in sdk.services if s.docs_name != FUNCTIONS]
        for service in sdk.services:
            imports, shapes = self._imports(service.imports, "./", shaped, ambiguous, service.name)
            context = {**common, "service": service, "imports": imports, **_shape_functions(shapes)}
            context |= {"binding": binding_name, "key": self._key, "omittable": omittable}
            if service.docs_name == FUNCTIONS:
                yield f"{src}functions.ts", "functions.ts.j2", context
            else:
                yield f"{src}{service.module}.ts", "service.ts.j2", context
        client = CLIENT_CLASS if CLIENT_CLASS not in {s.name for s in services} else CLIENT_CLASS + "Client"
        package = self.settings.package_name or DEFAULT_PACKAGE
        if self.http:
            runtime = {"package": f"{package}/{self.settings.version}", "base_url": BASE_URL}
            yield f"{src}runtime.ts", "runtime.ts.j2", {**common, **runtime}
            yield f"{src}client.ts", "client.ts.j2", {**common, "client": client, "services": services}
        index = {
            "services": services,
            "functions": len(services) < len(sdk.services),
            "scopes": [s for s in sdk.scopes if not (s.docs_name == EXTERNALS and externals)],
            "client": client,
            "runtime_values": RUNTIME_VALUES,
            "runtime_types": RUNTIME_TYPES,
        }
        yield f"{src}index.ts", "index.ts.j2", {**common, **index}
        settings = self.settings
        manifest = {"package": package, "settings": settings, "source": root or ".", "typescript": TYPESCRIPT}
        yield "package.json", "package.json.j2", {**common, **manifest, "json": _json}
        yield "tsconfig.json", "tsconfig.json.j2", {**common, **manifest, "json": _json}
        yield "tsconfig.cjs.json", "tsconfig.cjs.json.j2", common
        if self.http:
            calls = {"get": None, "listed": None, **(readme or {})}
            fence = "`" * max(3, 1 + max((len(r) for c in calls.values() if c for r in re.findall(r"`+", c)), default=0))
            about = {"name": package, "client": client, "variable": CLIENT_VARIABLE, "base_url": BASE_URL}
            about |= {"description": one_line(settings.description), "license": one_line(settings.license)}
            yield "README.md", "README.md.j2", {**about, **calls, "fence": fence, "errors": ERROR_CLASSES}

    def _imports(
        self,
        imports: tuple[ImportView, ...],
        here: str,
        shaped: Mapping[str, set[str]],
        ambiguous: frozenset[str],
        local: str,
    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """Each module a file imports from (``here``: the file's folder as a relative path) with
        the types (aliased as :meth:`type_text` spells them) and the candidate shape constants;
        and the shape constant of each object type the file names."""
        groups, shapes = [], {}
        interfaces = "./" if here == "../" else "./interfaces/"
        for imp in imports:
            external = imp.docs_scope == EXTERNALS and self.settings.externals_module
            if external:
                module = str(external)  # a package name, or a path from the source folder
                if here == "../" and module.startswith(("./", "../")):
                    module = "../" + module.removeprefix("./")
            else:
                module = interfaces + imp.scope
            types, values = [], []
            for name in imp.names:
                spelled = alias(imp.scope, name) if name in ambiguous or name == local else name
                types.append(name if spelled == name else f"{name} as {spelled}")
                if name in shaped.get(imp.scope, ()):
                    shapes[spelled] = f"{spelled}Shape"
                    values.append(f"{name}Shape" if spelled == name else f"{name}Shape as {spelled}Shape")
            groups.append({"module": module_specifier(module), "types": types, "values": values})
        return groups, shapes

    def _key(self, param: ParamView) -> str:
        """The property key of a field of an unwrapped object (its documented name)."""
        return property_name(self.rename(param.docs_name))

    def _url(self, url: str) -> str:
        base = self.settings.docs_base_url
        return base.rstrip("/") + url if url.startswith("/") and base else url

    # --- usage snippets --------------------------------------------------------------------
    def _snippet(self, view: CallView) -> str:
        context = {"call": view, "variable": CLIENT_VARIABLE, "key": self._key, "omittable": omittable}
        return self.template(self.snippet_template, **context).rstrip("\n")

    def _readme_calls(self, api: LanguageAPI, builder: SdkBuilder, sdk: SdkView) -> dict[str, str | None]:
        """The README's example calls: the first GET (by id) that decodes a reply and the first
        list, each with the arguments it needs (pagination's own left to it)."""
        found: dict[str, str | None] = {"get": None, "listed": None}
        decls = Declarations.of(api)
        for op in sorted(api.operations, key=lambda o: (o.id or "", o.name)):
            call = sample_call(op, api, decls)
            needed = tuple(a for a in call.args if not a.field.optional and a.wire_name not in _PAGING)
            view = builder.call_view(sdk, dataclasses.replace(call, args=needed))
            request = view.method.request if view is not None else None
            if view is None or request is None or request.method != "GET" or view.service.docs_name == FUNCTIONS:
                continue
            slot = "listed" if request.reply == "page" else "get" if request.reply in ("json", "unwrap") else ""
            if slot and found[slot] is None:
                found[slot] = self._snippet(view)
        return found


def alias(scope: str, name: str) -> str:
    """The local name of a type imported from ``scope`` that another scope declares too."""
    return scope[:1].upper() + scope[1:] + name


def omittable(param: ParamView) -> bool:
    """A parameter a call may leave out: optional, or an object whose fields all are."""
    return param.optional or (param.role == "unwrapped" and all(f.optional for f in param.fields))


def mentioned(text: str, names: Iterable[str]) -> list[str]:
    """Those of ``names`` (``A`` or ``A as B``) whose local name ``text`` uses as a word."""
    return [n for n in names if re.search(rf"(?<![\w$.]){re.escape(n.split(' as ')[-1])}(?![\w$])", text)]


def _shape_functions(shapes: dict[str, str]) -> dict[str, Any]:
    """``shape(type)``: the shape expression of a type written in a file (None: none);
    ``declared(type)``: whether the type is one of the SDK's objects."""
    return {"shape": lambda text: shape_of(text, shapes), "declared": lambda text: text in shapes}


def _json(value: object) -> str:
    import json

    return json.dumps(value)


def _ambiguous(sdk: SdkBuilder) -> frozenset[str]:
    found = _AMBIGUOUS.get(sdk)
    if found is None:
        scopes: dict[str, set[str]] = {}
        for key, name in sdk.names.items():
            scopes.setdefault(name, set()).add(sdk.scope_names[key])
        found = _AMBIGUOUS[sdk] = frozenset(n for n, s in scopes.items() if len(s) > 1)
    return found
