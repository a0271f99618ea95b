"""Python: a package with one module per service and dataclass models per area; black-formatted.

Enums stay ``Literal[...]`` where the docs write them; a name the docs use for one but never
define (``ConnectionType``) is a ``TypeAlias`` of that ``Literal`` in its area's models module.
Each dataclass field carries its exact wire name (and, for request parameters, its place) in
``metadata``; each service class maps its methods to their HTTP request in ``REQUESTS``.
Beside the import package: ``pyproject.toml`` (setuptools, pinned), ``README.md``, and
``py.typed`` in the package, from the package settings.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.metadata import version
from typing import ClassVar

from pydantic import field_validator

from ..diagnostics import Diagnostics
from ..formatting import FormatError, Formatter
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, pascal, safe_identifier, snake
from ..samples import Arg, Declarations, SampleCall, sample_call
from ..text import GENERATED_NOTICE, docstring, lines, one_line, python_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .base import Emitter, LanguageSettings, setting_matches
from .pylayout import layout

# A fixed table, not keyword.kwlist: the output must not depend on the Python running codegen.
RESERVED = frozenset(
    {
        "False",
        "None",
        "True",
        "and",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "class",
        "continue",
        "def",
        "del",
        "elif",
        "else",
        "except",
        "finally",
        "for",
        "from",
        "global",
        "if",
        "import",
        "in",
        "is",
        "lambda",
        "nonlocal",
        "not",
        "or",
        "pass",
        "raise",
        "return",
        "try",
        "while",
        "with",
        "yield",
        # Names the generated code itself uses.
        "self",
        "cast",
        "locals",
        "cls",
        "field",
        "dataclass",
        "datetime",
        "TYPE_CHECKING",
    }
)
# Class names the generated modules import from typing (a docs class of that name would shadow it).
CLASS_RESERVED = RESERVED | {"TypeAlias", "ClassVar"}
# Attributes of the runtime's client: a service of that name is ``<name>_service`` on the client.
CLIENT_ATTRIBUTES = frozenset({"api_key", "client_id", "base_url", "timeout", "max_retries", "transport", "request"})
# How the docs may spell a type in Python; anything else is reinterpreted (with a warning).
NATIVE_SPELLINGS = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "datetime",
        "Any",
        "dict",
        "list",
        "None",
        "object",
        "literal",
        "T | None",
        "A | B",
        "List[",
        "Sequence[",
        "Set[",
        "list[",
        "Dict[",
        "dict[",
        "Optional[",
        "Callable",
    }
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


def is_python(text: str) -> bool:
    """Whether a rendered file is Python: the SDK's package files are rendered too, and the
    formatter leaves them as they are (a README starts with an HTML comment, the manifest's first
    line that is not a comment is a TOML table header; neither is how a Python module starts)."""
    if text.startswith("<!--"):
        return False
    first = next((line for line in text.splitlines() if line and not line.startswith("#")), "")
    return not re.fullmatch(r"\[[A-Za-z0-9_.\"-]+\]", first)


def _layout(text: str) -> str | None:
    return layout(text) if is_python(text) else text


def _black(text: str) -> str:
    if not is_python(text):
        return text
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
BLACK = Formatter(
    name=f"black-{version('black')}-py311",
    function=_black,
    preload="black",
    suffixes=(".py",),
)
# The built-in templates write black's layout but for long lines, which ``pylayout`` splits as
# black does (tests hold it to black over the corpus); a file it cannot lay out goes to black.
LAYOUT = Formatter(name=BLACK.name, function=_black, preload="black", fast=_layout, suffixes=(".py",))


_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


# A distribution name (PEP 508): ASCII letters and digits, '.', '_', '-' inside.
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")


class PythonSettings(LanguageSettings):
    package: str = "sdk"
    # Where the SDK provides the types the docs use but never define (see ``codegen externals``).
    externals_module: str | None = None
    # Where requests go unless the client says otherwise.
    base_url: str = "https://api.workos.com"

    @field_validator("package_name")
    @classmethod
    def _distribution(cls, value: str | None) -> str | None:
        rule = "a Python distribution name is ASCII letters, digits, '.', '_' and '-', a letter or digit at each end"
        return value if value is None else setting_matches(value, _DISTRIBUTION, rule)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        rule = "a base URL is http(s):// and printable ASCII without spaces or quotes"
        return setting_matches(value, r"https?://[!#-~]+", rule)

    @property
    def distribution(self) -> str:
        """The name the SDK is published and installed as (the import package's by default)."""
        return self.package_name or self.package

    @field_validator("package", "externals_module")
    @classmethod
    def _module(cls, value: str | None) -> str | None:
        rule = "a Python module path is identifiers (ASCII letters, digits, '_') separated by '.'"
        return value if value is None else setting_matches(value, _MODULE, rule)


@dataclass
class _Param:
    name: str
    type: str
    optional: bool
    wire: str | None
    field: Field


class PythonEmitter(Emitter):
    formatter = LAYOUT
    name = "python"
    settings_model = PythonSettings
    builtin_types: ClassVar[frozenset[str]] = frozenset()
    # Literal unions stay inline (``Literal["totp", "sms"]``); names get a ``TypeAlias``.
    enum_style = "inline"
    settings: PythonSettings

    @classmethod
    def formatter_for(cls, overridden: bool) -> Formatter:
        """black itself when templates are overridden: an override need not write black's layout."""
        return BLACK if overridden else LAYOUT

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        spelling = expr.spelling
        if not spelling or (isinstance(expr, Named) and not expr.args):
            return None
        if spelling in NATIVE_SPELLINGS:
            return None
        return f"'{spelling.rstrip('[<')}' is not a Python type; read as {self.type(expr, _Imports())}"

    def identifier(self, name: str) -> str:
        return safe_identifier(snake(self.rename(name)) or name, RESERVED)

    def class_name(self, name: str) -> str:
        """The documented name (the docs write Python's), in CapWords when it is not (PEP 8)."""
        name = self.rename(name)
        if not name[:1].isupper() or "_" in name:
            name = pascal(name) or name
        return safe_identifier(name, CLASS_RESERVED)

    def area_module(self, area: str) -> str:
        return safe_identifier(snake(area) or "common", RESERVED)

    @property
    def externals_module(self) -> str:
        return self.settings.externals_module or f"{self.settings.package}.externals"

    # --- types ------------------------------------------------------------------------------
    def type(self, expr: TypeExpr | None, imports: _Imports) -> str:
        if expr is None:
            imports.typing.add("Any")
            return "Any"
        if isinstance(expr, Prim):
            text = PRIMITIVES[expr.name]
            for name in ("Any", "Dict", "Callable"):
                if name in text:
                    imports.typing.add(name)
            if text.startswith("datetime"):
                imports.modules.add("datetime")
            return text
        if isinstance(expr, LiteralOf):
            imports.typing.add("Literal")
            return "Literal[" + ", ".join(python_string(v) for v in expr.values) + "]"
        if isinstance(expr, ListOf):
            imports.typing.add("List")
            return f"List[{self.type(expr.item, imports)}]"
        if isinstance(expr, MapOf):
            imports.typing.add("Dict")
            return f"Dict[{self.type(expr.key, imports)}, {self.type(expr.value, imports)}]"
        if isinstance(expr, Nullable):
            imports.typing.add("Optional")
            return f"Optional[{self.type(expr.inner, imports)}]"
        if isinstance(expr, UnionOf):
            imports.typing.add("Union")
            return "Union[" + ", ".join(self.type(o, imports) for o in expr.options) + "]"
        assert isinstance(expr, Named)
        name = self.class_name(expr.name)
        if expr.area is None:
            imports.externals.add(name)
        else:
            imports.models[self.area_module(expr.area)].add(name)
        return name

    # --- rendering --------------------------------------------------------------------------
    def render(self, api: LanguageAPI) -> dict[str, str]:
        package = self.settings.package.replace(".", "/")
        files: dict[str, str] = {}
        by_area: dict[str, list[Model | OptionClass]] = defaultdict(list)
        enums: dict[str, list[Enum]] = defaultdict(list)
        items: list[Model | OptionClass] = [*api.models, *api.options]
        for item in items:
            by_area[self.area_module(item.area)].append(item)
        for enum in api.enums:
            enums[self.area_module(enum.area)].append(enum)
        for module in sorted(by_area.keys() | enums.keys()):
            files[f"{package}/models/{module}.py"] = self.models_module(module, by_area[module], enums[module], api)
        files[f"{package}/models/__init__.py"] = self.template(
            "package_init.py.j2", header=self.header(), imports=[], names=[]
        )
        services: dict[str, list[Operation]] = defaultdict(list)
        for op in api.operations:
            services[self.identifier(op.service or "functions")].append(op)
        for module, ops in sorted(services.items()):
            files[f"{package}/{module}.py"] = self.service_module(module, ops, api)
        settings = self.settings
        files[f"{package}/_runtime.py"] = self.template(
            "_runtime.py.j2",
            header=self.header(),
            package_name=settings.distribution,
            version=settings.version,
            base_url=settings.base_url,
        )
        clients = [
            {"module": m, "cls": _service_class(m), "attribute": self.service_attribute(m)} for m in sorted(services)
        ]
        files[f"{package}/_client.py"] = self.template("client.py.j2", header=self.header(), services=clients)
        files[f"{package}/__init__.py"] = self.template(
            "package_init.py.j2",
            header=self.header(),
            imports=[
                "from ._client import Client",
                f"from ._runtime import {', '.join(RUNTIME_EXPORTS)}",
                "from ._runtime import VERSION as __version__",
            ],
            names=[*sorted(["Client", *RUNTIME_EXPORTS]), *sorted(services), "__version__"],
        )
        files.update(self.package_files(api, clients))
        return files

    def package_files(self, api: LanguageAPI, clients: list[dict[str, str]]) -> dict[str, str]:
        """The distribution around the import package: ``pyproject.toml`` (setuptools, pinned; no
        dependencies: the runtime is the standard library's), ``README.md`` and ``py.typed``."""
        settings = self.settings
        package = settings.package
        toml = {
            key: None if value is None else _toml_string(value)
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
        manifest = self.template("pyproject.toml.j2", notice=GENERATED_NOTICE, toml=toml)
        readme = self.template(
            "README.md.j2",
            notice=GENERATED_NOTICE,
            settings=settings,
            services=clients,
            call=self._readme_call(api, paged=False),
            paged=self._readme_call(api, paged=True),
            fence=_fence,
        )
        return {"pyproject.toml": manifest, "README.md": readme, f"{package.replace('.', '/')}/py.typed": ""}

    def _readme_call(self, api: LanguageAPI, *, paged: bool) -> str | None:
        """The usage snippet of the README's example: the first GET operation (by name) whose
        reply is a page of a list (``paged``) or an object, with its required arguments."""
        models = {(m.area, m.name): m for m in api.models}
        decls = Declarations.of(api)
        for op in sorted(api.operations, key=lambda o: (self.identifier(o.service or "functions"), o.name)):
            if op.http is None or op.http.method != "GET" or not op.returns:
                continue
            returned = op.returns[0].type
            model = models.get((returned.area or "", returned.name)) if isinstance(returned, Named) else None
            if model is None or (self.list_base(model, _Imports()) is not None) != paged:
                continue
            call = sample_call(op, api, decls)
            return self.example_call(replace(call, args=tuple(a for a in call.args if not a.field.optional)), api)
        return None

    def service_attribute(self, module: str) -> str:
        """The client's attribute of a service (its module name, unless the client has that name)."""
        return f"{module}_service" if module in CLIENT_ATTRIBUTES else module

    def header(self) -> list[str]:
        return [f"# {GENERATED_NOTICE}", "# @generated"]

    def models_module(self, module: str, items: list[Model | OptionClass], enums: list[Enum], api: LanguageAPI) -> str:
        imports = _Imports()
        classes = []
        first: dict[str, Model | OptionClass | Enum] = {}
        ordered: list[Model | OptionClass | Enum] = [*items, *enums]
        for item in sorted(ordered, key=lambda i: (isinstance(i, Enum), i.loc, i.name)):
            kept = first.setdefault(self.class_name(item.name), item)
            if kept is not item:
                self.class_collision(item.loc, self.class_name(item.name), item.name, kept.name)
        aliases = [
            {
                "name": name,
                "type": self.type(LiteralOf(values=enum.values), imports),
                "doc": [f"#: {line}" if line else "#:" for line in lines(enum.description)],
            }
            for name, enum in sorted(first.items())
            if isinstance(enum, Enum)
        ]
        if aliases:
            imports.typing.add("TypeAlias")
        declared = [i for i in first.values() if not isinstance(i, Enum)]
        for item in _bases_first(declared, self.class_name):
            names = UniqueNames(self.diags, self.name, f"field of {self.class_name(item.name)}", separator="_")
            fields = [
                {
                    "name": names.claim(self.identifier(f.name), f.name, f.loc),
                    "type": self.field_type(f, imports),
                    "optional": f.optional or _is_nullable(f.type),
                    # The documented name when the HTTP reference gives none (marked in a comment).
                    "wire": f.wire_name or f.name,
                    "undocumented": f.wire_name is None,
                    "place": f.place,
                    "doc": [f"#: {line}" if line else "#:" for line in lines(f.description)],
                }
                for f in item.fields
                if not f.is_method
            ]
            fields.sort(key=lambda f: bool(f["optional"]))
            base = self.class_name(item.base) if item.base else None
            if base and base not in {self.class_name(i.name) for i in items}:
                imports.runtime_models[self.base_module(base, item.area, api)].add(base)
            base = base or self.list_base(item, imports) or "_runtime.Model"
            classes.append(
                {
                    "name": self.class_name(item.name),
                    "base": base,
                    "doc": docstring(item.description or _default_doc(item), "    "),
                    "fields": fields,
                }
            )
        defined = {c["name"] for c in classes} | {a["name"] for a in aliases}
        imports.models[module] -= defined
        return self.template(
            "models.py.j2",
            header=self.header(),
            imports=imports.render(module, self),
            aliases=aliases,
            classes=classes,
        )

    def list_base(self, item: Model | OptionClass, imports: _Imports) -> str | None:
        """``_runtime.ListResource["Item"]`` for a page of a list (``data`` and ``list_metadata``)."""
        wires = {f.wire_name or f.name: f for f in item.fields}
        data = wires.get("data")
        if data is None or "list_metadata" not in wires or data.optional or not isinstance(data.type, ListOf):
            return None
        return f"_runtime.ListResource[{python_string(self.type(data.type.item, imports))}]"

    def base_module(self, base: str, area: str, api: LanguageAPI) -> str:
        """The module of a base class: its own area when defined there, else the first that has it."""
        areas = sorted(m.area for m in api.models if self.class_name(m.name) == base)
        return self.area_module(area if area in areas or not areas else areas[0])

    def field_type(self, field: Field, imports: _Imports) -> str:
        text = self.type(field.type, imports)
        if field.optional and not _is_nullable(field.type):
            imports.typing.add("Optional")
            text = f"Optional[{text}]"
        return text

    def params(self, op: Operation, imports: _Imports, diags: Diagnostics | None = None) -> list[_Param]:
        """The keyword arguments, in documented order (an ``unwrap`` object's fields are arguments);
        name collisions are reported to ``diags`` (the emitter's unless given)."""
        params: list[_Param] = []
        names = UniqueNames(
            self.diags if diags is None else diags, self.name, f"parameter of {self.identifier(op.name)}", separator="_"
        )
        for field in op.params:
            flattened = field.fields if field.unwrap else (field,)
            for f in flattened:
                if f.is_method:
                    continue
                name = names.claim(self.identifier(f.name), f.name, f.loc)
                params.append(_Param(name, self.field_type(f, imports), f.optional, f.wire_name, f))
        return params

    def arg_docs(self, params: list[_Param]) -> list[str]:
        result = []
        for param in params:
            f = param.field
            text = lines(f.description)
            wire = f" (wire name: {one_line(f.wire_name)})" if f.wire_name and f.wire_name != f.name else ""
            first = f"    {param.name}:{wire} {text[0] if text else ''}".rstrip()
            result += [first, *(f"        {line}" for line in text[1:])]
        return result

    def request(self, op: Operation, params: list[_Param], api: LanguageAPI) -> dict[str, object] | None:
        """The method's HTTP request: method, path template, and (wire name, place) per linked argument.

        Arguments the HTTP reference does not link are left out: they are not sent (the
        linker warns). An option-class argument's fields carry their own in ``metadata``.
        """
        if op.http is None:
            return None
        linked = [(p.name, p.field.wire_name, p.field.place) for p in params if p.field.wire_name and p.field.place]
        # Fixed-value parameters (``grant_type``) the docs of this language leave out: sent as they are.
        documented = {f.wire_name for p in params for f in (p.field, *self.option_fields(p.field, api)) if f.wire_name}
        constants = [
            (c.name, c.value, c.place)
            for c in op.http.params
            if getattr(c, "value", None) is not None and c.name not in documented
        ]
        return {"method": op.http.method, "path": op.http.path, "params": linked, "constants": constants}

    def option_fields(self, field: Field, api: LanguageAPI) -> tuple[Field, ...]:
        """The fields of the option class or request model an argument is, that carry a place."""
        expr = field.type.inner if isinstance(field.type, Nullable) else field.type
        if not isinstance(expr, Named):
            return ()
        items: list[Model | OptionClass] = [*api.options, *api.models]
        found = next((i for i in items if i.name == expr.name and i.area == (expr.area or i.area)), None)
        return tuple(f for f in found.fields if f.place) if found else ()

    def body(self, name: str, op: Operation, returns: str, imports: _Imports) -> str:
        """The method body: the HTTP call on the runtime (``bodies = "http"``), else a stub."""
        if self.settings.bodies == "stub" or op.http is None:
            return "raise NotImplementedError"
        call = f"self._call({python_string(name)}, locals())"
        if returns == "None":
            return call
        if returns == "Any":
            return f"return {call}"
        imports.typing.add("cast")
        return f"return cast({python_string(returns)}, {call})"

    def service_module(self, module: str, ops: list[Operation], api: LanguageAPI) -> str:
        imports = _Imports()
        methods = []
        class_name = _service_class(module)
        names = UniqueNames(self.diags, self.name, f"method of {class_name}", separator="_")
        # Claimed in document order, listed by name.
        claimed = [(names.claim(self.identifier(o.name), o.name, o.loc), o) for o in sorted(ops, key=lambda o: o.loc)]
        for name, op in sorted(claimed, key=lambda c: c[0]):
            params = self.params(op, imports)
            ordered = sorted(params, key=_is_optional)
            returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
            result = self.type(returns[0].type, imports) if returns else "None"
            doc = lines(op.description) or [one_line(op.title or op.name)]
            args = self.arg_docs(params)
            if args:
                doc += ["", "Args:", *args]
            if returns and returns[0].description:
                doc += ["", "Returns:", *(f"    {line}" for line in lines(returns[0].description))]
            if op.url:
                doc += ["", f"See {one_line(op.url)}"]
            required = [p for p in ordered if not p.optional]
            # A method whose one required argument is a path parameter (an id) takes it positionally.
            positional = required if len(required) == 1 and required[0].field.place == "path" else []
            methods.append(
                {
                    "name": name,
                    "positional": positional,
                    "keyword": ordered[len(positional) :],
                    "returns": result,
                    "doc": docstring("\n".join(doc), "        "),
                    "request": self.request(op, params, api),
                    "body": self.body(name, op, result, imports),
                }
            )
        if any(m["request"] for m in methods):
            imports.typing |= {"ClassVar", "Dict", "Tuple"}
        return self.template(
            "service.py.j2",
            header=self.header(),
            imports=imports.render(None, self, models_at_runtime=True),
            class_name=class_name,
            methods=methods,
        )

    # --- usage snippets -----------------------------------------------------------------------
    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        """``result = client.<service>.<method>(name=value, ...)``, the imports of the models the
        values name first; the result is kept unless the method returns nothing."""
        op = call.operation
        snippet = _Snippet(self, api)
        quiet = Diagnostics()  # the names again, without their warnings
        params = self.params(op, _Imports(), quiet)
        names = UniqueNames(quiet, self.name, "method", separator="_")
        service = self.identifier(op.service or "functions")
        same_service = [o for o in api.operations if self.identifier(o.service or "functions") == service]
        method = {
            id(o): names.claim(self.identifier(o.name), o.name, o.loc)
            for o in sorted(same_service, key=lambda o: o.loc)
        }
        keywords = []
        for p in params:
            top = any(p.field is f for f in op.params)
            path = (p.field.name,) if top else (_parent(op, p.field), p.field.name)
            args = [a for a in call.args if a.path[: len(path)] == path]
            if args:
                keywords.append(f"{p.name}={snippet.value(p.field, args, len(path))}")
            elif not p.optional:  # a required argument the sample gives no value (no wire name): not sent
                keywords.append(f"{p.name}=None")
        returns = [r for r in op.returns if not (isinstance(r.type, Named) and r.type.name == "error")]
        target = "result = " if returns and self.type(returns[0].type, _Imports()) != "None" else ""
        invocation = f"{target}client.{self.service_attribute(service)}.{method[id(op)]}({', '.join(keywords)})"
        return "\n".join([*snippet.import_lines(), invocation])


# The runtime names the package exports besides ``Client``.
RUNTIME_EXPORTS = (
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "Response",
    "ServerError",
    "Transport",
    "UnprocessableEntityError",
)
# The build backend of the generated package, pinned.
SETUPTOOLS = "setuptools==80.9.0"


def _toml_string(value: str) -> str:
    """A TOML basic string holding exactly ``value`` (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _fence(code: str) -> str:
    """A Markdown code fence longer than any run of backticks in ``code``."""
    return "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))


def _parent(op: Operation, field: Field) -> str:
    """The name of the ``unwrap`` parameter whose field is an argument."""
    return next(p.name for p in op.params if any(f is field for f in p.fields))


class _Snippet:
    """Python literals of sample values (JSON form) by the type of their field."""

    def __init__(self, emitter: PythonEmitter, api: LanguageAPI) -> None:
        self.emitter = emitter
        self.decls = Declarations.of(api)
        # A name declared in two areas is the one of the type's own area.
        declared: list[Model | OptionClass | Enum] = [*api.models, *api.options, *api.enums]
        self.by_area = {(d.area, d.qualifier, d.name): d for d in reversed(declared)}
        self.imports: dict[str, set[str]] = defaultdict(set)
        self.datetime = False

    def import_lines(self) -> list[str]:
        package = self.emitter.settings.package
        found = ["import datetime"] if self.datetime else []
        return found + [
            f"from {package}.models.{module} import {', '.join(sorted(names))}"
            for module, names in sorted(self.imports.items())
        ]

    def value(self, field: Field, args: list[Arg], depth: int) -> str:
        """The argument of ``field``: its own sample value, or an instance built from its children's."""
        own = [a for a in args if len(a.path) == depth]
        if own:
            return self.literal(field.type, own[0].value)
        children = field.fields or self._declaration_fields(field.type)
        name = self._class(field.type)
        parts = []
        for child in children:
            below = [a for a in args if len(a.path) > depth and a.path[depth] == child.name]
            if below and not child.is_method:
                key = (
                    f"{self.emitter.identifier(child.name)}="
                    if name
                    else f"{python_string(child.wire_name or child.name)}: "
                )
                parts.append(f"{key}{self.value(child, below, depth + 1)}")
        if name is None:  # an inline object: a dict by wire name
            return "{" + ", ".join(parts) + "}"
        return f"{name}({', '.join(parts)})"

    def literal(self, expr: TypeExpr | None, value: object) -> str:
        if value is None:
            return "None"
        if isinstance(expr, Nullable):
            return self.literal(expr.inner, value)
        if isinstance(expr, Prim) and expr.name == "datetime" and isinstance(value, str):
            self.datetime = True
            return f"datetime.datetime.fromisoformat({python_string(value)})"
        if isinstance(expr, ListOf) and isinstance(value, list):
            return "[" + ", ".join(self.literal(expr.item, v) for v in value) + "]"
        if isinstance(expr, MapOf) and isinstance(value, dict):
            return (
                "{"
                + ", ".join(f"{python_string(str(k))}: {self.literal(expr.value, v)}" for k, v in value.items())
                + "}"
            )
        if isinstance(expr, UnionOf):
            fits = [o for o in expr.options if isinstance(value, dict) == (self._class(o) is not None)]
            return self.literal((fits or list(expr.options))[0], value) if expr.options else _json_literal(value)
        if isinstance(expr, Named) and isinstance(value, dict):
            decl = self.find(expr)
            if isinstance(decl, (Model, OptionClass)):
                fields = {f.wire_name: f for f in _declaration_fields(decl, self.decls) if f.wire_name}
                parts = [
                    f"{self.emitter.identifier(fields[k].name)}={self.literal(fields[k].type, v)}"
                    for k, v in value.items()
                    if k in fields
                ]
                # A required field the sample leaves out (no sample value): None, not sent.
                given = {fields[k].name for k in value if k in fields}
                parts += [
                    f"{self.emitter.identifier(f.name)}=None"
                    for f in _declaration_fields(decl, self.decls)
                    if not f.optional and f.name not in given
                ]
                return f"{self._class(expr)}({', '.join(parts)})"
        return _json_literal(value)

    def find(self, named: Named) -> Model | OptionClass | Enum | None:
        return self.by_area.get((named.area or "", named.qualifier, named.name)) or self.decls.find(named)

    def _class(self, expr: TypeExpr | None) -> str | None:
        """The class a value of this type is an instance of (imported), or None."""
        while isinstance(expr, Nullable):
            expr = expr.inner
        decl = self.find(expr) if isinstance(expr, Named) else None
        if not isinstance(decl, (Model, OptionClass)):
            return None
        name = self.emitter.class_name(decl.name)
        self.imports[self.emitter.area_module(decl.area)].add(name)
        return name

    def _declaration_fields(self, expr: TypeExpr | None) -> tuple[Field, ...]:
        while isinstance(expr, Nullable):
            expr = expr.inner
        decl = self.find(expr) if isinstance(expr, Named) else None
        return tuple(_declaration_fields(decl, self.decls)) if isinstance(decl, (Model, OptionClass)) else ()


def _declaration_fields(decl: Model | OptionClass, decls: Declarations) -> list[Field]:
    """A declaration's fields, its bases' first."""
    chain: list[Model | OptionClass] = []
    current: Model | OptionClass | None = decl
    while current is not None and current not in chain:
        chain.append(current)
        base = decls.by_name.get(current.base) if current.base else None
        current = base if isinstance(base, (Model, OptionClass)) else None
    return [f for item in reversed(chain) for f in item.fields if not f.is_method]


def _json_literal(value: object) -> str:
    """The Python literal of a JSON value."""
    if isinstance(value, str):
        return python_string(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_json_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_string(str(k))}: {_json_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


class _Imports:
    def __init__(self) -> None:
        self.typing: set[str] = set()
        self.modules: set[str] = set()
        self.models: dict[str, set[str]] = defaultdict(set)
        self.runtime_models: dict[str, set[str]] = defaultdict(set)
        self.externals: set[str] = set()

    def render(
        self, own_module: str | None, emitter: PythonEmitter, models_at_runtime: bool = False
    ) -> dict[str, list[str]]:
        """The imports; models only for type checking, except where the runtime resolves
        annotations by the module's names (a service's return types)."""
        runtime = [f"import {m}" for m in sorted(self.modules)]
        if self.typing:
            runtime.append(f"from typing import {', '.join(sorted(self.typing))}")
        for module, names in sorted(self.runtime_models.items()):
            runtime.append(f"from .{module} import {', '.join(sorted(names))}")
        checking: list[str] = []
        prefix = "." if own_module is not None else ".models."
        for module, names in sorted(self.models.items()):
            names = names - ({""} if module != own_module else names)
            if names:
                (runtime if models_at_runtime else checking).append(
                    f"from {prefix}{module} import {', '.join(sorted(names))}"
                )
        if self.externals:
            checking.append(f"from {emitter.externals_module} import {', '.join(sorted(self.externals))}")
        return {"runtime": runtime, "type_checking": checking}


def _bases_first(items: list[Model | OptionClass], name: Callable[[str], str]) -> list[Model | OptionClass]:
    """Sorted by name, except that a base class defined in the same module comes before its subclasses."""
    by_name = {name(i.name): i for i in items}
    ordered: list[Model | OptionClass] = []
    placed: set[str] = set()

    def place(item: Model | OptionClass, seen: frozenset[str]) -> None:
        own = name(item.name)
        if own in placed or own in seen:
            return
        base = name(item.base) if isinstance(item, Model) and item.base else None
        if base in by_name:
            place(by_name[base], seen | {own})
        placed.add(own)
        ordered.append(item)

    for item in sorted(items, key=lambda i: name(i.name)):
        place(item, frozenset())
    return ordered


def _service_class(module: str) -> str:
    return pascal(module) or "Functions"


def _default_doc(item: Model | OptionClass) -> str:
    if isinstance(item, OptionClass):
        return f"Options for {item.name}."
    return item.title or item.name


def _is_nullable(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Nullable) or (isinstance(expr, Prim) and expr.name in ("any", "null"))


def _is_optional(param: _Param) -> bool:
    return param.optional
