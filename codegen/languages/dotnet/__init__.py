"""C# (.NET): one file per type, services in the root namespace, models per area; C# 7.

Targets C# 7 (Mono ``mcs -langversion:7``): no nullable reference types, records,
file-scoped namespaces or ``init``. Serialization is Newtonsoft.Json's: a property with a wire
name carries ``[JsonProperty("sms_template")]``; path, query and header parameters of an
options class also ``[JsonIgnore]``. Enums are C# enums written as their wire strings
(``StringEnumConverter``, ``[EnumMember(Value = "totp")]``). A type the docs use but never
define is a stand-in (``Externals/``): a class holding whatever JSON it is given (a
``JToken``), or for a generic one (``WorkOSList<T>``) a page of a list.

Each area is one namespace under the root, named like no type (``OrganizationArea`` when a
type is named ``Organization``). A type of the file's own namespace is written bare; a type
whose name no other namespace declares is written bare too, through a using alias
(``using Factor = Example.Sdk.Mfa.Factor;``); any other is written relative to the root
(``Authkit.User``). Types named like what the generated code uses itself (``Task``,
``ApiClient``, ``JsonProperty``) are prefixed with their area.

Each service method builds its request from the plan's view (``templates/dotnet/service.cs.j2``)
and sends it through the runtime of docs/RUNTIME.md (``Runtime/``): per-request options
(``RequestOptions``), header parameters, generated idempotency keys, the client's settings,
one-key replies unwrapped, URL builders that send nothing, and ``<Method>AutoPaging`` for a list.
The package: ``<RootNamespace>.csproj`` (netstandard2.0, C# 7.3, Newtonsoft.Json) and a README.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from ...checked import field_validator
from ...diagnostics import Diagnostics
from ...ir import LanguageAPI
from ...naming import camel, is_identifier, pascal, safe_identifier
from ...plan.sdk import FUNCTIONS, SNIPPET, Naming, SdkBuilder, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule, SymbolTable
from ...plan.views import ImportView, MethodView, SdkView
from ...text import GENERATED_NOTICE, csharp_string, xml_doc
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..base import LanguageSettings, setting_matches
from ..language import File, Language

# C# keywords and the contextual keywords that break code as identifiers: both escaped with '@'.
KEYWORDS = frozenset(
    "abstract as base bool break byte case catch char checked class const continue decimal default delegate do "
    "double else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface "
    "internal is lock long namespace new null object operator out override params private protected public readonly "
    "ref return sbyte sealed short sizeof stackalloc static string struct switch this throw true try typeof uint "
    "ulong unchecked unsafe ushort using virtual void volatile while __arglist __makeref __reftype __refvalue".split()
)
CONTEXTUAL_KEYWORDS = frozenset(
    "add alias and args ascending async await by descending dynamic equals file from get global group init into "
    "join let managed nameof nint not notnull nuint on or orderby partial record remove required scoped select set "
    "unmanaged value var when where with yield".split()
)
RESERVED = KEYWORDS | CONTEXTUAL_KEYWORDS
# How C# writes the docs' primitives, and the spellings of them it keeps as written.
PRIMITIVES = {
    "string": "string",
    "int": "int",
    "number": "double",
    "bool": "bool",
    "datetime": "DateTime",
    "any": "object",
    "object": "object",
    "function": "Delegate",
    "void": "object",
    "null": "object",
}
SPELLINGS = {name: name for name in "string int long double float decimal bool object DateTime".split()} | {
    "dynamic": "object",
    "String": "string",
    "Int32": "int",
    "Int64": "long",
    "Double": "double",
    "Boolean": "bool",
    "Object": "object",
    "void": "object",
}
VALUE_TYPES = frozenset("int long double float decimal bool DateTime DateTimeOffset TimeSpan Guid".split())
# Types .NET provides: the docs name them but never define them (the generated code uses some too).
BUILTINS = frozenset(
    "Task CancellationToken DateTime DateTimeOffset TimeSpan Guid Uri Exception List Dictionary Delegate "
    "NotImplementedException IEnumerable".split()
)
VALID_LIST_SPELLINGS = {"List<", "IList<", "IEnumerable<", "ICollection<", "IReadOnlyList<", "T[]"}
VALID_MAP_SPELLINGS = {"Dictionary<", "IDictionary<", "IReadOnlyDictionary<"}
# Names the generated files use from Newtonsoft.Json and System.Runtime.Serialization.
SERIALIZATION = frozenset("JsonProperty JsonIgnore JsonConverter StringEnumConverter EnumMember JToken".split())
# The runtime's types (``Runtime/``), in the root namespace beside the services.
RUNTIME = {
    "client": "ApiClient",
    "transport": "ITransport",
    "response": "ApiResponse",
    "default_transport": "WebRequestTransport",
    "exception": "ApiException",
    "json": "ApiJson",
    "request": "ApiRequest",
    "page": "ApiPage",
    "cursors": "ApiListMetadata",
    "options": "RequestOptions",
    "timeout": "ApiTimeoutException",
    "standin": "ApiStandIn",
    "standin_converter": "ApiStandInConverter",
    "bad_request": "BadRequestException",
    "unauthorized": "UnauthorizedException",
    "forbidden": "ForbiddenException",
    "not_found": "NotFoundException",
    "conflict": "ConflictException",
    "unprocessable_entity": "UnprocessableEntityException",
    "rate_limit_exceeded": "RateLimitExceededException",
    "server_error": "ServerErrorException",
}
# The subclasses of ``ApiException`` by family (docs/RUNTIME.md): (family, status, what it means).
ERROR_FAMILIES = (
    ("bad_request", "400", "The API found the request malformed (400)."),
    ("unauthorized", "401", "The API key is missing, wrong or revoked (401)."),
    ("forbidden", "403", "The API key may not do this (403)."),
    ("not_found", "404", "What the request names does not exist (404)."),
    ("conflict", "409", "The request conflicts with the current state (409)."),
    ("unprocessable_entity", "422", "The API understood the request but refused its values (422)."),
    ("rate_limit_exceeded", "429", "Too many requests (429); the reply may say how long to wait."),
    ("server_error", "5xx", "The API failed (5xx); the body may be an HTML page of a proxy."),
)
# The members of the client a service property must not take.
CLIENT_MEMBERS = frozenset(
    "DefaultBaseUrl DefaultMaxRetries DefaultTimeout PackageName PackageVersion MaxRetryAfter Infinite Jitter ApiKey "
    "ClientId BaseUrl Transport Timeout MaxRetries UserAgent SendRawAsync SendAsync SendUnwrappedAsync Paginate Url "
    "Setting RequireSetting DelayAsync RetryDelay RetryAfter SendOnceAsync Observe Headers CheckHeaderName "
    "CheckHeaderValue Visible IsRetryable IsRetryableStatus IsConnectionFailure".split()
)
# The usings of every generated type file (Newtonsoft.Json added where a property is serialized).
USINGS = ("System", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks")
ENUM_USINGS = ("System.Runtime.Serialization", "Newtonsoft.Json", "Newtonsoft.Json.Converters")
# The one runtime dependency of the package and the framework it targets (C# 7.3 by default).
NEWTONSOFT_JSON_VERSION = "13.0.3"
TARGET_FRAMEWORK = "netstandard2.0"
LANG_VERSION = "7.3"
_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


class DotnetSettings(LanguageSettings):
    namespace: str = "Example.Sdk"
    # Where the SDK provides the types the docs use but never define; unset: generated stand-ins.
    externals_namespace: str | None = None
    # The client's default base URL.
    base_url: str = "https://api.workos.com"

    @field_validator("namespace", "externals_namespace")
    @classmethod
    def _namespace(cls, value: str | None) -> str | None:
        rule = "a C# namespace is identifiers (ASCII letters, digits, '_') separated by '.'"
        return value if value is None else setting_matches(value, _NAMESPACE, rule)


def escape(name: str) -> str:
    return safe_identifier(name, RESERVED, suffix="", prefix="@")


def type_name(name: str) -> str:
    """PascalCase, kept as the docs write it when it already is (``GetAuthorizationURL``)."""
    return escape(name if is_identifier(name) and name[:1].isupper() and "_" not in name else pascal(name) or name)


def parameter(name: str) -> str:
    return escape(name if is_identifier(name) and name[:1].islower() else camel(name) or name)


def service_class(service: str) -> str:
    if service == FUNCTIONS:
        return "Functions"
    base = service.lstrip("$")
    base = base[: -len("service")] if base.lower().endswith("service") else base
    return escape(pascal(base) + "Service")


def _constant(enum: str, value: str) -> str:
    name = escape(pascal(value) or "Value")
    return name + "Value" if name == enum else name


class _Spelling:
    """The language's hooks with the naming of one API (its namespaces are named like no type)."""

    def __init__(self, language: DotnetLanguage, naming: Naming) -> None:
        self.language, self.naming = language, naming

    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        return self.language.type_text(expr, ctx, optional=optional)

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        return self.language.access(steps)

    def constant_text(self, text: str) -> str:
        return self.language.constant_text(text)

    def setting_text(self, setting: str) -> str:
        return self.language.setting_text(setting)

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        return self.language.reinterpretation(expr)


