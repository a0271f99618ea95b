"""PHP: PSR-4 classes under ``src/``; services in ``<ns>\\Service``, models per area in ``<ns>\\Resource\\<Area>``.

Methods take PHP 8 named parameters (required first, optional ones ``?T $x = null``) and make
the documented HTTP call on a small generated runtime (``<ns>\\Client`` and ``<ns>\\Http``: a
``Transport`` interface with a default on PHP's stream wrapper, ``Request``, ``Response``,
``ApiException``, ``Wire``); each request is built explicitly per operation (path values
percent-encoded as one segment, lists repeated in the query, only set values sent, a JSON body
only when the operation has body parameters). List operations (an ``after`` cursor in the
query) also get ``<method>AutoPaging()``, a generator over every page. With ``bodies = "stub"``
methods only throw ``\\BadMethodCallException``. Each service's ``REQUESTS`` maps its methods to
their HTTP request (method, path template, each parameter's wire name and place). Models are
classes with typed public properties, a ``WIRE_NAMES`` map from property to wire name (option
classes add ``WIRE_PLACES``), ``fromArray()`` and ``toArray()``/``jsonSerialize()`` by wire name.
A value the docs describe key by key (an ``object``, ``object[]`` or ``array`` with inline keys)
is a PHP array by wire name, each key's value decoded by its type (``Wire::shape``); encoding
follows the types too, so a JSON object held in a PHP array stays an object (``{}`` when empty,
never ``[]``) at any depth (``result_json`` gives the same for a method's result).
Closed sets of values are PHP 8.1 backed enums, one file each beside the models of their area.
Native types are only written where PHP accepts them; the precise type (list items, map keys)
goes in the docblock.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import field_validator

from ..diagnostics import Diagnostics
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, camel, is_identifier, pascal, safe_identifier
from ..samples import Arg, Json, SampleCall, sample_call
from ..text import GENERATED_NOTICE, block_comment_safe, lines, one_line, php_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .base import Emitter, LanguageSettings, all_fields, setting_matches
from .layer import ImportTable

# Reserved keywords (php.net "List of Keywords"), compile-time constants, and the names
# reserved for types: none of them may name a class, interface or namespace segment.
# PHP compares them case-insensitively, so the table is lower case.
KEYWORDS = frozenset(
    {
        "__halt_compiler",
        "abstract",
        "and",
        "array",
        "as",
        "break",
        "callable",
        "case",
        "catch",
        "class",
        "clone",
        "const",
        "continue",
        "declare",
        "default",
        "die",
        "do",
        "echo",
        "else",
        "elseif",
        "empty",
        "enddeclare",
        "endfor",
        "endforeach",
        "endif",
        "endswitch",
        "endwhile",
        "eval",
        "exit",
        "extends",
        "final",
        "finally",
        "fn",
        "for",
        "foreach",
        "function",
        "global",
        "goto",
        "if",
        "implements",
        "include",
        "include_once",
        "instanceof",
        "insteadof",
        "interface",
        "isset",
        "list",
        "match",
        "namespace",
        "new",
        "or",
        "print",
        "private",
        "protected",
        "public",
        "readonly",
        "require",
        "require_once",
        "return",
        "static",
        "switch",
        "throw",
        "trait",
        "try",
        "unset",
        "use",
        "var",
        "while",
        "xor",
        "yield",
        "from",
        "enum",
        "__class__",
        "__dir__",
        "__file__",
        "__function__",
        "__line__",
        "__method__",
        "__namespace__",
        "__trait__",
        "__property__",
    }
)
TYPE_NAMES = frozenset(
    {
        "int",
        "float",
        "bool",
        "string",
        "true",
        "false",
        "null",
        "void",
        "iterable",
        "object",
        "mixed",
        "never",
        "resource",
        "numeric",
        "parent",
        "self",
    }
)
CLASS_RESERVED = KEYWORDS | TYPE_NAMES
# Methods: keywords are legal method names since PHP 7, but they are escaped anyway so the
# API reads the same in every tool; names starting with ``__`` are reserved for magic methods.
METHOD_RESERVED = KEYWORDS
# Variables: only ``$this`` cannot be a parameter.
VARIABLE_RESERVED = frozenset({"this"})
# Class constants: ``class`` is reserved for ``X::class``.
CONSTANT_RESERVED = frozenset({"class"})

# Native declaration and docblock type of each primitive.
PRIMITIVES: dict[str, tuple[str, str]] = {
    "string": ("string", "string"),
    "int": ("int", "int"),
    "number": ("float", "float"),
    "bool": ("bool", "bool"),
    "datetime": ("\\DateTimeImmutable", "\\DateTimeImmutable"),
    "any": ("mixed", "mixed"),
    "object": ("array", "array<string, mixed>"),
    "function": ("callable", "callable"),
    "void": ("void", "void"),
    "null": ("null", "null"),
}
# Global PHP classes the docs may name; written fully qualified, never externals.
BUILTIN_CLASSES = frozenset(
    {
        "DateTime",
        "DateTimeImmutable",
        "DateTimeInterface",
        "Closure",
        "stdClass",
        "Generator",
        "Traversable",
        "Iterator",
        "IteratorAggregate",
        "ArrayAccess",
        "Countable",
        "JsonSerializable",
        "Throwable",
        "Exception",
        "Stringable",
    }
)
# Type spellings PHP itself accepts (case-insensitive) for a Prim / untyped list node.
_PHP_PRIM_SPELLINGS = frozenset(
    {
        "string",
        "int",
        "float",
        "bool",
        "mixed",
        "object",
        "callable",
        "null",
        "void",
        "iterable",
        "array",
        "false",
        "true",
        "never",
    }
)
NOT_IMPLEMENTED_DOC = "@throws \\BadMethodCallException Not implemented."
_DATE_CLASSES = frozenset({"DateTime", "DateTimeImmutable", "DateTimeInterface"})
# PHP type names the type parser reads as named types (``array<K, V>``, ``iterable``...):
# the native type written for each.
NAMED_PSEUDO_TYPES: dict[str, str] = {
    "array": "array",
    "iterable": "iterable",
    "true": "bool",
    "false": "bool",
    "resource": "mixed",
    "never": "mixed",
    "self": "mixed",
    "static": "mixed",
    "numeric": "float",
    "scalar": "mixed",
}
_DOC_LITERAL = re.compile(r"[A-Za-z0-9_.:/+@ -]*")
# Values an int-backed enum can hold exactly (``"01"`` would come back as ``1``).
_INT_VALUE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


# How deep request building follows options objects and arrays the reference links key by key.
MAX_NESTING = 6
# The runtime classes (in ``<namespace>\\Http``) the client template refers to.
RUNTIME_REFS = {
    "transport": "Transport",
    "stream": "StreamTransport",
    "error": "ApiException",
    "request": "Request",
    "response": "Response",
    "wire": "Wire",
    "options": "RequestOptions",
    "headers": "Headers",
    "retry": "Retry",
    "timeout_error": "TimeoutException",
    "connection_error": "ConnectionException",
}
# The runtime's files (``<namespace>\Http``), each from ``runtime/<name>.php.j2``.
RUNTIME_CLASSES = (
    "ApiException",
    "ConnectionException",
    "Headers",
    "RateLimitExceededException",
    "Request",
    "RequestOptions",
    "Response",
    "Retry",
    "StreamTransport",
    "TimeoutException",
    "Transport",
    "Wire",
)
# The subclasses of ApiException by status (docs/RUNTIME.md), each from ``runtime/StatusException.php.j2``
# (429's from its own template): class, the lowest and highest status it stands for, what it means.
STATUS_ERRORS = (
    ("BadRequestException", 400, 400, "400 Bad Request: the request is malformed or a parameter is invalid."),
    ("UnauthorizedException", 401, 401, "401 Unauthorized: the API key is missing, invalid or revoked."),
    ("ForbiddenException", 403, 403, "403 Forbidden: the API key may not do this."),
    ("NotFoundException", 404, 404, "404 Not Found: the resource does not exist."),
    ("ConflictException", 409, 409, "409 Conflict: the request conflicts with the resource's state."),
    ("UnprocessableEntityException", 422, 422, "422 Unprocessable Entity: the values do not pass validation."),
    ("RateLimitExceededException", 429, 429, ""),
    ("ServerErrorException", 500, 599, "5xx: the API failed; a retryable request was already sent again."),
)
# What the client's own properties and constants are called: no service property may take them.
CLIENT_MEMBERS = frozenset({"apiKey", "baseUrl", "transport", "clientId", "timeout", "maxRetries", "userAgent"})
# A Composer package name (vendor/name), as ``composer validate`` checks it.
# The PHP the generated code needs: backed enums, readonly properties, ``array_is_list`` (8.1).
PHP_VERSION = ">=8.1"
_COMPOSER_PART = re.compile(r"[a-z0-9]+(?:(?:[_.]|-{1,2})[a-z0-9]+)*")


@dataclass
class _Method:
    """One operation's method in its service, and its auto-paging companion (list operations)."""

    op: Operation
    name: str
    paging: str | None = None


