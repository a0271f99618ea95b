"""The request each SDK makes when the wire follows the API's OpenAPI (``wire = "api"``): every
value where its wire parameter goes, for every HTTP method (a DELETE's JSON body); a list in the
query as the wire encodes it (repeated, or comma-separated where the API declares
``explode: false``); the operation's own host. On the hand-made pair tests/fixtures/openapi/
gadgets.yaml + gadgets-api.yaml, documented in every language."""

from __future__ import annotations

import pytest
from helpers import ROOT

from codegen.config import Config, OpenAPIConfig
from codegen.diagnostics import Diagnostics
from codegen.ir import API
from codegen.languages import LANGUAGES
from codegen.pipeline import emitter_for, load_api
from codegen.plan.requests import Request, request

PAGE = ROOT / "tests" / "fixtures" / "openapi" / "gadgets.yaml"
SPEC = "tests/fixtures/openapi/gadgets-api.yaml"
SDK_LANGUAGES = [language for language in LANGUAGES if language != "curl"]
AUTH = "https://auth.example.com"


def _api(wire: str) -> API:
    config = Config(root=ROOT, openapi=OpenAPIConfig(path=SPEC, wire=wire))  # type: ignore[arg-type]
    diags = Diagnostics()
    api = load_api([PAGE], diags, LANGUAGES, config=config)
    assert not diags.errors, diags.render()
    return api


@pytest.fixture(scope="module")
def followed() -> API:
    return _api("api")


@pytest.fixture(scope="module")
def documented() -> API:
    return _api("docs")


def _planned(api: API, language: str, op_id: str) -> Request:
    lang = api.languages[language]
    op = next(o for o in lang.operations if o.id == op_id)
    planned = request(op, lang)
    assert planned is not None, (language, op_id)
    return planned


def _places(planned: Request) -> dict[str, str]:
    return {v.wire: v.place for v in planned.values()}


def _encoding(planned: Request) -> dict[str, str]:
    return {v.wire: "repeated" if v.repeated else "comma" if v.comma_separated else "one" for v in planned.query}


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_a_delete_sends_each_parameter_where_the_api_reads_it(followed: API, documented: API, language: str) -> None:
    """The docs put a DELETE's parameters in the query; the API reads ``reason`` from the JSON
    body and ``notify`` from the query: each goes to its own place, and a body is sent."""
    planned = _planned(followed, language, "delete_gadget")
    assert planned.method == "DELETE"
    assert _places(planned) == {"id": "path", "notify": "query", "reason": "body"}
    assert [k.wire for k in planned.body] == ["reason"] and planned.has_body
    plain = _planned(documented, language, "delete_gadget")
    assert _places(plain) == {"id": "path", "notify": "query", "reason": "query"}
    assert not plain.body and not plain.has_body


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_a_list_in_the_query_is_encoded_as_the_wire_says(followed: API, documented: API, language: str) -> None:
    """``tags`` is ``explode: false`` in the OpenAPI (``tags=a,b``), ``ids`` is not (``ids=a&ids=b``);
    the docs' own wire repeats both."""
    assert _encoding(_planned(followed, language, "list_gadgets")) == {
        "tags": "comma",
        "ids": "repeated",
        "limit": "one",
    }
    assert _encoding(_planned(documented, language, "list_gadgets")) == {
        "tags": "repeated",
        "ids": "repeated",
        "limit": "one",
    }


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_an_operation_on_another_host_goes_there(followed: API, documented: API, language: str) -> None:
    """A request and a URL builder the API serves on its auth host carry that host; the others,
    and every request of the docs' own wire, go to the client's base URL."""
    assert _planned(followed, language, "revoke_session").host == AUTH
    url = _planned(followed, language, "sign_out_url")
    assert (url.host, url.reply.kind) == (AUTH, "url")
    assert _planned(followed, language, "delete_gadget").host is None
    assert all(_planned(documented, language, op).host is None for op in ("revoke_session", "sign_out_url"))


@pytest.mark.parametrize("language", SDK_LANGUAGES)
def test_the_views_a_template_receives_say_so(followed: API, language: str) -> None:
    """What the plan decides reaches the language's templates (``RequestView.host``,
    ``ValueView.comma_separated``), and the rendered SDK uses it: the host's literal is in it."""
    emitter = emitter_for(language, Config(root=ROOT), Diagnostics())
    sdk = emitter.plan(followed.languages[language], Diagnostics())  # type: ignore[attr-defined]
    methods = {m.id: m for s in sdk.services for m in s.methods}
    assert methods["revoke_session"].request.host == AUTH
    assert methods["sign_out_url"].request.host == AUTH
    assert methods["delete_gadget"].request.host == ""
    query = {v.wire: v for v in methods["list_gadgets"].request.query}
    assert (query["tags"].comma_separated, query["tags"].repeated) == (True, False)
    assert (query["ids"].comma_separated, query["ids"].repeated) == (False, True)
    assert [k.wire for k in methods["delete_gadget"].request.body] == ["reason"]
    files = emitter.render(followed.languages[language])
    assert sum(AUTH in text for text in files.values()) >= 1, language
