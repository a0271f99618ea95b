"""A method's inline objects in what it sends and in its sample calls (codegen/plan/sdk.py): with
rule ``inline_values`` (a language that encodes a value by its declared type), the values a method
sends and the literals of its sample calls are typed by the inline objects' declarations; an
object of no declared type is written in a sample call with the documented keys the request
reads."""

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
from codegen.plan.symbols import SymbolTable
from codegen.plan.views import MethodView
from codegen.render import environment
from codegen.samples import sample_call

# The rules these tests turn on and off (off unless a test gives them).
RULES = ("inline_values", "writes_unwrapped_types")


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


def test_the_values_a_method_sends_are_typed_by_its_inline_objects(api: LanguageAPI) -> None:
    loose = _method(_builder(api, inline_values=False), "auditLogs", "createEvent")
    typed = _method(_builder(api, inline_values=True), "auditLogs", "createEvent")
    assert [p.type for p in typed.params] == [p.type for p in loose.params]  # the signature is the plan's
    assert [p.type for p in typed.params] == ["string", "CreateEventEvent", "CreateEventOptions"]
    assert loose.request is not None and typed.request is not None
    assert {v.wire: v.type for v in loose.request.values}["event"] == "Record<string, unknown>"
    sent = {v.wire: v.type for v in typed.request.values}
    assert sent == {"Idempotency-Key": "string", "organization_id": "string", "event": "CreateEventEvent"}


def test_sample_calls_follow_the_declared_objects(api: LanguageAPI) -> None:
    op = next(o for o in api.operations if o.name == "createEvent")
    builder = _builder(api, inline_values=True)
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


def test_an_unwrapped_objects_type_is_imported_where_the_language_writes_it(api: LanguageAPI) -> None:
    """An unwrapped object parameter (``auditLogs.createExport``' options) is written with its type
    by a language of rule ``writes_unwrapped_types`` (TypeScript), which therefore imports it;
    otherwise only its fields are written and its type is not imported."""

    def imported(builder: SdkBuilder) -> tuple[str, bool]:
        sdk = builder.build()
        service = next(s for s in sdk.services if any(p.role == "unwrapped" for m in s.methods for p in m.params))
        param = next(p for m in service.methods for p in m.params if p.role == "unwrapped")
        return param.type, param.type in {n for i in service.imports for n in i.names}

    written, loose = imported(_builder(api, writes_unwrapped_types=True)), imported(_builder(api))
    assert written[0] == loose[0] and written[0].endswith("Options")
    assert written[1] and not loose[1]


def test_a_field_of_an_unwrapped_option_class_is_typed_by_its_inline_object(api: LanguageAPI) -> None:
    """``organizations.createOrganization(options)``: ``options`` is the linker's option class, and
    its ``domainData`` items are the inline object declared under it (so TypeScript encodes them
    with that object's shape)."""
    loose = _method(_builder(api, inline_values=False), "organizations", "createOrganization")
    typed = _method(_builder(api, inline_values=True), "organizations", "createOrganization")
    assert loose.request is not None and typed.request is not None
    assert {v.wire: v.type for v in typed.request.values}["domain_data"] == "CreateOrganizationOptionsDomainData[]"
    assert {v.wire: v.type for v in loose.request.values}["domain_data"] != "CreateOrganizationOptionsDomainData[]"
