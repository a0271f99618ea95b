"""Java: a Maven-style source tree, one public top-level type per file.

Services are classes in ``<package>.<service>`` (``MfaApi``); models, option classes and enums
live in ``<package>.<area>.models`` (``User`` exists in two areas with different fields). Option
classes have private final fields, getters, a static ``builder()`` and a fluent
``<Name>Builder`` beside them. Types the docs never define are imported from
``externals_package``.

The wire (codegen.wire) is carried by Jackson annotations (jackson-annotations is the one
dependency): ``@JsonProperty("wire_name")`` on every field with a wire name; path and query
fields are ``@JsonIgnore`` (they travel in the URL, the Javadoc names them there); a field the
HTTP reference leaves out of an object it documents is ``@JsonIgnore`` too; only in objects the
reference does not document at all is a snake_case name guessed, and the Javadoc says so.
Enums (codegen.enums) are Java enums whose wire value is their ``@JsonValue getValue()``.
Models and option classes are ``@JsonInclude(NON_NULL)`` and ignore unknown keys; model fields
are boxed, so a key a reply leaves out stays out when the object is written back.

With ``bodies = "http"`` (the default) every method makes its documented call on a small runtime
rendered beside the SDK (``<package>.runtime``, templates/java/runtime/), which keeps
docs/RUNTIME.md: ``ApiClient`` (``ApiClient.builder()``: API key, client id, base URL, timeout,
retries, transport; the services, Jackson mapper, retries with backoff, auto-pagination), the
``Transport`` seam and its java.net.http default (redirects never followed), ``ApiRequest`` (path
values as one segment each; ``""``, ``.`` and ``..`` refused), ``RequestOptions`` (idempotency
key, extra headers, timeout), the typed ``ApiException`` with one subclass per status family and
``ApiTimeoutException``. The request code is written per operation from the IR (no reflection);
list operations also get ``<name>AutoPaging``. ``bodies = "stub"`` keeps the bodies that throw and
renders no runtime.

The package: ``pom.xml`` (groupId the base package, artifactId ``package_name`` or the base
package, the settings' metadata, Java 17, Jackson pinned) and, with the runtime, ``README.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar
from xml.sax.saxutils import escape as xml_escape

from pydantic import field_validator

from ..diagnostics import Diagnostics
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, camel, is_identifier, pascal, safe_identifier, screaming, snake, words
from ..samples import Declarations, SampleCall, sample_call, value_of
from ..text import GENERATED_NOTICE, javadoc_line, lines
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf, walk
from .base import Emitter, LanguageSettings, all_fields, setting_matches
from .layer import ImportTable, by_area

# Keywords, reserved literals and the contextual words that break code where we put names.
KEYWORDS = frozenset(
    {
        "abstract",
        "assert",
        "boolean",
        "break",
        "byte",
        "case",
        "catch",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extends",
        "final",
        "finally",
        "float",
        "for",
        "goto",
        "if",
        "implements",
        "import",
        "instanceof",
        "int",
        "interface",
        "long",
        "native",
        "new",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "short",
        "static",
        "strictfp",
        "super",
        "switch",
        "synchronized",
        "this",
        "throw",
        "throws",
        "transient",
        "try",
        "void",
        "volatile",
        "while",
        "true",
        "false",
        "null",
        "_",
        # Contextual: restricted identifiers and words that cannot name a type.
        "var",
        "yield",
        "record",
        "sealed",
        "permits",
        "non-sealed",
        "when",
        "exports",
        "module",
        "open",
        "opens",
        "provides",
        "requires",
        "to",
        "transitive",
        "uses",
        "with",
    }
)
# java.lang types the generated code spells by simple name: a generated class may not shadow them.
JAVA_LANG = frozenset(
    {
        "String",
        "Object",
        "Integer",
        "Long",
        "Double",
        "Boolean",
        "Void",
        "UnsupportedOperationException",
        "Override",
        "Class",
        "Number",
        "Character",
        "Short",
        "Byte",
        "Float",
        "Math",
        "System",
    }
)
# Members of java.lang.Object that a field, getter or fluent setter must not override by accident.
OBJECT_MEMBERS = frozenset(
    {"getClass", "hashCode", "equals", "toString", "notify", "notifyAll", "wait", "clone", "finalize"}
)
RESERVED = KEYWORDS
TYPE_RESERVED = KEYWORDS | JAVA_LANG
MEMBER_RESERVED = KEYWORDS | OBJECT_MEMBERS

# Named types the JDK provides: simple name -> package.
JDK_TYPES = {
    "UUID": "java.util",
    "URI": "java.net",
    "URL": "java.net",
    "Instant": "java.time",
    "LocalDate": "java.time",
    "LocalDateTime": "java.time",
    "OffsetDateTime": "java.time",
    "ZonedDateTime": "java.time",
    "Duration": "java.time",
    "BigDecimal": "java.math",
    "BigInteger": "java.math",
    "CompletableFuture": "java.util.concurrent",
    "Optional": "java.util",
    "Void": "java.lang",
    "Character": "java.lang",
    "Short": "java.lang",
    "Byte": "java.lang",
    "Float": "java.lang",
    "Number": "java.lang",
}
# Prim kind -> (primitive, boxed, package of the boxed type).
PRIMITIVES: dict[str, tuple[str, str, str]] = {
    "string": ("String", "String", "java.lang"),
    "int": ("int", "Integer", "java.lang"),
    "long": ("long", "Long", "java.lang"),
    "number": ("double", "Double", "java.lang"),
    "bool": ("boolean", "Boolean", "java.lang"),
    "datetime": ("OffsetDateTime", "OffsetDateTime", "java.time"),
    "any": ("Object", "Object", "java.lang"),
    "null": ("Object", "Object", "java.lang"),
    "void": ("void", "Void", "java.lang"),
}
# How the docs may spell a node and still be valid Java.
VALID_PRIM_SPELLINGS = frozenset(
    {
        "String",
        "Integer",
        "int",
        "Long",
        "long",
        "Double",
        "double",
        "Float",
        "float",
        "Boolean",
        "boolean",
        "Object",
        "Date",
        "Instant",
        "OffsetDateTime",
        "ZonedDateTime",
        "void",
        "Void",
        "short",
        "Short",
    }
)
VALID_LIST_SPELLINGS = frozenset({"List<", "ArrayList<", "Collection<", "Set<", "Iterable<", "java.util.List<"})
VALID_MAP_SPELLINGS = frozenset({"Map<", "HashMap<", "java.util.Map<"})
_LONG_SPELLINGS = frozenset({"long", "int64"})
_PACKAGE = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*")
_INTEGER = re.compile(r"-?[0-9]+")
# Where the Jackson annotations the wire needs come from.
JACKSON = "com.fasterxml.jackson.annotation"
DEFAULT_BASE_URL = "https://api.workos.com"
# Jackson, what the runtime and the models use, as the package manifest pins it (since 2.20
# jackson-annotations is versioned MAJOR.MINOR only).
JACKSON_ARTIFACTS = (
    ("com.fasterxml.jackson.core", "jackson-annotations", "2.23"),
    ("com.fasterxml.jackson.core", "jackson-core", "2.23.0"),
    ("com.fasterxml.jackson.core", "jackson-databind", "2.23.0"),
)
# Maven plugins the package manifest pins (the defaults of an older Maven cannot target Java 17).
MAVEN_PLUGINS = (
    ("maven-clean-plugin", "3.4.0"),
    ("maven-resources-plugin", "3.3.1"),
    ("maven-compiler-plugin", "3.13.0"),
    ("maven-surefire-plugin", "3.5.2"),
    ("maven-jar-plugin", "3.4.2"),
    ("maven-install-plugin", "3.1.3"),
    ("maven-deploy-plugin", "3.1.3"),
)
_DATABIND = "com.fasterxml.jackson.databind"
# Query parameters of pagination: the README's example leaves them to the auto-paging call.
_PAGING = frozenset({"after", "before", "limit", "order"})
# The typed errors by status family (docs/RUNTIME.md): class, the statuses, its Javadoc.
_STATUS_ERRORS: tuple[tuple[str, str], ...] = (
    ("BadRequestException", "400 Bad Request"),
    ("UnauthorizedException", "401 Unauthorized: the API key is missing or wrong"),
    ("ForbiddenException", "403 Forbidden"),
    ("NotFoundException", "404 Not Found"),
    ("ConflictException", "409 Conflict"),
    ("UnprocessableEntityException", "422 Unprocessable Entity"),
    ("ServerException", "a 5xx reply: the API failed"),
)
# The runtime classes (templates/java/runtime/<template>.java.j2): name, template, imports, Javadoc.
_RUNTIME: tuple[tuple[str, str, tuple[str, ...], list[str]], ...] = (
    (
        "ApiClient",
        "ApiClient",
        (
            f"{JACKSON}.JsonInclude",
            "com.fasterxml.jackson.core.JsonGenerator",
            "com.fasterxml.jackson.core.JsonParser",
            "com.fasterxml.jackson.core.JsonProcessingException",
            "com.fasterxml.jackson.core.type.TypeReference",
            f"{_DATABIND}.DeserializationContext",
            f"{_DATABIND}.DeserializationFeature",
            f"{_DATABIND}.JavaType",
            f"{_DATABIND}.JsonDeserializer",
            f"{_DATABIND}.JsonNode",
            f"{_DATABIND}.JsonSerializer",
            f"{_DATABIND}.ObjectMapper",
            f"{_DATABIND}.SerializationFeature",
            f"{_DATABIND}.SerializerProvider",
            f"{_DATABIND}.module.SimpleModule",
            "java.io.IOException",
            "java.io.InterruptedIOException",
            "java.io.UncheckedIOException",
            "java.net.SocketTimeoutException",
            "java.net.http.HttpTimeoutException",
            "java.nio.charset.StandardCharsets",
            "java.time.Duration",
            "java.time.Instant",
            "java.time.OffsetDateTime",
            "java.time.ZonedDateTime",
            "java.time.format.DateTimeFormatter",
            "java.time.format.DateTimeParseException",
            "java.util.Collections",
            "java.util.Iterator",
            "java.util.LinkedHashMap",
            "java.util.Locale",
            "java.util.Map",
            "java.util.NoSuchElementException",
            "java.util.Objects",
            "java.util.Set",
            "java.util.UUID",
            "java.util.concurrent.ThreadLocalRandom",
        ),
        [
            "The client of the API: API key, client id, base URL, timeout, retries and the transport",
            "that sends the requests; its methods give the services. JSON is read and written with Jackson.",
            "",
            "<p>A request is retried (up to {@link #getMaxRetries()} times) when its method is GET, HEAD,",
            "PUT, DELETE or OPTIONS or it carries an idempotency key, and the reply is 429, 500, 502, 503",
            "or 504 or the connection failed; it waits as the reply's <code>Retry-After</code> says (at",
            "most 60 s), else <code>min(0.5 s * 2^attempt, 8 s)</code> scaled by a random factor in",
            "[0.5, 1]. Redirects are never followed: a 3xx reply is an {@link ApiException}.",
        ],
    ),
    (
        "ApiException",
        "ApiException",
        (
            "com.fasterxml.jackson.core.JsonProcessingException",
            f"{_DATABIND}.JsonNode",
            f"{_DATABIND}.ObjectMapper",
            "java.nio.charset.StandardCharsets",
            "java.time.Duration",
            "java.time.Instant",
        ),
        [
            "An error reply of the API (any status outside 2xx): HTTP status, the body's <code>code</code>",
            "and <code>message</code>, the <code>X-Request-ID</code> response header and the raw body.",
            "Its subclasses name the status families; {@link #fromResponse} picks one.",
        ],
    ),
    *((name, "StatusException", (), [f"An {{@link ApiException}} of {text}."]) for name, text in _STATUS_ERRORS),
    (
        "RateLimitExceededException",
        "RateLimitExceededException",
        (),
        [
            "An {@link ApiException} of 429 Too Many Requests, with the seconds the",
            "<code>Retry-After</code> header asks to wait.",
        ],
    ),
    (
        "ApiTimeoutException",
        "ApiTimeoutException",
        ("java.io.IOException", "java.io.UncheckedIOException", "java.time.Duration"),
        [
            "A request that got no reply within its timeout (not an {@link ApiException}: no reply came);",
            "the transport's exception is its cause. It is never retried.",
        ],
    ),
    (
        "ApiRequest",
        "ApiRequest",
        (
            f"{_DATABIND}.JsonNode",
            f"{_DATABIND}.ObjectMapper",
            "java.math.BigDecimal",
            "java.nio.charset.StandardCharsets",
            "java.util.AbstractMap",
            "java.util.ArrayList",
            "java.util.LinkedHashMap",
            "java.util.List",
            "java.util.Map",
        ),
        ["One HTTP request of an operation: method, path template and its values, query, JSON body."],
    ),
    (
        "RequestOptions",
        "RequestOptions",
        ("java.time.Duration", "java.util.Collections", "java.util.LinkedHashMap", "java.util.Map"),
        [
            "The options of one call: an idempotency key (sent as <code>Idempotency-Key</code>), extra",
            "headers and a timeout. Build them with {@link #builder()}.",
        ],
    ),
    (
        "HttpClientTransport",
        "HttpClientTransport",
        (
            "java.io.IOException",
            "java.io.InterruptedIOException",
            "java.net.URI",
            "java.net.http.HttpClient",
            "java.net.http.HttpRequest",
            "java.net.http.HttpResponse",
            "java.time.Duration",
            "java.util.Locale",
            "java.util.Map",
            "java.util.Objects",
            "java.util.Set",
        ),
        ["The default {@link Transport}: {@link java.net.http.HttpClient}."],
    ),
    (
        "Transport",
        "Transport",
        ("java.io.IOException", "java.time.Duration", "java.util.List", "java.util.Map"),
        [
            "Sends HTTP requests: implement it to plug in your own HTTP client",
            "({@code ApiClient.builder().transport(transport)}) without editing generated files.",
            "A transport must not follow redirects: the client turns a 3xx reply into an error.",
        ],
    ),
)


class JavaSettings(LanguageSettings):
    package: str = "com.example.sdk"
    # Where the SDK provides the types the docs use but never define (``codegen externals``);
    # default ``<package>.externals``. A docs qualifier (``common.Foo``) becomes a subpackage.
    externals_package: str | None = None

    @field_validator("package", "externals_package")
    @classmethod
    def _package(cls, value: str | None) -> str | None:
        rule = "a Java package is identifiers (ASCII letters, digits, '_', '$') separated by '.'"
        return value if value is None else setting_matches(value, _PACKAGE, rule)


def javadoc(text: str | None) -> list[str]:
    """Javadoc lines of untrusted text (see :func:`codegen.text.javadoc_line`)."""
    return [javadoc_line(line) for line in lines(text)]


_JAVA_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
# A keep marker (``codegen:begin-keep``) in a value: its colon is written as an escape.
_KEEP_MARKER = re.compile(r"(codegen):(?=(?:begin|end)-keep)", re.IGNORECASE)


def java_string(value: str) -> str:
    """A Java string literal holding exactly ``value``, as ASCII source text.

    ASCII controls are octal escapes (``\\uXXXX`` would be translated before lexing: ``\\u000a``
    ends the line), everything past ASCII ``\\uXXXX`` (surrogate pairs past the BMP), and a keep
    marker's colon ``\\072``. (The escaping layer, codegen/text.py, has no Java literal yet.)
    """
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


def comment_block(body: list[str], indent: str) -> list[str]:
    """A Javadoc comment from already-escaped lines."""
    while body and not body[-1]:
        body = body[:-1]
    if not body:
        return []
    return [f"{indent}/**", *[f"{indent} * {line}" if line else f"{indent} *" for line in body], f"{indent} */"]


def package_part(name: str) -> str:
    """A package segment: lower-case letters and digits, never a keyword."""
    part = "".join(w.lower() for w in words(name)) or "_"
    return safe_identifier(part, RESERVED)


def _imports(package: str, declared: Iterable[str] = ()) -> ImportTable[str]:
    """The type references of one file of ``package`` that declares ``declared``: a type is
    imported under its simple name, or written by its qualified name when that name is taken (a
    class of the file, a java.lang type, an earlier import). The file's own package and java.lang
    need no import line."""
    table: ImportTable[str] = ImportTable(
        qualify=lambda source, name: f"{source}.{name}", implicit=lambda source: source in (package, "java.lang")
    )
    own = set(declared)
    for name in sorted(own):
        table.declare(name, package)
    for name in sorted(JAVA_LANG - own):  # the file's own classes shadow java.lang's
        table.declare(name, "java.lang")
    return table


def _import_lines(imports: ImportTable[str]) -> list[str]:
    """The ``import`` lines of a file, sorted by qualified name."""
    qualified = sorted(f"{source}.{name}" for source, names in imports.imports() for name, _ in names)
    return [f"import {name};" for name in qualified]


@dataclass
class JavaField:
    name: str
    type: str
    boxed: str
    optional: bool
    getter: str
    doc: list[str]
    setter: str = ""
    source: Field | None = None
    # Jackson annotations of the field in a serialized class (models, option classes).
    annotations: list[str] = field(default_factory=list)


@dataclass
class JavaConstant:
    """A constant of an enum and its wire value as a Java literal."""

    name: str
    value: str


@dataclass
class JavaMethod:
    name: str
    returns: str
    params: list[JavaField]
    doc: list[str]
    op: Operation
    # The statements of an HTTP body (bodies = "http" and the operation has an HTTP reference);
    # empty: the stub that throws.
    body: list[str] = field(default_factory=list)
    # The auto-paging variant of a list operation: (name, item type, doc, body).
    paging: tuple[str, str, list[str], list[str]] | None = None


@dataclass
class _Decl:
    """A generated class: where it lives and what it is made from."""

    package: str
    name: str
    item: Model | OptionClass | Enum | None = None
    builder_of: OptionClass | None = None


@dataclass
class _Plan:
    area_packages: dict[str, str] = field(default_factory=dict)
    # (area, docs name) -> declaration of a model or option class.
    classes: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    # docs builder name -> declaration, for builders the docs name (``ChallengeFactorOptionsBuilder``).
    builders: dict[str, _Decl] = field(default_factory=dict)
    aliases: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    builder_of: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    services: dict[str, tuple[str, str, list[Operation]]] = field(default_factory=dict)
    api: LanguageAPI | None = None
    # The package of the HTTP runtime (ApiClient, Transport, ...): ``<package>.runtime``.
    runtime: str = ""
    # id(class) -> (class, its accessors): see :meth:`JavaEmitter.accessors`.
    accessors: dict[int, tuple[object, dict[str, tuple[str, str, str, Field]]]] = field(default_factory=dict)

    def lookup(self, area: str, name: str) -> _Decl | None:
        return self.classes.get((area, name)) or self.aliases.get((area, name))


class JavaEmitter(Emitter):
    name = "java"
    settings_model = JavaSettings
    builtin_types: ClassVar[frozenset[str]] = frozenset(JDK_TYPES)
    enum_style = "named"  # a Java enum whose @JsonValue is the wire value
    settings: JavaSettings

    # --- names ------------------------------------------------------------------------------
    def identifier(self, name: str) -> str:
        """A parameter or field name: the docs' camelCase kept, anything else camel-cased."""
        name = self.rename(name)
        if not re.fullmatch(r"[a-z][A-Za-z0-9]*", name):
            name = camel(name, self.settings.initialisms) or name
        return safe_identifier(name, RESERVED)

    def member(self, name: str) -> str:
        """A field name (also its fluent setter): additionally never one of Object's methods."""
        ident = self.identifier(name)
        return f"{ident}_" if ident in OBJECT_MEMBERS else ident

    def method_name(self, name: str) -> str:
        return safe_identifier(self.identifier(name), MEMBER_RESERVED)

    def class_name(self, name: str) -> str:
        name = self.rename(name)
        if not (is_identifier(name) and name[:1].isupper()):
            name = pascal(name, self.settings.initialisms) or name
        return safe_identifier(name, TYPE_RESERVED)

    def service_class(self, service: str) -> str:
        return safe_identifier((pascal(service, self.settings.initialisms) or "Functions") + "Api", TYPE_RESERVED)

    @property
    def base_package(self) -> str:
        return ".".join(package_part(p) for p in self.settings.package.split(".") if p) or "sdk"

    @property
    def externals_package(self) -> str:
        raw = self.settings.externals_package
        if raw:
            return ".".join(package_part(p) for p in raw.split(".") if p)
        return f"{self.base_package}.externals"

    def external_package(self, node: Named) -> str:
        if node.qualifier:
            parts = [package_part(p) for p in re.split(r"\.|\\|::", node.qualifier) if p]
            return ".".join([self.externals_package, *parts])
        return self.externals_package

    @staticmethod
    def getter(ident: str) -> str:
        return "get" + ident[:1].upper() + ident[1:]

    # --- plan: every class and where it goes -------------------------------------------------
    def plan(self, api: LanguageAPI) -> _Plan:
        plan = _Plan(api=api, runtime=f"{self.base_package}.runtime")
        items: list[Model | OptionClass] = [*api.models, *api.options]
        areas = sorted({i.area for i in items} | {o.area for o in api.operations} | {e.area for e in api.enums})
        used: set[str] = set()
        for area in areas:
            part = package_part(area) if area else "common"
            candidate, n = part, 2
            while candidate in used:
                candidate, n = f"{part}{n}", n + 1
            used.add(candidate)
            plan.area_packages[area] = f"{self.base_package}.{candidate}.models"
        taken: dict[str, set[str]] = defaultdict(set)
        for item in sorted(items, key=lambda i: (isinstance(i, OptionClass), i.area, i.name)):
            package = plan.area_packages[item.area]
            name = self.class_name(item.name)
            if name in taken[package] or (item.area, item.name) in plan.classes:
                # Two docs names that make one Java name: both mean the first class.
                existing = next(d for d in plan.classes.values() if (d.package, d.name) == (package, name))
                plan.aliases.setdefault((item.area, item.name), existing)
                if existing.item is not None and existing.item.name != item.name:
                    self.class_collision(item.loc, name, item.name, existing.item.name)
                continue
            taken[package].add(name)
            plan.classes[(item.area, item.name)] = _Decl(package, name, item)
        # Enums: the linker names them apart from the area's classes; a Java spelling that still
        # meets one is numbered (both are real types), with a warning.
        for enum in sorted(api.enums, key=lambda e: (e.area, e.name, e.qualifier or "")):
            if (enum.area, enum.name) in plan.classes:  # the same enum under two qualifiers
                continue
            package = plan.area_packages[enum.area]
            scope = UniqueNames(self.diags, self.name, f"class of {package}", reserved=taken[package])
            name = scope.claim(self.class_name(enum.name), enum.name, enum.loc)
            taken[package].add(name)
            plan.classes[(enum.area, enum.name)] = _Decl(package, name, enum)
        for option in sorted(api.options, key=lambda o: (o.area, o.name)):
            decl = plan.classes.get((option.area, option.name))
            if decl is None or decl.item is not option:
                continue
            documented = next(
                (m.type for m in option.methods if self.identifier(m.name) == "builder" and isinstance(m.type, Named)),
                None,
            )
            docs_name = documented.name if isinstance(documented, Named) else f"{option.name}Builder"
            name, n = self.class_name(docs_name), 2
            while name in taken[decl.package]:
                name, n = f"{self.class_name(docs_name)}{n}", n + 1
            taken[decl.package].add(name)
            builder = _Decl(decl.package, name, None, option)
            plan.builder_of[(option.area, option.name)] = builder
            plan.builders.setdefault(docs_name, builder)
        services = by_area(api.operations, lambda op: op.service or "")
        packages: set[str] = {"runtime"}
        for service in sorted(services):
            part = package_part(service) if service else "functions"
            candidate, n = part, 2
            while candidate in packages:
                candidate, n = f"{part}{n}", n + 1
            packages.add(candidate)
            package = f"{self.base_package}.{candidate}"
            plan.services[service] = (package, self.service_class(service), services[service])
        return plan

    def externals(self, api: LanguageAPI) -> list[str]:
        """Named types the linker found no definition for (``area`` None), minus JDK types and the
        builders this emitter generates itself. Same as the base, but decided by area, not by name."""
        builders = set(self.plan(api).builders)
        used: set[str] = set()
        for f in all_fields(api):
            for node in walk(f.type) if f.type is not None else []:
                if not isinstance(node, Named) or node.area is not None:
                    continue
                if node.qualifier:
                    used.add(f"{node.qualifier}.{node.name}")
                elif node.name not in builders and node.name not in self.builtin_types:
                    used.add(node.name)
        return sorted(used)

    # --- types ------------------------------------------------------------------------------
    def type(self, expr: TypeExpr | None, imports: ImportTable[str], plan: _Plan, boxed: bool = False) -> str:
        if expr is None:
            return "Object"
        if isinstance(expr, Prim):
            if expr.name == "object":
                if expr.spelling == "Object":
                    return "Object"
                return f"{imports.ref('java.util', 'Map')}<String, Object>"
            if expr.name == "function":
                return f"{imports.ref('java.util.function', 'Function')}<Object, Object>"
            kind = "long" if expr.name == "int" and expr.spelling.lower() in _LONG_SPELLINGS else expr.name
            primitive, box, package = PRIMITIVES[kind]
            name = box if boxed else primitive
            return name if package == "java.lang" else imports.ref(package, name)
        if isinstance(expr, LiteralOf):
            if all(re.fullmatch(r"-?\d+", v) for v in expr.values):
                return "Integer" if boxed else "int"
            return "String"
        if isinstance(expr, ListOf):
            return f"{imports.ref('java.util', 'List')}<{self.type(expr.item, imports, plan, True)}>"
        if isinstance(expr, MapOf):
            key = self.type(expr.key, imports, plan, True)
            return f"{imports.ref('java.util', 'Map')}<{key}, {self.type(expr.value, imports, plan, True)}>"
        if isinstance(expr, Nullable):
            return self.type(expr.inner, imports, plan, True)
        if isinstance(expr, UnionOf):
            return "Object"
        assert isinstance(expr, Named)
        return self.named(expr, imports, plan)

    def named(self, expr: Named, imports: ImportTable[str], plan: _Plan) -> str:
        decl = plan.lookup(expr.area, expr.name) if expr.area is not None else None
        if decl is None and expr.area is None and expr.name in plan.builders and not expr.qualifier:
            decl = plan.builders[expr.name]
        if decl is not None:
            text = imports.ref(decl.package, decl.name)
        elif expr.area is None and expr.name in JDK_TYPES and not expr.qualifier:
            text = imports.ref(JDK_TYPES[expr.name], expr.name)
        else:
            text = imports.ref(self.external_package(expr), self.class_name(expr.name))
        if expr.args:
            text += "<" + ", ".join(self.type(a, imports, plan, True) for a in expr.args) + ">"
        return text

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim):
            if expr.name in ("object", "function") and spelling != "Object":
                return f"{spelling!r} is not a Java type; wrote a Map<String, Object> or Function"
            if spelling not in VALID_PRIM_SPELLINGS:
                return f"{spelling!r} is not a Java type; wrote {PRIMITIVES[expr.name][1]}"
            return None
        if isinstance(expr, ListOf) and spelling not in VALID_LIST_SPELLINGS:
            if spelling == "T[]":
                return "an array written as java.util.List"
            return f"{spelling!r} is not Java list syntax; wrote java.util.List"
        if isinstance(expr, MapOf) and spelling not in VALID_MAP_SPELLINGS:
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

    # --- declarations -----------------------------------------------------------------------
    def field_doc(self, f: Field, wire: str | None = None) -> list[str]:
        """The Javadoc of a field: its description, its literal values, and where it travels.

        ``wire`` is the JSON name the field is serialized with when the docs give none (guessed);
        a field without either is not on the wire."""
        doc = javadoc(f.description)
        literal = _literal(f.type)
        if literal is not None:
            doc += ["", "<p>One of: " + ", ".join(_code(_quote(v)) for v in literal.values) + "."]
        if f.wire_name and f.place == "path":
            doc += ["", f"<p>Sent in the path as {_code(f.wire_name)}, not in the JSON body."]
        elif f.wire_name and f.place == "query":
            doc += ["", f"<p>Sent in the query string as {_code(f.wire_name)}, not in the JSON body."]
        elif f.wire_name:
            doc += ["", f"<p>Wire name: {_code(f.wire_name)}"]
        elif wire is not None:
            doc += ["", f"<p>Wire name not documented; guessed: {_code(wire)}"]
        else:
            doc += ["", "<p>Not in the HTTP reference; left out of the JSON."]
        return doc if doc[0] else doc[1:]

    def java_field(self, f: Field, imports: ImportTable[str], plan: _Plan, name: str) -> JavaField:
        optional = f.optional or isinstance(f.type, Nullable)
        kind = self.type(f.type, imports, plan, boxed=optional)
        return JavaField(
            name=name,
            type=kind,
            boxed=self.type(f.type, imports, plan, boxed=True),
            optional=optional,
            getter=self.getter(name),
            setter="set" + name[:1].upper() + name[1:],
            doc=self.field_doc(f),
            source=f,
        )

    def fields(
        self, fields: tuple[Field, ...], imports: ImportTable[str], plan: _Plan, owner: str, *, wire: bool = False
    ) -> list[JavaField]:
        """The fields of a class (documented where they travel); ``wire``: of a class Jackson
        serializes, with their annotations."""
        names = UniqueNames(self.diags, self.name, f"field of {owner}")
        result = [
            self.java_field(f, imports, plan, names.claim(self.member(f.name), f.name, f.loc))
            for f in fields
            if not f.is_method
        ]
        self.annotate(result, imports if wire else None)
        return result

    def annotate(self, fields: list[JavaField], imports: ImportTable[str] | None) -> None:
        """Where each field travels, in its Javadoc and (given ``imports``) as Jackson annotations:
        ``@JsonProperty`` with the wire name; ``@JsonIgnore`` on what the JSON body does not hold
        (path and query values, fields the HTTP reference leaves out of an object it documents)."""

        def annotation(name: str, argument: str = "") -> list[str]:
            return [f"@{imports.ref(JACKSON, name)}{argument}"] if imports is not None else []

        sources = [f.source for f in fields if f.source is not None]
        on_the_wire = any(f.wire_name for f in sources)
        documented = {f.wire_name for f in sources if f.wire_name}
        # Guessed names (objects the reference does not document) never repeat a documented one.
        guesses = UniqueNames(None, self.name, "json name", separator="_", reserved=documented)
        sent: set[str] = set()
        for java_field in fields:
            f = java_field.source
            assert f is not None
            if f.place in ("path", "query") or (not f.wire_name and on_the_wire):
                java_field.annotations = annotation("JsonIgnore")
                continue
            wire = f.wire_name or guesses.claim(snake(f.name) or java_field.name, f.name)
            if wire in sent:  # Jackson refuses a class whose two properties have one name
                if imports is not None:
                    self.diags.warning(
                        f.loc,
                        f"java: '{f.name}' has the wire name {wire!r} of another field of its class; "
                        "it is left out of the JSON",
                        code="wire-name-clash",
                    )
                java_field.annotations = annotation("JsonIgnore")
                java_field.doc = [*self.field_doc(f), "", "<p>Left out of the JSON: another field has its wire name."]
                continue
            sent.add(wire)
            java_field.annotations = annotation("JsonProperty", f"({java_string(wire)})")
            if not f.wire_name:
                java_field.doc = self.field_doc(f, wire)

    def option_fields(self, option: OptionClass) -> list[Field]:
        """The documented fields an option class declares, in order (what reflection must show)."""
        return [f for f in option.fields if not f.is_method]

    def method_params(self, op: Operation) -> list[Field]:
        """The documented parameters of a service method, in order."""
        return [f for f in op.params if not f.is_method]

    def param_type(self, op: Operation, f: Field, api: LanguageAPI) -> TypeExpr | None:
        """A parameter's type; an untyped options object becomes the option class the linker synthesized."""
        values = [x for x in f.fields if not x.is_method]
        if values and (f.type is None or (isinstance(f.type, Prim) and f.type.name in ("object", "any"))):
            for option in api.options:
                if option.synthesized and option.area == op.area and all(x in option.fields for x in values):
                    named = Named(name=option.name, area=option.area, spelling=option.name)
                    return Nullable(inner=named, spelling="T?") if f.optional else named
        return f.type

    def base_ref(self, item: Model | OptionClass, imports: ImportTable[str], plan: _Plan) -> str | None:
        if not item.base or item.base == item.name:
            return None
        decl = plan.lookup(item.area, item.base)
        if decl is None:
            matches = sorted(k for k in plan.classes if k[1] == item.base)
            decl = plan.classes[matches[0]] if matches else None
        if decl is not None:
            return imports.ref(decl.package, decl.name)
        return self.named(Named(name=item.base), imports, plan)

    # --- rendering --------------------------------------------------------------------------
    def header(self) -> list[str]:
        return [f"// {GENERATED_NOTICE}", "// @generated"]

    def path(self, package: str, name: str) -> str:
        return "src/main/java/" + package.replace(".", "/") + f"/{name}.java"

    def render(self, api: LanguageAPI) -> dict[str, str]:
        plan = self.plan(api)
        files: dict[str, str] = {}
        for decl in plan.classes.values():
            if isinstance(decl.item, Enum):
                files[self.path(decl.package, decl.name)] = self.render_enum(decl, decl.item)
            elif isinstance(decl.item, Model):
                files[self.path(decl.package, decl.name)] = self.render_model(decl, decl.item, plan)
            elif isinstance(decl.item, OptionClass):
                builder = plan.builder_of[(decl.item.area, decl.item.name)]
                files[self.path(decl.package, decl.name)] = self.render_options(decl, decl.item, builder, plan)
                files[self.path(builder.package, builder.name)] = self.render_builder(builder, decl, decl.item, plan)
        for service, (package, class_name, ops) in sorted(plan.services.items()):
            files[self.path(package, class_name)] = self.render_service(service, package, class_name, ops, plan)
        if self.settings.bodies == "http":
            files.update(self.render_runtime(plan))
        files.update(self.render_package(plan))
        return dict(sorted(files.items()))

    def render_runtime(self, plan: _Plan) -> dict[str, str]:
        """The HTTP runtime beside the SDK: ApiClient (the settings, retries, the services), the
        Transport seam and its java.net.http default, ApiRequest, RequestOptions, ApiException and
        its subclasses by status family, ApiTimeoutException."""
        package = plan.runtime
        files = {}
        for name, template, imports, doc in _RUNTIME:
            context: dict[str, object] = {"name": name}
            lines = [f"import {i};" for i in imports]
            if name == "ApiClient":
                refs = _imports(package, {n for n, _, _, _ in _RUNTIME})
                for i in imports:
                    source, imported = i.rsplit(".", 1)
                    refs.ref(source, imported)
                accessors = self.service_accessors(plan)
                context["services"] = [
                    {"doc_name": service or "functions", "accessor": accessors[service], "type": refs.ref(pkg, cls)}
                    for service, (pkg, cls, _) in sorted(plan.services.items())
                ]
                context["default_base_url"] = java_string(DEFAULT_BASE_URL)
                context["package_name"] = java_string(self.artifact_id)
                context["version"] = java_string(self.settings.version)
                lines = _import_lines(refs)
            files[self.path(package, name)] = self.template(
                f"runtime/{template}.java.j2",
                header=self.header(),
                package=package,
                imports=lines,
                doc=comment_block(doc, ""),
                **context,
            )
        return files

    # --- the package: pom.xml and README.md ---------------------------------------------------
    @property
    def artifact_id(self) -> str:
        """The Maven artifactId (also the User-Agent's product): ``package_name`` as Maven spells
        an id (a scope's ``@`` dropped, ``/`` as ``-``), else the base package."""
        name = self.settings.package_name
        if name:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name.lstrip("@")).strip("-.")
        return name or self.base_package

    def render_package(self, plan: _Plan) -> dict[str, str]:
        """``pom.xml`` (the coordinates and metadata from the settings, Java 17, Jackson pinned)
        and, with the runtime, ``README.md``."""
        settings = self.settings

        def xml(value: str | None) -> str | None:
            return None if value is None else xml_escape(value)

        pom = self.template(
            "pom.xml.j2",
            notice=GENERATED_NOTICE,
            group_id=self.base_package,
            artifact_id=self.artifact_id,
            version=settings.version,
            description=xml(settings.description),
            repository=xml(settings.repository),
            license=xml(settings.license),
            author=xml(settings.author),
            dependencies=JACKSON_ARTIFACTS,
            plugins=MAVEN_PLUGINS,
        )
        files = {"pom.xml": pom}
        if settings.bodies != "http":
            return files
        accessors = self.service_accessors(plan)
        files["README.md"] = self.template(
            "README.md.j2",
            notice=GENERATED_NOTICE,
            group_id=self.base_package,
            artifact_id=self.artifact_id,
            version=settings.version,
            description=settings.description,
            repository=settings.repository,
            license=settings.license,
            author=settings.author,
            runtime=plan.runtime,
            default_base_url=DEFAULT_BASE_URL,
            dependencies=[f"{group}:{artifact}:{version}" for group, artifact, version in JACKSON_ARTIFACTS],
            services=[accessors[service] for service in sorted(plan.services)],
            paging=self.readme_paging(plan),
        )
        return files

    def readme_paging(self, plan: _Plan) -> dict[str, object] | None:
        """The README's pagination example: the first list operation's auto-paging call with its
        required arguments (the usage snippet's code)."""
        api = plan.api
        if api is None:
            return None
        decls = Declarations.of(api)
        for op in sorted(api.operations, key=lambda o: (o.id or "", o.name)):
            if op.http is None or not any(p.name == "after" and p.place == "query" for p in op.http.params):
                continue
            call = sample_call(op, api, decls)
            required = tuple(a for a in call.args if not a.field.optional and a.wire_name not in _PAGING)
            example = self.example(replace(call, args=required), api, paging=True)
            if example is None or example.result_type is None:
                continue
            item = example.result_type.removeprefix("Iterable<").removesuffix(">")
            return {"imports": example.imports, "code": example.code, "item": item}
        return None

    def render_model(self, decl: _Decl, model: Model, plan: _Plan) -> str:
        imports = _imports(decl.package, {decl.name})
        base = self.base_ref(model, imports, plan)
        fields = self.fields(model.fields, imports, plan, decl.name, wire=True)
        for f in fields:
            # Boxed: a key the reply leaves out stays out when the object is written back.
            f.type = f.boxed
        annotations = self.class_annotations(imports)
        doc = javadoc(model.description) or javadoc(model.title or model.name)
        if model.url:
            doc += ["", f"@see {_link(model.url)}"]
        return self.template(
            "model.java.j2",
            header=self.header(),
            package=decl.package,
            imports=_import_lines(imports),
            doc=comment_block(doc, ""),
            name=decl.name,
            base=base,
            fields=[(f, comment_block(f.doc, "    ")) for f in fields],
            class_annotations=annotations,
        )

    def class_annotations(self, imports: ImportTable[str]) -> list[str]:
        """Jackson annotations of a serialized class: unset fields are left out of the JSON (an
        absent key stays absent), keys it does not know are ignored when read."""
        include = imports.ref(JACKSON, "JsonInclude")
        return [
            f"@{include}({include}.Include.NON_NULL)",
            f"@{imports.ref(JACKSON, 'JsonIgnoreProperties')}(ignoreUnknown = true)",
        ]

    def render_options(self, decl: _Decl, option: OptionClass, builder: _Decl, plan: _Plan) -> str:
        imports = _imports(decl.package, {decl.name})
        builder_name = imports.ref(builder.package, builder.name)
        base = self.base_ref(option, imports, plan)
        fields = self.fields(option.fields, imports, plan, decl.name, wire=True)
        annotations = self.class_annotations(imports)
        doc = javadoc(option.description) or [f"Options for {_code(option.name)}."]
        doc += ["", "<p>Build one with {@link #builder()}."]
        builder_doc = next((javadoc(m.description) for m in option.methods if self.identifier(m.name) == "builder"), [])
        methods = []
        for m in option.methods:
            ident = self.method_name(m.name)
            if ident == "builder" or ident in {f.name for f in fields} or ident in {f.getter for f in fields}:
                continue
            methods.append(
                {
                    "name": ident,
                    "returns": self.type(m.type, imports, plan) if m.type else "void",
                    "doc": comment_block(javadoc(m.description), "    "),
                }
            )
        base_is_option = base is not None and isinstance(self._base_decl(option, plan), OptionClass)
        return self.template(
            "options.java.j2",
            header=self.header(),
            package=decl.package,
            imports=_import_lines(imports),
            doc=comment_block(doc, ""),
            name=decl.name,
            base=base,
            base_is_option=base_is_option,
            builder=builder_name,
            builder_doc=comment_block(builder_doc or ["A new builder for these options."], "    "),
            fields=[(f, comment_block(f.doc, "    ")) for f in fields],
            methods=methods,
            class_annotations=annotations,
        )

    def render_enum(self, decl: _Decl, enum: Enum) -> str:
        imports = _imports(decl.package, {decl.name})
        json_value = imports.ref(JACKSON, "JsonValue")
        numeric = all(_INTEGER.fullmatch(v) for v in enum.values)
        constants = [
            JavaConstant(name, str(int(value)) if numeric else java_string(value))
            for name, value in self.enum_constants(enum, self.diags, decl.name)
        ]
        doc = javadoc(enum.description) or [f"The values of {_code(enum.name)}."]
        return self.template(
            "enum.java.j2",
            header=self.header(),
            package=decl.package,
            imports=_import_lines(imports),
            doc=comment_block(doc, ""),
            name=decl.name,
            value_type="int" if numeric else "String",
            json_value=json_value,
            constants=constants,
        )

    def enum_constants(self, enum: Enum, diags: Diagnostics | None = None, owner: str = "") -> list[tuple[str, str]]:
        """(constant name, wire value) of every value of an enum."""
        names = UniqueNames(diags, self.name, f"constant of {owner}", separator="_")
        result = []
        for value in enum.values:
            name = screaming(value) or "VALUE"
            name = name if name[0].isalpha() else "VALUE_" + name
            result.append((names.claim(safe_identifier(name, RESERVED), value, enum.loc), value))
        return result

    def _base_decl(self, item: Model | OptionClass, plan: _Plan) -> Model | OptionClass | None:
        if not item.base or item.base == item.name:
            return None
        decl = plan.lookup(item.area, item.base)
        if decl is None:
            matches = sorted(k for k in plan.classes if k[1] == item.base)
            decl = plan.classes[matches[0]] if matches else None
        return decl.item if decl is not None and not isinstance(decl.item, Enum) else None

    def render_builder(self, builder: _Decl, decl: _Decl, option: OptionClass, plan: _Plan) -> str:
        imports = _imports(builder.package, {builder.name})
        target = imports.ref(decl.package, decl.name)
        base_item = self._base_decl(option, plan)
        base = None
        if isinstance(base_item, OptionClass):
            base_builder = plan.builder_of[(base_item.area, base_item.name)]
            base = imports.ref(base_builder.package, base_builder.name)
        fields = self.fields(option.fields, imports, plan, decl.name)
        doc = [f"Builds {{@link {target}}} step by step."]
        return self.template(
            "builder.java.j2",
            header=self.header(),
            package=builder.package,
            imports=_import_lines(imports),
            doc=comment_block(doc, ""),
            name=builder.name,
            target=target,
            base=base,
            fields=[(f, comment_block(f.doc, "    ")) for f in fields],
        )

    def service_methods(self, api: LanguageAPI) -> list[tuple[str, str, JavaMethod]]:
        """(package, class, method) for every operation: what the compiled classes must show."""
        plan = self.plan(api)
        result = []
        for _, (package, class_name, ops) in sorted(plan.services.items()):
            for method in self.methods(ops, _imports(package, {class_name}), plan, class_name):
                result.append((package, class_name, method))
        return result

    def methods(self, ops: list[Operation], imports: ImportTable[str], plan: _Plan, owner: str) -> list[JavaMethod]:
        methods: list[JavaMethod] = []
        # Java overloads: one name may take two parameter lists (as erased); the same list twice collides.
        names = UniqueNames(self.diags, self.name, f"method of {owner}")
        for op in sorted(ops, key=lambda o: (self.method_name(o.name), o.page, o.key)):
            params = []
            param_names = UniqueNames(self.diags, self.name, f"parameter of {self.method_name(op.name)}")
            for f in self.method_params(op):
                typed = f.model_copy(update={"type": self.param_type(op, f, plan.api)}) if plan.api else f
                name = param_names.claim(self.identifier(f.name), f.name, f.loc)
                params.append(self.java_field(typed, imports, plan, name))
            returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
            result = self.type(returns[0].type, imports, plan) if returns else "void"
            erased = tuple(re.sub(r"<.*>", "", p.type) for p in params)
            name = names.claim(self.method_name(op.name), op.name, op.loc, erased)
            doc = javadoc(op.description) or [_code(op.title or op.name)]
            if op.http_method and op.path:
                doc += ["", f"<p>{_code(op.http_method + ' ' + op.path)}"]
            if op.sends_email:
                doc += ["", "<p>Sends an email."]
            doc.append("")
            for p in params:
                text = " ".join(javadoc(p.source.description if p.source else None)) or self.param_fallback(p, plan)
                literal = _literal(p.source.type if p.source else None)
                if literal is not None:
                    text += " One of: " + ", ".join(_code(_quote(v)) for v in literal.values) + "."
                if p.optional:
                    text += " (optional, may be {@code null})"
                doc.append(f"@param {p.name} {text}")
            if result != "void":
                text = " ".join(javadoc(returns[0].description)) or f"the {_code(returns[0].name)}"
                doc.append(f"@return {text}")
            request = self.request_lines(op, params, imports, plan) if self.settings.bodies == "http" else None
            body = self.method_body(request, returns[0].type if result != "void" else None, imports, plan)
            if request is not None:
                api_exception = imports.ref(plan.runtime, "ApiException")
                doc.append(f"@throws {api_exception} when the API answers with an error status")
            else:
                doc.append("@throws UnsupportedOperationException always: this method is a stub")
            if op.url:
                doc.append(f"@see {_link(op.url)}")
            method = JavaMethod(name=name, returns=result, params=params, doc=doc, op=op, body=body)
            if request is not None and returns:
                method.paging = self.paging(method, returns[0].type, request, imports, plan)
            methods.append(method)
        taken = {m.name for m in methods}
        for method in methods:
            if method.paging is not None and method.paging[0] in taken:
                method.paging = None
        return methods

    # --- HTTP bodies ------------------------------------------------------------------------
    def method_body(
        self, request: tuple[list[str], str] | None, returns: TypeExpr | None, imports: ImportTable[str], plan: _Plan
    ) -> list[str]:
        """The statements of a method: build the request, send it, decode the reply into
        ``returns`` (None: the reply is not read); empty without a request (a stub)."""
        if request is None:
            return []
        lines, var = request
        if returns is None:
            return [*lines, f"this.client.execute({var});"]
        boxed = self.type(returns, imports, plan, boxed=True)
        if "<" in boxed:
            kind = f"new {imports.ref('com.fasterxml.jackson.core.type', 'TypeReference')}<{boxed}>() {{}}"
        else:
            kind = f"{boxed}.class"
        return [*lines, f"return this.client.send({var}, {kind});"]

    def request_lines(
        self, op: Operation, params: list[JavaField], imports: ImportTable[str], plan: _Plan
    ) -> tuple[list[str], str] | None:
        """The statements that build ``op``'s request in a local variable, and its name: every
        field with a wire name (parameters, the fields of the option classes and request models
        they name, inline children) at its place; None without an HTTP reference."""
        if op.http is None:
            return None
        request_type = imports.ref(plan.runtime, "ApiRequest")
        taken = {p.name for p in params}
        var = "request"
        while var in taken:
            var += "_"
        lines: list[str] = []
        places: set[tuple[str, str]] = set()
        for p in params:
            if p.source is not None:
                self._request_field(
                    p.source, p.name, var=var, lines=lines, indent="", plan=plan, seen=frozenset(), places=places
                )
        head = [
            f"{request_type} {var} = new {request_type}({java_string(op.http.method)}, {java_string(op.http.path)});"
        ]
        # Parameters the HTTP reference allows one value for, which these docs leave out: sent as is.
        for constant in op.http.constants({wire for _, wire in places}):
            places.add((constant.place, constant.name))
            value = java_string(constant.value or "")
            lines.append(f"{var}.{constant.place}({java_string(constant.name)}, {value});")
        if any(place == "body" for place, _ in places):
            head.append(f"{var}.withBody();")
        return head + lines, var

    def _request_field(
        self,
        f: Field,
        expr: str,
        *,
        var: str,
        lines: list[str],
        indent: str,
        plan: _Plan,
        seen: frozenset[str],
        places: set[tuple[str, str]],
    ) -> None:
        if f.is_method:
            return
        if f.place is not None and f.wire_name is not None:
            places.add((f.place, f.wire_name))
            lines.append(f"{indent}{var}.{f.place}({java_string(f.wire_name)}, {expr});")
            return
        item = self.declared(f.type, plan)
        if item is None or isinstance(item, Enum):
            return
        if f.fields:
            children: list[Field] = list(f.fields)
        elif item.name not in seen and (
            isinstance(item, OptionClass) or any(x.place for x in self.chain_fields(item, plan))
        ):
            children = self.chain_fields(item, plan)
        else:
            return
        names = self.accessors(item, plan)
        inner: list[str] = []
        for child in children:
            if child.name in names:
                getter = names[child.name][0]
                child_expr = f"{expr}.{getter}()"
                self._request_field(
                    child,
                    child_expr,
                    var=var,
                    lines=inner,
                    indent=indent + "    ",
                    plan=plan,
                    seen=seen | {item.name},
                    places=places,
                )
        if inner:
            lines += [f"{indent}if ({expr} != null) {{", *inner, f"{indent}}}"]

    def declared(self, expr: TypeExpr | None, plan: _Plan) -> Model | OptionClass | Enum | None:
        """The model, option class or enum a type names (through a nullable), if generated."""
        while isinstance(expr, Nullable):
            expr = expr.inner
        if not isinstance(expr, Named) or expr.area is None:
            return None
        decl = plan.lookup(expr.area, expr.name)
        return decl.item if decl is not None else None

    def chain_fields(self, item: Model | OptionClass, plan: _Plan) -> list[Field]:
        """A class's fields, its bases' first (as codegen.samples walks them)."""
        chain: list[Model | OptionClass] = []
        current: Model | OptionClass | None = item
        while current is not None and current not in chain and len(chain) < 8:
            chain.append(current)
            current = self._base_decl(current, plan)
        names: set[str] = set()
        result = []
        for one in reversed(chain):
            for f in one.fields:
                if f.name not in names and not f.is_method:
                    names.add(f.name)
                    result.append(f)
        return result

    def accessors(self, item: Model | OptionClass, plan: _Plan) -> dict[str, tuple[str, str, str, Field]]:
        """Docs name -> (getter, model setter, builder method, field) of a class and its bases."""
        key = id(item)
        cache = plan.accessors
        if key in cache and cache[key][0] is item:
            return cache[key][1]
        chain: list[Model | OptionClass] = []
        current: Model | OptionClass | None = item
        while current is not None and current not in chain and len(chain) < 8:
            chain.append(current)
            current = self._base_decl(current, plan)
        result: dict[str, tuple[str, str, str, Field]] = {}
        for one in reversed(chain):
            names = UniqueNames(None, self.name, "field")
            for f in one.fields:
                if f.is_method:
                    continue
                member = names.claim(self.member(f.name), f.name, f.loc)
                setter = "set" + member[:1].upper() + member[1:]
                result[f.name] = (self.getter(member), setter, member, f)
        cache[key] = (item, result)
        return result

    def paging(
        self,
        method: JavaMethod,
        returns: TypeExpr | None,
        request: tuple[list[str], str],
        imports: ImportTable[str],
        plan: _Plan,
    ) -> tuple[str, str, list[str], list[str]] | None:
        """The auto-paging variant of a list operation: one whose reply model holds ``data`` (a
        list) and ``list_metadata``, and whose request takes the query parameter ``after``."""
        op = method.op
        if op.http is None or not any(p.name == "after" and p.place == "query" for p in op.http.params):
            return None
        model = self.declared(returns, plan)
        if not isinstance(model, Model):
            return None
        fields = self.chain_fields(model, plan)
        # The JSON names the class is written with: snake_case guessed when the reference documents none.
        documented = any(f.wire_name for f in fields)
        wires = {f.wire_name or ("" if documented else snake(f.name)): f for f in fields}
        data = wires.get("data")
        data_type = data.type if data is not None else None
        while isinstance(data_type, Nullable):
            data_type = data_type.inner
        if "list_metadata" not in wires or not isinstance(data_type, ListOf):
            return None
        item = self.type(data_type.item, imports, plan, boxed=True)
        if "<" in item:
            return None
        lines, var = request
        doc = [
            f"Every item of {_code(method.name)}, page after page: the next page is the same request",
            "with <code>after</code> set to the reply's <code>list_metadata.after</code>, until it is null.",
            "",
            *[line for line in method.doc if line.startswith("@param ")],
            "@return the items, fetched as iteration reaches them",
            *[line for line in method.doc if line.startswith(("@throws ", "@see "))],
        ]
        body = [*lines, f"return this.client.paginate({var}, {item}.class);"]
        return (f"{method.name}AutoPaging", item, doc, body)

    # --- usage snippets -----------------------------------------------------------------------
    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        example = self.example(call, api)
        return None if example is None else example.code

    def example(self, call: SampleCall, api: LanguageAPI, *, paging: bool = False) -> JavaExample | None:
        """The statements that make ``call`` on ``client`` (an ApiClient) and keep the result in
        ``result``, the imports they need (for a class in the unnamed package) and the result's
        type; ``paging``: through the auto-paging variant (None when the operation has none)."""
        plan = self.plan(api)
        op = call.operation
        service = op.service or ""
        if service not in plan.services:
            return None
        package, class_name, ops = plan.services[service]
        method = next(
            (m for m in self.methods(ops, _imports(package, {class_name}), plan, class_name) if m.op is op), None
        )
        if method is None:
            method = next(
                (m for m in self.methods(ops, _imports(package, {class_name}), plan, class_name) if m.op == op), None
            )
        if method is None or (paging and method.paging is None):
            return None
        imports = _imports("")
        writer = _ExampleWriter(self, plan, imports, {"client", "result"})
        args = []
        for p in method.params:
            under = [(a.path[1:], a) for a in call.args if a.path[:1] == (p.source.name if p.source else p.name,)]
            typed = p.source.type if p.source is not None else None
            value = writer.value(typed, under, p.name, top=True)
            if value is None:
                value = "null" if p.type == p.boxed else {"boolean": "false"}.get(p.type, "0")
            args.append(value)
        accessor = self.service_accessors(plan)[service]
        name = method.name
        result_type: str | None = None
        if paging:
            assert method.paging is not None
            name = method.paging[0]
            result_type = "Iterable<" + self._example_type(method.op, plan, imports, item=True) + ">"
        elif method.returns != "void":
            result_type = self._example_type(method.op, plan, imports, item=False)
        text = f"client.{accessor}().{name}({', '.join(args)});"
        lines = [*writer.lines, f"{result_type} result = {text}" if result_type else text]
        return JavaExample(_import_lines(imports), "\n".join(lines), result_type)

    def _example_type(self, op: Operation, plan: _Plan, imports: ImportTable[str], *, item: bool) -> str:
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
        expr = returns[0].type
        if item:
            model = self.declared(expr, plan)
            assert isinstance(model, Model)
            fields = self.chain_fields(model, plan)
            documented = any(f.wire_name for f in fields)
            data = next(f for f in fields if (f.wire_name or ("" if documented else snake(f.name))) == "data")
            inner = data.type
            while isinstance(inner, Nullable):
                inner = inner.inner
            assert isinstance(inner, ListOf)
            return self.type(inner.item, imports, plan, boxed=True)
        return self.type(expr, imports, plan)

    def service_accessors(self, plan: _Plan) -> dict[str, str]:
        """Service -> the ApiClient method that returns it (``client.mfa()``)."""
        reserved = {
            "builder",
            "getBaseUrl",
            "getClientId",
            "getTimeout",
            "getMaxRetries",
            "getTransport",
            "getMapper",
            "newMapper",
            "send",
            "execute",
            "paginate",
        }
        names = UniqueNames(None, self.name, "service", reserved=reserved | OBJECT_MEMBERS)
        return {
            service: names.claim(self.method_name(service) if service else "functions", service or "functions")
            for service in sorted(plan.services)
        }

    def param_fallback(self, param: JavaField, plan: _Plan) -> str:
        expr = param.source.type if param.source else None
        inner = expr.inner if isinstance(expr, Nullable) else expr
        decl = plan.lookup(inner.area, inner.name) if isinstance(inner, Named) and inner.area is not None else None
        if decl is not None and isinstance(decl.item, OptionClass):
            return f"the options, built with {{@link {param.type}#builder()}}"
        return f"the {{@code {param.name}}}"

    def render_service(self, service: str, package: str, class_name: str, ops: list[Operation], plan: _Plan) -> str:
        imports = _imports(package, {class_name})
        http = self.settings.bodies == "http"
        client = imports.ref(plan.runtime, "ApiClient") if http else None
        methods = self.methods(ops, imports, plan, class_name)
        doc = [f"The {_code(service)} service." if service else "Operations without a service."]
        if http:
            doc += ["", f"<p>Get one from {{@link {client}#{self.service_accessors(plan)[service]}()}}."]
        paging = [(m, p[0], p[1], p[3], comment_block(p[2], "    ")) for m in methods if (p := m.paging) is not None]
        return self.template(
            "service.java.j2",
            header=self.header(),
            package=package,
            imports=_import_lines(imports),
            doc=comment_block(doc, ""),
            name=class_name,
            client=client,
            methods=[(m, comment_block(m.doc, "    ")) for m in methods],
            paging=paging,
        )


