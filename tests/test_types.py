"""The type-string reader: every spelling the corpus uses, read into one model."""

from __future__ import annotations

import pytest

from codegen.types import (
    MAX_NAME_LENGTH,
    MAX_TYPE_DEPTH,
    ListOf,
    LiteralOf,
    MapOf,
    Named,
    Nullable,
    Prim,
    TypeExpr,
    TypeSyntaxError,
    UnionOf,
    map_children,
    parse_type,
)


def show(expr: object) -> str:
    """A compact, spelling-free rendering of the model, for the tables below."""
    if isinstance(expr, Prim):
        return expr.name
    if isinstance(expr, Named):
        name = f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
        return name + (f"<{', '.join(show(a) for a in expr.args)}>" if expr.args else "")
    if isinstance(expr, ListOf):
        return f"list[{show(expr.item)}]"
    if isinstance(expr, MapOf):
        return f"map[{show(expr.key)}, {show(expr.value)}]"
    if isinstance(expr, LiteralOf):
        return "lit(" + ",".join(expr.values) + ")"
    if isinstance(expr, UnionOf):
        return "union(" + ", ".join(show(o) for o in expr.options) + ")"
    if isinstance(expr, Nullable):
        return f"null({show(expr.inner)})"
    raise AssertionError(expr)


@pytest.mark.parametrize(
    ("text", "model", "spelling"),
    [
        ("string", "string", "string"),
        ("String", "string", "String"),
        ("str", "string", "str"),
        ("Int", "int", "Int"),
        ("Long", "int", "Long"),
        ("number", "number", "number"),
        ("Boolean", "bool", "Boolean"),
        ("DateTime", "datetime", "DateTime"),
        ("time.Time", "datetime", "time.Time"),
        ("enum", "string", "enum"),
        ("empty", "void", "empty"),
        ("function", "function", "function"),
        ("object", "object", "object"),
        ("Struct", "object", "Struct"),
        ("array", "list[any]", "array"),
        ("Hash", "map[string, any]", "Hash"),
        ("dict", "map[string, any]", "dict"),
        ("Invitation[]", "list[Invitation]", "T[]"),
        ("[]string", "list[string]", "[]T"),
        ("Array[Invitation]", "list[Invitation]", "Array["),
        ("List<String>", "list[string]", "List<"),
        ("list[str]", "list[string]", "list["),
        ("Sequence[str]", "list[string]", "Sequence["),
        ("Set[OrganizationMembershipStatus]", "list[OrganizationMembershipStatus]", "Set["),
        ("[]directorysync.User", "list[directorysync.User]", "[]T"),
        ("vault.ObjectDigest[]", "list[vault.ObjectDigest]", "T[]"),
        ("map[string]interface{}", "map[string, any]", "map[K]V"),
        ("map[string]string", "map[string, string]", "map[K]V"),
        ("Map<String, Object>", "map[string, object]", "Map<"),
        ("Map<String, Any?>", "map[string, null(any)]", "Map<"),
        ("Dictionary<string, object>", "map[string, object]", "Dictionary<"),
        ("Dict[str, Any]", "map[string, any]", "Dict["),
        ("array<string, mixed>", "map[string, any]", "array<"),
        ('"totp" | "sms"\n', "lit(totp,sms)", "literal"),
        ('"pending"|"ready"|"error"', "lit(pending,ready,error)", "literal"),
        ('"authentication_challenge"', "lit(authentication_challenge)", "literal"),
        ('"widgets:users-table:manage"[]', "list[lit(widgets:users-table:manage)]", "T[]"),
        ("string | null", "null(string)", "T | null"),
        ("str | None", "null(string)", "T | None"),
        ("String | nil", "null(string)", "T | nil"),
        ("string[] | null", "null(list[string])", "T | null"),
        ("time.Time | null", "null(datetime)", "T | null"),
        ("Task<Challenge>", "Task<Challenge>", "Task<"),
        ("Task<WorkOSList<Group>>", "Task<WorkOSList<Group>>", "Task<"),
        ("Promise<UserInfo | NoUserInfo>", "Promise<union(UserInfo, NoUserInfo)>", "Promise<"),
        (
            "pipes.NotInstalled | pipes.NeedsReauthorization | error",
            "union(pipes.NotInstalled, pipes.NeedsReauthorization, error)",
            "A | B",
        ),
        ("WorkOS\\Resource\\ApiKey", "WorkOS\\Resource.ApiKey", "WorkOS\\Resource\\ApiKey"),
        ("common.ListMetadata", "common.ListMetadata", "common.ListMetadata"),
        ("array[]", "list[list[any]]", "T[]"),
    ],
)
def test_reads_every_corpus_spelling(text: str, model: str, spelling: str) -> None:
    expr = parse_type(text)
    assert show(expr) == model
    assert expr.spelling == spelling


