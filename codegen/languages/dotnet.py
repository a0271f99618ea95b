"""C# (.NET): one file per type; services in the root namespace, models and options per area.

Targets C# 7 (Mono ``mcs -langversion:7``): no nullable reference types, records,
file-scoped namespaces or ``init``. Serialization is Newtonsoft.Json's: every property with a
wire name carries ``[JsonProperty("sms_template")]``; path and query parameters of an options
class also ``[JsonIgnore]`` (they travel in the URL, not the JSON body; the XML doc says
where). Enums are C# enums written as their wire strings (``StringEnumConverter`` and
``[EnumMember(Value = "totp")]``), one file per type like the classes. The output references
Newtonsoft.Json and System.Runtime.Serialization.

Each area is one namespace under the root, named like no type (``OrganizationArea`` when the
area has an ``Organization``). Types are written by their short names: a type of another
namespace through a using alias (``using Factor = Example.Sdk.Mfa.Factor;``), or, when two
types of one file share a name or the file's own namespace hides it, relative to the root
(``Authkit.User``); see :class:`_Scope`.

With ``bodies = "http"`` (the default) every method with an HTTP reference builds its request
explicitly (path segments, query parameters, only the body fields that are set, by wire name)
and sends it through the runtime rendered into ``Runtime/`` of the root namespace, which keeps
docs/RUNTIME.md: ``ApiClient`` (API key, client id, base URL, timeout per attempt, retries with
backoff and ``Retry-After``, a property per service), ``RequestOptions`` (idempotency key, extra
headers, timeout of one call), the ``ITransport`` seam with a default on ``HttpWebRequest``
(System.dll: no assembly beyond Newtonsoft.Json; redirects not followed), ``ApiException`` and a
subclass per status family, ``ApiTimeoutException``, the JSON settings and ``ApiPage<T>``; a GET
whose reply is a page (``Task<WorkOSList<User>>``) also gets ``<Method>AutoPaging`` (an
``IEnumerable<T>`` that follows ``list_metadata.after``). ``bodies = "stub"`` keeps the methods
throwing ``NotImplementedException`` and renders no runtime.

The package: ``<RootNamespace>.csproj`` (SDK-style, netstandard2.0, C# 7.3, the package settings,
Newtonsoft.Json at one version) and ``README.md`` beside it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

from pydantic import field_validator

from ..diagnostics import Diagnostics
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, camel, is_identifier, pascal, safe_identifier
from ..samples import Declarations, SampleCall, declared_fields, request_declaration, sample_call
from ..text import GENERATED_NOTICE, csharp_string, lines, one_line, xml_doc, xml_doc_attr
from ..types import (
    ListOf,
    LiteralOf,
    MapOf,
    Named,
    Nullable,
    Prim,
    TypeExpr,
    TypeSyntaxError,
    UnionOf,
    parse_type,
    walk,
)
from .base import Emitter, LanguageSettings, all_fields, setting_matches
from .layer import ImportTable, by_area

# C# keywords, and the contextual keywords that break code as identifiers; both escaped with '@'.
KEYWORDS = frozenset(
    [
        "abstract",
        "as",
        "base",
        "bool",
        "break",
        "byte",
        "case",
        "catch",
        "char",
        "checked",
        "class",
        "const",
        "continue",
        "decimal",
        "default",
        "delegate",
        "do",
        "double",
        "else",
        "enum",
        "event",
        "explicit",
        "extern",
        "false",
        "finally",
        "fixed",
        "float",
        "for",
        "foreach",
        "goto",
        "if",
        "implicit",
        "in",
        "int",
        "interface",
        "internal",
        "is",
        "lock",
        "long",
        "namespace",
        "new",
        "null",
        "object",
        "operator",
        "out",
        "override",
        "params",
        "private",
        "protected",
        "public",
        "readonly",
        "ref",
        "return",
        "sbyte",
        "sealed",
        "short",
        "sizeof",
        "stackalloc",
        "static",
        "string",
        "struct",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "uint",
        "ulong",
        "unchecked",
        "unsafe",
        "ushort",
        "using",
        "virtual",
        "void",
        "volatile",
        "while",
        "__arglist",
        "__makeref",
        "__reftype",
        "__refvalue",
    ]
)
CONTEXTUAL_KEYWORDS = frozenset(
    [
        "add",
        "alias",
        "and",
        "args",
        "ascending",
        "async",
        "await",
        "by",
        "descending",
        "dynamic",
        "equals",
        "file",
        "from",
        "get",
        "global",
        "group",
        "init",
        "into",
        "join",
        "let",
        "managed",
        "nameof",
        "nint",
        "not",
        "notnull",
        "nuint",
        "on",
        "or",
        "orderby",
        "partial",
        "record",
        "remove",
        "required",
        "scoped",
        "select",
        "set",
        "unmanaged",
        "value",
        "var",
        "when",
        "where",
        "with",
        "yield",
    ]
)
RESERVED = KEYWORDS | CONTEXTUAL_KEYWORDS

# Built-in types written as C# keywords, by the canonical primitive name.
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
# Spellings of primitives that are valid C# and kept as written.
CSHARP_PRIMITIVE_SPELLINGS = {
    "string": "string",
    "int": "int",
    "long": "long",
    "double": "double",
    "float": "float",
    "decimal": "decimal",
    "bool": "bool",
    "object": "object",
    "dynamic": "object",
    "DateTime": "DateTime",
    "String": "string",
    "Int32": "int",
    "Int64": "long",
    "Double": "double",
    "Boolean": "bool",
    "Object": "object",
    "void": "object",
}
VALUE_TYPES = frozenset(
    {
        "int",
        "long",
        "double",
        "float",
        "decimal",
        "bool",
        "DateTime",
        "DateTimeOffset",
        "TimeSpan",
        "Guid",
        "CancellationToken",
    }
)
# Types .NET provides itself: the docs name them but never define them.
BUILTINS = {
    "Task": "System.Threading.Tasks.Task",
    "CancellationToken": "System.Threading.CancellationToken",
    "DateTime": "System.DateTime",
    "DateTimeOffset": "System.DateTimeOffset",
    "TimeSpan": "System.TimeSpan",
    "Guid": "System.Guid",
    "Uri": "System.Uri",
    "Exception": "System.Exception",
    "List": "System.Collections.Generic.List",
    "Dictionary": "System.Collections.Generic.Dictionary",
    "Delegate": "System.Delegate",
    "NotImplementedException": "System.NotImplementedException",
}
VALID_LIST_SPELLINGS = {"List<", "IList<", "IEnumerable<", "ICollection<", "IReadOnlyList<", "T[]"}
VALID_MAP_SPELLINGS = {"Dictionary<", "IDictionary<", "IReadOnlyDictionary<"}
USINGS = ["System", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks"]
# The serializer's attributes and converter, by the short name the output writes when nothing
# the docs define shadows it (else fully qualified).
SERIALIZATION = {
    "JsonProperty": "Newtonsoft.Json.JsonProperty",
    "JsonIgnore": "Newtonsoft.Json.JsonIgnore",
    "JsonConverter": "Newtonsoft.Json.JsonConverter",
    "StringEnumConverter": "Newtonsoft.Json.Converters.StringEnumConverter",
    "EnumMember": "System.Runtime.Serialization.EnumMember",
}
ENUM_USINGS = ["System.Runtime.Serialization", "Newtonsoft.Json", "Newtonsoft.Json.Converters"]
# The runtime's types (``bodies = "http"``), in the root namespace beside the services.
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
    {
        "DefaultBaseUrl",
        "DefaultMaxRetries",
        "DefaultTimeout",
        "PackageName",
        "PackageVersion",
        "MaxRetryAfter",
        "Infinite",
        "Jitter",
        "ApiKey",
        "ClientId",
        "BaseUrl",
        "Transport",
        "Timeout",
        "MaxRetries",
        "UserAgent",
        "SendRawAsync",
        "SendAsync",
        "Paginate",
        "DelayAsync",
        "RetryDelay",
        "RetryAfter",
        "SendOnceAsync",
        "Observe",
        "Headers",
        "CheckHeaderName",
        "CheckHeaderValue",
        "Visible",
        "IsRetryable",
        "IsRetryableStatus",
        "IsConnectionFailure",
    }
)
# The one runtime dependency of the package, and the framework it targets: netstandard2.0 runs on
# .NET Framework 4.6.1+, .NET Core 2.0+, .NET 5+ and Mono, and its default language is C# 7.3.
NEWTONSOFT_JSON_VERSION = "13.0.3"
TARGET_FRAMEWORK = "netstandard2.0"
LANG_VERSION = "7.3"
_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
# The query parameters of a page that auto-paging sets itself (left out of the README's loop).
_PAGING = frozenset({"after", "before", "limit", "order"})
# Where a parameter that is not in the JSON body travels, for the XML doc.
_PLACES = {"path": "the request path", "query": "the query string"}


_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


class DotnetSettings(LanguageSettings):
    namespace: str = "Example.Sdk"
    # Where the SDK provides the types the docs use but never define; default: ``namespace``.
    externals_namespace: str | None = None
    # The client's default base URL (``bodies = "http"``).
    base_url: str = "https://api.workos.com"

    @field_validator("namespace", "externals_namespace")
    @classmethod
    def _namespace(cls, value: str | None) -> str | None:
        rule = "a C# namespace is identifiers (ASCII letters, digits, '_') separated by '.'"
        return value if value is None else setting_matches(value, _NAMESPACE, rule)


def doc_comment(
    summary: str | None,
    *,
    params: Sequence[tuple[str, str | None]] = (),
    returns: str | None = None,
    remarks: Sequence[str] = (),
) -> list[str]:
    """``///`` lines; every description line XML-escaped, line breaks only from :func:`lines`.

    ``remarks`` are XML already: docs text in them went through :func:`xml_doc` and :func:`one_line`.
    """
    out = ["/// <summary>"]
    out += [f"/// {xml_doc(line)}".rstrip() for line in lines(summary)] or ["///"]
    out.append("/// </summary>")
    for name, text in params:
        body = [xml_doc(line) for line in lines(text)]
        if len(body) <= 1:
            out.append(f'/// <param name="{name}">{body[0] if body else ""}</param>')
        else:
            out += [f'/// <param name="{name}">', *[f"/// {line}".rstrip() for line in body], "/// </param>"]
    if returns:
        body = [xml_doc(line) for line in lines(returns)]
        out += ["/// <returns>", *[f"/// {line}".rstrip() for line in body], "/// </returns>"]
    if remarks:
        out += ["/// <remarks>", *[f"/// {line}" for line in remarks], "/// </remarks>"]
    return out


_TOKEN = re.compile("\x00([0-9]+)\x00")


@dataclass
class _Scope:
    """What a file sees: its own namespace and the names declared in it, names that would
    shadow a builtin, and the types it refers to in other namespaces.

    A type of another namespace is written as a token while the file is planned; once every
    reference is known (:meth:`finish`), each becomes its short name through a using alias
    (``using Factor = Example.Sdk.Mfa.Factor;``) when nothing the file sees has that name, else
    its namespace relative to the root (``Mfa.Factor``), else (a name nothing else can reach)
    ``global::``.
    """

    namespace: str
    shadowed: set[str] = field(default_factory=set)
    # Serialization names (``JsonProperty``) a documented type would shadow.
    shadowed_serialization: set[str] = field(default_factory=set)
    # Type names declared in this namespace: they hide any other type of that name.
    own: set[str] = field(default_factory=set)
    refs: dict[tuple[str, str, bool], str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def ref(self, space: str, text: str, generic: bool) -> str:
        """A token for ``space.text`` (``generic``: written with type arguments) until :meth:`finish`."""
        return self.refs.setdefault((space, text, generic), f"\x00{len(self.refs)}\x00")

    def finish(self, areas: _Areas) -> list[str]:
        """Decides how each reference is written; the using aliases that makes it need.

        The file's :class:`~codegen.languages.layer.ImportTable`, qualifying on a clash: a name is
        taken (so written qualified wherever the file uses it) when the file's namespace declares
        it, when the file meets it before its usings (:attr:`_Areas.outer`), when it refers to it
        in two namespaces, or when it writes it with type arguments (a using alias is never
        generic). The root namespace's types need no using: they are written bare unless the
        file's namespace declares their name."""
        spaces: dict[str, set[str]] = defaultdict(set)
        generic: set[str] = set()
        for space, text, is_generic in self.refs:
            spaces[text].add(space)
            if is_generic:
                generic.add(text)
        shared = {text for text, found in spaces.items() if len(found) > 1}
        table: ImportTable[str] = ImportTable(
            self.own | areas.outer | shared | generic,
            qualify=lambda space, text: self.qualified(space, text, areas.root),
            implicit=lambda space: space == areas.root,
        )
        for space, text, _ in self.refs:
            if space == areas.root and text not in self.own:
                table.declare(text, source=areas.root)
        for (space, text, _), token in self.refs.items():
            self.texts[token] = table.ref(space, text)
        usings = sorted((local, space, text) for space, names in table.imports() for text, local in names)
        return [f"{local} = {space}.{text}" for local, space, text in usings]

    def qualified(self, space: str, text: str, root: str) -> str:
        """``space.text`` written relative to the root (``Mfa.Factor``) when the file's own
        namespace does not hide the first part; else ``global::``."""
        relative = space.removeprefix(root + ".") if space.startswith(root + ".") else None
        if relative is not None and relative.split(".", 1)[0] not in self.own:
            return f"{relative}.{text}"
        return f"global::{space}.{text}"

    def resolve(self, value: Any) -> Any:
        """``value`` (text, or lists and dicts of it) with every token written as decided."""
        if isinstance(value, str):
            return _TOKEN.sub(lambda m: self.texts[m.group(0)], value)
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value


