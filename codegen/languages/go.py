"""Go: a module with one package per service/qualifier; structs with json tags; gofmt-exact text.

gofmt is not run at generate time, so this module lays out what gofmt would: tabs, struct
field columns per block, grouped imports, doc comments gofmt leaves alone. Packages come
from the docs' qualifiers (``mfa.ChallengeFactorOpts``) or the area; packages that would
import each other are merged (Go forbids import cycles). Enums (codegen.enums) are string
types with one constant per value (``type FactorType string``, ``FactorTypeTOTP``), placed
like models.

Struct tags carry the wire (codegen.wire): path fields ``json:"-" path:".."``, query fields
``json:"-" url:".."``, the rest ``json:".."`` with the exact wire name. A field without a wire
name is left out of the JSON (``json:"-"``, with a comment) when the HTTP reference documents
its object or request, since the reference then says it is not sent; only in objects the
reference does not document at all is a snake_case name guessed, and the comment says so.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar

from pydantic import field_validator

from ..diagnostics import Diagnostics, Loc
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import COMMON_INITIALISMS, UniqueNames, pascal, safe_identifier, snake, words
from ..samples import Arg, SampleCall
from ..text import GENERATED_NOTICE, go_comment_lines, go_string, one_line
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf, core_type, walk
from .base import Emitter, LanguageSettings, all_fields, setting_matches
from .layer import by_area

KEYWORDS = frozenset(
    {
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    }
)
PREDECLARED = frozenset(
    {
        "any",
        "append",
        "bool",
        "byte",
        "cap",
        "clear",
        "close",
        "comparable",
        "complex",
        "complex128",
        "complex64",
        "copy",
        "delete",
        "error",
        "false",
        "float32",
        "float64",
        "imag",
        "int",
        "int16",
        "int32",
        "int64",
        "int8",
        "iota",
        "len",
        "make",
        "max",
        "min",
        "new",
        "nil",
        "panic",
        "print",
        "println",
        "real",
        "recover",
        "rune",
        "string",
        "true",
        "uint",
        "uint16",
        "uint32",
        "uint64",
        "uint8",
        "uintptr",
    }
)
# Names of the packages generated files import: a parameter must not shadow them.
IMPORT_NAMES = frozenset({"context", "errors", "http", "json", "time", "url"})
RESERVED = KEYWORDS | PREDECLARED | IMPORT_NAMES

PRIMITIVES = {
    "string": "string",
    "int": "int",
    "number": "float64",
    "bool": "bool",
    "datetime": "time.Time",
    "any": "interface{}",
    "object": "map[string]interface{}",
    "function": "func()",
    "void": "interface{}",
    "null": "interface{}",
}
# Spellings the docs use that are already valid Go.
VALID_PRIM_SPELLINGS = frozenset(
    {"string", "int", "int64", "int32", "float64", "float32", "bool", "interface{}", "time.Time", "any", "func"}
)
# Types that are interfaces already: never behind a pointer.
_INTERFACES = frozenset({"error", "context.Context", "http.Handler", "interface{}"})
# Qualified names the Go standard library provides: type text -> import path.
STDLIB = {
    "context.Context": "context",
    "time.Time": "time",
    "time.Duration": "time",
    "http.Handler": "net/http",
    "http.Request": "net/http",
    "http.Client": "net/http",
    "json.RawMessage": "encoding/json",
    "url.URL": "net/url",
    "url.Values": "net/url",
}


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


class GoSettings(LanguageSettings):
    # Go module path; packages are generated below it.
    module: str = "example.com/sdk"
    # Folder under this language's output root where the packages go ("" = the root).
    package_dir: str = ""
    # Package of the types the docs use unqualified but never define (the SDK provides them).
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
    def _externals_package(cls, value: str) -> str:
        return setting_matches(value, _PACKAGE_NAME, "a Go package name is lower-case ASCII letters, digits and '_'")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return setting_matches(
            value, r"https?://[!#-~]+", "a base URL is http(s):// and printable ASCII without spaces or quotes"
        )


@lru_cache(maxsize=1 << 16)  # pure, called thousands of times a render with the same names; bounded for `watch`
def go_name(name: str, initialisms: frozenset[str] = COMMON_INITIALISMS) -> str:
    """An exported Go identifier: PascalCase with initialisms in capitals."""
    # A word the docs wrote in capitals stays in capitals (``SSOURL``): Go keeps initialisms.
    text = "".join(w if (w.isupper() and len(w) > 1) else pascal(w, initialisms) for w in words(name))
    if not text or not text[0].isalpha():
        text = "X" + text
    return safe_identifier(text, RESERVED)


def local_name(name: str, initialisms: frozenset[str] = COMMON_INITIALISMS) -> str:
    """An unexported identifier (parameters): camelCase, reserved words get a trailing underscore."""
    parts = words(name)
    rest = "".join(w if (w.isupper() and len(w) > 1) else pascal(w, initialisms) for w in parts[1:])
    text = (parts[0].lower() + rest) if parts else ""
    return safe_identifier(text or "arg", RESERVED)


def package_name(text: str) -> str:
    """A valid lowercase Go package name from a qualifier or an area."""
    cleaned = re.sub(r"[^a-z0-9_]", "", text.lower().replace("-", ""))
    if not cleaned or cleaned[0].isdigit():
        cleaned = "pkg" + cleaned
    return cleaned + "_" if cleaned in KEYWORDS | PREDECLARED else cleaned


comment_lines = go_comment_lines


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


def doc_comment(name: str, text: str | None, indent: str = "", extra: list[str] | None = None) -> list[str]:
    body = comment_lines(text)
    if body and not body[0].startswith(name + " "):
        first = body[0]
        head = first.split(" ", 1)[0]
        if head in ("The", "A", "An"):
            first = "is " + first[0].lower() + first[1:]
        elif len(first) > 1 and first[0].isupper() and first[1].islower():
            first = first[0].lower() + first[1:]
        body[0] = f"{name} {first}"
    elif not body:
        body = [f"{name} is generated from the API reference."]
    body += extra or []
    return [f"{indent}// {line}" for line in body]


# Comments where the HTTP reference gives no wire name: on such a field of an object it
# documents, and on an object it does not document at all.
NOT_ON_THE_WIRE = "Not in the HTTP reference; left out of the JSON."
GUESSED_WIRE_NAMES = "The HTTP reference does not document its wire names: they are guessed from the field names."
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass
class _Decl:
    """A type to write: a model, an option class or an inline object of the docs (a struct), or
    an enum (``values`` set: a string type and its constants)."""

    key: tuple[str, str | None, str]
    pkg: str
    name: str
    fields: tuple[Field, ...]
    description: str | None
    area: str
    url: str | None = None
    base: str | None = None
    struct_fields: list[tuple[list[str], str, str, str]] = field(default_factory=list)
    values: tuple[str, ...] | None = None
    loc: Loc | None = None
    # An option class (its fields are a request's parameters).
    option: bool = False
    # Enum constant names by wire value (set when the plan names them: GoEmitter.plan).
    constants: dict[str, str] = field(default_factory=dict)
    # An inline object whose type name the docs of this language spell.
    spelled: bool = False

    @property
    def wire_documented(self) -> bool:
        """True when the HTTP reference documents this object or request: some field is linked."""
        return any(f.wire_name for f in self.fields if not f.is_method)


@dataclass
class _TypeView:
    """One type of a models.go file, for the template: a struct (``fields``: its lines) or an
    enum (``underlying`` type and ``constants``: the lines of its const block)."""

    doc: list[str]
    name: str
    fields: list[str] = field(default_factory=list)
    underlying: str | None = None
    constants: list[str] | None = None


@dataclass
class _Method:
    name: str
    doc: list[str]
    params: str
    results: str
    zero_vars: list[str]
    returns: str
    # The statements of a method that makes the HTTP call (``bodies = "http"``); None: a stub.
    body: list[str] | None = None
    # The statements of ``body`` that build ``req``, and the context expression it sends with.
    request: list[str] = field(default_factory=list)
    ctx: str = "ctx"


@dataclass
class _Leaf:
    """A field of an operation's parameters that goes on the wire: the Go expression that reads
    it, the nil checks on the way there, its Go type (as written in package ``home``)."""

    expr: str
    guards: tuple[str, ...]
    field: Field
    typ: str
    home: str


# Locals of the methods that make HTTP calls: parameters never take these names.
_BODY_NAMES = ("req", "err", "body", "v", "strconv")


def _json_literal(value: Any) -> str:
    """A Go literal of a JSON value as interface{} (maps, slices, strings, numbers, booleans)."""
    if isinstance(value, dict):
        return (
            "map[string]interface{}{"
            + ", ".join(f"{go_string(str(k))}: {_json_literal(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[]interface{}{" + ", ".join(_json_literal(v) for v in value) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_string(value)
    if value is None:
        return "nil"
    return repr(value)


def _is_context(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Named) and expr.name == "Context" and expr.qualifier == "context"


@dataclass
class _Plan:
    """What one render (or one usage snippet) plans before it writes: every type and its package,
    the types moved to break import cycles, the enum constants and the methods' names. Made by
    :meth:`GoEmitter.plan` for each render; the emitter keeps none of it."""

    # Where this plan's warnings go: the emitter's sink in a render; a usage snippet's is dropped.
    diags: Diagnostics
    # Models, option classes and enums by (area, qualifier, docs name), and by (area, docs name).
    decls: dict[tuple[str, str | None, str], _Decl] = field(default_factory=dict)
    by_name: defaultdict[tuple[str, str], list[_Decl]] = field(default_factory=lambda: defaultdict(list))
    # Inline objects by (package, Go name).
    inline: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    # Where an unlinked name points (:meth:`GoEmitter._collect_unlinked`).
    unlinked: dict[tuple[str | None, str], _Decl] = field(default_factory=dict)
    unlinked_names: dict[str, _Decl] = field(default_factory=dict)
    # (package, name) -> the package a type moved into (packages that would import each other).
    moved: dict[tuple[str, str], str] = field(default_factory=dict)
    # Service package -> its operations.
    services: dict[str, list[Operation]] = field(default_factory=dict)
    # Package -> the types it declares; (package, Go name) -> the type.
    packages: dict[str, list[_Decl]] = field(default_factory=dict)
    go_decls: dict[tuple[str, str], _Decl] = field(default_factory=dict)
    # (package, enum name) -> the underlying type and the const lines (:meth:`GoEmitter.const_lines`).
    constants: dict[tuple[str, str], tuple[str, list[str]]] = field(default_factory=dict)
    # (package, operation loc, key; `` pages`` appended for the Iter method) -> the method's name.
    method_names: dict[tuple[str, Loc, str], str] = field(default_factory=dict)
    # (package, operation loc, key) -> how many results the method returns besides the error.
    method_results: dict[tuple[str, Loc, str], int] = field(default_factory=dict)
    # Package -> (operation, method name, Iter method name or None), in the order they are claimed.
    clients: dict[str, list[tuple[Operation, str, str | None]]] = field(default_factory=dict)


class GoEmitter(Emitter):
    name = "go"
    settings_model = GoSettings
    declares_inline_objects = True  # as structs in the service's package
    enum_style = "named"  # a string type with one constant per value
    builtin_types: ClassVar[frozenset[str]] = frozenset(
        {"error", "Context", "Time", "Duration", "Handler", "RawMessage", "URL", "Values"}
    )
    settings: GoSettings

    # --- names ------------------------------------------------------------------------------
    @property
    def initialisms(self) -> frozenset[str]:
        return COMMON_INITIALISMS | {i.upper() for i in self.settings.initialisms}

    def exported(self, name: str) -> str:
        return go_name(self.rename(name), self.initialisms)

    def local(self, name: str) -> str:
        return local_name(self.rename(name), self.initialisms)

    def import_path(self, pkg: str) -> str:
        base = self.settings.module.rstrip("/")
        folder = self.settings.package_dir.strip("/")
        return f"{base}/{folder}/{pkg}" if folder else f"{base}/{pkg}"

    def package_folder(self, pkg: str) -> str:
        folder = self.settings.package_dir.strip("/")
        return f"{folder}/{pkg}" if folder else pkg

    def external_location(self, external: str) -> tuple[str, str]:
        """(package, Go type name) of an external as :meth:`externals` lists it."""
        qualifier, _, name = external.rpartition(".")
        return package_name(qualifier) if qualifier else package_name(self.settings.externals_package), name

    # --- reinterpretations ------------------------------------------------------------------
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
            return "union written as interface{}"
        if isinstance(expr, Named) and expr.args:
            return "type arguments dropped"
        return None

    # --- declarations -----------------------------------------------------------------------
    def _collect(self, api: LanguageAPI, diags: Diagnostics) -> _Plan:
        """A plan holding the types of ``api``, before names and packages are settled."""
        plan = _Plan(diags)
        items: list[Model | OptionClass] = [*api.models, *api.options]
        for item in items:
            key = (item.area, item.qualifier, item.name)
            if key in plan.decls:
                continue
            pkg = package_name(item.qualifier or item.area or "common")
            decl = _Decl(
                key,
                pkg,
                self.exported(item.name),
                item.fields,
                item.description,
                item.area,
                getattr(item, "url", None),
                item.base,
                option=isinstance(item, OptionClass),
            )
            plan.decls[key] = decl
            plan.by_name[(item.area, item.name)].append(decl)
        for enum in api.enums:
            self._collect_enum(plan, enum)
        self._collect_unlinked(plan, api)
        # Inline objects: fields with nested fields whose type names nothing the docs define.
        for item in items:
            self._inline_fields(
                plan,
                item.fields,
                item.area,
                plan.decls[(item.area, item.qualifier, item.name)].pkg,
                plan.decls[(item.area, item.qualifier, item.name)].name,
            )
        for op in api.operations:
            pkg = self.service_package(op)
            for f in (*op.params, *op.returns):
                self._inline_fields(plan, (f,), op.area, pkg, self.exported(op.name))
        return plan

    def _collect_unlinked(self, plan: _Plan, api: LanguageAPI) -> None:
        """Where a name the linker left unlinked (``Named.area`` None: a field of a model another
        language's docs lent) points: the declaration of that name codegen.samples gives it, by
        (qualifier, name), then by name; enums, then option classes, then models first."""
        items: list[Enum | OptionClass | Model] = [*api.enums, *api.options, *api.models]
        for item in items:
            candidates = plan.by_name.get((item.area, item.name), [])
            decl = next((d for d in candidates if d.key == (item.area, item.qualifier, item.name)), None)
            decl = decl or next(iter(candidates), None)
            if decl is not None:
                plan.unlinked.setdefault((item.qualifier, item.name), decl)
                plan.unlinked_names.setdefault(item.name, decl)

    def _find_unlinked(self, plan: _Plan, expr: Named) -> _Decl | None:
        """The declaration an unlinked name means (:meth:`_collect_unlinked`); None for the
        standard library's types and for names this language declares nothing of."""
        text = f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
        if expr.area is not None or text in STDLIB or text == "error":
            return None
        return plan.unlinked.get((expr.qualifier, expr.name)) or plan.unlinked_names.get(expr.name)

    def _collect_enum(self, plan: _Plan, enum: Enum) -> None:
        """An enum, placed as a model of its qualifier/area would be. The same name in one package
        of one area (``catalog.WidgetKind`` and ``WidgetKind``) is one type with all the values."""
        key = (enum.area, enum.qualifier, enum.name)
        if key in plan.decls:
            return
        pkg = package_name(enum.qualifier or enum.area or "common")
        name = self.exported(enum.name)
        enums = (d for d in plan.decls.values() if d.values is not None)
        same = next((d for d in enums if (d.pkg, d.name, d.area) == (pkg, name, enum.area)), None)
        if same is not None and same.values is not None:
            same.values += tuple(v for v in enum.values if v not in same.values)
            plan.by_name[(enum.area, enum.name)].append(same)
            return
        decl = _Decl(key, pkg, name, (), enum.description, enum.area, values=enum.values, loc=enum.loc)
        plan.decls[key] = decl
        plan.by_name[(enum.area, enum.name)].append(decl)

    def is_enum(self, plan: _Plan, expr: TypeExpr | None) -> bool:
        """True when ``expr`` names an enum the docs declare (a value type: never behind a pointer
        for being optional; its empty value is ``omitempty``'s "not set")."""
        if not isinstance(expr, Named):
            return False
        if expr.area is None:
            unlinked = self._find_unlinked(plan, expr)
            return unlinked is not None and unlinked.values is not None
        candidates = plan.by_name.get((expr.area, expr.name), [])
        return any(d.values is not None for d in candidates)

    def _inline_fields(self, plan: _Plan, fields: tuple[Field, ...], area: str, pkg: str, owner: str) -> None:
        for f in fields:
            if not f.fields or f.is_method:
                continue
            core = core_type(f.type)
            if isinstance(core, Named) and core.area is not None:
                continue
            # A type the docs name but never define takes the keys of the first object that
            # uses it; one the docs of this language spell (not one another language's docs
            # lent the model) comes first: its keys are this language's reply.
            spelled = isinstance(core, Named) and bool(core.spelling)
            if isinstance(core, Named):
                target_pkg = package_name(core.qualifier) if core.qualifier else pkg
                name = self.exported(core.name)
            else:
                target_pkg, name = pkg, owner + self.exported(f.name)
            known = plan.inline.get((target_pkg, name))
            if known is None or (spelled and not known.spelled):
                decl = _Decl((area, None, name), target_pkg, name, f.fields, f.description, area, spelled=spelled)
                plan.inline[(target_pkg, name)] = decl
                self._inline_fields(plan, f.fields, area, target_pkg, name)

    def service_package(self, op: Operation) -> str:
        return package_name(op.service or op.area or "functions")

    def resolve(self, plan: _Plan, expr: Named) -> tuple[str, str] | None:
        """(package, name) of a Named type the docs define; None for externals and builtins."""
        if expr.area is None:
            unlinked = self._find_unlinked(plan, expr)
            return None if unlinked is None else (unlinked.pkg, unlinked.name)
        candidates = plan.by_name.get((expr.area, expr.name), [])
        if not candidates:
            return None
        chosen = next((d for d in candidates if d.key[1] == expr.qualifier), candidates[0])
        return chosen.pkg, chosen.name

    # --- types ------------------------------------------------------------------------------
    def type(
        self, plan: _Plan, expr: TypeExpr | None, pkg: str, imports: set[str], inline_owner: str | None = None
    ) -> str:
        if expr is None:
            return "interface{}"
        if isinstance(expr, Prim):
            text = PRIMITIVES[expr.name]
            if text == "time.Time":
                imports.add("time")
            return text
        if isinstance(expr, LiteralOf):
            return "string"
        if isinstance(expr, ListOf):
            return "[]" + self.type(plan, expr.item, pkg, imports, inline_owner)
        if isinstance(expr, MapOf):
            key = self.type(plan, expr.key, pkg, imports)
            if not _comparable(expr.key):
                key = "string"
            return f"map[{key}]{self.type(plan, expr.value, pkg, imports, inline_owner)}"
        if isinstance(expr, Nullable):
            inner = self.type(plan, expr.inner, pkg, imports, inline_owner)
            if inner.startswith(("[]", "map[", "*", "func", "interface{}")) or inner in ("error",):
                return inner
            return "*" + inner
        if isinstance(expr, UnionOf):
            if any(isinstance(o, Named) and o.name == "error" and not o.qualifier for o in expr.options):
                return "error"
            return "interface{}"
        assert isinstance(expr, Named)
        return self.named(plan, expr, pkg, imports, inline_owner)

    def named(self, plan: _Plan, expr: Named, pkg: str, imports: set[str], inline_owner: str | None = None) -> str:
        if not expr.qualifier and expr.name == "error":
            return "error"
        resolved = self.resolve(plan, expr)
        if resolved is None:
            text = f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
            if text in STDLIB:
                imports.add(STDLIB[text])
                return text
            inline_pkg = package_name(expr.qualifier) if expr.qualifier else pkg
            if (inline_pkg, self.exported(expr.name)) in plan.inline:
                resolved = (inline_pkg, self.exported(expr.name))
            else:
                resolved = self.external_location(text)
                resolved = (resolved[0], self.exported(resolved[1]))
        target, name = resolved
        target = plan.moved.get((target, name), target)
        if target == pkg:
            return name
        imports.add(self.import_path(target))
        return f"{target}.{name}"

    def field_type(self, plan: _Plan, f: Field, pkg: str, imports: set[str], owner: str) -> str:
        if f.fields and not f.is_method:
            core = core_type(f.type)
            if not isinstance(core, Named):
                inline = (pkg, owner + self.exported(f.name))
                inline = (plan.moved.get(inline, inline[0]), inline[1])
                name = inline[1] if inline[0] == pkg else f"{inline[0]}.{inline[1]}"
                if inline[0] != pkg:
                    imports.add(self.import_path(inline[0]))
                text = name
                if isinstance(f.type, ListOf):
                    text = "[]" + text
                return text
        text = self.type(plan, f.type, pkg, imports)
        optional_struct = f.optional and isinstance(f.type, Named) and not self.is_enum(plan, f.type)
        if optional_struct and text not in _INTERFACES and not text.startswith("*"):
            # Optional structs are pointers: no zero-value ambiguity, and no recursive value types.
            return "*" + text
        return text

    # --- rendering --------------------------------------------------------------------------
    def externals(self, api: LanguageAPI) -> list[str]:
        plan = self._collect(api, Diagnostics())
        used: set[str] = set()
        for f in all_fields(api):
            for node in walk(f.type) if f.type is not None else []:
                if not isinstance(node, Named) or self.resolve(plan, node) is not None:
                    continue
                text = f"{node.qualifier}.{node.name}" if node.qualifier else node.name
                if text in STDLIB or text == "error":
                    continue
                inline_pkg = package_name(node.qualifier) if node.qualifier else None
                if inline_pkg and (inline_pkg, self.exported(node.name)) in plan.inline:
                    continue
                if not inline_pkg and any(name == self.exported(node.name) for _, name in plan.inline):
                    continue
                used.add(text)
        return sorted(used)

    def plan(self, api: LanguageAPI, diags: Diagnostics | None = None) -> _Plan:
        """Everything a render of ``api`` decides before it writes: type names, packages (import
        cycles broken), enum constants, method names. ``diags`` takes its warnings (default: the
        emitter's); a usage snippet plans with a sink of its own, its warnings being the render's."""
        plan = self._collect(api, self.diags if diags is None else diags)
        all_decls = sorted([*plan.decls.values(), *plan.inline.values()], key=lambda d: (d.pkg, d.name, d.key[0]))
        # Same Go name twice in one package (two areas): the later one gets its area as prefix.
        taken: set[tuple[str, str]] = set()
        plan.services = by_area(api.operations, self.service_package)
        for pkg in plan.services:
            taken.update((pkg, name) for name in self.service_names)
        for decl in sorted(all_decls, key=lambda d: (d.pkg, d.name, package_name(d.area) != d.pkg, d.key[0])):
            if (decl.pkg, decl.name) in taken:
                base = self.exported(decl.area) + decl.name
                candidate, n = base, 2
                while (decl.pkg, candidate) in taken:
                    candidate, n = f"{base}{n}", n + 1
                if decl.key in plan.decls:
                    decl.name = candidate
                else:
                    continue
            taken.add((decl.pkg, decl.name))
        self._break_cycles(plan, all_decls)
        for decl in all_decls:
            decl.pkg = plan.moved.get((decl.pkg, decl.name), decl.pkg)
        unique: list[_Decl] = []
        for decl in all_decls:
            if (decl.pkg, decl.name) not in plan.go_decls:
                unique.append(decl)
                plan.go_decls[(decl.pkg, decl.name)] = decl
        plan.packages = by_area(unique, lambda d: d.pkg)
        for pkg, decls in plan.packages.items():
            # Enum constants share the package's scope with its types and the client.
            declared = {d.name for d in decls} | (set(self.service_names) if pkg in plan.services else set())
            scope = UniqueNames(plan.diags, self.name, f"constant of package {pkg}", reserved=declared)
            for decl in sorted(decls, key=lambda d: d.name):
                if decl.values is not None:
                    plan.constants[(pkg, decl.name)] = self.const_lines(decl, scope)
        for pkg, ops in plan.services.items():
            self._claim_methods(plan, pkg, ops)
        return plan

    def _claim_methods(self, plan: _Plan, pkg: str, ops: list[Operation]) -> None:
        """The names of the methods of ``pkg``'s Client (and of their Iter variants), in its plan."""
        names = UniqueNames(plan.diags, self.name, f"method of {pkg}.Client")
        names.reserve(*self.service_names)
        claimed = [
            (op, names.claim(self.exported(op.name), op.name, op.loc)) for op in sorted(ops, key=lambda o: o.loc)
        ]
        for op, name in claimed:
            plan.method_names[(pkg, op.loc, op.key)] = name
            plan.method_results[(pkg, op.loc, op.key)] = self.method(plan, op, pkg, set(), name=name).results.count(",")
        client: list[tuple[Operation, str, str | None]] = []
        for op, name in claimed:
            iter_name = None
            # A list operation's method makes its call (``bodies = "http"``): it gets an Iter method.
            if self.http_bodies and self.is_list(op):
                iter_name = names.claim(name + "Iter", op.name + "Iter", op.loc)
                plan.method_names[(pkg, op.loc, op.key + " pages")] = iter_name
            client.append((op, name, iter_name))
        plan.clients[pkg] = client

    def render(self, api: LanguageAPI) -> dict[str, str]:
        plan = self.plan(api)
        files: dict[str, str] = {
            "go.mod": self.template("go.mod.j2", module=self.settings.module),
            "README.md": self.readme(),
        }
        for pkg, decls in plan.packages.items():
            files[f"{self.package_folder(pkg)}/models.go"] = self.models_file(plan, pkg, decls)
        for pkg in plan.services:
            files[f"{self.package_folder(pkg)}/client.go"] = self.service_file(plan, pkg)
        if self.http_bodies:
            runtime = self.settings.runtime_package
            if runtime in plan.packages or runtime in plan.services:
                plan.diags.error(
                    Loc("codegen.toml"),
                    f"go runtime package '{runtime}' is also a package of the API",
                    "set [tool.codegen.go] runtime_package to another name",
                )
            files[f"{self.package_folder(runtime)}/{runtime}.go"] = self.template(
                "runtime.go.j2",
                header=self.header(runtime),
                runtime=runtime,
                base_url=self.settings.base_url,
                package_name=self.package_display_name,
                version=self.settings.version,
            )
        return files

    @property
    def package_display_name(self) -> str:
        """The SDK's name in its README and User-Agent: the ``package_name`` setting, else the
        last element of the module path."""
        return self.settings.package_name or self.settings.module.rstrip("/").rsplit("/", 1)[-1]

    def readme(self) -> str:
        """The SDK's README.md: install, the client and its settings, errors, retries and
        timeouts, request options, pagination, the transport seam. From the settings only: it
        stays the same when the docs change."""
        settings = self.settings
        return self.template(
            "README.md.j2",
            notice=GENERATED_NOTICE,
            module=settings.module,
            name=self.package_display_name,
            version=settings.version,
            description=settings.description,
            license=settings.license,
            repository=settings.repository,
            author=settings.author,
            runtime=settings.runtime_package,
            runtime_import=self.import_path(settings.runtime_package),
            base_url=settings.base_url,
            http=self.http_bodies,
        )

    def _edges(self, plan: _Plan, all_decls: list[_Decl]) -> dict[str, set[str]]:
        graph: dict[str, set[str]] = defaultdict(set)
        for decl in all_decls:
            imports: set[str] = set()
            pkg = plan.moved.get((decl.pkg, decl.name), decl.pkg)
            for f in decl.fields:
                if not f.is_method:
                    self.field_type(plan, f, pkg, imports, decl.name)
            graph[pkg].update(imports)
        for pkg, ops in plan.services.items():
            imports = set()
            for op in ops:
                self.method(plan, op, pkg, imports)
            graph[pkg].update(imports)
        prefix = self.import_path("")
        return {p: {i[len(prefix) :] for i in deps if i.startswith(prefix)} - {p} for p, deps in graph.items()}

    def _break_cycles(self, plan: _Plan, all_decls: list[_Decl]) -> None:
        """Packages that would import each other: their types move into the first of them."""
        for _ in range(5):
            graph = self._edges(plan, all_decls)
            cycles = [c for c in _sccs(graph) if len(c) > 1]
            if not cycles:
                return
            for cycle in cycles:
                home = sorted(cycle)[0]
                names = {
                    n for (p, n), _ in [((d.pkg, d.name), d) for d in all_decls] if plan.moved.get((p, n), p) == home
                }
                for decl in all_decls:
                    current = plan.moved.get((decl.pkg, decl.name), decl.pkg)
                    if current in cycle and current != home:
                        name = decl.name
                        if name in names:
                            continue
                        names.add(name)
                        plan.moved[(decl.pkg, decl.name)] = home

    def header(self, pkg: str) -> list[str]:
        return [f"// {GENERATED_NOTICE}", "// @generated", "", f"package {pkg}"]

    def imports(self, imports: set[str]) -> list[str]:
        std = sorted(i for i in imports if "." not in i.split("/")[0])
        other = sorted(i for i in imports if i not in std)
        groups = [[f'\t"{i}"' for i in std], [f'\t"{i}"' for i in other]]
        body = [line for group in groups if group for line in [*group, ""]][:-1] if any(groups) else []
        if not body:
            return []
        if len(imports) == 1:
            return [f"import {body[0].strip()}"]
        return ["import (", *body, ")"]

    def struct_lines(self, plan: _Plan, decl: _Decl, pkg: str, imports: set[str]) -> list[str]:
        rows: list[tuple[list[str], str, str, str]] = []
        names = UniqueNames(plan.diags, self.name, f"field of {decl.name}")
        # In an object the HTTP reference does not document, wire names are guessed (snake_case
        # of the name): they must not repeat one of the struct (go vet rejects a repeated json tag).
        documented = {f.wire_name for f in decl.fields if f.wire_name and not f.is_method}
        wires = UniqueNames(None, self.name, "json name", separator="_", reserved=documented)
        on_the_wire = decl.wire_documented
        sent: dict[str, str] = {}
        for f in decl.fields:
            if f.is_method:
                continue
            name = names.claim(self.exported(f.name), f.name, f.loc)
            typ = self.field_type(plan, f, pkg, imports, decl.name)
            doc = comment_lines(f.description)
            if not f.wire_name and on_the_wire:  # the reference documents the object without it
                rows.append(([*doc, NOT_ON_THE_WIRE], name, typ, '`json:"-"`'))
                continue
            if f.wire_name:
                wire = f.wire_name
                problem = json_tag_problem(wire)
                if problem is None and wire in sent:
                    # encoding/json drops every field of a repeated name, silently.
                    problem = f"'{sent[wire]}' has it too, and encoding/json ignores both fields of a repeated name"
                sent.setdefault(wire, f.name)
                if problem is not None:
                    plan.diags.error(
                        f.loc,
                        f"go cannot write the wire name {wire!r} of '{f.name}' in a json tag: {problem}",
                        "a wire name is written exactly or not at all; rename the curl parameter",
                    )
                    rows.append((comment_lines(f.description), name, typ, '`json:"-"`'))
                    continue
            else:
                wire = wires.claim(snake(f.name) or name.lower(), f.name)
            optional = f.optional or isinstance(f.type, Nullable)
            omit = ",omitempty" if optional else ""
            if f.place == "path":  # filled into the path template, never in the body
                tag = '`json:"-" path:' + go_string(wire) + "`"
            elif f.place == "query":
                tag = '`json:"-" url:' + go_string(wire + omit) + "`"
            else:
                tag = "`json:" + go_string(wire + omit + self._omitzero(plan, typ, pkg, optional)) + "`"
            rows.append((doc, name, typ, tag))
        return align_fields(rows)

    def _omitzero(self, plan: _Plan, typ: str, pkg: str, optional: bool) -> str:
        """``,omitzero`` (Go 1.24) where a key the reply left out would come back as a zero value
        that is not left out: a struct value, and (when required) a nil list, map or pointer.
        Absent stays absent when a decoded reply is encoded again."""
        if self._kind(plan, typ, pkg) not in ("other", "time.Time"):
            return ""
        nilable = typ.startswith(("*", "[]", "map[", "func")) or typ in _INTERFACES
        return "" if optional and nilable else ",omitzero"

    def const_lines(self, decl: _Decl, scope: UniqueNames) -> tuple[str, list[str]]:
        """The underlying type of an enum and its constants (``FactorTypeTOTP FactorType = "totp"``),
        named uniquely in the package's ``scope``, as gofmt aligns them."""
        values = decl.values or ()
        numeric = all(_INTEGER.fullmatch(v) for v in values)
        rows = []
        for value in values:
            suffix = "".join(w if (w.isupper() and len(w) > 1) else pascal(w, self.initialisms) for w in words(value))
            name = scope.claim(safe_identifier(decl.name + (suffix or "Value"), RESERVED), value, decl.loc)
            decl.constants.setdefault(value, name)
            rows.append((name, str(int(value)) if numeric else go_string(value)))
        width = max((len(name) for name, _ in rows), default=0)
        return ("int" if numeric else "string"), [f"\t{name.ljust(width)} {decl.name} = {text}" for name, text in rows]

    def models_file(self, plan: _Plan, pkg: str, decls: list[_Decl]) -> str:
        """The types of one package (its enums' constants are named in the plan)."""
        imports: set[str] = set()
        blocks: list[_TypeView] = []
        for decl in sorted(decls, key=lambda d: d.name):
            extra = comment_lines(f"See {one_line(decl.url)}") if decl.url else []
            if decl.values is None and not decl.wire_documented and any(not f.is_method for f in decl.fields):
                extra.append(GUESSED_WIRE_NAMES)
            doc = doc_comment(decl.name, decl.description, "", extra)
            if decl.values is not None:
                underlying, consts = plan.constants[(pkg, decl.name)]
                blocks.append(_TypeView(doc, decl.name, underlying=underlying, constants=consts))
            else:
                blocks.append(_TypeView(doc, decl.name, fields=self.struct_lines(plan, decl, pkg, imports)))
        return self.template("models.go.j2", header=self.header(pkg), imports=self.imports(imports), types=blocks)

    # --- methods ----------------------------------------------------------------------------
    @property
    def http_bodies(self) -> bool:
        return self.settings.bodies == "http"

    @property
    def service_names(self) -> tuple[str, ...]:
        """Names every service package declares besides its methods."""
        return ("Client", "ErrNotImplemented", "NewClient") if self.http_bodies else ("Client", "ErrNotImplemented")

    def method(
        self,
        plan: _Plan,
        op: Operation,
        pkg: str,
        imports: set[str],
        *,
        name: str | None = None,
        bodies: bool = False,
    ) -> _Method:
        """The method of ``op`` (named ``name`` when the service had to number it); with
        ``bodies`` (and ``bodies = "http"``), the statements that make its HTTP call."""
        name = name or self.exported(op.name)
        params: list[str] = []
        http = self.http_bodies and op.http is not None
        # Parameters and named results share one scope with the receiver ``c`` (and, in a
        # method that calls the API, its locals and the packages its body names).
        reserved = ["c", *((*_BODY_NAMES, self.settings.runtime_package) if http else ())]
        used = UniqueNames(plan.diags, self.name, f"parameter of {self.exported(op.name)}", reserved=reserved)
        doc_params: list[str] = []
        locals_: dict[int, str] = {}
        for index, f in enumerate(op.params):
            if f.is_method:
                continue
            param = used.claim(self.local(f.name), f.name, f.loc)
            locals_[index] = param
            typ = self.field_type(plan, f, pkg, imports, self.exported(op.name))
            params.append(f"{param} {typ}")
            described = " ".join(comment_lines(f.description))
            if described:
                doc_params.append(f"Parameter {param}: {described}")
        results: list[tuple[str, str]] = []
        for f in op.returns:
            if f.is_method:
                continue
            typ = self.field_type(plan, f, pkg, imports, self.exported(op.name))
            if typ == "error" or (isinstance(f.type, Prim) and f.type.name == "void"):
                continue
            results.append((used.claim(self.local(f.name), f.name, f.loc), typ))
        extra = doc_params + (comment_lines(f"See {one_line(op.url)}") if op.url else [])
        doc = doc_comment(name, op.description or f"calls {one_line(op.title) or name}.", "", extra)
        if results:
            text = "(" + ", ".join(t for _, t in results) + ", error)"
            zero = [f"\tvar {n} {t}" for n, t in results]
            ret = "return " + ", ".join(n for n, _ in results) + ", ErrNotImplemented"
        else:
            text, zero, ret = "error", [], "return ErrNotImplemented"
        method = _Method(name, doc, ", ".join(params), text, zero, ret)
        if not http:
            return method
        imports.add(self.import_path(self.settings.runtime_package))
        if bodies:
            self.http_body(plan, op, pkg, imports, method, locals_=locals_, results=results)
        return method

    def http_body(
        self,
        plan: _Plan,
        op: Operation,
        pkg: str,
        imports: set[str],
        method: _Method,
        *,
        locals_: dict[int, str],
        results: list[tuple[str, str]],
    ) -> None:
        """Fills ``method.body``: build the request, send it, decode the reply into the first result."""
        ctx = next((locals_[i] for i, f in enumerate(op.params) if i in locals_ and _is_context(f.type)), None)
        if ctx is None:
            imports.add("context")
            ctx = "context.Background()"
        request = self.request_lines(plan, op, pkg, imports, locals_)
        body = [*request]
        if results:
            body += [f"\tvar {n} {t}" for n, t in results]
            body.append(f"\terr := c.API.Do({ctx}, req, &{results[0][0]})")
            body.append("\treturn " + ", ".join(n for n, _ in results) + ", err")
        else:
            body.append(f"\treturn c.API.Do({ctx}, req, nil)")
        method.body, method.request, method.ctx = body, request, ctx

    def pages_method(
        self, plan: _Plan, op: Operation, pkg: str, imports: set[str], method: _Method, *, name: str
    ) -> _Method | None:
        """``<Method>Iter``: every item of a list operation, following ``list_metadata.after``;
        None for an operation that is not a list (no ``after`` query parameter)."""
        if not self.is_list(op) or method.body is None:
            return None
        runtime = self.settings.runtime_package
        item = self.list_item_type(plan, op, pkg, imports)
        body = [*method.request, f"\treturn {runtime}.Paginate[{item}]({method.ctx}, c.API, req)"]
        doc = [
            f"// {name} goes through every item of {method.name}, page after page: it sends the request",
            "// again with after=<list_metadata.after> until that is null.",
        ]
        return _Method(name, doc, method.params, f"*{runtime}.Iterator[{item}]", [], "", body)

    def is_list(self, op: Operation) -> bool:
        """A list operation: a GET whose query takes the ``after`` cursor."""
        return (
            op.http is not None
            and op.http.method.upper() == "GET"
            and any(p.place == "query" and p.name == "after" for p in op.http.params)
        )

    def list_item_type(self, plan: _Plan, op: Operation, pkg: str, imports: set[str]) -> str:
        """The item type of a list operation: the element of its reply model's ``data`` list,
        else json.RawMessage (the reply type is not defined by the docs)."""
        for f in op.returns:
            core = core_type(f.type)
            if not isinstance(core, Named) or self.resolve(plan, core) is None:
                continue
            decl = self._decl_of(plan, core)
            for child in decl.fields if decl else ():
                if child.wire_name == "data" and isinstance(child.type, ListOf):
                    return self.type(plan, child.type.item, pkg, imports)
        imports.add("encoding/json")
        return "json.RawMessage"

    def _decl_of(self, plan: _Plan, expr: Named) -> _Decl | None:
        resolved = self.resolve(plan, expr)
        if resolved is None:
            return None
        pkg, name = resolved
        return plan.go_decls.get((plan.moved.get((pkg, name), pkg), name))

    def field_names(self, fields: tuple[Field, ...]) -> list[str | None]:
        """The Go names of a struct's fields, as :meth:`struct_lines` claims them (None for methods)."""
        names = UniqueNames(None, self.name, "field")
        return [None if f.is_method else names.claim(self.exported(f.name), f.name) for f in fields]

    def leaves(self, plan: _Plan, op: Operation, pkg: str, imports: set[str], locals_: dict[int, str]) -> list[_Leaf]:
        """The fields of ``op``'s parameters that go on the wire, with the Go expression that
        reads each: a parameter, a field of an inline object, option class or request model."""
        out: list[_Leaf] = []
        owner = self.exported(op.name)

        def visit(f: Field, expr: str, typ: str, home: str, *, guards: tuple[str, ...], seen: frozenset[str]) -> None:
            if f.is_method:
                return
            if f.place is not None and f.wire_name is not None:
                out.append(_Leaf(expr, guards, f, typ, home))
                return
            if typ.startswith(("[]", "map[")):
                return
            if typ.startswith("*"):
                guards = (*guards, f"{expr} != nil")
            core = f.type.inner if isinstance(f.type, Nullable) else f.type
            decl = self._decl_of(plan, core) if isinstance(core, Named) else None
            if decl is None and f.fields:  # an inline object
                inline_owner = typ.lstrip("*").rsplit(".", 1)[-1]
                for child, child_name in zip(f.fields, self.field_names(f.fields), strict=True):
                    if child_name is not None:
                        child_typ = self.field_type(plan, child, home, set(), inline_owner)
                        visit(child, f"{expr}.{child_name}", child_typ, home, guards=guards, seen=seen)
                return
            if decl is None or decl.values is not None or decl.name in seen:
                return
            # The parameter's own copy of the fields carries this operation's wire (an option
            # class two operations share is linked per operation); the class gives the names.
            children = f.fields or decl.fields
            if not decl.option and not any(c.place for c in children):
                return
            names = dict(zip([c.name for c in decl.fields], self.field_names(decl.fields), strict=True))
            for child in children:
                child_name = names.get(child.name)
                if child_name is not None:
                    child_typ = self.field_type(plan, child, decl.pkg, set(), decl.name)
                    visit(child, f"{expr}.{child_name}", child_typ, decl.pkg, guards=guards, seen=seen | {decl.name})

        for index, f in enumerate(op.params):
            if index in locals_:
                visit(
                    f, locals_[index], self.field_type(plan, f, pkg, imports, owner), pkg, guards=(), seen=frozenset()
                )
        return out

    def _kind(self, plan: _Plan, typ: str, home: str) -> str:
        """How a Go type is written into a query or path: its scalar kind, or "other"."""
        if typ in ("string", "int", "int64", "int32", "float64", "float32", "bool", "time.Time"):
            return typ
        target, _, name = typ.rpartition(".")
        decl = plan.go_decls.get((target or home, name))
        if decl is not None and decl.values is not None:
            return "enum_int" if decl.values and all(_INTEGER.fullmatch(v) for v in decl.values) else "enum"
        return "other"

    def _text(self, plan: _Plan, expr: str, typ: str, home: str, imports: set[str]) -> str:
        """A Go expression: the value ``expr`` of type ``typ`` as query/path text."""
        kind = self._kind(plan, typ, home)
        if kind in ("int", "float64", "float32", "bool", "int64", "int32", "enum_int"):
            imports.add("strconv")
        if kind == "time.Time":
            imports.add("time")
        return {
            "string": expr,
            "enum": f"string({expr})",
            "int": f"strconv.Itoa({expr})",
            "enum_int": f"strconv.Itoa(int({expr}))",
            "int64": f"strconv.FormatInt({expr}, 10)",
            "int32": f"strconv.FormatInt(int64({expr}), 10)",
            "float64": f"strconv.FormatFloat({expr}, 'f', -1, 64)",
            "float32": f"strconv.FormatFloat(float64({expr}), 'f', -1, 32)",
            "bool": f"strconv.FormatBool({expr})",
            "time.Time": f"{expr}.Format(time.RFC3339Nano)",
        }.get(kind, f"{self.settings.runtime_package}.Text({expr})")

    def _is_set(self, plan: _Plan, leaf: _Leaf) -> str | None:
        """The condition under which a field is sent: non-nil, or non-zero when optional."""
        typ = leaf.typ
        if typ.startswith(("*", "[]", "map[", "func")) or typ in _INTERFACES or typ == "error":
            return f"{leaf.expr} != nil"
        if not (leaf.field.optional or isinstance(leaf.field.type, Nullable)):
            return None
        kind = self._kind(plan, typ, leaf.home)
        if kind in ("string", "enum"):
            return f'{leaf.expr} != ""'
        if kind in ("int", "int64", "int32", "float64", "float32", "enum_int"):
            return f"{leaf.expr} != 0"
        if kind == "bool":
            return leaf.expr
        if kind == "time.Time":
            return f"!{leaf.expr}.IsZero()"
        return None

    def _path_expr(self, plan: _Plan, template: str, leaves: list[_Leaf], imports: set[str]) -> str:
        """The Go expression of a request path: ``template`` with its ``{name}`` placeholders
        filled by the path fields (escaped); a placeholder no field fills stays as written."""
        runtime = self.settings.runtime_package
        path_values = {leaf.field.wire_name: leaf for leaf in leaves}
        parts: list[str] = []
        for index, piece in enumerate(re.split(r"\{([^{}]+)\}", template)):
            if index % 2 == 0:
                if piece:
                    parts.append(go_string(piece))
                continue
            leaf = path_values.get(piece)
            if leaf is None:
                parts.append(go_string("{" + piece + "}"))
                continue
            inner = leaf.typ[1:] if leaf.typ.startswith("*") else leaf.typ
            value = f"*{leaf.expr}" if leaf.typ.startswith("*") else leaf.expr
            parts.append(f"{runtime}.PathEscape({self._text(plan, value, inner, leaf.home, imports)})")
        return " + ".join(parts) or '"/"'

    def request_lines(
        self, plan: _Plan, op: Operation, pkg: str, imports: set[str], locals_: dict[int, str]
    ) -> list[str]:
        """The statements that build ``req``, the :class:`Request` of ``op``."""
        assert op.http is not None
        runtime = self.settings.runtime_package
        leaves = self.leaves(plan, op, pkg, imports, locals_)
        by_place: dict[str, list[_Leaf]] = defaultdict(list)
        for leaf in leaves:
            by_place[leaf.field.place or "body"].append(leaf)
        path = self._path_expr(plan, op.http.path, by_place["path"], imports)
        lines = [f"\treq := {runtime}.Request{{Method: {go_string(op.http.method.upper())}, Path: {path}}}"]

        def guarded(leaf: _Leaf, statements: list[str]) -> list[str]:
            conditions = [*leaf.guards]
            is_set = self._is_set(plan, leaf)
            if is_set:
                conditions.append(is_set)
            if not conditions:
                return ["\t" + s for s in statements]
            return ["\tif " + " && ".join(conditions) + " {", *("\t\t" + s for s in statements), "\t}"]

        constants = op.constants()  # fixed values the docs leave out: the SDK sends them
        for constant in constants:
            by_place.setdefault(constant.place, [])
        if by_place["query"]:
            imports.add("net/url")
            lines.append("\treq.Query = url.Values{}")
            for constant in constants:
                if constant.place == "query":
                    lines.append(f"\treq.Query.Set({go_string(constant.name)}, {go_string(constant.value or '')})")
            for leaf in by_place["query"]:
                wire = go_string(leaf.field.wire_name or "")
                typ = leaf.typ
                if typ.startswith("[]"):
                    item = typ[2:]
                    value = "*v" if item.startswith("*") else "v"
                    text = self._text(plan, value, item.lstrip("*"), leaf.home, imports)
                    statements = [f"for _, v := range {leaf.expr} {{", f"\treq.Query.Add({wire}, {text})", "}"]
                    lines += ["\t" + s for s in statements] if not leaf.guards else guarded(leaf, statements)
                    continue
                value = f"*{leaf.expr}" if typ.startswith("*") else leaf.expr
                text = self._text(plan, value, typ.lstrip("*"), leaf.home, imports)
                lines += guarded(leaf, [f"req.Query.Set({wire}, {text})"])
        if by_place["body"]:
            lines.append("\tbody := map[string]interface{}{}")
            for constant in constants:
                if constant.place == "body":
                    lines.append(f"\tbody[{go_string(constant.name)}] = {go_string(constant.value or '')}")
            for leaf in by_place["body"]:
                lines += guarded(leaf, [f"body[{go_string(leaf.field.wire_name or '')}] = {leaf.expr}"])
            lines.append("\treq.Body = body")
        return lines

    def service_file(self, plan: _Plan, pkg: str) -> str:
        imports: set[str] = {"errors"}
        if self.http_bodies:  # the Client holds a *<runtime>.Client, whether or not a method is wired
            imports.add(self.import_path(self.settings.runtime_package))
        methods: dict[str, _Method] = {}
        for op, name, _ in plan.clients[pkg]:
            methods[name] = self.method(plan, op, pkg, imports, name=name, bodies=True)
        for op, name, iter_name in plan.clients[pkg]:
            if iter_name is not None:
                pages = self.pages_method(plan, op, pkg, imports, methods[name], name=iter_name)
                if pages is not None:
                    methods[iter_name] = pages
        runtime = self.settings.runtime_package
        return self.template(
            "client.go.j2",
            header=self.header(pkg),
            imports=self.imports(imports),
            pkg=pkg,
            http=self.http_bodies,
            runtime=runtime,
            stubs=any(m.body is None for m in methods.values()),
            methods=[methods[k] for k in sorted(methods)],
        )

    # --- usage snippets ---------------------------------------------------------------------
    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        """``result, err := client.Method(ctx, pkg.Opts{...})`` (``err := ...`` when the method
        returns nothing else) on ``client``, the service's ``*<pkg>.Client``, with ``ctx`` a
        context.Context in scope. :meth:`example_imports` lists the packages it names."""
        return self._example(call, api, pages=False)

    def example_pages(self, call: SampleCall, api: LanguageAPI) -> str | None:
        """``iter := client.MethodIter(ctx, ...)``: the auto-pagination of a list operation."""
        return self._example(call, api, pages=True)

    def example_imports(self, call: SampleCall, api: LanguageAPI) -> set[str]:
        """The import paths :meth:`example_call` (or :meth:`example_pages`) names."""
        imports: set[str] = set()
        self._example(call, api, pages=False, imports=imports)
        return imports

    def example_client(self, call: SampleCall) -> tuple[str, str]:
        """(import path, package name) of the service whose Client makes ``call``."""
        pkg = self.service_package(call.operation)
        return self.import_path(pkg), pkg

    def _example(self, call: SampleCall, api: LanguageAPI, pages: bool, imports: set[str] | None = None) -> str | None:
        plan = self.plan(api, Diagnostics())  # the render's plan again: its warnings are the render's
        op = call.operation
        pkg = self.service_package(op)
        key = (pkg, op.loc, op.key + (" pages" if pages else ""))
        name = plan.method_names.get(key)
        if name is None:
            return None
        imports = set() if imports is None else imports
        args = {arg.path: arg for arg in call.args}
        values: list[str] = []
        owner = self.exported(op.name)
        for f in op.params:
            if f.is_method:
                continue
            if _is_context(f.type):
                values.append("ctx")
                continue
            typ = self.field_type(plan, f, pkg, set(), owner)
            values.append(self._arg_value(plan, f, (f.name,), typ, pkg, args=args, imports=imports, indent="\t"))
        call_text = f"client.{name}(" + ", ".join(values) + ")"
        if pages:
            return f"iter := {call_text}"
        results = plan.method_results.get(key, 0)
        if results == 0:
            return f"err := {call_text}"
        return "result, " + "_, " * (results - 1) + f"err := {call_text}"

    def _arg_value(
        self,
        plan: _Plan,
        f: Field,
        path: tuple[str, ...],
        typ: str,
        home: str,
        *,
        args: dict[tuple[str, ...], Arg],
        imports: set[str],
        indent: str,
    ) -> str:
        """The Go expression of parameter (or field) ``f`` at ``path`` from the sample args."""
        if path in args:
            return self._literal(plan, f.type, typ, home, args[path].value, imports=imports, indent=indent)
        below = [p for p in args if p[: len(path)] == path and len(p) > len(path)]
        if not below:
            return self._zero(plan, typ, home, imports)
        pointer = typ.startswith("*")
        bare = typ[1:] if pointer else typ
        target, _, name = bare.rpartition(".")
        decl = plan.go_decls.get((target or home, name))
        if decl is None or decl.values is not None:
            return self._zero(plan, typ, home, imports)
        fields = decl.fields
        if f.fields and not decl.option and decl.key not in plan.decls:
            fields = decl.fields  # an inline object: its fields are the parameter's
        lines = []
        for child, child_name in zip(fields, self.field_names(fields), strict=True):
            if child_name is None:
                continue
            child_typ = self.field_type(plan, child, decl.pkg, set(), decl.name)
            child_path = (*path, child.name)
            if child_path not in args and not any(p[: len(child_path)] == child_path for p in args):
                continue
            value = self._arg_value(
                plan, child, child_path, child_typ, decl.pkg, args=args, imports=imports, indent=indent + "\t"
            )
            lines.append(f"{indent}\t{child_name}: {value},")
        text = self._qualify(bare, home, imports)
        body = "{\n" + "\n".join(lines) + f"\n{indent}}}" if lines else "{}"
        return ("&" if pointer else "") + text + body

    def _qualify(self, typ: str, home: str, imports: set[str]) -> str:
        """A Go type written in package ``home`` as another package (``main``) writes it."""

        def qualified(match: re.Match[str]) -> str:
            imports.add(self.import_path(home))
            return f"{home}.{match.group(1)}"

        text = re.sub(r"(?<![\w.])([A-Z]\w*)", qualified, typ)
        for part in re.findall(r"(?<![\w.])([a-z_]\w*)\.[A-Z]", text):
            if part in {"time", "json", "url", "http", "context"}:
                imports.add({"json": "encoding/json", "url": "net/url", "http": "net/http"}.get(part, part))
            elif part != home:
                imports.add(self.import_path(part))
        return text

    def _zero(self, plan: _Plan, typ: str, home: str, imports: set[str]) -> str:
        if typ.startswith(("*", "[]", "map[", "func")) or typ in _INTERFACES or typ == "error":
            return "nil"
        kind = self._kind(plan, typ, home)
        if kind == "string":
            return '""'
        if kind == "bool":
            return "false"
        if kind in ("int", "int64", "int32", "float64", "float32"):
            return "0"
        return f"*new({self._qualify(typ, home, imports)})"

    def _literal(
        self, plan: _Plan, expr: TypeExpr | None, typ: str, home: str, value: Any, *, imports: set[str], indent: str
    ) -> str:
        """The Go literal of the JSON ``value`` as type ``typ`` (written in package ``home``)."""
        while isinstance(expr, Nullable):
            expr = expr.inner
        if value is None:
            return self._zero(plan, typ, home, imports)
        runtime = self.settings.runtime_package
        if typ.startswith("*"):
            inner = self._literal(plan, expr, typ[1:], home, value, imports=imports, indent=indent)
            if inner.startswith(self._qualify(typ[1:], home, imports) + "{"):
                return "&" + inner
            imports.add(self.import_path(runtime))
            return f"{runtime}.Ptr[{self._qualify(typ[1:], home, imports)}]({inner})"
        if typ.startswith("[]") and isinstance(value, list):
            item_expr = expr.item if isinstance(expr, ListOf) else None
            items = [
                self._literal(plan, item_expr, typ[2:], home, v, imports=imports, indent=indent + "\t") for v in value
            ]
            return self._qualify(typ, home, imports) + "{" + ", ".join(items) + "}"
        if typ.startswith("map[") and isinstance(value, dict):
            value_typ = typ[typ.index("]") + 1 :]
            value_expr = expr.value if isinstance(expr, MapOf) else None
            deeper = indent + "\t"
            pairs = [
                go_string(str(k))
                + ": "
                + self._literal(plan, value_expr, value_typ, home, v, imports=imports, indent=deeper)
                for k, v in value.items()
            ]
            return self._qualify(typ, home, imports) + "{" + ", ".join(pairs) + "}"
        if typ == "interface{}":
            return _json_literal(value)
        kind = self._kind(plan, typ, home)
        if kind == "string":
            return go_string(value if isinstance(value, str) else json.dumps(value))
        if kind == "bool" and isinstance(value, bool):
            return "true" if value else "false"
        if kind in ("int", "int64", "int32", "float64", "float32") and isinstance(value, (int, float)):
            return repr(value)
        if kind == "time.Time" and isinstance(value, str):
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            imports.add("time")
            return (
                f"time.Date({when.year}, {when.month}, {when.day}, {when.hour}, {when.minute}, {when.second}, "
                f"{when.microsecond * 1000}, time.UTC)"
            )
        target, _, name = typ.rpartition(".")
        decl = plan.go_decls.get((target or home, name))
        if decl is not None and decl.values is not None:
            constant = decl.constants.get(str(value))
            imports.add(self.import_path(decl.pkg))
            if constant is not None:
                return f"{decl.pkg}.{constant}"
            return f"{decl.pkg}.{decl.name}({go_string(str(value)) if isinstance(value, str) else value})"
        if decl is not None and isinstance(value, dict):
            lines = []
            for child, child_name in zip(decl.fields, self.field_names(decl.fields), strict=True):
                if child_name is None or child.wire_name is None or child.wire_name not in value:
                    continue
                child_typ = self.field_type(plan, child, decl.pkg, set(), decl.name)
                literal = self._literal(
                    plan, child.type, child_typ, decl.pkg, value[child.wire_name], imports=imports, indent=indent + "\t"
                )
                lines.append(f"{indent}\t{child_name}: {literal},")
            text = self._qualify(typ, home, imports)
            return text + ("{\n" + "\n".join(lines) + f"\n{indent}}}" if lines else "{}")
        return self._zero(plan, typ, home, imports)


def align_fields(rows: list[tuple[list[str], str, str, str]]) -> list[str]:
    """Struct field lines as gofmt aligns them: name and type columns per run of fields.

    A comment line ends a run, so every documented field starts a new one.
    """
    runs: list[list[tuple[list[str], str, str, str]]] = []
    for row in rows:
        if row[0] or not runs:
            runs.append([])
        runs[-1].append(row)
    out: list[str] = []
    for run in runs:
        name_w = max(len(r[1]) for r in run)
        type_w = max(len(r[2]) for r in run)
        for doc, name, typ, tag in run:
            out.extend(f"\t// {line}" for line in doc)
            out.append(f"\t{name.ljust(name_w)} {typ.ljust(type_w)} {tag}")
    return out


def _comparable(expr: TypeExpr) -> bool:
    return (
        isinstance(expr, (Prim, LiteralOf)) and expr.name != "object"
        if isinstance(expr, Prim)
        else isinstance(expr, LiteralOf)
    )


def _sccs(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    result: list[list[str]] = []
    nodes = sorted(set(graph) | {d for deps in graph.values() for d in deps})

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on.discard(top)
                component.append(top)
                if top == node:
                    break
            result.append(sorted(component))

    for node in nodes:
        if node not in index:
            visit(node)
    return result
