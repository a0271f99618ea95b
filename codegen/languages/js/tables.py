"""TypeScript's tables: reserved words, type spellings, how names are written, the settings."""

from __future__ import annotations

import re

from ...checked import ValidationInfo, field_validator
from ...naming import camel, pascal, safe_identifier
from ...text import ts_string
from ..base import LanguageSettings, setting_matches

# Words that cannot name a binding (variable, parameter, function, class) in a strict-mode ES
# module: ECMAScript's keywords, strict mode's and module code's, globals that must not be shadowed.
RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else enum export extends false finally for "
    "function if import in instanceof new null return super switch this throw true try typeof var void while with "
    "implements interface let package private protected public static yield await arguments eval "
    "undefined NaN Infinity".split()
)
# Names that cannot name a class, interface or type: TypeScript's predefined types, the globals
# the SDK writes unqualified, and the runtime's types the generated modules import.
TYPE_RESERVED = RESERVED | frozenset(
    "any unknown never object string number boolean symbol bigint type keyof infer is asserts readonly unique "
    "declare namespace module abstract as satisfies global require constructor "
    "Record Date Promise Array ReadonlyArray Error Client RequestOptions Page Shape ObjectShape".split()
)
PRIMITIVES = {"string": "string", "int": "number", "number": "number", "bool": "boolean", "datetime": "Date"}
PRIMITIVES |= {"any": "unknown", "object": "Record<string, unknown>", "void": "void", "null": "null"}
PRIMITIVES |= {"function": "(...args: unknown[]) => unknown"}
# Globals TypeScript provides; the number is how many type arguments they need.
BUILTIN_GENERICS = {"Promise": 1, "Partial": 1, "Required": 1, "Readonly": 1, "ReadonlyArray": 1}
BUILTINS = frozenset(BUILTIN_GENERICS) | {"Date", "Error", "RegExp", "Uint8Array", "ArrayBuffer"}
# How the docs may spell each node for it to be valid TypeScript as written.
PRIM_SPELLINGS = frozenset(
    ["", *"string number boolean object any unknown void null undefined never Date Function String Number".split()]
) | {"Boolean", "Object"}
SPELLINGS = {
    "ListOf": ({"", "T[]", "Array<", "ReadonlyArray<", "Set<", "Iterable<"}, "list spelled '%s' (written T[])"),
    "MapOf": ({"", "Record<", "Map<"}, "map spelled '%s' (written Record<K, V>)"),
    "Nullable": ({"", "T | null"}, "nullable spelled '%s' (written T | null)"),
}
# File stems the layout itself uses: a service of that name gets ``Service`` appended.
RESERVED_FILES = frozenset({"index", "functions", "interfaces", "externals", "wire", "runtime", "client"})
# The typed errors of the runtime: the base class, one per family of statuses, the errors of no reply.
ERROR_CLASSES = tuple(
    "ApiError BadRequestError UnauthorizedError ForbiddenError NotFoundError ConflictError "
    "UnprocessableEntityError RateLimitExceededError ServerError TimeoutError ConnectionError".split()
)
# What ``index.ts`` re-exports of the runtime: values, then types.
RUNTIME_VALUES = ("Client", *ERROR_CLASSES, "FetchTransport", "encode", "decode")
RUNTIME_TYPES = tuple(
    "ClientOptions RequestOptions ApiRequest Transport HttpRequest HttpResponse AbortSignalLike Shape ObjectShape "
    "AutoPaginatable Page".split()
)
CLIENT_CLASS = "WorkOS"  # the client class holding one instance of every service (client.ts)
CLIENT_VARIABLE = "workos"  # the variable of the usage snippets that holds the client
BASE_URL = "https://api.workos.com"
DEFAULT_PACKAGE = CLIENT_CLASS.lower()
TYPESCRIPT = "5.9.3"  # the package's one development dependency; it has no runtime ones
REQUEST_OPTIONS = "requestOptions"  # every method's last parameter
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# Each setting pasted into code, what it may be (anything else is a config error).
_RULES = {
    "path": (
        r"(?:(?!\.\.?(?:/|$))[A-Za-z0-9._-]+(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._-]+)*/?)?",
        "a folder: path elements of ASCII letters, digits, '-', '.', '_' separated by '/', no '..'",
    ),
    "package_name": (
        r"(?:@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*",
        "an npm package name: lower-case ASCII letters, digits, '-', '.', '_', optionally @scope/name",
    ),
    "externals_module": (
        r"[A-Za-z0-9@._~-][A-Za-z0-9@._~/-]*",
        "a module specifier: a package name or a relative path of ASCII letters, digits, '@-._~/'",
    ),
    "docs_base_url": (
        r"https?://[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]+",
        "a URL without spaces, quotes or control characters, like https://example.com/docs",
    ),
}


class JsSettings(LanguageSettings):
    # Folder for the TypeScript sources, relative to this language's output folder.
    path: str = "src"
    # A module that exports the types the docs use but never define (a package name, or a path
    # relative to the source folder); unset: the SDK declares stand-ins (interfaces/externals.ts).
    externals_module: str | None = None
    # Prefix for documentation links the docs write relative (``/reference/...``); None keeps them.
    docs_base_url: str | None = None

    @field_validator(*_RULES)
    @classmethod
    def _matches(cls, value: str | None, info: ValidationInfo) -> str | None:
        pattern, rule = _RULES[str(info.field_name)]
        return value if value is None else setting_matches(value, pattern, rule)


def property_name(name: str) -> str:
    """A property or method key: the documented name when it is an identifier, else quoted."""
    return name if IDENTIFIER.fullmatch(name) else ts_string(name)


def binding_name(name: str) -> str:
    """A valid binding identifier (parameter, function) with reserved words escaped."""
    if not IDENTIFIER.fullmatch(name):
        name = camel(name) or name
    return safe_identifier(name, RESERVED)


def type_name(name: str) -> str:
    """A type name: the documented one, an inline object's ``Factor_totp`` joined (``FactorTotp``)."""
    if IDENTIFIER.fullmatch(name) and "_" in name.strip("_"):
        name = "".join(part[:1].upper() + part[1:] for part in name.split("_"))
    elif not IDENTIFIER.fullmatch(name):
        name = pascal(name) or name
    return safe_identifier(name, TYPE_RESERVED)


def method_name(name: str) -> str:
    return property_name("constructor_" if name == "constructor" else name)


def service_file(service: str) -> str:
    stem = camel(service) or "service"
    return stem + "Service" if stem in RESERVED_FILES else stem


def template_literal_text(text: str) -> str:
    """``text`` between backticks: escaped as a string literal is, and the backtick and ``${``."""
    return ts_string(text)[1:-1].replace("`", "\\`").replace("${", "\\${")


def module_specifier(module: str) -> str:
    """A module as an import names it: a relative one names its file (``./runtime.js``: NodeNext)."""
    return module + ".js" if module.startswith(("./", "../")) and not module.endswith(".js") else module