class DotnetLanguage(Language):
    name = "dotnet"
    fence = "csharp"
    aliases = ("csharp", "cs", "c#")
    enum_name_rank = 30
    settings_model = DotnetSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTINS
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "named"
    scope_rule: ClassVar[ScopeRule] = ScopeRule(builtins=BUILTINS, untyped_options=True)
    snippet_template = "snippet.cs.j2"
    settings: DotnetSettings

    @property
    def root(self) -> str:
        return ".".join(escape(part) for part in self.settings.namespace.split(".")) or "Sdk"

    @property
    def externals_namespace(self) -> str:
        return self.settings.externals_namespace or self.root

    @property
    def naming(self) -> Naming:
        return self.naming_of(frozenset())

    def naming_of(self, taken: frozenset[str], services: frozenset[str] = frozenset()) -> Naming:
        """The naming table; ``taken``: names no area namespace may have (the SDK's type names)."""

        def namespace(scope: str) -> str:
            if scope == EXTERNALS:
                return self.externals_namespace
            segment = escape(pascal(scope) or "Common").lstrip("@")
            return f"{self.root}.{segment}Area" if segment in taken else f"{self.root}.{segment}"

        def attribute(service: str) -> str:
            name = service_class(service)
            short = name.removesuffix("Service")
            return short if is_identifier(short) and short not in CLIENT_MEMBERS else name

        shadowing = BUILTINS | SERIALIZATION | set(RUNTIME.values()) | {"Functions"} | services
        return Naming(
            type=type_name,
            field=type_name,
            method=type_name,
            param=parameter,
            constant=_constant,
            scope=namespace,
            service=service_class,
            module=lambda service: service_class(service).lstrip("@"),
            attribute=attribute,
            type_reserved=frozenset(shadowing | set(self.root.split("."))),
            method_reserved=services,
            param_reserved=frozenset({"requestOptions", "_request"}),
            fields_unlike_type=True,
        )

    def builder(self, api: LanguageAPI, diags: Diagnostics | None = None) -> SdkBuilder:
        table = SymbolTable.of(api, self.scope_rule)
        renames = self.settings.renames
        services = frozenset(
            service_class(renames.get(s, s)) for s in {op.service or FUNCTIONS for op in api.operations}
        )
        taken = frozenset({type_name(renames.get(d.docs_name, d.docs_name)) for d in table.decls.values()})
        spelling = _Spelling(self, self.naming_of(taken | services | set(RUNTIME.values()), services))
        return SdkBuilder(api, table, spelling, self.diags if diags is None else diags, renames)

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        if isinstance(expr, Prim):
            if not expr.spelling or expr.spelling in SPELLINGS:
                return None
            return f"{expr.spelling!r} written as {PRIMITIVES[expr.name]}"
        if isinstance(expr, LiteralOf):
            return "a union of literals written as string"
        if isinstance(expr, UnionOf):
            return "a union written as object"
        if isinstance(expr, ListOf) and expr.spelling not in VALID_LIST_SPELLINGS:
            return f"{expr.spelling!r} written as List<T>"
        if isinstance(expr, MapOf) and expr.spelling not in VALID_MAP_SPELLINGS:
            return f"{expr.spelling!r} written as Dictionary<K, V>"
        if isinstance(expr, Nullable) and expr.spelling != "T?":
            return f"{expr.spelling!r} written as a nullable type"
        return None

    # --- the hooks -------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        """A type written in ``ctx.here``; a value type the docs say may be absent is ``T?``.
        ``Task`` alone (an async method with no result) is written as nothing."""
        text, value = self._type(expr, ctx)
        return f"{text}?" if optional and value else text

    def _type(self, expr: TypeExpr | None, ctx: TypeContext) -> tuple[str, bool]:
        """The type's text and whether it is a value type (``T?`` when absent)."""
        if isinstance(expr, Prim):
            text = SPELLINGS.get(expr.spelling, PRIMITIVES[expr.name])
            return text, text in VALUE_TYPES
        if isinstance(expr, Nullable):
            inner, value = self._type(expr.inner, ctx)
            return (f"{inner}?", False) if value else (inner, False)
        generic = "System.Collections.Generic." if ctx.here == SNIPPET else ""  # a snippet has no usings
        if isinstance(expr, ListOf):
            item = self._type(expr.item, ctx)[0]
            return (f"{item}[]" if expr.spelling == "T[]" else f"{generic}List<{item}>"), False
        if isinstance(expr, MapOf):
            return f"{generic}Dictionary<{self._type(expr.key, ctx)[0]}, {self._type(expr.value, ctx)[0]}>", False
        if isinstance(expr, LiteralOf):
            return "string", False
        if not isinstance(expr, Named):
            return "object", False
        args = f"<{', '.join(self._type(a, ctx)[0] for a in expr.args)}>" if expr.args else ""
        decl = ctx.resolve(expr)
        if decl is None:
            if expr.name == "Task" and not expr.args:
                return "", False
            return (expr.name + args, expr.name in VALUE_TYPES) if expr.name in BUILTINS else ("object", False)
        scope, name = ctx.ref(decl)
        return self._qualified(scope, name, ctx, generic=bool(args)) + args, decl.kind == "enum"

    def _qualified(self, scope: str, name: str, ctx: TypeContext, *, generic: bool) -> str:
        """``name`` of ``scope`` as a file of ``ctx.here`` writes it (see the module's docstring)."""
        if ctx.here == SNIPPET:
            return f"{scope}.{name}"
        here = self.root if ctx.here.startswith("<") else ctx.here
        if scope == here or (_unique(name, ctx) and (not generic or _encloses(scope, here))):
            return name
        if scope.startswith(self.root + "."):
            return f"{scope[len(self.root) + 1 :]}.{name}"
        return f"global::{scope}.{name}"

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """An unwrapped object's fields are the method's parameters; a field of an object is
        read with ``?.`` (null when the object is not given), so no guard is needed."""
        if steps[0].unwrapped:
            steps = steps[1:]
        expr = steps[0].name
        for step in steps[1:]:
            expr = f"{expr}?.{step.name}"
        return expr, ()

    def constant_text(self, text: str) -> str:
        return csharp_string(text)

    def setting_text(self, setting: str) -> str:
        return f"this._client.RequireSetting({csharp_string(setting)})"

    # --- files -----------------------------------------------------------------------------
    @property
    def assembly(self) -> str:
        """The assembly (and project file) name: the root namespace."""
        return self.root.replace("@", "")

    @property
    def package_id(self) -> str:
        """The NuGet package id: ``package_name`` (``@scope/name`` written ``scope.name``), else the
        root namespace."""
        name = self.settings.package_name
        if not name:
            return self.assembly
        # NuGet's rule: word characters in runs joined by single '.' or '-', at most 100 characters.
        name = re.sub(r"[.-]{2,}", lambda m: m.group()[0], name.lstrip("@").replace("/", "."))
        return name[:100].strip(".-") or self.assembly

    def files(self, sdk: SdkView) -> Iterable[File]:
        http = self.settings.bodies == "http"
        unique = _unique_names(sdk)
        common = {"header": ["// <auto-generated/>", f"// {GENERATED_NOTICE}"], "names": RUNTIME, "http": http}
        common |= {"root": self.root, "xml": xml_doc}
        for scope in sdk.scopes:
            if scope.docs_name == EXTERNALS and self.settings.externals_namespace:
                continue  # the SDK's own namespace provides them
            for decl in scope.decls:
                folder = "Externals" if decl.kind == "standin" else scope.name.rsplit(".", 1)[-1]
                if decl.kind == "enum":
                    usings = list(ENUM_USINGS)
                else:
                    written = [decl.base, *(f.type for f in decl.fields)]
                    usings = self._usings(
                        decl.imports, decl.scope, unique & _names(written), json=bool(decl.fields) or decl.arity == 1
                    )
                yield f"{folder}/{decl.name.lstrip('@')}.cs", "type.cs.j2", {**common, "d": decl, "usings": usings}
        for service in sdk.services:
            written = [t for m in service.methods for t in (m.result, *(p.type for p in m.arguments))]
            written += [m.request.item_type for m in service.methods if m.request is not None]
            usings = self._usings(service.imports, self.root, unique & _names(written), json=False)
            yield f"Services/{service.module}.cs", "service.cs.j2", {**common, "service": service, "usings": usings}
        services = [s for s in sdk.services if s.docs_name != FUNCTIONS]
        runtime = {**common, "services": services, "families": ERROR_FAMILIES, "base_url": self.settings.base_url}
        runtime |= {"package_name": self.package_id, "version": self.settings.version}
        if http:
            yield f"Runtime/{RUNTIME['client']}.cs", "client.cs.j2", runtime
            yield "Runtime/Errors.cs", "runtime_errors.cs.j2", runtime
            yield "Runtime/Runtime.cs", "runtime.cs.j2", runtime
        yield "Runtime/Types.cs", "runtime_types.cs.j2", runtime
        package = self._package(sdk, http, services)
        yield f"{self.assembly}.csproj", "project.csproj.j2", package
        yield "README.md", "README.md.j2", package

    def _usings(self, imports: tuple[ImportView, ...], here: str, unique: frozenset[str], *, json: bool) -> list[str]:
        """The file's usings: the fixed ones, then an alias per type it writes bare from a
        namespace that does not enclose it."""
        aliases = sorted(
            f"{name} = {imp.scope}.{name}"
            for imp in imports
            if not _encloses(imp.scope, here)
            for name in imp.names
            if name in unique
        )
        return [*USINGS, *(["Newtonsoft.Json"] if json else []), *aliases]

    def _package(self, sdk: SdkView, http: bool, services: list[Any]) -> dict[str, Any]:
        """The project file's and the README's context; the README shows a GET and a list."""
        s = self.settings
        unique = _unique_names(sdk)
        full = {
            (d.name if d.name in unique else f"{d.scope.removeprefix(self.root + '.')}.{d.name}"): f"{d.scope}.{d.name}"
            for scope in sdk.scopes
            for d in scope.decls
        }
        return {
            "notice": GENERATED_NOTICE,
            "http": http,
            "names": RUNTIME,
            "root": self.root,
            "assembly": self.assembly,
            "package_id": self.package_id,
            "version": s.version,
            "description": s.description,
            "authors": s.author,
            "license": s.license,
            "repository": s.repository,
            "base_url": s.base_url,
            "target_framework": TARGET_FRAMEWORK,
            "lang_version": LANG_VERSION,
            "newtonsoft": NEWTONSOFT_JSON_VERSION,
            "families": [(RUNTIME[family], status) for family, status, _ in ERROR_FAMILIES],
            "services": services,
            **_readme_calls(dataclasses.replace(sdk, services=tuple(services))),
            "full": lambda text: full.get(text, text),
        }


