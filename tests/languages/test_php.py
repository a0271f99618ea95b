"""PHP on the plan: golden output, the naming and type tables, reserved words, hostile text,
and what the rendered services do (requests, client settings, URL builders, pages)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SEED, SPECS, render_specs, require_tool, snapshot_text, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.handwritten import merge_regions
from codegen.languages.php import (
    CLASS_RESERVED,
    KEYWORDS,
    METHOD_RESERVED,
    PhpLanguage,
    PhpSettings,
    attribute_name,
    case_name,
    class_name,
    method_name,
    native,
    property_name,
    scope_name,
    service_name,
    variable_name,
    wire_type,
)
from codegen.naming import is_identifier
from codegen.pipeline import emitter_for, load_api
from codegen.plan.sdk import SNIPPET, TypeContext
from codegen.samples import sample_call
from codegen.text import GENERATED_NOTICE
from codegen.types import parse_type, walk

PHP = shutil.which("php")


@pytest.fixture(scope="module")
def emitter() -> PhpLanguage:
    result = emitter_for("php", Config(root=ROOT), Diagnostics())
    assert isinstance(result, PhpLanguage)
    return result


@pytest.fixture(scope="module")
def seed() -> dict[str, str]:
    files, diags = render_specs(SEED, "php")
    assert not diags.errors, diags.render()
    return files


def test_seed_snapshot(seed: dict[str, str], snapshot) -> None:  # type: ignore[no-untyped-def]
    assert snapshot_text(seed) == snapshot


def test_fixture_snapshot(snapshot) -> None:  # type: ignore[no-untyped-def]
    files, diags = render_specs([SPECS / "index.mdx", FIXTURES], "php")
    assert not diags.errors, diags.render()
    assert snapshot_text(files) == snapshot


def test_seed_has_the_documented_names_and_makes_the_request(seed: dict[str, str]) -> None:
    # FORMAT.md: php `$mfa->challengeFactor`, `authenticationFactorId`, `smsTemplate` optional.
    service = seed["src/Service/Mfa.php"]
    assert "namespace Example\\Sdk\\Service;" in service
    assert "class Mfa\n" in service
    assert "use Example\\Sdk\\Resource;\n" in service
    assert (
        "    public function challengeFactor(\n"
        "        string $authenticationFactorId,\n"
        "        ?string $smsTemplate = null,\n"
        "        ?RequestOptions $requestOptions = null\n"
        "    ): Resource\\Common\\AuthenticationChallenge {\n"
        "        $_request = new Request('POST', '/auth/factors/' . Wire::segment($authenticationFactorId,"
        " 'authentication_factor_id') . '/challenge', hasBody: true);\n"
        "        $_request->body('sms_template', $smsTemplate);\n"
        "        return Wire::decode(Resource\\Common\\AuthenticationChallenge::class,"
        " $this->client->send($_request, $requestOptions));\n"
    ) in service
    assert "@link /reference/mfa/challenge-factor" in service
    assert "Wire name: authentication_factor_id." in service and "Wire name: sms_template." in service
    model = seed["src/Resource/Common/AuthenticationChallenge.php"]
    assert "class AuthenticationChallenge extends \\Example\\Sdk\\Http\\Model\n" in model
    assert "        'authenticationFactorId' => ['authentication_factor_id', null],\n" in model
    assert "    public string $authenticationFactorId;\n" in model


def test_every_file_has_the_header(seed: dict[str, str]) -> None:
    php = [name for name in seed if name.endswith(".php")]
    assert sorted(set(seed) - set(php)) == ["README.md", "composer.json"]
    for name in php:
        assert seed[name].startswith(f"<?php\n\n// {GENERATED_NOTICE}\n// @generated\n\ndeclare(strict_types=1);\n")
    # JSON has no comments: the manifest says it in its `extra`, which Composer leaves to tools.
    assert json.loads(seed["composer.json"])["extra"] == {"codegen": f"{GENERATED_NOTICE} @generated"}
    assert seed["README.md"].startswith(f"<!-- {GENERATED_NOTICE} @generated -->\n")


def test_render_is_deterministic(corpus_files: dict[str, dict[str, str]]) -> None:
    second, _ = render_specs([SPECS], "php")
    assert corpus_files["php"] == second


def test_corpus_renders_quickly() -> None:
    api = load_api([SPECS], Diagnostics(), ("php",)).languages["php"]
    php = emitter_for("php", Config(root=ROOT), Diagnostics())
    started = time.perf_counter()
    files = php.render(api)
    elapsed = time.perf_counter() - started
    assert len(files) > 20
    assert elapsed < 1.0, elapsed


def test_same_name_in_two_areas_gets_two_classes(corpus_files: dict[str, dict[str, str]]) -> None:
    files = corpus_files["php"]
    assert "src/Resource/Mfa/AuthenticationChallenge.php" in files
    assert "src/Resource/Authkit/AuthenticationChallenge.php" in files


# --- the tables ---------------------------------------------------------------------------------
NAMES = [
    (class_name, "AuthenticationChallenge", "AuthenticationChallenge"),
    (class_name, "userManagement", "UserManagement"),
    (class_name, "List", "List_"),
    (class_name, "string", "String_"),
    (class_name, "Énum", "Enum_"),
    (class_name, "9lives", "_9lives"),
    (method_name, "challengeFactor", "challengeFactor"),
    (method_name, "get_logout_url", "getLogoutUrl"),
    (method_name, "list", "list_"),
    (method_name, "new", "new_"),
    (method_name, "__construct", "construct"),
    (method_name, "$mfa", "mfa"),
    (variable_name, "authentication_factor_id", "authenticationFactorId"),
    (variable_name, "clientID", "clientId"),
    (variable_name, "class", "class"),
    (variable_name, "this", "this_"),
    (property_name, "this", "this"),
    (property_name, "created_at", "createdAt"),
    (service_name, "$mfa", "Mfa"),
    (service_name, "ds", "Ds"),
    (service_name, "$class", "Class_"),
    (service_name, "client", "Client_"),
    (service_name, "", "Functions"),
    (attribute_name, "user_management", "userManagement"),
    (attribute_name, "timeout", "timeout_"),
    (attribute_name, "", "functions"),
    (scope_name, "", "Common"),
    (scope_name, "directory-sync", "DirectorySync"),
    (scope_name, "externals", "Externals"),
    (case_name, "totp", "Totp"),
    (case_name, "sign-up", "SignUp"),
    (case_name, "AppleOAuth", "AppleOAuth"),
    (case_name, "class", "Class_"),
    (case_name, "2fa", "_2fa"),
    (case_name, "", "Value"),
]


def test_the_naming_table() -> None:
    wrong = [(f.__name__, name, f(name), want) for f, name, want in NAMES if f(name) != want]
    assert not wrong


# Each docs spelling: the doc type (the language's type), the native type PHP declares, how
# Http\Wire decodes it, whether the spelling is reported as not PHP.
TYPES = [
    ("string", "string", "string", "null", False),
    ("String", "string", "string", "null", False),
    ("integer", "int", "int", "null", True),
    ("number", "float", "float", "null", True),
    ("boolean", "bool", "bool", "null", True),
    ("mixed", "mixed", "mixed", "null", False),
    ("object", "array<string, mixed>", "array", "['map', null]", False),
    ("DateTime", "\\DateTime", "\\DateTime", "\\DateTime::class", False),
    ("Date", "\\DateTimeImmutable", "\\DateTimeImmutable", "\\DateTimeImmutable::class", True),
    ("array", "array", "array", "'array'", False),
    ("string[]", "list<string>", "array", "['list', null]", False),
    (
        "Array[Invitation]",
        "list<\\Example\\Sdk\\Resource\\Authkit\\Invitation>",
        "array",
        "['list', \\Example\\Sdk\\Resource\\Authkit\\Invitation::class]",
        True,
    ),
    ("Map<String, Object>", "array<string, array<string, mixed>>", "array", "['map', ['map', null]]", True),
    ("string | null", "?string", "?string", "null", False),
    ("string?", "?string", "?string", "null", True),
    ("int | string", "int|string", "int|string", "null", False),
    ("int | string | null", "int|string|null", "int|string|null", "null", False),
    ("string | string[]", "string|list<string>", "string|array", "null", False),
    ("mixed | null", "mixed", "mixed", "null", False),
    (
        "Invitation | null",
        "?\\Example\\Sdk\\Resource\\Authkit\\Invitation",
        "?\\Example\\Sdk\\Resource\\Authkit\\Invitation",
        "\\Example\\Sdk\\Resource\\Authkit\\Invitation::class",
        False,
    ),
    ("Task<Challenge>", "mixed", "mixed", "null", True),
    ("iterable | string[]", "iterable|list<string>", "iterable", "null", False),
    ("void", "void", "mixed", "null", False),
    ("NeverDefined", "mixed", "mixed", "null", False),
]


def test_the_type_table(emitter: PhpLanguage) -> None:
    """In a snippet (outside the SDK) a declared type is fully qualified; a type the docs never
    define is ``mixed``; never an invalid native union such as ``string|?string``."""
    api = load_api([SPECS], Diagnostics(), ("php",)).languages["php"]
    builder = emitter.builder(api, Diagnostics())
    builder.build()
    wrong = []
    for spelling, doc, declared, decoded, reinterpreted in TYPES:
        expr = parse_type(spelling)
        text = emitter.type_text(expr, TypeContext(SNIPPET, builder))
        reasons = [emitter.reinterpretation(node) for node in walk(expr)]
        got = (text, native(text), wire_type(text), any(reasons))
        if got != (doc, declared, decoded, reinterpreted) or ("?" in native(text) and "|" in native(text)):
            wrong.append((spelling, got))
    assert not wrong


def test_reserved_words_are_escaped() -> None:
    wrong = []
    for word in sorted(CLASS_RESERVED | METHOD_RESERVED):
        for name in (word, word.upper(), word.capitalize()):
            for value, ok in (
                (class_name(name), lambda v: v.lower() not in CLASS_RESERVED),
                (method_name(name), lambda v: v.lower() not in KEYWORDS and not v.startswith("__")),
                (variable_name(name), lambda v: v != "this"),
            ):
                if not (is_identifier(value) and ok(value)):
                    wrong.append((name, value))
    assert not wrong


@pytest.mark.skipif(PHP is None, reason="php not installed")
def test_reserved_words_compile(tmp_path: Path) -> None:
    words = sorted(CLASS_RESERVED | METHOD_RESERVED | {"this"})
    body = ["<?php", "namespace Example\\Sdk\\Reserved;"]
    body += [f"class {class_name(word)} {{}}" for word in words]
    methods = "\n".join(
        f"    public function {m}(int ${variable_name(m)}): void {{}}" for m in sorted({method_name(w) for w in words})
    )
    props = "\n".join(f"    public int ${p} = 0;" for p in sorted({property_name(w) for w in words}))
    body.append(f"class Holder_ {{\n{props}\n{methods}\n}}")
    path = tmp_path / "reserved.php"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    assert PHP is not None
    result = subprocess.run([PHP, "-n", "-l", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


HOSTILE = (
    'HOSTILE start */ end """ ?> <?php echo 1; ?> \\u000a \u2028 after-ls \x00 nul {{x}} #{x} $x `tick`\n'
    "@ORM\\Entity looks like a tag\n"
    "*/ HOSTILE_CODE(); /*"
)


