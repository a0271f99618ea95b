"""The spelled SDK (codegen/plan/sdk.py): what a method's views say, for any language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from codegen.diagnostics import Diagnostics, Loc
from codegen.ir import Field, LanguageAPI, Model
from codegen.languages.python import PythonLanguage, PythonSettings
from codegen.naming import pascal, snake
from codegen.pipeline import load_api
from codegen.plan.sdk import Naming, SdkBuilder, StepText, TypeContext
from codegen.plan.symbols import ScopeRule, SymbolTable
from codegen.render import environment
from codegen.samples import sample_call
from codegen.types import Named, TypeExpr, parse_type

LOC = Loc("test.yaml", 1, 1)

# A method whose options and reply the docs describe inline (``type: Object`` with properties),
# on a service of its own: the options are the option class the linker makes of them
# (``ListThingsOptions``), the reply an inline object of the operation's area.
PAGE = """
descriptions:
  list_things:
    limit: How many.
    data: The things.
reference:
  curl:
    - key: list_things
      id: list_things
      title: '/things'
      type: GET
      parameters:
        - {key: limit, type: integer, optional: true, description: (list_things.limit)}
  ruby:
    - key: list_things
      id: list_things
      title: Things.list_things()
      parameters:
        - key: options
          type: Object
          optional: true
          properties:
            - {key: limit, type: Integer, optional: true, description: (list_things.limit)}
      returns:
        - key: anonymous
          type: Struct
          properties:
            - {key: data, type: 'Array[String]', description: (list_things.data)}
"""


class Plain:
    """A language that writes a declaration by its name and anything else by its kind."""

    naming = Naming(
        type=lambda name: pascal(name) or name,
        field=snake,
        method=snake,
        param=snake,
        constant=lambda enum, value: value.upper(),
        scope=lambda scope: scope or "common",
        service=lambda service: pascal(service) or "Functions",
        module=snake,
        separator="_",
    )

    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        decl = ctx.resolve(expr) if isinstance(expr, Named) else None
        return ctx.ref(decl)[1] if decl is not None else type(expr).__name__

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        return ".".join(s.name for s in steps), ()

    def constant_text(self, text: str) -> str:
        return repr(text)

    def setting_text(self, setting: str) -> str:
        return setting


def test_an_operations_objects_are_its_parameters_and_results_types(tmp_path: Path) -> None:
    page = tmp_path / "things" / "things.yaml"
    page.parent.mkdir()
    page.write_text(PAGE, encoding="utf-8")
    diags = Diagnostics()
    api = load_api([tmp_path], diags, ("ruby",)).languages["ruby"]
    assert not diags.errors, diags.render()
    table = SymbolTable.of(api, ScopeRule(declares_inline_objects=True))
    plain: Any = Plain()
    builder = SdkBuilder(api, table, plain, Diagnostics())
    sdk = builder.build()
    declared = sorted((d.kind, d.name) for s in sdk.scopes for d in s.decls)
    assert declared == [("inline", "ListThingsResponse"), ("options", "ListThingsOptions")]
    (method,) = sdk.services[0].methods
    assert [(p.name, p.type) for p in method.params] == [("options", "ListThingsOptions")]
    assert method.result == "ListThingsResponse"
    # A sample call writes the options as an instance of that type, with its fields.
    call = builder.call_view(sdk, sample_call(api.operations[0], api))
    assert call is not None
    (arg,) = call.args
    assert (arg.value.kind, arg.value.type, [name for name, _ in arg.value.entries]) == (
        "object",
        "ListThingsOptions",
        ["limit"],
    )


# Two services the docs tell apart only by case (``Catalog`` and ``catalog``).
SERVICES = """
reference:
  curl:
    - {key: a, id: a, title: '/a', type: GET}
    - {key: b, id: b, title: '/b', type: GET}
  ruby:
    - {key: a, id: a, title: Catalog.a()}
    - {key: b, id: b, title: catalog.b()}
"""


def test_services_that_would_share_a_name_share_no_file_and_no_attribute(tmp_path: Path) -> None:
    page = tmp_path / "catalog" / "catalog.yaml"
    page.parent.mkdir()
    page.write_text(SERVICES, encoding="utf-8")
    api = load_api([tmp_path], Diagnostics(), ("ruby",)).languages["ruby"]
    table = SymbolTable.of(api, ScopeRule(declares_inline_objects=True))
    plain: Any = Plain()
    sdk = SdkBuilder(api, table, plain, Diagnostics()).build()
    assert [(s.name, s.module, s.attribute) for s in sdk.services] == [
        ("Catalog", "catalog", "catalog"),
        ("Catalog_2", "catalog_2", "catalog_2"),
    ]


# Two methods renamed alike, to a name ending in ``?`` (a Ruby predicate).
PREDICATES = """
reference:
  ruby:
    - {key: a, id: a, title: Things.check_a()}
    - {key: b, id: b, title: Things.check_b()}
"""


def test_a_language_numbers_a_method_name_its_own_way(tmp_path: Path) -> None:
    page = tmp_path / "things" / "things.yaml"
    page.parent.mkdir()
    page.write_text(PREDICATES, encoding="utf-8")
    api = load_api([tmp_path], Diagnostics(), ("ruby",)).languages["ruby"]
    plain: Any = Plain()
    plain.naming = replace(
        plain.naming,
        method=lambda name: name,
        number=lambda name, n: f"{name[:-1]}_{n}?" if name.endswith("?") else f"{name}_{n}",
    )
    renames = {"check_a": "valid?", "check_b": "valid?"}
    sdk = SdkBuilder(api, SymbolTable.of(api, ScopeRule()), plain, Diagnostics(), renames).build()
    assert [m.name for m in sdk.services[0].methods] == ["valid?", "valid_2?"]


class _Spelling:
    """Python's hooks with one change to its naming table."""

    def __init__(self, language: PythonLanguage, **naming: object) -> None:
        self.language, self.naming = language, replace(language.naming, **naming)

    def __getattr__(self, name: str) -> object:
        return getattr(self.language, name)


