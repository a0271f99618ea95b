"""Python emitter: snapshots, names, types, reserved words, escaping."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import black
import pytest
from helpers import FIXTURES, ROOT, SEED, SPECS, render_specs, snapshot_text, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import LanguageAPI
from codegen.languages.python import RESERVED, PythonLanguage, PythonSettings, class_name, identifier
from codegen.pipeline import load_api
from codegen.render import environment
from codegen.samples import sample_call
from codegen.text import docstring
from codegen.types import parse_type


def emitter() -> PythonLanguage:
    return PythonLanguage(PythonSettings(package="sdk"), environment("python"), Diagnostics())


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
    assert "class Mfa(_runtime.Service):" in service
    assert "def challenge_factor(" in service
    assert "authentication_factor_id: str," in service
    assert "sms_template: Optional[str] = None," in service
    assert "-> AuthenticationChallenge:" in service
    assert "class AuthenticationChallenge(_runtime.Model):" in files["sdk/models/common.py"]


# How Python writes the docs' type spellings (one table, one test).
TYPES = [
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
    ("None", "None"),
]


class _Everywhere:
    """A type context in which every named type is a declaration of its own name."""

    def resolve(self, expr: Any) -> Any:
        return None if expr.name == "None" else expr

    def ref(self, decl: Any) -> tuple[str, str]:
        return "", decl.name


def test_type_mapping() -> None:
    spelled = {spelling: emitter().type_text(parse_type(spelling), _Everywhere()) for spelling, _ in TYPES}  # type: ignore[arg-type]
    assert spelled == dict(TYPES)


def test_reinterpretation_is_reported_for_non_python_spellings() -> None:
    from codegen.types import walk

    native = {"str": True, "string": False, "array": False, "list[str]": True, "Invitation[]": False, "dict": True}
    found = {
        spelling: not [r for r in (emitter().reinterpretation(n) for n in walk(parse_type(spelling))) if r]
        for spelling in native
    }
    assert found == native


def test_reserved_words_and_imported_names_are_never_identifiers() -> None:
    for word in sorted(RESERVED):
        name = identifier(word)
        assert name.isidentifier() and name not in RESERVED and name.rstrip("_").lower() == word.lower(), word
    for imported in ("TypeAlias", "ClassVar", "Optional", "List"):
        assert class_name(imported) == imported + "_"


def test_identifiers_and_class_names() -> None:
    identifiers = {"sms_template": "sms_template", "smsTemplate": "sms_template", "FactorID": "factor_id"}
    identifiers |= {"lambda": "lambda_", "class": "class_", "2fa": "_2fa"}
    assert {documented: identifier(documented) for documented in identifiers} == identifiers
    classes = {"list_metadata": "ListMetadata", "listMetadata": "ListMetadata", "SSOProfile": "SSOProfile"}
    classes |= {"ChallengeFactorOptions": "ChallengeFactorOptions", "class": "Class"}
    assert {documented: class_name(documented) for documented in classes} == classes


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
    # black's layout: a space keeps the final quote off the closing delimiter (as black writes it).
    assert ast.get_docstring(ast.parse(source).body[0]) == 'say "hi" '  # type: ignore[arg-type]
    assert black.format_str(source, mode=black.Mode()) == source


def test_package_setting_moves_the_output():
    config = Config(root=ROOT, settings={"python": PythonSettings(package="acme.sdk")})
    files, _ = render_specs(SEED, "python", config)
    assert "acme/sdk/mfa.py" in files


def _method(source: str, name: str) -> ast.FunctionDef:
    found = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef) and n.name == name]
    assert len(found) == 1, name
    return found[0]


def _requests(source: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Each method's request as its code makes it, read without importing the module: (HTTP
    method, path template, {wire name: place}) from its ``self._client.request(...)`` call."""
    found = {}
    for method in [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)]:
        calls = [
            n
            for n in ast.walk(method)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "request"
        ]
        for call in calls:
            verb = ast.literal_eval(call.args[0])
            path = call.args[1]
            places: dict[str, str] = {}
            if isinstance(path, ast.Call):  # _runtime.path(template, {wire: value})
                template = ast.literal_eval(path.args[0])
                places |= {ast.literal_eval(k): "path" for k in path.args[1].keys}  # type: ignore[attr-defined]
            else:
                template = ast.literal_eval(path)
            for keyword in call.keywords:
                if keyword.arg == "query":
                    places |= {ast.literal_eval(e.elts[0]): "query" for e in keyword.value.elts}  # type: ignore[attr-defined]
                elif keyword.arg in ("body", "headers"):
                    places |= {ast.literal_eval(k): keyword.arg.rstrip("s") for k in keyword.value.keys}  # type: ignore[attr-defined]
            found[method.name] = (verb, template, places)
    return found


