"""Ruby: one file per service (module methods with keyword arguments), model classes per area.

Layout, for ``module = "WorkOS"``::

    lib/work_os.rb                     requires everything (require_relative, sorted)
    lib/work_os/mfa.rb                 module WorkOS; module MFA; class << self; def challenge_factor(...)
    lib/work_os/models/mfa.rb          module WorkOS; module Models; module MFA; class Challenge

Types live only in YARD comments, so the generated code refers to no constant at load
time except its own base classes: externals need no stand-ins to load.

A closed set of values is a module of string constants beside the models of its area
(``module FactorType; TOTP = 'totp'; SMS = 'sms'; ALL = [TOTP, SMS].freeze; end``), named in
YARD types. Models map attributes to exact wire names (``WIRE_NAMES``); each service module
maps its methods to their HTTP request (``REQUESTS``: method, path, wire name and place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import field_validator

from ..diagnostics import Diagnostics
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import COMMON_INITIALISMS, UniqueNames, pascal, safe_identifier, screaming, snake
from ..samples import Declarations, SampleCall, sample_call
from ..text import GENERATED_NOTICE, lines, one_line, ruby_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .base import Emitter, LanguageSettings, setting_matches
from .layer import bases_first, broken_bases, by_area

# Ruby's keywords (docs.ruby-lang.org/en/master/syntax/keywords_rdoc.html).
KEYWORDS = frozenset(
    {
        "__ENCODING__",
        "__LINE__",
        "__FILE__",
        "BEGIN",
        "END",
        "alias",
        "and",
        "begin",
        "break",
        "case",
        "class",
        "def",
        "defined?",
        "defined",
        "do",
        "else",
        "elsif",
        "end",
        "ensure",
        "false",
        "for",
        "if",
        "in",
        "module",
        "next",
        "nil",
        "not",
        "or",
        "redo",
        "rescue",
        "retry",
        "return",
        "self",
        "super",
        "then",
        "true",
        "undef",
        "unless",
        "until",
        "when",
        "while",
        "yield",
    }
)
# Not keywords, but a local of that name breaks the generated method body (``raise ...``)
# or shadows what a reader expects from every Ruby method.
LOCAL_BREAKERS = frozenset({"raise", "binding", "block_given", "__method__", "__dir__", "__callee__"})
# Methods every object answers; an accessor or module method with one of these names
# would break the object model (``obj.class``, ``Hash#[]`` via ``hash``, ``send`` ...).
OBJECT_BREAKERS = frozenset(
    {
        "__id__",
        "__send__",
        "class",
        "clone",
        "display",
        "dup",
        "enum_for",
        "eql",
        "equal",
        "extend",
        "freeze",
        "frozen",
        "hash",
        "initialize",
        "initialize_copy",
        "inspect",
        "instance_of",
        "instance_variable_get",
        "instance_variable_set",
        "instance_variables",
        "is_a",
        "itself",
        "kind_of",
        "method",
        "methods",
        "nil",
        "object_id",
        "public_send",
        "respond_to",
        "send",
        "singleton_class",
        "singleton_methods",
        "tap",
        "then",
        "to_enum",
        "to_h",
        "to_json",
        "to_s",
    }
)
# What a module method must not be called, on top of the above (``MFA.name``, ``MFA.include``).
MODULE_BREAKERS = frozenset(
    {
        "name",
        "ancestors",
        "attr_accessor",
        "attr_reader",
        "attr_writer",
        "const_get",
        "const_set",
        "define_method",
        "include",
        "included",
        "instance_method",
        "instance_methods",
        "method_defined",
        "module_eval",
        "module_function",
        "class_eval",
        "prepend",
        "private",
        "protected",
        "public",
        "private_constant",
        "remove_method",
        "undef_method",
        "extended",
        "new",
        "allocate",
    }
)
# Keyword arguments are locals; accessors are methods of an object; service methods are
# methods of a module.
RESERVED_LOCALS = KEYWORDS | LOCAL_BREAKERS
RESERVED_ACCESSORS = KEYWORDS | OBJECT_BREAKERS
RESERVED_METHODS = KEYWORDS | OBJECT_BREAKERS | MODULE_BREAKERS
RESERVED = RESERVED_LOCALS | RESERVED_ACCESSORS | RESERVED_METHODS
# The constants of the generated runtime (client.rb) beside the service modules, and what each
# service file defines in its module: a service module of one of these names would clash.
RUNTIME_CONSTANTS = frozenset(
    {
        "Response",
        "Request",
        "RequestOptions",
        "NetHTTPTransport",
        "Retries",
        "Error",
        "TimeoutError",
        "ConnectionError",
        "APIError",
        *(f"{family}Error" for family in ("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict")),
        "UnprocessableEntityError",
        "RateLimitExceededError",
        "ServerError",
        "Model",
        "Wire",
        "ListPage",
        "Client",
        "Methods",
        "Service",
        # version.rb: GEM_NAME and VERSION in a file a service named Version would take.
        "Version",
        "VERSION",
        "GEM_NAME",
    }
)
# Methods of the generated Client a service accessor must not take.
CLIENT_METHODS = frozenset(
    {
        "base_url",
        "api_key",
        "client_id",
        "timeout",
        "max_retries",
        "transport",
        "call_operation",
        "perform",
        "headers_for",
        "decode",
        "pause",
    }
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
    {
        "",
        "String",
        "Integer",
        "Float",
        "Numeric",
        "BigDecimal",
        "Boolean",
        "TrueClass",
        "FalseClass",
        "Time",
        "DateTime",
        "Date",
        "Object",
        "BasicObject",
        "Struct",
        "nil",
        "NilClass",
        "Proc",
        "Method",
        "Symbol",
        "void",
        "untyped",
        "bool",
    }
)
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


def comment(text: str | None, indent: str, first: str = "", rest: str = "") -> list[str]:
    """``#`` comment lines for untrusted text; each physical line gets its own ``#``."""
    body = lines(text)
    result = []
    for i, line in enumerate(body):
        prefix = first if i == 0 else rest
        content = f"{prefix}{line}".rstrip()
        result.append(f"{indent}# {content}" if content else f"{indent}#")
    return result


