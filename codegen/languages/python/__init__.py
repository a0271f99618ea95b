"""Python: a package with one module per service and dataclass models per area, in black's layout.

Literal unions stay ``Literal[...]`` where the docs write them; a name the docs use for one but
never define (``ConnectionType``) is a ``TypeAlias`` of that ``Literal`` in its area's models
module; a type they never define at all is a ``TypeAlias`` of ``Any`` in ``models/externals.py``.
Each dataclass field carries its exact wire name (and, for request parameters, its place) in
``metadata``; each method makes its request on the runtime (``_runtime.py``, the standard
library only) with the values the plan gives it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ...checked import field_validator
from ...fastpath import installed_version
from ...formatting import FormatError, Formatter
from ...naming import pascal, safe_identifier, snake
from ...plan.sdk import Naming, StepText, TypeContext
from ...plan.symbols import EXTERNALS, ScopeRule
from ...plan.views import ImportView, ScopeView, SdkView, ServiceView
from ...text import GENERATED_NOTICE, docstring, lines, python_string
from ...types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from ..base import LanguageSettings, setting_matches
from ..language import File, Language
from ..layer import bases_first
from ..pylayout import layout

# A fixed table, not keyword.kwlist: the output must not depend on the Python running codegen;
# and the names the generated code uses itself.
KEYWORDS = (
    "False None True and as assert async await break class continue def del elif else except finally for from global "
    "if import in is lambda nonlocal not or pass raise return try while with yield"
)
RESERVED = frozenset(f"{KEYWORDS} self cast locals cls field dataclass datetime TYPE_CHECKING".split())
# What the generated modules import from typing: no class may shadow it.
TYPING = frozenset("Any Callable ClassVar Dict List Literal Optional Tuple TypeAlias Union cast".split())
# Attributes of the runtime's client: a service of that name is ``<name>_service`` on the client.
CLIENT_ATTRIBUTES = frozenset("api_key client_id base_url timeout max_retries transport request url require".split())
# How the docs may spell a type in Python; anything else is reinterpreted (with a warning).
NATIVE_SPELLINGS = frozenset(
    [
        *"str int float bool datetime Any dict list None object literal Callable".split(),
        *["T | None", "A | B", "List[", "Sequence[", "Set[", "list[", "Dict[", "dict[", "Optional["],
    ]
)
PRIMITIVES = {
    "string": "str",
    "int": "int",
    "number": "float",
    "bool": "bool",
    "datetime": "datetime.datetime",
    "any": "Any",
    "object": "Dict[str, Any]",
    "function": "Callable[..., Any]",
    "void": "None",
    "null": "None",
}
# The runtime names the package exports besides ``Client``.
RUNTIME_EXPORTS = (
    "APIConnectionError APIError APITimeoutError AuthenticationError BadRequestError ConflictError NotFoundError "
    "PermissionDeniedError RateLimitError RequestOptions Response ServerError Transport UnprocessableEntityError"
).split()
# The build backend of the generated package, pinned.
SETUPTOOLS = "setuptools==80.9.0"
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")


def _black(text: str) -> str:
    import black.parsing  # here, not at the top: with workers, only they load it (it is slow to import)

    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311})
    try:
        return black.format_str(text, mode=mode)
    except black.parsing.InvalidInput as exc:  # "cannot parse ...: 12:4\n    code\n    ^\nParseError: ..."
        first, *rest = str(exc).splitlines()
        found = re.search(r":? (\d+):(\d+):?$", first)
        line, col = (int(found[1]), int(found[2]) + 1) if found else (1, 1)
        reason = first[: found.start()] if found else first
        code = f" at `{rest[0].strip()}`" if rest and rest[0].strip() else ""
        message = f"the rendered Python does not parse (check the templates): {reason}{code}"
        raise FormatError(message, line, col) from None


# black is most of a cold run; its output depends only on its input, its version and the mode.
BLACK = Formatter(name=f"black-{installed_version('black')}-py311", function=_black, preload="black", suffixes=(".py",))
# The built-in templates write black's layout but for long lines, which ``pylayout`` splits as
# black does (tests hold it to black over the corpus); a file it cannot lay out goes to black.
LAYOUT = Formatter(name=BLACK.name, function=_black, preload="black", fast=layout, suffixes=(".py",))


class PythonSettings(LanguageSettings):
    package: str = "sdk"
    # Where the SDK provides the types the docs use but never define; unset: generated stand-ins.
    externals_module: str | None = None
    # Where requests go unless the client says otherwise.
    base_url: str = "https://api.workos.com"

    @field_validator("package", "externals_module")
    @classmethod
    def _module(cls, value: str | None) -> str | None:
        rule = "a Python module path is identifiers (ASCII letters, digits, '_') separated by '.'"
        return value if value is None else setting_matches(value, _MODULE, rule)

    @field_validator("package_name")
    @classmethod
    def _distribution(cls, value: str | None) -> str | None:
        rule = "a Python distribution name is ASCII letters, digits, '.', '_' and '-', a letter or digit at each end"
        return value if value is None else setting_matches(value, _DISTRIBUTION, rule)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return setting_matches(value, r"https?://[!#-~]+", "a base URL is http(s):// and printable ASCII")

    @property
    def distribution(self) -> str:
        """The name the SDK is published and installed as (the import package's by default)."""
        return self.package_name or self.package


def identifier(name: str) -> str:
    return safe_identifier(snake(name) or name, RESERVED)


def class_name(name: str) -> str:
    """The documented name (the docs write Python's), in CapWords when it is not (PEP 8)."""
    if not name[:1].isupper() or "_" in name:
        name = pascal(name) or name
    return safe_identifier(name, RESERVED | TYPING)


class PythonLanguage(Language):
    name = "python"
    settings_model = PythonSettings
    formatter = LAYOUT
    fence = "python"
    aliases = ("py",)
    enum_name_rank = 50
    # Literal unions stay inline (``Literal["totp", "sms"]``); names get a ``TypeAlias``.
    enum_style = "inline"
    builtin_types: ClassVar[frozenset[str]] = frozenset({"None"})
    scope_rule: ClassVar[ScopeRule] = ScopeRule(declares_inline_objects=True, builtins=frozenset({"None"}))
    snippet_template = "snippet.py.j2"
    settings: PythonSettings

    @classmethod
    def formatter_for(cls, overridden: bool) -> Formatter:
        """black itself when templates are overridden: an override need not write black's layout."""
        return BLACK if overridden else LAYOUT

    @property
    def naming(self) -> Naming:
        return Naming(
            type=class_name,
            field=identifier,
            method=identifier,
            param=identifier,
            constant=lambda enum, value: identifier(value).upper(),
            scope=lambda scope: identifier(scope or "common"),
            service=lambda service: pascal(identifier(service)) or "Functions",
            module=identifier,
            attribute=lambda s: f"{identifier(s)}_service" if identifier(s) in CLIENT_ATTRIBUTES else identifier(s),
            reserved=RESERVED,
            type_reserved=TYPING,
            param_reserved=frozenset({"request_options", "result"}),
            separator="_",
        )

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if not spelling or (isinstance(expr, Named) and not expr.args) or spelling in NATIVE_SPELLINGS:
            return None
        return f"'{spelling.rstrip('[<')}' is not a Python type; read as {_plain(expr)}"

    # --- the hooks -------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        text = self._type(expr, ctx)
        return f"Optional[{text}]" if optional and not text.startswith("Optional[") and text != "Any" else text

    def _type(self, expr: TypeExpr | None, ctx: TypeContext) -> str:
        if expr is None:
            return "Any"
        if isinstance(expr, Prim):
            return PRIMITIVES[expr.name]
        if isinstance(expr, LiteralOf):
            return "Literal[" + ", ".join(python_string(v) for v in expr.values) + "]"
        if isinstance(expr, ListOf):
            return f"List[{self._type(expr.item, ctx)}]"
        if isinstance(expr, MapOf):
            return f"Dict[{self._type(expr.key, ctx)}, {self._type(expr.value, ctx)}]"
        if isinstance(expr, Nullable):
            return f"Optional[{self._type(expr.inner, ctx)}]"
        if isinstance(expr, UnionOf):
            return "Union[" + ", ".join(self._type(o, ctx) for o in expr.options) + "]"
        decl = ctx.resolve(expr)
        if decl is None:  # None, or a generic wrapper (an async result): its argument
            return "None" if expr.name == "None" else self._type(expr.args[0], ctx) if expr.args else "Any"
        return ctx.ref(decl)[1]

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        """Parameters are flattened (an unwrapped object's fields are keyword arguments); an
        option object's field is read when the object is given."""
        if steps[0].unwrapped:
            steps = steps[1:]
        expr, guards = steps[0].name, []
        for step in steps[1:]:
            guards.append(f"{expr} is not None")
            expr = f"{expr}[{python_string(step.docs_name)}]" if step.mapping else f"{expr}.{step.name}"
        return expr, tuple(guards)

    def constant_text(self, text: str) -> str:
        return python_string(text)

    def setting_text(self, setting: str) -> str:
        return f"self._client.require({python_string(setting)})"

    # --- files -----------------------------------------------------------------------------
    def files(self, sdk: SdkView) -> Iterable[File]:
        package = self.settings.package
        folder = package.replace(".", "/")
        header = [f"# {GENERATED_NOTICE}", "# @generated"]
        external = self.settings.externals_module
        for scope in sdk.scopes:
            if scope.docs_name == EXTERNALS and external:
                continue  # the SDK's own module provides them
            yield f"{folder}/models/{scope.name}.py", "models.py.j2", self._models(scope, header)
        yield f"{folder}/models/__init__.py", "package_init.py.j2", {"header": header, "imports": [], "names": []}
        for service in sdk.services:
            yield f"{folder}/{service.module}.py", "service.py.j2", self._service(service, header)
        settings = self.settings
        yield (
            f"{folder}/_runtime.py",
            "_runtime.py.j2",
            {
                "header": header,
                "package_name": settings.distribution,
                "version": settings.version,
                "base_url": settings.base_url,
            },
        )
        yield f"{folder}/_client.py", "client.py.j2", {"header": header, "services": sdk.services}
        yield (
            f"{folder}/__init__.py",
            "package_init.py.j2",
            {
                "header": header,
                "imports": [
                    "from ._client import Client",
                    f"from ._runtime import {', '.join(RUNTIME_EXPORTS)}",
                    "from ._runtime import VERSION as __version__",
                ],
                "names": [
                    *sorted(["Client", *RUNTIME_EXPORTS]),
                    *sorted(s.module for s in sdk.services),
                    "__version__",
                ],
            },
        )
        toml = {
            key: None if value is None else json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
            for key, value in {
                "name": settings.distribution,
                "version": settings.version,
                "description": settings.description,
                "license": settings.license,
                "author": settings.author,
                "repository": settings.repository,
                "package": package,
                "include": f"{package}.*",
                "setuptools": SETUPTOOLS,
            }.items()
        }
        yield "pyproject.toml", "pyproject.toml.j2", {"notice": GENERATED_NOTICE, "toml": toml}
        yield (
            "README.md",
            "README.md.j2",
            {
                "notice": GENERATED_NOTICE,
                "settings": settings,
                "services": sdk.services,
                "fence": lambda code: "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0)),
                "call": self._readme_call(sdk, paged=False),
                "paged": self._readme_call(sdk, paged=True),
            },
        )
        yield f"{folder}/py.typed", "empty.j2", {}

    def _models(self, scope: ScopeView, header: list[str]) -> dict[str, Any]:
        # By name, except that a base class defined in the module comes before its subclasses.
        decls = sorted((d for d in scope.decls if d.kind != "enum"), key=lambda d: d.name)
        decls = bases_first(decls, key=lambda d: d.name, base=lambda d: d.base)
        types = " ".join(f.type for d in scope.decls for f in d.fields)
        aliases = [d for d in scope.decls if d.kind == "enum"]
        standins = [d for d in scope.decls if d.kind == "standin"]
        declared = {d.name for d in scope.decls}
        bases = {d.base for d in decls if d.base and d.base not in declared}
        runtime, checking = [], []
        for imp in scope.imports:
            module = self._module_of(imp, relative=".")
            later = [n for n in imp.names if n not in bases]
            first = [n for n in imp.names if n in bases]
            if first:
                runtime.append(f"from {module} import {', '.join(first)}")
            if later:
                checking.append(f"from {module} import {', '.join(later)}")
        literals = " Literal" if aliases else ""
        typing = _typing_names(
            types + (" TypeAlias Any" if standins else "") + (" TypeAlias" if aliases else "") + literals
        )
        return {
            "header": header,
            "typing": typing,
            "datetime": "datetime." in types,
            "dataclasses": any(d.kind != "standin" for d in decls),
            "runtime": runtime,
            "checking": checking,
            "aliases": [d for d in aliases if d.kind == "enum"],
            "classes": [d for d in decls if d.kind != "standin"],
            "standins": standins,
            "alias_type": lambda d: "Literal[" + ", ".join(python_string(c.value) for c in d.constants) + "]",
            "docstring": docstring,
            "lines": lines,
            "list_base": lambda d: f"_runtime.ListResource[{python_string(d.page_item)}]" if d.page_item else "",
        }

    def _service(self, service: ServiceView, header: list[str]) -> dict[str, Any]:
        types = " ".join([m.result for m in service.methods] + [p.type for m in service.methods for p in m.arguments])
        # Only what the module writes: the results and parameter types (a page's item type is the
        # page class's business), and ``cast`` where a body returns a decoded reply.
        written = set(re.findall(r"\b\w+\b", types))
        imports = [
            f"from {self._module_of(imp, relative='.models.')} import {', '.join(names)}"
            for imp in service.imports
            if (names := [n for n in imp.names if n.split()[-1] in written])
        ]
        stub = self.settings.bodies == "stub"
        casts = not stub and any(m.result and m.request and m.request.reply != "url" for m in service.methods)
        return {
            "header": header,
            "typing": _typing_names(types + " Optional" + (" cast" if casts else "")),
            "datetime": "datetime." in types,
            "imports": imports,
            "service": service,
            "docstring": docstring,
            "method_doc": _method_doc,
            "settings_stub": self.settings.bodies == "stub",
        }

    def _module_of(self, imp: ImportView, *, relative: str) -> str:
        if imp.docs_scope == EXTERNALS and self.settings.externals_module:
            return self.settings.externals_module
        return f"{relative}{imp.scope}"

    def _readme_call(self, sdk: SdkView, *, paged: bool) -> str | None:
        """The README's example call (SdkView.example) with its required arguments."""
        found = sdk.example("page" if paged else "json")
        if found is None:
            return None
        service, method = found
        required = [p for p in method.arguments if not p.optional and p.role == "data"]
        args = ", ".join(f"{p.name}={python_string(p.docs_name + '-1')}" for p in required)
        return f"result = client.{service.attribute}.{method.name}({args})"


def _method_doc(method: Any, params: list[Any]) -> str:
    """A method's docstring: its description, its arguments (with their wire names), what it
    returns, and its docs page (Google style)."""
    doc = lines(method.doc) or [method.title or method.docs_name]
    if params:
        doc += ["", "Args:"]
        for p in params:
            text = lines(p.doc)
            wire = f" (wire name: {p.wire})" if p.wire and p.wire != p.docs_name else ""
            doc += [f"    {p.name}:{wire} {text[0] if text else ''}".rstrip(), *(f"        {t}" for t in text[1:])]
        doc.append("    request_options: this call's idempotency key, extra headers and timeout.")
    if method.result_doc:
        doc += ["", "Returns:", *(f"    {line}" for line in lines(method.result_doc))]
    if method.url:
        doc += ["", f"See {method.url}"]
    return "\n".join(doc)


def _typing_names(text: str) -> list[str]:
    return sorted(set(re.findall(r"\b(" + "|".join(sorted(TYPING - {"ClassVar", "Tuple"})) + r")\b", text)))


def _plain(expr: TypeExpr) -> str:
    """How Python reads a type the docs spell otherwise (for the reinterpretation warning)."""
    if isinstance(expr, Prim):
        return PRIMITIVES[expr.name]
    return {ListOf: "List[...]", MapOf: "Dict[...]", Nullable: "Optional[...]", UnionOf: "Union[...]"}.get(
        type(expr), "Literal[...]" if isinstance(expr, LiteralOf) else "its name"
    )