@dataclass
class _Node:
    """An argument of a usage snippet built key by key: an array or an options object."""

    kind: str
    cls: str = ""
    children: dict[str, _Node | str] = field(default_factory=dict)


_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\\[A-Za-z_][A-Za-z0-9_]*)*")


class PhpSettings(LanguageSettings):
    namespace: str = "Example\\Sdk"
    # Where the SDK provides the types the docs use but never define (see ``codegen externals``);
    # defaults to ``<namespace>\Externals``.
    externals_namespace: str | None = None
    # The client's default base URL (``Client::DEFAULT_BASE_URL``).
    base_url: str = "https://api.workos.com"

    @field_validator("namespace", "externals_namespace")
    @classmethod
    def _namespace(cls, value: str | None) -> str | None:
        rule = "a PHP namespace is identifiers (ASCII letters, digits, '_') separated by '\\'"
        return value if value is None else setting_matches(value, _NAMESPACE, rule)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return setting_matches(
            value, r"https?://[!#-~]+", "a base URL is http(s):// and printable ASCII without spaces or quotes"
        )

    @field_validator("package_name")
    @classmethod
    def _composer_name(cls, value: str | None) -> str | None:
        """A Composer name is ``vendor/name`` in lower case; a name without a vendor gets the
        namespace's first segment as vendor (``workos-sdk`` -> ``example/workos-sdk``)."""
        if value is None:
            return None
        parts = value.lower().removeprefix("@").split("/")
        if len(parts) > 2 or not all(_COMPOSER_PART.fullmatch(p) for p in parts):
            raise ValueError(
                f"{value!r} is not valid: a Composer package name is [vendor/]name, each of lower-case ASCII "
                "letters and digits joined by single '.', '_' or '-' (or '--')"
            )
        return value


def doc_line(line: str) -> str:
    """One docblock line: nothing closes the comment, and no line starts a tag by accident."""
    safe = block_comment_safe(line)
    return "\\" + safe if safe.startswith("@") else safe


def docblock(body: list[str], indent: str) -> list[str]:
    """``/** ... */`` around already-escaped lines."""
    if not body:
        return []
    return [f"{indent}/**", *[f"{indent} * {line}".rstrip() for line in body], f"{indent} */"]


@dataclass
class PhpType:
    """A type as PHP declares it (``native``) and as the docblock describes it (``doc``)."""

    atoms: tuple[str, ...]
    doc: str
    nullable: bool = False

    def native(self) -> str:
        atoms = [a for a in self.atoms if a != "null"]
        nullable = self.nullable or "null" in self.atoms
        if not atoms or "mixed" in atoms:
            return "mixed"
        if len(atoms) == 1:
            return f"?{atoms[0]}" if nullable else atoms[0]
        return "|".join(atoms) + ("|null" if nullable else "")

    def optional(self) -> PhpType:
        doc = self.doc if self.nullable or self.doc == "mixed" else f"{self.doc}|null"
        return PhpType(self.atoms, doc, True)


