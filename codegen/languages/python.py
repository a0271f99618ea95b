"""Python: a package with one module per service and dataclass models per area; black-formatted.

Enums stay ``Literal[...]`` where the docs write them; a name the docs use for one but never
define (``ConnectionType``) is a ``TypeAlias`` of that ``Literal`` in its area's models module.
Each dataclass field carries its exact wire name (and, for request parameters, its place) in
``metadata``; each service class maps its methods to their HTTP request in ``REQUESTS``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import ClassVar

from pydantic import field_validator

from ..formatting import FormatError, Formatter
from ..ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from ..naming import UniqueNames, pascal, safe_identifier, snake
from ..text import GENERATED_NOTICE, docstring, lines, one_line, python_string
from ..types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf
from .base import Emitter, LanguageSettings, setting_matches

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
        "cls",
        "field",
        "dataclass",
        "datetime",
        "TYPE_CHECKING",
    }
)
# Class names the generated modules import from typing (a docs class of that name would shadow it).
CLASS_RESERVED = RESERVED | {"TypeAlias", "ClassVar"}
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
BLACK = Formatter(
    name=f"black-{version('black')}-py311",
    function=_black,
    preload="black",
)


_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


class PythonSettings(LanguageSettings):
    package: str = "sdk"
    # Where the SDK provides the types the docs use but never define (see ``codegen externals``).
    externals_module: str | None = None

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
    formatter = BLACK
    name = "python"
    settings_model = PythonSettings
    builtin_types: ClassVar[frozenset[str]] = frozenset()
    # Literal unions stay inline (``Literal["totp", "sms"]``); names get a ``TypeAlias``.
    enum_style = "inline"
    settings: PythonSettings

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
        self.api = api
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
            files[f"{package}/models/{module}.py"] = self.models_module(module, by_area[module], enums[module])
        files[f"{package}/models/__init__.py"] = self.template("package_init.py.j2", header=self.header(), names=[])
        services: dict[str, list[Operation]] = defaultdict(list)
        for op in api.operations:
            services[self.identifier(op.service or "functions")].append(op)
        for module, ops in sorted(services.items()):
            files[f"{package}/{module}.py"] = self.service_module(module, ops)
        files[f"{package}/__init__.py"] = self.template(
            "package_init.py.j2", header=self.header(), names=sorted(services)
        )
        return files

    def header(self) -> list[str]:
        return [f"# {GENERATED_NOTICE}", "# @generated"]

    def models_module(self, module: str, items: list[Model | OptionClass], enums: list[Enum]) -> str:
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
                imports.runtime_models[self.base_module(base, item.area)].add(base)
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

    def base_module(self, base: str, area: str) -> str:
        """The module of a base class: its own area when defined there, else the first that has it."""
        areas = sorted(m.area for m in self.api.models if self.class_name(m.name) == base)
        return self.area_module(area if area in areas or not areas else areas[0])

    def field_type(self, field: Field, imports: _Imports) -> str:
        text = self.type(field.type, imports)
        if field.optional and not _is_nullable(field.type):
            imports.typing.add("Optional")
            text = f"Optional[{text}]"
        return text

    def params(self, op: Operation, imports: _Imports) -> list[_Param]:
        """The keyword arguments, in documented order (an ``unwrap`` object's fields are arguments)."""
        params: list[_Param] = []
        names = UniqueNames(self.diags, self.name, f"parameter of {self.identifier(op.name)}", separator="_")
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

    def request(self, op: Operation, params: list[_Param]) -> dict[str, object] | None:
        """The method's HTTP request: method, path template, and (wire name, place) per linked argument.

        Arguments the HTTP reference does not link are left out: they are not sent (the
        linker warns). An option-class argument's fields carry their own in ``metadata``.
        """
        if op.http is None:
            return None
        linked = [(p.name, p.field.wire_name, p.field.place) for p in params if p.field.wire_name and p.field.place]
        return {"method": op.http.method, "path": op.http.path, "params": linked}

    def service_module(self, module: str, ops: list[Operation]) -> str:
        imports = _Imports()
        methods = []
        class_name = pascal(module) or "Functions"
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
                    "request": self.request(op, params),
                }
            )
        if any(m["request"] for m in methods):
            imports.typing |= {"ClassVar", "Dict", "Tuple"}
        return self.template(
            "service.py.j2",
            header=self.header(),
            imports=imports.render(None, self),
            class_name=class_name,
            methods=methods,
        )


class _Imports:
    def __init__(self) -> None:
        self.typing: set[str] = set()
        self.modules: set[str] = set()
        self.models: dict[str, set[str]] = defaultdict(set)
        self.runtime_models: dict[str, set[str]] = defaultdict(set)
        self.externals: set[str] = set()

    def render(self, own_module: str | None, emitter: PythonEmitter) -> dict[str, list[str]]:
        runtime = [f"import {m}" for m in sorted(self.modules)]
        if self.typing:
            runtime.append(f"from typing import {', '.join(sorted(self.typing))}")
        for module, names in sorted(self.runtime_models.items()):
            runtime.append(f"from .{module} import {', '.join(sorted(names))}")
        checking = []
        prefix = "." if own_module is not None else ".models."
        for module, names in sorted(self.models.items()):
            names = names - ({""} if module != own_module else names)
            if names:
                checking.append(f"from {prefix}{module} import {', '.join(sorted(names))}")
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


def _default_doc(item: Model | OptionClass) -> str:
    if isinstance(item, OptionClass):
        return f"Options for {item.name}."
    return item.title or item.name


def _is_nullable(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Nullable) or (isinstance(expr, Prim) and expr.name in ("any", "null"))


def _is_optional(param: _Param) -> bool:
    return param.optional
