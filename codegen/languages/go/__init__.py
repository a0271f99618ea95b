"""Go: a module of one package per qualifier or area (its types and its Client), and the runtime
package the methods call. The plan decides all that is not syntax (codegen/plan/); this holds
Go's tables (names, reserved words, type spellings), how a method reads a sent value through its
parameters (``opts.FactorID``; a pointer read behind its nil check) and the file layout. The
templates (templates/go/) write the text, :mod:`.gofmt` lays it out as gofmt and goimports would.
Optional values are absent when unset: text and enums by their empty value, anything else
behind a pointer or nil (so ``false`` and ``0`` can be sent). Struct tags carry the exact wire
name (``json``; ``json:"-"`` with the place of a path, query or header parameter).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import ClassVar, TypeVar

from ...checked import field_validator
from ...diagnostics import Diagnostics, Loc
from ...formatting import Formatter
from ...ir import Field, LanguageAPI
from ...naming import COMMON_INITIALISMS, pascal, safe_identifier, words
from ...plan.sdk import Naming, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule
from ...plan.views import CallView, SdkView, ServiceView
from ...samples import SampleCall
from ...text import GENERATED_NOTICE, go_string
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..base import LanguageSettings, setting_matches
from ..language import File, Language
from .gofmt import gofmt

T = TypeVar("T")

KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import interface map "
    "package range return select struct switch type var".split()
)
PREDECLARED = frozenset(
    "any append bool byte cap clear close comparable complex complex128 complex64 copy delete error false float32 "
    "float64 imag int int16 int32 int64 int8 iota len make max min new nil panic print println real recover rune "
    "string true uint uint16 uint32 uint64 uint8 uintptr".split()
)
# Names of the packages generated files import: a parameter must not shadow them.
IMPORT_NAMES = frozenset({"context", "errors", "http", "json", "strconv", "time", "url"})
RESERVED = KEYWORDS | PREDECLARED | IMPORT_NAMES
# Names a method body declares itself (the receiver, its locals, the request options).
BODY_NAMES = frozenset({"c", "req", "err", "body", "result", "item", "options"})
# What every service package declares besides its types: no type may take these names.
SERVICE_NAMES = frozenset({"Client", "NewClient", "ErrNotImplemented"})

PRIMITIVES = {"string": "string", "int": "int", "number": "float64", "bool": "bool", "datetime": "time.Time"}
PRIMITIVES |= {"any": "any", "object": "map[string]any", "function": "func()", "void": "any", "null": "any"}
# Spellings the docs use that are already valid Go.
VALID_PRIM_SPELLINGS = frozenset("string int int64 int32 float64 float32 bool interface{} time.Time any func".split())
# Named types the Go standard library provides (never declared), and the interfaces among them.
_STD = (
    "context.Context time.Time time.Duration http.Handler http.Request http.Client json.RawMessage url.URL url.Values"
)
STDLIB = frozenset(_STD.split())
INTERFACES = frozenset({"any", "error", "context.Context", "http.Handler"})

# A Go module path (golang.org/x/mod/module.CheckPath): path elements of ASCII letters,
# digits and '-', '.', '_', '~', separated by single '/'; an element never starts or ends
# with a dot; the first element is lower case (a domain like ``github.com``, or one word).
_PATH_ELEMENT = r"(?![.])[A-Za-z0-9._~-]+(?<![.])"
_MODULE_PATH = re.compile(rf"(?![.-])[a-z0-9.-]+(?<![.])(?:/{_PATH_ELEMENT})*")
_FOLDER = re.compile(rf"(?:{_PATH_ELEMENT}(?:/{_PATH_ELEMENT})*)?")
_PACKAGE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# What encoding/json accepts as a tag name (its isValidTag): letters, digits and this
# punctuation; anything else makes it ignore the tag and use the Go field name.
_JSON_TAG_PUNCTUATION = frozenset("!#$%&()*+-./:;<=>?@[]^_{|}~ ")

GOFMT = Formatter(
    name="gofmt-codegen-1", function=gofmt, preload="codegen.languages.go.gofmt", fast=gofmt, suffixes=(".go",)
)


class GoSettings(LanguageSettings):
    # Go module path; packages are generated below it.
    module: str = "example.com/sdk"
    # Folder under this language's output root where the packages go ("" = the root).
    package_dir: str = ""
    # Package of the stand-ins for the types the docs use unqualified but never define.
    externals_package: str = "external"
    # Package of the generated runtime (client, transport, errors, pagination) the methods call.
    runtime_package: str = "core"
    # Where requests go unless the client says otherwise.
    base_url: str = "https://api.workos.com"

    @field_validator("module")
    @classmethod
    def _module_path(cls, value: str) -> str:
        rule = (
            "a Go module path is elements of ASCII letters, digits, '-', '.', '_' or '~' separated by '/' "
            "(no leading, trailing or doubled '/', no element starting or ending with '.'), "
            "the first one lower case, like github.com/acme/sdk"
        )
        return setting_matches(value, _MODULE_PATH, rule)

    @field_validator("package_dir")
    @classmethod
    def _package_dir(cls, value: str) -> str:
        rule = "a folder inside the module: path elements like a module path's, separated by '/'"
        return setting_matches(value, _FOLDER, rule)

    @field_validator("externals_package", "runtime_package")
    @classmethod
    def _package(cls, value: str) -> str:
        return setting_matches(value, _PACKAGE_NAME, "a Go package name is lower-case ASCII letters, digits and '_'")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return setting_matches(value, r"https?://[!#-~]+", "a base URL is http(s):// and printable ASCII, no space")


def _capitalized(parts: list[str], initialisms: frozenset[str]) -> str:
    # A word the docs wrote in capitals stays in capitals (``SSOURL``): Go keeps initialisms.
    return "".join(w if (w.isupper() and len(w) > 1) else pascal(w, initialisms) for w in parts)


@lru_cache(maxsize=1 << 16)  # pure, called thousands of times a render with the same names; bounded for `watch`
def go_name(name: str, initialisms: frozenset[str] = COMMON_INITIALISMS) -> str:
    """An exported Go identifier: PascalCase with initialisms in capitals."""
    text = _capitalized(words(name), initialisms)
    return safe_identifier(text if text[:1].isalpha() else "X" + text, RESERVED)


def local_name(name: str, initialisms: frozenset[str] = COMMON_INITIALISMS) -> str:
    """An unexported identifier (parameters): camelCase, reserved words get a trailing underscore."""
    parts = words(name)
    text = (parts[0].lower() + _capitalized(parts[1:], initialisms)) if parts else ""
    return safe_identifier(text or "arg", RESERVED)


def package_name(text: str) -> str:
    """A valid lowercase Go package name from a qualifier or an area."""
    cleaned = re.sub(r"[^a-z0-9_]", "", text.lower().replace("-", ""))
    if not cleaned or cleaned[0].isdigit():
        cleaned = "pkg" + cleaned
    return cleaned + "_" if cleaned in KEYWORDS | PREDECLARED else cleaned


def json_tag_problem(wire: str) -> str | None:
    """Why ``wire`` cannot be a json tag name (None when it can): encoding/json would ignore it."""
    if not wire:
        return "it is empty"
    for ch in wire:
        if ch == ",":
            return "',' separates a json tag's options"
        if not (ch.isalpha() or unicodedata.category(ch) == "Nd" or ch in _JSON_TAG_PUNCTUATION):
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            return f"encoding/json ignores tag names containing {shown}"
    return None


class GoLanguage(Language):
    name = "go"
    settings_model = GoSettings
    formatter = GOFMT
    fence = "go"
    aliases = ("golang",)
    enum_name_rank = 10
    declares_inline_objects = True  # as structs in the package that uses them
    enum_style = "named"  # a string (or int) type with one constant per value
    builtin_types: ClassVar[frozenset[str]] = frozenset(
        {"error", "Context", "Time", "Duration", "Handler", "RawMessage", "URL", "Values"}
    )
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        by_qualifier=True,
        acyclic=True,
        services_share_scope=True,
        declares_inline_objects=True,
        builtins=STDLIB | PREDECLARED,  # float64, uint, error...: Go's own
        unwraps=False,  # an unwrapped parameter is its options struct
        inline_literals=True,
    )
    snippet_template = "snippet.go.j2"
    settings: GoSettings

    @property
    def initialisms(self) -> frozenset[str]:
        return COMMON_INITIALISMS | {i.upper() for i in self.settings.initialisms}

    @property
    def naming(self) -> Naming:
        initialisms = self.initialisms

        def exported(name: str) -> str:
            return go_name(name, initialisms)

        def method(name: str) -> str:  # the plan's ``<method>_auto_paging`` is Go's ``<Method>Iter``
            stem = name.removesuffix("_auto_paging")
            return exported(stem) + ("Iter" if stem != name else "")

        def constant(enum: str, value: str) -> str:
            return safe_identifier(enum + (_capitalized(words(value), initialisms) or "Value"), RESERVED)

        def scope(name: str) -> str:
            return self.settings.externals_package if name == EXTERNALS else package_name(name or "common")

        return Naming(
            type=exported,
            field=exported,
            method=method,
            param=lambda name: local_name(name, initialisms),
            constant=constant,
            scope=scope,
            service=lambda service: package_name(service or "functions"),
            reserved=RESERVED,
            type_reserved=SERVICE_NAMES,
            method_reserved=frozenset({"API"}),
            param_reserved=BODY_NAMES | {self.settings.runtime_package},
            constants_per_scope=True,
        )

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim) and spelling and spelling not in VALID_PRIM_SPELLINGS:
            return f"{spelling!r} written as {PRIMITIVES[expr.name]}"
        if isinstance(expr, ListOf) and spelling != "[]T":
            return f"list spelled {spelling!r} written as []T"
        if isinstance(expr, MapOf) and spelling != "map[K]V":
            return f"map spelled {spelling!r} written as map[K]V"
        if isinstance(expr, LiteralOf):
            return "literal union written as string"
        if isinstance(expr, Nullable):
            return f"nullable spelled {spelling!r} written as a pointer"
        if isinstance(expr, UnionOf):
            if any(isinstance(o, Named) and o.name == "error" and not o.qualifier for o in expr.options):
                return "union of error types written as error"
            return "union written as any"
        if isinstance(expr, Named) and expr.args:
            return "type arguments dropped"
        return None

    # --- the hooks -------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        text = self._type(expr, ctx)
        if not optional or _nilable(text) or self._value_when_optional(expr, ctx):
            return text
        return "*" + text

    def _value_when_optional(self, expr: TypeExpr | None, ctx: TypeContext) -> bool:
        """Strings and enums: their empty value says "not set"; a stand-in (any) is nil."""
        if isinstance(expr, LiteralOf) or (isinstance(expr, Prim) and expr.name == "string"):
            return True
        return self._declared(expr, ctx) in ("enum", "standin")

    def _declared(self, expr: TypeExpr | None, ctx: TypeContext) -> str:
        decl = ctx.resolve(expr) if isinstance(expr, Named) else None
        return decl.kind if decl is not None else ""

    def _type(self, expr: TypeExpr | None, ctx: TypeContext) -> str:
        if expr is None:
            return "any"
        if isinstance(expr, Prim):
            return PRIMITIVES[expr.name]
        if isinstance(expr, LiteralOf):
            return "string"
        if isinstance(expr, ListOf):
            return "[]" + self._type(expr.item, ctx)
        if isinstance(expr, MapOf):  # a key of a type Go cannot compare is text
            key = self._type(expr.key, ctx) if isinstance(expr.key, (Prim, LiteralOf)) else "string"
            return f"map[{key if key in ('int', 'float64', 'bool') else 'string'}]{self._type(expr.value, ctx)}"
        if isinstance(expr, Nullable):
            inner = self._type(expr.inner, ctx)
            return inner if _nilable(inner) or self._declared(expr.inner, ctx) == "standin" else "*" + inner
        if isinstance(expr, UnionOf):
            errors = any(isinstance(o, Named) and o.name == "error" and not o.qualifier for o in expr.options)
            return "error" if errors else "any"
        assert isinstance(expr, Named)
        decl = ctx.resolve(expr)
        if decl is None:  # the language's own (error, context.Context, time.Time...)
            return f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
        scope, name = ctx.ref(decl)
        if decl.arity:
            args = [self._type(a, ctx) for a in expr.args[: decl.arity]]
            name += "[" + ", ".join(args + ["any"] * (decl.arity - len(args))) + "]"
        return name if scope == ctx.here else f"{scope}.{name}"

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """Fields are read through their parameter (Go unwraps nothing); a pointer on the way is
        read when it is not nil, and a pointer value (an optional bool, number...) dereferenced."""
        expr, guards = steps[0].name, []
        for index, step in enumerate(steps):
            if index:
                expr = f"{expr}[{go_string(step.docs_name)}]" if steps[index - 1].mapping else f"{expr}.{step.name}"
            if step.type.startswith("*"):
                guards.append(f"{expr} != nil")
        if steps[-1].type.startswith("*"):
            expr = f"*{expr}"
        return expr, tuple(guards)

    def constant_text(self, text: str) -> str:
        return go_string(text)

    def setting_text(self, setting: str) -> str:
        return {"client_id": "c.API.ClientID", "api_key": "c.API.APIKey"}[setting]

    # --- files -----------------------------------------------------------------------------
    def import_path(self, pkg: str) -> str:
        folder = self.settings.package_dir.strip("/")
        return "/".join(p for p in (self.settings.module.rstrip("/"), folder, pkg) if p)

    def package_folder(self, pkg: str) -> str:
        return "/".join(p for p in (self.settings.package_dir.strip("/"), pkg) if p)

    def files(self, sdk: SdkView) -> Iterable[File]:
        settings = self.settings
        runtime, http = settings.runtime_package, settings.bodies == "http"
        common = {"notice": GENERATED_NOTICE, "runtime": runtime, "http": http, "prefix": self.import_path("") + "/"}
        common["runtime_import"] = self.import_path(runtime)
        yield "go.mod", "go.mod.j2", {"module": settings.module}
        if http and runtime in {s.name for s in sdk.scopes} | {s.scope for s in sdk.services}:
            clash = f"go runtime package '{runtime}' is also a package of the API"
            self.diags.error(Loc("codegen.toml"), clash, "set [tool.codegen.go] runtime_package to another name")
        for scope in sdk.scopes:  # a field whose wire name a json tag cannot carry is json:"-" (render reports it)
            refused = {f"{d.name}.{f.name}" for d in scope.decls for f, _ in refused_wires(d.fields)}
            context = {**common, "scope": scope, "refused": refused}
            yield f"{self.package_folder(scope.name)}/models.go", "models.go.j2", context
        # One Client per package: services merged into one package (like their types) share it.
        by_package: dict[str, list[ServiceView]] = {}
        for service in sdk.services:
            by_package.setdefault(service.scope, []).append(service)
        for pkg, services in by_package.items():
            methods = sorted((m for s in services for m in s.methods), key=lambda m: m.name)
            client = {"pkg": pkg, "methods": methods, "imports": sorted({i.scope for s in services for i in s.imports})}
            yield f"{self.package_folder(pkg)}/client.go", "client.go.j2", {**common, **client}
        # The SDK's name (README, User-Agent): the package_name setting, else the module path's last element.
        named = {**common, "settings": settings, "name": settings.package_name or settings.module.rsplit("/", 1)[-1]}
        if http:
            header = [f"// {GENERATED_NOTICE}", "// @generated", "", f"package {runtime}"]
            yield f"{self.package_folder(runtime)}/{runtime}.go", "runtime.go.j2", {**named, "header": header}
        yield "README.md", "README.md.j2", named

    def render_each(self, api: LanguageAPI) -> Iterator[tuple[str, str]]:
        """A wire name a json tag cannot carry is an error at its position (the field: ``json:"-"``)."""
        reported: set[tuple[Loc | None, str]] = set()
        hint = "a wire name is written exactly or not at all; rename the curl parameter"
        for fields in _structs(api):
            for f, why in refused_wires(f for f in fields if not f.is_method):
                if (f.loc, f.name) not in reported:
                    reported.add((f.loc, f.name))
                    message = f"go cannot write the wire name {f.wire_name!r} of '{f.name}' in a json tag: {why}"
                    self.diags.error(f.loc, message, hint)
        yield from super().render_each(api)

    def externals(self, api: LanguageAPI) -> list[str]:
        """The types the docs use but never define: the plan's stand-ins (``sso.ConnectionDomain``)."""
        found = self.plan(api, Diagnostics()).standins
        return sorted(d.docs_name if d.docs_scope == EXTERNALS else f"{d.docs_scope}.{d.docs_name}" for d in found)

    # --- usage snippets --------------------------------------------------------------------
    def snippet(self, view: CallView, *, pages: bool = False, standalone: bool = False) -> str:
        """A sample call's statements (``result, err := client.Method(ctx, ...)``; ``pages``: its
        ``MethodIter``) on ``client`` and ``ctx``; ``standalone``: a program that runs as written."""
        context = {"runtime": self.settings.runtime_package, "go_time": go_time, "import_path": self.import_path}
        return gofmt(self.template(self.snippet_template, call=view, pages=pages, standalone=standalone, **context))

    def _snippet(self, view: CallView, *, standalone: bool = False) -> str:  # examples = true
        return self.snippet(view, standalone=standalone).rstrip("\n")

    def example_pages(self, call: SampleCall, api: LanguageAPI) -> str | None:
        """The auto-pagination of a list operation's sample call (None for other operations)."""
        view = self.call(call, api)
        return self.snippet(view, pages=True) if view is not None and view.method.pages_name else None