@dataclass
class _Plan:
    """What one render of an API (and its usage snippets) shares: the classes, enums and service
    methods it generates. Made per render by :meth:`PhpEmitter.plan`; never kept on the emitter."""

    # (area, name) -> fully qualified class; documented name -> the first such class.
    classes: dict[tuple[str, str], str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    # Fully qualified class -> the model or option class it is generated from.
    decls: dict[str, Model | OptionClass] = field(default_factory=dict)
    # The models and option classes generated, by fully qualified class.
    items: list[Model | OptionClass] = field(default_factory=list)
    # Fully qualified enum -> the enum (values of same-named enums in one area merged).
    enums: dict[str, Enum] = field(default_factory=dict)
    # Service class -> its methods; id(operation) -> its method; service class -> client property.
    services: dict[str, list[_Method]] = field(default_factory=dict)
    methods: dict[int, _Method] = field(default_factory=dict)
    service_props: dict[str, str] = field(default_factory=dict)

    def class_of(self, area: str, name: str) -> str | None:
        """The fully qualified class of a documented name: its own area's, else the first one's."""
        return self.classes.get((area, name)) or self.by_name.get(name)

    def declaration(self, expr: Named) -> Model | OptionClass | Enum | None:
        """The generated enum, model or option class a named type means (None: external, builtin)."""
        if expr.name in BUILTIN_CLASSES or expr.area is None:
            return None
        fqn = self.class_of(expr.area, expr.name)
        if fqn is None:
            return None
        return self.enums.get(fqn) or self.decls.get(fqn)


@dataclass
class _Scope:
    """Class names visible in one file: ``use`` statements (an :class:`ImportTable` that compares
    names case-insensitively, as PHP does), aliased ``<Namespace><Class>``, then numbered, when
    short names clash; the file's own namespace needs no ``use`` unless aliased."""

    namespace: str
    own: str
    # The render the file belongs to (what named types resolve to).
    plan: _Plan = field(default_factory=_Plan)
    table: ImportTable[str] = field(init=False)

    def __post_init__(self) -> None:
        namespace = self.namespace
        self.table = ImportTable(
            fold=str.lower, number=lambda name, n: f"{name}{n}", implicit=lambda source: source == namespace
        )
        self.table.declare(self.own, self.namespace)

    def ref(self, fqn: str) -> str:
        if fqn.startswith("\\"):
            return fqn
        namespace, _, short = fqn.rpartition("\\")
        return self.table.ref(namespace, short, alias_hint=namespace.rpartition("\\")[2] + short)

    def statements(self) -> list[str]:
        uses = sorted(
            (f"{namespace}\\{name}", None if local == name else local)
            for namespace, names in self.table.imports()
            for name, local in names
        )
        return [f"use {fqn};" if alias is None else f"use {fqn} as {alias};" for fqn, alias in uses]


class _Qualified(_Scope):
    """Code outside the SDK's files (the conformance program): every class fully qualified."""

    def ref(self, fqn: str) -> str:
        return fqn if fqn.startswith("\\") else "\\" + fqn


class PhpEmitter(Emitter):
    name = "php"
    settings_model = PhpSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTIN_CLASSES | frozenset(
        variant for name in NAMED_PSEUDO_TYPES for variant in (name, name.capitalize())
    )
    # Every literal union of two or more values is a backed enum (``enum FactorType: string``).
    enum_style = "named"
    fence = "php"
    settings: PhpSettings

    # --- names ------------------------------------------------------------------------------
    def class_name(self, name: str) -> str:
        cleaned = safe_identifier(pascal(self.rename(name)) or name, ())
        return cleaned + "_" if cleaned.lower() in CLASS_RESERVED else cleaned

    def method_name(self, name: str) -> str:
        cleaned = safe_identifier(camel(self.rename(name).lstrip("$")) or name, ())
        if cleaned.lower() in METHOD_RESERVED or cleaned.startswith("__"):
            return cleaned + "_"
        return cleaned

    def variable_name(self, name: str) -> str:
        return safe_identifier(camel(self.rename(name)) or name, VARIABLE_RESERVED)

    def property_name(self, name: str) -> str:
        # Any identifier may name a property, ``$this`` included (``$object->this``).
        return safe_identifier(camel(self.rename(name)) or name, ())

    def area_segment(self, area: str) -> str:
        return self.class_name(area) if pascal(area) else "Common"

    def service_class(self, service: str | None) -> str:
        return self.class_name(service.lstrip("$")) if service and pascal(service) else "Functions"

    def case_name(self, value: str) -> str:
        """An enum case for a wire value: ``totp`` -> ``Totp``, ``sign-up`` -> ``SignUp``."""
        cleaned = safe_identifier(pascal(value) or "Value", ())
        # ``X::class`` is reserved (case-insensitively) for the class name.
        return cleaned + "_" if cleaned.lower() in CONSTANT_RESERVED else cleaned

    @property
    def namespace(self) -> str:
        """The configured namespace as written (``WorkOS``, not ``WorkOs``); a reserved segment gets ``_``."""
        parts = [p + "_" if p.lower() in CLASS_RESERVED else p for p in self.settings.namespace.split("\\") if p]
        return "\\".join(parts) or "Sdk"

    @property
    def externals_namespace(self) -> str:
        return self.settings.externals_namespace or f"{self.namespace}\\Externals"

    def external_class(self, name: str) -> str:
        """The fully qualified class a name from ``externals()`` stands for."""
        short = re.split(r"\.|\\|::", name)[-1]
        return f"{self.externals_namespace}\\{self.class_name(short)}"

    # --- types ------------------------------------------------------------------------------
    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if not spelling:
            return None
        if isinstance(expr, Prim):
            if expr.name == "datetime" and spelling in _DATE_CLASSES:
                return None
            if spelling.lower() not in _PHP_PRIM_SPELLINGS:
                native = PRIMITIVES[expr.name][0]
                return f"'{spelling}' is not a PHP type; written as {native}"
            return None
        if isinstance(expr, LiteralOf):
            return "PHP has no literal types; written as string with the values in the docblock"
        if isinstance(expr, ListOf):
            if spelling in ("T[]",) or spelling.lower() == "array":
                return None
            return f"'{spelling}' is not PHP; written as array"
        if isinstance(expr, MapOf):
            return f"'{spelling}' is not PHP; written as array"
        if isinstance(expr, Nullable):
            return "'T?' is not PHP; written as ?T" if spelling == "T?" else None
        if isinstance(expr, Named):
            if expr.spelling == "literal":  # a literal union the linker made an enum (codegen.enums)
                return f"PHP has no literal types; written as the enum {self.class_name(expr.name)}"
            if expr.args:
                return f"PHP has no generics; '{spelling}' written as {expr.name}"
            if expr.qualifier and "\\" not in spelling:
                return f"PHP qualifies names with '\\'; '{spelling}' resolved to {expr.name}"
        return None

    def type(self, expr: TypeExpr | None, scope: _Scope, *, prop: bool = False) -> PhpType:
        if expr is None:
            return PhpType(("mixed",), "mixed")
        if isinstance(expr, Prim):
            if expr.name == "datetime" and expr.spelling in _DATE_CLASSES:
                return PhpType((f"\\{expr.spelling}",), f"\\{expr.spelling}")
            native, doc = PRIMITIVES[expr.name]
            if prop and native == "callable":
                native = doc = "\\Closure"
            return PhpType((native,), doc)
        if isinstance(expr, LiteralOf):
            numeric = all(re.fullmatch(r"-?\d+", v) for v in expr.values)
            if numeric:
                return PhpType(("int",), "|".join(expr.values))
            if all(_DOC_LITERAL.fullmatch(v) for v in expr.values):
                return PhpType(("string",), "|".join(php_string(v) for v in expr.values))
            return PhpType(("string",), "string")
        if isinstance(expr, ListOf):
            if _untyped_array(expr):
                return PhpType(("array",), "array")
            return PhpType(("array",), f"list<{self.type(expr.item, scope).doc}>")
        if isinstance(expr, MapOf):
            key = self.type(expr.key, scope).doc
            key = key if key in ("string", "int") else "array-key"
            return PhpType(("array",), f"array<{key}, {self.type(expr.value, scope).doc}>")
        if isinstance(expr, Nullable):
            inner = self.type(expr.inner, scope, prop=prop)
            return inner.optional()
        if isinstance(expr, UnionOf):
            parts = [self.type(o, scope, prop=prop) for o in expr.options]
            atoms: list[str] = []
            for part in parts:
                atoms.extend(a for a in part.atoms if a.lower() not in {x.lower() for x in atoms})
            if "void" in atoms:
                atoms = ["mixed"]
            if "iterable" in atoms:  # iterable already includes array; PHP rejects the pair
                atoms = [a for a in atoms if a != "array"]
            docs: list[str] = []
            for part in parts:
                if part.doc not in docs:
                    docs.append(part.doc)
            return PhpType(tuple(atoms), "|".join(docs), any(p.nullable for p in parts))
        assert isinstance(expr, Named)
        pseudo = NAMED_PSEUDO_TYPES.get(expr.name.lower()) if expr.area is None else None
        if pseudo is not None:
            if pseudo == "array" and len(expr.args) == 1:
                return self.type(ListOf(item=expr.args[0]), scope, prop=prop)
            if pseudo == "array" and len(expr.args) == 2:
                return self.type(MapOf(key=expr.args[0], value=expr.args[1]), scope, prop=prop)
            return PhpType((pseudo,), pseudo if pseudo != "array" else "array")
        local = scope.ref(self.resolve(expr, scope.plan))
        return PhpType((local,), local)

    def resolve(self, expr: Named, plan: _Plan) -> str:
        """The fully qualified class of a named type (``\\X`` for PHP's own classes)."""
        if expr.name in BUILTIN_CLASSES:
            return f"\\{expr.name}"
        if expr.area is None:
            return self.external_class(expr.name)
        return plan.class_of(expr.area, expr.name) or self.external_class(expr.name)

    # --- rendering --------------------------------------------------------------------------
    def render(self, api: LanguageAPI) -> dict[str, str]:
        plan = self.plan(api)
        files: dict[str, str] = {}
        for item in plan.items:
            fqn = plan.classes[(item.area, item.name)]
            files[self._path(fqn)] = self.class_file(item, fqn, plan)
        for fqn, enum in plan.enums.items():
            files[self._path(fqn)] = self.enum_file(enum, fqn)
        for name, methods in plan.services.items():
            fqn = f"{self.namespace}\\Service\\{name}"
            files[self._path(fqn)] = self.service_file(name, methods, plan)
        files.update(self.runtime_files(plan))
        files.update(self.package_files(api, plan))
        return dict(sorted(files.items()))

    def plan(self, api: LanguageAPI, *, report: bool = True) -> _Plan:
        """The classes, enums and service methods ``api`` makes; ``report``: warn of name clashes
        (a usage snippet's plan does not: the render's reported them)."""
        plan = _Plan()
        referenced = {(n.area, n.name) for f in all_fields(api) for n in _named(f.type)}
        items: list[Model | OptionClass] = list(api.models)
        # Unnamed option objects become named parameters, unless a type refers to them.
        items += [o for o in api.options if not o.synthesized or (o.area, o.name) in referenced]
        seen: dict[str, str] = {}  # lower-case class -> the documented name it was made from
        unique: list[Model | OptionClass] = []
        for item in sorted(items, key=lambda i: (isinstance(i, OptionClass), i.area, i.name)):
            if (item.area, item.name) in plan.classes:
                continue
            folder = "Resource" if isinstance(item, Model) else "Options"
            fqn = f"{self.namespace}\\{folder}\\{self.area_segment(item.area)}\\{self.class_name(item.name)}"
            if fqn.lower() in seen:
                if report:
                    self.class_collision(item.loc, fqn, item.name, seen[fqn.lower()])
                continue
            seen[fqn.lower()] = item.name
            plan.classes[(item.area, item.name)] = fqn
            plan.by_name.setdefault(item.name, fqn)
            plan.decls[fqn] = item
            unique.append(item)
        plan.items = sorted(unique, key=lambda i: plan.classes[(i.area, i.name)])
        enums: dict[str, Enum] = {}
        # The same name in one area with two qualifiers (``FactorType``, ``WorkOS\Resource\FactorType``)
        # is one PHP enum: types resolve by (area, name).
        for enum in sorted(api.enums, key=lambda e: (e.area, e.name, e.qualifier or "")):
            known = plan.classes.get((enum.area, enum.name))
            if known in enums:
                merged = enums[known]
                extra = tuple(v for v in enum.values if v not in merged.values)
                enums[known] = merged.model_copy(update={"values": merged.values + extra})
                continue
            fqn = f"{self.namespace}\\Resource\\{self.area_segment(enum.area)}\\{self.class_name(enum.name)}"
            if fqn.lower() in seen:
                if report:
                    self.class_collision(enum.loc, fqn, enum.name, seen[fqn.lower()])
                continue
            seen[fqn.lower()] = enum.name
            plan.classes[(enum.area, enum.name)] = fqn
            plan.by_name.setdefault(enum.name, fqn)
            enums[fqn] = enum
        plan.enums = dict(sorted(enums.items()))
        self._plan_services(api, plan, self.diags if report else None)
        return plan

    def _plan_services(self, api: LanguageAPI, plan: _Plan, diags: Diagnostics | None) -> None:
        # Services: each operation's method name (PHP method names are case-insensitive) and
        # the client property that holds the service.
        grouped: dict[str, list[Operation]] = defaultdict(list)
        props: dict[str, str] = {}
        for op in api.operations:
            name = self.service_class(op.service)
            grouped[name].append(op)
            if name not in props:
                documented = op.service.lstrip("$") if op.service and pascal(op.service) else "functions"
                props[name] = self.property_name(documented)
        for name, ops in sorted(grouped.items()):
            names = UniqueNames(diags, self.name, f"method of {name}", fold=str.lower)
            names.reserve("__construct")
            methods: list[_Method] = []
            for op in sorted(ops, key=lambda o: (self.method_name(o.name).lower(), o.area, o.key)):
                methods.append(_Method(op, names.claim(self.method_name(op.name), op.name, op.loc)))
            for method in methods:
                if self.settings.bodies == "http" and _paged(method.op):
                    method.paging = names.claim(f"{method.name}AutoPaging", f"{method.op.name} (auto-paging)")
                plan.methods[id(method.op)] = method
            plan.services[name] = methods
        # Client properties: one per service; the client's own properties are avoided.
        taken = set(CLIENT_MEMBERS)
        for name in plan.services:
            prop = props[name]
            while prop in taken:
                prop += "_"
            taken.add(prop)
            plan.service_props[name] = prop

    def _path(self, fqn: str) -> str:
        relative = fqn.removeprefix(self.namespace + "\\")
        return "src/" + relative.replace("\\", "/") + ".php"

    def header(self, namespace: str, uses: list[str]) -> dict[str, object]:
        return {"notice": [f"// {GENERATED_NOTICE}", "// @generated"], "namespace": namespace, "uses": uses}

    def runtime_files(self, plan: _Plan) -> dict[str, str]:
        """The client and the small HTTP runtime beside the SDK code (docs/RUNTIME.md)."""
        http = f"{self.namespace}\\Http"
        files: dict[str, str] = {}
        errors = _status_errors()
        for name in RUNTIME_CLASSES:
            files[self._path(f"{http}\\{name}")] = self.template(
                f"runtime/{name}.php.j2", **self.header(http, []), errors=errors
            )
        for name, _, _, doc in STATUS_ERRORS:
            if name not in RUNTIME_CLASSES:
                files[self._path(f"{http}\\{name}")] = self.template(
                    "runtime/StatusException.php.j2", **self.header(http, []), class_name=name, doc=doc
                )
        scope = _Scope(self.namespace, "Client", plan)
        services = [
            {"prop": prop, "type": scope.ref(f"{self.namespace}\\Service\\{name}")}
            for name, prop in plan.service_props.items()
        ]
        refs = {key: scope.ref(f"{http}\\{cls}") for key, cls in RUNTIME_REFS.items()}
        files[self._path(f"{self.namespace}\\Client")] = self.template(
            "runtime/Client.php.j2",
            **self.header(self.namespace, scope.statements()),
            services=services,
            base_url=php_string(self.settings.base_url),
            package_name=php_string(self.composer_name),
            version=php_string(self.settings.version),
            user_agent=php_string(f"{self.composer_name.partition('/')[2]}/{self.settings.version}"),
            **refs,
        )
        return files

    @property
    def composer_name(self) -> str:
        """The package's Composer name: ``package_name`` in lower case, with the namespace's first
        segment as vendor when it has none (``workos-sdk`` -> ``example/workos-sdk``); unset, the
        namespace's first and last segments (``Example\\WorkOS`` -> ``example/workos``)."""
        segments = [_composer_part(s) for s in self.namespace.split("\\")]
        configured = self.settings.package_name
        name = configured.lower().removeprefix("@") if configured else segments[-1]
        return name if "/" in name else f"{segments[0]}/{name}"

    def package_files(self, api: LanguageAPI, plan: _Plan) -> dict[str, str]:
        """``composer.json`` (PSR-4 autoload of the namespace, the PHP version and extensions the
        runtime needs) and the SDK's ``README.md``, from the package settings."""
        settings = self.settings
        description = settings.description or f"The {self.namespace} SDK, generated by codegen."
        extensions = ["ext-json"] + (["ext-openssl"] if settings.base_url.startswith("https:") else [])
        manifest = self.template(
            "composer.json.j2",
            name=json.dumps(self.composer_name),
            description=json.dumps(description),
            license=json.dumps(settings.license or "proprietary"),
            repository=json.dumps(settings.repository) if settings.repository else None,
            author=json.dumps(settings.author) if settings.author else None,
            php=json.dumps(PHP_VERSION),
            extensions=[json.dumps(e) for e in extensions],
            namespace=json.dumps(self.namespace + "\\"),
            notice=json.dumps(f"{GENERATED_NOTICE} @generated"),
        )
        return {"composer.json": manifest, "README.md": self.readme(api, plan, description)}

    def readme(self, api: LanguageAPI, plan: _Plan, description: str) -> str:
        """The SDK's README: install, the client and every setting, errors, retries and timeouts,
        per-request options, pagination and the transport seam; its calls are usage snippets."""
        methods = sorted(
            (m for ms in plan.services.values() for m in ms if m.op.http is not None),
            key=lambda m: (plan.service_props[self.service_class(m.op.service)], m.name.lower()),
        )
        call = next((m for m in methods if m.op.http and m.op.http.method.upper() == "GET" and not m.paging), None)
        paged = next((m for m in methods if m.paging), None)
        call_code = self.example(sample_call(call.op, api), api) if call else None
        paging_code = self.example(sample_call(paged.op, api), api, paging=True) if paged else None
        settings = self.settings
        extensions = ["json"] + (["openssl"] if settings.base_url.startswith("https:") else [])
        return self.template(
            "README.md.j2",
            notice=f"{GENERATED_NOTICE} @generated",
            name=self.composer_name,
            version=settings.version,
            description=description,
            namespace=self.namespace,
            php=PHP_VERSION,
            extensions=[f"ext-{e}" for e in extensions],
            base_url=php_string(settings.base_url),
            user_agent=f"{self.composer_name.partition('/')[2]}/{settings.version}",
            errors=_status_errors(),
            call=call_code,
            paging=paging_code,
        )

    def enum_file(self, enum: Enum, fqn: str) -> str:
        namespace, _, name = fqn.rpartition("\\")
        backing = _backing(enum)
        cases = [
            {"name": case, "value": value if backing == "int" else php_string(value)}
            for value, case in self._case_names(enum, name, self.diags).items()
        ]
        doc = [doc_line(line) for line in lines(enum.description or f"The values of {enum.name}.")]
        return self.template(
            "enum.php.j2",
            **self.header(namespace, []),
            doc=docblock(doc, ""),
            enum_name=name,
            backing=backing,
            cases=cases,
        )

    def _case_names(self, enum: Enum, name: str, diags: Diagnostics | None) -> dict[str, str]:
        """Wire value -> enum case."""
        names = UniqueNames(diags, self.name, f"case of {name}")
        return {value: names.claim(self.case_name(value), value, enum.loc) for value in enum.values}

    def field_doc(self, f: Field, identifier: str) -> list[str]:
        text = [doc_line(line) for line in lines(f.description)]
        wire = f.wire_name or f.name
        if wire != identifier:
            text.append(doc_line(f"Wire name: {one_line(wire)}."))
        return text

    def shape(self, f: Field, base: PhpType, scope: _Scope) -> str:
        """A docblock array shape for the nested fields of an ``object``/``object[]`` parameter."""
        entries = []
        for sub in f.fields:
            if sub.is_method or not is_identifier(sub.name):
                return base.doc
            sub_type = self.type(sub.type, scope)
            if sub.fields and sub_type.atoms == ("array",):
                sub_type = PhpType(("array",), self.shape(sub, sub_type, scope))
            entries.append(f"{sub.name}{'?' if sub.optional else ''}: {sub_type.doc}")
        if not entries:
            return base.doc
        shape = "array{" + ", ".join(entries) + "}"
        return f"list<{shape}>" if base.doc.startswith("list<") else shape

    def _property_vars(
        self, item: Model | OptionClass, plan: _Plan, diags: Diagnostics | None
    ) -> list[tuple[str, Field]]:
        """The properties of a class, (name, field), named in document order."""
        name = plan.classes.get((item.area, item.name), item.name).rpartition("\\")[2]
        names = UniqueNames(diags, self.name, f"property of {name}")
        return [(names.claim(self.property_name(f.name), f.name, f.loc), f) for f in item.fields if not f.is_method]

    # --- (de)serialization ------------------------------------------------------------------
    def _shape_keys(self, expr: TypeExpr | None, fields: tuple[Field, ...] | list[Field]) -> list[Field]:
        """The keys (by wire name) of an object the docs describe inline, when its type does not
        name a class that knows them: ``object``, ``array``, ``object[]``, untyped."""
        keys = [f for f in fields if f.wire_name and not f.is_method]
        if not keys:
            return []
        while isinstance(expr, Nullable):
            expr = expr.inner
        if isinstance(expr, ListOf) and not _untyped_array(expr):
            expr = expr.item
            while isinstance(expr, Nullable):
                expr = expr.inner
        if expr is None or isinstance(expr, ListOf) or (isinstance(expr, Prim) and expr.name in ("object", "any")):
            return keys
        if isinstance(expr, Named) and expr.area is None and expr.name.lower() == "array" and not expr.args:
            return keys
        return []

    def decode(
        self, expr: TypeExpr | None, var: str, scope: _Scope, depth: int = 0, fields: tuple[Field, ...] = ()
    ) -> str:
        """The PHP expression that turns ``var`` (decoded JSON) into a value of ``expr``; an object
        the docs describe inline (``fields``) keeps its wire names, each value decoded by its type."""
        keys = self._shape_keys(expr, fields)
        if keys:
            return self._shape(expr, var, keys, scope, depth, decode=True)
        if expr is None or isinstance(expr, LiteralOf):
            return var
        if isinstance(expr, Nullable):
            inner = self.decode(expr.inner, var, scope, depth)
            return var if inner == var else f"{var} === null ? null : {inner}"
        if isinstance(expr, Prim):
            if expr.name == "datetime":
                cls = (
                    f"\\{expr.spelling}"
                    if expr.spelling in ("DateTime", "DateTimeImmutable")
                    else "\\DateTimeImmutable"
                )
                return f"new {cls}({var})"
            return var
        if isinstance(expr, (ListOf, MapOf)):
            item = expr.item if isinstance(expr, ListOf) else expr.value
            x = f"$x{depth}"
            inner = self.decode(item, x, scope, depth + 1)
            return var if inner == x else f"array_map(static fn ($x{depth}) => {inner}, {var})"
        if isinstance(expr, UnionOf):
            real = [d for d in (self.decode(o, var, scope, depth) for o in expr.options) if d != var]
            return real[0] if len(real) == 1 else var
        assert isinstance(expr, Named)
        pseudo = NAMED_PSEUDO_TYPES.get(expr.name.lower()) if expr.area is None else None
        if pseudo == "array" and len(expr.args) == 1:
            return self.decode(ListOf(item=expr.args[0]), var, scope, depth)
        if pseudo == "array" and len(expr.args) == 2:
            return self.decode(MapOf(key=expr.args[0], value=expr.args[1]), var, scope, depth)
        decl = scope.plan.declaration(expr)
        if isinstance(decl, Enum):
            cls = scope.ref(self.resolve(expr, scope.plan))
            return f"{cls}::from((int) {var})" if _backing(decl) == "int" else f"{cls}::from({var})"
        if decl is not None:
            return f"{scope.ref(self.resolve(expr, scope.plan))}::fromArray({var})"
        return var

    def _wire(self, scope: _Scope) -> str:
        return scope.ref(f"{self.namespace}\\Http\\Wire")

    def encode(self, expr: TypeExpr | None, var: str, scope: _Scope, fields: tuple[Field, ...] = ()) -> str:
        """The PHP expression of ``var`` (a value of type ``expr``) in its JSON form: a JSON object
        held in a PHP array stays an object when empty (``{}``, never ``[]``), at any depth."""
        encoded = self._encoder(expr, var, scope, fields, 0)
        if encoded is not None:
            return encoded
        base = expr
        while isinstance(base, Nullable):
            base = base.inner
        if isinstance(base, LiteralOf) or (isinstance(base, Prim) and base.name in ("string", "int", "number", "bool")):
            return var
        return f"{self._wire(scope)}::value({var})"

    def _encoder(
        self, expr: TypeExpr | None, var: str, scope: _Scope, fields: tuple[Field, ...], depth: int
    ) -> str | None:
        """The JSON form of ``var`` by its type; None where ``Wire::value`` gives it (no JSON
        object is held in a PHP array: models, enums, dates and lists of them encode themselves)."""
        keys = self._shape_keys(expr, fields)
        if keys:
            return self._shape(expr, var, keys, scope, depth, decode=False)
        if isinstance(expr, Nullable):
            inner = self._encoder(expr.inner, var, scope, (), depth)
            return None if inner is None else f"{var} === null ? null : {inner}"
        if isinstance(expr, Named) and expr.area is None and expr.name.lower() == "array" and expr.args:
            args = expr.args
            expr = ListOf(item=args[0]) if len(args) == 1 else MapOf(key=args[0], value=args[-1])
        x = f"$x{depth}"
        if isinstance(expr, Prim) and expr.name == "object":
            return f"{self._wire(scope)}::object({var})"
        if isinstance(expr, MapOf):
            inner = self._encoder(expr.value, x, scope, (), depth + 1)
            mapped = var if inner is None else f"array_map(static fn ({x}) => {inner}, {var})"
            return f"{self._wire(scope)}::object({mapped})"
        if isinstance(expr, ListOf):
            inner = self._encoder(expr.item, x, scope, (), depth + 1)
            return None if inner is None else f"array_map(static fn ({x}) => {inner}, {var})"
        return None

    def _shape(
        self, expr: TypeExpr | None, var: str, keys: list[Field], scope: _Scope, depth: int, *, decode: bool
    ) -> str:
        """Decode (or encode) an object the docs describe key by key, or a list of them: a PHP
        array by wire name, each key's value by its type (``Wire::shape``); encoded, an empty
        one is ``{}``. PHP's untyped ``array`` may hold one such object or a list of them."""
        x, y = f"$x{depth}", f"$x{depth + 1}"
        by = []
        for key in keys:
            if decode:
                inner: str | None = self.decode(key.type, y, scope, depth + 2, key.fields)
                inner = None if inner == y else inner
            else:
                inner = self._encoder(key.type, y, scope, key.fields, depth + 2)
            if inner is not None:
                by.append(f"{php_string(key.wire_name or key.name)} => static fn ({y}) => {inner}")
        if decode and not by:
            return var
        wire = self._wire(scope)

        def one(value: str) -> str:
            shaped = f"{wire}::shape({value}, [{', '.join(by)}])" if by else value
            return shaped if decode else f"{wire}::object({shaped})"

        base = expr
        while isinstance(base, Nullable):
            base = base.inner
        if isinstance(base, ListOf) and _untyped_array(base):
            result = f"{wire}::each({var}, static fn ({x}) => {one(x)})"
        elif isinstance(base, ListOf):
            result = f"array_map(static fn ({x}) => {one(x)}, {var})"
        else:
            result = one(var)
        return result if base is expr else f"{var} === null ? null : {result}"

    def class_file(self, item: Model | OptionClass, fqn: str, plan: _Plan) -> str:
        namespace, _, name = fqn.rpartition("\\")
        scope = _Scope(namespace, name, plan)
        base = None
        if item.base:
            target = plan.class_of(item.area, item.base)
            base = scope.ref(target) if target and target != fqn and target in plan.decls else None
        fallback = f"Options for {item.name}." if isinstance(item, OptionClass) else item.title or item.name
        description = item.description or fallback
        doc = [doc_line(line) for line in lines(description)]
        if item.base and base is None:
            doc += ["", doc_line(f"Extends {one_line(item.base)} (not defined by the docs).")]
        url = getattr(item, "url", None)
        if url:
            doc += ["", "@link " + block_comment_safe(one_line(url))]
        props = []
        wire_props = []
        # Named in document order, declared required first.
        claimed = self._property_vars(item, plan, self.diags)
        for var, f in sorted(claimed, key=lambda c: c[1].optional):
            php_type = self.type(f.type, scope, prop=True)
            if f.optional:
                php_type = php_type.optional()
            nullable = php_type.native() == "mixed" or php_type.nullable
            if f.fields and php_type.atoms == ("array",):
                php_type = PhpType(php_type.atoms, self.shape(f, php_type, scope), php_type.nullable)
            text = self.field_doc(f, var)
            body = [*text, *([""] if text else []), f"@var {block_comment_safe(php_type.doc)}"]
            props.append(
                {
                    "doc": docblock(body, "    "),
                    "decl": f"public {php_type.native()} ${var}" + (" = null" if nullable else ""),
                    # The documented name when the HTTP reference gives none (marked in a comment).
                    "wire": (php_string(var), php_string(f.wire_name or f.name)),
                    "undocumented": f.wire_name is None,
                    "place": php_string(f.place) if f.place else None,
                }
            )
        for var, f in claimed:
            if f.wire_name is None:
                continue  # never sent nor read: codegen does not invent a wire name
            key = php_string(f.wire_name)
            wire_props.append(
                {
                    "key": key,
                    "decode": self.decode(f.type, f"$data[{key}]", scope, fields=f.fields),
                    "encode": self.encode(f.type, f"$this->{var}", scope, f.fields),
                    "var": var,
                }
            )
        methods = []
        method_names = UniqueNames(self.diags, self.name, f"method of {name}", fold=str.lower)
        method_names.reserve("fromArray", "fill", "toArray", "jsonSerialize")
        for m in getattr(item, "methods", ()):
            result = self.type(m.type, scope)
            body = [doc_line(x) for x in lines(m.description)] or [doc_line(one_line(m.name))]
            body += ["", f"@return {block_comment_safe(result.doc)}", NOT_IMPLEMENTED_DOC]
            method = method_names.claim(self.method_name(m.name.removesuffix("()")), m.name, m.loc)
            methods.append({"name": method, "returns": result.native(), "doc": docblock(body, "    ")})
        return self.template(
            "class.php.j2",
            **self.header(namespace, scope.statements()),
            doc=docblock(doc, ""),
            class_name=name,
            base=base,
            props=props,
            wire_props=wire_props,
            methods=methods,
        )

    # --- services ---------------------------------------------------------------------------
    def _param_vars(self, op: Operation, diags: Diagnostics | None) -> list[tuple[str, Field]]:
        """The method's parameters in document order: (variable, field); unwrapped option
        objects give their fields."""
        names = UniqueNames(diags, self.name, f"parameter of {self.method_name(op.name)}")
        result = []
        for top in op.params:
            for f in top.fields if top.unwrap else (top,):
                if not f.is_method:
                    result.append((names.claim(self.variable_name(f.name), f.name, f.loc), f))
        return result

    def params(self, op: Operation, scope: _Scope) -> tuple[list[dict[str, str]], list[str], list[str]]:
        """Declarations, their docblock lines, and the ``REQUESTS`` entries (``'var' => [...]``)."""
        params: list[tuple[bool, dict[str, str], list[str]]] = []
        wire: list[str] = []
        for var, f in self._param_vars(op, self.diags):
            php_type = self.type(f.type, scope)
            if php_type.atoms == ("void",):
                php_type = PhpType(("mixed",), "mixed")
            if f.optional:
                php_type = php_type.optional()
            doc_type = self.shape(f, php_type, scope) if f.fields and "array" in php_type.atoms else php_type.doc
            if f.fields and f.optional and not doc_type.endswith("|null"):
                doc_type += "|null"
            text = self.field_doc(f, var)
            doc = [f"@param {block_comment_safe(doc_type)} ${var}" + (f" {text[0]}" if text else "")]
            doc += [f"    {line}" if line else "" for line in text[1:] if line]
            native = php_type.native()
            default = " = null" if f.optional else ""
            params.append((f.optional, {"decl": f"{native} ${var}{default}"}, doc))
            route = _route(f)
            if route is not None:
                wire.append(f"{php_string(var)} => {route}")
        params.sort(key=lambda p: p[0])
        return [p[1] for p in params], [line for p in params for line in p[2]], wire

    def _wire_values(self, access: str, f: Field, plan: _Plan, depth: int = 0) -> list[tuple[str, str, str]]:
        """(PHP expression, wire name, place) of everything an argument sends: the argument
        itself, the keys of an array the reference links one by one, or the properties of an
        options object."""
        if f.wire_name and f.place:
            return [(access, f.wire_name, f.place)]
        if depth > MAX_NESTING:
            return []
        base = access.removesuffix(" ?? null")
        if f.fields:
            return [
                item
                for sub in f.fields
                if not sub.is_method
                for item in self._wire_values(f"{base}[{php_string(sub.name)}] ?? null", sub, plan, depth + 1)
            ]
        expr = f.type
        while isinstance(expr, Nullable):
            expr = expr.inner
        decl = plan.declaration(expr) if isinstance(expr, Named) else None
        if isinstance(decl, (Model, OptionClass)):
            return [
                item
                for var, sub in self._property_vars(decl, plan, None)
                for item in self._wire_values(f"{base}->{var} ?? null", sub, plan, depth + 1)
            ]
        return []

    def request_lines(self, op: Operation, scope: _Scope) -> list[str]:
        """The statements that build ``$_request`` for ``op``."""
        assert op.http is not None
        values = [v for var, f in self._param_vars(op, None) for v in self._wire_values(f"${var}", f, scope.plan)]
        # Fixed-value parameters the docs of this language leave out (``grant_type``): sent as is.
        values += [(php_string(p.value), p.name, p.place) for p in op.http.constants(_documented(op)) if p.value]
        wire = scope.ref(f"{self.namespace}\\Http\\Wire")
        holes = {name: expr for expr, name, place in values if place == "path"}
        parts: list[str] = []
        for i, piece in enumerate(re.split(r"\{([^{}]+)\}", op.http.path)):
            if i % 2 == 0:
                if piece:
                    parts.append(php_string(piece))
            elif piece in holes:
                parts.append(f"{wire}::segment({holes[piece]})")
            else:
                parts.append(php_string("{" + piece + "}"))
        path = " . ".join(parts) or "''"
        has_body = any(p.place == "body" for p in op.http.params) or any(v[2] == "body" for v in values)
        request = scope.ref(f"{self.namespace}\\Http\\Request")
        args = [php_string(op.http.method.upper()), path] + (["true"] if has_body else [])
        out = [f"$_request = new {request}({', '.join(args)});"]
        for expr, name, place in values:
            if place in ("query", "body"):
                out.append(f"$_request->{place}({php_string(name)}, {expr});")
        return out

    def _http_body(self, op: Operation, returns: list[Field], result: PhpType, scope: _Scope) -> list[str]:
        """The statements of a method that makes its HTTP call and decodes the reply."""
        body = self.request_lines(op, scope)
        if not returns or result.native() == "void":
            return [*body, "$this->client->send($_request);"]
        expr = returns[0].type
        while isinstance(expr, Nullable):
            expr = expr.inner
        reply = "$this->client->send($_request)"
        # A list is the items of a page reply; unless the docs list the reply's keys (then the
        # reply is decoded as they describe it, ``data`` and all).
        keys = self._shape_keys(returns[0].type, returns[0].fields)
        if isinstance(expr, ListOf) and not keys:
            reply = f"{self._wire(scope)}::items({reply})"
        decoded = self.decode(returns[0].type, "$_reply", scope, fields=returns[0].fields)
        if decoded.count("$_reply") == 1:
            return [*body, f"return {decoded.replace('$_reply', reply)};"]
        return [*body, f"$_reply = {reply};", f"return {decoded};"]

    def service_file(self, name: str, methods_of: list[_Method], plan: _Plan) -> str:
        namespace = f"{self.namespace}\\Service"
        scope = _Scope(namespace, name, plan)
        client = scope.ref(f"{self.namespace}\\Client")
        http = self.settings.bodies == "http"
        # Only a service with a method that calls the API names the exception (no unused ``use``).
        wired = http and any(m.op.http is not None for m in methods_of)
        error = scope.ref(f"{self.namespace}\\Http\\ApiException") if wired else ""
        methods = []
        requests: list[dict[str, object]] = []
        for m in methods_of:
            op, method = m.op, m.name
            params, param_doc, wire = self.params(op, scope)
            if op.http is not None:
                requests.append(
                    {
                        "name": php_string(method),
                        "method": php_string(op.http.method),
                        "path": php_string(op.http.path),
                        "params": wire,
                    }
                )
            returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
            result = self.type(returns[0].type, scope) if returns else PhpType(("void",), "void")
            doc = [doc_line(line) for line in lines(op.description)] or [doc_line(one_line(op.title or op.name))]
            doc.append("")
            doc += param_doc
            doc.append(f"@return {block_comment_safe(result.doc)}")
            if returns and lines(returns[0].description):
                doc[-1] += " " + doc_line(one_line(returns[0].description))
            throws = f"@throws {error} When the API answers with an error." if http else NOT_IMPLEMENTED_DOC
            if http and op.http is None:
                throws = "@throws \\BadMethodCallException The docs give this method no HTTP request."
            doc.append(throws)
            if op.url:
                doc.append("@link " + block_comment_safe(one_line(op.url)))
            body = ["throw new \\BadMethodCallException('not implemented');"]
            if http and op.http is not None:
                body = self._http_body(op, returns, result, scope)
            methods.append(
                {
                    "name": method,
                    "params": params,
                    "returns": result.native(),
                    "doc": docblock(doc, "    "),
                    "body": body,
                }
            )
            if m.paging and op.http is not None:
                item_type, item_fields = _item_type(returns[0] if returns else None, self, plan)
                item_doc = self.type(item_type, scope).doc if item_type is not None else "mixed"
                doc = [
                    doc_line(f"Every item of {method}(), page after page: the request is sent again with"),
                    doc_line("`after` set to the reply's `list_metadata.after` until that is null."),
                    "",
                    *param_doc,
                    f"@return \\Generator<int, {block_comment_safe(item_doc)}>",
                    f"@throws {error} When the API answers with an error.",
                ]
                body = self.request_lines(op, scope)
                body.append("foreach ($this->client->paginate($_request) as $_item) {")
                body.append(f"    yield {self.decode(item_type, '$_item', scope, fields=item_fields)};")
                body.append("}")
                methods.append(
                    {
                        "name": m.paging,
                        "params": params,
                        "returns": "\\Generator",
                        "doc": docblock(doc, "    "),
                        "body": body,
                    }
                )
        return self.template(
            "service.php.j2",
            **self.header(namespace, scope.statements()),
            doc=docblock([doc_line(f"The {name} service.")], ""),
            class_name=name,
            client=client,
            methods=methods,
            requests=requests,
        )

    # --- usage ------------------------------------------------------------------------------
    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        return self.example(call, api)

    def example(
        self, call: SampleCall, api: LanguageAPI, *, paging: bool = False, client: str = "$client"
    ) -> str | None:
        """The statements that call ``call.operation`` on ``client`` with the sample values and
        keep the result in ``$result``; ``paging``: its auto-paging method (a generator)."""
        plan = self.plan(api, report=False)
        method = plan.methods.get(id(call.operation))
        if method is None:
            method = next((m for m in plan.methods.values() if m.op == call.operation), None)
        if method is None:
            return None
        name = method.paging if paging else method.name
        if name is None:
            return None
        service = self.service_class(call.operation.service)
        target = f"{client}->{plan.service_props[service]}->{name}"
        params = self._param_vars(call.operation, None)
        by_top: dict[str, list[tuple[str, Field]]] = defaultdict(list)
        for top in call.operation.params:
            flat = top.fields if top.unwrap else (top,)
            by_top[top.name] = [(v, f) for v, f in params if any(f is x for x in flat)]
        statements: list[str] = []
        named: dict[str, _Node | str] = {}
        for arg in call.args:
            parent = next((t for t in call.operation.params if t.name == arg.path[0]), None)
            if parent is None:
                continue
            rest = arg.path[1:]
            candidates = by_top[parent.name]
            if parent.unwrap:
                if not rest:
                    continue
                found = next(((v, f) for v, f in candidates if f.name == rest[0]), None)
                rest = rest[1:]
            else:
                found = candidates[0] if candidates else None
            if found is None:
                continue
            var, f = found
            named[var] = self._nested(named.get(var), f, rest, arg, plan)
        call_args = [f"    {var}: {self._render_node(value, f'${var}', statements)}" for var, value in named.items()]
        code = f"{target}(\n" + ",\n".join(call_args) + "\n)" if call_args else f"{target}()"
        return "\n".join([*statements, f"$result = {code};"])

    def result_json(self, op: Operation, api: LanguageAPI, var: str, *, paging: bool = False) -> str:
        """The PHP expression (classes fully qualified) of ``var``, the value ``op``'s method
        returns (``paging``: an item its auto-paging method yields), in its JSON form: by wire
        name, and a JSON object held in a PHP array stays an object (``{}``) by its type."""
        plan = self.plan(api, report=False)
        scope = _Qualified(self.namespace, "Conformance", plan)
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
        if not returns:
            return f"{self._wire(scope)}::value({var})"
        if paging:
            item, fields = _item_type(returns[0], self, plan)
            return self.encode(item, var, scope, fields) if item is not None else f"{self._wire(scope)}::value({var})"
        return self.encode(returns[0].type, var, scope, returns[0].fields)

    def _nested(
        self, current: _Node | str | None, f: Field, rest: tuple[str, ...], arg: Arg, plan: _Plan
    ) -> _Node | str:
        """The argument value of ``f`` with ``arg`` set at ``rest`` below it."""
        if not rest:
            return self.literal(arg.field.type, arg.value, plan)
        step = rest[0]
        if f.fields:
            child = next((c for c in f.fields if c.name == step), None)
            node = current if isinstance(current, _Node) else _Node("array")
            if child is not None:
                key = php_string(step)
                node.children[key] = self._nested(node.children.get(key), child, rest[1:], arg, plan)
            return node
        expr = f.type
        while isinstance(expr, Nullable):
            expr = expr.inner
        decl = plan.declaration(expr) if isinstance(expr, Named) else None
        if not isinstance(decl, (Model, OptionClass)) or not isinstance(expr, Named):
            return current or "null"
        props: dict[str, tuple[str, Field]] = {}
        item: Model | OptionClass | None = decl
        for _ in range(8):  # the class, then its bases
            if item is None:
                break
            for prop, sub in self._property_vars(item, plan, None):
                props.setdefault(sub.name, (prop, sub))
            base = plan.class_of(item.area, item.base) if item.base else None
            found = plan.decls.get(base or "")
            item = found if found is not item else None
        if step not in props:
            return current or "null"
        node = current if isinstance(current, _Node) else _Node("object", "\\" + self.resolve(expr, plan))
        prop, child = props[step]
        node.children[prop] = self._nested(node.children.get(prop), child, rest[1:], arg, plan)
        return node

    def _render_node(self, node: _Node | str, var: str, statements: list[str]) -> str:
        if isinstance(node, str):
            return node
        if node.kind == "array":
            entries = [
                f"{key} => {self._render_node(child, var + pascal(key.strip(chr(39))), statements)}"
                for key, child in node.children.items()
            ]
            return "[" + ", ".join(entries) + "]"
        statements.append(f"{var} = new {node.cls}();")
        for prop, child in node.children.items():
            value = self._render_node(child, var + prop[:1].upper() + prop[1:], statements)
            statements.append(f"{var}->{prop} = {value};")
        return var

    def literal(self, expr: TypeExpr | None, value: Json, plan: _Plan) -> str:
        """``value`` (JSON form) as a PHP expression of type ``expr``."""
        if value is None:
            return "null"
        while isinstance(expr, Nullable):
            expr = expr.inner
        if isinstance(expr, UnionOf):
            fitting = [o for o in expr.options if self._fits(o, value, plan)]
            return self.literal(fitting[0] if fitting else None, value, plan)
        if isinstance(expr, ListOf) and isinstance(value, list):
            return "[" + ", ".join(self.literal(expr.item, v, plan) for v in value) + "]"
        if isinstance(expr, MapOf) and isinstance(value, dict):
            return (
                "["
                + ", ".join(f"{php_string(str(k))} => {self.literal(expr.value, v, plan)}" for k, v in value.items())
                + "]"
            )
        if isinstance(expr, Prim) and expr.name == "datetime" and isinstance(value, str):
            cls = f"\\{expr.spelling}" if expr.spelling in ("DateTime", "DateTimeImmutable") else "\\DateTimeImmutable"
            return f"new {cls}({php_string(value)})"
        if isinstance(expr, Named):
            pseudo = NAMED_PSEUDO_TYPES.get(expr.name.lower()) if expr.area is None else None
            if pseudo == "array" and len(expr.args) == 1:
                return self.literal(ListOf(item=expr.args[0]), value, plan)
            if pseudo == "array" and len(expr.args) == 2:
                return self.literal(MapOf(key=expr.args[0], value=expr.args[1]), value, plan)
            decl = plan.declaration(expr)
            fqn = "\\" + self.resolve(expr, plan)
            if isinstance(decl, Enum) and str(value) in decl.values:
                fqn_enum = plan.classes.get((decl.area, decl.name)) or fqn.lstrip("\\")
                cases = self._case_names(plan.enums.get(fqn_enum, decl), fqn_enum.rpartition("\\")[2], None)
                return f"\\{fqn_enum}::{cases[str(value)]}"
            if isinstance(decl, (Model, OptionClass)) and isinstance(value, dict):
                return f"{fqn}::fromArray({_json_literal(value)})"
        return _json_literal(value)

    def _fits(self, expr: TypeExpr, value: Json, plan: _Plan) -> bool:
        while isinstance(expr, Nullable):
            expr = expr.inner
        if isinstance(expr, LiteralOf):
            return value in expr.values
        if isinstance(expr, Prim):
            return {
                "string": isinstance(value, str),
                "datetime": isinstance(value, str),
                "int": isinstance(value, int) and not isinstance(value, bool),
                "number": isinstance(value, (int, float)) and not isinstance(value, bool),
                "bool": isinstance(value, bool),
                "object": isinstance(value, dict),
                "any": True,
            }.get(expr.name, False)
        if isinstance(expr, ListOf):
            return isinstance(value, list)
        if isinstance(expr, MapOf):
            return isinstance(value, dict)
        if isinstance(expr, Named):
            decl = plan.declaration(expr)
            if isinstance(decl, Enum):
                return str(value) in decl.values
            return isinstance(value, dict)
        return False


def _route(f: Field) -> str | None:
    """Where an argument goes: ``['wire', 'place']``; for an array whose keys the reference links
    one by one, the same per key; None when nothing of it is sent."""
    if f.wire_name and f.place:
        return f"[{php_string(f.wire_name)}, {php_string(f.place)}]"
    keys = [(sub.name, _route(sub)) for sub in f.fields if not sub.is_method]
    linked = [f"{php_string(key)} => {route}" for key, route in keys if route is not None]
    return "[" + ", ".join(linked) + "]" if linked else None


def _documented(op: Operation) -> set[str]:
    """The wire names the operation's parameters (and their nested fields) are linked to."""
    names: set[str] = set()
    stack = list(op.params)
    while stack:
        f = stack.pop()
        if f.wire_name:
            names.add(f.wire_name)
        stack.extend(f.fields)
    return names


def _paged(op: Operation) -> bool:
    """A list operation: the reference takes an ``after`` cursor in its query."""
    return op.http is not None and any(p.name == "after" and p.place == "query" for p in op.http.params)


def _item_type(ret: Field | None, emitter: PhpEmitter, plan: _Plan) -> tuple[TypeExpr | None, tuple[Field, ...]]:
    """The item type of a list operation's reply and the keys the docs list for an item: the
    items of the reply's ``data`` when the docs list the reply's keys, a list's items, or a page
    model's ``data`` items."""
    if ret is None:
        return None, ()
    data = next((f for f in emitter._shape_keys(ret.type, ret.fields) if f.wire_name == "data"), None)
    expr = data.type if data is not None else ret.type
    while isinstance(expr, Nullable):
        expr = expr.inner
    if isinstance(expr, ListOf):
        return expr.item, data.fields if data is not None else ()
    if isinstance(expr, Named):
        decl = plan.declaration(expr)
        if isinstance(decl, (Model, OptionClass)):
            found = next((f for f in decl.fields if f.wire_name == "data"), None)
            inner = found.type if found else None
            while isinstance(inner, Nullable):
                inner = inner.inner
            if isinstance(inner, ListOf) and found is not None:
                return inner.item, found.fields
    return None, ()


def _status_errors() -> list[dict[str, object]]:
    """The subclasses of ApiException for the templates: class, the statuses (``low``..``high``)
    and how the docs write them (``404``, ``5xx``)."""
    return [
        {"name": name, "low": low, "high": high, "status": str(low) if low == high else f"{str(low)[0]}xx"}
        for name, low, high, _ in STATUS_ERRORS
    ]


def _composer_part(segment: str) -> str:
    """A namespace segment as part of a Composer name: ``WorkOS`` -> ``workos``, ``My_Sdk_`` -> ``my-sdk``."""
    part = re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-")
    return part or "sdk"


def _backing(enum: Enum) -> str:
    """``int`` when every value is an integer PHP keeps exactly, else ``string``."""
    return "int" if all(_INT_VALUE.fullmatch(v) for v in enum.values) else "string"


def _json_literal(value: Json) -> str:
    """A JSON value as a PHP literal (objects as arrays)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return php_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_json_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "[" + ", ".join(f"{php_string(str(k))} => {_json_literal(v)}" for k, v in value.items()) + "]"
    return php_string(str(value))


def _untyped_array(expr: ListOf) -> bool:
    """``array`` with nothing said about its items: PHP's array, list or map alike."""
    return expr.spelling.lower() == "array" and isinstance(expr.item, Prim) and expr.item.name == "any"


def _named(expr: TypeExpr | None) -> list[Named]:
    if expr is None:
        return []
    if isinstance(expr, Named):
        return [expr, *[n for a in expr.args for n in _named(a)]]
    if isinstance(expr, ListOf):
        return _named(expr.item)
    if isinstance(expr, MapOf):
        return _named(expr.key) + _named(expr.value)
    if isinstance(expr, UnionOf):
        return [n for o in expr.options for n in _named(o)]
    if isinstance(expr, Nullable):
        return _named(expr.inner)
    return []
