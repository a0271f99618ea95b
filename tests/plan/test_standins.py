"""Stand-ins (codegen/plan/symbols.py): a base class the docs never define has its stand-in from
the start, like every other type they use but never define, so the SDK's names include it."""

from __future__ import annotations

import pytest
from helpers import ROOT

from codegen.config import Config
from codegen.diagnostics import Diagnostics, Loc
from codegen.ir import Field, LanguageAPI, Model
from codegen.languages.language import Language
from codegen.pipeline import emitter_for
from codegen.plan.symbols import ScopeRule, SymbolTable
from codegen.types import Prim


def _api(language: str) -> LanguageAPI:
    loc = Loc("base.yaml")
    field = Field(name="id", type=Prim(name="string", spelling="string"), loc=loc)
    model = Model(
        id=None,
        key="Thing",
        name="Thing",
        kind="class",
        page="a/x.mdx",
        area="a",
        loc=loc,
        fields=(field,),
        base="UndefinedBase",
    )
    return LanguageAPI(language=language, models=(model,))


def test_an_undefined_base_class_is_a_stand_in_of_the_table() -> None:
    table = SymbolTable.of(_api("java"), ScopeRule(declares_inline_objects=True))
    assert [d.docs_name for d in table.standins] == ["UndefinedBase"]


@pytest.mark.parametrize("language", ["java", "python"])
def test_a_model_extending_an_undefined_base_class_plans(language: str) -> None:
    emitter = emitter_for(language, Config(root=ROOT), Diagnostics())
    assert isinstance(emitter, Language)
    sdk = emitter.plan(_api(language), Diagnostics())
    assert [d.docs_name for d in sdk.standins] == ["UndefinedBase"]
    (thing,) = [d for scope in sdk.scopes for d in scope.decls if d.docs_name == "Thing"]
    assert thing.base
