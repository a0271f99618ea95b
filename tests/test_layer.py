"""The shared planning of emitters (codegen.languages.layer): behaviour every language relies on."""

from codegen.languages.layer import ImportTable, bases_first, broken_bases, by_area


def test_by_area_sorts_areas_and_keeps_item_order():
    items = [("sso", "b"), ("mfa", "z"), ("sso", "a"), ("", "c")]
    assert by_area(items, lambda i: i[0]) == {
        "": [("", "c")],
        "mfa": [("mfa", "z")],
        "sso": [("sso", "b"), ("sso", "a")],
    }


def test_bases_first_places_a_base_before_its_subclasses_and_keeps_the_rest_in_order():
    classes = {"A": "C", "B": None, "C": "B", "D": "Elsewhere"}
    ordered = bases_first(sorted(classes), key=lambda n: n, base=classes.get)
    assert ordered == ["B", "C", "A", "D"]


def test_bases_first_survives_a_cycle_and_broken_bases_names_the_edge_that_closes_it():
    classes = {"A": "B", "B": "A", "C": None}
    ordered = bases_first(sorted(classes), key=lambda n: n, base=classes.get)
    assert sorted(ordered) == ["A", "B", "C"] and len(ordered) == 3
    assert broken_bases(sorted(classes), key=lambda n: n, base=classes.get) == {"B"}
    assert broken_bases(["X"], key=lambda n: n, base=lambda n: "X") == {"X"}
    assert broken_bases(["A", "B"], key=lambda n: n, base={"A": "B", "B": None}.get) == set()


def test_import_table_aliases_a_clash_with_a_declaration_or_another_import():
    table: ImportTable[str] = ImportTable(taken={"Record"})
    table.declare("User")
    assert table.ref("./sso", "Profile") == "Profile"
    assert table.ref("./sso", "Profile") == "Profile"  # imported once
    assert table.ref("./mfa", "User", alias_hint="MfaUser") == "MfaUser"
    assert table.ref("./mfa", "Profile", alias_hint="MfaProfile") == "MfaProfile"
    assert table.ref("./x", "Record", alias_hint="Record") == "Record_"
    assert table.ref("./rt", "send", kind="value") == "send"
    assert table.imports() == [
        ("./mfa", [("Profile", "MfaProfile"), ("User", "MfaUser")]),
        ("./sso", [("Profile", "Profile")]),
        ("./x", [("Record", "Record_")]),
    ]
    assert table.imports("value") == [("./rt", [("send", "send")])]


def test_import_table_qualifies_on_a_clash_when_the_language_does_so():
    table: ImportTable[str] = ImportTable(
        qualify=lambda package, name: f"{package}.{name}", implicit=lambda p: p in ("com.x", "java.lang")
    )
    table.declare("List", source="com.x")
    table.declare("String", source="java.lang")
    assert table.ref("com.x", "List") == "List"
    assert table.ref("java.util", "List") == "java.util.List"
    assert table.ref("java.util", "Map") == "Map"
    assert table.ref("java.lang", "String") == "String"
    assert table.imports() == [("java.util", [("Map", "Map")])]


def test_import_table_folds_case_and_numbers_aliases_where_the_language_does():
    """PHP: class names are case-insensitive; a clash is aliased <Namespace><Class>, then numbered;
    the file's own namespace needs no ``use`` unless aliased."""
    table: ImportTable[str] = ImportTable(
        fold=str.lower, number=lambda name, n: f"{name}{n}", implicit=lambda s: s == "App"
    )
    table.declare("User", "App")
    assert table.ref("App", "User") == "User"
    assert table.ref("Lib\\Sso", "user", alias_hint="Ssouser") == "Ssouser"  # "user" is "User" to PHP
    assert table.ref("Lib\\Other", "SSOUSER", alias_hint="Ssouser") == "Ssouser2"
    assert table.ref("App", "Role") == "Role"
    table.declare("Team")
    assert table.ref("App", "team", alias_hint="AppTeam") == "AppTeam"
    assert table.imports() == [
        ("App", [("team", "AppTeam")]),  # an implicit source still imports what it aliases
        ("Lib\\Other", [("SSOUSER", "Ssouser2")]),
        ("Lib\\Sso", [("user", "Ssouser")]),
    ]
