"""One model of the API: invariants over the whole corpus, and the IR of the fixture corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from helpers import FIXTURES, SPECS

from codegen.diagnostics import Diagnostics, Loc
from codegen.enums import base_key, catalogue
from codegen.ir import API, Field, LanguageAPI, all_fields, retyped
from codegen.languages import LANGUAGES, POLICIES
from codegen.languages.base import named_types
from codegen.linker import validated
from codegen.loader import load_tree
from codegen.pipeline import load_api
from codegen.types import TypeExpr, parse_type


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), LANGUAGES)


def declarations(api: LanguageAPI) -> set[tuple[str, str]]:
    items = [*api.models, *api.options, *api.enums]
    return {(item.area, item.name) for item in items}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_named_type_the_linker_resolved_is_declared(corpus: API, language: str) -> None:
    """A name with an area names a model, option class or enum of that area: no emitter guesses."""
    api = corpus.languages[language]
    declared = declarations(api)
    resolved = 0
    for f in all_fields(api):
        for node in named_types(f.type):
            if node.area is not None:
                assert (node.area, node.name) in declared, (f.loc, node.name, node.area)
                resolved += 1
    assert resolved > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_enums_are_declared_once_with_values(corpus: API, language: str) -> None:
    api = corpus.languages[language]
    keys = [(e.area, e.qualifier, e.name) for e in api.enums]
    assert len(keys) == len(set(keys))
    for enum in api.enums:
        assert enum.values and len(set(enum.values)) == len(enum.values), enum


def test_the_catalogue_joins_spellings_of_one_value() -> None:
    """Go names the factor type `mfa.FactorType`; six other languages write its values."""
    diags = Diagnostics()
    cat = catalogue(validated(load_tree([SPECS], diags), diags), POLICIES)
    assert cat.values["enroll_factor.type"] == ("totp", "sms")
    assert cat.names["enroll_factor.type"] == ("mfa", "FactorType")
    # `enum` types take their values from the description's bullets (the wire's lowercase variant).
    assert cat.values["directory.state"][:3] == ("linked", "unlinked", "validating")
    assert (
        base_key("directory.state.titlecase", POLICIES)
        == base_key("directory_user.java_state".replace("_user", ""), POLICIES)
        == ("directory.state")
    )


def test_the_catalogue_takes_each_cited_descriptions_own_prose_values() -> None:
    """Items in several languages and pages cite two descriptions: each key gets the values its
    own description's prose lists (a description cited again is not read again)."""
    from codegen.loader import load_text
    from codegen.spec import validate_page

    diags = Diagnostics()
    item = "        - key: {0}\n          type: {1}\n          description: (a.{2})\n"
    status, kind = item.format("s", "Status", "status"), item.format("k", "Kind", "kind")
    texts = [
        "---\ndescriptions:\n  a:\n    status: Valid values are `on`, `off` or `idle`.\n"
        "    kind: It is one of `x` and `y`.\n"
        f"reference:\n  js:\n    - key: f\n      parameters:\n{status}{kind}---\n",
        f"---\nreference:\n  go:\n    - key: g\n      parameters:\n{kind}{status}---\n",
    ]
    raw = [load_text(f"p{i}.mdx", text, diags) for i, text in enumerate(texts)]
    pages = [validate_page(page, diags) for page in raw if page is not None]
    assert len(pages) == 2 and not diags.items
    cat = catalogue([page for page in pages if page is not None], POLICIES)
    assert cat.prose == {"a.status": ("on", "off", "idle"), "a.kind": ("x", "y")}


def leaves(fields: tuple[Field, ...]) -> Iterator[Field]:
    for f in fields:
        yield f
        yield from leaves(f.fields)


