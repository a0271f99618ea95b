"""The symbol table (codegen/plan/symbols.py): every type a language's SDK uses resolves to one
declaration of it, a stand-in included, so no SDK needs a hand-written type."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, SPECS

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import API, Field
from codegen.languages import EMITTERS, LANGUAGES
from codegen.languages.language import Language
from codegen.pipeline import emitter_for, load_api
from codegen.plan.symbols import EXTERNALS, ScopeRule, SymbolTable
from codegen.types import ListOf, MapOf, Named, Nullable, TypeExpr, UnionOf

SDK_LANGUAGES = [language for language in LANGUAGES if language != "curl"]
# Wrappers a language provides and the plan reads through (an async result).
WRAPPERS = {"Task", "Promise", "CompletableFuture"}


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), LANGUAGES)


def _named(expr: TypeExpr | None) -> list[Named]:
    found: list[Named] = []
    stack = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, Named):
            found.append(node)
            stack.extend(node.args)
        elif isinstance(node, ListOf):
            stack.append(node.item)
        elif isinstance(node, MapOf):
            stack += [node.key, node.value]
        elif isinstance(node, Nullable):
            stack.append(node.inner)
        elif isinstance(node, UnionOf):
            stack.extend(node.options)
    return found


def _fields(fields: tuple[Field, ...]) -> list[Field]:
    out = []
    for f in fields:
        out.append(f)
        out += _fields(f.fields)
    return out


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_every_named_type_resolves_to_one_declaration(corpus: API, language: str) -> None:
    api = corpus.languages[language]
    builtins = frozenset({"error", "Context", "CancellationToken", "Time", "Duration", "RawMessage", "URL"})
    table = SymbolTable.of(api, ScopeRule(builtins=builtins, companions=("Builder",), declares_inline_objects=True))
    everything = [f for op in api.operations for f in _fields((*op.params, *op.returns))]
    everything += [f for m in api.models for f in _fields(m.fields)]
    everything += [f for o in api.options for f in _fields(o.fields)]
    for f in everything:
        for named in _named(f.type):
            if named.name in builtins or named.name in WRAPPERS or table.companion_of(named):
                continue
            decl = table.resolve(named)
            assert decl is not None, (language, f.name, named.name)
            if named.area is not None and decl.kind != "inline":
                assert decl.area == named.area, (language, named.name)
    standins = {d.docs_name for d in table.standins}
    assert all(d.scope == EXTERNALS for d in table.standins)
    # Each stand-in is a name the language's docs use and no language-specific rule declares.
    declared = {m.name for m in api.models} | {o.name for o in api.options} | {e.name for e in api.enums}
    assert not standins & declared, standins & declared


def test_stand_ins_are_what_the_docs_never_define(corpus: API) -> None:
    """The corpus' externals, per language (``codegen externals`` lists the same)."""
    found = {}
    for language in ("go", "dotnet", "php"):
        builtins = EMITTERS[language].builtin_types
        rule = ScopeRule(by_qualifier=language == "go", builtins=builtins, declares_inline_objects=True)
        table = SymbolTable.of(corpus.languages[language], rule)
        found[language] = sorted((d.docs_name, d.arity) for d in table.standins)
    assert found == {
        "go": [("ConnectionDomain", 0), ("NeedsReauthorization", 0), ("NotInstalled", 0), ("UserGroup", 0)],
        "dotnet": [("GetProfileAndTokenResponse", 0), ("VerifyChallengeResponse", 0), ("WorkOSList", 1)],
        "php": [("UserAuthenticationFactorTotp", 0)],
    }


def test_an_untyped_parameter_with_fields_is_its_option_class(corpus: API) -> None:
    """The docs list an object's fields without naming its type (.NET's CreateExport): where the
    language asks (``untyped_options``), the parameter is the option class the linker made for
    it, ``<Method>Options``; otherwise it has none."""
    api = corpus.languages["dotnet"]
    op = next(o for o in api.operations if o.name == "CreateExport")
    (param,) = [p for p in op.params if p.fields]
    assert param.type is None
    found = SymbolTable.of(api, ScopeRule(untyped_options=True)).inline_of(param, "audit-logs", op.name)
    assert found is not None and (found.kind, found.docs_name) == ("options", "CreateExportOptions")
    assert SymbolTable.of(api, ScopeRule()).inline_of(param, "audit-logs", op.name) is None


PORTED = [name for name, emitter in EMITTERS.items() if issubclass(emitter, Language)]


@pytest.mark.parametrize("language", PORTED)
def test_an_inline_reply_object_is_its_declaration_wherever_the_service_lives(corpus: API, language: str) -> None:
    """A method whose docs describe its reply inline (``properties``) returns the inline
    object's declaration, also where the service is a file of its own (Python's ``mfa.py``)
    and the object is declared in its area's models."""
    emitter = emitter_for(language, Config(root=ROOT), Diagnostics())
    assert isinstance(emitter, Language)
    api = corpus.languages[language]
    sdk = emitter.plan(api)
    inline = {
        op.key
        for op in api.operations
        for r in op.returns
        if r.fields and not r.is_method and not isinstance(r.type, Named)
    }
    declared = {d.name for scope in sdk.scopes for d in scope.decls}
    checked = [m for s in sdk.services for m in s.methods if m.key in inline and m.result]
    if not inline:
        pytest.skip(f"the {language} docs describe no reply inline")
    assert checked, "the methods whose reply is described inline return something"
    for method in checked:
        names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", method.result))
        assert names & declared, f"{method.docs_name} returns {method.result}, not a declared type"
