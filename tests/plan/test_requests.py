"""The request plan (codegen/plan/requests.py): each operation's request, decided once for every
language. Invariants over the whole corpus, then the general wire rules on small pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, SPECS

from codegen.diagnostics import Diagnostics
from codegen.ir import API, LanguageAPI
from codegen.languages import LANGUAGES
from codegen.pipeline import load_api
from codegen.plan.requests import IDEMPOTENT, SETTINGS, Request, request
from codegen.samples import Declarations
from codegen.types import Named, Prim

SDK_LANGUAGES = [language for language in LANGUAGES if language != "curl"]
PLAN_FIXTURES = ROOT / "tests" / "fixtures" / "plan"


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), LANGUAGES)


def _requests(api: LanguageAPI) -> list[tuple[str, Request]]:
    decls = Declarations.of(api)
    found = [(op.name, request(op, api, decls)) for op in api.operations]
    return [(name, r) for name, r in found if r is not None]


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_every_http_parameter_is_sent_filled_or_reported(corpus: API, language: str) -> None:
    """Each parameter of the HTTP reference is either carried by a documented value, a fixed
    value, a client setting, or listed as unfilled (reported): none is silently dropped, and
    no wire name is sent twice."""
    api = corpus.languages[language]
    for op in api.operations:
        planned = request(op, api)
        if planned is None:
            assert op.http is None
            continue
        assert op.http is not None
        sent = [(v.place, v.wire) for v in planned.values()]
        assert len(sent) == len(set(sent)), (op.name, sent)
        carried = {wire for _, wire in sent} | {u.name for u in planned.unfilled} | set(planned.holes)
        for param in op.http.params:
            if param.optional and param.value is None and param.name not in SETTINGS:
                continue
            assert param.name in carried, (language, op.name, param.name)
        for value in planned.values():
            if value.constant is None and value.setting is None:
                assert value.steps, (op.name, value.wire)
        path = "".join(p.text or "{" + (p.value.wire if p.value else "") + "}" for p in planned.path)
        assert path == op.http.path, (op.name, path)


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_one_rule_for_lists_urls_and_retries(corpus: API, language: str) -> None:
    """A page of a list is a GET whose query takes the ``after`` cursor (and every such GET of
    an operation returning a list or an envelope is one); a URL builder is a GET the HTTP
    reference documents as returning a URL; only idempotent methods retry by themselves."""
    api = corpus.languages[language]
    for name, planned in _requests(api):
        op = next(o for o in api.operations if o.name == name)
        assert op.http is not None
        after = any(p.place == "query" and p.name == "after" for p in op.http.params)
        if planned.reply.kind == "page":
            assert planned.method == "GET" and after, name
            assert planned.reply.item is not None, name
        if planned.reply.kind == "url":
            assert planned.method == "GET" and op.http.reply_text, name
        assert planned.idempotent == (planned.method in IDEMPOTENT)
        assert planned.auto_idempotency_key == (
            planned.method not in IDEMPOTENT and any(h.wire == "Idempotency-Key" for h in planned.headers)
        )


def test_the_corpus_day_one_flows(corpus: API) -> None:
    """Login and audit logs as the real SDKs make them: the code exchange sends the client id
    and secret from the settings, the authorization URL is built, the audit event is sent
    whole with an idempotency key, paged lists page in every language that has them."""
    for language in SDK_LANGUAGES:
        api = corpus.languages[language]
        by_id = {op.id: request(op, api) for op in api.operations if op.id}
        event = by_id.get("create_event")
        if event is not None:
            assert [k.wire for k in event.body] == ["organization_id", "event"], language
            assert event.auto_idempotency_key, language
        token = by_id.get("get_profile_and_token")
        if token is not None:  # from the settings, unless the docs take them as arguments
            sources = {v.wire: v.setting or "argument" for v in token.values()}
            assert sources["client_id"] in ("client_id", "argument"), language
            assert sources["client_secret"] in ("api_key", "argument"), language
        url = by_id.get("get_authorization_url")
        if url is not None:
            assert url.url_only, language
        users = by_id.get("list_users")
        if users is not None:
            assert users.reply.kind == "page", language


def _fixture_api(language: str) -> LanguageAPI:
    diags = Diagnostics()
    api = load_api([PLAN_FIXTURES], diags, LANGUAGES)
    assert not diags.errors, diags.render()
    return api.languages[language]


def _only(api: LanguageAPI, op_id: str) -> Request:
    op = next(o for o in api.operations if o.id == op_id)
    planned = request(op, api)
    assert planned is not None
    return planned


def test_an_object_whose_fields_are_an_object_parameters_keys_is_that_object() -> None:
    """Java's options hold the keys of the ``gadget`` object: they are sent as it, not dropped;
    the idempotency key the docs give becomes the header, generated when not given."""
    planned = _only(_fixture_api("java"), "create_gadget")
    assert [(k.wire, k.value and k.value.steps[-1].name) for k in planned.body] == [
        ("shop_id", "shopId"),
        ("gadget", "options"),
    ]
    assert [(h.wire, h.steps[-1].name) for h in planned.headers] == [("Idempotency-Key", "idempotencyKey")]
    assert planned.auto_idempotency_key and not planned.idempotent


def test_a_field_citing_a_key_of_a_body_object_is_sent_inside_it() -> None:
    """Go's options flatten the ``gadget`` object's keys next to ``shop_id``: they go inside it."""
    planned = _only(_fixture_api("go"), "create_gadget")
    body = {k.wire: k for k in planned.body}
    assert set(body) == {"shop_id", "gadget"}
    assert [k.wire for k in body["gadget"].keys] == ["name", "color"]
    assert body["gadget"].keys[1].value is not None and body["gadget"].keys[1].value.optional


def test_a_class_the_docs_only_name_takes_the_http_parameters(tmp_path: Path) -> None:
    """C#'s ``PaintGadgetOptions`` is named in prose only: it is generated with the HTTP
    reference's parameters the docs leave out, and they are sent (with a warning saying so)."""
    diags = Diagnostics()
    api = load_api([PLAN_FIXTURES], diags, LANGUAGES).languages["dotnet"]
    options = next(o for o in api.options if o.name == "PaintGadgetOptions")
    assert [(f.name, f.wire_name, f.place, f.optional) for f in options.fields] == [
        ("color", "color", "body", False),
        ("coats", "coats", "body", True),
    ]
    planned = _only(api, "paint_gadget")
    assert [k.wire for k in planned.body] == ["color", "coats"] and not planned.unfilled
    assert any(d.code == "options-from-reference" for d in diags.warnings)