def test_the_fixture_corpus_model(snapshot) -> None:  # type: ignore[no-untyped-def]
    """The IR of the fixture corpus, per operation: its wire, and each language's fields on it."""
    api = load_api([SPECS / "index.mdx", FIXTURES], Diagnostics(), LANGUAGES)
    lines = []
    for language in LANGUAGES:
        lang = api.languages[language]
        for op in sorted(lang.operations, key=lambda o: (o.id or "", o.key)):
            wire = f"{op.http.method} {op.http.path}" if op.http else "-"
            lines.append(f"{language} {op.id} {op.name}: {wire}")
            for f in leaves(op.params):
                where = f"{f.place} {f.wire_name}" if f.wire_name else "not on the wire"
                lines.append(f"    {f.name}: {f.type.spelling if f.type else '-'} -> {where}")
        for model in sorted(lang.models, key=lambda m: (m.area, m.name)):
            linked = [f"{f.name}={f.place or ''}:{f.wire_name}" for f in model.fields if f.wire_name]
            if linked:
                lines.append(f"{language} model {model.area}/{model.name}: {' '.join(linked)}")
        for enum in lang.enums:
            lines.append(f"{language} enum {enum.area}/{enum.name} = {' | '.join(enum.values)}")
    assert "\n".join(lines) + "\n" == snapshot


