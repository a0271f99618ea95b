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

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from pydantic import field_validator

from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, camel, pascal, safe_identifier
from ..text import GENERATED_NOTICE, block_comment_safe, lines, one_line, ts_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf, walk
from .base import Emitter, LanguageSettings, all_fields, setting_matches

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
_RESERVED_FILES = frozenset({"index", "functions", "interfaces", "externals", "wire"})
# The types of the wire-name maps, written to ``wire.ts``.
WIRE_TYPES = ("WireNames", "WireParams", "WirePlace")

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


def option_name_for(op_name: str) -> str:
    """The name the linker gives the synthesized option class of an operation."""
    parts = re.split(r"[^0-9A-Za-z]+|(?<=[a-z0-9])(?=[A-Z])", op_name)
    return "".join(p[:1].upper() + p[1:] for p in parts if p) + "Options"


class _Scope:
    """The type names one module declares and imports; aliases an import when names clash."""

    def __init__(self, area: str | None, emitter: JsEmitter, taken: set[str]) -> None:
        self.area = area
        self.emitter = emitter
        self.taken = set(taken) | {"Record", "Date", "Promise"}
        self.imports: dict[tuple[str, str], str] = {}  # (module, exported name) -> local name
        self.locals: dict[str, str] = {}

    def declare(self, name: str) -> str:
        ident = type_name(self.emitter.rename(name))
        self.locals[name] = ident
        self.taken.add(ident)
        return ident

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
        return self.imported(module, exported, alias_hint)

    def wire_type(self, exported: str) -> str:
        """A type of ``wire.ts`` (``WireNames``), imported under a free local name."""
        return self.imported("../wire" if self.area is not None else "./wire", exported, "Codegen" + exported)

    def imported(self, module: str, exported: str, alias_hint: str) -> str:
        key = (module, exported)
        if key not in self.imports:
            local = exported
            if local in self.taken:
                local = alias_hint
                while local in self.taken:
                    local += "_"
            self.imports[key] = local
            self.taken.add(local)
        return self.imports[key]

    def import_lines(self) -> list[str]:
        by_module: dict[str, list[str]] = defaultdict(list)
        for (module, exported), local in self.imports.items():
            by_module[module].append(exported if exported == local else f"{exported} as {local}")
        result = []
        for module, names in sorted(by_module.items()):
            line = f"import type {{ {', '.join(sorted(names))} }} from {ts_string(module)};"
            if len(line) > 80:
                line = "import type {\n" + "".join(f"  {n},\n" for n in sorted(names)) + f"}} from {ts_string(module)};"
            result.append(line)
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


class JsEmitter(Emitter):
    name = "js"
    settings_model = JsSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTINS
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "inline"
    settings: JsSettings

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

        by_area: dict[str, list[Model | OptionClass | Enum]] = defaultdict(list)
        emitted: list[Model | OptionClass | Enum] = [*api.models, *options, *api.enums]
        for item in emitted:
            by_area[item.area].append(item)
        defined = {(m.area, m.name) for m in api.models} | {(o.area, o.name) for o in api.options}
        area_modules: dict[str, str] = {}
        wire_types = False
        for area, items in sorted(by_area.items()):
            module = self.area_module(area)
            area_modules[module] = area
            text = self.interfaces_module(area, items, option_owner, defined)
            files[f"{prefix}interfaces/{module}.ts"] = text
            wire_types = wire_types or "WireNames<" in text or "WireParams<" in text

        services: dict[str, list[Operation]] = defaultdict(list)
        functions: list[Operation] = []
        for op in api.operations:
            if op.service:
                # Keyed by file: spellings that land in one file make one class.
                services[self.service_file(op.service)].append(op)
            else:
                functions.append(op)
        exports: list[str] = []
        taken: set[str] = set()
        for stem, ops in sorted(services.items()):
            cls = self.service_class(min(op.service or "" for op in ops))
            files[f"{prefix}{stem}.ts"] = self.service_module(cls, ops, option_index)
            exports.append(f"export {{ {cls} }} from {ts_string('./' + stem)};")
            taken.add(cls)
        if functions:
            text, names = self.functions_module(functions, option_index)
            files[f"{prefix}functions.ts"] = text
            exports.append('export * from "./functions";')
            taken.update(names)
        for module, area in sorted(area_modules.items()):
            namespace = safe_identifier((camel(area) or "common") + "Types", RESERVED)
            while namespace in taken:
                namespace += "_"
            taken.add(namespace)
            # Not ``export type *``: the wire-name maps are values.
            exports.append(f"export * as {namespace} from {ts_string('./interfaces/' + module)};")
        if wire_types:
            files[f"{prefix}wire.ts"] = self.template("wire.ts.j2", header=self.header())
            free = [name for name in WIRE_TYPES if name not in taken]
            if free:
                exports.append(f"export type {{ {', '.join(free)} }} from {ts_string('./wire')};")
        files[f"{prefix}index.ts"] = self.template("index.ts.j2", header=self.header(), exports=exports)
        return files

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
    ) -> str:
        scope = _Scope(area, self, set())
        ordered = sorted(items, key=lambda i: (type_name(self.rename(i.name)), i.name))
        names: dict[str, str] = {}
        for item in ordered:
            if item.name not in names:
                names[item.name] = scope.declare(item.name)
        # The maps are values: their names are unique in the module (interfaces may merge, consts not).
        values = UniqueNames(self.diags, self.name, "wire-name map")
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
            decls.append(_Decl(names[item.name], jsdoc(doc, ""), extends, members, wire=wire))
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
        if is_promise or head.startswith("async "):
            result = f"Promise<{result}>"
            if head.startswith("export function "):
                head = "export async function " + head.removeprefix("export function ")
        params_text = ", ".join(rendered)
        declaration = f"{indent}{head}({params_text}): {result} {{"
        if "\n" in params_text or len(declaration.split("\n", 1)[0]) > _WIDTH:
            params_block = "".join(f"{indent}  {r},\n" for r in rendered)
            declaration = f"{indent}{head}(\n{params_block}{indent}): {result} {{"
        return {"declaration": declaration, "doc": jsdoc(self.op_doc(op, params), indent)}

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

    def service_module(self, cls: str, ops: list[Operation], index: _OptionIndex) -> str:
        scope = _Scope(None, self, {cls})
        methods = []
        names = UniqueNames(self.diags, self.name, f"method of {cls}")
        for op in sorted(ops, key=lambda o: (o.name, o.area, o.key)):
            raw = self.rename(op.name)
            name = property_name(names.claim("constructor_" if raw == "constructor" else raw, op.name, op.loc))
            methods.append(self.signature(op, scope, index, "  ", f"async {name}"))
        return self.template(
            "service.ts.j2", header=self.header(), imports=scope.import_lines(), class_name=cls, methods=methods
        )

    def functions_module(self, ops: list[Operation], index: _OptionIndex) -> tuple[str, list[str]]:
        ordered = sorted(ops, key=lambda o: (o.name, o.area, o.key))
        unique = UniqueNames(self.diags, self.name, "function")
        names = [unique.claim(binding_name(self.rename(op.name)), op.name, op.loc) for op in ordered]
        # Function names are taken first, so a type import never shadows one.
        scope = _Scope(None, self, set(names))
        functions = [
            self.signature(op, scope, index, "", f"export function {name}")
            for name, op in zip(names, ordered, strict=True)
        ]
        text = self.template("functions.ts.j2", header=self.header(), imports=scope.import_lines(), functions=functions)
        return text, sorted(names)
