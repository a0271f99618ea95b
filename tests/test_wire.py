"""The HTTP wire from the HTTP reference: operations joined across languages by id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import SPECS, render_specs

from codegen.diagnostics import Diagnostics
from codegen.ir import API, Field
from codegen.languages import LANGUAGES
from codegen.pipeline import load_api


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), LANGUAGES)


def leaves(fields: tuple[Field, ...]) -> Iterator[Field]:
    for f in fields:
        yield f
        yield from leaves(f.fields)


def test_the_seed_operation_has_one_wire_in_every_language(corpus: API) -> None:
    for language in LANGUAGES:
        ops = [op for op in corpus.languages[language].operations if op.id == "challenge_factor"]
        assert ops, language
        (op,) = ops
        assert op.http is not None
        assert (op.http.method, op.http.path) == ("POST", "/auth/factors/{authentication_factor_id}/challenge")
        linked = {f.wire_name: f.place for f in leaves(op.params) if f.wire_name}
        assert linked.get("authentication_factor_id") == "path", (language, linked)
        if "sms_template" in linked:
            assert linked["sms_template"] == "body"


def test_list_filters_are_query_parameters_and_repeat(corpus: API) -> None:
    (curl,) = [op for op in corpus.languages["curl"].operations if op.id == "list_organizations"]
    assert curl.http is not None and curl.http.method == "GET"
    domains = next(p for p in curl.http.params if p.name == "domains")
    assert domains.place == "query" and domains.repeated
    go = next(op for op in corpus.languages["go"].operations if op.id == "list_organizations")
    assert {f.name: f.place for f in leaves(go.params) if f.wire_name == "domains"} == {"Domains": "query"}


def test_path_values_never_travel_in_a_body_anywhere_in_the_corpus(corpus: API) -> None:
    """The invariant: a field linked to a path parameter of its operation is a path field."""
    checked = 0
    for language in LANGUAGES:
        for op in corpus.languages[language].operations:
            if op.http is None:
                continue
            in_path = {p.name for p in op.http.params if p.place == "path"}
            for f in leaves(op.params):
                if f.wire_name in in_path and f.place is not None:
                    assert f.place == "path", (language, op.key, f.name)
                    checked += 1
                if f.place is not None:
                    assert f.wire_name is not None  # a place always comes with an exact wire name
    assert checked > 150


def test_a_method_entry_with_properties_means_parameters(corpus: API) -> None:
    (op,) = [op for op in corpus.languages["go"].operations if op.id == "delete_factor"]
    assert [p.name for p in op.params] == ["ctx", "opts"]
    assert {f.wire_name: f.place for f in leaves(op.params) if f.wire_name} == {"id": "path"}


def test_a_subclass_of_an_options_class_takes_the_same_wire(corpus: API) -> None:
    """C# `class ChallengeSmsFactorOptions : ChallengeFactorOptions` adds SmsTemplate: a body field."""
    (model,) = [m for m in corpus.languages["dotnet"].models if m.name == "ChallengeSmsFactorOptions"]
    assert [(f.name, f.wire_name, f.place) for f in model.fields] == [("SmsTemplate", "sms_template", "body")]


def test_an_unnamed_path_placeholder_takes_the_one_field_ending_with_it(corpus: API) -> None:
    """`/authorization/organizations/:id/roles`: Python's `organization_id` is the `{id}`."""
    (op,) = [op for op in corpus.languages["python"].operations if op.id == "create_organization_role"]
    assert op.http is not None and "{id}" in op.http.path
    assert {f.name: (f.wire_name, f.place) for f in op.params}["organization_id"] == ("id", "path")


