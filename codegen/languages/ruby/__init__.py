"""Ruby: a gem with one file per service (module methods with keyword arguments) and model
classes per area, rendered from the plan's views.

Layout, for ``module = "WorkOS"``::

    lib/work_os.rb                     requires everything (require_relative, sorted)
    lib/work_os/client.rb              the runtime (docs/RUNTIME.md): Client, errors, Wire, ListPage
    lib/work_os/mfa.rb                 module WorkOS; module MFA; module Methods; def challenge_factor(...)
    lib/work_os/models/mfa.rb          module WorkOS; module Models; module MFA; class Challenge
    lib/work_os/models/externals.rb    the types the docs use but never define (a comment each)

Types live in YARD comments and, as text, in ``WIRE_TYPES`` and each request's ``into:``: the
runtime decodes a reply by that text (``Array<...>``, ``Hash{...}``, ``Time``, a model class),
so the code names no constant at load time but its own base classes, and a stand-in needs no
more than a comment. A closed set of values is a module of string constants beside the models
of its area. Each method makes its request on the runtime with the values the plan gives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any, ClassVar

from ...checked import field_validator
from ...naming import COMMON_INITIALISMS, pascal, safe_identifier, screaming, snake
from ...plan.sdk import Naming, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule
from ...plan.views import DeclView, MethodView, ParamView, ScopeView, SdkView
from ...records import replace
from ...text import GENERATED_NOTICE, one_line, ruby_string
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..base import LanguageSettings, setting_matches
from ..language import File, Language
from ..layer import bases_first, broken_bases

# Ruby's keywords (docs.ruby-lang.org/en/master/syntax/keywords_rdoc.html).
KEYWORDS = frozenset(
    "__ENCODING__ __LINE__ __FILE__ BEGIN END alias and begin break case class def defined? defined do else "
    "elsif end ensure false for if in module next nil not or redo rescue retry return self super then true "
    "undef unless until when while yield".split()
)
# Not keywords, but a local of that name breaks a generated method body (``raise ...``) or
# shadows what a reader expects from every Ruby method; and the locals the bodies declare.
LOCAL_BREAKERS = frozenset("raise binding block_given __method__ __dir__ __callee__ client request_options".split())
# Methods every object answers; an accessor or module method of one of these names would break
# the object model (``obj.class``, ``Hash#[]`` via ``hash``, ``send`` ...).
OBJECT_BREAKERS = frozenset(
    "__id__ __send__ class clone display dup enum_for eql equal extend freeze frozen hash initialize "
    "initialize_copy inspect instance_of instance_variable_get instance_variable_set instance_variables is_a "
    "itself kind_of method methods nil object_id public_send respond_to send singleton_class singleton_methods "
    "tap then to_enum to_h to_json to_s".split()
)
# What a module method must not be called, on top of the above (``MFA.name``, ``MFA.include``).
MODULE_BREAKERS = frozenset(
    "name ancestors attr_accessor attr_reader attr_writer const_get const_set define_method include included "
    "instance_method instance_methods method_defined module_eval module_function class_eval prepend private "
    "protected public private_constant remove_method undef_method extended new allocate".split()
)
# Keyword arguments are locals; accessors are methods of an object; service methods are
# methods of a module.
RESERVED_LOCALS = KEYWORDS | LOCAL_BREAKERS
RESERVED_ACCESSORS = KEYWORDS | OBJECT_BREAKERS
RESERVED_METHODS = KEYWORDS | OBJECT_BREAKERS | MODULE_BREAKERS
RESERVED = RESERVED_LOCALS | RESERVED_ACCESSORS | RESERVED_METHODS
# The constants of the runtime (client.rb) and of version.rb beside the service modules, and
# what each service file defines in its module: a service of one of these names is
# ``<Name>Service``.
RUNTIME_CONSTANTS = frozenset(
    "Response Request RequestOptions NetHTTPTransport Retries Error TimeoutError ConnectionError APIError "
    "BadRequestError UnauthorizedError ForbiddenError NotFoundError ConflictError UnprocessableEntityError "
    "RateLimitExceededError ServerError Model Wire ListPage Client Methods Service Models Version VERSION "
    "GEM_NAME".split()
)
# Methods of the runtime's Client a service accessor must not take.
CLIENT_METHODS = frozenset(
    "base_url api_key client_id timeout max_retries transport request url setting perform headers_for decode "
    "pause inspect".split()
)
# YARD type names for the type model's built-ins.
PRIMITIVES = {
    "string": "String",
    "int": "Integer",
    "number": "Float",
    "bool": "Boolean",
    "datetime": "Time",
    "any": "Object",
    "object": "Hash{String => Object}",
    "function": "Proc",
    "void": "void",
    "null": "nil",
}
# How Ruby (YARD or RBS) spells built-ins; anything else is reinterpreted.
RUBY_SPELLINGS = frozenset(
    "String Integer Float Numeric BigDecimal Boolean TrueClass FalseClass Time DateTime Date Object BasicObject "
    "Struct nil NilClass Proc Method Symbol void untyped bool".split()
) | {""}
RUBY_LIST_SPELLINGS = frozenset({"", "Array", "Array[", "Array<", "Set[", "Set<", "Enumerable[", "Enumerable<"})
RUBY_MAP_SPELLINGS = frozenset({"", "Hash", "Hash[", "Hash<"})
_CONSTANT_PATH = re.compile(r"(?:::)?[A-Z]\w*(?:::[A-Z]\w*)*")
_METHOD_SUFFIX = re.compile(r"[?!]$")
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*")
_REQUIRE_PATH = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")


class RubySettings(LanguageSettings):
    module: str = "Sdk"
    # The require path of the gem (``lib/<require_path>.rb``); snake_case of ``module`` when unset.
    require_path: str | None = None
    # Where requests go unless the client says otherwise (``Client::DEFAULT_BASE_URL``).
    base_url: str = "https://api.workos.com"

    @field_validator("module")
    @classmethod
    def _module(cls, value: str) -> str:
        rule = "a Ruby module path is names (ASCII letters, digits, '_') separated by '::', like Acme::SDK"
        return setting_matches(value, _MODULE, rule)

    @field_validator("require_path")
    @classmethod
    def _require_path(cls, value: str | None) -> str | None:
        rule = "a require path is names (ASCII letters, digits, '_', '-') separated by '/', like acme/sdk"
        return value if value is None else setting_matches(value, _REQUIRE_PATH, rule)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        rule = "a base URL is http(s):// and printable ASCII without spaces or quotes"
        return setting_matches(value, r"https?://[!#-~]+", rule)


def yard_literal(value: str) -> str:
    return '"' + one_line(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class RubyLanguage(Language):
    name = "ruby"
    settings_model = RubySettings
    fence = "ruby"
    aliases = ("rb",)
    enum_name_rank = 70
    builtin_types: ClassVar[frozenset[str]] = frozenset(
        {"Time", "DateTime", "Date", "Symbol", "Proc", "Method", "Set", "BigDecimal", "IO", "StringIO", "URI"}
    )
    # Every literal union of two or more values is a module of constants.
    enum_style = "named"
    scope_rule: ClassVar[ScopeRule] = ScopeRule(declares_inline_objects=True, builtins=builtin_types)
    snippet_template = "snippet.rb.j2"
    settings: RubySettings

    # --- names ------------------------------------------------------------------------------
    @property
    def initialisms(self) -> frozenset[str]:
        return COMMON_INITIALISMS | {i.upper() for i in self.settings.initialisms}

    def modules(self) -> list[str]:
        """The top-level module path (``Acme::SDK`` -> ``["Acme", "SDK"]``)."""
        return [self.constant(part) for part in self.settings.module.split("::") if part] or ["Sdk"]

    def require_path(self) -> str:
        custom = self.settings.require_path
        if custom:
            return "/".join(snake(part) or "sdk" for part in custom.split("/"))
        return "/".join(snake(part) or "sdk" for part in self.modules())

    def gem_name(self) -> str:
        """The gem's name: the ``package_name`` setting, else the require path with ``-`` for ``/``."""
        return self.settings.package_name or self.require_path().replace("/", "-")

    def identifier(self, name: str, reserved: frozenset[str] = RESERVED_LOCALS) -> str:
        """A keyword-argument name: snake_case, reserved words get a trailing ``_``."""
        return safe_identifier(snake(name) or name, reserved)

    def accessor(self, name: str) -> str:
        """A model attribute (``attr_accessor``) name."""
        return self.identifier(name, RESERVED_ACCESSORS)

    def method_name(self, name: str) -> str:
        """A module method name; a documented trailing ``?`` or ``!`` is kept."""
        suffix = _METHOD_SUFFIX.search(name)
        base = self.identifier(name, RESERVED_METHODS)
        return base + suffix.group() if suffix and not base.endswith("_") else base

    def constant(self, name: str) -> str:
        """A constant (module/class) name: kept when it is one already, else PascalCase."""
        is_constant = re.fullmatch(r"[A-Z][A-Za-z0-9]*", name)
        candidate = safe_identifier(name if is_constant else pascal(name, self.initialisms), KEYWORDS)
        return candidate if candidate[:1].isupper() else "T" + candidate.lstrip("_")

    def value_constant(self, value: str) -> str:
        """The constant of an enum value: ``totp`` -> ``TOTP``, ``sign-up`` -> ``SIGN_UP``."""
        name = screaming(value) or "VALUE"
        return name if name[:1].isalpha() else "V_" + name

    def area_module(self, scope: str) -> str:
        return "Externals" if scope == EXTERNALS else self.constant(scope) if snake(scope) else "Common"

    def service_module(self, service: str) -> str:
        name = self.constant(service) if snake(service) else "Functions"
        return f"{name}Service" if name in RUNTIME_CONSTANTS else name

    @property
    def naming(self) -> Naming:
        return Naming(
            type=self.constant,
            field=self.accessor,
            method=self.method_name,
            param=self.identifier,
            constant=lambda enum, value: self.value_constant(value),
            scope=self.area_module,
            service=self.service_module,
            module=lambda service: snake(self.service_module(service)),
            attribute=lambda service: safe_identifier(
                snake(self.service_module(service)), RESERVED_METHODS | CLIENT_METHODS
            ),
            reserved=KEYWORDS | {"ALL"},
            method_reserved=OBJECT_BREAKERS | MODULE_BREAKERS,
            field_reserved=OBJECT_BREAKERS,
            param_reserved=LOCAL_BREAKERS,
            separator="_",
            number=lambda name, n: f"{name[:-1]}_{n}{name[-1]}" if name.endswith(("?", "!")) else f"{name}_{n}",
        )

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim):
            return None if spelling in RUBY_SPELLINGS else f"'{spelling}' is {PRIMITIVES[expr.name]} in Ruby"
        if isinstance(expr, ListOf):
            return None if spelling in RUBY_LIST_SPELLINGS else f"'{spelling}' lists are Array<T> in Ruby"
        if isinstance(expr, MapOf):
            return None if spelling in RUBY_MAP_SPELLINGS else f"'{spelling}' maps are Hash{{K => V}} in Ruby"
        if isinstance(expr, Named) and spelling != "literal":  # a literal union is a module of constants
            head = spelling[:-1] if spelling.endswith(("<", "[")) else spelling
            if head and not _CONSTANT_PATH.fullmatch(head):
                return f"'{head}' is not a Ruby constant path"
        return None

    # --- the hooks -------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        """The YARD type (without its brackets); a declaration by its full constant path."""
        text = self._type(expr, ctx)
        return f"{text}, nil" if optional and not text.endswith(", nil") and text not in ("Object", "nil") else text

    def _type(self, expr: TypeExpr | None, ctx: TypeContext) -> str:
        if expr is None:
            return "Object"
        if isinstance(expr, Prim):
            return PRIMITIVES[expr.name]
        if isinstance(expr, LiteralOf):
            return ", ".join(yard_literal(v) for v in expr.values)
        if isinstance(expr, ListOf):
            return f"Array<{self._type(expr.item, ctx)}>"
        if isinstance(expr, MapOf):
            return f"Hash{{{self._type(expr.key, ctx)} => {self._type(expr.value, ctx)}}}"
        if isinstance(expr, Nullable):
            inner = self._type(expr.inner, ctx)
            return inner if inner in ("Object", "nil") or inner.endswith(", nil") else f"{inner}, nil"
        if isinstance(expr, UnionOf):
            return ", ".join(dict.fromkeys(self._type(o, ctx) for o in expr.options))
        decl = ctx.resolve(expr)
        if decl is None:  # a type Ruby has (Time), or a generic wrapper the docs never define
            return expr.name if not expr.args else self._type(expr.args[0], ctx)
        scope, name = ctx.ref(decl)
        path = "::".join([*self.modules(), "Models", scope, name])
        return path + ("<" + ", ".join(self._type(a, ctx) for a in expr.args) + ">" if expr.args else "")

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """Keyword arguments are flat (an unwrapped object's fields are arguments); a field of an
        options object (a model, or a Hash with the attributes as symbol keys) is ``[:name]``,
        read when an optional object is given."""
        if steps[0].unwrapped:
            steps = steps[1:]
        expr, guards = steps[0].name, []
        for holder, step in pairwise(steps):
            guards += [expr] if holder.optional else []
            expr = f"{expr}[:{step.name}]"
        return expr, tuple(guards)

    def constant_text(self, text: str) -> str:
        return ruby_string(text)

    def setting_text(self, setting: str) -> str:
        return f"client.setting(:{setting})"

    # --- files -----------------------------------------------------------------------------
    def files(self, sdk: SdkView) -> Iterable[File]:
        root, top = self.require_path(), "::".join(self.modules())
        header = [f"# {GENERATED_NOTICE}", "# @generated", "", "# frozen_string_literal: true"]
        base = {"header": header, "modules": self.modules(), "top": top}
        requires = []
        http = self.settings.bodies == "http"
        for scope in sdk.scopes:
            path = f"{root}/models/{snake(scope.name)}"
            requires.append(path)
            yield f"lib/{path}.rb", "models.rb.j2", {**base, **self._models(scope)}
        for service in sdk.services:
            requires.append(f"{root}/{service.module}")
            context = {**base, "service": service, "http": http}
            yield f"lib/{root}/{service.module}.rb", "service.rb.j2", context
        yield (
            f"lib/{root}/client.rb",
            "client.rb.j2",
            {**base, "services": sdk.services, "base_url": self.settings.base_url},
        )
        yield (
            f"lib/{root}/version.rb",
            "version.rb.j2",
            {**base, "gem": self.gem_name(), "version": self.settings.version},
        )
        leaf = root.rsplit("/", 1)[-1]
        ordered = [f"{root}/version", f"{root}/client", *sorted(requires)]
        yield f"lib/{root}.rb", "root.rb.j2", {**base, "requires": [f"{leaf}/{r[len(root) + 1 :]}" for r in ordered]}
        settings = self.settings
        yield (
            f"{self.gem_name()}.gemspec",
            "gemspec.j2",
            {**base, "version_path": f"lib/{root}/version", "settings": settings, "gem": self.gem_name()},
        )
        yield (
            "README.md",
            "README.md.j2",
            {
                **base,
                "notice": GENERATED_NOTICE,
                "gem": self.gem_name(),
                "settings": settings,
                "require": root,
                "http": http,
                "get_call": self._readme_call(sdk, "json"),
                "list_call": self._readme_call(sdk, "page"),
            },
        )

    def _models(self, scope: ScopeView) -> dict[str, Any]:
        """A scope's stand-ins, enums, then classes with bases first (a cycle in the docs loses
        the base that closes it); the file of a base in another scope is required first."""
        classes = [d for d in scope.decls if d.kind not in ("enum", "standin")]
        local = _local_base({d.name for d in classes})
        broken = broken_bases(classes, key=_name, base=local)
        classes = [replace(d, base="") if d.name in broken else d for d in classes]
        bases = {d.base.rsplit("::", 1)[-1] for d in classes if "::" in d.base}
        other = {imp.scope for d in classes for imp in d.imports if bases & set(imp.names)}
        return {
            "scope": scope,
            "standins": [d for d in scope.decls if d.kind == "standin"],
            "enums": [d for d in scope.decls if d.kind == "enum"],
            "classes": bases_first(classes, key=_name, base=local),
            "requires": sorted(snake(s) for s in other),
        }

    def _readme_call(self, sdk: SdkView, reply: str) -> str | None:
        """The README's example (SdkView.example) that takes no required options object, with its
        required arguments."""
        found = sdk.example(reply, lambda method: all(p.role == "data" for p in _required(method)))
        if found is None:
            return None
        service, method = found
        args = ", ".join(f"{p.name}: {ruby_string(p.docs_name + '-1')}" for p in _required(method))
        return f"result = client.{service.attribute}.{method.name}" + (f"({args})" if args else "")


def _required(method: MethodView) -> list[ParamView]:
    """The required keyword arguments of a method (language machinery is none)."""
    return [p for p in method.arguments if p.role in ("data", "options") and not p.optional]


def _name(decl: DeclView) -> str:
    return decl.name


def _local_base(names: set[str]) -> Any:
    return lambda decl: decl.base if decl.base in names else None
