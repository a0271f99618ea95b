"""PHP emitter: golden output, names, type mapping, reserved words, hostile text."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SEED, SPECS, render_specs, require_tool, snapshot_text, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics, Loc
from codegen.ir import Field, LanguageAPI
from codegen.languages.php import (
    CLASS_RESERVED,
    KEYWORDS,
    METHOD_RESERVED,
    PhpEmitter,
    PhpSettings,
    _Plan,
    _Scope,
)
from codegen.naming import is_identifier
from codegen.pipeline import emitter_for, load_api
from codegen.samples import sample_call
from codegen.text import GENERATED_NOTICE
from codegen.types import Named, parse_type, walk

PHP = shutil.which("php")


@pytest.fixture(scope="module")
def emitter() -> PhpEmitter:
    result = emitter_for("php", Config(root=ROOT), Diagnostics())
    assert isinstance(result, PhpEmitter)
    result.render(LanguageAPI(language="php"))
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


def test_seed_has_the_documented_names(seed: dict[str, str]) -> None:
    # FORMAT.md: php `$mfa->challengeFactor`, `authenticationFactorId`, `smsTemplate` optional.
    service = seed["src/Service/Mfa.php"]
    assert "namespace Example\\Sdk\\Service;" in service
    assert "class Mfa\n" in service
    assert "public function challengeFactor(" in service
    assert "        string $authenticationFactorId,\n" in service
    assert "        ?string $smsTemplate = null\n" in service
    assert "): AuthenticationChallenge {" in service
    # The body makes the documented call on the client's runtime.
    assert (
        "        $_request = new Request('POST', '/auth/factors/' . Wire::segment($authenticationFactorId)"
        " . '/challenge', true);\n"
        "        $_request->body('sms_template', $smsTemplate);\n"
        "        return AuthenticationChallenge::fromArray($this->client->send($_request));\n"
    ) in service
    assert "@link /reference/mfa/challenge-factor" in service
    # Wire names: in the parameter docs and in the model's WIRE_NAMES map.
    assert "Wire name: authentication_factor_id." in service
    assert "Wire name: sms_template." in service
    model_path = next(p for p in seed if p.endswith("/AuthenticationChallenge.php"))
    assert model_path.startswith("src/Resource/")
    model = seed[model_path]
    assert "'authenticationFactorId' => 'authentication_factor_id'," in model
    assert "public string $authenticationFactorId;" in model
    model_class = "Example\\Sdk\\" + model_path.removeprefix("src/").removesuffix(".php").replace("/", "\\")
    assert f"use {model_class};" in service


def test_every_file_has_the_header(seed: dict[str, str]) -> None:
    php = [name for name in seed if name.endswith(".php")]
    assert sorted(set(seed) - set(php)) == ["README.md", "composer.json"]
    for name in php:
        assert seed[name].startswith(f"<?php\n\n// {GENERATED_NOTICE}\n// @generated\n\ndeclare(strict_types=1);\n")
    # JSON has no comments: the manifest says it in its `extra`, which Composer leaves to tools.
    assert json.loads(seed["composer.json"])["extra"] == {"codegen": f"{GENERATED_NOTICE} @generated"}
    assert seed["README.md"].startswith(f"<!-- {GENERATED_NOTICE} @generated -->\n")


def test_render_is_deterministic(corpus_files: dict[str, dict[str, str]]) -> None:
    first = corpus_files["php"]
    second, _ = render_specs([SPECS], "php")
    assert first == second


def test_corpus_renders_quickly() -> None:
    api = load_api([SPECS], Diagnostics(), ("php",)).languages["php"]
    php = emitter_for("php", Config(root=ROOT), Diagnostics())
    started = time.perf_counter()
    files = php.render(api)
    elapsed = time.perf_counter() - started
    assert len(files) > 20
    assert elapsed < 0.3, elapsed


def test_same_name_in_two_areas_gets_two_classes(corpus_files: dict[str, dict[str, str]]) -> None:
    files = corpus_files["php"]
    assert "src/Resource/Mfa/AuthenticationChallenge.php" in files
    assert "src/Resource/Authkit/AuthenticationChallenge.php" in files


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("class", "AuthenticationChallenge", "AuthenticationChallenge"),
        ("class", "userManagement", "UserManagement"),
        ("class", "audit-logs", "AuditLogs"),
        ("class", "List", "List_"),
        ("class", "string", "String_"),
        ("class", "Énum", "Enum_"),
        ("class", "9lives", "_9lives"),
        ("method", "challengeFactor", "challengeFactor"),
        ("method", "get_logout_url", "getLogoutUrl"),
        ("method", "list", "list_"),
        ("method", "new", "new_"),
        ("method", "__construct", "construct"),
        ("method", "$mfa", "mfa"),
        ("variable", "authentication_factor_id", "authenticationFactorId"),
        ("variable", "clientID", "clientId"),
        ("variable", "class", "class"),
        ("variable", "this", "this_"),
        ("property", "this", "this"),
        ("property", "created_at", "createdAt"),
        ("service", "$mfa", "Mfa"),
        ("service", "ds", "Ds"),
        ("service", "$class", "Class_"),
        ("service", None, "Functions"),
        ("area", "", "Common"),
        ("area", "directory-sync", "DirectorySync"),
    ],
)
def test_naming(emitter: PhpEmitter, kind: str, name: str | None, expected: str) -> None:
    function = {
        "class": emitter.class_name,
        "method": emitter.method_name,
        "variable": emitter.variable_name,
        "property": emitter.property_name,
        "service": emitter.service_class,
        "area": emitter.area_segment,
    }[kind]
    assert function(name) == expected  # type: ignore[operator]


@pytest.mark.parametrize(
    ("spelling", "native", "doc", "reinterpreted"),
    [
        ("string", "string", "string", False),
        ("String", "string", "string", False),
        ("int", "int", "int", False),
        ("integer", "int", "int", True),
        ("number", "float", "float", True),
        ("bool", "bool", "bool", False),
        ("boolean", "bool", "bool", True),
        ("mixed", "mixed", "mixed", False),
        ("object", "array", "array<string, mixed>", False),
        ("callable", "callable", "callable", False),
        ("DateTime", "\\DateTime", "\\DateTime", False),
        ("Date", "\\DateTimeImmutable", "\\DateTimeImmutable", True),
        ("array", "array", "array", False),
        ("string[]", "array", "list<string>", False),
        ("object[]", "array", "list<array<string, mixed>>", False),
        ("Array[Invitation]", "array", "list<Invitation>", True),
        ("List<String>", "array", "list<string>", True),
        ("array<string, string>", "array", "array<string, string>", True),
        ("Map<String, Object>", "array", "array<string, array<string, mixed>>", True),
        ("map[string]interface{}", "array", "array<string, mixed>", True),
        ('"totp" | "sms"', "string", "'totp'|'sms'", True),
        ('"it\'s */ odd"', "string", "string", True),
        ("1 | 2", "int", "1|2", True),
        ("string | null", "?string", "string|null", False),
        ("string?", "?string", "string|null", True),
        ("int | string", "int|string", "int|string", False),
        ("int | string | null", "int|string|null", "int|string|null", False),
        ("string | string[]", "string|array", "string|list<string>", False),
        ("mixed | null", "mixed", "mixed", False),
        ("Invitation", "Invitation", "Invitation", False),
        ("Invitation | null", "?Invitation", "Invitation|null", False),
        ("Invitation[]", "array", "list<Invitation>", False),
        ("Task<Challenge>", "Task", "Task", True),
        ("usermanagement.User", "User", "User", True),
        ("WorkOS\\Resource\\User", "User", "User", False),
        ("iterable", "iterable", "iterable", False),
        ("iterable | string[]", "iterable", "iterable|list<string>", False),
        ("void", "void", "void", False),
    ],
)
def test_type_mapping(emitter: PhpEmitter, spelling: str, native: str, doc: str, reinterpreted: bool) -> None:
    expr = parse_type(spelling)
    php_type = emitter.type(expr, _Scope("Example\\Sdk\\Service", "Mfa"))
    assert (php_type.native(), php_type.doc) == (native, doc)
    reasons = [emitter.reinterpretation(node) for node in walk(expr)]
    assert any(reasons) == reinterpreted, reasons
    # Never an invalid union such as `string|?string`.
    assert "?" not in php_type.native() or "|" not in php_type.native()


def test_named_types_resolve_by_area(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    files = corpus_files["php"]
    service = files["src/Service/Mfa.php"]
    assert "use Example\\Sdk\\Resource\\Mfa\\AuthenticationChallenge;" in service
    # A type the docs never define (nor list the properties of) is an external.
    page = tmp_path / "widgets" / "get.yaml"
    page.parent.mkdir()
    page.write_text(
        "reference:\n  php:\n    - key: getWidget\n      title: $workos->widgets->getWidget()\n"
        "      returns:\n        - key: widget\n          type: Widget\n",
        encoding="utf-8",
    )
    rendered, _ = render_specs([tmp_path], "php")
    assert "use Example\\Sdk\\Externals\\Widget;" in rendered["src/Service/Widgets.php"]


def test_scope_aliases_clashing_short_names() -> None:
    scope = _Scope("Example\\Sdk\\Resource\\Authkit", "User")
    assert scope.ref("Example\\Sdk\\Resource\\DirectorySync\\User") == "DirectorySyncUser"
    assert scope.ref("Example\\Sdk\\Resource\\Authkit\\Invitation") == "Invitation"
    assert scope.ref("Example\\Sdk\\Externals\\user") == "Externalsuser"
    assert scope.ref("\\DateTime") == "\\DateTime"
    assert scope.statements() == [
        "use Example\\Sdk\\Externals\\user as Externalsuser;",
        "use Example\\Sdk\\Resource\\DirectorySync\\User as DirectorySyncUser;",
    ]


# Every reserved word, in every position it could take.
@pytest.mark.parametrize("word", sorted(CLASS_RESERVED | METHOD_RESERVED))
def test_reserved_words_are_escaped(emitter: PhpEmitter, word: str) -> None:
    for name in (word, word.upper(), word.capitalize()):
        class_name = emitter.class_name(name)
        assert is_identifier(class_name) and class_name.lower() not in CLASS_RESERVED, class_name
        method = emitter.method_name(name)
        assert is_identifier(method) and method.lower() not in KEYWORDS and not method.startswith("__"), method
        assert is_identifier(emitter.variable_name(name)) and emitter.variable_name(name) != "this"


@pytest.mark.skipif(PHP is None, reason="php not installed")
def test_reserved_words_compile(emitter: PhpEmitter, tmp_path: Path) -> None:
    words = sorted(CLASS_RESERVED | METHOD_RESERVED | {"this"})
    body = ["<?php", "namespace Example\\Sdk\\Reserved;"]
    for word in words:
        body.append(f"class {emitter.class_name(word)} {{}}")
    methods = "\n".join(
        f"    public function {m}(int ${emitter.variable_name(m)}): void {{}}"
        for m in sorted({emitter.method_name(w) for w in words})
    )
    props = "\n".join(f"    public int ${p} = 0;" for p in sorted({emitter.property_name(w) for w in words}))
    body.append(f"class Holder_ {{\n{props}\n{methods}\n}}")
    path = tmp_path / "reserved.php"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
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


def test_externals_are_named_types_without_area(emitter: PhpEmitter) -> None:
    assert emitter.external_class("common.ListMetadata") == "Example\\Sdk\\Externals\\ListMetadata"
    assert emitter.resolve(Named(name="DateTimeInterface"), _Plan()) == "\\DateTimeInterface"


def test_seed_requests_map_each_parameter_to_its_wire_name_and_place(seed: dict[str, str]) -> None:
    service = seed["src/Service/Mfa.php"]
    assert (
        "    public const REQUESTS = [\n"
        "        'challengeFactor' => [\n"
        "            'method' => 'POST',\n"
        "            'path' => '/auth/factors/{authentication_factor_id}/challenge',\n"
        "            'params' => [\n"
        "                'authenticationFactorId' => ['authentication_factor_id', 'path'],\n"
        "                'smsTemplate' => ['sms_template', 'body'],\n"
        "            ],\n"
        "        ],\n"
        "    ];\n"
    ) in service


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
    assert "public FactorType $type;" in enum_page["src/Resource/Mfa/Factor.php"]
    service = enum_page["src/Service/Mfa.php"]
    assert "use Example\\Sdk\\Resource\\Mfa\\FactorType;" in service
    assert "        FactorType $type,\n" in service
    assert "public ?FactorType $type = null;" in enum_page["src/Options/Mfa/ListFactorsOptions.php"]


def test_option_classes_say_where_each_property_travels(enum_page: dict[str, str]) -> None:
    options = enum_page["src/Options/Mfa/ListFactorsOptions.php"]
    assert (
        "    public const WIRE_PLACES = [\n        'userId' => 'path',\n        'type' => 'query',\n    ];\n" in options
    )
    assert "'userId' => 'user_id'," in options
    # Response models have no places.
    assert "WIRE_PLACES" not in enum_page["src/Resource/Mfa/Factor.php"]
    # An options object's properties are routed key by key.
    assert (
        "'options' => ['userId' => ['user_id', 'path'], 'type' => ['type', 'query']],"
        in enum_page["src/Service/Mfa.php"]
    )


def test_undocumented_wire_names_are_marked(enum_page: dict[str, str]) -> None:
    model = enum_page["src/Resource/Mfa/Factor.php"]
    assert "        'id' => 'id',\n" in model
    assert "        'label' => 'label', // wire name not documented; this is the documented name\n" in model
    assert model.count("not documented") == 1


@pytest.mark.parametrize(
    ("value", "case"),
    [
        ("totp", "Totp"),
        ("sign-up", "SignUp"),
        ("AppleOAuth", "AppleOAuth"),
        ("class", "Class_"),
        ("2fa", "_2fa"),
        ("", "Value"),
    ],
)
def test_enum_case_names(emitter: PhpEmitter, value: str, case: str) -> None:
    assert emitter.case_name(value) == case


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
    assert isinstance(emitter, PhpEmitter)
    assert emitter.composer_name == composer


@pytest.mark.parametrize("name", ["a..b", "a/b/c", "a_", "vendor/-x", "a.-b"])
def test_a_package_name_composer_cannot_take_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="is not valid"):
        PhpSettings(package_name=name)


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


# --- HTTP bodies, runtime, usage snippets ---------------------------------------------------
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
    assert isinstance(php, PhpEmitter)
    calls = {op.id: sample_call(op, api) for op in api.operations}
    enroll = php.example_call(calls["enroll_factor"], api)
    assert enroll is not None
    assert enroll.startswith("$result = $client->mfa->enrollFactor(\n")
    assert "    type: \\Example\\Sdk\\Resource\\Mfa\\FactorType::Totp,\n" in enroll
    listing = php.example(calls["list_organizations"], api, paging=True)
    assert listing is not None and "$client->organizations->listOrganizationsAutoPaging(" in listing
    assert "    domains: ['domains-1', 'domains-2'],\n" in listing
    # Every method the snippets name exists in the rendered service.
    for call in calls.values():
        code = php.example_call(call, api)
        if code is None:
            continue
        method = re.search(r"->(\w+)\($", code.splitlines()[-1]) or re.search(r"->(\w+)\(", code)
        assert method is not None, code
        assert any(f"public function {method.group(1)}(" in text for text in corpus_files["php"].values()), code


def test_usage_snippets_plan_quietly() -> None:
    """A name clash is reported by the render; the usage snippets, which plan the API anew, add nothing."""
    api = load_api([SPECS], Diagnostics(), ("php",)).languages["php"]
    enroll = next(op for op in api.operations if op.id == "enroll_factor")
    twin = enroll.model_copy(update={"name": "EnrollFactor", "key": enroll.key + "-twin", "id": "enroll_factor_twin"})
    api = api.model_copy(update={"operations": (*api.operations, twin)})
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


def test_fixed_value_parameters_the_docs_leave_out_are_sent(corpus_files: dict[str, dict[str, str]]) -> None:
    service = corpus_files["php"]["src/Service/UserManagement.php"]
    assert "        $_request->body('grant_type', 'authorization_code');\n" in service
    assert "        $_request->query('response_type', 'code');\n" in service


def _inline(name: str, spelling: str, *fields: Field) -> Field:
    return Field(name=name, type=parse_type(spelling), wire_name=name, fields=fields, loc=Loc("inline.yaml"))


# A reply the docs describe key by key: an object, a list of objects, PHP's untyped array.
INLINE_REPLY = _inline(
    "reply",
    "object",
    _inline("meta", "object"),
    _inline("groups", "object[]", _inline("tags", "object")),
    _inline("pages", "array", _inline("data", "object[]", _inline("extra", "object"))),
    _inline("count", "int"),
)


def test_inline_objects_decode_and_encode_by_type(emitter: PhpEmitter) -> None:
    scope = _Scope("Example\\Sdk\\Service", "Things")
    decoded = emitter.decode(INLINE_REPLY.type, "$v", scope, fields=INLINE_REPLY.fields)
    # Nothing to decode but plain JSON: the array is kept as it is.
    assert decoded == "$v"
    encoded = emitter.encode(INLINE_REPLY.type, "$v", scope, INLINE_REPLY.fields)
    assert encoded.startswith("Wire::object(Wire::shape($v, ['meta' => static fn ($x1) => Wire::object($x1)")
    assert "'groups' => static fn ($x1) => array_map(" in encoded
    assert "'pages' => static fn ($x1) => Wire::each($x1, " in encoded
    assert "'count'" not in encoded


@pytest.mark.skipif(PHP is None, reason="php not installed")
def test_empty_objects_stay_objects(emitter: PhpEmitter, tmp_path: Path) -> None:
    """A JSON object held in a PHP array re-encodes as an object, `{}` when empty, at any depth;
    a list stays a list."""
    scope = _Scope("Example\\Sdk", "Run")
    encoded = emitter.encode(INLINE_REPLY.type, "$value", scope, INLINE_REPLY.fields)
    write_tree(emitter.runtime_files(_Plan()), tmp_path)
    replies = [
        {},
        {"meta": {}, "groups": [{"tags": {}}, {}], "pages": [{"data": [{"extra": {}}]}], "count": 1},
        {"meta": {"a": [1]}, "groups": [], "pages": {"data": [], "list_metadata": {"after": None}}},
    ]
    program = f"""<?php
declare(strict_types=1);
namespace Example\\Sdk;
require '{tmp_path}/src/Http/Wire.php';
use Example\\Sdk\\Http\\Wire;
foreach (json_decode($argv[1], true) as $value) {{
    echo json_encode({encoded}), "\\n";
}}
"""
    (tmp_path / "run.php").write_text(program, encoding="utf-8")
    assert PHP is not None
    done = subprocess.run(
        [PHP, str(tmp_path / "run.php"), json.dumps(replies)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == replies
    assert done.stdout.splitlines()[0] == "{}"