@dataclass
class _Param:
    name: str
    required: bool
    doc: list[str]


@dataclass
class _Method:
    name: str
    params: list[_Param]
    doc: list[str]
    message: str
    # ``key:`` of this method in the service's REQUESTS, and its entry; None: not an HTTP call.
    key: str = ""
    request: dict[str, object] | None = None
    # The body's lines (the call on the client); empty: it raises NotImplementedError.
    call: list[str] = field(default_factory=list)


@dataclass
class _Attr:
    name: str
    wire: str
    doc: list[str]
    # The HTTP reference gives no wire name: ``wire`` is the documented name.
    undocumented: bool = False
    # Where it travels in a request (``:query``); None for response fields.
    place: str | None = None
    # The exact wire name (``wire`` is its Ruby literal).
    raw_wire: str = ""
    type: TypeExpr | None = None


@dataclass
class _Class:
    name: str
    base: str | None
    doc: list[str]
    attrs: list[_Attr] = field(default_factory=list)
    # (attribute, Ruby literal of its Wire.decode type) of the attributes that need one.
    types: list[tuple[str, str]] = field(default_factory=list)

    @property
    def placed(self) -> list[_Attr]:
        return [a for a in self.attrs if a.place]


@dataclass
class _EnumModule:
    name: str
    doc: list[str]
    # (constant, Ruby string literal of the wire value)
    values: list[tuple[str, str]]
    # The wire values, in the order of ``values``.
    raw_values: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    """The names snippets use: per operation (by id) its client accessor, method and keywords;
    classes and enum modules by constant path."""

    modules: list[str]
    classes: dict[str, _Class]
    enums: dict[str, dict[str, str]] = field(default_factory=dict)
    methods: dict[int, tuple[str, str, list[tuple[Field, str]]]] = field(default_factory=dict)

    def attributes(self, path: str) -> dict[str, tuple[str, TypeExpr | None]]:
        """wire name -> (attribute, type) of a class, its bases' included."""
        out: dict[str, tuple[str, TypeExpr | None]] = {}
        cls = self.classes.get(path)
        trail: set[str] = set()
        while cls is not None and path not in trail:
            trail.add(path)
            for a in cls.attrs:
                out.setdefault(a.raw_wire, (a.name, a.type))
            if cls.base is None:
                break
            path = cls.base if "::" in cls.base else path.rsplit("::", 1)[0] + "::" + cls.base
            cls = self.classes.get(path)
        return out


@dataclass
class _Render:
    """What one render (or the plan of one snippet) keeps while it plans: where its name warnings
    go (None: nowhere, for snippets) and the generated classes by constant path, once known
    (``wire_type`` reads them)."""

    diags: Diagnostics | None
    class_paths: dict[str, _Class] = field(default_factory=dict)