def test_a_parameter_every_language_documents_as_optional_is_optional_on_the_wire(tmp_path) -> None:
    """The HTTP reference lists ``role_slugs`` and ``role_slug`` as required; every language that
    documents ``role_slugs`` marks it optional, one marks ``role_slug`` required: only ``role_slugs``
    is optional on the wire (so no SDK call is refused or set aside for want of it), and the curl
    script makes it an optional option."""
    import yaml

    def item(key: str, *, optional: bool) -> dict[str, object]:
        return {"key": key, "type": "string", "optional": optional, "description": f"(update_member.{key})"}

    http = [item("role_slug", optional=False), item("role_slugs", optional=False)]
    page = {
        "descriptions": {"update_member": {"role_slug": "One role.", "role_slugs": "Several roles."}},
        "reference": {
            "curl": [
                {"key": "update_member", "id": "update_member", "title": "/members", "type": "PUT", "parameters": http}
            ],
            "python": [
                {
                    "key": "update_member",
                    "id": "update_member",
                    "title": "members.update_member()",
                    "parameters": [item("role_slug", optional=False), item("role_slugs", optional=True)],
                }
            ],
            "go": [
                {
                    "key": "UpdateMember",
                    "id": "update_member",
                    "title": "members.UpdateMember()",
                    "parameters": [item("role_slug", optional=True)],
                }
            ],
        },
    }
    (tmp_path / "members.yaml").write_text(yaml.safe_dump(page, sort_keys=False), encoding="utf-8")
    diags = Diagnostics()
    api = load_api([tmp_path], diags, tuple(LANGUAGES))
    assert not diags.errors, diags.render()
    for language in ("curl", "python", "go"):
        (op,) = api.languages[language].operations
        assert op.http is not None
        assert {p.name: p.optional for p in op.http.params} == {"role_slug": False, "role_slugs": True}, language
    (curl,) = api.languages["curl"].operations
    assert curl.http is not None
    # Comparisons with the API's OpenAPI read it as written; the curl script asks for it no more.
    assert [p.name for p in curl.http.params if p.required_as_written] == ["role_slug", "role_slugs"]
    (script,) = render_specs([tmp_path], "curl")[0].values()
    assert 'missing required option --role_slug"' in script
    assert "missing required option --role_slugs" not in script


def test_an_object_field_named_apart_from_its_key_is_linked_by_its_own_keys(corpus: API) -> None:
    """Go documents the factor's `sms` object as `SMSDetails` (no description key, a name that is
    not the key's): its one key (`phone_number`) cites the `sms` object's, so it is that key and
    decodes; the `totp` object (linked by name) stays as it was."""
    (factor,) = [m for m in corpus.languages["go"].models if m.id == "authentication_factor" and m.area == "mfa"]
    wire = {f.name: f.wire_name for f in factor.fields}
    assert wire["SMSDetails"] == "sms"
    assert wire["TOTP"] == "totp"
    # Every language that documents the MFA factor reads both keys.
    for language in ("js", "python", "ruby", "php", "java", "dotnet"):
        models = [m for m in corpus.languages[language].models if m.id == "authentication_factor" and m.area == "mfa"]
        assert models, language
        for model in models:
            assert {"sms", "totp"} <= {f.wire_name for f in model.fields}, language


def test_an_object_a_language_documents_inline_keeps_its_own_names_and_types(corpus: API) -> None:
    """Go documents the audit log event inline (``OccurredAt time.Time``, ``Version int``,
    ``Actor auditlogs.Actor``): that is the model, not a copy of the HTTP reference's object with
    invented names; its fields still take the object's wire names."""
    go = corpus.languages["go"]
    (event,) = [m for m in go.models if m.name == "Event" and m.area == "audit-logs"]
    fields = {f.name: f for f in event.fields}
    assert {name: f.wire_name for name, f in fields.items()} == {
        "Action": "action",
        "OccurredAt": "occurred_at",
        "Version": "version",
        "Actor": "actor",
        "Targets": "targets",
        "Context": "context",
        "Metadata": "metadata",
    }
    assert str(fields["OccurredAt"].type_text or fields["OccurredAt"].type.spelling) == "time.Time"  # type: ignore[union-attr]
    assert not [m for m in go.models if m.name in ("EventActor", "EventTargets")]
    # A docs type that contradicts the wire's shape loses: Go's ProfileAndToken documents
    # `Profile string` for the `profile` object, so the HTTP reference's object is used.
    (pair,) = [m for m in go.models if m.name == "ProfileAndToken"]
    profile = next(f for f in pair.fields if f.wire_name == "profile")
    assert getattr(profile.type, "name", None) == "Profile"


def test_of_fields_citing_one_description_the_one_named_as_its_key_takes_it(corpus: API) -> None:
    """Python's Directory cites ``(directory.id)`` for both ``object`` and ``id`` (a copy in the
    docs): ``id`` is the key's, and ``object`` is linked by its own name (the HTTP reference has
    no such key), not to the id."""
    (directory,) = [m for m in corpus.languages["python"].models if m.id == "directory"]
    wire = {f.name: f.wire_name for f in directory.fields}
    assert (wire["object"], wire["id"]) == (None, "id")
