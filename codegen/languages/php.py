"""PHP: PSR-4 classes under ``src/``; services in ``<ns>\\Service``, models per area in ``<ns>\\Resource\\<Area>``.

Methods take PHP 8 named parameters (required first, optional ones ``?T $x = null``) and
throw ``\\BadMethodCallException``; each service's ``REQUESTS`` maps its methods to their HTTP
request (method, path template, each parameter's wire name and place). Models are classes with
typed public properties and a ``WIRE_NAMES`` map from property to wire name (option classes
add ``WIRE_PLACES``). Closed sets of values are PHP 8.1 backed enums, one file each beside the
models of their area. Native types are only written where PHP accepts them; the precise type
(list items, map keys) goes in the docblock.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

import jinja2
from pydantic import field_validator

from ..diagnostics import Diagnostics
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, camel, is_identifier, pascal, safe_identifier
from ..text import GENERATED_NOTICE, block_comment_safe, lines, one_line, php_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .base import Emitter, LanguageSettings, all_fields, setting_matches

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


_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\\[A-Za-z_][A-Za-z0-9_]*)*")


class PhpSettings(LanguageSettings):
    namespace: str = "Example\\Sdk"
    # Where the SDK provides the types the docs use but never define (see ``codegen externals``);
    # defaults to ``<namespace>\Externals``.
    externals_namespace: str | None = None

    @field_validator("namespace", "externals_namespace")
    @classmethod
    def _namespace(cls, value: str | None) -> str | None:
        rule = "a PHP namespace is identifiers (ASCII letters, digits, '_') separated by '\\'"
        return value if value is None else setting_matches(value, _NAMESPACE, rule)


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
class _Scope:
    """Class names visible in one file: ``use`` statements, aliased when short names clash."""

    namespace: str
    own: str
    taken: dict[str, str] = field(default_factory=dict)
    local: dict[str, str] = field(default_factory=dict)
    uses: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        own_fqn = f"{self.namespace}\\{self.own}"
        self.taken[self.own.lower()] = own_fqn
        self.local[own_fqn] = self.own

    def ref(self, fqn: str) -> str:
        if fqn.startswith("\\"):
            return fqn
        if fqn in self.local:
            return self.local[fqn]
        namespace, _, short = fqn.rpartition("\\")
        if short.lower() not in self.taken:
            name = short
            if namespace != self.namespace:
                self.uses[fqn] = None
        else:
            prefix = namespace.rpartition("\\")[2]
            name = f"{prefix}{short}"
            counter = 2
            while name.lower() in self.taken:
                name = f"{prefix}{short}{counter}"
                counter += 1
            self.uses[fqn] = name
        self.taken[name.lower()] = fqn
        self.local[fqn] = name
        return name

    def statements(self) -> list[str]:
        return [
            f"use {fqn};" if alias is None else f"use {fqn} as {alias};" for fqn, alias in sorted(self.uses.items())
        ]


class PhpEmitter(Emitter):
    name = "php"
    settings_model = PhpSettings
    builtin_types: ClassVar[frozenset[str]] = BUILTIN_CLASSES | frozenset(
        variant for name in NAMED_PSEUDO_TYPES for variant in (name, name.capitalize())
    )
    # Every literal union of two or more values is a backed enum (``enum FactorType: string``).
    enum_style = "named"
    settings: PhpSettings

    def __init__(self, settings: LanguageSettings, env: jinja2.Environment, diags: Diagnostics) -> None:
        super().__init__(settings, env, diags)
        # Filled per render by _index: (area, name) -> fully qualified class.
        self._classes: dict[tuple[str, str], str] = {}
        self._by_name: dict[str, str] = {}
        self._items: list[Model | OptionClass] = []
        # Fully qualified enum -> the enum (values of same-named enums in one area merged).
        self._enums: dict[str, Enum] = {}

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
        local = scope.ref(self.resolve(expr))
        return PhpType((local,), local)

    def resolve(self, expr: Named) -> str:
        """The fully qualified class of a named type (``\\X`` for PHP's own classes)."""
        if expr.name in BUILTIN_CLASSES:
            return f"\\{expr.name}"
        if expr.area is None:
            return self.external_class(expr.name)
        found = self._classes.get((expr.area, expr.name)) or self._by_name.get(expr.name)
        return found or self.external_class(expr.name)

    # --- rendering --------------------------------------------------------------------------
    def render(self, api: LanguageAPI) -> dict[str, str]:
        self._index(api)
        files: dict[str, str] = {}
        for item in self._items:
            fqn = self._classes[(item.area, item.name)]
            files[self._path(fqn)] = self.class_file(item, fqn)
        for fqn, enum in self._enums.items():
            files[self._path(fqn)] = self.enum_file(enum, fqn)
        services: dict[str, list[Operation]] = defaultdict(list)
        for op in api.operations:
            services[self.service_class(op.service)].append(op)
        for name, ops in sorted(services.items()):
            fqn = f"{self.namespace}\\Service\\{name}"
            files[self._path(fqn)] = self.service_file(name, ops)
        return dict(sorted(files.items()))

    def _index(self, api: LanguageAPI) -> None:
        referenced = {(n.area, n.name) for f in all_fields(api) for n in _named(f.type)}
        items: list[Model | OptionClass] = list(api.models)
        # Unnamed option objects become named parameters, unless a type refers to them.
        items += [o for o in api.options if not o.synthesized or (o.area, o.name) in referenced]
        self._classes = {}
        self._by_name = {}
        seen: dict[str, str] = {}  # lower-case class -> the documented name it was made from
        unique: list[Model | OptionClass] = []
        for item in sorted(items, key=lambda i: (isinstance(i, OptionClass), i.area, i.name)):
            if (item.area, item.name) in self._classes:
                continue
            folder = "Resource" if isinstance(item, Model) else "Options"
            fqn = f"{self.namespace}\\{folder}\\{self.area_segment(item.area)}\\{self.class_name(item.name)}"
            if fqn.lower() in seen:
                self.class_collision(item.loc, fqn, item.name, seen[fqn.lower()])
                continue
            seen[fqn.lower()] = item.name
            self._classes[(item.area, item.name)] = fqn
            self._by_name.setdefault(item.name, fqn)
            unique.append(item)
        self._items = sorted(unique, key=lambda i: self._classes[(i.area, i.name)])
        self._enums = {}
        # The same name in one area with two qualifiers (``FactorType``, ``WorkOS\Resource\FactorType``)
        # is one PHP enum: types resolve by (area, name).
        for enum in sorted(api.enums, key=lambda e: (e.area, e.name, e.qualifier or "")):
            known = self._classes.get((enum.area, enum.name))
            if known in self._enums:
                merged = self._enums[known]
                extra = tuple(v for v in enum.values if v not in merged.values)
                self._enums[known] = merged.model_copy(update={"values": merged.values + extra})
                continue
            fqn = f"{self.namespace}\\Resource\\{self.area_segment(enum.area)}\\{self.class_name(enum.name)}"
            if fqn.lower() in seen:
                self.class_collision(enum.loc, fqn, enum.name, seen[fqn.lower()])
                continue
            seen[fqn.lower()] = enum.name
            self._classes[(enum.area, enum.name)] = fqn
            self._by_name.setdefault(enum.name, fqn)
            self._enums[fqn] = enum
        self._enums = dict(sorted(self._enums.items()))

    def _path(self, fqn: str) -> str:
        relative = fqn.removeprefix(self.namespace + "\\")
        return "src/" + relative.replace("\\", "/") + ".php"

    def header(self, namespace: str, uses: list[str]) -> dict[str, object]:
        return {"notice": [f"// {GENERATED_NOTICE}", "// @generated"], "namespace": namespace, "uses": uses}

    def enum_file(self, enum: Enum, fqn: str) -> str:
        namespace, _, name = fqn.rpartition("\\")
        backing = "int" if all(_INT_VALUE.fullmatch(v) for v in enum.values) else "string"
        names = UniqueNames(self.diags, self.name, f"case of {name}")
        cases = [
            {
                "name": names.claim(self.case_name(value), value, enum.loc),
                "value": value if backing == "int" else php_string(value),
            }
            for value in enum.values
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

    def class_file(self, item: Model | OptionClass, fqn: str) -> str:
        namespace, _, name = fqn.rpartition("\\")
        scope = _Scope(namespace, name)
        base = None
        if item.base:
            target = self._classes.get((item.area, item.base)) or self._by_name.get(item.base)
            base = scope.ref(target) if target and target != fqn else None
        fallback = f"Options for {item.name}." if isinstance(item, OptionClass) else item.title or item.name
        description = item.description or fallback
        doc = [doc_line(line) for line in lines(description)]
        if item.base and base is None:
            doc += ["", doc_line(f"Extends {one_line(item.base)} (not defined by the docs).")]
        url = getattr(item, "url", None)
        if url:
            doc += ["", "@link " + block_comment_safe(one_line(url))]
        props = []
        names = UniqueNames(self.diags, self.name, f"property of {name}")
        # Named in document order, declared required first.
        claimed = [(names.claim(self.property_name(f.name), f.name, f.loc), f) for f in item.fields if not f.is_method]
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
        methods = []
        method_names = UniqueNames(self.diags, self.name, f"method of {name}", fold=str.lower)
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
            methods=methods,
        )

    def params(self, op: Operation, scope: _Scope) -> tuple[list[dict[str, str]], list[str], list[str]]:
        """Declarations, their docblock lines, and the ``REQUESTS`` entries (``'var' => [...]``)."""
        params: list[tuple[bool, dict[str, str], list[str]]] = []
        wire: list[str] = []
        names = UniqueNames(self.diags, self.name, f"parameter of {self.method_name(op.name)}")
        for top in op.params:
            flattened = top.fields if top.unwrap else (top,)
            for f in flattened:
                if f.is_method:
                    continue
                var = names.claim(self.variable_name(f.name), f.name, f.loc)
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

    def service_file(self, name: str, ops: list[Operation]) -> str:
        namespace = f"{self.namespace}\\Service"
        scope = _Scope(namespace, name)
        methods = []
        # PHP method names are case-insensitive.
        names = UniqueNames(self.diags, self.name, f"method of {name}", fold=str.lower)
        requests: list[dict[str, object]] = []
        for op in sorted(ops, key=lambda o: (self.method_name(o.name).lower(), o.area, o.key)):
            method = names.claim(self.method_name(op.name), op.name, op.loc)
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
            doc.append(NOT_IMPLEMENTED_DOC)
            if op.url:
                doc.append("@link " + block_comment_safe(one_line(op.url)))
            methods.append({"name": method, "params": params, "returns": result.native(), "doc": docblock(doc, "    ")})
        return self.template(
            "service.php.j2",
            **self.header(namespace, scope.statements()),
            doc=docblock([doc_line(f"The {name} service.")], ""),
            class_name=name,
            methods=methods,
            requests=requests,
        )


def _route(f: Field) -> str | None:
    """Where an argument goes: ``['wire', 'place']``; for an array whose keys the reference links
    one by one, the same per key; None when nothing of it is sent."""
    if f.wire_name and f.place:
        return f"[{php_string(f.wire_name)}, {php_string(f.place)}]"
    keys = [(sub.name, _route(sub)) for sub in f.fields if not sub.is_method]
    linked = [f"{php_string(key)} => {route}" for key, route in keys if route is not None]
    return "[" + ", ".join(linked) + "]" if linked else None


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