def refused_wires(fields: Iterable[T]) -> list[tuple[T, str]]:
    """The fields (FieldViews or Fields) whose wire name a json tag cannot carry, and why. (A
    repeated wire name never reaches a tag: the plan keeps it for the first field only.)"""
    wires = ((f, getattr(f, "wire", None) or getattr(f, "wire_name", None) or "") for f in fields)
    found = ((f, json_tag_problem(wire) if wire else None) for f, wire in wires)
    return [(f, why) for f, why in found if why]


def _structs(api: LanguageAPI) -> Iterator[tuple[Field, ...]]:
    stack = [m.fields for m in api.models] + [m.fields for m in api.options]
    stack += [f.fields for o in api.operations for f in o.params]
    while stack:
        yield (fields := stack.pop())
        stack += [f.fields for f in fields if f.fields]


def _nilable(text: str) -> bool:
    return text.startswith(("*", "[]", "map[", "func")) or text in INTERFACES


def go_time(text: str) -> str:
    """A ``time.Time`` literal of an RFC 3339 timestamp (``time.Date(...)``, in UTC)."""
    when = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    fields = (when.year, when.month, when.day, when.hour, when.minute, when.second, when.microsecond * 1000)
    return "time.Date(" + ", ".join(map(str, fields)) + ", time.UTC)"