def test_externals_say_why_each_is_left() -> None:
    """`codegen externals` names each type the corpus leaves undefined, with the reason."""
    from helpers import run_codegen

    result = run_codegen("externals")
    assert result.returncode == 0, result.stderr
    entries = [line.strip() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert entries and all(line.endswith(")") and "  (" in line for line in entries)
    reasons = {line.rsplit("  (", 1)[1] for line in entries}
    assert "never defined in the reference)" in reasons
    # Objects the HTTP reference defines are never left external (php Challenge, python Session).
    assert not any(line.split()[0] in ("Challenge", "Session", "FeatureFlag") for line in entries)
    # Issue 10's bound: what is left is what the corpus never defines (framework types and a few).
    assert len(entries) <= 20, entries
    # A narrowed run gives each language's section as the run of every language does (its reasons
    # name the languages that define a type, narrowed or not).
    narrowed = run_codegen("externals", "--lang", "dotnet", "--lang", "php")
    assert narrowed.returncode == 0, narrowed.stderr
    sections = re.split(r"(?m)^(?=\S)", result.stdout)
    assert narrowed.stdout == "".join(s for s in sections if s.startswith(("dotnet:", "php:")))
    assert "defined only by" in narrowed.stdout


def test_an_inline_object_of_one_language_defines_the_name_another_uses() -> None:
    """Go names `auditlogs.Actor` and `auditlogs.Context` and never defines them; Java declares both
    inline: Go gets them with the wire names Java's fields were linked to. Go's own
    `context.Context` stays the standard library's."""
    api = load_api([SPECS], Diagnostics(), ("curl", "java", "go"))
    go = {m.name: m for m in api.languages["go"].models if m.area == "audit-logs"}
    assert {f.wire_name for f in go["Context"].fields} == {"location", "user_agent"}
    assert {f.wire_name for f in go["Actor"].fields} >= {"id", "type", "name"}
    contexts = [m for m in api.languages["go"].models if m.name == "Context"]
    assert [m.area for m in contexts] == ["audit-logs"]


def test_a_name_for_a_free_form_http_object_is_a_map() -> None:
    """`vault.KeyContext` cites `(object_metadata.context)`, which the HTTP reference types `object`
    with no keys: the field is a map of string to any value, not an external."""
    from codegen.types import MapOf

    api = load_api([SPECS], Diagnostics(), ("curl", "python"))
    (op,) = [o for o in api.languages["python"].operations if o.id == "create_data_key"]
    (context,) = [f for f in op.params if f.name == "key_context"]
    assert isinstance(context.type, MapOf)


def test_values_listed_in_prose_name_an_undefined_type() -> None:
    """`Valid values are `bcrypt`, ... and `argon2`.` gives the values of a name nobody defines."""
    from codegen.enums import prose_values

    assert prose_values("Array including\n any of `active`, `inactive`, or `pending`.") == (
        "active",
        "inactive",
        "pending",
    )
    assert prose_values('Supported values are `"asc"` and `"desc"`.') == ("asc", "desc")
    assert prose_values("Use the `statuses` parameter to filter.") == ()
    api = load_api([SPECS], Diagnostics(), ("python",))
    enums = {e.name: e.values for e in api.languages["python"].enums}
    assert enums["PasswordHashType"][-1] == "argon2"
    assert enums["OrganizationMembershipStatus"] == ("active", "inactive", "pending")


def test_declared_enums_answer_as_a_scan_of_them_in_order_would() -> None:
    """The enums declared while retyping are indexed (a large reference asks about a name once
    per use): the first one declared under a name, and the first of an area with a set of values,
    merged values included, are what scanning them in order finds."""
    import random

    from codegen.diagnostics import Loc
    from codegen.enums import _Declared

    rng = random.Random(7)
    declared = _Declared()
    field = Field(name="f", type=None, loc=Loc("p.yaml", 1, 1))
    names, areas, qualifiers = ["Kind", "Size", "Color"], ["a", "b", "c"], [None, "q"]
    pool = ["x", "y", "z", "w"]
    for _ in range(300):
        values = tuple(rng.sample(pool, rng.randint(1, 3)))
        declared.declare(rng.choice(names), rng.choice(qualifiers), rng.choice(areas), values, field)
        for name in names:
            for qualifier in qualifiers:
                scanned = [e for (_, q, n), e in declared.enums.items() if n == name and q == qualifier]
                assert declared.named(name, qualifier) is (scanned[0] if scanned else None)
        for area in areas:
            wanted = tuple(rng.sample(pool, rng.randint(1, 4)))
            scanned = [e for (a, _, _), e in declared.enums.items() if a == area and set(e.values) == set(wanted)]
            assert declared.same_values(area, wanted) is (scanned[0] if scanned else None)
    assert any(len(e.values) > 3 for e in declared.enums.values())  # values were merged


def test_retyped_retypes_a_fields_own_fields_first_and_copies_only_what_changes() -> None:
    def field(name: str, type_text: str | None, *fields: Field) -> Field:
        return Field(name=name, type=None if type_text is None else parse_type(type_text), fields=fields, loc=Loc("x"))

    fields = (field("a", "string"), field("b", None, field("c", "Widget"), field("d", "string")))
    seen: list[tuple[str, tuple[str, ...]]] = []

    def widened(f: Field) -> TypeExpr | None:
        seen.append((f.name, tuple(str(c.type) for c in f.fields)))
        return parse_type("Gadget") if f.type == parse_type("Widget") else f.type

    new = retyped(fields, widened)
    assert [name for name, _ in seen] == ["a", "c", "d", "b"]  # a field's own fields first
    assert seen[-1][1] == (str(parse_type("Gadget")), str(parse_type("string")))  # and handed over so
    assert new[0] is fields[0] and new[1] is not fields[1] and new[1].fields[1] is fields[1].fields[1]
    assert new[1].fields[0].type == parse_type("Gadget")
    assert retyped(fields, lambda f: f.type) is fields


def test_validated_pages_hold_one_copy_of_a_repeated_text_and_no_list_that_could_change() -> None:
    """A page repeats a parameter's description for each language, and pages repeat one another's:
    the validated pages, held by a large run to its end, keep one string of each (read from the
    YAML, each is its own object). Their lists are tuples: a frozen page is frozen all through."""
    from codegen.loader import load_text
    from codegen.spec import SpecEntry, validate_page

    text = "The ID of the organization the connection belongs to, if any."
    lines = [
        f"  {language}:\n    - key: get\n      parameters:\n        - key: id\n          description: {text}\n"
        for language in ("go", "ruby")
    ]
    raw = [load_text(f"{name}.mdx", "---\nreference:\n" + "".join(lines) + "---\n", Diagnostics()) for name in "ab"]
    found = [
        entry["parameters"][0]["description"]
        for page in raw
        if page is not None
        for entries in page.data["reference"].values()
        for entry in entries
    ]
    assert len(found) == 4 and len({id(description) for description in found}) == 4  # as read: four strings
    pages = [validate_page(page, Diagnostics()) for page in raw if page is not None]
    entries = [entry for page in pages if page is not None for found in page.spec.reference.values() for entry in found]
    assert len(entries) == 4 and all(isinstance(entry, SpecEntry) for entry in entries)
    items = [entry.parameters[0] for entry in entries if entry.parameters]
    assert [item.description for item in items] == [text] * 4
    assert all(item.description is items[0].description for item in items)
    assert all(type(found) is tuple for page in pages if page is not None for found in page.spec.reference.values())
    assert all(type(entry.parameters) is tuple for entry in entries)


def test_a_spec_items_booleans_are_bits_of_one_field_given_read_and_copied_as_fields() -> None:
    """A large run holds a quarter of a million items: their booleans (false unless given) share
    one int field, so an item is smaller than one with a slot each. They are still given by place
    or by name, read by name, compared, and kept by ``dataclasses.replace`` unless it sets them."""
    import dataclasses
    import sys

    from codegen.spec import SpecEntry, SpecItem

    placed = SpecItem("id", "string", "The ID.", True, None, False, True, None)
    named = SpecItem(key="id", type="string", description="The ID.", optional=True, unwrap=True)
    assert placed == named and hash(placed) == hash(named)
    assert (placed.optional, placed.expanded, placed.unwrap) == (True, False, True)
    copy = dataclasses.replace(placed, key="other")
    assert (copy.key, copy.optional, copy.expanded, copy.unwrap) == ("other", True, False, True)
    cleared = dataclasses.replace(placed, optional=False, expanded=True)
    assert (cleared.optional, cleared.expanded, cleared.unwrap) == (False, True, True)
    assert cleared != placed and SpecItem(key="id") != placed
    entry = SpecEntry(key="send", sendsEmail=True)
    assert (entry.sendsEmail, entry.optional) == (True, False)
    names = ["key", "type", "description", "optional", "properties", "expanded", "unwrap", "title"]
    one_slot_each = dataclasses.make_dataclass("Item", names, frozen=True, slots=True)
    assert sys.getsizeof(placed) < sys.getsizeof(one_slot_each(*names))


def test_nested_items_are_every_item_each_before_its_properties_references_skipped() -> None:
    """codegen.spec.nested_items walks a tree of items depth first, an item before its
    properties and those before its next sibling, and skips ``(reference)`` strings."""
    from codegen.spec import SpecItem, nested_items

    def item(key: str, *properties: object) -> SpecItem:
        return SpecItem(key, properties=tuple(properties) or None)

    tree = [
        item("a", item("a1", item("a1x"), "(ref)", item("a1y")), item("a2")),
        "(top)",
        item("b"),
        item("c", "(only a reference)"),
        item("d", item("d1", item("d1x", item("d1x1")))),
    ]
    keys = [found.key for found in nested_items(tree)]
    assert keys == ["a", "a1", "a1x", "a1y", "a2", "b", "c", "d", "d1", "d1x", "d1x1"]
    assert list(nested_items(None)) == [] and list(nested_items(["(x)"])) == []


def test_all_fields_are_every_field_each_before_the_fields_nested_in_it() -> None:
    """codegen.ir.all_fields walks a model's fields depth first: a field, its fields (and
    theirs), then its next sibling; and ``records.same`` tells a rewrite that kept every element."""
    from codegen.ir import Model
    from codegen.records import same

    def f(name: str, *fields: Field) -> Field:
        return Field(name=name, type=None, fields=fields, loc=Loc("p.mdx", 1, 1))

    fields = (f("a", f("a1", f("a1x"), f("a1y")), f("a2")), f("b"), f("c", f("c1", f("c1x", f("c1x1")))))
    model = Model(id=None, key="m", name="M", kind="class", fields=fields, page="p.mdx", loc=Loc("p.mdx", 1, 1))
    names = [found.name for found in all_fields(LanguageAPI(language="go", models=(model, model)))]
    assert names == ["a", "a1", "a1x", "a1y", "a2", "b", "c", "c1", "c1x", "c1x1"] * 2
    assert same(list(fields), fields) and not same([*fields[:2], f("c")], fields) and not same(fields[:2], fields)
