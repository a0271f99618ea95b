"""Java: a Maven-style source tree, one public top-level type per file, rendered from the plan's views.

Declarations are classes of ``<package>.<area>.models`` (stand-ins of the types the docs never
define: ``externals_package``, default ``<package>.externals``; not generated when that setting
is given); services are ``<package>.<service>.<Service>Api``. Option classes have final fields, a
static ``builder()`` and a fluent ``<Name>Builder`` beside them; models are beans with boxed
fields. Jackson annotations carry the wire (``@JsonProperty``; ``@JsonIgnore`` for what the JSON
body does not hold); a stand-in holds any JSON value as Jackson's tree. Each method makes its
request on the runtime (``<package>.runtime``, keeping docs/RUNTIME.md; ``bodies = "stub"``:
none), with an overload taking ``RequestOptions``; the package is ``pom.xml`` and ``README.md``.

What this module decides is Java's own: names, reserved words, type spellings, how a value is read
through a method's parameters, the file layout, and the JSON names of undocumented fields.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Iterable
from typing import Any, ClassVar

from ...checked import field_validator
from ...ir import LanguageAPI
from ...naming import UniqueNames, camel, is_identifier, pascal, safe_identifier, screaming, snake, words
from ...plan.sdk import FUNCTIONS, Naming, SdkBuilder, StepText, TypeContext
from ...plan.symbols import EXTERNALS, Decl, ScopeRule, SymbolTable
from ...plan.views import DeclView, SdkView, ServiceView
from ...text import GENERATED_NOTICE, javadoc_line, lines, xml_text
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..base import LanguageSettings, setting_matches
from ..language import File, Language
from . import tables as t

_PACKAGE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")
_JAVA_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
# A keep marker (``codegen:begin-keep``) in a value: its colon is written as an escape.
_KEEP_MARKER = re.compile(r"(codegen):(?=(?:begin|end)-keep)", re.IGNORECASE)
_PLAIN_URL = re.compile(r"(https?://[A-Za-z0-9.-]+(:[0-9]+)?)?/[A-Za-z0-9._~/%=&?#+-]*")
# The names each scope of a planned SDK declares (a class of the file's package shadows an import).
_SCOPE_NAMES: weakref.WeakKeyDictionary[SdkBuilder, tuple[int, dict[str, set[str]]]] = weakref.WeakKeyDictionary()


class JavaSettings(LanguageSettings):
    package: str = "com.example.sdk"
    # Where the SDK provides the types the docs never define; unset: stand-ins in ``<package>.externals``.
    externals_package: str | None = None

    @field_validator("package", "externals_package")
    @classmethod
    def _package(cls, value: str | None) -> str | None:
        rule = "a Java package is identifiers (ASCII letters, digits, '_', '$') separated by '.'"
        return value if value is None else setting_matches(value, _PACKAGE, rule)


def java_string(value: str) -> str:
    """A Java string literal holding exactly ``value``, as ASCII source text: ASCII controls as octal
    escapes (javac translates ``\\uXXXX`` before lexing: ``\\u000a`` ends the line), the rest past
    ASCII as ``\\uXXXX`` (surrogate pairs past the BMP), a keep marker's colon as ``\\072``."""
    out = []
    for ch in value:
        cp = ord(ch)
        if ch in _JAVA_SHORT:
            out.append(_JAVA_SHORT[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        elif cp < 0x80:
            out.append(f"\\{cp:03o}")
        elif cp < 0x10000:
            out.append(f"\\u{cp:04x}")
        else:
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
    return '"' + _KEEP_MARKER.sub(lambda m: m.group(1) + "\\072", "".join(out)) + '"'


def package_part(name: str) -> str:
    """A package segment: lower-case letters and digits, never a keyword."""
    return safe_identifier("".join(w.lower() for w in words(name)) or "_", t.KEYWORDS)


def see(url: str) -> str:
    """A ``@see`` target: a link for a plain URL, quoted text for anything else."""
    if _PLAIN_URL.fullmatch(url):
        safe = javadoc_line(url)
        return f'<a href="{safe}">{safe}</a>'
    # Inside @see "...", doclint reads an '@' as the start of a tag: both are entities.
    return '"' + " ".join(map(javadoc_line, lines(url))).replace('"', "&quot;").replace("@", "&#64;") + '"'


# Filters of Java's templates (beside the escaping layer's): literals, Javadoc, accessors.
FILTERS: dict[str, Any] = {
    "java_string": java_string,
    "javadoc_lines": lambda text: [javadoc_line(line) for line in lines(text)],
    "see": see,
    "boxed": lambda text: t.BOXED.get(text, text),
    "getter": lambda name: "get" + name[:1].upper() + name[1:],
    "setter": lambda name: "set" + name[:1].upper() + name[1:],
    "raw": lambda text: text.split("<", 1)[0],
}


class JavaLanguage(Language):
    name = "java"
    settings_model = JavaSettings
    builtin_types: ClassVar[frozenset[str]] = frozenset(t.JDK_TYPES)
    enum_style = "named"  # a Java enum whose @JsonValue is the wire value
    fence = "java"
    enum_name_rank = 20
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        declares_inline_objects=True, builtins=frozenset(t.JDK_TYPES), companions=("Builder",)
    )
    snippet_template = "snippet.java.j2"
    filters = FILTERS
    settings: JavaSettings

    # --- names -----------------------------------------------------------------------------
    def identifier(self, name: str) -> str:
        """A parameter or field name: the docs' camelCase kept, anything else camel-cased."""
        if not re.fullmatch(r"[a-z][A-Za-z0-9]*", name):
            name = camel(name, self.settings.initialisms) or name
        return safe_identifier(name, t.KEYWORDS)

    def member(self, name: str) -> str:
        """A field name (also its fluent setter): additionally never one of Object's methods."""
        ident = self.identifier(name)
        return f"{ident}_" if ident in t.OBJECT_MEMBERS else ident

    def method_name(self, name: str) -> str:
        return safe_identifier(self.identifier(name), t.MEMBER_RESERVED)

    def class_name(self, name: str) -> str:
        if not (is_identifier(name) and name[:1].isupper()):
            name = pascal(name, self.settings.initialisms) or name
        if len(name) > 128:  # an inline object named after its owner and field: its file name must fit
            name = name[:119] + hashlib.sha256(name.encode()).hexdigest()[:8]
        return safe_identifier(name, t.TYPE_RESERVED)

    def constant(self, value: str) -> str:
        name = screaming(value) or "VALUE"
        return safe_identifier(name if name[0].isalpha() else "VALUE_" + name, t.KEYWORDS)

    @property
    def base_package(self) -> str:
        return ".".join(package_part(p) for p in self.settings.package.split(".") if p) or "sdk"

    @property
    def externals_package(self) -> str:
        raw = self.settings.externals_package
        return ".".join(package_part(p) for p in raw.split(".") if p) if raw else f"{self.base_package}.externals"

    def scope(self, docs: str) -> str:
        """The package of a docs scope's declarations."""
        if docs == EXTERNALS:
            return self.externals_package
        return f"{self.base_package}.{package_part(docs) if docs else 'common'}.models"

    def service_class(self, service: str) -> str:
        return safe_identifier((pascal(service, self.settings.initialisms) or "Functions") + "Api", t.TYPE_RESERVED)

    def service_package(self, service: str) -> str:
        part = package_part(service) if service != FUNCTIONS else "functions"
        return f"{self.base_package}.{part if part != 'runtime' else 'runtime2'}"

    @property
    def naming(self) -> Naming:
        return Naming(
            type=self.class_name,
            field=self.member,
            method=self.method_name,
            param=self.identifier,
            constant=lambda enum, value: self.constant(value),
            scope=self.scope,
            service=self.service_class,
            module=self.service_package,
            attribute=lambda s: safe_identifier(self.method_name(s), t.CLIENT_MEMBERS),
            reserved=t.KEYWORDS,
            type_reserved=t.TYPE_RESERVED,
            method_reserved=t.OBJECT_MEMBERS,
            field_reserved=t.OBJECT_MEMBERS,
            param_reserved=t.BODY_NAMES,
        )

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim):
            if expr.name in ("object", "function") and spelling != "Object":
                return f"{spelling!r} is not a Java type; wrote a Map<String, Object> or Function"
            if spelling not in t.VALID_PRIM_SPELLINGS:
                return f"{spelling!r} is not a Java type; wrote {t.PRIMITIVES.get(expr.name, ('', 'its type'))[1]}"
            return None
        if isinstance(expr, ListOf) and spelling not in t.VALID_LIST_SPELLINGS:
            if spelling == "T[]":
                return "an array written as java.util.List"
            return f"{spelling!r} is not Java list syntax; wrote java.util.List"
        if isinstance(expr, MapOf) and spelling not in t.VALID_MAP_SPELLINGS:
            return f"{spelling!r} is not Java map syntax; wrote java.util.Map"
        if isinstance(expr, Nullable) and spelling != "Optional<":
            return f"{spelling!r} (nullable) is not Java syntax; wrote a boxed type"
        if isinstance(expr, LiteralOf):
            return "Java has no literal types; wrote String (or int) and listed the values"
        if isinstance(expr, UnionOf):
            return "Java has no union types; wrote Object"
        if isinstance(expr, Named) and ("\\" in spelling or "::" in spelling or spelling.endswith("[")):
            return f"{spelling!r} is not Java type syntax"
        return None

    def externals(self, api: LanguageAPI) -> list[str]:
        """The types the docs never define, but the builders beside option classes (generated)."""
        table = SymbolTable.of(api, self.scope_rule)
        return [n for n in super().externals(api) if not table.companion_of(Named(name=n.rpartition(".")[2]))]

    # --- the hooks -------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        """A type written in ``ctx.here``: boxed where it may be absent (``optional``, nullable, a
        type argument); another package's class imported, or qualified when its simple name is
        taken in the file."""
        if expr is None:
            return "Object"
        if isinstance(expr, Prim):
            if expr.name == "object":
                return "Object" if expr.spelling == "Object" else f"{_jdk('java.util', 'Map', ctx)}<String, Object>"
            if expr.name == "function":
                return f"{_jdk('java.util.function', 'Function', ctx)}<Object, Object>"
            if expr.name == "datetime":
                return _jdk("java.time", "OffsetDateTime", ctx)
            kind = "long" if expr.name == "int" and expr.spelling.lower() in t.LONG_SPELLINGS else expr.name
            primitive, box = t.PRIMITIVES.get(kind, ("Object", "Object"))
            return box if optional else primitive
        if isinstance(expr, LiteralOf):
            numeric = bool(expr.values) and all(re.fullmatch(r"-?\d+", v) for v in expr.values)
            return ("Integer" if optional else "int") if numeric else "String"
        if isinstance(expr, ListOf):
            return f"{_jdk('java.util', 'List', ctx)}<{self.type_text(expr.item, ctx, optional=True)}>"
        if isinstance(expr, MapOf):
            key, value = (self.type_text(e, ctx, optional=True) for e in (expr.key, expr.value))
            return f"{_jdk('java.util', 'Map', ctx)}<{key}, {value}>"
        if isinstance(expr, Nullable):
            return self.type_text(expr.inner, ctx, optional=True)
        if isinstance(expr, UnionOf):
            return "Object"
        return self._named(expr, ctx)

    def _named(self, expr: Named, ctx: TypeContext) -> str:
        decl = ctx.resolve(expr)
        if decl is None:
            companion = ctx.companion(expr)
            if companion is not None:  # the builder beside an option class
                owner, suffix = companion
                return _reference(owner, ctx, suffix)
            if expr.name in t.JDK_TYPES and not expr.qualifier:
                text = _jdk(t.JDK_TYPES[expr.name], expr.name, ctx)
                args = [self.type_text(a, ctx, optional=True) for a in expr.args]
                return text + (f"<{', '.join(args)}>" if args else "")
            return self.type_text(expr.args[0], ctx, optional=True) if expr.args else "Object"
        text = _reference(decl, ctx)
        if decl.arity:
            args = [self.type_text(a, ctx, optional=True) for a in expr.args[: decl.arity]]
            args += ["Object"] * (decl.arity - len(args))
            text += f"<{', '.join(args)}>"
        return text

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """A value read through getters (``options.getActor().getId()``), each object on the way
        checked for null; an object kept as a map is read by key."""
        if steps[0].unwrapped:
            steps = steps[1:]
        expr, guards = steps[0].name, []
        for index, step in enumerate(steps[1:], start=1):
            guards.append(f"{expr} != null")
            if steps[index - 1].mapping:
                holder = f"((Map<?, ?>) {expr})" if index > 1 and steps[index - 2].mapping else expr
                expr = f"{holder}.get({java_string(step.docs_name)})"
            else:
                expr = f"{expr}.{FILTERS['getter'](step.name)}()"
        return expr, tuple(guards)

    def constant_text(self, text: str) -> str:
        return java_string(text)

    def setting_text(self, setting: str) -> str:
        return f"this.client.require({java_string(setting)})"

    def path(self, package: str, name: str) -> str:
        return "src/main/java/" + package.replace(".", "/") + f"/{name}.java"

    @property
    def artifact_id(self) -> str:
        """The Maven artifactId (and User-Agent product): ``package_name`` as Maven spells it, else the package."""
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", (self.settings.package_name or "").lstrip("@")).strip("-.")
        return name or self.base_package

    def files(self, sdk: SdkView) -> Iterable[File]:
        http = self.settings.bodies == "http"
        runtime = f"{self.base_package}.runtime"
        common = {"notice": GENERATED_NOTICE, "runtime": runtime if http else ""}
        options = {(d.scope, d.name): d for s in sdk.scopes for d in s.decls if d.kind == "options"}
        for scope in sdk.scopes:
            for d in scope.decls:
                if d.kind == "standin" and self.settings.externals_package:
                    continue  # the SDK's own package provides them
                json = self._json_names(d)
                base = _base(d, options)
                context = {**common, "d": d, "json": json, "base_options": base is not None}
                template = {"enum": "enum", "options": "options", "standin": "standin"}.get(d.kind, "model")
                yield self.path(d.scope, d.name), f"{template}.java.j2", {**context, "imports": _imports(d)}
                if d.kind == "options":
                    builder = (base[0], base[1] + "Builder") if base else None
                    extra = [f"{builder[0]}.{builder[1]}"] if builder and builder[0] != d.scope else []
                    context = {**context, "imports": _imports(d, extra), "base_builder": builder[1] if builder else ""}
                    yield self.path(d.scope, d.name + "Builder"), "builder.java.j2", context
        builders = sorted({name for _, name in options})
        for service in sdk.services:
            context = {**common, "service": service, "imports": _imports(service), "builders": builders}
            yield self.path(service.module, service.name), "service.java.j2", context
        if http:
            yield from self._runtime(sdk, runtime, common)
        yield "pom.xml", "pom.xml.j2", self._package()
        if http:
            readme = {**self._package(raw=True), "runtime": runtime, "services": sdk.services}
            yield "README.md", "README.md.j2", readme

    def _json_names(self, d: DeclView) -> dict[str, str]:
        """Each field's JSON name ("" when Jackson leaves it out): its wire name; guessed in
        snake_case where the HTTP reference documents nothing of the object; never one name twice."""
        guesses = UniqueNames(None, self.name, "json name", separator="_", reserved={f.wire for f in d.fields})
        names: dict[str, str] = {}
        for f in d.fields:
            wire = f.wire or (guesses.claim(snake(f.docs_name) or f.name, f.docs_name) if f.wire_guessed else "")
            skip = f.place in ("path", "query", "header") or wire in names.values()
            names[f.name] = "" if skip else wire
        return names

    def _runtime(self, sdk: SdkView, runtime: str, common: dict[str, Any]) -> Iterable[File]:
        context = {
            **common,
            "package": runtime,
            "services": sdk.services,
            "default_base_url": t.DEFAULT_BASE_URL,
            "package_name": self.artifact_id,
            "version": self.settings.version,
        }
        for name in t.RUNTIME.split():
            yield self.path(runtime, name), f"runtime/{name}.java.j2", {**context, "name": name}
        for name, text in t.STATUS_ERRORS:
            yield self.path(runtime, name), "runtime/StatusException.java.j2", {**context, "name": name, "text": text}

    def _package(self, *, raw: bool = False) -> dict[str, Any]:
        """The package's coordinates and metadata (XML-escaped for pom.xml unless ``raw``)."""
        settings = self.settings
        text = {key: getattr(settings, key) for key in ("description", "repository", "license", "author")}
        return {
            "notice": GENERATED_NOTICE,
            "group_id": self.base_package,
            "artifact_id": self.artifact_id,
            "version": settings.version,
            **{k: v if raw or v is None else xml_text(v) for k, v in text.items()},
            "default_base_url": t.DEFAULT_BASE_URL,
        }


