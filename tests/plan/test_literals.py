"""Sample calls as literals (codegen/plan/sdk.py ``call_view``): each literal of a declared type
says which kind of declaration it instantiates, so a language can build an option class otherwise
than a model (Java: a builder for the one, setters for the other)."""

from __future__ import annotations

from helpers import ROOT, SPECS

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.language import Language
from codegen.pipeline import emitter_for, load_api
from codegen.plan.views import LiteralView
from codegen.samples import sample_call


def _kinds(value: LiteralView) -> list[tuple[str, str, str]]:
    """(kind, type, declaration) of a literal and of every literal inside it."""
    found = [(value.kind, value.type, value.declaration)]
    for _, entry in value.entries:
        found += _kinds(entry)
    for item in value.items:
        found += _kinds(item)
    return found


def test_a_literal_names_the_kind_of_its_declaration() -> None:
    api = load_api([SPECS], Diagnostics(), ("java",)).languages["java"]
    language = emitter_for("java", Config(root=ROOT), Diagnostics())
    assert isinstance(language, Language)
    op = next(o for o in api.operations if o.id == "create_event")
    call = language.call(sample_call(op, api), api)
    assert call is not None
    found = [kind for arg in call.args for kind in _kinds(arg.value)]
    assert ("object", "CreateAuditLogEventOptions", "options") in found
    assert ("object", "Actor", "model") in found
    assert ("string", "String", "") in found  # a value of no declared type names none
    enrolled = next(o for o in api.operations if o.id == "enroll_factor")
    enroll = language.call(sample_call(enrolled, api), api)
    assert enroll is not None
    assert ("enum", "FactorType", "enum") in [kind for arg in enroll.args for kind in _kinds(arg.value)]
