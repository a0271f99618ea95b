"""Names never vanish: documented names that one language spells alike are all kept.

An attacker (or a sloppy page) documents ``user_id``, ``userId``, ``UserID`` and ``user-id``
as four fields of one model and as four parameters of one method, and ``getUser``,
``get_user`` and ``GetUser`` as three methods of one service. Every language declares all
of them: the first keeps its name, the later ones are numbered in document order, each
with a warning at its position naming both documented names. The output compiles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import toolchains
import yaml
from helpers import render_specs

from codegen.diagnostics import Diagnostics

FIELDS = ["user_id", "userId", "UserID", "user-id"]
METHODS = ["getUser", "get_user", "GetUser"]
# How each language writes a method title (service "users").
TITLES = {
    "dotnet": "usersService.{}()",
    "go": "users.{}()",
    "java": "users.{}()",
    "js": "users.{}()",
    "php": "$users->{}()",
    "python": "users.{}()",
    "ruby": "Users.{}()",
}
LANGUAGES = sorted(TITLES)
# Declared members of the model: (file pattern, member regex) per language.
MEMBERS = {
    "dotnet": (r"Account\.cs$", r"public \S+ (\w+) \{ get; set; \}"),
    "go": (r"models\.go$", r"^\t(\w+) +\S+ +`json:"),
    "java": (r"models/Account\.java$", r"^    private \S+ (\w+);"),
    "js": (r"interfaces/.*\.ts$", r"^  (\w+|\"[^\"]+\")\??: .*;$"),
    "php": (r"Account\.php$", r"public \S+ \$(\w+)"),
    "python": (r"models/.*\.py$", r"^    (\w+): \S+ = field\("),
    "ruby": (r"models/.*\.rb$", r"attr_accessor :(\w+)"),
}
# Methods of the service: (file pattern, method regex).
METHOD_DECLS = {
    "dotnet": (r"UsersService\.cs$", r"public \S+ (\w+)\("),
    "go": (r"users/client\.go$", r"^func \(c \*Client\) (\w+)\("),
    "java": (r"UsersApi\.java$", r"^    public \S+ (\w+)\("),
    "js": (r"users\.ts$", r"^  async (\w+)\("),
    "php": (r"Users\.php$", r"public function (\w+)\("),
    "python": (r"users\.py$", r"^    def (\w+)\("),
    "ruby": (r"users\.rb$", r"^ *def (\w+)"),
}
# The constructor a service takes its client by (PHP, Ruby): the language's own, never documented.
CONSTRUCTORS = {"__construct", "initialize"}
# The per-request options each method takes last (idempotency key, headers, timeout): not a documented name.
REQUEST_OPTIONS = {
    "go": "options",
    "js": "requestOptions",
    "php": "requestOptions",
    "python": "request_options",
    "ruby": "request_options",
}
# The parameter list of createUser, and how to read a parameter's name from one entry of it.
PARAM_LISTS = {
    "dotnet": (r"public \S+ CreateUser\(([^)]*)\)", lambda p: p.split("=")[0].split()[-1]),
    "go": (r"\) CreateUser\(([^)]*)\)", lambda p: p.split()[0]),
    "java": (r"public \S+ createUser\(([^)]*)\)", lambda p: p.split()[-1]),
    "js": (r"async createUser\(([^)]*)\)", lambda p: p.split(":")[0].rstrip("?")),
    "php": (r"function createUser\(([^)]*)\)", lambda p: p.split("$")[1].split()[0]),
    "python": (r"def create_user\(([^)]*)\)", lambda p: p.split(":")[0]),
    "ruby": (r"def create_user\(([^)]*)\)", lambda p: p.split(":")[0]),
}


def _fields() -> list[dict[str, Any]]:
    return [{"key": name, "type": "string", "optional": True} for name in FIELDS]


def collision_page(language: str) -> dict[str, Any]:
    if language == "curl":
        return {
            "reference": {"curl": [{"key": "get_user", "title": "/users", "type": "POST", "parameters": _fields()}]}
        }
    title = TITLES[language]
    entries: list[dict[str, Any]] = [{"key": "Account", "id": "account", "title": "Account", "properties": _fields()}]
    entries.append({"key": "createUser", "title": title.format("createUser"), "parameters": _fields()})
    entries += [{"key": method, "title": title.format(method)} for method in METHODS]
    return {"reference": {language: entries}}


def render(language: str, tmp: Path) -> tuple[Path, dict[str, str], Diagnostics]:
    specs = tmp / "specs"
    (specs / "accounts").mkdir(parents=True)
    page = specs / "accounts" / "page.yaml"
    page.write_text(yaml.safe_dump(collision_page(language), sort_keys=False), encoding="utf-8")
    files, diags = render_specs([specs], language)
    assert not diags.errors, diags.render()
    return specs, files, diags


def _found(files: dict[str, str], file_pattern: str, pattern: str) -> list[str]:
    found: list[str] = []
    for name, text in sorted(files.items()):
        if re.search(file_pattern, name):
            found += re.findall(pattern, text, re.MULTILINE)
    return found


def declared(language: str, files: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(model members, service methods, parameters of createUser) as the output declares them."""
    members = _found(files, *MEMBERS[language])
    methods = [
        m
        for m in _found(files, *METHOD_DECLS[language])
        if m.lower().replace("_", "") != "createuser" and m not in CONSTRUCTORS
    ]
    pattern, name = PARAM_LISTS[language]
    (params,) = _found(files, METHOD_DECLS[language][0], pattern)
    names = [name(p.strip()) for p in params.split(",") if p.strip() and p.strip() not in ("self", "*")]
    return members, methods, [n for n in names if n != REQUEST_OPTIONS.get(language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_colliding_fields_and_methods_are_all_declared(language: str, tmp_path: Path) -> None:
    specs, files, _ = render(language, tmp_path)
    for names, documented in zip(declared(language, files), (FIELDS, METHODS, FIELDS), strict=True):
        assert len(names) == len(set(names)) == len(documented), names
    toolchains.check(language, files, [specs], tmp_path / "out")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_numbered_name_is_a_warning_naming_both_documented_names(language: str, tmp_path: Path) -> None:
    _, files, diags = render(language, tmp_path)
    collisions = [d for d in diags.sorted() if " are both " in d.message]  # sorted(): duplicates dropped
    for d in collisions:
        later, earlier = re.findall(r"'([^']+)'", d.message)[:2]
        assert later != earlier and {later, earlier} <= {*FIELDS, *METHODS}, d.message
        assert d.message.startswith(f"{language} "), d.message
    assert len({d.loc for d in collisions}) == len(collisions), "one warning per numbered name, at its own position"
    # No documented name ends in a digit: the numbered ones are exactly those the warnings name.
    written = sorted(re.search(r"is written (\S+)$", d.message).group(1) for d in collisions)  # type: ignore[union-attr]
    numbered = sorted(n for names in declared(language, files) for n in names if n[-1].isdigit())
    assert written == numbered
    assert written, "the fixture makes names collide in every language"


def test_go_collision_message(tmp_path: Path) -> None:
    _, files, diags = render("go", tmp_path)
    messages = {(d.loc.line, d.message) for d in diags.warnings}
    field = "go field of Account: 'userId' and 'user_id' are both UserID; 'userId' is written UserID2"
    method = "go method of users: 'get_user' and 'getUser' are both GetUser; 'get_user' is written GetUser2"
    assert field in {m for _, m in messages}
    assert method in {m for _, m in messages}
    models = next(text for name, text in files.items() if name.endswith("models.go"))
    # Where the docs give no wire names, the documented ones are the json names: all four differ.
    assert re.findall(r'json:"([^"]*),omitempty"', models) == FIELDS


def test_curl_options_never_take_a_documented_name(tmp_path: Path) -> None:
    specs, files, _ = render("curl", tmp_path)
    (script,) = files.values()
    options = re.findall(r"^    (--[\w-]+(?: \| --[\w-]+)*)\)$", script, re.MULTILINE)
    flat = [o for group in options for o in group.split(" | ")]
    assert {f"--{name}" for name in FIELDS} <= set(flat)
    assert len(flat) == len(set(flat))
    assert "--user-id" not in options[0]  # user_id's kebab alias would be user-id's own option
    toolchains.check("curl", files, [specs], tmp_path / "out")


def test_collisions_are_numbered_the_same_way_every_run(tmp_path: Path) -> None:
    first = render("python", tmp_path / "a")[1]
    second = render("python", tmp_path / "b")[1]
    assert first == second


@pytest.mark.parametrize("language", LANGUAGES)
def test_classes_spelled_alike_are_both_declared(language: str, tmp_path: Path) -> None:
    """Two models, ``list_metadata`` and ``ListMetadata``, that a language spells alike: both are
    declared, the second under its area's prefix, with no warning."""
    entries = [
        {"key": "list_metadata", "id": "a", "title": "list_metadata", "properties": [{"key": "a", "type": "string"}]},
        {"key": "ListMetadata", "id": "b", "title": "ListMetadata", "properties": [{"key": "b", "type": "string"}]},
    ]
    specs = tmp_path / "specs"
    (specs / "accounts").mkdir(parents=True)
    page = {"reference": {language: entries}}
    (specs / "accounts" / "page.yaml").write_text(yaml.safe_dump(page, sort_keys=False), encoding="utf-8")
    files, diags = render_specs([specs], language)
    assert not diags.errors, diags.render()
    warnings = [d for d in diags.sorted() if " class " in d.message and " are both " in d.message]
    # The plan declares both: the second one's name takes its area as a prefix, with no warning.
    assert warnings == []
    declared = r"\b(?:class|struct|type|interface) (\w*ListMetadata)\b"  # TypeScript's are interfaces
    names = {m.group(1) for text in files.values() for m in re.finditer(declared, text)}
    assert len(names) >= 2, names
    toolchains.check(language, files, [specs], tmp_path / "out")
