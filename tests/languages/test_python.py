"""Python emitter: snapshots, names, types, reserved words, escaping."""

from __future__ import annotations

import ast

import pytest
from helpers import FIXTURES, ROOT, SEED, SPECS, render_specs, snapshot_text

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.python import RESERVED, PythonEmitter, PythonSettings, _Imports, docstring
from codegen.render import environment
from codegen.types import parse_type


def emitter() -> PythonEmitter:
    return PythonEmitter(PythonSettings(package="sdk"), environment("python"), Diagnostics())


def test_seed_snapshot(snapshot):
    files, diags = render_specs(SEED, "python")
    assert not diags.errors
    assert snapshot_text(files) == snapshot


def test_fixture_snapshot(snapshot):
    files, diags = render_specs([SPECS / "index.mdx", FIXTURES], "python")
    assert not diags.errors
    assert snapshot_text(files) == snapshot


def test_seed_names_from_the_format_table():
    files, _ = render_specs(SEED, "python")
    service = files["sdk/mfa.py"]
    assert "class Mfa:" in service
    assert "def challenge_factor(" in service
    assert "authentication_factor_id: str," in service
    assert "sms_template: Optional[str] = None," in service
    assert "-> AuthenticationChallenge:" in service
    assert "class AuthenticationChallenge:" in files["sdk/models/common.py"]


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("str", "str"),
        ("string", "str"),
        ("int", "int"),
        ("bool", "bool"),
        ("boolean", "bool"),
        ("datetime", "datetime.datetime"),
        ("str | None", "Optional[str]"),
        ("Sequence[str]", "List[str]"),
        ("list[Invitation]", "List[Invitation]"),
        ("Dict[str, Any]", "Dict[str, Any]"),
        ("dict", "Dict[str, Any]"),
        ("array", "List[Any]"),
        ("object", "Dict[str, Any]"),
        ("function", "Callable[..., Any]"),
        ('"sign-up" | "sign-in"', 'Literal["sign-up", "sign-in"]'),
        ('"back\\slash"', 'Literal["back\\\\slash"]'),
        ("vault.ObjectDigest[]", "List[ObjectDigest]"),
        ("Set[OrganizationMembershipStatus]", "List[OrganizationMembershipStatus]"),
    ],
)
def test_type_mapping(spelling, expected):
    assert emitter().type(parse_type(spelling), _Imports()) == expected


@pytest.mark.parametrize(
    ("spelling", "native"),
    [("str", True), ("string", False), ("array", False), ("list[str]", True), ("Invitation[]", False), ("dict", True)],
)
def test_reinterpretation_is_reported_for_non_python_spellings(spelling, native):
    from codegen.types import walk

    reasons = [r for r in (emitter().reinterpretation(n) for n in walk(parse_type(spelling))) if r]
    assert (not reasons) is native


@pytest.mark.parametrize("word", sorted(RESERVED))
def test_reserved_words_are_escaped(word):
    name = emitter().identifier(word)
    assert name.isidentifier()
    assert name != word
    assert name.rstrip("_") == word or name.startswith(word.lower())


@pytest.mark.parametrize(
    ("documented", "expected"),
    [
        ("sms_template", "sms_template"),
        ("smsTemplate", "sms_template"),
        ("FactorID", "factor_id"),
        ("lambda", "lambda_"),
        ("class", "class_"),
        ("2fa", "_2fa"),
    ],
)
def test_identifiers(documented, expected):
    assert emitter().identifier(documented) == expected


HOSTILE = 'end */ """ \'\'\' #{x} $y ?> `tick` {{code}} \\u000a \u2028 nul\x00 "quoted"'


def test_hostile_text_stays_inside_the_docstring():
    source = "def f():\n" + "\n".join(docstring(HOSTILE, "    ")) + "\n    return 1\n"
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    doc = ast.get_docstring(function)
    assert doc is not None
    assert '"""' in doc and "*/" in doc and "#{x}" in doc and "U+0000" in doc
    assert len(function.body) == 2  # the docstring and the return: nothing leaked out


def test_docstring_ending_in_a_quote():
    source = "def f():\n" + "\n".join(docstring('say "hi"', "    ")) + "\n"
    assert ast.get_docstring(ast.parse(source).body[0]) == 'say "hi"'  # type: ignore[arg-type]


def test_package_setting_moves_the_output():
    config = Config(root=ROOT, settings={"python": PythonSettings(package="acme.sdk")})
    files, _ = render_specs(SEED, "python", config)
    assert "acme/sdk/mfa.py" in files


@pytest.mark.parametrize(
    ("documented", "expected"),
    [
        ("list_metadata", "ListMetadata"),  # the corpus' Python pagination model
        ("listMetadata", "ListMetadata"),
        ("ChallengeFactorOptions", "ChallengeFactorOptions"),
        ("SSOProfile", "SSOProfile"),  # documented CapWords kept as written, acronyms included
        ("class", "Class"),
    ],
)
def test_class_names_are_capwords(documented: str, expected: str) -> None:
    assert emitter().class_name(documented) == expected