def _hostile_page(tmp_path: Path) -> Path:
    text = json.dumps(HOSTILE)
    page = tmp_path / "hostile" / "index.yaml"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"""descriptions:
  evil:
    self: {text}
    field: {text}
reference:
  php:
    - key: Evil
      id: evil
      url: "/x */ HOSTILE_CODE(); /*"
      title: WorkOS\\Resource\\Evil
      description: (evil.self)
      properties:
        - key: weird-name?
          type: '"a*/b" | "c"'
          description: (evil.field)
    - key: doEvil
      id: do_evil
      url: /x
      title: $evil->doEvil()
      description: (evil.self)
      parameters:
        - key: field
          type: string
          description: (evil.field)
      returns:
        - key: r
          type: Evil
          description: (evil.self)
""",
        encoding="utf-8",
    )
    return page.parent


def test_hostile_text_stays_in_comments(tmp_path: Path) -> None:
    files, diags = render_specs([SPECS / "index.mdx", _hostile_page(tmp_path)], "php")
    assert not diags.errors, diags.render()
    package = {"src/Client.php", "README.md", "composer.json"}
    generated = [name for name in files if not name.startswith("src/Http/") and name not in package]
    assert len(generated) == 3 and "src/Service/Evil.php" in files
    assert "HOSTILE" not in files["README.md"] + files["composer.json"]
    files = {name: text for name, text in files.items() if name.endswith(".php")}
    # The literal union is an enum; its value holds `*/` exactly, inside a string literal.
    assert "    case AB = 'a*/b';\n" in files["src/Resource/Common/EvilField.php"]
    for text in files.values():
        assert "\x00" not in text and "\u2028" not in text
        # Nothing closes a docblock early: the only `*/` are the closing lines (and that value).
        for line in text.splitlines():
            if "*/" in line and line != "    case AB = 'a*/b';":
                assert line.strip() == "*/", line
        assert re.search(r"^\s*\* @ORM", text, re.MULTILINE) is None
    if PHP is None:
        pytest.skip("php not installed")
    out = write_tree(files, tmp_path / "out")
    for name in files:
        lint = subprocess.run([PHP, "-n", "-l", str(out / name)], capture_output=True, text=True, check=False)
        assert lint.returncode == 0, lint.stdout + lint.stderr
        # `php -w` strips comments: no hostile text may survive as code.
        stripped = subprocess.run([PHP, "-n", "-w", str(out / name)], capture_output=True, text=True, check=True)
        assert "HOSTILE" not in stripped.stdout, stripped.stdout


