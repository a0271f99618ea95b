"""A method's inline objects (codegen/plan/symbols.py, sdk.py): an object parameter the linker
made an option class of is that class (rule ``params_are_option_classes``); a method written in a
file of its own is typed by its inline objects' declarations, and what it sends and its sample
calls follow them (rule ``methods_use_inline_objects``); an object of no declared type is
written in a sample call with the documented keys the request reads."""

from __future__ import annotations

import dataclasses

import pytest
from helpers import SPECS

from codegen.diagnostics import Diagnostics
from codegen.ir import LanguageAPI
from codegen.languages.js import JsLanguage
from codegen.languages.js.tables import JsSettings
from codegen.pipeline import load_api
from codegen.plan.sdk import SdkBuilder
from codegen.plan.symbols import ScopeRule, SymbolTable
from codegen.plan.views import MethodView
from codegen.render import environment
from codegen.samples import sample_call

RULES = {"params_are_option_classes": True, "methods_use_inline_objects": True}


@pytest.fixture(scope="module")
def api() -> LanguageAPI:
    return load_api([SPECS], Diagnostics(), ("js",)).languages["js"]


def _builder(api: LanguageAPI, **rules: bool) -> SdkBuilder:
    language = JsLanguage(JsSettings(), environment("js"), Diagnostics())
    rule = dataclasses.replace(language.scope_rule, **dict.fromkeys(RULES, False) | rules)
    return SdkBuilder(api, SymbolTable.of(api, rule), language, Diagnostics())


def _method(builder: SdkBuilder, service: str, name: str) -> MethodView:
    sdk = builder.build()
    return next(m for s in sdk.services if s.docs_name == service for m in s.methods if m.docs_name == name)


def test_an_object_parameter_is_declared_once_as_its_option_class(api: LanguageAPI) -> None:
    duplicated = {d.docs_name for d in SymbolTable.of(api, _builder(api).table.rule).decls.values()}
    assert "createEvent_event" in duplicated and "CreateEventEvent" in duplicated  # the rule off: twice
    table = SymbolTable.of(api, ScopeRule(declares_inline_objects=True, params_are_option_classes=True))
    names = {d.docs_name for d in table.decls.values()}
    op = next(o for o in api.operations if o.name == "createEvent")
    for param in (p for p in op.params if p.fields):
        decl = table.inline_of(param, table.scope_of_service(op), op.name)
        assert decl is not None and decl.kind == "options" and decl.docs_name.startswith("CreateEvent")
        assert f"createEvent_{param.name}" not in names
    assert not [n for n in names if n.split("_")[0] in {o.name for o in api.operations} and "_response" not in n]


def test_a_method_is_typed_by_its_inline_objects_and_sends_them_as_such(api: LanguageAPI) -> None:
    loose = _method(_builder(api, params_are_option_classes=True), "auditLogs", "createEvent")
    assert [p.type for p in loose.params] == ["string", "Record<string, unknown>", "Record<string, unknown>"]
    typed = _method(_builder(api, **RULES), "auditLogs", "createEvent")
    assert [p.type for p in typed.params] == ["string", "CreateEventEvent", "CreateEventOptions"]
    assert typed.request is not None
    sent = {v.wire: v.type for v in typed.request.values}
    assert sent == {"Idempotency-Key": "string", "organization_id": "string", "event": "CreateEventEvent"}
    code = _method(_builder(api, **RULES), "userManagement", "authenticateWithCode")
    assert code.result == "AuthenticateWithCodeResponse"


def test_sample_calls_follow_the_declared_objects(api: LanguageAPI) -> None:
    op = next(o for o in api.operations if o.name == "createEvent")
    builder = _builder(api, **RULES)
    call = builder.call_view(builder.build(), sample_call(op, api))
    assert call is not None
    values = {a.param.docs_name: a.value for a in call.args}
    event = values["event"]
    assert event.kind == "object" and event.type == "CreateEventEvent"
    entries = dict(event.entries)
    assert entries["occurredAt"].kind == "datetime"  # the documented name, not occurred_at
    assert entries["context"].kind == "object" and [k for k, _ in entries["context"].entries] == [
        "location",
        "userAgent",
    ]


def test_an_undeclared_object_is_written_with_the_keys_the_request_reads(api: LanguageAPI) -> None:
    """Without the declarations, ``options`` is a map: its key is the documented one the request
    reads (``options.idempotencyKey``), not the header's name."""
    op = next(o for o in api.operations if o.name == "createEvent")
    builder = _builder(api)
    call = builder.call_view(builder.build(), sample_call(op, api))
    assert call is not None
    options = next(a.value for a in call.args if a.param.docs_name == "options")
    assert options.kind == "map" and [k for k, _ in options.entries] == ["idempotencyKey"]