class DotnetEmitter(Emitter):
    name = "dotnet"
    fence = "csharp"
    settings_model = DotnetSettings
    builtin_types: ClassVar[frozenset[str]] = frozenset(BUILTINS)
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "named"
    settings: DotnetSettings

    # --- names ------------------------------------------------------------------------------
    def escape(self, name: str) -> str:
        return safe_identifier(name, RESERVED, suffix="", prefix="@")

    def type_name(self, name: str) -> str:
        name = self.rename(name)
        return self.escape(name if is_identifier(name) and name[:1].isupper() else pascal(name) or name)

    def member(self, name: str) -> str:
        """Properties and methods: PascalCase, kept as the docs write them when they already are."""
        name = self.rename(name)
        if is_identifier(name) and name[:1].isupper():
            return self.escape(name)
        return self.escape(pascal(name) or name)

    def parameter(self, name: str) -> str:
        name = self.rename(name)
        if is_identifier(name) and name[:1].islower():
            return self.escape(name)
        return self.escape(camel(name) or name)

    def service_class(self, service: str | None) -> str:
        if service is None:
            return "Functions"
        base = service.lstrip("$")
        if base.lower().endswith("service"):
            base = base[: -len("service")]
        return self.escape(pascal(base) + "Service")

    def namespace(self, dotted: str) -> str:
        return ".".join(self.escape(part) for part in dotted.split(".") if part)

    @property
    def root_namespace(self) -> str:
        return self.namespace(self.settings.namespace) or "Sdk"

    @property
    def externals_namespace(self) -> str:
        return self.namespace(self.settings.externals_namespace or "") or self.root_namespace

    def area_segment(self, area: str, taken: frozenset[str] = frozenset()) -> str:
        segment = self.escape(pascal(area) or "Common").lstrip("@")
        return segment + "Area" if segment in taken else segment

    @staticmethod
    def file_stem(name: str) -> str:
        return name.lstrip("@")

    @property
    def http(self) -> bool:
        """Whether method bodies make the HTTP call (``bodies = "http"``) on the generated runtime."""
        return self.settings.bodies == "http"

    @property
    def runtime_names(self) -> frozenset[str]:
        return frozenset(RUNTIME.values()) if self.http else frozenset()

    def property_names(self, item: Model | OptionClass, diags: Diagnostics | None = None) -> dict[str, str]:
        """Documented field name -> C# property name of a class (the first field of a name wins)."""
        class_name = self.type_name(item.name)
        names = UniqueNames(diags, self.name, f"property of {class_name}")
        out: dict[str, str] = {}
        for f in item.fields:
            if f.is_method:
                continue
            name = self.member(f.name)
            if name == class_name:
                name += "Value"
            out.setdefault(f.name, names.claim(name, f.name, f.loc))
        return out

    def enum_member_names(self, enum: Enum, diags: Diagnostics | None = None) -> list[str]:
        enum_name = self.type_name(enum.name)
        names = UniqueNames(diags, self.name, f"member of {enum_name}", reserved=[enum_name])
        return [names.claim(self.escape(pascal(value) or "Value"), value, enum.loc) for value in enum.values]

    def service_properties(self, class_names: Sequence[str]) -> dict[str, str]:
        """Service class -> the client's property for it (``OrganizationsService`` -> ``Organizations``)."""
        names = UniqueNames(None, self.name, "service", reserved=[*CLIENT_MEMBERS, RUNTIME["client"]])
        out = {}
        for class_name in sorted(class_names):
            if class_name == "Functions":
                continue
            short = class_name.removesuffix("Service")
            out[class_name] = names.claim(short if is_identifier(short) else class_name, class_name)
        return out

    # --- IR helpers -----------------------------------------------------------------------------
    def return_type_expr(self, field_: Field) -> TypeExpr | None:
        """The docs write ``.NET`` returns as a key (``Task<Challenge>``) without a type."""
        if field_.type is not None:
            return field_.type
        try:
            return parse_type(field_.name)
        except TypeSyntaxError:
            return None

    def externals(self, api: LanguageAPI) -> list[str]:
        return sorted(self.external_arities(api))

    def external_arities(self, api: LanguageAPI) -> dict[str, int]:
        """Each external (``Qualifier.Name`` or ``Name``) with its generic arity."""
        defined = {m.name for m in api.models} | {o.name for o in api.options} | {e.name for e in api.enums}
        exprs: list[TypeExpr | None] = [f.type for f in all_fields(api)]
        exprs += [self.return_type_expr(r) for op in api.operations for r in op.returns if r.type is None]
        result: dict[str, int] = {}
        for expr in exprs:
            for node in walk(expr) if expr is not None else []:
                if isinstance(node, Named) and node.name not in defined and node.name not in BUILTINS:
                    key = f"{node.qualifier}.{node.name}" if node.qualifier else node.name
                    result[key] = max(result.get(key, 0), len(node.args))
        items: list[Model | OptionClass] = [*api.models, *api.options]
        for item in items:
            if item.base and item.base not in defined and item.base not in BUILTINS:
                result.setdefault(item.base, 0)
        return dict(sorted(result.items()))

    # --- types ----------------------------------------------------------------------------------
    def reinterpretation(self, expr: TypeExpr) -> str | None:
        if isinstance(expr, Prim):
            if not expr.spelling or expr.spelling in CSHARP_PRIMITIVE_SPELLINGS:
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

    def builtin(self, name: str, scope: _Scope) -> str:
        return f"global::{BUILTINS[name]}" if name in scope.shadowed else name

    def serialization(self, name: str, scope: _Scope) -> str:
        return f"global::{SERIALIZATION[name]}" if name in scope.shadowed_serialization else name

    def is_value(self, expr: TypeExpr | None, text: str, areas: _Areas) -> bool:
        """Whether the C# type ``text`` (written for ``expr``) is a value type: ``T?`` is nullable."""
        if isinstance(expr, Named) and expr.area is not None and (expr.area, expr.name) in areas.enums:
            return True
        return _is_value_type(text)

    def type(self, expr: TypeExpr | None, scope: _Scope, areas: _Areas) -> str:
        if expr is None:
            return "object"
        if isinstance(expr, Prim):
            text = CSHARP_PRIMITIVE_SPELLINGS.get(expr.spelling, PRIMITIVES[expr.name])
            return self.builtin(text, scope) if text in BUILTINS else text
        if isinstance(expr, LiteralOf):
            return "string"
        if isinstance(expr, UnionOf):
            return "object"
        if isinstance(expr, ListOf):
            item = self.type(expr.item, scope, areas)
            if expr.spelling == "T[]":
                return f"{item}[]"
            return f"{self.builtin('List', scope)}<{item}>"
        if isinstance(expr, MapOf):
            key, value = self.type(expr.key, scope, areas), self.type(expr.value, scope, areas)
            return f"{self.builtin('Dictionary', scope)}<{key}, {value}>"
        if isinstance(expr, Nullable):
            inner = self.type(expr.inner, scope, areas)
            return f"{inner}?" if self.is_value(expr.inner, inner, areas) else inner
        assert isinstance(expr, Named)
        args = f"<{', '.join(self.type(a, scope, areas) for a in expr.args)}>" if expr.args else ""
        return self.named(expr.name, expr.qualifier, expr.area, scope, areas, generic=bool(args)) + args

    def named(
        self, name: str, qualifier: str | None, area: str | None, scope: _Scope, areas: _Areas, *, generic: bool = False
    ) -> str:
        if area is None:
            area = areas.lookup(name, scope.namespace)
        if area is None:
            if name in BUILTINS:
                return self.builtin(name, scope)
            space = self.external_space(qualifier)
        else:
            space = areas.namespace(area)
        text = self.type_name(name)
        return text if space == scope.namespace else scope.ref(space, text, generic)

    def external_space(self, qualifier: str | None) -> str:
        """The namespace of an external: ``externals_namespace``, plus its qualifier (``mfa.X``)."""
        if not qualifier:
            return self.externals_namespace
        parts = qualifier.replace("\\", ".").split(".")
        return self.externals_namespace + "." + self.namespace(".".join(pascal(p) or p for p in parts))

    def field_type(self, field_: Field, scope: _Scope, areas: _Areas, option_type: str | None = None) -> str:
        text = option_type or self.type(field_.type, scope, areas)
        if field_.optional and self.is_value(None if option_type else field_.type, text, areas):
            return text + "?"
        return text

    # --- rendering ------------------------------------------------------------------------------
    def header(self) -> list[str]:
        return ["// <auto-generated/>", f"// {GENERATED_NOTICE}"]

    def render(self, api: LanguageAPI) -> dict[str, str]:
        areas = _Areas(self, api)
        files: dict[str, str] = {}
        written: dict[str, str] = {}  # path -> the documented name written there
        items: list[Model | OptionClass] = [*api.models, *api.options]
        for item in sorted(items, key=lambda i: (i.area, i.name)):
            directory = areas.namespace(item.area).rsplit(".", 1)[-1]
            path = f"{directory}/{self.file_stem(self.type_name(item.name))}.cs"
            if path in files:
                if written[path] != item.name:
                    self.class_collision(item.loc, self.type_name(item.name), item.name, written[path])
                continue
            written[path] = item.name
            files[path] = self.class_file(item, areas)
        for enum in api.enums:
            directory = areas.namespace(enum.area).rsplit(".", 1)[-1]
            path = f"{directory}/{self.file_stem(self.type_name(enum.name))}.cs"
            if path in files:
                if written[path] != enum.name:
                    self.class_collision(enum.loc, self.type_name(enum.name), enum.name, written[path])
                continue
            written[path] = enum.name
            files[path] = self.enum_file(enum, areas)
        services = by_area(api.operations, lambda op: self.service_class(op.service))
        for name, ops in services.items():
            files[f"Services/{self.file_stem(name)}.cs"] = self.service_file(name, ops, areas)
        if self.http:
            files.update(self.runtime_files(list(services)))
        files.update(self.package_files(api))
        return files

    # --- the package ----------------------------------------------------------------------------
    @property
    def package_id(self) -> str:
        """The NuGet package id: ``package_name`` (``@scope/name`` written ``scope.name``), else the
        root namespace."""
        name = self.settings.package_name
        if not name:
            return self.assembly_name
        # NuGet's rule: word characters in runs joined by single '.' or '-', at most 100 characters.
        name = re.sub(r"[.-]{2,}", lambda m: m.group()[0], name.lstrip("@").replace("/", "."))
        return name[:100].strip(".-") or self.assembly_name

    @property
    def assembly_name(self) -> str:
        """The assembly (and project file) name: the root namespace."""
        return self.root_namespace.replace("@", "")

    def package_files(self, api: LanguageAPI) -> dict[str, str]:
        """The project file (SDK-style, the package's metadata, Newtonsoft.Json) and the README."""
        s = self.settings
        project = self.template(
            "project.csproj.j2",
            notice=GENERATED_NOTICE,
            target_framework=TARGET_FRAMEWORK,
            lang_version=LANG_VERSION,
            assembly=self.assembly_name,
            namespace=self.root_namespace,
            package_id=self.package_id,
            version=s.version,
            description=xml_doc(s.description or f"The {self.package_id} SDK, generated by codegen."),
            authors=xml_doc(s.author) if s.author else None,
            license=xml_doc(s.license) if s.license else None,
            repository=xml_doc(s.repository) if s.repository else None,
            newtonsoft=NEWTONSOFT_JSON_VERSION,
        )
        readme = self.template(
            "README.md.j2",
            notice=GENERATED_NOTICE,
            http=self.http,
            package_id=self.package_id,
            version=s.version,
            description=one_line(s.description),
            license=one_line(s.license),
            repository=one_line(s.repository),
            namespace=self.root_namespace,
            base_url=csharp_string(self.settings.base_url),
            target_framework=TARGET_FRAMEWORK,
            newtonsoft=NEWTONSOFT_JSON_VERSION,
            names=RUNTIME,
            families=[(RUNTIME[family], status) for family, status, _ in ERROR_FAMILIES],
            **self.readme_examples(api),
        )
        return {f"{self.assembly_name}.csproj": project, "README.md": readme}

    def readme_examples(self, api: LanguageAPI) -> dict[str, str | None]:
        """The README's code: a call, an auto-paging loop and a raw request of the API itself (None
        when it has no such operation), each in a fence no backtick of its text can close."""
        if not self.http:
            return {"call": None, "pages": None, "raw": None, "fence": "```"}
        decls = Declarations.of(api)
        ops = sorted(
            (op for op in api.operations if op.http is not None and self.service_class(op.service) != "Functions"),
            key=lambda o: (o.http.method.upper() != "GET" if o.http else True, o.area, o.key),
        )
        call = pages = raw = None
        for op in ops:
            paged = _page_item(self._returns(op), op) is not None
            if call is not None and (pages is not None or not paged):
                continue
            sample = sample_call(op, api, decls)
            if call is None:
                example = self.example(sample, api)
                if example is not None:
                    call, raw = "\n".join(example.lines), self.raw_request(sample)
            if pages is None and paged:
                # The first page's call: the cursors and page size left to the auto-paging.
                first = [a for a in sample.args if not a.field.optional and a.wire_name not in _PAGING]
                example = self.example(replace(sample, args=tuple(first)), api, pages=True)
                if example is not None:
                    pages = "\n".join([*example.lines, "foreach (var item in items)", "{", "    // ...", "}"])
            if call is not None and pages is not None:
                break
        text = "\n".join(t for t in (call, pages, raw) if t)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
        return {"call": call, "pages": pages, "raw": raw, "fence": fence}

    def _returns(self, op: Operation) -> TypeExpr | None:
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name in ("error", "err"))]
        return self.return_type_expr(returns[0]) if returns else None

    def raw_request(self, call: SampleCall) -> str:
        """``new ApiRequest(...)`` of a sample call's method and path (its path values filled in)."""
        http = call.operation.http
        assert http is not None
        values = {**dict(call.holes), **{a.wire_name: a.value for a in call.args if a.place == "path"}}
        parts: list[str] = []
        for i, piece in enumerate(re.split(r"\{([^{}]*)\}", http.path)):
            if i % 2 == 0:
                if piece:
                    parts.append(csharp_string(piece))
            else:
                value = values.get(piece)
                text = csharp_string(str(value)) if value is not None else "null"
                parts.append(f"{RUNTIME['request']}.Segment({csharp_string(piece)}, {text})")
        method = http.method.upper()
        has_body = any(w.place == "body" for w in http.params)
        return (
            f"var request = new {RUNTIME['request']}({csharp_string(method)}, {' + '.join(parts) or chr(34) * 2}, "
            f"{'true' if has_body else 'false'});"
        )

    def runtime_files(self, services: list[str]) -> dict[str, str]:
        """The client (a property per service) and the runtime: transport seam, errors, JSON, pages."""
        properties = self.service_properties(services)
        common = {"header": self.header(), "namespace": self.root_namespace, "names": RUNTIME}
        client = self.template(
            "client.cs.j2",
            **common,
            base_url=self.settings.base_url,
            package_name=self.package_id,
            version=self.settings.version,
            services=[
                {
                    "type": name,
                    "property": prop,
                    "field": "_" + (camel(prop) or "service"),
                    "label": xml_doc(one_line(prop)),
                }
                for name, prop in properties.items()
            ],
        )
        families = [
            {"name": RUNTIME[family], "doc": doc, "retry_after": family == "rate_limit_exceeded"}
            for family, _, doc in ERROR_FAMILIES
        ]
        return {
            f"Runtime/{RUNTIME['client']}.cs": client,
            "Runtime/Errors.cs": self.template("errors.cs.j2", **common, families=families),
            "Runtime/Runtime.cs": self.template("runtime.cs.j2", **common),
        }

    def class_file(self, item: Model | OptionClass, areas: _Areas) -> str:
        scope = areas.scope(areas.namespace(item.area))
        class_name = self.type_name(item.name)
        kind = item.kind if isinstance(item, Model) else "class"
        base = None
        if item.base:
            base = self.named(item.base, None, areas.lookup(item.base, scope.namespace), scope, areas)
        properties = []
        names = UniqueNames(self.diags, self.name, f"property of {class_name}")
        in_json: set[str] = set()
        for f in item.fields:
            if f.is_method:
                continue
            name = self.member(f.name)
            if name == class_name:
                name += "Value"
            name = names.claim(name, f.name, f.loc)
            remarks = []
            if f.wire_name or not (isinstance(item, OptionClass) or self.http):
                remarks.append(f"Wire name: <c>{xml_doc(one_line(f.wire_name or f.name))}</c>.")
            attributes = []
            if f.wire_name and kind != "interface":
                attributes.append(f"{self.serialization('JsonProperty', scope)}({csharp_string(f.wire_name)})")
            if f.place in _PLACES and kind != "interface":
                attributes.append(self.serialization("JsonIgnore", scope))
                remarks.append(f"Sent in {_PLACES[f.place]}, not in the JSON body.")
            elif f.wire_name and kind != "interface" and f.wire_name in in_json:
                # Newtonsoft refuses two members of one JSON name: the first documented one is sent.
                attributes.append(self.serialization("JsonIgnore", scope))
                remarks.append("Left out of the JSON: an earlier property has this wire name.")
            elif f.wire_name:
                in_json.add(f.wire_name)
            elif self.http and kind != "interface":
                # Never sent or read under a name the HTTP reference does not give.
                attributes.append(self.serialization("JsonIgnore", scope))
                remarks.append("Left out of the JSON: the HTTP reference gives it no wire name.")
            remarks += self.type_remarks(f)
            modifier = "public " if kind != "interface" else ""
            properties.append(
                {
                    "attributes": attributes,
                    "declaration": f"{modifier}{self.field_type(f, scope, areas)} {name} {{ get; set; }}",
                    "doc": doc_comment(f.description or name, remarks=remarks),
                }
            )
        summary = item.description or (
            f"The options of {item.name}." if isinstance(item, OptionClass) else item.title or item.name
        )
        url = item.url if isinstance(item, Model) else None
        remarks = [f'See <see href="{xml_doc_attr(url)}"/>.'] if url else []
        serialized = any(p["attributes"] for p in properties) and "JsonProperty" not in scope.shadowed_serialization
        aliases = scope.finish(areas)
        return self.template(
            "class.cs.j2",
            header=self.header(),
            usings=[*USINGS, *(["Newtonsoft.Json"] if serialized else []), *aliases],
            namespace=scope.namespace,
            kind="interface" if kind == "interface" else "class",
            class_name=class_name,
            base=scope.resolve(base),
            doc=doc_comment(summary, remarks=remarks),
            properties=scope.resolve(properties),
        )

    def enum_file(self, enum: Enum, areas: _Areas) -> str:
        scope = areas.scope(areas.namespace(enum.area))
        enum_name = self.type_name(enum.name)
        members = [
            {
                "name": name,
                "value": value,
                "doc": [f"/// <summary><c>{xml_doc(one_line(value))}</c> on the wire.</summary>"],
            }
            for name, value in zip(self.enum_member_names(enum, self.diags), enum.values, strict=True)
        ]
        return self.template(
            "enum.cs.j2",
            header=self.header(),
            usings=ENUM_USINGS,
            namespace=scope.namespace,
            enum_name=enum_name,
            doc=doc_comment(enum.description or f"The values of {enum_name}."),
            converter=self.serialization("JsonConverter", scope),
            string_converter=self.serialization("StringEnumConverter", scope),
            member_attribute=self.serialization("EnumMember", scope),
            members=members,
        )

    def type_remarks(self, f: Field) -> list[str]:
        nodes = walk(f.type) if f.type is not None else []
        remarks = []
        for node in nodes:
            if isinstance(node, LiteralOf):
                values = ", ".join(f"<c>{xml_doc(one_line(v))}</c>" for v in node.values)
                remarks.append(f"Allowed values: {values}.")
                break
        if f.type_text and any(self.reinterpretation(n) for n in nodes):
            remarks.append(f"Documented type: <c>{xml_doc(one_line(f.type_text))}</c>.")
        return remarks

    def service_file(self, class_name: str, ops: list[Operation], areas: _Areas) -> str:
        scope = areas.scope(self.root_namespace)
        methods = self.service_methods(class_name, ops, scope, areas, self.diags)
        static = class_name == "Functions"
        aliases = scope.finish(areas)
        return self.template(
            "service.cs.j2",
            header=self.header(),
            usings=[*USINGS, *aliases],
            namespace=scope.namespace,
            class_name=class_name,
            static=static,
            client=None if static or not self.http else RUNTIME["client"],
            doc=doc_comment(f"The {class_name.removesuffix('Service')} operations."),
            methods=scope.resolve(methods),
            not_implemented=self.builtin("NotImplementedException", scope),
        )

    def service_methods(
        self, class_name: str, ops: list[Operation], scope: _Scope, areas: _Areas, diags: Diagnostics | None
    ) -> list[dict[str, Any]]:
        """The methods of a service, in order, with their final names (overloads, numbering)."""
        methods: list[dict[str, Any]] = []
        # C# overloads: one name may take two parameter lists; the same list twice is a collision.
        names = UniqueNames(diags, self.name, f"method of {class_name}", reserved=[class_name])
        static = class_name == "Functions"
        for op in sorted(ops, key=lambda o: (self.member(o.name), o.page, o.key)):
            method = self.method(op, scope, areas, static=static, diags=diags)
            signature = tuple(str(p["type"]) for p in method["params"])
            method["name"] = names.claim(method["name"], op.name, op.loc, signature)
            methods.append(method)
            paging = method.pop("paging", None)
            if paging is not None:
                paging["name"] = names.claim(method["name"] + "AutoPaging", op.name, op.loc, signature)
                if diags is None:
                    paging["paging_of"] = id(op)
                methods.append(paging)
        return methods

    def method(
        self, op: Operation, scope: _Scope, areas: _Areas, *, static: bool = False, diags: Diagnostics | None = None
    ) -> dict[str, Any]:
        required: list[dict[str, Any]] = []
        optional: list[dict[str, Any]] = []
        names = UniqueNames(diags, self.name, f"parameter of {self.member(op.name)}")
        by_doc: dict[str, str] = {}
        token: str | None = None
        for p in op.params:
            if p.is_method:
                continue
            option_type = None
            if p.fields and not isinstance(p.type, Named):
                option_type = self.named(_pascal_options(op.name), None, op.area, scope, areas)
            text = option_type or self.type(p.type, scope, areas)
            name = names.claim(self.parameter(p.name), p.name, p.loc)
            by_doc.setdefault(p.name, name)
            is_token = text.endswith("CancellationToken")
            if is_token and token is None:
                token = name
            default = f" = default({text})" if is_token else (" = null" if p.optional else "")
            if p.optional and not is_token and self.is_value(None if option_type else p.type, text, areas):
                text += "?"
            param = {"name": name, "type": text, "default": default, "doc": p.description or p.name, "token": is_token}
            (optional if p.optional or is_token else required).append(param)
        optional.sort(key=lambda q: bool(q["token"]))
        params = required + optional
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name in ("error", "err"))]
        if returns:
            result = self.type(self.return_type_expr(returns[0]), scope, areas)
            return_doc = returns[0].description
        else:
            result, return_doc = self.builtin("Task", scope), None
        remarks = [f'See <see href="{xml_doc_attr(op.url)}"/>.'] if op.url else []
        doc = doc_comment(
            op.description or op.title or op.name,
            params=[(str(p["name"]).lstrip("@"), str(p["doc"])) for p in params],
            returns=return_doc,
            remarks=remarks,
        )
        method: dict[str, Any] = {
            "name": self.member(op.name),
            "params": params,
            "returns": result,
            "doc": doc,
            "body": None,
        }
        if diags is None:
            # What sample calls need (never rendered): names by documented name, required defaults.
            method["by_doc"] = by_doc
            method["required"] = {
                str(p["name"]): f"default({p['type']})" if self.is_value(None, str(p["type"]), areas) else "null"
                for p in required
            }
        if self.http and not static and op.http is not None:
            expr = self.return_type_expr(returns[0]) if returns else None
            self.http_body(method, op, by_doc=by_doc, token=token, expr=expr, scope=scope, areas=areas, remarks=remarks)
        return method

    def http_body(
        self,
        method: dict[str, Any],
        op: Operation,
        *,
        by_doc: dict[str, str],
        token: str | None,
        expr: TypeExpr | None,
        scope: _Scope,
        areas: _Areas,
        remarks: list[str],
    ) -> None:
        """The body that makes the HTTP call (``method["body"]``), and for a list operation the
        auto-paging method beside it (``method["paging"]``)."""
        request = self.request_lines(op, by_doc, scope, areas)
        cancel = token or f"default({self.builtin('CancellationToken', scope)})"
        task = expr if isinstance(expr, Named) and expr.name == "Task" and expr.area is None else None
        if expr is None or (task is not None and not task.args):
            call = f"return this._client.SendAsync(_request, {cancel});"
            method["kind"] = "void"
        elif task is not None:
            inner = self.type(task.args[0], scope, areas)
            call = f"return this._client.SendAsync<{inner}>(_request, {cancel});"
            method["kind"] = "task"
        else:
            result = method["returns"]
            call = f"return this._client.SendAsync<{result}>(_request, {cancel}).GetAwaiter().GetResult();"
            method["kind"] = "sync"
        method["body"] = [*request, call]
        item = _page_item(expr, op)
        if item is not None:
            item_type = self.type(item, scope, areas)
            params = method["params"]
            method["paging"] = {
                "name": method["name"] + "AutoPaging",
                "params": params,
                "returns": f"IEnumerable<{item_type}>",
                "doc": doc_comment(
                    f"Every item of {self.member(op.name)}, page after page (follows list_metadata.after).",
                    params=[(str(p["name"]).lstrip("@"), str(p["doc"])) for p in params],
                    returns="The items, fetched lazily as the enumeration goes on.",
                    remarks=remarks,
                ),
                "body": [*request, f"return this._client.Paginate<{item_type}>(_request, {cancel});"],
            }

    # --- sample calls (usage snippets, the conformance driver) -----------------------------------
    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        example = self.example(call, api)
        return None if example is None else "\n".join(example.lines)

    def example(self, call: SampleCall, api: LanguageAPI, *, pages: bool = False) -> _Example | None:
        """The call of ``call.operation`` on ``client`` (an ``ApiClient``) with the sample values,
        types written in full; ``pages``: its auto-paging method, the items kept in ``items``."""
        op = call.operation
        service = self.service_class(op.service)
        if not self.http or op.http is None or service == "Functions":
            return None
        areas, methods = self.sample_context(api, service)
        method = methods.get(id(op))
        if method is None:
            return None
        paging = method.get("paging_name")
        if pages and paging is None:
            return None
        by_doc: dict[str, str] = method["by_doc"]
        args: list[str] = []
        for p in op.params:
            if p.is_method or p.name not in by_doc:
                continue
            mine = [a for a in call.args if a.path[0] == p.name]
            name = by_doc[p.name]
            if any(len(a.path) == 1 for a in mine):
                arg = next(a for a in mine if len(a.path) == 1)
                args.append(f"{name}: {self.literal(arg.field.type, arg.value, areas)}")
            elif mine:
                cls = self.param_class(p, op, areas)
                args.append(f"{name}: {self.initializer(cls, [(a.path[1:], a) for a in mine], areas)}")
            elif not p.optional and name in method["required"]:
                args.append(f"{name}: {method['required'][name]}")
        target = f"client.{self.service_properties([service])[service]}"
        invocation = f"{target}.{paging if pages else method['name']}({', '.join(args)})"
        if pages:
            return _Example([f"var items = {invocation};"], "items")
        kind = method["kind"]
        if kind == "void":
            return _Example([f"await {invocation};"], None)
        if kind == "task":
            return _Example([f"var result = await {invocation};"], "result")
        return _Example([f"var result = {invocation};"], "result")

    def sample_context(self, api: LanguageAPI, service: str) -> tuple[_Areas, dict[int, dict[str, Any]]]:
        """The areas of ``api`` and the methods of one service by operation (planned anew for
        every sample call, without diagnostics: nothing of a render is kept on the emitter)."""
        areas = _Areas(self, api)
        ops = [op for op in api.operations if self.service_class(op.service) == service]
        methods = self.service_methods(service, ops, areas.scope(self.root_namespace), areas, None)
        ordered = sorted(ops, key=lambda o: (self.member(o.name), o.page, o.key))
        plain = [m for m in methods if not m.get("paging_of")]
        found: dict[int, dict[str, Any]] = {}
        for op, method in zip(ordered, plain, strict=True):
            found[id(op)] = method
        for m in methods:
            if m.get("paging_of") is not None:
                found[m["paging_of"]]["paging_name"] = m["name"]
        return areas, found

    def initializer(
        self, cls: Model | OptionClass | None, args: list[tuple[tuple[str, ...], Any]], areas: _Areas
    ) -> str:
        """``new T { Prop = value, ... }`` of the args under one object (paths relative to it)."""
        if cls is None:
            return "null"
        props = self.chain_properties(cls, areas)
        fields = {f.name: f for f in declared_fields(cls, areas.decls)}
        groups: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for path, arg in args:
            groups.setdefault(path[0], []).append((path, arg))
        items = []
        for name, group in groups.items():
            prop = props.get(name) or self.member(name)
            leaf = next((arg for path, arg in group if len(path) == 1), None)
            if leaf is not None:
                items.append(f"{prop} = {self.literal(leaf.field.type, leaf.value, areas)}")
            else:
                child = fields.get(name)
                child_cls = self.class_of(child.type, areas) if child is not None else None
                items.append(f"{prop} = {self.initializer(child_cls, [(p[1:], a) for p, a in group], areas)}")
        return (
            f"new {self.full_name(cls, areas)} {{ {', '.join(items)} }}"
            if items
            else f"new {self.full_name(cls, areas)}()"
        )

    def full_name(self, decl: Model | OptionClass | Enum, areas: _Areas) -> str:
        return f"{areas.namespace(decl.area)}.{self.type_name(decl.name)}"

    def full_type(self, expr: TypeExpr | None, areas: _Areas) -> str:
        """A C# type written in full (namespaces included), for code outside the SDK."""
        if expr is None or isinstance(expr, UnionOf):
            return "object"
        if isinstance(expr, Prim):
            text = CSHARP_PRIMITIVE_SPELLINGS.get(expr.spelling, PRIMITIVES[expr.name])
            return BUILTINS.get(text, text)
        if isinstance(expr, LiteralOf):
            return "string"
        if isinstance(expr, ListOf):
            item = self.full_type(expr.item, areas)
            return f"{item}[]" if expr.spelling == "T[]" else f"System.Collections.Generic.List<{item}>"
        if isinstance(expr, MapOf):
            key, value = self.full_type(expr.key, areas), self.full_type(expr.value, areas)
            return f"System.Collections.Generic.Dictionary<{key}, {value}>"
        if isinstance(expr, Nullable):
            inner = self.full_type(expr.inner, areas)
            return f"{inner}?" if self.is_value(expr.inner, inner, areas) else inner
        assert isinstance(expr, Named)
        args = f"<{', '.join(self.full_type(a, areas) for a in expr.args)}>" if expr.args else ""
        area = expr.area if expr.area is not None else areas.lookup(expr.name, "")
        if area is None:
            if expr.name in BUILTINS:
                return BUILTINS[expr.name] + args
            return f"{self.external_space(expr.qualifier)}.{self.type_name(expr.name)}{args}"
        return f"{areas.namespace(area)}.{self.type_name(expr.name)}{args}"

    def literal(self, expr: TypeExpr | None, value: Any, areas: _Areas) -> str:
        """The C# literal of ``value`` (JSON form) as the type ``expr``."""
        while isinstance(expr, Nullable):
            expr = expr.inner
        if value is None:
            return "null"
        if isinstance(expr, Prim):
            if expr.name == "datetime" and isinstance(value, str):
                match = _TIMESTAMP.fullmatch(value)
                if match:
                    y, mo, d, h, mi, sec = (int(g) for g in match.groups())
                    return f"new System.DateTime({y}, {mo}, {d}, {h}, {mi}, {sec}, System.DateTimeKind.Utc)"
                return (
                    f"System.DateTime.Parse({csharp_string(value)}, System.Globalization.CultureInfo.InvariantCulture, "
                    "System.Globalization.DateTimeStyles.AdjustToUniversal)"
                )
            if expr.name in ("int", "number") and isinstance(value, (int, float)) and not isinstance(value, bool):
                text = repr(value)
                suffix = {"float": "F", "decimal": "M"}.get(CSHARP_PRIMITIVE_SPELLINGS.get(expr.spelling, ""), "")
                return text + suffix if isinstance(value, float) or suffix else text
        if isinstance(expr, ListOf) and isinstance(value, list):
            items = ", ".join(self.literal(expr.item, v, areas) for v in value)
            return f"new {self.full_type(expr, areas)} {{ {items} }}"
        if isinstance(expr, MapOf) and isinstance(value, dict):
            items = ", ".join(
                f"{{ {self.literal(expr.key, k, areas)}, {self.literal(expr.value, v, areas)} }}"
                for k, v in value.items()
            )
            return f"new {self.full_type(expr, areas)} {{ {items} }}"
        if isinstance(expr, Named):
            decl = self.decl_of(expr, areas)
            if isinstance(decl, Enum) and value in decl.values:
                member = self.enum_member_names(decl)[decl.values.index(value)]
                return f"{self.full_name(decl, areas)}.{member}"
            if isinstance(decl, (Model, OptionClass)) and isinstance(value, dict):
                props = self.chain_properties(decl, areas)
                assigned: list[str] = []
                seen: set[str] = set()
                for f in declared_fields(decl, areas.decls):
                    if f.is_method or f.wire_name is None or f.wire_name not in value or f.wire_name in seen:
                        continue
                    seen.add(f.wire_name)
                    prop = props.get(f.name) or self.member(f.name)
                    assigned.append(f"{prop} = {self.literal(f.type, value[f.wire_name], areas)}")
                return f"new {self.full_name(decl, areas)} {{ {', '.join(assigned)} }}"
            if expr.name == "DateTimeOffset" and isinstance(value, str):
                culture = "System.Globalization.CultureInfo.InvariantCulture"
                return f"System.DateTimeOffset.Parse({csharp_string(value)}, {culture})"
        return self.json_literal(value)

    def json_literal(self, value: Any) -> str:
        """A JSON value as C# objects (``object`` fields): dictionaries, lists, strings, numbers."""
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, str):
            return csharp_string(value)
        if isinstance(value, list):
            items = ", ".join(self.json_literal(v) for v in value)
            return f"new System.Collections.Generic.List<object> {{ {items} }}"
        items = ", ".join(f"{{ {csharp_string(str(k))}, {self.json_literal(v)} }}" for k, v in value.items())
        return f"new System.Collections.Generic.Dictionary<string, object> {{ {items} }}"

    def wire_values(
        self, op: Operation, by_doc: dict[str, str], scope: _Scope, areas: _Areas
    ) -> list[tuple[str, Field]]:
        """(C# expression, field) of every field of the operation's parameters that goes on the wire:
        the parameters the docs link, and the fields of the option classes and request models they
        name (the walk of :func:`codegen.samples.sample_call`), then the fields a subclass of such a
        class adds (``(options as ChallengeSmsFactorOptions)?.SmsTemplate``)."""
        out: list[tuple[str, Field]] = []

        def walk(f: Field, expr: str, owner: Model | OptionClass | None, seen: frozenset[str]) -> None:
            if f.is_method:
                return
            if f.place is not None and f.wire_name is not None:
                out.append((expr, f))
                return
            if f.fields:
                props = self.property_names(owner) if owner is not None else {}
                for child in f.fields:
                    child_owner = self.class_of(child.type, areas)
                    walk(child, f"{expr}?.{props.get(child.name) or self.member(child.name)}", child_owner, seen)
                subclasses(owner, expr, seen)
                return
            decl = request_declaration(f.type, areas.decls)
            if decl is not None and decl.name not in seen:
                props = self.chain_properties(decl, areas)
                for child in declared_fields(decl, areas.decls):
                    child_owner = self.class_of(child.type, areas)
                    name = props.get(child.name) or self.member(child.name)
                    walk(child, f"{expr}?.{name}", child_owner, seen | {decl.name})
                subclasses(decl, expr, seen | {decl.name})

        def subclasses(owner: Model | OptionClass | None, expr: str, seen: frozenset[str]) -> None:
            for sub in areas.subclasses.get(owner.name, []) if owner is not None else []:
                if sub.name in seen:
                    continue
                cast = f"({expr} as {self.named(sub.name, None, sub.area, scope, areas)})"
                props = self.property_names(sub)
                for child in sub.fields:
                    name = props.get(child.name) or self.member(child.name)
                    walk(child, f"{cast}?.{name}", self.class_of(child.type, areas), seen | {sub.name})

        for p in op.params:
            if p.is_method or p.name not in by_doc:
                continue
            walk(p, by_doc[p.name], self.param_class(p, op, areas), frozenset())
        return out

    def class_of(self, expr: TypeExpr | None, areas: _Areas) -> Model | OptionClass | None:
        while isinstance(expr, Nullable):
            expr = expr.inner
        decl = self.decl_of(expr, areas) if isinstance(expr, Named) else None
        return decl if isinstance(decl, (Model, OptionClass)) else None

    def decl_of(self, expr: Named, areas: _Areas) -> Model | OptionClass | Enum | None:
        """The declaration a type names: the one of its area, else the sample index's."""
        if expr.area is not None and (expr.area, expr.name) in areas.by_area:
            return areas.by_area[(expr.area, expr.name)]
        return areas.decls.find(expr)

    def param_class(self, p: Field, op: Operation, areas: _Areas) -> Model | OptionClass | None:
        """The class a parameter with fields is written as: the one its type names, or the options
        class the linker gave the operation (``ListUsersOptions``)."""
        if isinstance(p.type, Named):
            decl = self.decl_of(p.type, areas)
            return decl if isinstance(decl, (Model, OptionClass)) else None
        if p.fields:
            return areas.options.get((op.area, _pascal_options(op.name)))
        return None

    def chain_properties(self, decl: Model | OptionClass, areas: _Areas) -> dict[str, str]:
        """Property names of a class and its bases (its own win)."""
        chain: list[Model | OptionClass] = []
        current: Model | OptionClass | None = decl
        while current is not None and current not in chain and len(chain) < 8:
            chain.append(current)
            base = areas.decls.by_name.get(current.base) if current.base else None
            current = base if isinstance(base, (Model, OptionClass)) else None
        out: dict[str, str] = {}
        for item in chain:
            for name, prop in self.property_names(item).items():
                out.setdefault(name, prop)
        return out

    def request_lines(self, op: Operation, by_doc: dict[str, str], scope: _Scope, areas: _Areas) -> list[str]:
        """The statements that build the request of ``op`` into ``_request``."""
        assert op.http is not None
        request = RUNTIME["request"]
        values: dict[tuple[str, str], str] = {}
        order: list[tuple[str, str]] = []
        for expr, f in self.wire_values(op, by_doc, scope, areas):
            key = (str(f.place), str(f.wire_name))
            if key not in values:
                values[key] = expr
                order.append(key)
        # The one value of a required parameter the docs of this language leave out (grant_type).
        for constant in op.http.constants({wire for _, wire in order}):
            key = (constant.place, constant.name)
            if constant.value is not None and key not in values:
                values[key] = csharp_string(constant.value)
                order.append(key)
        parts: list[str] = []
        for i, piece in enumerate(re.split(r"\{([^{}]*)\}", op.http.path)):
            if i % 2 == 0:
                if piece:
                    parts.append(csharp_string(piece))
            else:
                value = values.get(("path", piece), "null")
                parts.append(f"{request}.Segment({csharp_string(piece)}, {value})")
        path = " + ".join(parts) or '""'
        has_body = any(w.place == "body" for w in op.http.params) or any(place == "body" for place, _ in order)
        lines = [
            f"var _request = new {request}({csharp_string(op.http.method.upper())}, {path}, "
            f"{'true' if has_body else 'false'});"
        ]
        for place, wire in order:
            if place == "query":
                lines.append(f"_request.Query({csharp_string(wire)}, {values[(place, wire)]});")
            elif place == "body":
                lines.append(f"_request.Field({csharp_string(wire)}, {values[(place, wire)]});")
        return lines