def test_reinterpretations_are_reported() -> None:
    _, diags = render_specs([SPECS], "php")
    messages = [d.message for d in diags.warnings]
    assert any("'boolean' is not a PHP type" in m for m in messages)
    assert any("PHP has no literal types" in m for m in messages)


# --- declarations -----------------------------------------------------------------------------
def test_a_type_the_docs_never_define_is_a_loose_stand_in(tmp_path: Path) -> None:
    page = tmp_path / "widgets" / "get.yaml"
    page.parent.mkdir()
    page.write_text(
        "reference:\n  php:\n    - key: getWidget\n      title: $workos->widgets->getWidget()\n"
        "      returns:\n        - key: widget\n          type: Widget\n",
        encoding="utf-8",
    )
    rendered, _ = render_specs([tmp_path], "php")
    standin = rendered["src/Externals/Widget.php"]
    assert "namespace Example\\Sdk\\Externals;" in standin and "final class Widget\n" in standin
    assert "a type the API reference uses but never defines" in standin and "`mixed` on purpose" in standin
    assert (
        "public function getWidget(\n        ?RequestOptions $requestOptions = null\n    ): mixed {"
        in (rendered["src/Service/Widgets.php"])
    )
    configured = Config(root=ROOT, settings={"php": PhpSettings(externals_namespace="Acme\\Types")})
    rendered, _ = render_specs([tmp_path], "php", configured)
    assert not any(name.startswith("src/Externals/") for name in rendered)


