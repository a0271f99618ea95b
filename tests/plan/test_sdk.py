"""The SDK as views (codegen/plan/sdk.py): names made unique where the language needs."""

from __future__ import annotations

from dataclasses import replace

from codegen.diagnostics import Diagnostics
from codegen.ir import Field, LanguageAPI, Model
from codegen.languages.python import PythonLanguage, PythonSettings
from codegen.plan.sdk import SdkBuilder
from codegen.plan.symbols import SymbolTable
from codegen.render import environment
from codegen.types import parse_type

LOC = ("test.yaml", 1, 1)


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