@pytest.mark.parametrize(
    ("text", "column"),
    [("Dict[str, ", 10), ("{width: int}", 1), ("List<String", 12), ("", 1), ("a | | b", 5), ("Map<String,>", 12)],
)
def test_unreadable_types_name_the_column(text: str, column: int) -> None:
    with pytest.raises(TypeSyntaxError) as raised:
        parse_type(text)
    assert raised.value.column == column


def test_every_corpus_type_string_is_readable() -> None:
    """All 531 (language, type) pairs of the corpus parse."""
    from pathlib import Path

    from codegen.diagnostics import Diagnostics
    from codegen.languages import LANGUAGES
    from codegen.pipeline import load_api

    diags = Diagnostics()
    load_api([Path(__file__).resolve().parent.parent / "specs"], diags, LANGUAGES)
    assert not [d for d in diags.items if "cannot read" in d.message]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("List<" * 33 + "string" + ">" * 33, 161),  # the 33rd List opens at column 161
        ("List<" * 245 + "string" + ">" * 245, 161),  # used to be a RecursionError (exit 3)
        ("string" + "[]" * 33, 71),  # each suffix is a level: the 33rd
        ("[]" * 33 + "string", 65),
        ("(" * 40 + "string" + ")" * 40, 33),
        ("map[string]" * 33 + "string", 353),
        ("List<" * 16 + "string" + "[]" * 16 + ">" * 16 + "?", 135),  # levels inside and outside add up
    ],
)
def test_types_nested_too_deep_name_the_column(text: str, column: int) -> None:
    with pytest.raises(TypeSyntaxError, match=f"^type nests more than {MAX_TYPE_DEPTH} levels deep$") as raised:
        parse_type(text)
    assert raised.value.column == column


@pytest.mark.parametrize(
    "text",
    ["List<" * 32 + "string" + ">" * 32, "string" + "[]" * 32, "[]" * 32 + "string", "map[string]" * 32 + "string"],
)
def test_types_up_to_the_depth_limit_are_read(text: str) -> None:
    expr = parse_type(text)
    depth = 0
    while isinstance(expr, (ListOf, MapOf)):
        expr = expr.value if isinstance(expr, MapOf) else expr.item
        depth += 1
    assert isinstance(expr, Prim)
    assert depth == MAX_TYPE_DEPTH


def test_a_name_over_the_limit_is_refused_at_its_column() -> None:
    assert show(parse_type("n" * MAX_NAME_LENGTH)) == "n" * MAX_NAME_LENGTH
    with pytest.raises(TypeSyntaxError, match="name is 129 characters long, over the limit of 128") as raised:
        parse_type("List<" + "n" * (MAX_NAME_LENGTH + 1) + ">")
    assert raised.value.column == 6


def test_literal_unions_keep_each_value_once_in_order() -> None:
    assert show(parse_type("'b' | 'a' | 'b' | 1 | 'a' | null")) == "null(lit(b,a,1))"


def test_map_children_maps_what_it_is_asked_to_in_order_and_keeps_what_did_not_change() -> None:
    seen: list[str] = []

    def upper(expr: TypeExpr) -> TypeExpr:
        seen.append(str(getattr(expr, "name", "")))
        return Named(name=expr.name.upper()) if isinstance(expr, Named) else expr

    table = parse_type("Map<Key, Value>")
    assert isinstance(table, MapOf)
    assert map_children(table, upper, maps="no") is None
    values = map_children(table, upper, maps="values")
    assert isinstance(values, MapOf) and values.key is table.key and values.value == Named(name="VALUE")
    seen.clear()
    both = map_children(table, upper, maps="both")
    assert isinstance(both, MapOf) and both.key == Named(name="KEY") and seen == ["Key", "Value"]
    union = parse_type("A | B | null")
    assert map_children(union, lambda expr: expr, maps="no") is union
    assert map_children(Named(name="A", args=(Named(name="B"),)), upper, maps="both") is None