def _jdk(package: str, name: str, ctx: TypeContext) -> str:
    """A JDK type by its simple name (no generated class takes one), imported."""
    if package != "java.lang":
        ctx.refs.setdefault((package, ""), set()).add(name)
    return name


def _reference(decl: Decl, ctx: TypeContext, suffix: str = "") -> str:
    """A declaration (or the builder beside it) written in ``ctx.here``: its simple name in its own
    package, else imported, or qualified when a class of this package or another import has it."""
    sdk = ctx.sdk
    scope, name = sdk.scope_names[decl.key], sdk.names[decl.key] + suffix
    if scope == ctx.here:
        return name
    taken = _scope_names(sdk).get(ctx.here, set())
    if name in taken or any(name in names for (other, _), names in ctx.refs.items() if other != scope):
        return f"{scope}.{name}"
    ctx.refs.setdefault((scope, decl.scope), set()).add(name)
    return name


def _scope_names(sdk: SdkBuilder) -> dict[str, set[str]]:
    count, found = _SCOPE_NAMES.get(sdk, (-1, {}))
    if count != len(sdk.names):  # (names are all given before the first type is written)
        found = {}
        for key, name in sdk.names.items():
            found.setdefault(sdk.scope_names[key], set()).add(name)
        _SCOPE_NAMES[sdk] = (len(sdk.names), found)
    return found


def _imports(d: DeclView | ServiceView, extra: Iterable[str] = ()) -> list[str]:
    """The classes of other packages a file names (its template adds the JDK's, Jackson's, the runtime's)."""
    here = d.scope if isinstance(d, DeclView) else ""
    return sorted(
        {f"{i.scope}.{n}" for i in d.imports for n in i.names if i.scope not in (here, "java.lang")} | {*extra}
    )


def _base(d: DeclView, options: dict[tuple[str, str], DeclView]) -> tuple[str, str] | None:
    """(package, name) of the option class ``d`` extends, when it extends one."""
    if not d.base or d.kind != "options":
        return None
    package, _, name = d.base.rpartition(".")
    package = package or next((i.scope for i in d.imports if d.base in i.names), d.scope)
    return (package, name) if (package, name) in options else None
