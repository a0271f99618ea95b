"""Java's tables: reserved words, the types it spells itself, the runtime's classes."""

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
JDK_TYPES = dict(
    pair.split(":")
    for pair in (
        "UUID:java.util URI:java.net URL:java.net Instant:java.time LocalDate:java.time LocalDateTime:java.time "
        "OffsetDateTime:java.time ZonedDateTime:java.time Duration:java.time BigDecimal:java.math "
        "BigInteger:java.math CompletableFuture:java.util.concurrent Optional:java.util Void:java.lang "
        "Character:java.lang Short:java.lang Byte:java.lang Float:java.lang Number:java.lang"
    ).split()
)
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
# The runtime's classes (templates/java/runtime/<name>.java.j2), and the typed errors by status
# family (docs/RUNTIME.md), which share one template.
RUNTIME = "ApiClient ApiException ApiRequest ApiTimeoutException HttpClientTransport RateLimitExceededException "
RUNTIME += "RequestOptions Transport"
STATUS_ERRORS = (
    ("BadRequestException", "400 Bad Request"),
    ("UnauthorizedException", "401 Unauthorized: the API key is missing or wrong"),
    ("ForbiddenException", "403 Forbidden"),
    ("NotFoundException", "404 Not Found"),
    ("ConflictException", "409 Conflict"),
    ("UnprocessableEntityException", "422 Unprocessable Entity"),
    ("ServerException", "a 5xx reply: the API failed"),
)
