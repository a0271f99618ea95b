"""TypeScript (docs language ``js``) rendered from the plan's views; under ``<out>/<path>/``:
``<service>.ts`` (a class per service), ``functions.ts`` (operations of no service: stubs),
``interfaces/<scope>.ts`` (interfaces with their shapes, string-union enums; ``externals.ts``:
``unknown`` stand-ins for types the docs never define), ``runtime.ts`` (docs/RUNTIME.md),
``client.ts`` and ``index.ts``. Properties keep the documented names: the runtime encodes and
decodes each object with its ``Shape`` (wire names). What is decided here is only TypeScript's
own: names, type spellings, how a sent value is read, the layout; the rest is the plan's.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal

from ...ir import LanguageAPI
from ...naming import camel, pascal
from ...plan.sdk import FUNCTIONS, PAGE_PARAMS, Naming, SdkBuilder, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule
from ...plan.views import CallView, ImportView, ParamView, SdkView
from ...samples import Declarations, sample_call
from ...text import GENERATED_NOTICE, block_comment_safe, one_line, ts_string
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..language import File, Language
from . import tables
from .shapes import shape_of
from .tables import BUILTINS, CLIENT_CLASS, CLIENT_VARIABLE, PRIMITIVES, JsSettings

# Precedence of a written type: an atom, a union (parenthesised in arrays), a function type
# (parenthesised in unions and arrays).
_ATOM, _UNION, _FUNCTION = 0, 1, 2
# Declarations that are objects: an interface and, with HTTP bodies, a shape constant beside it.
OBJECTS = frozenset({"model", "options", "inline"})
FILTERS = {"prop": tables.property_name, "ts_template": tables.template_literal_text, "jsdoc_line": block_comment_safe}


class JsLanguage(Language):
    name = "js"
    fence = "ts"
    aliases = ("typescript", "ts", "javascript", "node")
    enum_name_rank = 60
    settings_model = JsSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTINS
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "inline"
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        declares_inline_objects=True, builtins=BUILTINS, inline_values=True, writes_unwrapped_types=True
    )
    snippet_template = "snippet.ts.j2"
    filters = FILTERS
    settings: JsSettings

    @property
    def http(self) -> bool:
        """Whether methods make their request (else their bodies only throw "not implemented")."""
        return self.settings.bodies == "http"

    @property
    def naming(self) -> Naming:
        return Naming(
            type=tables.type_name,
            field=tables.property_name,
            method=tables.method_name,
            param=tables.binding_name,
            constant=lambda enum, value: ts_string(value),
            scope=lambda scope: camel(scope) or "common",
            service=lambda service: tables.type_name(pascal(service) or "Service"),
            module=tables.service_file,
            attribute=lambda service: tables.property_name(tables.binding_name(service)),
            method_reserved=frozenset({"client"}),  # the service's own property
            param_reserved=frozenset({tables.REQUEST_OPTIONS}),
        )

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Named) and spelling.endswith("["):
            return f"generic spelled '{spelling}' (TypeScript uses <>)"
        if isinstance(expr, Named) and ("\\" in spelling or "::" in spelling):
            return f"qualified name '{spelling}' (the qualifier is dropped)"
        if isinstance(expr, Prim) and spelling not in tables.PRIM_SPELLINGS:
            return f"'{spelling}' is not a TypeScript type (written {PRIMITIVES[expr.name]})"
        valid, why = tables.SPELLINGS.get(type(expr).__name__, ({spelling}, ""))
        return None if spelling in valid else why % spelling

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
            arity = tables.BUILTIN_GENERICS.get(expr.name, 0)
            args = [self._type(a, ctx)[0] for a in expr.args[:arity]] + ["unknown"] * (arity - len(expr.args))
            name = expr.name if expr.name in BUILTINS else "unknown"
            return (f"{name}<{', '.join(args)}>" if args else name), _ATOM
        scope, name = ctx.ref(decl)
        if scope != ctx.here and (len(ctx.sdk.scopes_declaring(name)) > 1 or ctx.here == f"<service {name}>"):
            name = alias(scope, name)
        if decl.arity:
            args = [self._type(a, ctx)[0] for a in expr.args[: decl.arity]]
            return f"{name}<{', '.join(args + ['unknown'] * (decl.arity - len(args)))}>", _ATOM
        return name, _ATOM

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """An unwrapped object is one parameter named as the docs name it (its properties keep
        their documented names); optional steps read with ``?.``: no guards."""
        first = steps[0]
        expr = tables.binding_name(first.docs_name) if first.unwrapped else first.name
        for before, step in itertools.pairwise(steps):
            key = tables.property_name(self.rename(step.docs_name)) if before.unwrapped else step.name
            dot = "?." if before.optional else "."
            expr += f"{dot if dot == '?.' else ''}[{key}]" if key.startswith('"') else f"{dot}{key}"
        return expr, ()

    def constant_text(self, text: str) -> str:
        return ts_string(text)

    def setting_text(self, setting: str) -> str:
        return f"this.client.setting({ts_string(setting)})"

    # --- files -----------------------------------------------------------------------------
    def render_each(self, api: LanguageAPI) -> Iterator[tuple[str, str]]:
        builder = self.builder(api)
        sdk = builder.build()
        readme = self._readme_calls(api, builder, sdk) if self.http else {}
        del builder  # what it memoized while it planned is not held while the files render
        yield from self.made(self.files(sdk, readme))

    def files(self, sdk: SdkView, readme: Mapping[str, str | None] | None = None) -> Iterable[File]:
        root = self.settings.path.strip("/")
        src = f"{root}/" if root else ""
        common = {"header": [f"// {GENERATED_NOTICE}", "// @generated"], "http": self.http, "url": self._url}
        common |= {"mentioned": mentioned}
        shaped = {s.name: {d.name for d in s.decls if d.kind in OBJECTS} for s in sdk.scopes}
        counts = Counter(d.name for s in sdk.scopes for d in s.decls)
        ambiguous = frozenset(name for name, n in counts.items() if n > 1)
        externals = self.settings.externals_module
        for scope in sdk.scopes:
            if scope.docs_name == EXTERNALS and externals:
                continue  # the settings' module provides them
            imports, shapes = self._imports(scope.imports, "../", shaped, ambiguous, "")
            shapes |= {name: f"{name}Shape" for name in shaped.get(scope.name, ())}
            context = {**common, "scope": scope, "imports": imports, **_shape_functions(shapes)}
            yield f"{src}interfaces/{scope.name}.ts", "interfaces.ts.j2", context
        services = [s for s in sdk.services if s.docs_name != FUNCTIONS]
        for service in sdk.services:
            imports, shapes = self._imports(service.imports, "./", shaped, ambiguous, service.name)
            context = {**common, "service": service, "imports": imports, **_shape_functions(shapes)}
            context |= {"binding": tables.binding_name, "key": self._key, "omittable": omittable}
            if service.docs_name == FUNCTIONS:
                yield f"{src}functions.ts", "functions.ts.j2", context
            else:
                yield f"{src}{service.module}.ts", "service.ts.j2", context
        client = CLIENT_CLASS if CLIENT_CLASS not in {s.name for s in services} else CLIENT_CLASS + "Client"
        package = self.settings.package_name or tables.DEFAULT_PACKAGE
        if self.http:
            runtime = {"package": f"{package}/{self.settings.version}", "base_url": tables.BASE_URL}
            yield f"{src}runtime.ts", "runtime.ts.j2", {**common, **runtime}
            yield f"{src}client.ts", "client.ts.j2", {**common, "client": client, "services": services}
        index = {"services": services, "functions": len(services) < len(sdk.services), "client": client}
        index |= {"scopes": [s for s in sdk.scopes if not (s.docs_name == EXTERNALS and externals)]}
        index |= {"runtime_values": tables.RUNTIME_VALUES, "runtime_types": tables.RUNTIME_TYPES}
        yield f"{src}index.ts", "index.ts.j2", {**common, **index}
        settings = self.settings
        manifest = {"package": package, "settings": settings, "source": root or ".", "typescript": tables.TYPESCRIPT}
        yield "package.json", "package.json.j2", {**common, **manifest, "json": json.dumps}
        yield "tsconfig.json", "tsconfig.json.j2", {**common, **manifest, "json": json.dumps}
        yield "tsconfig.cjs.json", "tsconfig.cjs.json.j2", common
        if self.http:
            calls = {"get": None, "listed": None, **(readme or {})}
            ticks = [len(run) for code in calls.values() if code for run in re.findall(r"`+", code)]
            fence = "`" * max(3, 1 + max(ticks, default=0))
            about = {"name": package, "client": client, "variable": CLIENT_VARIABLE, "base_url": tables.BASE_URL}
            about |= {"description": one_line(settings.description), "license": one_line(settings.license)}
            yield "README.md", "README.md.j2", {**about, **calls, "fence": fence, "errors": tables.ERROR_CLASSES}

    def _imports(
        self,
        imports: tuple[ImportView, ...],
        here: str,
        shaped: Mapping[str, set[str]],
        ambiguous: frozenset[str],
        local: str,
    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """Each module a file imports from (``here``: the file's folder as a relative path) with
        the types and the candidate shape constants, or the scope's namespace where a name is
        written through it (:func:`alias`); and the shape constant of each object type named."""
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
            types, values, namespace = [], [], ""
            for name in imp.names:
                spelled = alias(imp.scope, name) if name in ambiguous or name == local else name
                namespace = spelled.split(".")[0] if spelled != name else namespace
                types += [name] if spelled == name else []
                if name in shaped.get(imp.scope, ()):
                    shapes[spelled] = f"{spelled}Shape"
                    values += [f"{name}Shape"] if spelled == name else []
            module = tables.module_specifier(module)
            groups.append({"module": module, "types": types, "values": values, "namespace": namespace})
        return groups, shapes

    def _key(self, param: ParamView) -> str:
        """The property key of a field of an unwrapped object (its documented name)."""
        return tables.property_name(self.rename(param.docs_name))

    def _url(self, url: str) -> str:
        base = self.settings.docs_base_url
        return base.rstrip("/") + url if url.startswith("/") and base else url

    # --- usage snippets --------------------------------------------------------------------
    def _snippet(self, view: CallView, *, standalone: bool = False) -> str:
        context = {"call": view, "variable": CLIENT_VARIABLE, "key": self._key, "omittable": omittable}
        context |= {"standalone": standalone, "client": CLIENT_CLASS, "package": self.settings.package_name}
        return self.template(self.snippet_template, **context).rstrip("\n")

    def _readme_calls(self, api: LanguageAPI, builder: SdkBuilder, sdk: SdkView) -> dict[str, str | None]:
        """The README's example calls: the first GET (by id) that decodes a reply and the first
        list, each with the arguments it needs (pagination's own left to it)."""
        found: dict[str, str | None] = {"get": None, "listed": None}
        decls = Declarations.of(api)
        for op in sorted(api.operations, key=lambda o: (o.id or "", o.name)):
            if found["get"] is not None and found["listed"] is not None:
                break
            call = sample_call(op, api, decls)
            needed = tuple(a for a in call.args if not a.field.optional and a.wire_name not in PAGE_PARAMS)
            view = builder.call_view(sdk, dataclasses.replace(call, args=needed))
            request = view.method.request if view is not None and view.service.docs_name != FUNCTIONS else None
            kind = request.reply if request is not None and request.method == "GET" else ""
            slot = "listed" if kind == "page" else "get" if kind in ("json", "unwrap") else ""
            if view is not None and slot and found[slot] is None:
                found[slot] = self._snippet(view)
        return found


def alias(scope: str, name: str) -> str:
    """A type another scope (or the file) declares too, through its scope's namespace (``fooTypes.X``)."""
    return f"{scope}Types.{name}"


def omittable(param: ParamView) -> bool:
    """A parameter a call may leave out: optional, or an object whose fields all are."""
    return param.optional or (param.role == "unwrapped" and all(f.optional for f in param.fields))


def mentioned(text: str, names: Iterable[str]) -> list[str]:
    """Those of ``names`` (``A`` or ``A as B``) whose local name ``text`` uses as a word (not ``.A``)."""
    return [n for n in names if n.split(" as ")[-1] in _words(text)]


@functools.lru_cache(maxsize=4)  # a file's imports ask once per module: its code is read once
def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"(?<![\w$.])[\w$]+", text))


def _shape_functions(shapes: dict[str, str]) -> dict[str, Any]:
    """``shape(type)``: the shape expression of a type written in a file (None: none);
    ``declared(type)``: whether the type is one of the SDK's objects."""
    return {"shape": lambda text: shape_of(text, shapes), "declared": lambda text: text in shapes}