class RubyEmitter(Emitter):
    name = "ruby"
    settings_model = RubySettings
    builtin_types: ClassVar[frozenset[str]] = frozenset(
        {"Time", "DateTime", "Date", "Symbol", "Proc", "Method", "Set", "BigDecimal", "IO", "StringIO", "URI"}
    )
    # Every literal union of two or more values is a module of constants.
    enum_style = "named"
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

    def identifier(self, name: str, reserved: frozenset[str] = RESERVED_LOCALS) -> str:
        """A keyword-argument name: snake_case, reserved words get a trailing ``_``."""
        return safe_identifier(snake(self.rename(name)) or name, reserved)

    def accessor(self, name: str) -> str:
        """A model attribute (``attr_accessor``) name."""
        return self.identifier(name, RESERVED_ACCESSORS)

    def method_name(self, name: str) -> str:
        """A module method name; a documented trailing ``?`` or ``!`` is kept."""
        renamed = self.rename(name)
        suffix = _METHOD_SUFFIX.search(renamed)
        base = self.identifier(renamed, RESERVED_METHODS)
        return base + suffix.group() if suffix and not base.endswith("_") else base

    def constant(self, name: str) -> str:
        """A constant (module/class) name: kept when it is one already, else PascalCase."""
        renamed = self.rename(name)
        is_constant = re.fullmatch(r"[A-Z][A-Za-z0-9_]*", renamed)
        candidate = renamed if is_constant else pascal(renamed, self.initialisms)
        candidate = safe_identifier(candidate, KEYWORDS)
        if not candidate[:1].isupper():
            candidate = "T" + candidate.lstrip("_")
        return candidate

    def value_constant(self, value: str) -> str:
        """The constant of an enum value: ``totp`` -> ``TOTP``, ``sign-up`` -> ``SIGN_UP``."""
        name = screaming(value) or "VALUE"
        return name if name[:1].isalpha() else "V_" + name

    def service_module(self, service: str | None) -> str | None:
        """The module a service's methods live on; None: the top-level module itself."""
        return self.constant(service) if service else None

    def service_file(self, service: str | None) -> str:
        return snake(self.service_module(service) or "") or "functions"

    def area_module(self, area: str) -> str:
        return self.constant(area) if snake(area) else "Common"

    def area_file(self, area: str) -> str:
        return snake(self.area_module(area))

    # --- types ------------------------------------------------------------------------------
    def type(self, expr: TypeExpr | None, known: dict[str, set[str]] | None = None) -> str:
        """The YARD type text (without the surrounding brackets)."""
        if expr is None:
            return "Object"
        if isinstance(expr, Prim):
            return PRIMITIVES[expr.name]
        if isinstance(expr, LiteralOf):
            return ", ".join(_yard_literal(v) for v in expr.values)
        if isinstance(expr, ListOf):
            return f"Array<{self.type(expr.item, known)}>"
        if isinstance(expr, MapOf):
            return f"Hash{{{self.type(expr.key, known)} => {self.type(expr.value, known)}}}"
        if isinstance(expr, Nullable):
            inner = self.type(expr.inner, known)
            return inner if inner in ("Object", "nil") else f"{inner}, nil"
        if isinstance(expr, UnionOf):
            return ", ".join(self.type(o, known) for o in expr.options)
        assert isinstance(expr, Named)
        if expr.area is not None:
            name = "::".join([*self.modules(), "Models", self.area_module(expr.area), self.constant(expr.name)])
        else:
            parts = [p for p in re.split(r"\\|::|\.", expr.qualifier or "") if p]
            name = "::".join(self.constant(p) for p in [*parts, expr.name])
        if expr.args:
            name += "<" + ", ".join(self.type(a, known) for a in expr.args) + ">"
        return name

    def field_type(self, f: Field) -> str:
        text = self.type(f.type)
        if f.optional and not text.endswith(", nil") and text not in ("Object", "nil"):
            text += ", nil"
        return text

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if isinstance(expr, Prim):
            if spelling not in RUBY_SPELLINGS:
                return f"'{spelling}' is {PRIMITIVES[expr.name]} in Ruby"
        elif isinstance(expr, ListOf):
            if spelling not in RUBY_LIST_SPELLINGS:
                return f"'{spelling}' lists are Array<T> in Ruby"
        elif isinstance(expr, MapOf):
            if spelling not in RUBY_MAP_SPELLINGS:
                return f"'{spelling}' maps are Hash{{K => V}} in Ruby"
        elif isinstance(expr, Named):
            if spelling == "literal":  # a literal union written as a module of constants (codegen.enums)
                return None
            head = spelling[:-1] if spelling.endswith(("<", "[")) else spelling
            if head and not _CONSTANT_PATH.fullmatch(head):
                return f"'{head}' is not a Ruby constant path"
        return None

    # --- docs -------------------------------------------------------------------------------
    def param_doc(self, name: str, f: Field, indent: str) -> list[str]:
        doc = comment(f.description, indent, f"@param {name} [{self.field_type(f)}] ", "  ")
        if not doc:
            doc = [f"{indent}# @param {name} [{self.field_type(f)}]"]
        wire = f.wire_name or f.name
        if wire != name:
            doc.append(f"{indent}#   Sent as {_yard_literal(wire)}.")
        nested = [n for n in f.fields if not n.is_method]
        if nested and isinstance(f.type, ListOf):
            doc.append(f"{indent}#   Each item has:")
            for n in nested:
                head = f"  - {snake(n.name) or one_line(n.name)} [{self.field_type(n)}] "
                doc += comment(n.description, indent, head, "    ") or [f"{indent}# {head.rstrip()}"]
        else:
            for n in nested:
                head = f"@option {name} [{self.field_type(n)}] :{ruby_symbol(n.wire_name or n.name)} "
                doc += comment(n.description, indent, head, "  ") or [f"{indent}# {head.rstrip()}"]
        return doc

    # --- rendering --------------------------------------------------------------------------
    def render(self, api: LanguageAPI) -> dict[str, str]:
        root = self.require_path()
        files: dict[str, str] = {}
        requires: list[str] = []
        http = self.settings.bodies == "http"
        top = "::" + "::".join(self.modules())

        ctx = _Render(self.diags)
        classes_by_area = self.classes(api, ctx)
        ctx.class_paths = self.class_paths(classes_by_area)
        enums_by_area = self.enum_modules(api, classes_by_area, ctx)
        for area_file in sorted(classes_by_area.keys() | enums_by_area.keys()):
            module, classes, deps = classes_by_area.get(area_file, ("", [], set()))
            enum_module, enums = enums_by_area.get(area_file, (module, []))
            path = f"{root}/models/{area_file}"
            requires.append(path)
            for cls in classes:
                cls.types = [(a.name, t) for a in cls.attrs if (t := self.wire_type(a.type, ctx)) is not None]
            files[f"lib/{path}.rb"] = self.template(
                "models.rb.j2",
                header=self.header(),
                requires=[f"require_relative '{d}'" for d in sorted(deps)],
                modules=[*self.modules(), "Models", module or enum_module],
                enums=enums,
                classes=classes,
                model_mixin=f"{top}::Model",
            )

        services = by_area(api.operations, lambda op: self.service_file(op.service))
        accessors: list[dict[str, str]] = []
        for file_name, ops in services.items():
            path = f"{root}/{file_name}"
            requires.append(path)
            service = self.service_module(ops[0].service)
            self.check_service_name(service, ops[0])
            methods = self.methods(ops, ctx)
            accessor = self.service_accessor(ops[0].service)
            if http:
                accessors.append({"accessor": accessor, "module": service or top})
            files[f"lib/{path}.rb"] = self.template(
                "service.rb.j2",
                header=self.header(),
                modules=[*self.modules(), *([service] if service else [])],
                methods=methods,
                requests=[m for m in methods if m.request is not None],
                http=http,
                top=top.removeprefix("::"),
                accessor=accessor,
            )

        client, version = f"{root}/client", f"{root}/version"
        files[f"lib/{client}.rb"] = self.template(
            "client.rb.j2",
            header=self.header(),
            modules=self.modules(),
            services=accessors,
            base_url=ruby_string(self.settings.base_url),
            top=top.removeprefix("::"),
            example_module="::".join([*self.modules(), accessors[0]["module"]]) if accessors else top,
        )
        files[f"lib/{version}.rb"] = self.template(
            "version.rb.j2",
            header=self.header(),
            modules=self.modules(),
            gem_name=ruby_string(self.gem_name()),
            version=ruby_string(self.settings.version),
        )
        files[f"lib/{root}.rb"] = self.template(
            "root.rb.j2",
            header=self.header(),
            requires=[_relative(r, root) for r in [version, client, *sorted(requires)]],
            modules=self.modules(),
        )
        files.update(self.package(api, http))
        return files

    # --- the package ------------------------------------------------------------------------
    def gem_name(self) -> str:
        """The gem's name: the ``package_name`` setting, else the require path with ``-`` for ``/``."""
        return self.settings.package_name or self.require_path().replace("/", "-")

    def package(self, api: LanguageAPI, http: bool) -> dict[str, str]:
        """``<gem>.gemspec`` and ``README.md`` beside ``lib/``."""
        settings = self.settings
        gem = self.gem_name()
        top = "::".join(self.modules())
        description = settings.description or f"{gem}: a Ruby SDK generated by codegen"
        files = {
            f"{gem}.gemspec": self.template(
                "gemspec.j2",
                header=self.header(),
                version_path=ruby_string(f"lib/{self.require_path()}/version"),
                top=top,
                summary=ruby_string(description),
                authors=ruby_string(settings.author or gem),
                license=ruby_string(settings.license) if settings.license else None,
                homepage=ruby_string(settings.repository) if settings.repository else None,
            )
        }
        files["README.md"] = self.template(
            "README.md.j2",
            notice=GENERATED_NOTICE,
            gem=gem,
            version=settings.version,
            description=one_line(description),
            license=settings.license,
            repository=settings.repository,
            require=self.require_path(),
            top=top,
            base_url=settings.base_url,
            http=http,
            **self.readme_examples(api),
        )
        return files

    def readme_examples(self, api: LanguageAPI) -> dict[str, str | None]:
        """The README's calls, with the usage snippets' sample arguments: a GET that returns one
        object (also as a ``call_operation`` with request options) and a list operation; None
        when the API has none."""
        gets = [
            op
            for op in sorted(api.operations, key=lambda o: (o.id or "", o.name))
            if op.http is not None and op.http.method.upper() == "GET"
        ]
        found: dict[str, str | None] = {"get_call": None, "options_call": None, "list_call": None}
        if not gets:
            return found
        decls = Declarations.of(api)
        single = next((op for op in gets if not self.is_list(op)), None)
        listing = next((op for op in gets if self.is_list(op)), None)
        if listing is not None:
            found["list_call"] = self.example_call(sample_call(listing, api, decls), api)
        if single is not None:
            call = sample_call(single, api, decls)
            found["get_call"] = self.example_call(call, api)
            args = self.example_args(call, api)
            if args is not None:
                module = "::".join([*self.modules(), *filter(None, [self.service_module(single.service)])])
                values = "{ " + ", ".join(args[2]) + " }" if args[2] else "{}"
                found["options_call"] = (
                    f"spec = {module}::REQUESTS.fetch({_symbol(args[1])})\n"
                    f"result = client.call_operation(spec, {values}, options: options)"
                )
        return found

    # --- usage snippets ---------------------------------------------------------------------
    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        """``result = client.mfa.challenge_factor(authentication_factor_id: '...')``."""
        found = self.example_args(call, api)
        if found is None:
            return None
        accessor, name, args = found
        head_text = f"result = client.{accessor}.{name}"
        one_line_text = f"{head_text}({', '.join(args)})" if args else head_text
        if len(one_line_text) <= 100:
            return one_line_text
        return "\n".join(
            [f"{head_text}(", *(f"  {a}{',' if i < len(args) - 1 else ''}" for i, a in enumerate(args)), ")"]
        )

    def example_args(self, call: SampleCall, api: LanguageAPI) -> tuple[str, str, list[str]] | None:
        """The client accessor, method and ``keyword: literal`` arguments of a usage snippet."""
        op = call.operation
        plan = self._plan(api)
        found = plan.methods.get(id(op))
        if found is None or op.http is None:
            return None
        accessor, name, flat = found
        params = {p.name: p for p in op.params}
        values: dict[str, object] = {}  # keyword -> literal, or {key: ...} for a hash argument
        for arg in call.args:
            head = params.get(arg.path[0])
            steps = arg.path[1:] if head is not None and head.unwrap else arg.path
            parent = next((f for f in flat if f[0].name == steps[0]), None)
            if parent is None:
                continue
            field_, keyword = parent
            literal = self.literal(arg.field.type, arg.value, plan)
            if len(steps) == 1:
                values[keyword] = literal
                continue
            slot = values.setdefault(keyword, {})
            if not isinstance(slot, dict):
                continue
            owner: Field | None = field_
            for step in steps[1:-1]:
                owner = next((c for c in owner.fields if c.name == step), None) if owner else None
                slot = slot.setdefault((owner.wire_name or owner.name) if owner else step, {})
            slot[arg.field.wire_name or arg.field.name] = literal
        for f, keyword in flat:
            if keyword not in values and not f.optional:
                values[keyword] = "nil"
        return accessor, name, [f"{keyword}: {_hash_literal(value)}" for keyword, value in values.items()]

    def literal(self, expr: TypeExpr | None, value: object, plan: _Plan) -> str:
        """The Ruby literal of a sample value (JSON form) of a field of type ``expr``."""
        if value is None:
            return "nil"
        if isinstance(expr, Nullable):
            return self.literal(expr.inner, value, plan)
        if isinstance(expr, Prim) and expr.name == "datetime" and isinstance(value, str):
            return f"Time.iso8601({ruby_string(value)})"
        if isinstance(expr, ListOf) and isinstance(value, list):
            return "[" + ", ".join(self.literal(expr.item, v, plan) for v in value) + "]"
        if isinstance(expr, MapOf) and isinstance(value, dict):
            items = [f"{ruby_string(str(k))} => {self.literal(expr.value, v, plan)}" for k, v in value.items()]
            return "{ " + ", ".join(items) + " }" if items else "{}"
        if isinstance(expr, Named) and not expr.args:
            path = self.type(expr)
            if isinstance(value, str) and value in plan.enums.get(path, {}):
                return f"{path}::{plan.enums[path][value]}"
            if isinstance(value, dict) and path in plan.classes:
                attrs = plan.attributes(path)
                parts = [f"{attrs[k][0]}: {self.literal(attrs[k][1], v, plan)}" for k, v in value.items() if k in attrs]
                return f"{path}.new({', '.join(parts)})"
        return _json_literal(value)

    def _plan(self, api: LanguageAPI) -> _Plan:
        """Names of ``api`` for snippets: planned as a render plans them, without diagnostics
        (anew for every snippet: nothing is kept on the emitter)."""
        quiet = _Render(None)
        classes_by_area = self.classes(api, quiet)
        plan = _Plan(self.modules(), self.class_paths(classes_by_area))
        for _area, (module, enums) in self.enum_modules(api, classes_by_area, quiet).items():
            for enum in enums:
                path = "::".join([*self.modules(), "Models", module, enum.name])
                plan.enums[path] = {v: c for (c, _), v in zip(enum.values, enum.raw_values, strict=True)}
        for ops in by_area(api.operations, lambda op: self.service_file(op.service)).values():
            accessor = self.service_accessor(ops[0].service)
            for op, name, flat in self.method_plan(ops, quiet):
                plan.methods[id(op)] = (accessor, name, flat)
        return plan

    def check_service_name(self, service: str | None, op: Operation) -> None:
        """A service module must not take a name the runtime (client.rb) or the service file uses."""
        if service in RUNTIME_CONSTANTS:
            self.diags.error(
                op.loc,
                f"ruby service {service} has the name of a runtime class ({service})",
                "rename the service with [tool.codegen.ruby] renames",
            )

    def service_accessor(self, service: str | None) -> str:
        """The method of the client that gives a service's methods (``client.user_management``)."""
        return safe_identifier(
            snake(self.service_module(service) or "") or "functions", RESERVED_METHODS | CLIENT_METHODS
        )

    def class_paths(self, classes_by_area: dict[str, tuple[str, list[_Class], set[str]]]) -> dict[str, _Class]:
        """Every generated class by its constant path."""
        return {
            "::".join([*self.modules(), "Models", module, cls.name]): cls
            for module, classes, _ in classes_by_area.values()
            for cls in classes
        }

    def wire_type(self, expr: TypeExpr | None, ctx: _Render) -> str | None:
        """The Ruby literal of what ``Wire.decode`` makes of a value of this type; None: the JSON as is."""
        while isinstance(expr, Nullable):
            expr = expr.inner
        if isinstance(expr, Prim) and expr.name == "datetime":
            return ":time"
        if isinstance(expr, (ListOf, MapOf)):
            inner = self.wire_type(expr.item if isinstance(expr, ListOf) else expr.value, ctx)
            kind = ":list" if isinstance(expr, ListOf) else ":map"
            return None if inner is None else f"[{kind}, {inner}].freeze"
        if isinstance(expr, Named) and expr.area is not None and not expr.args:
            path = self.type(expr)
            if path in ctx.class_paths:
                return ruby_string(path)
        return None

    def is_list(self, op: Operation) -> bool:
        """A list operation (its reply comes as a ListPage that pages on ``list_metadata.after``)."""
        if op.http is None or op.http.method.upper() != "GET":
            return False
        returned = self.returned(op)
        while isinstance(returned, Nullable):
            returned = returned.inner
        if isinstance(returned, ListOf):  # a plain array: nothing to page on
            return False
        after = any(p.name == "after" and p.place == "query" for p in op.http.params)
        return after or snake(op.name).startswith("list")

    def header(self) -> list[str]:
        return [f"# {GENERATED_NOTICE}", "# @generated", "", "# frozen_string_literal: true"]

    def method_plan(self, ops: list[Operation], ctx: _Render) -> list[tuple[Operation, str, list[tuple[Field, str]]]]:
        """Each operation of one service with its method name and keyword arguments (documented
        order); a name used twice in one service gets ``_2``."""
        result = []
        module = self.service_module(ops[0].service)
        owner = "::".join([*self.modules(), *([module] if module else [])])
        taken = UniqueNames(ctx.diags, self.name, f"method of {owner}", number=_numbered_method)
        for op in sorted(ops, key=lambda o: (self.method_name(o.name), o.page, o.loc.line, o.loc.col)):
            name = taken.claim(self.method_name(op.name), op.name, op.loc)
            names = UniqueNames(ctx.diags, self.name, f"parameter of {name}", separator="_")
            params = [(f, names.claim(self.identifier(f.name), f.name, f.loc)) for f in self.flat_params(op)]
            result.append((op, name, params))
        return result

    def methods(self, ops: list[Operation], ctx: _Render) -> list[_Method]:
        """Each operation as a module method."""
        result: list[_Method] = []
        module = self.service_module(ops[0].service)
        owner = "::".join([*self.modules(), *([module] if module else [])])
        top = "::" + "::".join(self.modules())
        for op, name, flat in self.method_plan(ops, ctx):
            params = [_Param(pname, not f.optional, self.param_doc(pname, f, "")) for f, pname in flat]
            params.sort(key=lambda p: not p.required)
            doc = comment(op.description or f"{op.title or op.name}", "")
            doc.append("#")
            for p in params:
                doc += p.doc
            doc += self.returns_doc(op)
            if op.sends_email:
                doc.append("# @note Sends an email.")
            if op.url:
                doc += comment(f"@see {op.url}", "")
            method = _Method(name, params, doc, ruby_string(f"{owner}.{name} is not implemented"), _key(name))
            if op.http is not None:
                routes = [(pname, _route(f)) for f, pname in flat]
                method.request = {
                    "method": ruby_string(op.http.method),
                    "path": ruby_string(op.http.path),
                    "params": [f"{_key(pname)} {route}" for pname, route in routes if route is not None],
                    "constants": [
                        f"[{ruby_string(c.name)}, :{c.place}, {ruby_string(c.value or '')}].freeze"
                        for c in op.constants()
                    ],
                }
                sent = [pname for pname, route in routes if route is not None]
                args = [
                    f"REQUESTS.fetch({_symbol(name)})",
                    "{ " + ", ".join(f"{p}: {p}" for p in sent) + " }" if sent else "{}",
                ]
                decode = self.wire_type(self.returned(op), ctx)
                if decode is not None or self.is_list(op):
                    args.append(decode or "nil")
                if self.is_list(op):
                    args.append("list: true")
                method.call = [
                    f"(@client || {top}.client).call_operation(",
                    *(f"  {a}," for a in args[:-1]),
                    f"  {args[-1]}",
                    ")",
                ]
            result.append(method)
        return result

    def returned(self, op: Operation) -> TypeExpr | None:
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
        return returns[0].type if returns else None

    def flat_params(self, op: Operation) -> list[Field]:
        """The keyword arguments: an ``unwrap`` options object's fields become arguments themselves."""
        return [f for p in op.params for f in (p.fields if p.unwrap else (p,)) if not f.is_method]

    def returns_doc(self, op: Operation) -> list[str]:
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
        if not returns:
            return ["# @return [void]"]
        types = ", ".join(dict.fromkeys(self.type(r.type) for r in returns))
        if self.is_list(op) and self.settings.bodies == "http":
            types = f"{'::'.join(self.modules())}::ListPage<{types}>"
        text = returns[0].description if len(returns) == 1 else None
        return comment(text, "", f"@return [{types}] ", "  ") or [f"# @return [{types}]"]

    def classes(self, api: LanguageAPI, ctx: _Render) -> dict[str, tuple[str, list[_Class], set[str]]]:
        """``{area file: (area module, classes with bases first, other area files required)}``."""
        items: list[Model | OptionClass] = [*api.models, *(o for o in api.options if not o.synthesized)]
        areas = by_area(items, lambda item: self.area_file(item.area))
        # Where each class name is defined, for resolving ``base`` (own area first).
        defined: dict[str, list[str]] = {}
        for area_file, area_items in areas.items():
            for item in area_items:
                defined.setdefault(self.constant(item.name), []).append(area_file)
        result: dict[str, tuple[str, list[_Class], set[str]]] = {}
        for area_file, area_items in areas.items():
            module = self.area_module(area_items[0].area)
            classes: dict[str, _Class] = {}
            documented: dict[str, str] = {}
            deps: set[str] = set()
            for item in sorted(area_items, key=lambda i: (self.constant(i.name), i.loc.file, i.loc.line)):
                name = self.constant(item.name)
                if name in classes:
                    if documented[name] != item.name and ctx.diags is not None:
                        self.class_collision(item.loc, name, item.name, documented[name])
                    continue
                documented[name] = item.name
                base = self.constant(item.base) if item.base else None
                doc = comment(item.description or _default_doc(item), "")
                if base and base != name and base in defined:
                    if area_file not in defined[base]:
                        other = sorted(defined[base])[0]
                        deps.add(other)
                        base = "::".join([*self.modules(), "Models", self.area_module_of(other, areas), base])
                else:
                    if base:
                        doc += comment(f"@note Documented as extending {item.base}, which the docs do not define.", "")
                    base = None
                if isinstance(item, Model) and item.url:
                    doc += ["#", *comment(f"@see {item.url}", "")]
                cls = _Class(name, base, doc)
                taken = UniqueNames(ctx.diags, self.name, f"attribute of {name}", separator="_")
                for f in item.fields:
                    if f.is_method:
                        continue
                    attr = taken.claim(self.accessor(f.name), f.name, f.loc)
                    attr_doc = comment(f.description, "", f"@return [{self.field_type(f)}] ", "  ")
                    attr_doc = attr_doc or [f"# @return [{self.field_type(f)}]"]
                    # The documented name when the HTTP reference gives none (marked in a comment).
                    wire = ruby_string(f.wire_name or f.name)
                    place = f":{f.place}" if f.place else None
                    cls.attrs.append(
                        _Attr(attr, wire, attr_doc, f.wire_name is None, place, f.wire_name or f.name, f.type)
                    )
                classes[name] = cls
            # Bases first; a cycle in the docs loses the base edge that closes it (sorted by name).
            ordered = [classes[name] for name in sorted(classes)]
            broken = broken_bases(ordered, key=_class_name, base=_class_base)
            for cls in ordered:
                if cls.name in broken:
                    cls.base = None
            result[area_file] = (module, bases_first(ordered, key=_class_name, base=_class_base), deps)
        return result

    def enum_modules(
        self, api: LanguageAPI, classes: dict[str, tuple[str, list[_Class], set[str]]], ctx: _Render
    ) -> dict[str, tuple[str, list[_EnumModule]]]:
        """``{area file: (area module, enum modules by name)}``; a name a class of the area has is skipped."""
        by_area: dict[str, tuple[str, dict[str, _EnumModule]]] = {}
        documented: dict[tuple[str, str], str] = {}
        for enum in sorted(api.enums, key=lambda e: (e.area, e.name, e.qualifier or "")):
            area_file = self.area_file(enum.area)
            _, enums = by_area.setdefault(area_file, (self.area_module(enum.area), {}))
            name = self.constant(enum.name)
            taken = {c.name: c for c in classes.get(area_file, ("", [], set()))[1]}
            if name in taken or (name in enums and documented[(area_file, name)] != enum.name):
                first = documented.get((area_file, name), name)
                if ctx.diags is not None:
                    self.class_collision(enum.loc, name, enum.name, first)
                continue
            if name in enums:  # the same name with another qualifier: one module, every value
                known = {literal for _, literal in enums[name].values}
                extra = [v for v in enum.values if ruby_string(v) not in known]
                enums[name].values += self.enum_values(name, extra, enum, ctx.diags, taken=enums[name].values)
                enums[name].raw_values += extra
                continue
            documented[(area_file, name)] = enum.name
            doc = comment(enum.description or f"The values of {enum.name}.", "")
            values = self.enum_values(name, list(enum.values), enum, ctx.diags)
            enums[name] = _EnumModule(name, doc, values, list(enum.values))
        return {area: (module, [enums[n] for n in sorted(enums)]) for area, (module, enums) in by_area.items()}

    def enum_values(
        self,
        name: str,
        values: list[str],
        enum: Enum,
        diags: Diagnostics | None,
        taken: list[tuple[str, str]] | None = None,
    ) -> list[tuple[str, str]]:
        """(constant, literal) per value; ``ALL`` is the module's list of them all."""
        names = UniqueNames(diags, self.name, f"constant of {name}", separator="_", reserved=["ALL"])
        for constant, _ in taken or []:
            names.claim(constant, constant)
        return [(names.claim(self.value_constant(v), v, enum.loc), ruby_string(v)) for v in values]

    def area_module_of(self, area_file: str, by_area: dict[str, list[Model | OptionClass]]) -> str:
        return self.area_module(by_area[area_file][0].area)


