"""Java's tables: reserved words, the types it spells itself, the package's pinned parts."""

from __future__ import annotations

# Keywords, reserved literals and the contextual words that break code where we put names.
KEYWORDS = frozenset(
    (
        "abstract assert boolean break byte case catch char class const continue default do double else enum "
        "extends final finally float for goto if implements import instanceof int interface long native new "
        "package private protected public return short static strictfp super switch synchronized this throw "
        "throws transient try void volatile while true false null _ "
        # Contextual: restricted identifiers and words that cannot name a type.
        "var yield record sealed permits non-sealed when exports module open opens provides requires to "
        "transitive uses with"
    ).split()
)
# java.lang types the generated code spells by simple name: a generated class may not shadow them.
JAVA_LANG = frozenset(
    "String Object Integer Long Double Boolean Void UnsupportedOperationException Override Class Number "
    "Character Short Byte Float Math System".split()
)
# Simple names the generated files import (the JDK's, Jackson's, the runtime's): no class takes one.
IMPORTED = frozenset(
    "List Map Function OffsetDateTime Objects TypeReference JsonNode JsonCreator JsonValue JsonProperty "
    "JsonIgnore JsonInclude JsonIgnoreProperties ObjectMapper ApiClient ApiRequest ApiException "
    "RequestOptions".split()
)
# Members of java.lang.Object that a field, getter or fluent setter must not override by accident.
OBJECT_MEMBERS = frozenset("getClass hashCode equals toString notify notifyAll wait clone finalize".split())
TYPE_RESERVED = KEYWORDS | JAVA_LANG | IMPORTED
MEMBER_RESERVED = KEYWORDS | OBJECT_MEMBERS
# What a service's accessor on ApiClient may not be: the client's own methods.
CLIENT_MEMBERS = OBJECT_MEMBERS | frozenset(
    "builder getBaseUrl getClientId getTimeout getMaxRetries getTransport getMapper newMapper send execute "
    "paginate url require".split()
)
# Locals and fields of a generated method body: no parameter takes one.
BODY_NAMES = frozenset({"request", "requestOptions", "client", "result"})

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
# Prim kind -> (primitive, boxed).
PRIMITIVES: dict[str, tuple[str, str]] = {
    "string": ("String", "String"),
    "int": ("int", "Integer"),
    "long": ("long", "Long"),
    "number": ("double", "Double"),
    "bool": ("boolean", "Boolean"),
    "any": ("Object", "Object"),
    "null": ("Object", "Object"),
    "void": ("void", "Void"),
}
BOXED = dict(PRIMITIVES.values())
LONG_SPELLINGS = frozenset({"long", "int64"})
# How the docs may spell a node and still be valid Java.
VALID_PRIM_SPELLINGS = frozenset(
    "String Integer int Long long Double double Float float Boolean boolean Object Date Instant OffsetDateTime "
    "ZonedDateTime void Void short Short".split()
)
VALID_LIST_SPELLINGS = frozenset({"List<", "ArrayList<", "Collection<", "Set<", "Iterable<", "java.util.List<"})
VALID_MAP_SPELLINGS = frozenset({"Map<", "HashMap<", "java.util.Map<"})

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
# The runtime's classes (templates/java/runtime/<template>.java.j2): the typed errors by status
# family (docs/RUNTIME.md) share one template.
STATUS_ERRORS = (
    ("BadRequestException", "400 Bad Request"),
    ("UnauthorizedException", "401 Unauthorized: the API key is missing or wrong"),
    ("ForbiddenException", "403 Forbidden"),
    ("NotFoundException", "404 Not Found"),
    ("ConflictException", "409 Conflict"),
    ("UnprocessableEntityException", "422 Unprocessable Entity"),
    ("ServerException", "a 5xx reply: the API failed"),
)
RUNTIME = (
    "ApiClient",
    "ApiException",
    "ApiRequest",
    "ApiTimeoutException",
    "HttpClientTransport",
    "RateLimitExceededException",
    "RequestOptions",
    "Transport",
)
# Jackson's annotations, as the files import them.
JACKSON = "com.fasterxml.jackson.annotation."