def _page_item(expr: TypeExpr | None, op: Operation) -> TypeExpr | None:
    """The item type of a list operation (a GET whose reply is a page: ``Task<WorkOSList<User>>``)."""
    if op.http is None or op.http.method.upper() != "GET":
        return None
    if isinstance(expr, Named) and expr.name == "Task" and expr.area is None and len(expr.args) == 1:
        expr = expr.args[0]
    if isinstance(expr, Named) and len(expr.args) == 1 and expr.name not in BUILTINS:
        return expr.args[0]
    return None


def _is_value_type(text: str) -> bool:
    return text.removeprefix("global::System.").rsplit(".", 1)[-1] in VALUE_TYPES


def _pascal_options(op_name: str) -> str:
    """The name the linker gives an options class the docs never name (``ListUsersOptions``)."""
    parts = re.split(r"[^0-9A-Za-z]+|(?<=[a-z0-9])(?=[A-Z])", op_name)
    return "".join(p[:1].upper() + p[1:] for p in parts if p) + "Options"


class _Areas:
    """Area -> namespace, and name -> areas defining it, for one language API."""

    def __init__(self, emitter: DotnetEmitter, api: LanguageAPI) -> None:
        self.emitter = emitter
        self.defined: dict[str, set[str]] = defaultdict(set)
        items: list[Model | OptionClass | Enum] = [*api.models, *api.options, *api.enums]
        for item in items:
            self.defined[item.name].add(item.area)
        self.enums = {(e.area, e.name) for e in api.enums}
        self.decls = Declarations.of(api)
        # Declarations by (area, name): the same name in two areas is two types (PaginationOrder).
        self.by_area: dict[tuple[str, str], Model | OptionClass | Enum] = {}
        for item in items:
            self.by_area.setdefault((item.area, item.name), item)
        # The classes that extend each class, directly or not (by name), in declaration order.
        self.subclasses: dict[str, list[Model | OptionClass]] = defaultdict(list)
        classes: list[Model | OptionClass] = [*api.options, *api.models]
        for cls in classes:
            base, hops = cls.base, 0
            while base and hops < 8 and base != cls.name:
                self.subclasses[base].append(cls)
                parent = self.decls.by_name.get(base)
                base, hops = (parent.base if isinstance(parent, (Model, OptionClass)) else None), hops + 1
        self.options = {(o.area, o.name): o for o in api.options}
        externals = emitter.external_arities(api)
        services = {emitter.service_class(op.service) for op in api.operations}
        # An area's namespace is named like no type (Organization's objects live in
        # OrganizationArea): a type of its name would hide it from the files that write
        # ``Organization.Organization``, and from the root namespace.
        taken = frozenset(
            services
            | emitter.runtime_names
            | {name.split(".", 1)[0] for name in externals}
            | {name.rsplit(".", 1)[-1] for name in externals}
            | {emitter.type_name(item.name) for item in items}
        )
        self.root = emitter.root_namespace
        self.namespaces = {
            area: f"{self.root}.{emitter.area_segment(area, taken)}" for area in sorted({i.area for i in items})
        }
        # The type names each namespace declares.
        self.names_in: dict[str, set[str]] = defaultdict(set)
        for item in items:
            self.names_in[self.namespace(item.area)].add(emitter.type_name(item.name))
        self.names_in[self.root] |= services | emitter.runtime_names
        for external in externals:
            qualifier, _, simple = external.rpartition(".")
            self.names_in[emitter.external_space(qualifier or None)].add(emitter.type_name(simple))
        # Names a file inside the root namespace meets before its using aliases: the root's types,
        # the namespaces in it, and the root namespace's own parts.
        self.outer = self.names_in[self.root] | set(self.root.split("."))
        inside = [ns.removeprefix(self.root + ".") for ns in self.names_in if ns.startswith(self.root + ".")]
        self.outer |= {ns.split(".", 1)[0] for ns in inside}
        # Simple names that would shadow the builtins written bare.
        self.shadowing = {emitter.type_name(n) for n in self.defined} | {n.rsplit(".", 1)[-1] for n in externals}
        self.shadowing |= {ns.rsplit(".", 1)[-1] for ns in self.namespaces.values()}
        self.shadowing |= set(emitter.root_namespace.split(".")) | set(emitter.externals_namespace.split("."))

    def namespace(self, area: str) -> str:
        return self.namespaces.get(area) or f"{self.emitter.root_namespace}.{self.emitter.area_segment(area)}"

    def lookup(self, name: str, namespace: str) -> str | None:
        candidates = self.defined.get(name)
        if not candidates:
            return None
        for area in candidates:
            if self.namespace(area) == namespace:
                return area
        return sorted(candidates)[0]

    def scope(self, namespace: str) -> _Scope:
        return _Scope(
            namespace=namespace,
            shadowed={n for n in BUILTINS if n in self.shadowing},
            shadowed_serialization={n for n in SERIALIZATION if {n, n + "Attribute"} & self.shadowing},
            own=set(self.names_in.get(namespace, ())),
        )


@dataclass
class _Example:
    """The statements of a sample call, and the variable that keeps its result (None: it returns nothing)."""

    lines: list[str]
    result: str | None