def test_seed_request_has_each_arguments_wire_name_and_place():
    files, _ = render_specs(SEED, "python")
    assert _requests(files["sdk/mfa.py"]) == {
        "challenge_factor": (
            "POST",
            "/auth/factors/{authentication_factor_id}/challenge",
            {"authentication_factor_id": "path", "sms_template": "body"},
        )
    }


def test_seed_id_is_positional_the_rest_keyword_only():
    files, _ = render_specs(SEED, "python")
    method = _method(files["sdk/mfa.py"], "challenge_factor")
    assert [a.arg for a in method.args.args] == ["self", "authentication_factor_id"]
    assert [a.arg for a in method.args.kwonlyargs] == ["sms_template", "request_options"]


# One area ("mfa"): Python names the factor type FactorType and never defines it, the HTTP
# reference lists its values; the Factor object's own type stays an inline Literal.
ENUM_PAGE = """
descriptions:
  enroll_factor:
    user_id: The user.
    type: The type of factor.
    issuer: The issuer.
  factor:
    id: The factor.
    type: Its type.
    label: A label only the SDK has.
reference:
  curl:
    - key: enroll_factor
      id: enroll_factor
      title: '/users/:user_id/factors'
      type: POST
      parameters:
        - {key: user_id, type: string, description: (enroll_factor.user_id)}
        - {key: type, type: '"totp" | "sms"', description: (enroll_factor.type)}
        - {key: issuer, type: string, optional: true, description: (enroll_factor.issuer)}
      returns:
        - (factor)
    - key: list_factors
      id: list_factors
      title: '/users/:user_id/factors'
      type: GET
      parameters:
        - {key: user_id, type: string, description: (enroll_factor.user_id)}
        - {key: type, type: '"totp" | "sms"', description: (enroll_factor.type)}
    - key: factor
      id: factor
      title: factor
      properties:
        - {key: id, type: string, description: (factor.id)}
        - {key: type, type: '"totp" | "sms"', description: (factor.type)}
  python:
    - key: enroll_factor
      id: enroll_factor
      title: mfa.enroll_factor()
      parameters:
        - {key: user_id, type: str, description: (enroll_factor.user_id)}
        - {key: type, type: FactorType, description: (enroll_factor.type)}
        - {key: issuer, type: str, optional: true, description: (enroll_factor.issuer)}
      returns:
        - (Factor)
    - key: list_factors
      id: list_factors
      title: mfa.list_factors()
      parameters:
        - {key: user_id, type: str, description: (enroll_factor.user_id)}
        - {key: type, type: FactorType, description: (enroll_factor.type)}
    - key: Factor
      id: factor
      title: Factor
      properties:
        - {key: id, type: str, description: (factor.id)}
        - {key: type, type: '"totp" | "sms"', description: (factor.type)}
        - {key: label, type: str, optional: true, description: (factor.label)}
"""