def _key(name: str) -> str:
    """A symbol key of a hash literal: ``name:``, or ``"a-b":`` when it is no identifier."""
    return f"{name}:" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*[?!]?", name) else f"{ruby_string(name)}:"


def _json_literal(value: object) -> str:
    """A Ruby literal of JSON data: hashes with string keys."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return ruby_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_json_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = [f"{ruby_string(str(k))} => {_json_literal(v)}" for k, v in value.items()]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    return ruby_string(str(value))


def _hash_literal(value: object) -> str:
    """A keyword argument's literal: text as it is, a hash argument ``{ key: ... }`` by key."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} {_hash_literal(v)}" for k, v in value.items()) + " }"
    return str(value)


def _symbol(name: str) -> str:
    """A symbol literal: ``:name``, or ``:'a-b'`` when it is no identifier."""
    return f":{name}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*[?!]?", name) else f":{ruby_string(name)}"


def _route(f: Field) -> str | None:
    """Where an argument goes: ``['wire', :place].freeze``; for a hash the reference links key
    by key, the same per key (keyed as its ``@option`` docs); None when nothing of it is sent."""
    if f.wire_name and f.place:
        return f"[{ruby_string(f.wire_name)}, :{f.place}].freeze"
    keys = [(sub.wire_name or sub.name, _route(sub)) for sub in f.fields if not sub.is_method]
    linked = [f"{_key(key)} {route}" for key, route in keys if route is not None]
    return "{ " + ", ".join(linked) + " }.freeze" if linked else None


def _yard_literal(value: str) -> str:
    return '"' + one_line(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _numbered_method(name: str, n: int) -> str:
    """``name_2``, or ``valid_2?``: a documented final ``?`` or ``!`` stays last."""
    return f"{name[:-1]}_{n}{name[-1]}" if name.endswith(("?", "!")) else f"{name}_{n}"


def ruby_symbol(value: str) -> str:
    """A symbol for a YARD ``@option`` key (display only, it lives in a comment)."""
    return value if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) else ruby_string(value)


def _relative(path: str, root: str) -> str:
    """``path`` relative to the folder holding ``lib/<root>.rb``."""
    return path[len(root) - len(root.rsplit("/", 1)[-1]) :]


def _class_name(cls: _Class) -> str:
    return cls.name


def _class_base(cls: _Class) -> str | None:
    return cls.base


def _default_doc(item: Model | OptionClass) -> str:
    if isinstance(item, OptionClass):
        return f"Options for {item.name}."
    return item.title or item.name
