"""TypeScript (docs language ``js``): a class per service, free functions, interfaces per area.

Layout under ``<out>/<path>/`` (``src`` by default)::

    <service>.ts              export class Mfa { async challengeFactor(options: ...): Promise<Challenge> }
    functions.ts              the operations called on no service (authkit-nextjs helpers)
    interfaces/<area>.ts      the documented models, option classes and enums of one area
    wire.ts                   the types of the wire-name maps
    index.ts                  re-exports: service classes, functions, one namespace per area

Enums are string unions (``export type DirectoryState = "linked" | "unlinked";``), declared
for the names the docs use but never define; inline unions stay inline.

Wire names are carried in the JSDoc of each property ("Wire name: `sms_template`") and, for
serializers, in a map beside each interface that has any, typed against it (``satisfies``):
objects map each property to its JSON key; interfaces whose properties are request parameters
(options) map each to its key and where it travels (``in`` is left out where the HTTP reference
does not say)::

    export const FactorWireNames = { createdAt: "created_at" } as const satisfies WireNames<Factor>;
    export const ListUsersOptionsWireNames = {
      organizationId: { name: "organization_id", in: "query" },
    } as const satisfies WireParams<ListUsersOptions>;

The maps cover an interface's own properties (not an ``extends`` base's, nor the keys of
inline object types).
Property and method names keep the documented spelling (TS allows keywords there and the
docs already write idiomatic JS); binding names (classes, functions, parameters, import
aliases) escape reserved words with a trailing ``_``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from pydantic import field_validator

from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, camel, pascal, safe_identifier
from ..samples import Arg, Declarations, SampleCall, declared_fields, request_declaration, sample_call, value_of
from ..text import GENERATED_NOTICE, block_comment_safe, lines, one_line, ts_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf, walk
from .base import Emitter, LanguageSettings, all_fields, setting_matches
from .layer import ImportTable, Kind, by_area

# fmt: off
# Words that cannot name a binding (variable, parameter, function, class) in a strict-mode ES module.
RESERVED = frozenset(
    {
        # ECMAScript keywords
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
        "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import",
        "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
        "typeof", "var", "void", "while", "with",
        # strict mode / module code
        "implements", "interface", "let", "package", "private", "protected", "public", "static",
        "yield", "await", "arguments", "eval",
        # globals that must not be shadowed
        "undefined", "NaN", "Infinity",
    }
)
# Names that cannot name a class, interface or type in TypeScript (predefined types), plus the
# globals this emitter writes unqualified, so a documented ``Date`` cannot shadow the real one.
TYPE_RESERVED = RESERVED | frozenset(
    {
        "any", "unknown", "never", "object", "string", "number", "boolean", "symbol", "bigint",
        "type", "keyof", "infer", "is", "asserts", "readonly", "unique", "declare", "namespace",
        "module", "abstract", "as", "satisfies", "global", "require", "constructor",
        "Record", "Date", "Promise", "Array", "ReadonlyArray", "Error",
    }
)
PRIMITIVES = {
    "string": "string", "int": "number", "number": "number", "bool": "boolean", "datetime": "Date",
    "any": "unknown", "object": "Record<string, unknown>", "function": "(...args: unknown[]) => unknown",
    "void": "void", "null": "null",
}
# Globals TypeScript provides; the number is how many type arguments they need.
BUILTIN_GENERICS = {"Promise": 1, "Partial": 1, "Required": 1, "Readonly": 1, "ReadonlyArray": 1}
BUILTINS = frozenset(BUILTIN_GENERICS) | {
    "Date", "Error", "Function", "Object", "String", "Number", "Boolean", "RegExp", "Uint8Array", "ArrayBuffer",
}
# How the docs may spell each node for it to be valid TypeScript as written.
_TS_PRIM_SPELLINGS = frozenset(
    {"", "string", "number", "boolean", "object", "any", "unknown", "void", "null", "undefined", "never",
     "Date", "Function", "String", "Number", "Boolean", "Object"}
)
# fmt: on
_TS_LIST_SPELLINGS = frozenset({"", "T[]", "Array<", "ReadonlyArray<", "Set<", "Iterable<"})
_TS_MAP_SPELLINGS = frozenset({"", "Record<", "Map<"})
_TS_NULLABLE_SPELLINGS = frozenset({"", "T | null"})
_JS_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# File stems the layout itself uses.
_RESERVED_FILES = frozenset({"index", "functions", "interfaces", "externals", "wire", "runtime", "client"})
# The types of the wire-name maps, written to ``wire.ts``.
WIRE_TYPES = ("WireNames", "WireParams", "WirePlace")
# The typed errors of the runtime (``runtime.ts``): the base class, one subclass per family of
# statuses (docs/RUNTIME.md), then the errors of no reply.
ERROR_CLASSES = (
    "ApiError",
    "BadRequestError",
    "UnauthorizedError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitExceededError",
    "ServerError",
    "TimeoutError",
    "ConnectionError",
)
# What ``index.ts`` re-exports of the runtime: values, then types.
RUNTIME_VALUES = ("Client", *ERROR_CLASSES, "FetchTransport", "encode", "decode")
RUNTIME_TYPES = (
    "ClientOptions",
    "RequestOptions",
    "ApiRequest",
    "Transport",
    "HttpRequest",
    "HttpResponse",
    "AbortSignalLike",
    "Shape",
    "AutoPaginatable",
)
# The client class holding one instance of every service (``client.ts``).
CLIENT_CLASS = "WorkOS"
# Where the client sends requests unless told otherwise.
BASE_URL = "https://api.workos.com"
# The package name when the settings give none.
DEFAULT_PACKAGE = CLIENT_CLASS.lower()
# The TypeScript the package is built with (its one development dependency; it has no runtime ones).
TYPESCRIPT = "5.9.3"
# The variable of the usage snippets (``example_call``) that holds the client.
CLIENT_VARIABLE = "workos"

# Precedence of a rendered type: 0 atom, 1 union (parenthesise in arrays), 2 function type
# (parenthesise in unions and arrays).
_ATOM, _UNION, _FUNCTION = 0, 1, 2


class JsSettings(LanguageSettings):
    # Folder for the TypeScript sources, relative to this language's output folder.
    path: str = "src"
    # Module that exports the types the docs use but never define (see ``codegen externals``);
    # a relative path is relative to the source folder.
    externals_module: str = "./externals"
    # Prefix for documentation links the docs write relative (``/reference/...``); None keeps them.
    docs_base_url: str | None = None

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        rule = "a folder: path elements of ASCII letters, digits, '-', '.', '_' separated by '/', no '..'"
        return setting_matches(value, _FOLDER, rule)

    @field_validator("package_name")
    @classmethod
    def _npm_name(cls, value: str | None) -> str | None:
        rule = "an npm package name: lower-case ASCII letters, digits, '-', '.', '_', optionally @scope/name"
        return value if value is None else setting_matches(value, _NPM_NAME, rule)

    @field_validator("externals_module")
    @classmethod
    def _module(cls, value: str) -> str:
        rule = "a module specifier: a package name or a relative path of ASCII letters, digits, '@-._~/'"
        return setting_matches(value, _MODULE_SPECIFIER, rule)

    @field_validator("docs_base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        rule = "a URL without spaces, quotes or control characters, like https://example.com/docs"
        return value if value is None else setting_matches(value, _URL, rule)


_FOLDER = re.compile(r"(?:(?!\.\.?(?:/|$))[A-Za-z0-9._-]+(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._-]+)*/?)?")
_MODULE_SPECIFIER = re.compile(r"[A-Za-z0-9@._~-][A-Za-z0-9@._~/-]*")
_NPM_NAME = re.compile(r"(?:@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*")
_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]+")


def jsdoc(text_lines: list[str], indent: str) -> list[str]:
    """A JSDoc block of comment lines (from :func:`codegen.text.lines`); nothing can close it."""
    body = [block_comment_safe(line) for line in text_lines]
    while body and not body[-1]:
        body.pop()
    if not body:
        return []
    if len(body) == 1:
        return [f"{indent}/** {body[0]} */"]
    return [f"{indent}/**", *[f"{indent} * {line}".rstrip() for line in body], f"{indent} */"]


def template_literal_text(text: str) -> str:
    """``text`` as the literal part of a template literal (between backticks): escaped as a
    string literal is (nothing invisible or line-breaking is written raw: a raw CR or CRLF would
    also read back as LF), plus the backtick and ``${``."""
    return ts_string(text)[1:-1].replace("`", "\\`").replace("${", "\\${")


def module_specifier(module: str) -> str:
    """A module as an import names it: a relative one names its file (``./runtime.js``), as Node's
    ES modules (``NodeNext``) require; a package name stays as it is."""
    if module.startswith(("./", "../")) and not module.endswith(".js"):
        return module + ".js"
    return module


def export_line(keyword: str, names: list[str], module: str) -> str:
    """``export { a, b } from "module";``, one name a line when it is long (prettier's layout)."""
    line = f"{keyword} {{ {', '.join(names)} }} from {ts_string(module)};"
    if len(line) <= _WIDTH:
        return line
    return f"{keyword} {{\n" + "".join(f"  {name},\n" for name in names) + f"}} from {ts_string(module)};"


def property_name(name: str) -> str:
    """A property or method key: the documented name when it is an identifier, else quoted."""
    return name if _JS_IDENTIFIER.fullmatch(name) else ts_string(name)


def binding_name(name: str) -> str:
    """A valid binding identifier (parameter, function) with reserved words escaped."""
    if not _JS_IDENTIFIER.fullmatch(name):
        name = camel(name) or name
    return safe_identifier(name, RESERVED)


def type_name(name: str) -> str:
    """A valid class/interface name with predefined type names escaped."""
    if not _JS_IDENTIFIER.fullmatch(name):
        name = pascal(name) or name
    return safe_identifier(name, TYPE_RESERVED)


def indent_lines(text: str, indent: str) -> str:
    """``text`` with every line after the first indented by ``indent``."""
    return text.replace("\n", "\n" + indent)


def _bracket(open_: str, items: list[str], close: str, indent: str) -> str:
    """A list or object literal: on one line when short, else one item a line."""
    single = f"{open_}{', '.join(items)}{close}" if open_ == "[" else f"{{ {', '.join(items)} }}"
    if not items:
        return open_ + close
    if "\n" not in single and len(single) + len(indent) <= 60:
        return single
    return open_ + "\n" + "".join(f"{indent}  {item},\n" for item in items) + indent + close


def _fits(value: object, expr: TypeExpr) -> bool:
    """Whether a JSON value can be a value of ``expr`` (to pick a union's option)."""
    if isinstance(expr, Nullable):
        return _fits(value, expr.inner)
    if isinstance(expr, LiteralOf):
        return value in expr.values
    if isinstance(expr, ListOf):
        return isinstance(value, list)
    if isinstance(expr, MapOf):
        return isinstance(value, dict)
    if isinstance(expr, Prim):
        kinds: dict[str, type | tuple[type, ...]] = {
            "string": str,
            "datetime": str,
            "bool": bool,
            "int": int,
            "number": (int, float),
        }
        kind = kinds.get(expr.name)
        if kind is None:
            return expr.name in ("any", "object") and not isinstance(value, (list, str))
        return isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool)
    return isinstance(value, dict) or isinstance(expr, Named)


def option_name_for(op_name: str) -> str:
    """The name the linker gives the synthesized option class of an operation."""
    parts = re.split(r"[^0-9A-Za-z]+|(?<=[a-z0-9])(?=[A-Z])", op_name)
    return "".join(p[:1].upper() + p[1:] for p in parts if p) + "Options"


@dataclass(frozen=True)
class _Plan:
    """What one render of an API (and its usage snippets) shares: the API's declarations and the
    names of the shape constants of its models. Made per render by :meth:`JsEmitter.plan`; never
    kept on the emitter."""

    decls: Declarations
    # (area, model) -> the name of its ``Shape`` constant (models with wire names, ``bodies = "http"``).
    shape_names: dict[tuple[str, str], str]


class _Scope:
    """The type names one module declares and imports (an :class:`ImportTable`: ``import type``
    for types, ``import`` for values); aliases an import when names clash."""

    def __init__(self, area: str | None, emitter: JsEmitter, taken: set[str], plan: _Plan | None = None) -> None:
        self.area = area
        self.emitter = emitter
        self._plan = plan
        self.table: ImportTable[str] = ImportTable(set(taken) | {"Record", "Date", "Promise"})
        self.locals: dict[str, str] = {}

    @property
    def plan(self) -> _Plan:
        if self._plan is None:
            raise RuntimeError("a scope made without a plan: pass JsEmitter.plan(api)")
        return self._plan

    def declare(self, name: str) -> str:
        ident = type_name(self.emitter.rename(name))
        self.locals[name] = ident
        return self.table.declare(ident)

    def ref(self, expr: Named) -> str:
        if expr.area is None:
            exported = type_name(self.emitter.rename(expr.name))
            module = self.emitter.externals_import(self.area is not None)
            alias_hint = exported + "External"
        elif expr.area == self.area and expr.name in self.locals:
            return self.locals[expr.name]
        else:
            exported = type_name(self.emitter.rename(expr.name))
            module = self.emitter.area_import(expr.area, from_interfaces=self.area is not None)
            alias_hint = pascal(expr.area) + exported if expr.area else "Common" + exported
        return self.table.ref(module, exported, alias_hint)

    def wire_type(self, exported: str) -> str:
        """A type of ``wire.ts`` (``WireNames``), imported under a free local name."""
        return self.table.ref("../wire" if self.area is not None else "./wire", exported, "Codegen" + exported)

    def runtime(self, exported: str, value: bool = False) -> str:
        """A name of ``runtime.ts`` (a type, or a value), imported under a free local name."""
        module = "../runtime" if self.area is not None else "./runtime"
        return self.table.ref(module, exported, "Codegen" + exported, kind="value" if value else "type")

    def shape(self, area: str, name: str) -> str | None:
        """The shape constant of a declared model (imported when another module declares it)."""
        exported = self.plan.shape_names.get((area, name))
        if exported is None:
            return None
        if area == self.area:
            return exported
        module = self.emitter.area_import(area, from_interfaces=self.area is not None)
        return self.table.ref(module, exported, pascal(area) + exported if area else "Common" + exported, kind="value")

    def import_lines(self) -> list[str]:
        result = []
        kinds: tuple[tuple[str, Kind], ...] = (("import type", "type"), ("import", "value"))
        for keyword, kind in kinds:
            for module, imported in self.table.imports(kind):
                names = sorted(name if name == local else f"{name} as {local}" for name, local in imported)
                specifier = ts_string(module_specifier(module))
                line = f"{keyword} {{ {', '.join(names)} }} from {specifier};"
                if len(line) > 80:
                    block = "".join(f"  {n},\n" for n in names)
                    line = f"{keyword} {{\n{block}}} from {specifier};"
                result.append(line)
        result.sort(key=lambda line: line.rsplit(" from ", 1)[1])
        return result


_OptionIndex = dict[tuple[str, str], OptionClass]
_WIDTH = 80  # prettier's default print width


@dataclass
class _Param:
    name: str
    type: str
    optional: bool
    field: Field
    is_options: bool


@dataclass
class _Member:
    doc: list[str]
    text: str
    # The property key as written, and the field it declares.
    key: str = ""
    field: Field | None = None


@dataclass
class _WireEntry:
    key: str
    wire: str
    # Where an option travels; None in a model's map.
    place: Literal["path", "query", "body"] | None = None


@dataclass
class _WireMap:
    """``export const <name> = { key: ... } as const satisfies <type>;`` beside an interface."""

    name: str
    type: str
    doc: list[str]
    entries: list[_WireEntry]
    # Request parameters: ``{ name, in }`` entries (``WireParams``); else the JSON key (``WireNames``).
    places: bool = False


@dataclass
class _Decl:
    name: str
    doc: list[str]
    extends: str | None
    members: list[_Member] = field(default_factory=list)
    # An enum: ``export type <name> = <alias>;`` instead of an interface.
    alias: str | None = None
    wire: _WireMap | None = None
    # ``export const <name>: Shape = <text>;``: how the interface travels as JSON (http bodies).
    shape: tuple[str, str, str] | None = None  # (const name, Shape type, expression)


# The query parameters of a list that auto-pagination sets.
_PAGING_PARAMS = frozenset({"after", "before", "limit", "order"})
# The keys a list reply's inline type may give its page fields: the pagination convention of the API.
_PAGE_KEYS = {"data": "data", "listMetadata": "list_metadata", "list_metadata": "list_metadata"}


class JsEmitter(Emitter):
    name = "js"
    fence = "ts"
    settings_model = JsSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTINS
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "inline"
    settings: JsSettings

    @property
    def http(self) -> bool:
        """Whether method bodies make the HTTP call (else they only throw "not implemented")."""
        return self.settings.bodies == "http"

    def plan(self, api: LanguageAPI) -> _Plan:
        """What rendering and usage snippets of ``api`` share: declarations, shape constant names."""
        decls = Declarations.of(api)
        shape_names: dict[tuple[str, str], str] = {}
        if not self.http:
            return _Plan(decls, shape_names)
        taken: dict[str, set[str]] = defaultdict(set)
        for model in sorted(api.models, key=lambda m: (type_name(self.rename(m.name)), m.name)):
            key = (model.area, model.name)
            if key in shape_names or not any(f.wire_name and not f.is_method for f in declared_fields(model, decls)):
                continue
            name = type_name(self.rename(model.name)) + "Shape"
            while name in taken[model.area]:
                name += "_"
            taken[model.area].add(name)
            shape_names[key] = name
        return _Plan(decls, shape_names)

    # --- names and paths --------------------------------------------------------------------
    def area_module(self, area: str) -> str:
        return camel(area) or "common"

    def area_import(self, area: str, from_interfaces: bool) -> str:
        return f"./{self.area_module(area)}" if from_interfaces else f"./interfaces/{self.area_module(area)}"

    def externals_import(self, from_interfaces: bool) -> str:
        module = self.settings.externals_module
        if from_interfaces and module.startswith("./"):
            return "../" + module[2:]
        if from_interfaces and module.startswith("../"):
            return "../" + module
        return module

    def service_file(self, service: str) -> str:
        stem = camel(service) or "service"
        return stem + "Service" if stem in _RESERVED_FILES else stem

    def service_class(self, service: str) -> str:
        return type_name(pascal(self.rename(service)) or "Service")

    def url(self, url: str | None) -> str | None:
        if url and url.startswith("/") and self.settings.docs_base_url:
            return self.settings.docs_base_url.rstrip("/") + url
        return url

    # --- types ------------------------------------------------------------------------------
    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim):
            if spelling not in _TS_PRIM_SPELLINGS:
                return f"'{spelling}' is not a TypeScript type (written {PRIMITIVES[expr.name]})"
        elif isinstance(expr, ListOf):
            if spelling not in _TS_LIST_SPELLINGS:
                return f"list spelled '{spelling}' (written T[])"
        elif isinstance(expr, MapOf):
            if spelling not in _TS_MAP_SPELLINGS:
                return f"map spelled '{spelling}' (written Record<K, V>)"
        elif isinstance(expr, Nullable):
            if spelling not in _TS_NULLABLE_SPELLINGS:
                return f"nullable spelled '{spelling}' (written T | null)"
        elif isinstance(expr, Named):
            if spelling.endswith("["):
                return f"generic spelled '{spelling}' (TypeScript uses <>)"
            if "\\" in spelling or "::" in spelling:
                return f"qualified name '{spelling}' (the qualifier is dropped)"
        return None

    def type(
        self, expr: TypeExpr | None, scope: _Scope, indent: str = "", fields: tuple[Field, ...] = ()
    ) -> tuple[str, int]:
        """The TS type text and its precedence; ``fields`` describe an inline object type."""
        if expr is None:
            return (self.inline_object(fields, scope, indent), _ATOM) if fields else ("unknown", _ATOM)
        if isinstance(expr, Prim):
            if fields and expr.name in ("object", "any"):
                return self.inline_object(fields, scope, indent), _ATOM
            text = PRIMITIVES[expr.name]
            return text, _FUNCTION if expr.name == "function" else _ATOM
        if isinstance(expr, LiteralOf):
            return " | ".join(ts_string(v) for v in expr.values), _UNION if len(expr.values) > 1 else _ATOM
        if isinstance(expr, ListOf):
            item, prec = self.type(expr.item, scope, indent, fields)
            return (f"({item})[]" if prec else f"{item}[]"), _ATOM
        if isinstance(expr, MapOf):
            key, _ = self.type(expr.key, scope, indent)
            if not (key in ("string", "number") or isinstance(expr.key, LiteralOf)):
                key = "string"
            value, _ = self.type(expr.value, scope, indent)
            return f"Record<{key}, {value}>", _ATOM
        if isinstance(expr, Nullable):
            inner, prec = self.type(expr.inner, scope, indent, fields)
            if inner == "null":
                return inner, _ATOM
            return (f"({inner})" if prec == _FUNCTION else inner) + " | null", _UNION
        if isinstance(expr, UnionOf):
            parts = []
            for option in expr.options:
                text, prec = self.type(option, scope, indent, fields)
                parts.append(f"({text})" if prec == _FUNCTION else text)
            return " | ".join(parts), _UNION
        assert isinstance(expr, Named)
        if expr.area is None and expr.name in BUILTINS:
            arity = BUILTIN_GENERICS.get(expr.name, 0)
            args = [self.type(a, scope, indent)[0] for a in expr.args[:arity]]
            args += ["unknown"] * (arity - len(args))
            return (f"{expr.name}<{', '.join(args)}>" if args else expr.name), _ATOM
        name = scope.ref(expr)
        if expr.area is None and expr.args:  # an SDK-provided generic: keep its arguments
            return f"{name}<{', '.join(self.type(a, scope, indent)[0] for a in expr.args)}>", _ATOM
        return name, _ATOM

    def inline_object(self, fields: tuple[Field, ...], scope: _Scope, indent: str) -> str:
        members = self.members(fields, scope, indent + "  ")
        if not members:
            return "Record<string, unknown>"
        body = [line for m in members for line in [*m.doc, m.text]]
        return "{\n" + "\n".join(body) + "\n" + indent + "}"

    def field_type(self, f: Field, scope: _Scope, indent: str) -> str:
        return self.type(f.type, scope, indent, f.fields)[0]

    def members(
        self, fields: tuple[Field, ...], scope: _Scope, indent: str, owner: str = "an inline object"
    ) -> list[_Member]:
        result: list[_Member] = []
        names = UniqueNames(self.diags, self.name, f"property of {owner}")
        for f in fields:
            if f.is_method:
                key = property_name(names.claim(f.name.removesuffix("()"), f.name, f.loc))
                text = f"{indent}{key}(): {self.field_type(f, scope, indent)};"
            else:
                key = property_name(names.claim(self.rename(f.name), f.name, f.loc))
                mark = "?" if f.optional else ""
                text = f"{indent}{key}{mark}: {self.field_type(f, scope, indent)};"
            doc = lines(f.description)
            if f.wire_name and f.wire_name != f.name:
                doc = [*doc, *([""] if doc else []), f"Wire name: `{one_line(f.wire_name)}`"]
            result.append(_Member(jsdoc(doc, indent), text, key, f))
        return result

    def wire_map(self, item: Model | OptionClass, name: str, members: list[_Member], scope: _Scope) -> _WireMap | None:
        """The wire-name map of an interface; None when none of its properties has a wire name."""
        entries = [
            _WireEntry(m.key, m.field.wire_name, m.field.place)
            for m in members
            if m.field is not None and not m.field.is_method and m.field.wire_name
        ]
        if not entries:
            return None
        # Request parameters (some property has a place) take the place-carrying shape.
        places = any(entry.place for entry in entries)
        if places:
            kind, doc = "WireParams", f"Wire name and place (path, query, body) of each option of {{@link {name}}}."
        else:
            kind, doc = "WireNames", f"The JSON key of each property of {{@link {name}}}."
        type_text = f"{scope.wire_type(kind)}<{name}>"
        return _WireMap(f"{name}WireNames", type_text, jsdoc([doc], ""), entries, places)

    def enum_alias(self, enum: Enum) -> str:
        """The union of an enum's values; one value a line (prettier's layout) when it is long."""
        values = [ts_string(v) for v in enum.values]
        single = " | ".join(values)
        if len(single) + len(enum.name) + len("export type  = ;") <= _WIDTH:
            return single
        return "".join(f"\n  | {v}" for v in values)

    def externals(self, api: LanguageAPI) -> list[str]:
        """The names the externals module must export (types the docs use but never define)."""
        used = {
            type_name(self.rename(node.name))
            for f in all_fields(api)
            if f.type is not None
            for node in walk(f.type)
            if isinstance(node, Named) and node.area is None and node.name not in BUILTINS
        }
        items: list[Model | OptionClass] = [*api.models, *api.options]
        defined = {(item.area, item.name) for item in items}
        for item in items:
            if item.base and not self.find_base(item, defined):
                used.add(type_name(self.rename(item.base)))
        return sorted(used)

    def find_base(self, item: Model | OptionClass, defined: set[tuple[str, str]]) -> str | None:
        """The area defining ``item.base``: its own area first; None when the docs never define it."""
        assert item.base is not None
        if (item.area, item.base) in defined:
            return item.area
        areas = sorted(a for a, n in defined if n == item.base)
        return areas[0] if areas else None

    # --- rendering --------------------------------------------------------------------------
    def header(self) -> list[str]:
        return [f"// {GENERATED_NOTICE}", "// @generated"]

    def render(self, api: LanguageAPI) -> dict[str, str]:
        plan = self.plan(api)
        root = self.settings.path.strip("/")
        prefix = f"{root}/" if root else ""
        files: dict[str, str] = {}

        # Which option class each unwrapped parameter stands for, and what it documents.
        option_index = {(o.area, o.name): o for o in api.options}
        option_owner: dict[tuple[str, str], Operation] = {}
        for op in sorted(api.operations, key=lambda o: (o.service or "", o.name)):
            for p in op.params:
                key = self.unwrapped_option(op, p, option_index)
                if key and key not in option_owner:
                    option_owner[key] = op
        # Synthesized classes the linker built from a non-unwrapped object parameter are
        # written inline instead (it merges all object parameters of one call into one class).
        # (Kept when some type names them.)
        named = {
            (node.area, node.name)
            for f in all_fields(api)
            if f.type is not None
            for node in walk(f.type)
            if isinstance(node, Named) and node.area is not None
        }
        options = [o for o in api.options if not o.synthesized or {(o.area, o.name)} & (option_owner.keys() | named)]

        emitted: list[Model | OptionClass | Enum] = [*api.models, *options, *api.enums]
        defined = {(m.area, m.name) for m in api.models} | {(o.area, o.name) for o in api.options}
        area_modules: dict[str, str] = {}
        wire_types = False
        for area, items in by_area(emitted, lambda item: item.area).items():
            module = self.area_module(area)
            area_modules[module] = area
            text = self.interfaces_module(area, items, option_owner, defined, plan)
            files[f"{prefix}interfaces/{module}.ts"] = text
            wire_types = wire_types or "WireNames<" in text or "WireParams<" in text

        # Keyed by file: spellings that land in one file make one class.
        services = by_area([op for op in api.operations if op.service], lambda op: self.service_file(op.service or ""))
        functions = [op for op in api.operations if not op.service]
        exports: list[str] = []
        taken: set[str] = set()
        for stem, ops in services.items():
            cls = self.service_class(min(op.service or "" for op in ops))
            files[f"{prefix}{stem}.ts"] = self.service_module(cls, ops, option_index, plan)
            exports.append(f"export {{ {cls} }} from {ts_string(module_specifier('./' + stem))};")
            taken.add(cls)
        client = self.client_class(taken)
        self.runtime_files(prefix, files, exports, taken, services)
        if functions:
            text, names = self.functions_module(functions, option_index, plan)
            files[f"{prefix}functions.ts"] = text
            exports.append('export * from "./functions.js";')
            taken.update(names)
        for module, area in sorted(area_modules.items()):
            namespace = safe_identifier((camel(area) or "common") + "Types", RESERVED)
            while namespace in taken:
                namespace += "_"
            taken.add(namespace)
            # Not ``export type *``: the wire-name maps are values.
            exports.append(f"export * as {namespace} from {ts_string(module_specifier('./interfaces/' + module))};")
        if wire_types:
            files[f"{prefix}wire.ts"] = self.template("wire.ts.j2", header=self.header())
            free = [name for name in WIRE_TYPES if name not in taken]
            if free:
                exports.append(f"export type {{ {', '.join(free)} }} from {ts_string('./wire.js')};")
        files[f"{prefix}index.ts"] = self.template("index.ts.j2", header=self.header(), exports=exports)
        files.update(self.package_files(api, root, plan, client))
        return files

    # --- the package: manifest, TypeScript configs, README ---------------------------------
    @property
    def package_name(self) -> str:
        return self.settings.package_name or DEFAULT_PACKAGE

    def package_files(self, api: LanguageAPI, root: str, plan: _Plan, client: str) -> dict[str, str]:
        """``package.json`` (ES module and CommonJS builds, declarations), the two ``tsconfig``
        files that build them, and the SDK's ``README.md`` (with HTTP bodies only)."""
        source = root or "."
        settings = self.settings
        manifest: dict[str, object] = {"//": f"{GENERATED_NOTICE} @generated", "name": self.package_name}
        manifest["version"] = settings.version
        for key in ("description", "license", "author"):
            value = getattr(settings, key)
            if value is not None:
                manifest[key] = value
        if settings.repository is not None:
            manifest["repository"] = {"type": "git", "url": settings.repository}
        esm, cjs = "./dist/esm/index", "./dist/cjs/index"
        marker = "require('fs').writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }))"
        manifest |= {
            "type": "module",
            "main": f"{cjs}.js",
            "types": f"{cjs}.d.ts",
            "exports": {
                ".": {
                    "import": {"types": f"{esm}.d.ts", "default": f"{esm}.js"},
                    "require": {"types": f"{cjs}.d.ts", "default": f"{cjs}.js"},
                },
                "./package.json": "./package.json",
            },
            "files": ["dist"],
            "sideEffects": False,
            "engines": {"node": ">=18"},
            "scripts": {
                "build": "npm run build:esm && npm run build:cjs",
                "build:esm": "tsc -p tsconfig.json",
                # The CommonJS build's folder says so, as the package is an ES module one.
                "build:cjs": f'tsc -p tsconfig.cjs.json && node -e "{marker}"',
                "prepack": "npm run build",
            },
            "dependencies": {},
            "devDependencies": {"typescript": TYPESCRIPT},
        }
        options = {
            "target": "ES2022",
            "lib": ["ES2022"],
            "module": "NodeNext",
            "moduleResolution": "NodeNext",
            "types": [],
            # Not yet noUnusedLocals / noUnusedParameters: methods keep documented parameters that
            # travel nowhere (no wire name, no HTTP reference), and import pathSegment unused.
            "strict": True,
            "declaration": True,
            "rootDir": source,
            "outDir": "dist/esm",
        }
        tsconfig = {"compilerOptions": options, "include": [f"{source}/**/*.ts"], "exclude": ["dist", "node_modules"]}
        cjs_options = {"module": "CommonJS", "moduleResolution": "Node10", "outDir": "dist/cjs"}
        head = "".join(f"{line}\n" for line in self.header())
        files = {
            "package.json": json.dumps(manifest, indent=2) + "\n",
            "tsconfig.json": head + json.dumps(tsconfig, indent=2) + "\n",
            "tsconfig.cjs.json": head
            + json.dumps({"extends": "./tsconfig.json", "compilerOptions": cjs_options}, indent=2)
            + "\n",
        }
        if self.http:
            files["README.md"] = self.readme(api, plan, client)
        return files

    def readme(self, api: LanguageAPI, plan: _Plan, client: str) -> str:
        """The SDK's README: install, client, errors, retries and timeouts, request options,
        pagination and the transport seam; the example calls are the usage snippets'."""
        ordered = sorted(api.operations, key=lambda o: (o.id or "", o.name))
        calls = []
        for op in ordered:
            if op.http is None or op.service is None:
                continue
            call = sample_call(op, api, plan.decls)
            # The arguments a call needs; paging ones are autoPagination's.
            needed = tuple(a for a in call.args if not a.field.optional and a.wire_name not in _PAGING_PARAMS)
            code = self.example_call(dataclasses.replace(call, args=needed), api)
            if code is not None:
                calls.append((op, code))
        get = next((code for op, code in calls if op.http and op.http.method.upper() == "GET"), None)
        scope = _Scope(None, self, set(), plan)
        listed = next((code for op, code in calls if self.page_item(op, scope, "") is not None), None)
        code = "\n".join(c for c in (get, listed) if c)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        return self.template(
            "README.md.j2",
            notice=GENERATED_NOTICE,
            name=self.package_name,
            description=one_line(self.settings.description),
            license=one_line(self.settings.license),
            client=client,
            variable=CLIENT_VARIABLE,
            base_url=BASE_URL,
            fence=fence,
            get=get,
            listed=listed,
            errors=ERROR_CLASSES,
        )

    def runtime_files(
        self,
        prefix: str,
        files: dict[str, str],
        exports: list[str],
        taken: set[str],
        services: dict[str, list[Operation]],
    ) -> None:
        """``runtime.ts`` (client, transport, errors, JSON shapes, pages), ``client.ts`` (the
        client class holding every service) and their exports; nothing with stub bodies."""
        if not self.http:
            return
        members = [  # (property, class, module)
            (
                self.service_property(ops),
                self.service_class(min(op.service or "" for op in ops)),
                module_specifier("./" + stem),
            )
            for stem, ops in sorted(services.items())
        ]
        package = f"{self.package_name}/{self.settings.version}"
        files[f"{prefix}runtime.ts"] = self.template(
            "runtime.ts.j2", header=self.header(), package=package, base_url=BASE_URL
        )
        client = self.client_class(taken)
        files[f"{prefix}client.ts"] = self.template(
            "client.ts.j2",
            header=self.header(),
            class_name=client,
            services=members,
            variable=CLIENT_VARIABLE,
            base_url=BASE_URL,
        )
        exports.append(f'export {{ {client} }} from "./client.js";')
        taken.add(client)
        values = [name for name in RUNTIME_VALUES if name not in taken]
        types = [name for name in RUNTIME_TYPES if name not in taken]
        taken.update(values + types)
        exports.append(export_line("export", values, "./runtime.js"))
        exports.append(export_line("export type", types, "./runtime.js"))

    def client_class(self, services: set[str]) -> str:
        """The name of the client class: ``WorkOS``, unless a service class has it."""
        return CLIENT_CLASS if CLIENT_CLASS not in services else CLIENT_CLASS + "Client"

    def unwrapped_option(self, op: Operation, p: Field, index: _OptionIndex) -> tuple[str, str] | None:
        """The (area, name) of the synthesized option class an unwrapped object parameter stands for."""
        if not p.fields or not (p.type is None or isinstance(p.type, Prim)):
            return None
        key = (op.area, option_name_for(op.name))
        if not p.unwrap or key not in index:
            return None
        return key

    def interfaces_module(
        self,
        area: str,
        items: list[Model | OptionClass | Enum],
        owners: dict[tuple[str, str], Operation],
        defined: set[tuple[str, str]],
        plan: _Plan,
    ) -> str:
        scope = _Scope(area, self, set(), plan)
        ordered = sorted(items, key=lambda i: (type_name(self.rename(i.name)), i.name))
        names: dict[str, str] = {}
        for item in ordered:
            if item.name not in names:
                names[item.name] = scope.declare(item.name)
        # The maps are values: their names are unique in the module (interfaces may merge, consts not).
        values = UniqueNames(self.diags, self.name, "wire-name map")
        shapes_done: set[str] = set()
        decls: list[_Decl] = []
        for item in ordered:
            if isinstance(item, Enum):
                doc = lines(item.description) or [f"The values of `{one_line(item.name)}`."]
                decls.append(_Decl(names[item.name], jsdoc(doc, ""), None, alias=self.enum_alias(item)))
                continue
            doc = lines(item.description)
            if isinstance(item, OptionClass) and not doc:
                owner = owners.get((item.area, item.name))
                title = one_line(owner.title or owner.name) if owner else ""
                doc = [f"Options for `{title}`."] if owner else [f"Options for {item.name}."]
            url = self.url(item.url) if isinstance(item, Model) else None
            if url:
                doc = [*doc, *([""] if doc else []), f"@see {one_line(url)}"]
            extends = None
            if item.base:
                base_area = self.find_base(item, defined)
                extends = scope.ref(Named(name=item.base, area=base_area))
            own = (*item.fields, *item.methods) if isinstance(item, OptionClass) else item.fields
            members = self.members(own, scope, "  ", names[item.name])
            wire = self.wire_map(item, names[item.name], members, scope)
            if wire is not None:
                wire.name = values.claim(wire.name, item.name, item.loc)
            shape = None
            shape_name = plan.shape_names.get((item.area, item.name)) if isinstance(item, Model) else None
            if isinstance(item, Model) and shape_name is not None and shape_name not in shapes_done:
                shapes_done.add(shape_name)
                shape = (shape_name, scope.runtime("Shape"), self.model_shape(item, scope))
            decls.append(_Decl(names[item.name], jsdoc(doc, ""), extends, members, wire=wire, shape=shape))
        return self.template("interfaces.ts.j2", header=self.header(), imports=scope.import_lines(), decls=decls)

    def signature(self, op: Operation, scope: _Scope, index: _OptionIndex, indent: str, head: str) -> dict[str, object]:
        """Doc comment and declaration line(s) of a method (``head`` is ``async name``) or function."""
        params = self.params(op, scope, index, indent)
        rendered = []
        for i, param in enumerate(params):
            required_after = any(not later.optional for later in params[i + 1 :])
            if param.optional and required_after:  # TS: no optional parameter before a required one
                rendered.append(f"{param.name}: {param.type} | undefined")
            else:
                rendered.append(f"{param.name}{'?' if param.optional else ''}: {param.type}")
        result, is_promise = self.result(op, scope, indent)
        calls = self.http and op.http is not None and op.service is not None
        page = self.page_item(op, scope, indent) if calls else None
        if page is not None:
            result = (
                f"{result if result.startswith('{') else f'({result})'} & {scope.runtime('AutoPaginatable')}<{page[0]}>"
            )
        if is_promise or head.startswith("async "):
            result = f"Promise<{result}>"
            if head.startswith("export function "):
                head = "export async function " + head.removeprefix("export function ")
        params_text = ", ".join(rendered)
        declaration = f"{indent}{head}({params_text}): {result} {{"
        if "\n" in params_text or len(declaration.split("\n", 1)[0]) > _WIDTH:
            params_block = "".join(f"{indent}  {r},\n" for r in rendered)
            declaration = f"{indent}{head}(\n{params_block}{indent}): {result} {{"
        body = self.method_body(op, params, scope, indent + "  ", page) if calls else None
        body = body or [f'{indent}  throw new Error("not implemented");']
        return {"declaration": declaration, "doc": jsdoc(self.op_doc(op, params), indent), "body": body}

    def params(self, op: Operation, scope: _Scope, index: _OptionIndex, indent: str) -> list[_Param]:
        params: list[_Param] = []
        names = UniqueNames(self.diags, self.name, f"parameter of {op.name}")
        for p in op.params:
            name = names.claim(binding_name(self.rename(p.name)), p.name, p.loc)
            key = self.unwrapped_option(op, p, index)
            if key:
                type_text = scope.ref(Named(name=key[1], area=key[0]))
                optional = p.optional or all(f.optional for f in p.fields)
            else:
                type_text = self.field_type(p, scope, indent + "  ")
                optional = p.optional
            params.append(_Param(name, type_text, optional, p, key is not None))
        return params

    def result(self, op: Operation, scope: _Scope, indent: str) -> tuple[str, bool]:
        """The return type, without the ``Promise`` the docs may wrap it in, and whether they did."""
        returns = [r for r in op.returns if not r.is_method]
        if not returns:
            return "void", False
        if len(returns) > 1:  # several documented results: one object holding them
            return self.inline_object(tuple(returns), scope, indent), False
        r = returns[0]
        if isinstance(r.type, Named) and r.type.name == "Promise" and r.type.area is None:
            return self.type(r.type.args[0] if r.type.args else None, scope, indent, r.fields)[0], True
        return self.field_type(r, scope, indent), False

    def op_doc(self, op: Operation, params: list[_Param]) -> list[str]:
        doc = lines(op.description) or [f"`{one_line(op.title or op.name)}`"]
        tags: list[str] = []
        for param in params:
            p = param.field
            text = lines(p.description)
            if not text and param.is_options:
                text = [f"See `{param.type}`."]
            if param.name != p.name:
                text.append(f"(documented as `{one_line(p.name)}`)")
            if p.wire_name and p.wire_name != p.name:
                text.append(f"Wire name: `{one_line(p.wire_name)}`")
            if text:
                tags.append(f"@param {param.name} - {text[0]}")
                tags.extend(f"  {line}" if line else "" for line in text[1:])
        return_docs = [line for r in op.returns for line in lines(r.description)]
        if return_docs:
            tags.append(f"@returns {return_docs[0]}")
            tags.extend(f"  {line}" if line else "" for line in return_docs[1:])
        if op.sends_email:
            tags.append("@remarks Sends an email.")
        url = self.url(op.url)
        if url:
            tags.append(f"@see {one_line(url)}")
        return [*doc, "", *tags] if tags else doc

    def method_names(self, ops: list[Operation], cls: str, diags: bool = True) -> list[tuple[Operation, str]]:
        """The methods of one service class, in order, with their names."""
        names = UniqueNames(self.diags if diags else None, self.name, f"method of {cls}")
        if self.http:
            names.reserve("client")
        result = []
        for op in sorted(ops, key=lambda o: (o.name, o.area, o.key)):
            raw = self.rename(op.name)
            result.append(
                (op, property_name(names.claim("constructor_" if raw == "constructor" else raw, op.name, op.loc)))
            )
        return result

    def service_property(self, ops: list[Operation]) -> str:
        """The property of the client class that holds the service of ``ops`` (one file's)."""
        service = min(op.service or "" for op in ops)
        return property_name(binding_name(self.rename(service)))

    def service_module(self, cls: str, ops: list[Operation], index: _OptionIndex, plan: _Plan) -> str:
        scope = _Scope(None, self, {cls}, plan)
        methods = [self.signature(op, scope, index, "  ", f"async {name}") for op, name in self.method_names(ops, cls)]
        client = scope.runtime("Client", value=False) if self.http else None
        return self.template(
            "service.ts.j2",
            header=self.header(),
            imports=scope.import_lines(),
            class_name=cls,
            methods=methods,
            client=client,
        )

    # --- the wire: JSON shapes, requests, usage snippets ------------------------------------
    def prop_key(self, f: Field) -> str:
        """The property key a field is declared with (as :meth:`members` writes it, unnumbered)."""
        return property_name(self.rename(f.name))

    def access(self, expr: str, f: Field, optional: bool) -> str:
        key = self.prop_key(f)
        if key.startswith('"'):
            return f"{expr}{'?.' if optional else ''}[{key}]"
        return f"{expr}{'?.' if optional else '.'}{key}"

    def shape(
        self, expr: TypeExpr | None, fields: tuple[Field, ...], scope: _Scope, indent: str, page: bool = False
    ) -> str | None:
        """The ``Shape`` expression of a type (None: its JSON is the value as it is)."""
        if expr is None:
            return self.object_shape(fields, scope, indent, page) if fields else None
        if isinstance(expr, Prim):
            if expr.name == "datetime":
                return '"date"'
            if fields and expr.name in ("object", "any"):
                return self.object_shape(fields, scope, indent, page)
            return None
        if isinstance(expr, Nullable):
            return self.shape(expr.inner, fields, scope, indent, page)
        if isinstance(expr, ListOf):
            inner = self.shape(expr.item, fields, scope, indent)
            return None if inner is None else f"{{ list: {inner} }}"
        if isinstance(expr, MapOf):
            inner = self.shape(expr.value, (), scope, indent)
            return None if inner is None else f"{{ map: {inner} }}"
        if isinstance(expr, UnionOf):
            for option in expr.options:
                inner = self.shape(option, fields, scope, indent, page)
                if inner is not None:
                    return inner
            return None
        if isinstance(expr, Named):
            if expr.area is None:
                if expr.name == "Promise" and expr.args:
                    return self.shape(expr.args[0], fields, scope, indent, page)
                return None
            return scope.shape(expr.area, expr.name)
        return None

    def object_shape(
        self,
        fields: tuple[Field, ...] | list[Field],
        scope: _Scope,
        indent: str,
        page: bool = False,
        open_: bool = True,
    ) -> str | None:
        """An object's shape: its properties with wire names (and, in a list reply, the page's)."""
        entries = []
        for f in fields:
            if f.is_method:
                continue
            wire = f.wire_name or (_PAGE_KEYS.get(f.name) if page else None)
            if wire is None:
                continue
            inner = self.shape(f.type, f.fields, scope, indent + "    ")
            entries.append(f"{indent}    {self.prop_key(f)}: [{ts_string(wire)}{', ' + inner if inner else ''}],")
        if not entries:
            return None
        head = f"{indent}  open: true,\n" if open_ else ""
        return "{\n" + head + f"{indent}  fields: () => ({{\n" + "\n".join(entries) + f"\n{indent}  }}),\n{indent}}}"

    def model_shape(self, model: Model, scope: _Scope) -> str:
        fields = list(declared_fields(model, scope.plan.decls))
        return self.object_shape(fields, scope, "", open_=False) or '"raw"'

    def reply_shape(self, op: Operation, scope: _Scope, indent: str, page: bool = False) -> str | None:
        returns = [r for r in op.returns if not r.is_method]
        if not returns:
            return None
        if len(returns) > 1:
            return self.object_shape(returns, scope, indent)
        return self.shape(returns[0].type, returns[0].fields, scope, indent, page)

    def page_item(self, op: Operation, scope: _Scope, indent: str) -> tuple[str, str | None] | None:
        """A list operation (a query ``after`` cursor, a reply with ``data: T[]``): the item type and shape."""
        if op.http is None or not any(p.name == "after" and p.place == "query" for p in op.http.params):
            return None
        returns = [r for r in op.returns if not r.is_method]
        if len(returns) != 1:
            return None
        expr = returns[0].type
        if isinstance(expr, Named) and expr.name == "Promise" and expr.area is None and expr.args:
            expr = expr.args[0]
        if not (expr is None or (isinstance(expr, Prim) and expr.name in ("object", "any"))):
            return None
        data = next((f for f in returns[0].fields if f.name == "data" and isinstance(f.type, ListOf)), None)
        if data is None or not isinstance(data.type, ListOf):
            return None
        item = data.type.item
        # The type is written in the signature (at ``indent``), the shape as an argument in the body.
        return self.type(item, scope, indent, data.fields)[0], self.shape(item, data.fields, scope, indent + "    ")

    def wire_leaves(self, params: list[_Param], decls: Declarations) -> list[tuple[str, Field]]:
        """Every field of the parameters that travels (a place and a wire name), with its expression."""
        out: list[tuple[str, Field]] = []
        for param in params:
            self._leaves(param.field, param.name, param.optional, out, frozenset(), decls=decls)
        return out

    def _leaves(
        self,
        f: Field,
        expr: str,
        optional: bool,
        out: list[tuple[str, Field]],
        seen: frozenset[str],
        *,
        decls: Declarations,
    ) -> None:
        if f.is_method:
            return
        if f.place is not None and f.wire_name is not None:
            out.append((expr, f))
            return
        if f.fields:
            children: list[Field] = list(f.fields)
        else:
            decl = request_declaration(f.type, decls)
            if decl is None or decl.name in seen:
                return
            children = list(declared_fields(decl, decls))
            seen = seen | {decl.name}
        for child in children:
            child_optional = child.optional or isinstance(child.type, Nullable)
            self._leaves(child, self.access(expr, child, optional), child_optional, out, seen, decls=decls)

    def method_body(
        self, op: Operation, params: list[_Param], scope: _Scope, indent: str, page: tuple[str, str | None] | None
    ) -> list[str] | None:
        """The statements that make the operation's HTTP call and return its decoded reply."""
        http = op.http
        assert http is not None
        leaves = self.wire_leaves(params, scope.plan.decls)
        # Fixed-value parameters the docs leave out (``grant_type``): the SDK sends them itself.
        sent = {f.wire_name for _, f in leaves}
        constants = [(p, ts_string(p.value or "")) for p in op.constants() if p.name not in sent]
        path_values: dict[str, str] = {p.name: value for p, value in constants if p.place == "path"}
        for expr, f in leaves:
            if f.place == "path" and f.wire_name:
                path_values.setdefault(f.wire_name, expr)
        segment = scope.runtime("pathSegment", value=True)
        path = ""
        for i, part in enumerate(re.split(r"\{([^{}]*)\}", http.path)):
            if i % 2 == 0:
                path += template_literal_text(part)
            elif part in path_values:
                path += "${" + segment + "(" + path_values[part] + ")}"
            else:
                message = f"{http.method} {http.path}: no parameter of this method gives the path value {part!r}"
                return [f"{indent}throw new Error({ts_string(message)});"]
        inner = indent + "    "  # the request object's properties
        request = [f"{inner}method: {ts_string(http.method)},", f"{inner}path: `{path}`,"]
        query = [(f.wire_name, expr) for expr, f in leaves if f.place == "query"]
        query += [(p.name, value) for p, value in constants if p.place == "query"]
        if query:
            request.append(f"{inner}query: [")
            request += [f"{inner}  [{ts_string(wire or '')}, {expr}]," for wire, expr in query]
            request.append(f"{inner}],")
        body = [(f, expr) for expr, f in leaves if f.place == "body"]
        if body or any(p.place == "body" for p, _ in constants):
            request.append(f"{inner}body: [")
            for f, expr in body:
                shape = self.shape(f.type, f.fields, scope, inner + "  ")
                request.append(f"{inner}  [{ts_string(f.wire_name or '')}, {expr}{', ' + shape if shape else ''}],")
            request += [f"{inner}  [{ts_string(p.name)}, {value}]," for p, value in constants if p.place == "body"]
            request.append(f"{inner}],")
        request_text = [f"{indent}  {{", *request, f"{indent}  }},"]
        if page is not None:
            page_reply = self.reply_shape(op, scope, indent + "  ", page=True) or "undefined"
            return [
                f"{indent}return this.client.list(",
                *request_text,
                f"{indent}  {page_reply},",
                f"{indent}  {page[1] or 'undefined'},",
                f"{indent});",
            ]
        result, _ = self.result(op, scope, indent)
        if result == "void":
            return [f"{indent}await this.client.request(", *request_text, f"{indent});"]
        reply = self.reply_shape(op, scope, indent + "  ")
        return [
            f"{indent}return this.client.request(",
            *request_text,
            *([f"{indent}  {reply},"] if reply else []),
            f"{indent});",
        ]

    # --- usage snippets ----------------------------------------------------------------------
    def call_target(self, op: Operation, api: LanguageAPI) -> tuple[str, str] | None:
        """(client property, method name) of a service operation."""
        if op.service is None:
            return None
        stem = self.service_file(op.service)
        ops = [o for o in api.operations if o.service and self.service_file(o.service) == stem]
        cls = self.service_class(min(o.service or "" for o in ops))
        for candidate, name in self.method_names(ops, cls, diags=False):
            if candidate is op or candidate == op:
                return self.service_property(ops), name
        return None

    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        op = call.operation
        if op.http is None or not self.http:
            return None
        decls = self.plan(api).decls
        target = self.call_target(op, api)
        if target is None:
            return None
        option_index = {(o.area, o.name): o for o in api.options}
        args: list[str | None] = []
        optional: list[bool] = []
        for p in op.params:
            key = self.unwrapped_option(op, p, option_index)
            optional.append(p.optional or (key is not None and all(f.optional for f in p.fields)))
            by_path = {a.path: a for a in call.args if a.path[0] == p.name}
            leaf = by_path.get((p.name,))
            children = self.child_fields(p, frozenset(), decls)
            if leaf is not None:
                args.append(self.literal(leaf.value, leaf.field.type, leaf.field.fields, "", decls))
            elif children is not None and (by_path or not optional[-1]):
                args.append(self.object_arg(children[0], (p.name,), by_path, "", children[1], decls=decls))
            else:
                args.append(None)
        while args and args[-1] is None and optional[len(args) - 1]:
            args.pop()
        rendered = []
        for arg, opt, p in zip(args, optional, op.params, strict=False):
            if arg is not None:
                rendered.append(arg)
            elif opt:
                rendered.append("undefined")
            else:
                rendered.append("{}" if p.fields else "undefined as never")
        text = ", ".join(rendered)
        head = f"const result = await {CLIENT_VARIABLE}.{target[0]}.{target[1]}("
        if len(rendered) == 1 and rendered[0][:1] in "{[" and "\n" in rendered[0]:
            return f"{head}{rendered[0]});"  # one object argument: hugged, as prettier writes it
        if "\n" in text or len(head) + len(text) > _WIDTH:
            return head + "\n" + "".join(f"  {indent_lines(r, '  ')},\n" for r in rendered) + ");"
        return f"{head}{text});"

    def child_fields(
        self, f: Field, seen: frozenset[str], decls: Declarations
    ) -> tuple[list[Field], frozenset[str]] | None:
        """The fields of an object parameter: inline ones, or the option class / request model it names."""
        if f.fields:
            return [c for c in f.fields if not c.is_method], seen
        decl = request_declaration(f.type, decls)
        if decl is None or decl.name in seen:
            return None
        return [c for c in declared_fields(decl, decls) if not c.is_method], seen | {decl.name}

    def object_arg(
        self,
        fields: list[Field],
        prefix: tuple[str, ...],
        by_path: dict[tuple[str, ...], Arg],
        indent: str,
        seen: frozenset[str],
        *,
        decls: Declarations,
    ) -> str:
        """An object argument: the sample values at their paths; a required field the wire
        does not carry (no wire name) gets a sample value of its type too, so the call type-checks."""
        entries = []
        for child in fields:
            path = (*prefix, child.name)
            key = self.prop_key(child)
            arg = by_path.get(path)
            if arg is not None:
                text = self.literal(arg.value, child.type, child.fields, indent + "  ", decls)
                entries.append(f"{indent}  {key}: {text},")
                continue
            inner = self.child_fields(child, seen, decls)
            below = any(p[: len(path)] == path for p in by_path)
            required = not child.optional and not isinstance(child.type, Nullable)
            if inner is not None and (below or required):
                nested = self.object_arg(inner[0], path, by_path, indent + "  ", inner[1], decls=decls)
                entries.append(f"{indent}  {key}: {nested},")
            elif required:
                value = value_of(child.type, decls, hint=child.wire_name or child.name)
                if value is not None:
                    entries.append(
                        f"{indent}  {key}: {self.literal(value, child.type, child.fields, indent + '  ', decls)},"
                    )
        if not entries:
            return "{}"
        return "{\n" + "\n".join(entries) + f"\n{indent}}}"

    def literal(
        self, value: object, expr: TypeExpr | None, fields: tuple[Field, ...], indent: str, decls: Declarations
    ) -> str:
        """``value`` (JSON form) written as a TypeScript value of ``expr``."""
        if value is None:
            return "null"
        if isinstance(expr, Nullable):
            return self.literal(value, expr.inner, fields, indent, decls)
        if isinstance(expr, UnionOf):
            for option in expr.options:
                if _fits(value, option):
                    return self.literal(value, option, fields, indent, decls)
            return self.json_literal(value, indent)
        if isinstance(expr, Prim) and expr.name == "datetime" and isinstance(value, str):
            return f"new Date({ts_string(value)})"
        if isinstance(expr, ListOf) and isinstance(value, list):
            items = [self.literal(v, expr.item, fields, indent + "  ", decls) for v in value]
            return _bracket("[", items, "]", indent)
        if isinstance(expr, MapOf) and isinstance(value, dict):
            items = [
                f"{ts_string(k)}: {self.literal(v, expr.value, (), indent + '  ', decls)}" for k, v in value.items()
            ]
            return _bracket("{", items, "}", indent)
        if isinstance(expr, Named) and isinstance(value, dict):
            decl = decls.find(expr)
            if isinstance(decl, (Model, OptionClass)):
                by_wire = {f.wire_name: f for f in declared_fields(decl, decls) if f.wire_name and not f.is_method}
                items = []
                for k, v in value.items():
                    f = by_wire.get(k)
                    if f is not None:
                        items.append(f"{self.prop_key(f)}: {self.literal(v, f.type, f.fields, indent + '  ', decls)}")
                return _bracket("{", items, "}", indent)
        if fields and (isinstance(value, dict) or (isinstance(expr, Prim) and expr.name in ("any", "object"))):
            # An inline object type whose value the docs give no keys for: the JSON as it is.
            return self.json_literal(value, indent) + " as never"
        return self.json_literal(value, indent)

    def json_literal(self, value: object, indent: str) -> str:
        if isinstance(value, str):
            return ts_string(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return _bracket("[", [self.json_literal(v, indent + "  ") for v in value], "]", indent)
        if isinstance(value, dict):
            items = [f"{property_name(k)}: {self.json_literal(v, indent + '  ')}" for k, v in value.items()]
            return _bracket("{", items, "}", indent)
        return json.dumps(value)

    def functions_module(self, ops: list[Operation], index: _OptionIndex, plan: _Plan) -> tuple[str, list[str]]:
        ordered = sorted(ops, key=lambda o: (o.name, o.area, o.key))
        unique = UniqueNames(self.diags, self.name, "function")
        names = [unique.claim(binding_name(self.rename(op.name)), op.name, op.loc) for op in ordered]
        # Function names are taken first, so a type import never shadows one.
        scope = _Scope(None, self, set(names), plan)
        functions = [
            self.signature(op, scope, index, "", f"export function {name}")
            for name, op in zip(names, ordered, strict=True)
        ]
        text = self.template("functions.ts.j2", header=self.header(), imports=scope.import_lines(), functions=functions)
        return text, sorted(names)