@pytest.fixture(scope="module")
def enum_page(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    page = tmp_path_factory.mktemp("specs") / "mfa" / "factors.yaml"
    page.parent.mkdir()
    page.write_text(ENUM_PAGE, encoding="utf-8")
    files, diags = render_specs([page.parent.parent], "python")
    assert not diags.errors, diags.render()
    return files


def test_a_name_the_docs_never_define_is_a_literal_alias(enum_page: dict[str, str]) -> None:
    models = enum_page["sdk/models/mfa.py"]
    assert 'FactorType: TypeAlias = Literal["totp", "sms"]' in models
    assert "#: The type of factor." in models
    assert "from typing import Literal, Optional, TypeAlias" in models
    # Used by its name where the docs name it, inline where they write the values.
    service = enum_page["sdk/mfa.py"]
    assert "from .models.mfa import Factor, FactorType" in service
    assert "type: FactorType," in service
    assert 'type: Literal["totp", "sms"] = field(metadata={"wire": "type"})' in models
    assert "FactorType" not in emitter().externals(load_api_of(ENUM_PAGE))


def load_api_of(text: str) -> LanguageAPI:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "mfa" / "factors.yaml"
        page.parent.mkdir()
        page.write_text(text, encoding="utf-8")
        return load_api([Path(folder)], Diagnostics(), ("python",)).languages["python"]


def test_model_wire_names_are_exact_and_undocumented_ones_marked(enum_page: dict[str, str]) -> None:
    models = enum_page["sdk/models/mfa.py"]
    assert 'id: str = field(metadata={"wire": "id"})\n' in models
    # label is not in the HTTP reference: the documented name, said so just above it.
    marked = (
        r"    #: \(The HTTP reference gives no wire name: the documented name is used.\)\n"
        r'    label: Optional\[str\] = field\(\s*default=None, metadata=\{"wire": "label"\}\s*\)\n'
    )
    assert re.search(marked, models), models
    assert models.count("gives no wire name") == 1


def test_request_places_follow_the_http_method(enum_page: dict[str, str]) -> None:
    requests = _requests(enum_page["sdk/mfa.py"])
    assert requests["enroll_factor"] == (
        "POST",
        "/users/{user_id}/factors",
        {"user_id": "path", "type": "body", "issuer": "body"},
    )
    assert requests["list_factors"][2] == {"user_id": "path", "type": "query"}


def test_only_a_lone_required_path_parameter_is_positional(enum_page: dict[str, str]) -> None:
    # Two required arguments (user_id and type): both stay keyword-only.
    method = _method(enum_page["sdk/mfa.py"], "enroll_factor")
    assert [a.arg for a in method.args.args] == ["self"]
    assert [a.arg for a in method.args.kwonlyargs] == ["user_id", "type", "issuer", "request_options"]


# --------------------------------------------------------------------- the HTTP runtime, run

BEHAVIOUR_PAGES = [SPECS / "index.mdx", *(SPECS / area for area in ("organization", "mfa", "pagination", "sso"))]


class _Transport:
    """Records each request; answers from a queue of (status, headers, JSON body or None)."""

    def __init__(self, sdk: Any, *replies: tuple[int, dict[str, str], Any]) -> None:
        self.sdk = sdk
        self.replies = list(replies)
        self.sent: list[tuple[str, str, dict[str, str], Any]] = []
        self.timeouts: list[float] = []

    def send(self, method: str, url: str, headers: dict[str, str], body: bytes | None, *, timeout: float) -> Any:
        self.sent.append((method, url, headers, None if body is None else json.loads(body)))
        self.timeouts.append(timeout)
        status, reply_headers, reply = self.replies.pop(0)
        return self.sdk.Response(status, reply_headers, b"" if reply is None else json.dumps(reply).encode())


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The SDK of a few corpus pages, rendered and imported (package ``behaviour_sdk``)."""
    config = Config(root=ROOT, settings={"python": PythonSettings(package="behaviour_sdk")})
    files, diags = render_specs(BEHAVIOUR_PAGES, "python", config)
    assert not diags.errors
    tree = write_tree(files, tmp_path_factory.mktemp("behaviour"))
    sys.path.insert(0, str(tree))
    try:
        yield importlib.import_module("behaviour_sdk")
    finally:
        sys.path.remove(str(tree))
        for name in [m for m in sys.modules if m == "behaviour_sdk" or m.startswith("behaviour_sdk.")]:
            del sys.modules[name]


def test_a_call_fills_the_path_sends_the_body_and_decodes_the_reply(sdk: Any) -> None:
    reply = {
        "object": "authentication_challenge",
        "id": "auth_challenge_1",
        "created_at": "2024-01-02T03:04:05Z",
        "authentication_factor_id": "f/1",
        "unknown": "ignored",
    }
    transport = _Transport(sdk, (200, {}, reply))
    client = sdk.Client("sk_test", base_url="https://example.test/", transport=transport)
    challenge = client.mfa.challenge_factor("a b/é~", sms_template="Code {{code}}")
    method, url, headers, body = transport.sent[0]
    assert (method, url) == ("POST", "https://example.test/auth/factors/a%20b%2F%C3%A9~/challenge")
    assert body == {"sms_template": "Code {{code}}"}
    assert headers["Authorization"] == "Bearer sk_test"
    assert headers["Content-Type"] == headers["Accept"] == "application/json"
    assert re.fullmatch(r"behaviour_sdk/0\.1\.0 python/3\.\d+\.\d+\S*", headers["User-Agent"])
    assert transport.timeouts == [60.0]
    assert type(challenge).__name__ == "AuthenticationChallenge"
    assert challenge.authentication_factor_id == "f/1" and challenge.expires_at is None
    # Re-encoded: the same JSON, without the unknown key; absent fields stay absent.
    assert challenge.to_dict() == {k: v for k, v in reply.items() if k != "unknown"}


def test_query_lists_repeat_unset_optionals_are_left_out_and_there_is_no_body(sdk: Any) -> None:
    transport = _Transport(sdk, (200, {}, {"data": [], "list_metadata": {"before": None, "after": None}}))
    client = sdk.Client("sk_test", transport=transport)
    client.organizations.list_organizations(domains=["a.com", "b c"], limit=5)
    method, url, headers, body = transport.sent[0]
    assert (method, url) == ("GET", "https://api.workos.com/organizations?domains=a.com&domains=b%20c&limit=5")
    assert body is None and "Content-Type" not in headers


def test_auto_pagination_follows_the_after_cursor(sdk: Any) -> None:
    org = {"object": "organization", "id": "org_1", "name": "One"}
    transport = _Transport(
        sdk,
        (200, {}, {"data": [org], "list_metadata": {"before": None, "after": "cursor 2"}}),
        (200, {}, {"data": [{**org, "id": "org_2"}], "list_metadata": {"before": "org_1", "after": None}}),
    )
    client = sdk.Client("sk_test", transport=transport)
    page = client.organizations.list_organizations(limit=1, after="start")
    assert [o.id for o in page.auto_paging_iter()] == ["org_1", "org_2"]
    assert [url.split("?")[1] for _, url, _, _ in transport.sent] == ["limit=1&after=start", "limit=1&after=cursor%202"]


def test_an_error_reply_is_the_typed_error_and_an_empty_reply_is_none(sdk: Any) -> None:
    error = {"code": "not_found", "message": "No such factor"}
    transport = _Transport(sdk, (404, {"x-request-id": "req_1"}, error), (204, {}, None))
    client = sdk.Client("sk_test", transport=transport)
    with pytest.raises(sdk.APIError) as caught:
        client.mfa.get_factor("f_1")
    found = caught.value
    assert (found.status, found.code, found.message, found.request_id) == (404, "not_found", "No such factor", "req_1")
    assert client.mfa.delete_factor("f_1") is None
    assert transport.sent[1][:2] == ("DELETE", "https://api.workos.com/auth/factors/f_1")


def test_the_code_exchange_sends_the_grant_type_and_the_client_credentials(sdk: Any) -> None:
    """The fixed value the docs leave out, and the client id and secret from the client's
    settings (the secret is the API key), as every real SDK sends them."""
    transport = _Transport(sdk, (200, {}, {"access_token": "t"}))
    client = sdk.Client("sk_test", client_id="client_123", transport=transport)
    client.sso.get_profile_and_token(code="c")
    assert transport.sent[0][3] == {
        "code": "c",
        "grant_type": "authorization_code",
        "client_id": "client_123",
        "client_secret": "sk_test",
    }
    with pytest.raises(ValueError, match="client_id"):
        sdk.Client("sk_test", transport=transport).sso.get_profile_and_token(code="c")


def test_stub_bodies_only_raise() -> None:
    config = Config(root=ROOT, settings={"python": PythonSettings(package="sdk", bodies="stub")})
    files, _ = render_specs(SEED, "python", config)
    assert "raise NotImplementedError" in files["sdk/mfa.py"] and "self._client.request(" not in files["sdk/mfa.py"]
    http, _ = render_specs(SEED, "python")
    assert 'return cast("AuthenticationChallenge", result)' in http["sdk/mfa.py"]


def test_example_call_uses_the_generated_names_and_model_literals() -> None:
    api = load_api([SPECS], Diagnostics(), ("python",)).languages["python"]
    op = next(o for o in api.operations if o.name == "create_organization")
    snippet = emitter().example_call(sample_call(op, api), api)
    assert snippet is not None
    first, call = snippet.splitlines()
    assert first == "from sdk.models.organization import DomainDataInput"
    expected = 'result = client.organizations.create_organization(name="name-1", domain_data=[DomainDataInput('
    assert call.startswith(expected)
    ast.parse(snippet)


# --------------------------------------------------------------------- the package around it


def _package(settings: PythonSettings) -> dict[str, str]:
    files, diags = render_specs(SEED, "python", Config(root=ROOT, settings={"python": settings}))
    assert not diags.errors
    return files


def test_the_manifest_is_the_settings_and_pins_its_build_backend() -> None:
    import tomllib

    settings = PythonSettings(
        package="acme.sdk",
        package_name="acme-sdk",
        version="1.2.3-beta.1",
        description='Says "hi" \\ and ünïcode',
        license="Apache-2.0",
        repository="https://example.test/acme",
        author="Acme <dev@acme.test>",
    )
    files = _package(settings)
    manifest = tomllib.loads(files["pyproject.toml"])
    assert manifest["build-system"] == {"requires": ["setuptools==80.9.0"], "build-backend": "setuptools.build_meta"}
    project = manifest["project"]
    assert (project["name"], project["version"], project["description"]) == (
        "acme-sdk",
        "1.2.3-beta.1",
        'Says "hi" \\ and ünïcode',
    )
    assert project["license"] == "Apache-2.0" and project["authors"] == [{"name": "Acme <dev@acme.test>"}]
    assert project["urls"] == {"Repository": "https://example.test/acme"}
    assert project["dependencies"] == [] and project["readme"] == "README.md"
    setuptools = manifest["tool"]["setuptools"]
    assert setuptools["packages"]["find"]["include"] == ["acme.sdk", "acme.sdk.*"]
    assert setuptools["package-data"] == {"acme.sdk": ["py.typed"]}
    assert files["acme/sdk/py.typed"] == ""
    # The runtime says the same name and version.
    runtime = files["acme/sdk/_runtime.py"]
    assert 'PACKAGE_NAME = "acme-sdk"\nVERSION = "1.2.3-beta.1"\n' in runtime


def test_unset_package_settings_are_left_out_and_the_name_is_the_import_package() -> None:
    import tomllib

    files = _package(PythonSettings(package="plain_sdk"))
    project = tomllib.loads(files["pyproject.toml"])["project"]
    assert project["name"] == "plain_sdk" and project["version"] == "0.1.0"
    assert not {"description", "license", "authors", "urls"} & project.keys()
    assert 'PACKAGE_NAME = "plain_sdk"' in files["plain_sdk/_runtime.py"]


def test_the_readme_shows_every_setting_and_error_class() -> None:
    readme = _package(PythonSettings(package="acme_sdk", package_name="acme", version="3.0.0"))["README.md"]
    assert readme.startswith("<!-- Code generated by codegen. DO NOT EDIT. -->\n# acme\n")
    assert "pip install acme==3.0.0" in readme and "from acme_sdk import Client" in readme
    for setting in ("client_id=", "base_url=", "timeout=", "max_retries=", "transport="):
        assert setting in readme, setting
    from codegen.languages.python import RUNTIME_EXPORTS

    for name in RUNTIME_EXPORTS:
        if name not in ("Transport",):
            assert f"`{name}`" in readme or f" {name}" in readme, name
    for section in ("## Errors", "## Retries and timeouts", "## Per-request options", "## Pagination", "## Transport"):
        assert section in readme


def test_the_corpus_readme_has_a_paged_example_that_runs() -> None:
    readme = (ROOT / "generated/python/README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert any("auto_paging_iter()" in block and "result = client." in block for block in blocks)
    for block in blocks:
        ast.parse(block)


@pytest.mark.parametrize("name", ["@scope/sdk", "sdk/sub", "sdk-", "sdk."])
def test_a_package_name_python_cannot_publish_is_a_config_error(name: str) -> None:
    with pytest.raises(ValueError, match="distribution name"):
        PythonSettings.validate({"package_name": name})


def test_the_formatter_takes_only_python_files() -> None:
    """The package's README and pyproject are not Python: the formatter never sees them."""
    from codegen.languages.python import BLACK, LAYOUT

    files = _package(PythonSettings(package="sdk", description="x" * 300))
    assert BLACK.suffixes == LAYOUT.suffixes == (".py",)
    assert "x" * 300 in files["README.md"] and "x" * 300 in files["pyproject.toml"]


def test_every_example_runs_as_written_up_to_the_request(tmp_path: Path) -> None:
    """With ``examples = true``, each operation's snippet holds its imports and the client's
    construction: it compiles, and run against the SDK it gets as far as sending (refused here
    by a transport that records the request and answers 418)."""
    config = Config(root=ROOT, settings={"python": PythonSettings(package="sdk", examples=True)})
    files, diags = render_specs([SPECS / "index.mdx", SPECS / "mfa"], "python", config)
    assert not diags.errors
    write_tree(files, tmp_path / "sdk")
    examples = {path: text for path, text in files.items() if path.startswith("examples/")}
    assert len(examples) >= 5
    for path, text in examples.items():
        code = text.split("```python\n", 1)[1].rsplit("```", 1)[0]
        assert code.startswith("from sdk import Client\n") and '\nclient = Client("sk_test_...",' in code, path
        program = code.replace('client = Client("sk_test_...", ', 'client = Client("sk_test_...", transport=T(), ')
        runner = "class T:\n    def send(self, *a, **k):\n        raise SystemExit(7)\n\n" + program
        done = subprocess.run([sys.executable, "-c", runner], cwd=tmp_path / "sdk", capture_output=True, text=True)
        assert done.returncode == 7, (path, done.stderr[-800:])