def test_a_field_named_like_its_type_is_numbered_where_the_language_asks() -> None:
    """C# never names a member like its class: with ``fields_unlike_type`` such a field is
    numbered (with the rule every collision follows); other languages keep the name."""
    box = Model(
        id=None,
        key="Box",
        name="Box",
        kind="class",
        fields=(
            Field(name="Box", type=parse_type("str"), loc=LOC),
            Field(name="size", type=parse_type("int"), loc=LOC),
        ),
        page="p",
        area="things",
        loc=LOC,
    )
    api = LanguageAPI(language="python", models=(box,))
    language = PythonLanguage(PythonSettings(), environment("python"), Diagnostics())
    found = {}
    for apart in (False, True):
        spelling = _Spelling(language, type=str, field=str, fields_unlike_type=apart)
        builder = SdkBuilder(api, SymbolTable.of(api, language.scope_rule), spelling, Diagnostics())  # type: ignore[arg-type]
        (scope,) = builder.build().scopes
        found[apart] = [f.name for d in scope.decls for f in d.fields]
    assert found == {False: ["Box", "size"], True: ["Box_2", "size"]}


def test_a_field_view_carries_the_docs_type_its_literal_values_and_whether_the_language_rewrites_it() -> None:
    """A union of literals keeps the values it allows; ``reinterpreted`` is the language's
    ``reinterpretation`` hook over the type's nodes (a language without the hook rewrites none)."""
    text = '"totp" | "sms"'
    kind = Model(
        id=None,
        key="Factor",
        name="Factor",
        kind="class",
        fields=(
            Field(name="type", type=parse_type(text), type_text=text, loc=LOC),
            Field(name="size", type=parse_type("int"), loc=LOC),
        ),
        page="p",
        area="things",
        loc=LOC,
    )
    api = LanguageAPI(language="python", models=(kind,))
    language = PythonLanguage(PythonSettings(), environment("python"), Diagnostics())

    class Judging(_Spelling):
        def reinterpretation(self, expr: object) -> str | None:
            return "a union of literals written as str" if type(expr).__name__ == "LiteralOf" else None

    found = {}
    for spelling in (_Spelling(language), Judging(language)):
        builder = SdkBuilder(api, SymbolTable.of(api, language.scope_rule), spelling, Diagnostics())  # type: ignore[arg-type]
        (scope,) = builder.build().scopes
        fields = [f for d in scope.decls for f in d.fields]
        found[type(spelling).__name__] = [(f.docs_type, f.values, f.reinterpreted) for f in fields]
    assert found["Judging"] == [(text, ("totp", "sms"), True), ("", (), False)]
    assert found["_Spelling"][0][:2] == (text, ("totp", "sms"))


def test_equal_field_parameter_and_request_views_of_an_sdk_are_one_object() -> None:
    """Views are frozen, so the plan makes each field's, parameter's and request part's view
    once and uses it wherever an equal one is asked for (a third of a JS SDK's repeat another:
    at 10,000 pages its child peaked 11 MiB higher without this). No two distinct views reached
    from the SDK are equal, and some are reached more than once."""
    from helpers import ROOT, SPECS

    from codegen.config import Config
    from codegen.pipeline import emitter_for
    from codegen.plan.views import BodyKeyView, FieldView, ParamView, PathPartView, ValueView

    shared = (FieldView, ParamView, ValueView, PathPartView, BodyKeyView)
    api = load_api([SPECS], Diagnostics(), ("js",))
    sdk = emitter_for("js", Config(root=ROOT), Diagnostics()).plan(api.languages["js"])  # type: ignore[attr-defined]
    reached: dict[int, Any] = {}
    uses = 0
    stack: list[Any] = [sdk]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif hasattr(type(item), "__dataclass_fields__"):
            uses += isinstance(item, shared)
            if id(item) not in reached:
                reached[id(item)] = item
                stack.extend(getattr(item, name) for name in type(item).__dataclass_fields__)
    views = [v for v in reached.values() if isinstance(v, shared)]
    assert len(views) > 500 and len(set(views)) == len(views)  # equal ones are one object
    assert uses > 1.2 * len(views)  # and many are used more than once


def test_no_language_holds_its_sdk_builder_while_its_files_render() -> None:
    """The builder's memos (each declaration's field names, the names it claimed) serve the plan
    only: at 10,000 pages JS's child peaked 3 MiB higher while its files rendered with them."""
    import gc

    from helpers import ROOT, SPECS

    from codegen.config import Config
    from codegen.languages import LANGUAGES
    from codegen.pipeline import emitter_for

    api = load_api([SPECS], Diagnostics(), tuple(LANGUAGES))
    checked = []
    for language, linked in api.languages.items():
        files = emitter_for(language, Config(root=ROOT), Diagnostics()).render_each(linked)
        assert next(files, None) is not None  # the SDK is planned, its first file made
        gc.collect()
        held = [o for o in gc.get_objects() if isinstance(o, SdkBuilder)]
        files.close()
        assert held == [], language
        checked.append(language)
    assert len(checked) == 8, checked