# One area ("mfa"): PHP writes the factor type as a literal union three times; the HTTP
# reference links every parameter, but not the Factor object's label.
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
        - {key: type, type: '"totp" | "sms"', optional: true, description: (enroll_factor.type)}
    - key: factor
      id: factor
      title: factor
      properties:
        - {key: id, type: string, description: (factor.id)}
        - {key: type, type: '"totp" | "sms"', description: (factor.type)}
  php:
    - key: enrollFactor
      id: enroll_factor
      title: $mfa->enrollFactor()
      parameters:
        - {key: userId, type: string, description: (enroll_factor.user_id)}
        - {key: type, type: '"totp" | "sms"', description: (enroll_factor.type)}
        - {key: issuer, type: string, optional: true, description: (enroll_factor.issuer)}
      returns:
        - (Factor)
    - key: listFactors
      id: list_factors
      title: $mfa->listFactors()
      parameters:
        - key: options
          type: ListFactorsOptions
          expanded: true
          properties:
            - {key: userId, type: string, description: (enroll_factor.user_id)}
            - {key: type, type: '"totp" | "sms"', optional: true, description: (enroll_factor.type)}
    - key: Factor
      id: factor
      title: Factor
      properties:
        - {key: id, type: string, description: (factor.id)}
        - {key: type, type: '"totp" | "sms"', description: (factor.type)}
        - {key: label, type: string, optional: true, description: (factor.label)}