@dataclass
class JavaExample:
    """A usage snippet: its imports, its statements, and the type of ``result`` (None: no result)."""

    imports: list[str]
    code: str
    result_type: str | None


class _ExampleWriter:
    """Writes sample values (JSON form) as Java expressions of their fields' types; objects built
    with setters get a local variable, whose statements collect in ``lines``."""

    def __init__(self, emitter: JavaEmitter, plan: _Plan, imports: ImportTable[str], taken: set[str]) -> None:
        self.emitter = emitter
        self.plan = plan
        self.imports = imports
        self.taken = set(taken)
        self.lines: list[str] = []
        assert plan.api is not None
        self.decls = Declarations.of(plan.api)

    def local(self, hint: str) -> str:
        name = hint or "value"
        n = 2
        while name in self.taken:
            name, n = f"{hint}{n}", n + 1
        self.taken.add(name)
        return name

    def value(
        self, expr: TypeExpr | None, under: list[tuple[tuple[str, ...], Any]], hint: str, *, top: bool = False
    ) -> str | None:
        """The expression of a parameter (or field) given the args at or below it; ``top``: a
        parameter, whose options are built in a local variable of its name."""
        whole = next((a for rest, a in under if not rest), None)
        if whole is not None:
            return self.literal(whole.field.type, whole.value, hint)
        if not under:
            return None
        item = self.emitter.declared(expr, self.plan)
        if not isinstance(item, (Model, OptionClass)):
            return None
        names = self.emitter.accessors(item, self.plan)
        children: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for rest, a in under:
            children.setdefault(rest[0], []).append((rest[1:], a))
        values = []
        for child, (_, setter, builder, f) in names.items():
            expression = self.value(f.type, children[child], builder) if child in children else None
            if expression is None and isinstance(item, OptionClass) and self.required(f):
                # A required option the sample does not set (it has no wire name): the builder
                # refuses to build without it, so it gets a sample value of its type.
                sample = value_of(f.type, self.decls, hint=f.wire_name or f.name)
                expression = None if sample is None else self.literal(f.type, sample, builder)
            if expression is not None:
                values.append((f, setter, builder, expression))
        return self.build(item, values, hint, top=top)

    def required(self, f: Field) -> bool:
        return not (f.optional or isinstance(f.type, Nullable))

    def build(
        self, item: Model | OptionClass, values: list[tuple[Field, str, str, str]], hint: str, *, top: bool = False
    ) -> str:
        decl = self.plan.lookup(item.area, item.name)
        assert decl is not None
        name = self.imports.ref(decl.package, decl.name)
        if isinstance(item, OptionClass):
            own = {f.name for f in item.fields}
            if all(f.name in own for f, *_ in values):
                if not top:
                    return name + ".builder()" + "".join(f".{b}({e})" for _, _, b, e in values) + ".build()"
                var = self.local(hint)
                steps = [f"    .{b}({e})" for _, _, b, e in values]
                self.lines += [f"{name} {var} = {name}.builder()", *steps, "    .build();"]
                return var
            builder = self.plan.builder_of[(item.area, item.name)]
            var = self.local(hint + "Builder")
            self.lines.append(f"{self.imports.ref(builder.package, builder.name)} {var} = {name}.builder();")
            self.lines += [f"{var}.{b}({e});" for _, _, b, e in values]
            return f"{var}.build()"
        var = self.local(hint)
        self.lines.append(f"{name} {var} = new {name}();")
        self.lines += [f"{var}.{s}({e});" for _, s, _, e in values]
        return var

    def literal(self, expr: TypeExpr | None, value: Any, hint: str) -> str:
        """A JSON value as a Java expression of type ``expr``."""
        if value is None:
            return "null"
        if isinstance(expr, Nullable):
            return self.literal(expr.inner, value, hint)
        if isinstance(expr, Prim):
            if expr.name == "string" and isinstance(value, str):
                return java_string(value)
            if expr.name == "int" and isinstance(value, int) and not isinstance(value, bool):
                return f"{value}L" if expr.spelling.lower() in _LONG_SPELLINGS else str(value)
            if expr.name == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return repr(float(value))
            if expr.name == "bool" and isinstance(value, bool):
                return "true" if value else "false"
            if expr.name == "datetime" and isinstance(value, str):
                return f"{self.imports.ref('java.time', 'OffsetDateTime')}.parse({java_string(value)})"
            return self.any(value)
        if isinstance(expr, LiteralOf):
            if isinstance(value, str) and not all(re.fullmatch(r"-?\d+", v) for v in expr.values):
                return java_string(value)
            return self.any(value)
        if isinstance(expr, ListOf) and isinstance(value, list):
            items = [self.literal(expr.item, v, hint) for v in value]
            return f"{self.imports.ref('java.util', 'List')}.of({', '.join(items)})"
        if isinstance(expr, MapOf) and isinstance(value, dict):
            pairs = [f"{java_string(str(k))}, {self.literal(expr.value, v, hint)}" for k, v in value.items()]
            return f"{self.imports.ref('java.util', 'Map')}.of({', '.join(pairs)})"
        if isinstance(expr, Named):
            item = self.emitter.declared(expr, self.plan)
            if isinstance(item, Enum):
                decl = self.plan.lookup(item.area, item.name)
                assert decl is not None
                constant = {v: n for n, v in self.emitter.enum_constants(item)}.get(str(value))
                if constant is not None:
                    return f"{self.imports.ref(decl.package, decl.name)}.{constant}"
                return "null"
            if isinstance(item, (Model, OptionClass)) and isinstance(value, dict):
                names = self.emitter.accessors(item, self.plan)
                by_wire = {f.wire_name: (f, s, b) for _, s, b, f in names.values() if f.wire_name}
                values = []
                for key, v in value.items():
                    if key in by_wire:
                        f, s, b = by_wire[key]
                        values.append((f, s, b, self.literal(f.type, v, b)))
                return self.build(item, values, hint)
            return "null"
        return self.any(value)

    def any(self, value: Any) -> str:
        """A JSON value as Object: String, Integer, Double, Boolean, List, Map."""
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, str):
            return java_string(value)
        if isinstance(value, list):
            return f"{self.imports.ref('java.util', 'List')}.of({', '.join(self.any(v) for v in value)})"
        if isinstance(value, dict):
            pairs = [f"{java_string(str(k))}, {self.any(v)}" for k, v in value.items()]
            return f"{self.imports.ref('java.util', 'Map')}.of({', '.join(pairs)})"
        return "null"


def _literal(expr: TypeExpr | None) -> LiteralOf | None:
    return next((n for n in walk(expr) if isinstance(n, LiteralOf)), None) if expr is not None else None


def _code(text: str) -> str:
    return "<code>" + " ".join(javadoc(text)) + "</code>"


def _quote(value: str) -> str:
    return '"' + value + '"'


_PLAIN_URL = re.compile(r"(https?://[A-Za-z0-9.-]+(:[0-9]+)?)?/[A-Za-z0-9._~/%=&?#+-]*")


def _link(url: str) -> str:
    """A ``@see`` target: a link for a plain URL, quoted text for anything else."""
    if _PLAIN_URL.fullmatch(url):
        safe = javadoc_line(url)
        return f'<a href="{safe}">{safe}</a>'
    # Inside @see "...", doclint reads an '@' as the start of a tag: both are entities.
    return '"' + " ".join(javadoc(url)).replace('"', "&quot;").replace("@", "&#64;") + '"'