def test_a_get_returning_a_url_builds_it_with_the_client_id() -> None:
    planned = _only(_fixture_api("python"), "gadget_url")
    assert planned.url_only
    assert [(v.wire, v.setting or v.steps[-1].name) for v in planned.query] == [
        ("state", "state"),
        ("client_id", "client_id"),
    ]


def test_a_language_type_that_contradicts_the_http_reference_loses_on_the_wire(corpus: API) -> None:
    """Go's events list documents ``OrganizationId int`` for an id the HTTP reference types as
    text: the SDK takes and sends text (and the run says so)."""
    op = next(o for o in corpus.languages["go"].operations if o.id == "list_events")
    fields = [f for p in op.params for f in (p, *p.fields)]
    organization = next(f for f in fields if f.wire_name == "organization_id")
    assert organization.type is not None and organization.type.kind == "prim"
    assert organization.type.name == "string"  # type: ignore[union-attr]
    # The option class the parameter's fields come from takes it too: the SDK declares text.
    options = next(o for o in corpus.languages["go"].options if o.name == "ListEventsOpts")
    declared = next(f for f in options.fields if f.wire_name == "organization_id")
    assert declared.type == organization.type


def test_a_url_helper_returning_an_object_of_setters_builds_the_url_with_them() -> None:
    """Java's ``gadgetUrl(clientId)`` returns a builder (``state(value)``, ``build()``): it is a
    URL helper (nothing is sent), and each setter is the query parameter it stands for."""
    planned = _only(_fixture_api("java"), "gadget_url")
    assert planned.url_only
    assert [(v.wire, v.steps[-1].name) for v in planned.query] == [("client_id", "clientId")]
    assert [(v.wire, v.place, v.optional, v.steps[-1].name) for v in planned.reply.setters] == [
        ("state", "query", True, "state")
    ]
    assert {v.wire for v in planned.values()} == {"client_id", "state"}


def test_a_text_value_the_wire_takes_as_optional_is_sent_only_when_set() -> None:
    """Go documents ``Finish``, ``Coats`` and ``Buffed`` as required; the HTTP reference takes all
    three as optional. Go cannot tell an unset text from ``""``: the text is sent only when set;
    ``0`` and ``false`` mean something and are sent as given."""
    planned = _only(_fixture_api("go"), "polish_gadget")
    assert [(k.wire, k.value and k.value.optional) for k in planned.body] == [
        ("finish", True),
        ("coats", False),
        ("buffed", False),
    ]


def test_a_list_one_language_leaves_untyped_takes_the_item_the_others_spell() -> None:
    """TypeScript writes ``tags`` and ``data`` as ``array``; Python spells ``List[str]`` and
    ``list[Gadget]`` under the same description keys: the item is one fact of the API, so the
    TypeScript list is of text, and of TypeScript's own ``Gadget`` (its model of the object)."""
    api = _fixture_api("js")
    op = next(o for o in api.operations if o.id == "list_gadgets")
    tags = next(f for p in op.params for f in (p, *p.fields) if f.name == "tags")
    assert repr(getattr(tags.type, "item", None)) == repr(Prim(name="string"))
    data = next(f for r in op.returns for f in (r, *r.fields) if f.name == "data")
    item = getattr(data.type, "item", None)
    assert isinstance(item, Named) and (item.name, item.area) == ("Gadget", "")
