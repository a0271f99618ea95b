"""The SDK views (codegen/plan/sdk.py) where a language scopes by qualifier, merges scopes that
would import each other, keeps services in their types' scope and has no keyword arguments (Go's
ScopeRule): services know their scope, sample literals know the slot they fill and name the inline
objects the language declares, and a scope's own area names its types first."""

from __future__ import annotations

import pytest
from helpers import FIXTURES, ROOT, SPECS

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import API
from codegen.pipeline import emitter_for, load_api
from codegen.plan.views import LiteralView, SdkView
from codegen.samples import Declarations, sample_call


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), ("go", "python"))


@pytest.fixture(scope="module")
def fixtures() -> API:
    return load_api([SPECS / "index.mdx", FIXTURES], Diagnostics(), ("go", "python"))


def _plan(api: API, language: str) -> SdkView:
    return emitter_for(language, Config(root=ROOT), Diagnostics()).plan(api.languages[language])  # type: ignore[attr-defined,no-any-return]


def _literal(api: API, language: str, operation: str) -> LiteralView:
    emitter = emitter_for(language, Config(root=ROOT), Diagnostics())
    ops = api.languages[language]
    op = next(o for o in ops.operations if o.id == operation)
    view = emitter.call(sample_call(op, ops, Declarations.of(ops)), ops)  # type: ignore[attr-defined]
    assert view is not None
    return next(a.value for a in view.args if a.value.kind == "object")  # type: ignore[no-any-return]


def test_services_merged_into_one_scope_share_it_and_its_method_names(fixtures: API) -> None:
    """The fixture's inventory service names only catalog's types, which merged with inventory's
    (Go forbids the import cycle): its methods live in package catalog, with catalog's."""
    go = {s.docs_name: s for s in _plan(fixtures, "go").services}
    assert {name: s.scope for name, s in go.items()} == {"catalog": "catalog", "inventory": "catalog"}
    names = [m.name for s in go.values() for m in s.methods]
    assert len(names) == len(set(names)) == 3
    # Where each service is a file of its own, it has no scope.
    assert {s.scope for s in _plan(fixtures, "python").services} == {""}


def test_a_sample_literal_knows_the_slot_it_fills(fixtures: API) -> None:
    """An optional bool is a ``*bool`` field in Go: its literal says so (``slot``) while its
    ``type`` stays the value's."""
    opts = _literal(fixtures, "go", "create_widget")
    slots = {name: (value.type, value.slot) for name, value in opts.entries}
    assert slots["Notify"] == ("bool", "*bool")
    assert slots["Name"] == ("string", "string")
    assert opts.slot == opts.type == "catalog.CreateWidgetOpts"


def test_a_sample_literal_names_the_inline_objects_the_language_declares(corpus: API) -> None:
    """Go declares the objects its docs describe inline (an audit log event's actor, documented
    as ``auditlogs.Actor``): a sample value of one is an instance of that declaration, not a map."""
    event = dict(_literal(corpus, "go", "create_event").entries)["Event"]
    parts = dict(event.entries)
    assert (parts["Actor"].kind, parts["Actor"].type) == ("object", "auditlogs.Actor")
    assert parts["Targets"].type == "[]auditlogs.Target"
    assert {item.kind for item in parts["Targets"].items} == {"object"}
    assert parts["Metadata"].kind == "map"


def test_a_language_without_keyword_arguments_takes_an_unwrapped_object_whole(corpus: API) -> None:
    """The Go docs mark GetUser's options ``unwrap: true`` (a display hint): Go takes the struct."""
    ops = corpus.languages["go"].operations
    assert next(p for o in ops if o.id == "get_user" for p in o.params if p.name == "opts").unwrap
    users = next(s for s in _plan(corpus, "go").services if s.scope == "usermanagement")
    method = next(m for m in users.methods if m.name == "GetUser")
    assert [(p.name, p.role, p.type) for p in method.params][1:] == [("opts", "options", "GetUserOpts")]
    assert method.request is not None and [v.expr for v in method.request.values] == ["opts.User"]


def test_a_scope_of_several_areas_names_its_own_areas_types_first(corpus: API) -> None:
    """Package mfa holds mfa's Challenge and authkit's: mfa's keeps the name, authkit's is prefixed."""
    mfa = next(s for s in _plan(corpus, "go").scopes if s.name == "mfa")
    areas = {d.name: d.area for d in mfa.decls}
    assert (areas["Challenge"], areas["AuthkitChallenge"]) == ("mfa", "authkit")
    assert (areas["Factor"], areas["AuthkitFactor"]) == ("mfa", "authkit")


def test_inline_literals_is_the_rule_that_types_them(corpus: API, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without rule ``inline_literals`` (the languages whose snippets write such values as maps),
    the same sample value is not an instance of the inline declaration."""
    from dataclasses import replace

    from codegen.languages.go import GoLanguage

    assert GoLanguage.scope_rule.inline_literals
    typed = dict(_literal(corpus, "go", "create_event").entries)["Event"]
    monkeypatch.setattr(GoLanguage, "scope_rule", replace(GoLanguage.scope_rule, inline_literals=False))
    untyped = _literal(corpus, "go", "create_event")
    assert typed not in [value for _, value in untyped.entries]


@pytest.mark.parametrize("language", ["dotnet", "js", "go"])
def test_the_scopes_declaring_a_name_are_those_whose_declarations_have_it(corpus_all: API, language: str) -> None:
    """``SdkBuilder.scopes_declaring`` (made once per plan, asked for every type written) names
    exactly the scopes of the planned SDK that declare a type of that name, and none for a name
    nothing declares."""
    emitter = emitter_for(language, Config(root=ROOT), Diagnostics())
    builder = emitter.builder(corpus_all.languages[language])  # type: ignore[attr-defined]
    assert builder.scopes_declaring("Organization") == frozenset()  # not yet named
    sdk = builder.build()
    declaring: dict[str, set[str]] = {}
    for scope in sdk.scopes:
        for decl in scope.decls:
            declaring.setdefault(decl.name, set()).add(scope.name)
    assert any(len(scopes) > 1 for scopes in declaring.values())  # the corpus has such names
    assert {name: builder.scopes_declaring(name) for name in declaring} == declaring
    assert builder.scopes_declaring("NoSuchType") == frozenset()


@pytest.fixture(scope="module")
def corpus_all() -> API:
    return load_api([SPECS], Diagnostics(), ("dotnet", "js", "go"))