def _readme_calls(sdk: SdkView) -> dict[str, Any]:
    """The README's examples (SdkView.example): a GET that returns an object and takes only
    text, and a list."""

    def text(method: MethodView) -> bool:
        return all(p.type == "string" for p in method.arguments if p.role in ("data", "options") and not p.optional)

    return {
        "call": sdk.example("json", lambda m: bool(m.result) and text(m)),
        "pages": sdk.example("page", lambda m: bool(m.pages_name)),
    }


def _names(types: Iterable[str]) -> frozenset[str]:
    """The identifiers written in ``types`` (a file's aliases are those it writes)."""
    return frozenset(re.findall(r"@?\w+", " ".join(types)))


def _unique(name: str, ctx: TypeContext) -> bool:
    """Whether no two namespaces of the SDK declare ``name`` (a type of it may be written bare)."""
    sdk = getattr(ctx, "sdk", None)
    if sdk is None:
        return True
    return len(sdk.scopes_declaring(name)) == 1


def _unique_names(sdk: SdkView) -> frozenset[str]:
    seen: dict[str, set[str]] = {}
    for scope in sdk.scopes:
        for decl in scope.decls:
            seen.setdefault(decl.name, set()).add(scope.name)
    generic = {d.name for d in sdk.standins if d.arity}
    return frozenset(name for name, scopes in seen.items() if len(scopes) == 1 and name not in generic)


def _encloses(scope: str, here: str) -> bool:
    return here == scope or here.startswith(scope + ".")
