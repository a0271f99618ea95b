"""PHP: PSR-4 classes under ``src/``; services in ``<ns>\\Service``, models per area in ``<ns>\\Resource\\<Area>``.

Rendered from the plan's views. A model, option class or inline object declares its typed
properties and ``WIRE`` (property => wire name, how it decodes); ``Http\\Model`` reads and writes
JSON by it. Enums are backed enums; a type the docs never define is ``mixed`` (its stand-in in
``<ns>\\Externals`` says why). Each method builds its request on ``Http\\Request``, takes
``Http\\RequestOptions`` and decodes the reply (a list is an ``Http\\Page``; a URL builder sends
nothing). Types are doc types (``list<User>``; ``native`` gives PHP's); another area's type is
written qualified, so no two short names can clash.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ...checked import field_validator
from ...naming import camel, pascal, safe_identifier
from ...plan.sdk import Naming, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule
from ...plan.views import DeclView, SdkView
from ...text import GENERATED_NOTICE, block_comment_safe, lines, php_string
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..base import LanguageSettings, setting_matches
from ..language import File, Language

# Reserved keywords and compile-time constants (php.net), lower case: PHP folds case.
KEYWORDS = frozenset(
    "__halt_compiler abstract and array as break callable case catch class clone const continue declare default "
    "die do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum eval exit extends "
    "final finally fn for foreach from function global goto if implements include include_once instanceof "
    "insteadof interface isset list match namespace new or print private protected public readonly require "
    "require_once return static switch throw trait try unset use var while xor yield __class__ __dir__ __file__ "
    "__function__ __line__ __method__ __namespace__ __trait__ __property__".split()
)
TYPE_NAMES = frozenset(
    "int float bool string true false null void iterable object mixed never resource numeric parent self".split()
)
CLASS_RESERVED = KEYWORDS | TYPE_NAMES
# Keywords are legal method names since PHP 7, but escaped anyway; ``__*`` is for magic methods.
METHOD_RESERVED = KEYWORDS
VARIABLE_RESERVED = frozenset({"this"})  # the one name no parameter may take
CONSTANT_RESERVED = frozenset({"class"})  # ``X::class`` names the class
# What a service file imports (``use``): no service may be named so.
SERVICE_RESERVED = frozenset({"client", "request", "requestoptions", "wire", "resource"})
# The client's own members: a service property of that name gets ``_``.
CLIENT_MEMBERS = frozenset(
    "apiKey baseUrl transport clientId timeout maxRetries userAgent send request paginate page url require".split()
)
# The doc type of each primitive (the native type follows from it, see ``native``).
PRIMITIVES = {"string": "string", "int": "int", "number": "float", "bool": "bool", "datetime": "\\DateTimeImmutable"}
PRIMITIVES |= {
    "any": "mixed",
    "object": "array<string, mixed>",
    "function": "\\Closure",
    "void": "void",
    "null": "null",
}
# Global PHP classes the docs may name (never stand-ins), and PHP type names the type parser
# reads as named types (``array<K, V>``, ``iterable``): the doc type written for each.
BUILTIN_CLASSES = frozenset(
    "DateTime DateTimeImmutable DateTimeInterface Closure stdClass Generator Traversable Iterator "
    "IteratorAggregate ArrayAccess Countable JsonSerializable Throwable Exception Stringable".split()
)
NAMED_PSEUDO_TYPES = {"array": "array", "iterable": "iterable", "true": "bool", "false": "bool", "numeric": "float"}
NAMED_PSEUDO_TYPES |= dict.fromkeys(("resource", "never", "self", "static", "scalar"), "mixed")
_PHP_PRIM_SPELLINGS = frozenset(
    "string int float bool mixed object callable null void iterable array false true never".split()
)
_DATE_CLASSES = frozenset({"DateTime", "DateTimeImmutable", "DateTimeInterface"})
# The runtime's files (``<namespace>\\Http``), each from ``runtime/<name>.php.j2``.
RUNTIME_CLASSES = (
    "ApiException ConnectionException Headers Model Page RateLimitExceededException Request RequestOptions "
    "Response Retry StreamTransport TimeoutException Transport Wire"
).split()
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
PHP_VERSION = ">=8.1"  # backed enums, readonly properties, ``array_is_list``
_COMPOSER_PART = re.compile(r"[a-z0-9]+(?:(?:[_.]|-{1,2})[a-z0-9]+)*")
_NAMESPACE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\\[A-Za-z_][A-Za-z0-9_]*)*")
# Values an int-backed enum can hold exactly (``"01"`` would come back as ``1``).
_INT_VALUE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


class PhpSettings(LanguageSettings):
    namespace: str = "Example\\Sdk"
    # Where the SDK provides the types the docs never define; unset: a stand-in each in ``<namespace>\Externals``.
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
        rule = "a base URL is http(s):// and printable ASCII without spaces or quotes"
        return setting_matches(value, r"https?://[!#-~]+", rule)

    @field_validator("package_name")
    @classmethod
    def _composer_name(cls, value: str | None) -> str | None:
        """A Composer name is ``[vendor/]name`` in lower case (the vendor: the namespace's first segment)."""
        if value is None:
            return None
        parts = value.lower().removeprefix("@").split("/")
        if len(parts) > 2 or not all(_COMPOSER_PART.fullmatch(p) for p in parts):
            raise ValueError(
                f"{value!r} is not valid: a Composer package name is [vendor/]name, each of lower-case ASCII "
                "letters and digits joined by single '.', '_' or '-' (or '--')"
            )
        return value


def class_name(name: str) -> str:
    cleaned = safe_identifier(pascal(name) or name, ())
    return cleaned + "_" if cleaned.lower() in CLASS_RESERVED else cleaned


def method_name(name: str) -> str:
    cleaned = safe_identifier(camel(name.lstrip("$")) or name, ())
    return cleaned + "_" if cleaned.lower() in METHOD_RESERVED or cleaned.startswith("__") else cleaned


def variable_name(name: str) -> str:
    return safe_identifier(camel(name) or name, VARIABLE_RESERVED)


def property_name(name: str) -> str:
    # Any identifier may name a property, ``$this`` included (``$object->this``).
    return safe_identifier(camel(name) or name, ())


def case_name(value: str) -> str:
    """An enum case for a wire value: ``totp`` -> ``Totp``, ``sign-up`` -> ``SignUp``."""
    cleaned = safe_identifier(pascal(value) or "Value", ())
    return cleaned + "_" if cleaned.lower() in CONSTANT_RESERVED else cleaned


def scope_name(scope: str) -> str:
    """A docs scope (an area) as a namespace segment under ``Resource``; stand-ins' is ``Externals``."""
    if scope == EXTERNALS:
        return "Externals"
    return class_name(scope) if pascal(scope) else "Common"


def service_name(service: str) -> str:
    name = class_name(service.lstrip("$")) if pascal(service) else "Functions"
    return name + "_" if name.lower() in SERVICE_RESERVED else name


def attribute_name(service: str) -> str:
    prop = property_name(service.lstrip("$")) if pascal(service) else "functions"
    return prop + "_" if prop in CLIENT_MEMBERS else prop


def _split(text: str, sep: str = "|") -> list[str]:
    """``text`` split on ``sep`` outside ``<>``."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"<": 1, ">": -1}.get(ch, 0)
        if depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i].strip())
            start = i + len(sep)
    return [*parts, text[start:].strip()]


def _atoms(text: str) -> tuple[list[str], bool]:
    """The alternatives of a doc type without null, and whether null is one of them."""
    text = text.strip()
    nullable = text.startswith("?")
    atoms = _split(text.removeprefix("?"))
    return [a for a in atoms if a != "null"], nullable or "null" in atoms


def native(text: str) -> str:
    """The type PHP declares for a doc type: ``list<X>`` and ``array<K, V>`` are ``array``."""
    atoms, nullable = _atoms(text)
    out: list[str] = []
    for atom in atoms:
        plain = "array" if atom.startswith(("list<", "array<", "array{")) else atom.split("<", 1)[0]
        if plain.lower() not in (a.lower() for a in out):
            out.append(plain)
    if "iterable" in out and "array" in out:  # iterable already includes array; PHP rejects the pair
        out.remove("array")
    if not out or "mixed" in out or "void" in out:
        return "mixed"
    if len(out) == 1:
        return f"?{out[0]}" if nullable else out[0]
    return "|".join(out) + ("|null" if nullable else "")


def nullable(text: str) -> str:
    """A doc type that also admits null (an optional property or parameter)."""
    atoms, already = _atoms(text)
    if already or text == "mixed":
        return text
    return f"?{text}" if len(atoms) == 1 else f"{text}|null"


def wire_type(text: str) -> str:
    """How ``Http\\Wire`` decodes and encodes a value of a doc type: a class (``X::class``),
    ``['list', T]``, ``['map', T]``, ``'array'`` (a list or an object), or ``null`` (as JSON gives it)."""
    atoms, _ = _atoms(text)
    if len(atoms) != 1:
        return "null"
    atom = atoms[0]
    if atom.startswith("list<"):
        return f"['list', {wire_type(atom[5:-1])}]"
    if atom.startswith("array<"):
        return f"['map', {wire_type(_split(atom[6:-1], ',')[-1])}]"
    if atom == "array":
        return "'array'"
    named = re.fullmatch(r"\\?[A-Za-z_][\w\\]*", atom) and atom.lower() not in _PHP_PRIM_SPELLINGS | {"\\closure"}
    if atom.startswith("\\DateTime") or named:
        return f"{atom}::class"
    return "null"


def doc_line(line: str) -> str:
    """One docblock line: nothing closes the comment, and no line starts a tag by accident."""
    safe = block_comment_safe(line)
    return "\\" + safe if safe.startswith("@") else safe


def doc_lines(text: str | None) -> list[str]:
    return [doc_line(line) for line in lines(text)]


def _composer_part(segment: str) -> str:
    """A namespace segment as part of a Composer name: ``WorkOS`` -> ``workos``, ``My_Sdk_`` -> ``my-sdk``."""
    return re.sub(r"[^a-z0-9]+", "-", segment.lower()).strip("-") or "sdk"


class PhpLanguage(Language):
    name = "php"
    settings_model = PhpSettings
    fence = "php"
    enum_name_rank = 40
    # Every literal union of two or more values is a backed enum (``enum FactorType: string``).
    enum_style = "named"
    keyed_arrays = frozenset({"array"})  # an associative array with the keys its properties name
    builtin_types: ClassVar[frozenset[str]] = BUILTIN_CLASSES | frozenset(
        variant for name in NAMED_PSEUDO_TYPES for variant in (name, name.capitalize())
    )
    scope_rule: ClassVar[ScopeRule] = ScopeRule(declares_inline_objects=True, builtins=builtin_types)
    snippet_template = "snippet.php.j2"
    settings: PhpSettings

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters.update(
            php_native=native, php_nullable=nullable, php_wire_type=wire_type, php_doc_lines=doc_lines
        )

    @property
    def naming(self) -> Naming:
        return Naming(
            class_name, property_name, method_name, variable_name, lambda enum, value: case_name(value), scope_name,
            service_name, attribute=attribute_name, type_reserved=CLASS_RESERVED, fold=str.lower,
            method_reserved=frozenset({"__construct"}), param_reserved=frozenset({"requestOptions", "this"}),
        )  # fmt: skip

    @property
    def namespace(self) -> str:
        """The configured namespace as written (``WorkOS``, not ``WorkOs``); a reserved segment gets ``_``."""
        parts = [p + "_" if p.lower() in CLASS_RESERVED else p for p in self.settings.namespace.split("\\") if p]
        return "\\".join(parts) or "Sdk"

    @property
    def externals_namespace(self) -> str:  # where the stand-ins are
        return self.settings.externals_namespace or f"{self.namespace}\\Externals"

    def fqn(self, decl: DeclView) -> str:
        if decl.kind == "standin":
            return f"{self.externals_namespace}\\{decl.name}"
        return f"{self.namespace}\\Resource\\{decl.scope}\\{decl.name}"

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if not spelling:
            return None
        if isinstance(expr, Prim):
            if spelling.lower() in _PHP_PRIM_SPELLINGS or (expr.name == "datetime" and spelling in _DATE_CLASSES):
                return None
            return f"'{spelling}' is not a PHP type; written as {native(PRIMITIVES[expr.name])}"
        if isinstance(expr, LiteralOf):
            return "PHP has no literal types; written as string with the values in the docblock"
        if isinstance(expr, (ListOf, MapOf)):
            ok = isinstance(expr, ListOf) and (spelling == "T[]" or spelling.lower() == "array")
            return None if ok else f"'{spelling}' is not PHP; written as array"
        if isinstance(expr, Nullable):
            return "'T?' is not PHP; written as ?T" if spelling == "T?" else None
        if isinstance(expr, Named):
            if spelling == "literal":  # a literal union the linker made an enum (codegen.enums)
                return f"PHP has no literal types; written as the enum {class_name(expr.name)}"
            if expr.args:
                return f"PHP has no generics; '{spelling}' written as {expr.name}"
            if expr.qualifier and "\\" not in spelling:
                return f"PHP qualifies names with '\\'; '{spelling}' resolved to {expr.name}"
        return None

    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        """The doc type (``list<User>``, ``?FactorType``); templates take the native type from it."""
        text = self._type(expr, ctx)
        return nullable(text) if optional else text

    def _type(self, expr: TypeExpr | None, ctx: TypeContext) -> str:
        if expr is None:
            return "mixed"
        if isinstance(expr, Prim):
            return (
                f"\\{expr.spelling}"
                if expr.name == "datetime" and expr.spelling in _DATE_CLASSES
                else PRIMITIVES[expr.name]
            )
        if isinstance(expr, LiteralOf):
            return "int" if all(_INT_VALUE.fullmatch(v) for v in expr.values) else "string"
        if isinstance(expr, ListOf):
            untyped = expr.spelling.lower() == "array" and isinstance(expr.item, Prim) and expr.item.name == "any"
            return "array" if untyped else f"list<{self._type(expr.item, ctx)}>"
        if isinstance(expr, MapOf):
            key = self._type(expr.key, ctx)
            return f"array<{key if key in ('string', 'int') else 'array-key'}, {self._type(expr.value, ctx)}>"
        if isinstance(expr, Nullable):
            return nullable(self._type(expr.inner, ctx))
        if isinstance(expr, UnionOf):
            found: list[str] = []
            admits_null = False
            for option in expr.options:
                atoms, null = _atoms(self._type(option, ctx))
                admits_null |= null
                found += [a for a in atoms if a not in found]
            if not found or "mixed" in found or "void" in found:
                return "mixed"
            text = "|".join(found)
            return nullable(text) if admits_null else text
        decl = ctx.resolve(expr)
        if decl is None:
            pseudo = NAMED_PSEUDO_TYPES.get(expr.name.lower())
            if pseudo == "array" and len(expr.args) in (1, 2):
                args = expr.args
                return self._type(ListOf(item=args[0]) if len(args) == 1 else MapOf(key=args[0], value=args[1]), ctx)
            if pseudo is not None:
                return pseudo
            if expr.name in BUILTIN_CLASSES:
                return f"\\{expr.name}"
            return self._type(expr.args[0], ctx) if len(expr.args) == 1 else "mixed"  # an async wrapper
        if decl.kind == "standin":
            return "mixed"  # a type the docs never define: any value (see its stand-in class)
        scope, name = ctx.ref(decl)
        if scope == ctx.here:
            return name
        if ctx.here.startswith("<service"):  # a service file imports the Resource namespace
            return f"Resource\\{scope}\\{name}"
        return f"\\{self.namespace}\\Resource\\{scope}\\{name}"

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """Parameters are flat (an unwrapped object's fields are named parameters); a property of
        an options object, or a key of an array, is read with ``??`` (null when absent)."""
        if steps[0].unwrapped:
            steps = steps[1:]
        expr = f"${steps[0].name}"
        for before, step in itertools.pairwise(steps):
            expr += f"[{php_string(step.docs_name)}]" if before.mapping else f"->{step.name}"
        return (f"{expr} ?? null" if len(steps) > 1 else expr), ()

    def constant_text(self, text: str) -> str:  # a fixed value: a string literal
        return php_string(text)

    def setting_text(self, setting: str) -> str:
        return f"$this->client->require({php_string(setting)})"

    def files(self, sdk: SdkView) -> Iterable[File]:
        ns, http = self.namespace, f"{self.namespace}\\Http"
        for scope in sdk.scopes:
            for decl in scope.decls:
                if decl.kind == "standin" and self.settings.externals_namespace:
                    continue  # the SDK's own namespace provides them
                template = {"enum": "enum.php.j2", "standin": "standin.php.j2"}.get(decl.kind, "model.php.j2")
                namespace = self.fqn(decl).rpartition("\\")[0]
                yield self._path(self.fqn(decl)), template, {**self._header(namespace), "d": decl, "http": http}
        for service in sdk.services:
            types = " ".join(
                [m.result for m in service.methods] + [p.type for m in service.methods for p in _flat(m.params)]
            )
            requests = [m.request for m in service.methods if m.request is not None]
            uses = [f"{ns}\\Client"]
            uses += [f"{http}\\Page"] if any(r.reply == "page" for r in requests) else []
            uses += [f"{http}\\Request", f"{http}\\RequestOptions", f"{http}\\Wire"]
            uses += [f"{ns}\\Resource"] if "Resource\\" in types else []
            context = {**self._header(f"{ns}\\Service", sorted(uses)), "service": service, "flat": _flat}
            context |= {"http": http, "stub": self.settings.bodies == "stub"}
            yield f"src/Service/{service.module}.php", "service.php.j2", context
        errors = _status_errors()
        for name in RUNTIME_CLASSES:
            yield self._path(f"{http}\\{name}"), f"runtime/{name}.php.j2", {**self._header(http), "errors": errors}
        for name, _, _, doc in STATUS_ERRORS:
            if name not in RUNTIME_CLASSES:
                context = {**self._header(http), "class_name": name, "doc": doc}
                yield self._path(f"{http}\\{name}"), "runtime/StatusException.php.j2", context
        settings = self.settings
        agent = f"{self.composer_name.partition('/')[2]}/{settings.version}"
        yield (
            "src/Client.php",
            "runtime/Client.php.j2",
            {
                **self._header(ns),
                "services": [{"prop": s.attribute, "type": f"Service\\{s.name}"} for s in sdk.services],
                "base_url": php_string(settings.base_url),
                "package_name": php_string(self.composer_name),
                "version": php_string(settings.version),
                "user_agent": php_string(agent),
            },
        )
        description = settings.description or f"The {ns} SDK, generated by codegen."
        extensions = ["ext-json"] + (["ext-openssl"] if settings.base_url.startswith("https:") else [])
        manifest: dict[str, Any] = {
            "description": description,
            "license": settings.license or "proprietary",
            "php": PHP_VERSION,
        }
        manifest |= {"name": self.composer_name, "namespace": ns + "\\", "notice": f"{GENERATED_NOTICE} @generated"}
        manifest |= {"repository": settings.repository, "author": settings.author, "extensions": extensions}
        yield "composer.json", "composer.json.j2", {k: _json(v) for k, v in manifest.items()}
        readme: dict[str, Any] = {
            "notice": f"{GENERATED_NOTICE} @generated",
            "name": self.composer_name,
            "version": settings.version,
        }
        readme |= {"description": description, "namespace": ns, "php": PHP_VERSION, "extensions": extensions}
        readme |= {"base_url": php_string(settings.base_url), "user_agent": agent, "errors": errors}
        readme |= {"call": self._readme_call(sdk, paged=False), "paging": self._readme_call(sdk, paged=True)}
        yield "README.md", "README.md.j2", readme

    def _header(self, namespace: str, uses: list[str] | None = None) -> dict[str, Any]:
        notice = [f"// {GENERATED_NOTICE}", "// @generated"]
        return {"notice": notice, "namespace": namespace, "uses": [f"use {u};" for u in uses or []]}

    def _path(self, fqn: str) -> str:
        return "src/" + fqn.removeprefix(self.namespace + "\\").replace("\\", "/") + ".php"

    @property
    def composer_name(self) -> str:
        """``package_name`` in lower case, vendor the namespace's first segment; unset, its first and last."""
        segments = [_composer_part(s) for s in self.namespace.split("\\")]
        configured = self.settings.package_name
        name = configured.lower().removeprefix("@") if configured else segments[-1]
        return name if "/" in name else f"{segments[0]}/{name}"

    def _readme_call(self, sdk: SdkView, *, paged: bool) -> str | None:
        """The README's call (SdkView.example), required arguments given."""
        found = sdk.example("page" if paged else "json")
        if found is None:
            return None
        service, method = found
        required = [p for p in _flat(method.params) if not p.optional]
        args = ", ".join(f"{p.name}: {php_string(p.docs_name + '-1')}" for p in required)
        return f"$result = $client->{service.attribute}->{method.name}({args});"


def _json(value: Any) -> Any:
    """A manifest value as JSON text (None stays None: the key is left out; a list item by item)."""
    return None if value is None else [json.dumps(v) for v in value] if isinstance(value, list) else json.dumps(value)


def _flat(params: Iterable[Any]) -> list[Any]:
    """A method's parameters: an unwrapped object's fields are named parameters; required first."""
    flat = [f for p in params for f in (p.fields if p.role == "unwrapped" else (p,))]
    return sorted((p for p in flat if p.role in ("data", "options")), key=lambda p: p.optional)


def _status_errors() -> list[dict[str, object]]:
    """The subclasses of ApiException for the templates: class, the statuses (``low``..``high``)
    and how the docs write them (``404``, ``5xx``)."""
    return [
        {"name": name, "low": low, "high": high, "status": str(low) if low == high else f"{str(low)[0]}xx"}
        for name, low, high, _ in STATUS_ERRORS
    ]