"""


@pytest.fixture(scope="module")
def enum_page(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    page = tmp_path_factory.mktemp("specs") / "mfa" / "factors.yaml"
    page.parent.mkdir()
    page.write_text(ENUM_PAGE, encoding="utf-8")
    files, diags = render_specs([page.parent.parent], "php")
    assert not diags.errors, diags.render()
    return files


def test_a_literal_union_is_a_backed_enum_in_its_own_file(enum_page: dict[str, str]) -> None:
    enum = enum_page["src/Resource/Mfa/FactorType.php"]
    assert "namespace Example\\Sdk\\Resource\\Mfa;" in enum
    assert "enum FactorType: string\n{\n    case Totp = 'totp';\n    case Sms = 'sms';\n}\n" in enum
    # Every spelling of the union names it: model property, method parameter, option property.
    assert "    public FactorType $type;\n" in enum_page["src/Resource/Mfa/Factor.php"]
    assert "        'type' => ['type', FactorType::class],\n" in enum_page["src/Resource/Mfa/Factor.php"]
    service = enum_page["src/Service/Mfa.php"]
    assert "        Resource\\Mfa\\FactorType $type,\n" in service
    assert "    public ?FactorType $type = null;\n" in enum_page["src/Resource/Mfa/ListFactorsOptions.php"]


def test_an_options_object_sends_each_property_at_its_place(enum_page: dict[str, str]) -> None:
    service = enum_page["src/Service/Mfa.php"]
    assert "Wire::segment($options->userId ?? null, 'user_id')" in service
    assert "        $_request->query('type', $options->type ?? null);\n" in service


def test_undocumented_wire_names_are_marked(enum_page: dict[str, str]) -> None:
    model = enum_page["src/Resource/Mfa/Factor.php"]
    assert "        'id' => ['id', null],\n" in model
    assert "'label' =>" not in model  # no wire name: never read nor sent
    assert "(Not on the wire: the HTTP reference does not document it.)" in model


def test_keep_regions_hold_hand_written_members(seed: dict[str, str]) -> None:
    """Every service, model and the client has a keep region; a member written in one survives
    regeneration."""
    classes = [
        name for name in seed if name.startswith(("src/Service/", "src/Resource/")) and "enum " not in seed[name]
    ]
    for name in [*classes, "src/Client.php"]:
        assert "// codegen:begin-keep " in seed[name], name
    model = seed["src/Resource/Common/AuthenticationChallenge.php"]
    hand = "    public function isExpired(): bool\n    {\n        return false;\n    }\n"
    edited = model.replace(
        "    // codegen:end-keep AuthenticationChallenge.members",
        hand + "    // codegen:end-keep AuthenticationChallenge.members",
    )
    assert edited != model
    merged = merge_regions(model, edited)
    assert hand in merged and merged == edited


@pytest.mark.parametrize(
    ("configured", "namespace"),
    [
        ("WorkOS", "WorkOS"),
        ("Acme\\SDK\\V2", "Acme\\SDK\\V2"),
        ("acme\\sdk", "acme\\sdk"),
        ("Namespace\\List", "Namespace_\\List_"),
    ],
)
def test_the_configured_namespace_keeps_its_case(configured: str, namespace: str) -> None:
    config = Config(root=ROOT, settings={"php": PhpSettings(namespace=configured)})
    files, diags = render_specs(SEED, "php", config)
    assert not diags.errors
    assert f"namespace {namespace}\\Service;" in files["src/Service/Mfa.php"]


# --- the package: composer.json, README, the client's package constants -------------------
def _package(**settings: object) -> dict[str, str]:
    config = Config(root=ROOT, settings={"php": PhpSettings(**settings)})  # type: ignore[arg-type]
    files, diags = render_specs(SEED, "php", config)
    assert not diags.errors, diags.render()
    return files


def test_the_manifest_comes_from_the_package_settings() -> None:
    files = _package(
        namespace="Acme\\Widgets",
        package_name="Widgets-SDK",
        version="1.2.3",
        description='Widgets "everywhere"',
        license="Apache-2.0",
        repository="https://example.com/acme/widgets",
        author="Acme",
        base_url="http://localhost:8080",
    )
    manifest = json.loads(files["composer.json"])
    assert manifest["name"] == "acme/widgets-sdk"  # lower case; the namespace's first segment as vendor
    assert manifest["description"] == 'Widgets "everywhere"'
    assert (manifest["license"], manifest["homepage"], manifest["authors"]) == (
        "Apache-2.0",
        "https://example.com/acme/widgets",
        [{"name": "Acme"}],
    )
    # http only: no openssl needed; the PHP the code needs (enums, readonly properties).
    assert manifest["require"] == {"php": ">=8.1", "ext-json": "*"}
    assert manifest["autoload"] == {"psr-4": {"Acme\\Widgets\\": "src/"}}
    assert "version" not in manifest  # Composer takes it from the tag or the repository
    client = files["src/Client.php"]
    assert "    public const PACKAGE_NAME = 'acme/widgets-sdk';\n" in client
    assert "    public const VERSION = '1.2.3';\n" in client
    assert "    public const USER_AGENT = 'widgets-sdk/1.2.3';\n" in client
    assert "    public const DEFAULT_BASE_URL = 'http://localhost:8080';\n" in client
    readme = files["README.md"]
    assert readme.startswith("<!-- Code generated by codegen. DO NOT EDIT. @generated -->\n# acme/widgets-sdk\n")
    assert "composer require acme/widgets-sdk\n" in readme and "Version 1.2.3." in readme


@pytest.mark.parametrize(
    ("namespace", "package_name", "composer"),
    [
        ("Example\\Sdk", None, "example/sdk"),
        ("WorkOS", None, "workos/workos"),
        ("Acme_\\My_Sdk", None, "acme/my-sdk"),
        ("Acme\\Sdk", "vendor/thing", "vendor/thing"),
        ("Acme\\Sdk", "@Scope/Thing", "scope/thing"),
        ("Acme\\Sdk", "workos-sdk", "acme/workos-sdk"),
    ],
)
def test_composer_names(namespace: str, package_name: str | None, composer: str) -> None:
    emitter = emitter_for(
        "php",
        Config(root=ROOT, settings={"php": PhpSettings(namespace=namespace, package_name=package_name)}),
        Diagnostics(),
    )
    assert isinstance(emitter, PhpLanguage)
    assert emitter.composer_name == composer


@pytest.mark.parametrize("name", ["a..b", "a/b/c", "a_", "vendor/-x", "a.-b"])
def test_a_package_name_composer_cannot_take_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="is not valid"):
        PhpSettings.validate({"package_name": name})


def test_the_readme_shows_every_client_setting_and_error_class(seed: dict[str, str]) -> None:
    readme, client = seed["README.md"], seed["src/Client.php"]
    constructor = client[client.index("public function __construct(") : client.index(") {")]
    settings = re.findall(r"\$(\w+)(?: = |,|\n)", constructor)
    assert settings == ["apiKey", "baseUrl", "transport", "clientId", "timeout", "maxRetries"]
    example = readme[readme.index("Every setting, with its default:") : readme.index("An invalid setting")]
    for name in settings[1:]:
        assert f"    {name}: " in example, name
    errors = [name.removesuffix(".php") for name in seed if re.fullmatch(r"src/Http/\w+Exception\.php", name)]
    assert len(errors) == 11
    for name in errors:
        assert name.removeprefix("src/Http/") in readme, name
    for section in ("## Install", "## Errors", "## Retries and timeouts", "## Per-request options", "## Pagination"):
        assert section in readme


@pytest.mark.parametrize("configured", [False, True])
def test_composer_validates_the_manifest_strictly(configured: bool, tmp_path: Path) -> None:
    composer = require_tool("composer")
    settings: dict[str, object] = {}
    if configured:
        settings = {"package_name": "workos-sdk", "license": "MIT", "repository": "https://x.test/r", "author": "A"}
    write_tree(_package(**settings), tmp_path)
    env = {"COMPOSER_HOME": str(tmp_path / ".home"), "COMPOSER_DISABLE_NETWORK": "1", "COMPOSER_ALLOW_SUPERUSER": "1"}
    done = subprocess.run(
        [composer, "validate", "--strict", "--no-interaction"],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- what the services do ---------------------------------------------------------------------
def test_settings_fill_requests_and_url_builders_send_nothing(corpus_files: dict[str, dict[str, str]]) -> None:
    sso = corpus_files["php"]["src/Service/Sso.php"]
    assert "        $_request->query('client_id', $this->client->require('client_id'));\n" in sso
    assert "        $_request->body('client_secret', $this->client->require('api_key'));\n" in sso
    url = sso[sso.index("public function getAuthorizationUrl(") :]
    url = url[: url.index("\n    }\n")]
    assert "return $this->client->url($_request);" in url and "send(" not in url
    assert "        $_request->query('response_type', 'code');\n" in sso


def test_idempotency_keys_and_header_parameters(corpus_files: dict[str, dict[str, str]]) -> None:
    audit = corpus_files["php"]["src/Service/AuditLogs.php"]
    assert "new Request('POST', '/audit_logs/events', hasBody: true, generateIdempotencyKey: true);" in audit
    assert "        $_request->header('Idempotency-Key', $idempotencyKey);\n" in audit


def test_replies_unwrap_and_page(corpus_files: dict[str, dict[str, str]]) -> None:
    files = corpus_files["php"]
    assert (
        "return Wire::decode(null, Wire::key($this->client->send($_request, $requestOptions), 'success'));"
        in (files["src/Service/Passwordless.php"])
    )
    orgs = files["src/Service/Organizations.php"]
    assert "    ): Page {\n" in orgs
    assert (
        "return $this->client->page($_request, Resource\\Organization\\Organization::class, $requestOptions);" in orgs
    )
    assert "yield from $this->listOrganizations(domains: $domains," in orgs


def test_every_method_takes_request_options(corpus_files: dict[str, dict[str, str]]) -> None:
    for name, text in corpus_files["php"].items():
        if name.startswith("src/Service/"):
            assert text.count("public function ") - 1 == text.count("?RequestOptions $requestOptions = null\n"), name


def test_stub_bodies_setting_keeps_the_surface_only() -> None:
    config = Config(root=ROOT, settings={"php": PhpSettings(bodies="stub")})
    files, diags = render_specs(SEED, "php", config)
    assert not diags.errors, diags.render()
    service = files["src/Service/Mfa.php"]
    assert "throw new \\BadMethodCallException('not implemented');" in service
    assert "$_request" not in service and "AutoPaging" not in service


def test_example_call_uses_the_generated_names(corpus_files: dict[str, dict[str, str]]) -> None:
    api = load_api([SPECS], Diagnostics(), ("php",)).languages["php"]
    php = emitter_for("php", Config(root=ROOT), Diagnostics())
    assert isinstance(php, PhpLanguage)
    calls = {op.id: sample_call(op, api) for op in api.operations}
    enroll = php.example_call(calls["enroll_factor"], api)
    assert enroll is not None
    assert enroll.startswith("$result = $client->mfa->enrollFactor(\n")
    assert "    type: \\Example\\Sdk\\Resource\\Mfa\\FactorType::Totp,\n" in enroll
    listing = php.example_call(calls["list_organizations"], api)
    assert listing is not None and "$client->organizations->listOrganizations(" in listing
    assert "    domains: ['domains-1', 'domains-2'],\n" in listing
    # Every method the snippets name exists in the rendered service.
    for call in calls.values():
        code = php.example_call(call, api)
        if code is None:
            continue
        method = re.search(r"->(\w+)\(", code)
        assert method is not None, code
        assert any(f"public function {method.group(1)}(" in text for text in corpus_files["php"].values()), code


def test_usage_snippets_plan_quietly() -> None:
    """A name clash is reported by the render; the usage snippets, which plan the API anew, add nothing."""
    api = load_api([SPECS], Diagnostics(), ("php",)).languages["php"]
    enroll = next(op for op in api.operations if op.id == "enroll_factor")
    twin = replace(enroll, name="EnrollFactor", key=enroll.key + "-twin", id="enroll_factor_twin")
    api = replace(api, operations=(*api.operations, twin))
    diags = Diagnostics()
    php = emitter_for("php", Config(root=ROOT, settings={"php": PhpSettings(examples=True)}), diags)
    php.render(api)
    reported = list(diags.items)
    assert any("enrollFactor" in d.message for d in reported), reported
    assert php.examples(api)
    assert diags.items == reported


# The runtime against a local server: a call with a hostile path value and a repeated query,
# a 422 as the typed error, two pages through auto-pagination, a 204, a model round trip.
RUNTIME_PROGRAM = r"""<?php
declare(strict_types=1);
[$self, $root, $url] = $argv;
spl_autoload_register(static function (string $class) use ($root): void {
    $file = $root . '/src/' . str_replace('\\', '/', substr($class, strlen('Example\\Sdk\\'))) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
use Example\Sdk\Client;
use Example\Sdk\Http\ApiException;
use Example\Sdk\Http\Wire;
$client = new Client('sk_test_1', $url);
$out = [];
$org = $client->organizations->getOrganization(organization: 'org 1/2?é');
$out['org'] = Wire::value($org);
$out['items'] = Wire::value(iterator_to_array(
    $client->organizations->listOrganizationsAutoPaging(domains: ['a.com', 'b c'], limit: 5),
    false
));
try {
    $client->mfa->enrollFactor(type: \Example\Sdk\Resource\Mfa\FactorType::Sms, phoneNumber: '+1');
} catch (ApiException $e) {
    $out['error'] = [$e->status, $e->errorCode, $e->getMessage(), $e->requestId, get_class($e)];
}
$out['deleted'] = $client->organizations->deleteOrganization(organization: 'org_1');
echo json_encode($out, JSON_UNESCAPED_SLASHES);
"""


@pytest.mark.skipif(PHP is None, reason="php not installed")
def test_runtime_makes_the_documented_calls(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    import http.server
    import threading

    seen: list[tuple[str, str, dict[str, str], bytes]] = []
    org = {"object": "organization", "id": "org_1", "name": "Acme", "domains": [], "extra": 1}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _reply(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            status, headers, reply = 200, {}, None
            if self.path.startswith("/organizations/org%201%2F2%3F%C3%A9"):
                reply = org
            elif self.path.startswith("/organizations?"):
                last = "after=cursor-2" in self.path
                item = {"object": "organization", "id": f"org_{2 if last else 1}", "extra": 1}
                page = {"data": [item], "list_metadata": {"after": None if last else "cursor-2"}}
                reply = page
            elif self.path == "/auth/factors/enroll":
                status, headers = 422, {"X-Request-ID": "req_1"}
                reply = {"code": "invalid", "message": "Bad phone"}
            else:
                status = 204
            data = b"" if reply is None else json.dumps(reply).encode()
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _reply

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = write_tree(corpus_files["php"], tmp_path / "sdk")
        (tmp_path / "run.php").write_text(RUNTIME_PROGRAM, encoding="utf-8")
        url = f"http://127.0.0.1:{server.server_address[1]}"
        assert PHP is not None
        done = subprocess.run(
            [PHP, str(tmp_path / "run.php"), str(root), url], capture_output=True, text=True, timeout=60, check=False
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout)
    assert out["org"] == {k: v for k, v in org.items() if k != "extra"} | {"domains": []}
    # Items decode as the documented model (unknown keys dropped) and re-encode by wire name.
    assert out["items"] == [{"object": "organization", "id": "org_1"}, {"object": "organization", "id": "org_2"}]
    assert out["error"] == [422, "invalid", "Bad phone", "req_1", "Example\\Sdk\\Http\\UnprocessableEntityException"]
    assert out["deleted"] is None
    methods_paths = [(m, p) for m, p, _, _ in seen]
    assert methods_paths == [
        ("GET", "/organizations/org%201%2F2%3F%C3%A9"),
        ("GET", "/organizations?domains=a.com&domains=b%20c&limit=5"),
        ("GET", "/organizations?domains=a.com&domains=b%20c&limit=5&after=cursor-2"),
        ("POST", "/auth/factors/enroll"),
        ("DELETE", "/organizations/org_1"),
    ]
    headers = seen[3][2]
    assert headers["authorization"] == "Bearer sk_test_1"
    assert headers["content-type"] == "application/json"
    assert headers["accept"] == "application/json"
    # `<package>/<version> php/<PHP version>`: the package is the namespace's (Example\\Sdk) unless configured.
    assert re.fullmatch(r"sdk/0\.1\.0 php/8\.\d+\.\d+\S*", headers["user-agent"]), headers["user-agent"]
    assert json.loads(seen[3][3]) == {"type": "sms", "phone_number": "+1"}
    assert seen[0][3] == b"" and "content-type" not in seen[0][2]


# A path value in a request line: only as an argument of Wire::segment, which refuses '', '.' and '..'.
_SEGMENT = re.compile(r"Wire::segment\((?:[^()]|\([^()]*\))*\)")


def test_every_path_value_goes_through_the_segment_check(
    corpus_files: dict[str, dict[str, str]], fixture_files: dict[str, dict[str, str]]
) -> None:
    """The refusal of '', '.' and '..' lives in Wire::segment: no method puts a value in its path any other way."""
    requests = [
        line.strip()
        for files in (corpus_files["php"], fixture_files["php"])
        for name, text in files.items()
        if name.startswith("src/Service/")
        for line in text.splitlines()
        if "new Request(" in line
    ]
    assert sum("Wire::segment(" in line for line in requests) > 20
    for line in requests:
        assert re.fullmatch(r"\$_request = new Request\('[A-Z]+', .*\);", line), line
        assert "$" not in _SEGMENT.sub("SEGMENT", line.removeprefix("$_request = ")), line
