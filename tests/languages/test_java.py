"""Java on the plan: golden output; the tables (names, types, reserved words); comment and
literal safety; and the plan's views as the generated code makes them (requests, replies,
per-request options, client settings, stand-ins, keep regions)."""

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
import toolchains
import yaml
from helpers import FIXTURES, ROOT, SEED, SPECS, render_specs, require_tool, run_codegen, snapshot_text, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics, Loc
from codegen.ir import Enum, Field, LanguageAPI, Model, Operation, OptionClass
from codegen.languages.java import JavaLanguage, JavaSettings, java_string
from codegen.languages.java.tables import KEYWORDS, OBJECT_MEMBERS, TYPE_RESERVED
from codegen.naming import is_identifier
from codegen.pipeline import emitter_for, load_api
from codegen.plan.views import MethodView, SdkView
from codegen.samples import sample_call
from codegen.text import javadoc_line
from codegen.types import Named, parse_type, walk

BASE = "src/main/java/com/example/sdk/"
MFA = BASE + "mfa/MfaApi.java"
OPTIONS = BASE + "common/models/ChallengeFactorOptions.java"
BUILDER = BASE + "common/models/ChallengeFactorOptionsBuilder.java"
RUNTIME_CLASSES = (
    "ApiClient",
    "ApiException",
    "ApiRequest",
    "ApiTimeoutException",
    "BadRequestException",
    "ConflictException",
    "ForbiddenException",
    "HttpClientTransport",
    "NotFoundException",
    "RateLimitExceededException",
    "RequestOptions",
    "ServerException",
    "Transport",
    "UnauthorizedException",
    "UnprocessableEntityException",
)


@pytest.fixture(scope="module")
def emitter() -> JavaLanguage:
    found = emitter_for("java", Config(root=ROOT), Diagnostics())
    assert isinstance(found, JavaLanguage)
    return found


@pytest.fixture(scope="module")
def corpus() -> tuple[LanguageAPI, SdkView, dict[str, str]]:
    """The corpus: its API, the plan's views of it, and the rendered files."""
    api = load_api([SPECS], Diagnostics(), ("java",)).languages["java"]
    found = emitter_for("java", Config(root=ROOT), Diagnostics())
    assert isinstance(found, JavaLanguage)
    files, diags = render_specs([SPECS], "java")
    assert not diags.errors
    return api, found.plan(api), files


def _method(source: str, name: str, *, overload: int = -1) -> str:
    """The body of a method (``overload``: which of its declarations, in order)."""
    starts = [m.start() for m in re.finditer(rf"^    public [^\n(]+ {name}\(", source, re.MULTILINE)]
    assert starts, name
    start = starts[overload]
    return source[start : source.index("\n    }\n", start)]


# --- golden output ----------------------------------------------------------------------------


def test_seed_snapshot(snapshot: object) -> None:
    files, diags = render_specs(SEED, "java")
    assert not diags.errors
    assert snapshot_text(files) == snapshot


def test_fixture_snapshot(snapshot: object) -> None:
    files, diags = render_specs([SPECS / "index.mdx", FIXTURES], "java")
    assert not diags.errors
    assert snapshot_text(files) == snapshot


def test_seed_has_the_documented_java_surface() -> None:
    files, _ = render_specs(SEED, "java")
    runtime = {f"{BASE}runtime/{name}.java" for name in RUNTIME_CLASSES}
    challenge = BASE + "common/models/Challenge.java"
    assert set(files) == {MFA, OPTIONS, BUILDER, challenge, *runtime, "pom.xml", "README.md"}
    service = files[MFA]
    # The documented signature, and the same with this call's options last.
    assert "    public Challenge challengeFactor(ChallengeFactorOptions options) {\n" in service
    assert "        return challengeFactor(options, null);\n" in service
    assert (
        "    public Challenge challengeFactor(ChallengeFactorOptions options, RequestOptions requestOptions) {\n"
        '        ApiRequest request = new ApiRequest("POST", "/auth/factors/{authentication_factor_id}/challenge");\n'
        "        if (options != null) {\n"
        '            request.path("authentication_factor_id", options.getAuthenticationFactorId());\n'
        '            request.body("sms_template", options.getSmsTemplate());\n'
        "        }\n"
        "        return this.client.send(request, Challenge.class, requestOptions);\n"
        "    }\n"
    ) in service
    assert "UnsupportedOperationException" not in service
    assert '@see <a href="/reference/mfa/challenge-factor">' in service
    assert "public MfaApi mfa() {" in files[f"{BASE}runtime/ApiClient.java"]
    options = files[OPTIONS]
    assert "    @JsonIgnore\n    private final String authenticationFactorId;" in options
    assert "<p>Sent in the path as <code>authentication_factor_id</code>, not in the JSON body." in options
    assert '    @JsonProperty("sms_template")\n    private final String smsTemplate;' in options
    assert "public static ChallengeFactorOptionsBuilder builder() {" in options
    assert "public ChallengeFactorOptionsBuilder smsTemplate(String smsTemplate) {" in files[BUILDER]
    assert files["pom.xml"].startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Code generated by codegen.')
    assert files["README.md"].startswith("<!-- Code generated by codegen. DO NOT EDIT. -->\n")
    for path, text in files.items():
        if path.endswith(".java"):
            assert text.startswith("// Code generated by codegen. DO NOT EDIT.\n// @generated\n"), path
            assert text.endswith("}\n") and not text.endswith("\n\n"), path
            assert not any(line != line.rstrip() for line in text.splitlines()), path
            assert "\n\n\n" not in text, path


def test_settings_choose_packages() -> None:
    config = Config(root=ROOT, settings={"java": JavaSettings(package="org.acme.class", externals_package="org.ext")})
    files, _ = render_specs([SPECS], "java", config)
    assert "src/main/java/org/acme/class_/mfa/MfaApi.java" in files
    # externals_package names the SDK's own package: no stand-in is generated, the code imports it.
    assert not any("/externals/" in path or "/org/ext/" in path for path in files)
    assert any("import org.ext.ConnectionDomain;" in text for text in files.values())


def test_same_name_in_two_areas_goes_to_two_packages(corpus: tuple[LanguageAPI, SdkView, dict[str, str]]) -> None:
    _, _, files = corpus
    assert "src/main/java/com/example/sdk/authkit/models/User.java" in files
    assert "src/main/java/com/example/sdk/directorysync/models/User.java" in files
    assert "import com.example.sdk.directorysync.models.User;" in files[f"{BASE}directorysync/DirectorySyncApi.java"]
    assert "import com.example.sdk.authkit.models.User;" in files[f"{BASE}usermanagement/UserManagementApi.java"]


# --- the tables ------------------------------------------------------------------------------

# docs name -> (parameter, field, method, class), as Java writes them.
NAMES = {
    "authenticationFactorId": ("authenticationFactorId", "authenticationFactorId", "authenticationFactorId", None),
    "sms_template": ("smsTemplate", "smsTemplate", "smsTemplate", "SmsTemplate"),
    "pending_Token": ("pendingToken", "pendingToken", "pendingToken", "PendingToken"),
    "DeleteConnection": ("deleteConnection", "deleteConnection", "deleteConnection", "DeleteConnection"),
    "OAuthTokens": ("oAuthTokens", "oAuthTokens", "oAuthTokens", "OAuthTokens"),
    "builder()": ("builder", "builder", "builder", "Builder"),
    "class": ("class_", "class_", "class_", "Class_"),
    "String": ("string", "string", "string", "String_"),
    "List": ("list", "list", "list", "List_"),
    "wait": ("wait", "wait_", "wait_", "Wait"),
    "2fa": ("_2fa", "_2fa", "_2fa", "_2fa"),
    "café": ("cafe", "cafe", "cafe", "Cafe"),
}


def test_names(emitter: JavaLanguage) -> None:
    naming = emitter.naming
    found = {
        name: (naming.param(name), naming.field(name), naming.method(name), naming.type(name) if want[3] else None)
        for name, want in NAMES.items()
    }
    assert found == NAMES
    assert naming.service("userManagement") == "UserManagementApi" and naming.service("$mfa") == "MfaApi"
    assert naming.scope("user-management") == "com.example.sdk.usermanagement.models"
    assert naming.scope("externals") == "com.example.sdk.externals"
    assert naming.constant("Status", "sign-up") == "SIGN_UP" and naming.constant("Level", "1") == "VALUE_1"


def test_reserved_words_are_never_names(emitter: JavaLanguage) -> None:
    """Every keyword, java.lang and imported type, and Object member, as each kind of name."""
    naming = emitter.naming
    for word in sorted(KEYWORDS | OBJECT_MEMBERS | TYPE_RESERVED):
        names = {"param": naming.param(word), "field": naming.field(word), "method": naming.method(word)}
        names["type"] = naming.type(word)
        for kind, name in names.items():
            assert is_identifier(name) and name not in KEYWORDS, (word, kind, name)
        assert names["type"] not in TYPE_RESERVED, word
        assert names["field"] not in OBJECT_MEMBERS and names["method"] not in OBJECT_MEMBERS, word


# docs spelling -> (Java, as an optional field, reinterpreted): one table.
TYPES = {
    "String": ("String", "String", False),
    "string": ("String", "String", True),
    "Int": ("int", "Integer", True),
    "Integer": ("int", "Integer", False),
    "Long": ("long", "Long", False),
    "Boolean": ("boolean", "Boolean", False),
    "Date": ("OffsetDateTime", "OffsetDateTime", False),
    "Object": ("Object", "Object", False),
    "object": ("Map<String, Object>", "Map<String, Object>", True),
    "Any": ("Object", "Object", True),
    "List<String>": ("List<String>", "List<String>", False),
    "String[]": ("List<String>", "List<String>", True),
    "Array[Factor]": ("List<Factor>", "List<Factor>", True),
    "List<Int>": ("List<Integer>", "List<Integer>", True),
    "Map<String, String>": ("Map<String, String>", "Map<String, String>", False),
    "Map<String, Any?>": ("Map<String, Object>", "Map<String, Object>", True),
    "map[string]interface{}": ("Map<String, Object>", "Map<String, Object>", True),
    "String?": ("String", "String", True),
    "Int?": ("Integer", "Integer", True),
    "Optional<Integer>": ("Integer", "Integer", False),
    "String | Int": ("Object", "Object", True),
    "UUID": ("UUID", "UUID", False),
    "common.ListMetadata": ("ListMetadata", "ListMetadata", False),
    "Page<String>": ("Page<String>", "Page<String>", False),
}


def _field_types(emitter: JavaLanguage, spellings: list[str], *, optional: bool) -> list[str]:
    """The Java types of a model's fields of these docs types, as the plan's views give them."""
    loc = Loc("types.yaml")
    fields = tuple(
        Field(name=f"f{i}", type=parse_type(text), type_text=text, optional=optional, loc=loc)
        for i, text in enumerate(spellings)
    )
    model = Model(id=None, key="Types", name="Types", kind="class", page="a/x.mdx", area="a", loc=loc, fields=fields)
    sdk = emitter.plan(LanguageAPI(language="java", models=(model,)), Diagnostics())
    (decl,) = [d for s in sdk.scopes for d in s.decls if d.name == "Types"]
    return [f.type for f in decl.fields]


def test_types(emitter: JavaLanguage) -> None:
    spellings = list(TYPES)
    required = _field_types(emitter, spellings, optional=False)
    optional = _field_types(emitter, spellings, optional=True)
    reinterpreted = [any(emitter.reinterpretation(n) for n in walk(parse_type(s))) for s in spellings]
    assert dict(zip(spellings, zip(required, optional, reinterpreted, strict=True), strict=True)) == TYPES


# (text, how it reads in a Javadoc line): the escaping layer's javadoc_line, which the templates use.
JAVADOC = {
    "ends */ here": "ends *&#47; here",
    "a \\u000a b": "a &#92;u000a b",
    "<b>&</b>": "&lt;b&gt;&amp;&lt;/b&gt;",
    "@param x": "&#64;param x",
    "  @return": "  &#64;return",
    "see {@link Foo}": "see {&#64;link Foo}",
    "mail a@b.c": "mail a@b.c",
}


def test_javadoc_escape() -> None:
    assert {text: javadoc_line(text) for text in JAVADOC} == JAVADOC


# --- comments and literals are inert -----------------------------------------------------------

HOSTILE = (
    'Evil */ class Evil1 {} /* \\u002a/ class Evil2 {} """ ?> {{x}} #{x} $x `tick`'
    " \u2028 class Evil3 {} \x00 @deprecated"
)


def _hostile_page(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    text = json.dumps(HOSTILE)
    (tmp_path / "hostile.yaml").write_text(
        f"""reference:
  java:
    - key: Thing
      id: thing
      url: "/ref\\"*/ class Evil4 {{}} /*"
      title: Thing
      description: {text}
      properties:
        - key: "na*/me"
          type: String
          description: {text}
    - key: doThing
      id: do_thing
      url: /ref/do
      title: hostile.doThing()
      description: {text}
      parameters:
        - key: value
          type: '"a*/b" | "c\\\\u000a"'
          description: {text}
      returns:
        - key: Thing
          type: Thing
          description: {text}
""",
        encoding="utf-8",
    )
    return tmp_path


_JAVA_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
# An escape javac translates: a backslash preceded by an even number of backslashes, u's, 4 hex digits.
_UNICODE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u+([0-9A-Fa-f]{4})")


def _unicode_escapes(text: str) -> list[int]:
    return [int(m.group(1), 16) for m in _UNICODE_ESCAPE.finditer(text)]


def test_the_unicode_escape_finder() -> None:
    assert _unicode_escapes('"\\u00e9" \\\\u0022 \\\\\\uu000a') == [0xE9, 0x0A]


def test_hostile_descriptions_stay_inside_comments(tmp_path: Path) -> None:
    files, diags = render_specs([SPECS / "index.mdx", _hostile_page(tmp_path / "specs")], "java")
    assert not diags.errors, diags.render()
    out = write_tree(files, tmp_path / "out")
    files = {path: text for path, text in files.items() if "/runtime/" not in path and path.endswith(".java")}
    assert len(files) == 3  # the service, Thing, the enum of the literal union (and the runtime)
    for text in files.values():
        # javac translates \\uXXXX before anything else: the only ones written are non-ASCII
        # characters inside string literals, never a quote, backslash or line break.
        assert all(cp >= 0x80 for cp in _unicode_escapes(text))
        assert "\x00" not in text and "\u2028" not in text
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped.startswith(("*", "/*", "//")):  # code: its string literals hold values
                line = _JAVA_STRING.sub('""', line)
            if "*/" in line:
                # Only the templates' own comment closers, always at the end of a line.
                assert line.count("*/") == 1 and stripped.endswith("*/"), line
                assert stripped == "*/" or (stripped.startswith("/** ") and "Evil" not in line), line
            if stripped.startswith("* @"):
                # Only the tags the templates write themselves start a comment line.
                assert stripped.startswith(("* @param ", "* @return ", "* @throws ", "* @see ")), line
    _javac(out, tmp_path / "classes", "-Xdoclint:all,-missing")
    produced = sorted(p.name for p in (tmp_path / "classes").rglob("*.class") if p.parent.name != "runtime")
    assert produced == ["DoThingValue.class", "HostileApi.class", "Thing.class"]


STRINGS = (
    "plain",
    "",
    '"quoted" and \\ and \\u0022 and \\\\u000a',
    "\n\r\t\b\f\x00\x01\x1b\x7f and \x001 (NUL then a digit)",
    "caf\u00e9 \u2028 \u202e \ufeff \U0001f600",
    "\ud800 lone surrogate",
    "codegen:begin-keep pwn CODEGEN:END-KEEP pwn */ /* {@code x} @param",
)


def test_java_string_is_exact(tmp_path: Path) -> None:
    """Every literal java_string writes is ASCII and, compiled and run, holds exactly the value."""
    literals = [java_string(value) for value in STRINGS]
    assert all(literal.isascii() and "codegen:" not in literal.lower() for literal in literals)
    source = (
        "public class Strings {\n    static final String[] VALUES = {\n"
        + "".join(f"        {literal},\n" for literal in literals)
        + "    };\n\n    public static void main(String[] args) {\n"
        + "        for (String v : VALUES) {\n"
        + "            StringBuilder line = new StringBuilder();\n"
        + "            for (int i = 0; i < v.length(); i++) {\n"
        + "                line.append(' ').append((int) v.charAt(i));\n"
        + "            }\n"
        + "            System.out.println(line);\n"
        + "        }\n    }\n}\n"
    )
    out = write_tree({"Strings.java": source}, tmp_path / "src")
    _javac(out, tmp_path / "classes", "-Xlint:all", "-Werror")
    java = require_tool("java")
    result = subprocess.run([java, "-cp", str(tmp_path / "classes"), "Strings"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    units = [[int(u) for u in line.split()] for line in result.stdout.splitlines()]
    expected = [list(memoryview(v.encode("utf-16-le", "surrogatepass")).cast("H")) for v in STRINGS]
    assert units == expected


def _javac(sources: Path, classes: Path, *flags: str, classpath: str | None = None) -> None:
    """Compile every .java file under ``sources`` (against ``classpath``, default the Jackson
    jars the generated code and its runtime use); the test fails with javac's output."""
    javac = require_tool("javac")
    files = sorted(str(p) for p in sources.rglob("*.java"))
    classpath = classpath or toolchains.jackson_classpath("annotations", "core", "databind")
    command = [javac, "-encoding", "UTF-8", *flags, "-cp", classpath, "-d", str(classes), *files]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deterministic_and_fast(emitter: JavaLanguage, corpus: tuple[LanguageAPI, SdkView, dict[str, str]]) -> None:
    api = corpus[0]
    first = emitter.render(api)
    start = time.perf_counter()
    second = emitter.render(api)
    elapsed = time.perf_counter() - start
    assert first == second
    assert elapsed < 2.0
    for path in first:
        assert re.fullmatch(r"src/main/java/[A-Za-z0-9_/]+\.java|pom\.xml|README\.md", path), path


# --- edge cases the corpus does not have --------------------------------------------------------


def _edge_api() -> LanguageAPI:
    """Built as IR: a clash of Java names, option-class inheritance, the same simple name from
    three packages in one file, a generic type the docs never define, a model named List."""

    loc = Loc("edge.yaml")

    def f(name: str, type_: str, optional: bool = False, area: str | None = None) -> Field:
        expr = parse_type(type_)
        if isinstance(expr, Named) and area is not None:
            expr = replace(expr, area=area)
        return Field(name=name, type=expr, type_text=type_, optional=optional, loc=loc)

    def model(name: str, area: str, *fields: Field) -> Model:
        return Model(
            id=None, key=name, name=name, kind="class", page=f"{area}/x.mdx", area=area, loc=loc, fields=fields
        )

    models = (
        model("User", "a", f("id", "String"), f("other", "User", area="b")),
        model("user", "a", f("other", "String")),
        model("User", "b", f("name", "String")),
        model("List", "a"),
    )
    options = (
        OptionClass(name="BaseOptions", fields=(f("limit", "Int", optional=True),), area="a", loc=loc),
        OptionClass(
            name="SubOptions", base="BaseOptions", fields=(f("wait", "Long"), f("equals", "Object")), area="a", loc=loc
        ),
    )
    op = Operation(
        id="x",
        key="get",
        name="get",
        service="things",
        page="a/x.mdx",
        area="a",
        loc=loc,
        params=(
            f("a", "user", area="a"),
            f("b", "User", area="b"),
            f("c", "common.User"),
            f("page", "Page<String>"),
            f("options", "SubOptions", area="a"),
            f("items", "List<String>"),
        ),
        returns=(Field(name="result", type=Named(name="List", area="a"), loc=loc),),
    )
    return LanguageAPI(language="java", operations=(op,), models=models, options=options)


def test_edge_cases_render_and_compile(emitter: JavaLanguage, tmp_path: Path) -> None:
    files = emitter.render(_edge_api())
    service = files[f"{BASE}things/ThingsApi.java"]
    # One simple name per file: the first imported, the others qualified; the JDK's List keeps its name.
    assert "import com.example.sdk.b.models.User;" in service
    assert (
        "public List_ get(AUser a, User b, com.example.sdk.a.models.User c, Page<String> page, SubOptions options, "
        "List<String> items) {"
    ) in service  # user and User of one area: the later one takes the area (AUser); the model List is List_
    user = files[f"{BASE}a/models/User.java"]
    assert "private com.example.sdk.b.models.User other;" in user  # its own name is taken in its file
    sub = files[f"{BASE}a/models/SubOptions.java"]
    assert "public class SubOptions extends BaseOptions {" in sub and "super(builder);" in sub
    assert (
        "public class SubOptionsBuilder extends BaseOptionsBuilder {" in files[f"{BASE}a/models/SubOptionsBuilder.java"]
    )
    assert "private final long wait_;" in sub and "private final Object equals_;" in sub
    # The generic type the docs never define is a generic stand-in.
    page = files[f"{BASE}externals/Page.java"]
    assert "public class Page<T0> {" in page and "private final JsonNode value;" in page
    out = write_tree(files, tmp_path / "src")
    _javac(out, tmp_path / "classes", "-Xlint:all", "-Werror", "-Xdoclint:all,-missing")


# --- enums and the wire ----------------------------------------------------------------------

CATALOG = f"{BASE}catalog/models"


def test_fixture_literal_union_is_a_declared_enum() -> None:
    files, diags = render_specs([SPECS / "index.mdx", FIXTURES], "java")
    assert not diags.errors
    kind = files[f"{CATALOG}/WidgetKind.java"]
    assert "public enum WidgetKind {" in kind
    assert '    SMALL("small"),\n    LARGE("large");' in kind
    assert "    @JsonValue\n    public String getValue() {" in kind
    widget = files[f"{CATALOG}/Widget.java"]
    assert '    @JsonProperty("kind")\n    private WidgetKind kind;' in widget
    assert "private final WidgetKind kind;" in files[f"{CATALOG}/CreateWidgetOptions.java"]
    assert not any(path.endswith("Kind.java") and "/externals/" in path for path in files)


def test_query_fields_are_left_out_of_the_body() -> None:
    files, _ = render_specs([SPECS / "index.mdx", SPECS / "organization"], "java")
    options = next(text for name, text in files.items() if name.endswith("/ListOrganizationsOptions.java"))
    assert "    @JsonIgnore\n    private final List<String> domains;" in options
    assert "<p>Sent in the query string as <code>domains</code>, not in the JSON body." in options


def test_fields_without_a_wire_name() -> None:
    """Left out of the JSON where the HTTP reference documents the object without them; guessed
    (snake_case, said so) where it documents nothing of the object."""
    files, _ = render_specs([SPECS / "index.mdx", FIXTURES], "java")
    widget = files[f"{CATALOG}/Widget.java"]
    assert "    @JsonIgnore\n    private Map<String, Object> attributes;" in widget
    assert "<p>Not in the HTTP reference; left out of the JSON." in widget
    special = files[f"{CATALOG}/SpecialWidget.java"]
    assert '    @JsonProperty("class")\n    private String class_;' in special
    assert "<p>Wire name not documented; guessed: <code>class</code>" in special


def _wire_page(tmp_path: Path) -> Path:
    """A model whose wire name and enum values are hostile text (from the HTTP reference)."""
    wire = "l\"a'b`e\\l */ ?> #{x} $(id) \u2028\x1b\u202e codegen:end-keep pwn caf\u00e9 \U0001f600"
    values = ["a*/b", "c\\u000a", "sign-up", "sign_up", "caf\u00e9 \u2028", "codegen:begin-keep x"]
    literal = " | ".join(f'"{v}"' for v in values)
    page = {
        "descriptions": {"thing": {"label": "The label.", "kind": "The kind."}},
        "reference": {
            "curl": [
                {
                    "key": "thing",
                    "id": "thing",
                    "title": "thing",
                    "properties": [
                        {"key": wire, "type": "string", "description": "(thing.label)"},
                        {"key": "kind", "type": literal, "description": "(thing.kind)"},
                    ],
                }
            ],
            "java": [
                {
                    "key": "Thing",
                    "id": "thing",
                    "title": "Thing",
                    "properties": [
                        {"key": "label", "type": "String", "description": "(thing.label)"},
                        {"key": "kind", "type": literal, "description": "(thing.kind)"},
                    ],
                }
            ],
        },
    }
    (tmp_path / "things").mkdir(parents=True)
    (tmp_path / "things" / "page.yaml").write_text(yaml.safe_dump(page, allow_unicode=False), encoding="utf-8")
    return tmp_path


JACKSON_ROUND_TRIP = """
import com.fasterxml.jackson.databind.ObjectMapper;
import com.example.sdk.things.models.Thing;
import com.example.sdk.things.models.ThingKind;

public class RoundTrip {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (ThingKind kind : ThingKind.values()) {
            Thing thing = new Thing();
            thing.setLabel("x");
            thing.setKind(kind);
            byte[] json = mapper.writeValueAsBytes(thing);  // UTF-8, whatever the console's encoding
            Thing back = mapper.readValue(json, Thing.class);
            System.out.write(json);
            System.out.println(back.getKind() == kind && "x".equals(back.getLabel()) ? "" : " MISMATCH");
        }
    }
}
"""


def test_jackson_writes_and_reads_hostile_wire_names_and_values_exactly(tmp_path: Path) -> None:
    specs = _wire_page(tmp_path / "specs")
    files, diags = render_specs([specs], "java")
    assert not diags.errors, diags.render()
    out = write_tree({**files, "RoundTrip.java": JACKSON_ROUND_TRIP}, tmp_path / "src")
    jackson = toolchains.jackson_classpath("annotations", "core", "databind")
    _javac(out, tmp_path / "classes", "-Xlint:all", "-Werror", classpath=jackson)
    java = require_tool("java")
    classpath = os.pathsep.join([str(tmp_path / "classes"), jackson])
    result = subprocess.run([java, "-cp", classpath, "RoundTrip"], capture_output=True)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    api = load_api([specs], Diagnostics(), ("java",)).languages["java"]
    wire = next(f.wire_name for f in api.models[0].fields if f.name == "label")
    (enum,) = api.enums
    written = [json.loads(line) for line in result.stdout.decode("utf-8").split("\n") if line]
    assert written == [{wire: "x", "kind": value} for value in enum.values]


INTEGER_ENUM = """
import com.fasterxml.jackson.databind.ObjectMapper;
import com.example.sdk.things.models.Level;

public class Levels {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (Level level : Level.values()) {
            String json = mapper.writeValueAsString(level);
            System.out.println(json + " " + (mapper.readValue(json, Level.class) == level));
        }
    }
}
"""


def test_integer_enum_travels_as_numbers(emitter: JavaLanguage, tmp_path: Path) -> None:
    level = Enum(name="Level", area="things", values=("1", "-2"), loc=Loc("enum.yaml"))
    files = emitter.render(LanguageAPI(language="java", enums=(level,)))
    source = files[f"{BASE}things/models/Level.java"]
    assert "    VALUE_1(1),\n    VALUE_2(-2);" in source
    assert "private final int value;" in source
    jackson = toolchains.jackson_classpath("annotations", "core", "databind")
    out = write_tree({**files, "Levels.java": INTEGER_ENUM}, tmp_path / "src")
    _javac(out, tmp_path / "classes", "-Xlint:all", "-Werror", "-Xdoclint:all,-missing", classpath=jackson)
    java = require_tool("java")
    classpath = os.pathsep.join([str(tmp_path / "classes"), jackson])
    result = subprocess.run([java, "-cp", classpath, "Levels"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1 true", "-2 true"]


# --- the plan's requests, as the methods make them ----------------------------------------------


def _full(service: str, method: MethodView, name: str = "") -> str:
    """The body of the overload of ``method`` (or of its ``name`` sibling) that takes RequestOptions."""
    name = name or method.name
    pattern = rf"^    public [^\n]* {name}\([^\n]*RequestOptions requestOptions\) \{{\n(.*?)^    \}}\n"
    match = re.search(pattern, service, re.MULTILINE | re.DOTALL)
    assert match, name
    return match.group(1)


def test_every_request_value_of_the_plan_is_sent_where_it_says(
    corpus: tuple[LanguageAPI, SdkView, dict[str, str]],
) -> None:
    """For every method of the corpus with a request: the body builds it as the plan's view says
    (each path, query and header value and each body key at its place, with its expression), the
    reply is handled by its kind, and the overload without options passes null."""
    _, sdk, files = corpus
    seen: set[str] = set()
    for service in sdk.services:
        source = files[f"src/main/java/{service.module.replace('.', '/')}/{service.name}.java"]
        for method in service.methods:
            request = method.request
            if request is None:
                continue
            body = _full(source, method)
            assert f'new ApiRequest("{request.method}", {java_string(request.template)});' in body
            for part in request.path:
                if part.value is not None:
                    assert f'request.path("{part.value.wire}", {part.value.expr});' in body
            for place, values in (("query", request.query), ("header", request.headers)):
                for value in values:
                    assert f"request.{place}({java_string(value.wire)}, {value.expr});" in body
            for key in request.body:
                assert f"request.body({java_string(key.wire)}, " in body
            seen.add(request.reply)
            if request.reply == "url" and request.setters:  # the builder builds the URL
                assert body.endswith("            return request;\n        });\n")
                assert f"return new {method.result}(this.client, () -> {{" in body
                assert "send(" not in body and "execute(" not in body
                builder = source[source.index(f"public static final class {method.result} {{") :]
                for value in request.setters:
                    assert f"public {method.result} {value.expr}(" in builder
                    assert f"request.query({java_string(value.wire)}, {value.expr});" in builder
                assert "return client.url(request);" in builder
            elif request.reply == "url":
                assert body.endswith("        return this.client.url(request);\n")
                assert "send(" not in body and "execute(" not in body
            elif request.reply == "none":
                assert body.endswith("        this.client.execute(request, requestOptions);\n")
            else:
                assert "return this.client.send(request, " in body
            if method.pages_name:
                paging = _full(source, method, method.pages_name)
                assert f"this.client.paginate(request, {request.item_type}.class, requestOptions);" in paging
            shorter = _method(source, method.name, overload=0)
            assert "null);" in shorter and "ApiRequest" not in shorter
    assert seen == {"json", "none", "page", "url"}


def test_url_builders_send_nothing_and_return_the_url(corpus: tuple[LanguageAPI, SdkView, dict[str, str]]) -> None:
    _, _, files = corpus
    sso = files[f"{BASE}sso/SsoApi.java"]
    # The docs return a builder (`connection(value)`, ..., `build()`) as the published Java SDK
    # does: the method returns it, its setters set the query, its build() is the URL.
    head = "    public AuthorizationUrlOptionsBuilder getAuthorizationUrl(String clientId, String redirectUri) {"
    assert head in sso
    body = _method(sso, "getAuthorizationUrl")
    assert 'request.query("response_type", "code");' in body and "send(" not in body
    assert "public AuthorizationUrlOptionsBuilder connection(String connection) {" in sso
    assert 'request.query("connection", connection);' in sso
    # AuthKit's builder: `screenHint` cites login_hint's description (a copy in the docs), so it
    # is linked by its name, and login_hint keeps `loginHint`.
    authkit = files[f"{BASE}usermanagement/UserManagementApi.java"]
    assert 'request.query("screen_hint", screenHint);' in authkit
    assert 'request.query("login_hint", loginHint);' in authkit
    assert "this.client.send(request, AuthorizationUrlOptionsBuilder.class" not in authkit


def test_login_sends_the_client_credentials_from_the_settings(
    corpus: tuple[LanguageAPI, SdkView, dict[str, str]],
) -> None:
    _, _, files = corpus
    service = files[f"{BASE}usermanagement/UserManagementApi.java"]
    body = _method(service, "authenticateWithCode")
    assert 'request.body("grant_type", "authorization_code");' in body
    assert 'request.body("client_id", clientId);' in body
    assert 'request.body("client_secret", this.client.require("api_key"));' in body


def test_audit_events_send_their_idempotency_key_or_a_generated_one(
    corpus: tuple[LanguageAPI, SdkView, dict[str, str]],
) -> None:
    _, _, files = corpus
    body = _method(files[f"{BASE}auditlogs/AuditLogsApi.java"], "createEvent")
    assert 'request.header("Idempotency-Key", reqOptions.getIdempotencyKey());' in body
    assert 'request.body("event", options);' in body
    assert "request.generateIdempotencyKey();" in body


def test_stand_ins_are_loose_types_saying_why(corpus: tuple[LanguageAPI, SdkView, dict[str, str]]) -> None:
    _, sdk, files = corpus
    assert sdk.standins
    for decl in sdk.standins:
        text = files[f"src/main/java/{decl.scope.replace('.', '/')}/{decl.name}.java"]
        assert "a type the API reference uses but never defines." in text
        assert "@JsonCreator(mode = JsonCreator.Mode.DELEGATING)" in text and "@JsonValue" in text


def test_stub_bodies_keep_the_stubs_and_no_runtime() -> None:
    config = Config(root=ROOT, settings={"java": JavaSettings(bodies="stub")})
    files, diags = render_specs(SEED, "java", config)
    assert not diags.errors
    assert not any("/runtime/" in path for path in files)
    assert 'throw new UnsupportedOperationException("not implemented");' in files[MFA]
    assert "ApiClient" not in files[MFA] and "RequestOptions" not in files[MFA]
    assert files[MFA].count("public Challenge challengeFactor(") == 1


# --- usage snippets ---------------------------------------------------------------------------


def test_example_call_builds_options_and_keeps_the_result(emitter: JavaLanguage) -> None:
    api = load_api(SEED, Diagnostics(), ("java",)).languages["java"]
    op = next(o for o in api.operations if o.name == "challengeFactor")
    assert emitter.example_call(sample_call(op, api), api) == (
        "import com.example.sdk.common.models.ChallengeFactorOptions;\n"
        "\n"
        "ChallengeFactorOptions options = ChallengeFactorOptions.builder()\n"
        '    .authenticationFactorId("authentication_factor_id-1")\n'
        '    .smsTemplate("sms_template-1")\n'
        "    .build();\n"
        "var result = client.mfa().challengeFactor(options);"
    )


def test_example_call_sets_models_in_locals_and_lists_pages(
    emitter: JavaLanguage, corpus: tuple[LanguageAPI, SdkView, dict[str, str]]
) -> None:
    api = corpus[0]
    event = next(o for o in api.operations if o.name == "createEvent")
    snippet = emitter.example_call(sample_call(event, api), api)
    assert snippet is not None
    assert "Actor optionsActor = new Actor();\noptionsActor.setId(" in snippet
    assert (
        "    .actor(optionsActor)\n" in snippet
        and "    .targets(List.of(optionsTargets1, optionsTargets2))\n" in snippet
    )
    assert snippet.endswith('client.auditLogs().createEvent("organization_id-1", options, reqOptions);')
    users = next(o for o in api.operations if o.name == "listUsers")
    listed = emitter.example_call(sample_call(users, api), api)
    assert listed is not None and "var result = client.userManagement().listUsersAutoPaging(" in listed


# --- keep regions -----------------------------------------------------------------------------

KEEP_CONFIG = """\
specs = ["reference"]
out = "sdk"
languages = ["java"]
"""


def test_a_hand_written_member_survives_regeneration_and_compiles(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(KEEP_CONFIG)
    assert run_codegen("generate", "-q", cwd=repo).returncode == 0
    sources = repo / "sdk/java/src/main/java/com/example/sdk"
    service, model = sources / "catalog/CatalogApi.java", sources / "catalog/models/Widget.java"
    members = {
        service: (
            "    // codegen:begin-keep CatalogApi.members\n",
            "    public int custom() {\n        return 42;\n    }\n",
        ),
        model: (
            "    // codegen:begin-keep Widget.members\n",
            "    public String label() {\n        return getName();\n    }\n",
        ),
    }
    for path, (marker, member) in members.items():
        text = path.read_text()
        assert text.count(marker) == 1
        path.write_text(text.replace(marker, marker + member))
    assert run_codegen("check", "-q", cwd=repo).returncode == 0  # an edit inside a region is not drift
    page = repo / "reference/catalog/java.yaml"
    page.write_text(page.read_text().replace("description: An operation", "description: Now an operation"))
    assert run_codegen("generate", "-q", cwd=repo).returncode == 0
    assert "Now an operation" in service.read_text()
    for path, (_, member) in members.items():
        assert member in path.read_text(), path
    _javac(repo / "sdk/java", tmp_path / "classes", "-Xlint:all", "-Werror")


# --- the package: pom.xml and README.md ------------------------------------------------------------

_POM = "{http://maven.apache.org/POM/4.0.0}"


def _pom(files: dict[str, str]) -> dict[str, str | None]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(files["pom.xml"])
    paths = {
        "group": "groupId",
        "artifact": "artifactId",
        "version": "version",
        "description": "description",
        "url": "url",
        "license": "licenses/license/name",
        "author": "developers/developer/name",
        "release": "properties/maven.compiler.release",
    }
    found: dict[str, str | None] = {
        key: root.findtext("/".join(f"{_POM}{part}" for part in path.split("/"))) for key, path in paths.items()
    }
    dependencies = root.findall(f"{_POM}dependencies/{_POM}dependency")
    found["dependencies"] = " ".join(
        ":".join(d.findtext(f"{_POM}{k}") or "" for k in ("groupId", "artifactId", "version")) for d in dependencies
    )
    return found


def test_the_package_manifest_comes_from_the_settings() -> None:
    settings = JavaSettings(
        package="org.acme.sdk",
        package_name="@acme/sdk-java",
        version="1.2.3-beta.1",
        description="Acme's <SDK> & more",
        license="Apache-2.0",
        repository="https://example.com/acme?a=1&b=2",
        author="Acme <dev@example.com>",
    )
    files, diags = render_specs(SEED, "java", Config(root=ROOT, settings={"java": settings}))
    assert not diags.errors
    assert _pom(files) == {
        "group": "org.acme.sdk",
        "artifact": "acme-sdk-java",  # Maven's spelling of the npm-style name
        "version": "1.2.3-beta.1",
        "description": "Acme's <SDK> & more",  # escaped in the XML, read back whole
        "url": "https://example.com/acme?a=1&b=2",
        "license": "Apache-2.0",
        "author": "Acme <dev@example.com>",
        "release": "17",
        "dependencies": " ".join(
            f"com.fasterxml.jackson.core:jackson-{name}"
            for name in ("annotations:2.23", "core:2.23.0", "databind:2.23.0")
        ),
    }
    readme = files["README.md"]
    assert "<artifactId>acme-sdk-java</artifactId>" in readme and "<version>1.2.3-beta.1</version>" in readme
    assert "implementation 'org.acme.sdk:acme-sdk-java:1.2.3-beta.1'" in readme
    assert "Acme's <SDK> & more" in readme and "- License: Apache-2.0" in readme
    client = files["src/main/java/org/acme/sdk/runtime/ApiClient.java"]
    assert 'public static final String PACKAGE_NAME = "acme-sdk-java";' in client
    assert 'public static final String VERSION = "1.2.3-beta.1";' in client


def test_the_package_defaults_to_the_java_package() -> None:
    files, _ = render_specs(SEED, "java")
    pom = _pom(files)
    assert (pom["group"], pom["artifact"], pom["version"]) == ("com.example.sdk", "com.example.sdk", "0.1.0")
    assert pom["description"] is None and pom["license"] is None and pom["author"] is None
    readme = files["README.md"]
    assert "## About" not in readme
    for text in (
        ".apiKey(",
        ".clientId(",
        ".baseUrl(",
        ".timeout(",
        ".maxRetries(",
        ".transport(",
        "RateLimitExceededException",
        "ServerException",
        "ApiTimeoutException",
        "RequestOptions.builder()",
        ".idempotencyKey(",
        "Transport fake",
        "`com.fasterxml.jackson.core:jackson-databind:2.23.0`",
    ):
        assert text in readme, text


def test_the_readme_shows_a_real_pagination_call(corpus: tuple[LanguageAPI, SdkView, dict[str, str]]) -> None:
    readme = corpus[2]["README.md"]
    assert "for (var item : client.directorySync().listDirectoriesAutoPaging(" in readme


def test_stub_bodies_still_make_a_package() -> None:
    files, _ = render_specs(SEED, "java", Config(root=ROOT, settings={"java": JavaSettings(bodies="stub")}))
    assert _pom(files)["artifact"] == "com.example.sdk" and "README.md" not in files


# --- the plan's replies and settings, run ------------------------------------------------------

GADGETS = """
descriptions:
  idempotency_key: A unique string to prevent duplicate requests.
  gadget:
    id: The gadget.
    link: The link to the gadget.
    client_id: The OAuth client.
    client_secret: The OAuth secret.
    state: Opaque state.
    url: Where the browser goes.
    code: The code.
reference:
  curl:
    - key: gadget_link
      id: gadget_link
      title: /gadgets/:id/link
      type: POST
      parameters:
        - {key: id, type: string, description: (gadget.id)}
      returns:
        - key: gadget_link
          type: object
          properties:
            - {key: link, type: string, description: (gadget.link)}
    - key: gadget_url
      id: gadget_url
      title: /gadgets/authorize
      type: GET
      parameters:
        - {key: client_id, type: string, description: (gadget.client_id)}
        - {key: state, type: string, optional: true, description: (gadget.state)}
      returns:
        - {key: url, type: string, description: (gadget.url)}
    - key: exchange
      id: exchange
      title: /gadgets/token
      type: POST
      parameters:
        - {key: code, type: string, description: (gadget.code)}
        - {key: client_id, type: string, description: (gadget.client_id)}
        - {key: client_secret, type: string, description: (gadget.client_secret)}
        - {key: grant_type, type: '"authorization_code"'}
  java:
    - key: gadgetLink
      id: gadget_link
      title: gadgets.gadgetLink()
      parameters:
        - {key: id, type: String, description: (gadget.id)}
        - {key: idempotencyKey, type: String, optional: true, description: (idempotency_key)}
      returns:
        - {key: link, type: String, description: (gadget.link)}
    - key: gadgetUrl
      id: gadget_url
      title: gadgets.gadgetUrl()
      parameters:
        - {key: state, type: String, optional: true, description: (gadget.state)}
      returns:
        - {key: url, type: String, description: (gadget.url)}
    - key: exchange
      id: exchange
      title: gadgets.exchange()
      parameters:
        - {key: code, type: String, description: (gadget.code)}
"""

GADGETS_PROGRAM = r"""
import com.example.sdk.runtime.ApiClient;
import com.example.sdk.runtime.Transport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class Gadgets {
    public static void main(String[] args) throws Exception {
        List<Map<String, Object>> sent = new ArrayList<>();
        Deque<String> replies = new ArrayDeque<>(List.of("{\"link\": \"https://l.test/1\"}", "{\"link\": \"x\"}", ""));
        Transport transport = (method, url, headers, body) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("request", method + " " + url);
            one.put("key", headers.get("Idempotency-Key"));
            one.put("body", body == null ? null : new String(body, StandardCharsets.UTF_8));
            sent.add(one);
            return new Transport.Response(200, Map.of(), replies.removeFirst().getBytes(StandardCharsets.UTF_8));
        };
        ApiClient client = ApiClient.builder().apiKey("sk_test").clientId("client_1")
            .baseUrl("http://example.test").transport(transport).build();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("link", client.gadgets().gadgetLink("g 1", null));
        client.gadgets().gadgetLink("g2", "key-2");
        out.put("url", client.gadgets().gadgetUrl("s 1"));
        client.gadgets().exchange("c1");
        try {
            ApiClient.builder().apiKey("sk_test").transport(transport).build().gadgets().gadgetUrl(null);
        } catch (IllegalStateException e) {
            out.put("refused", e.getMessage());
        }
        out.put("sent", sent);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }
}
"""


def test_replies_settings_and_keys_as_the_plan_says(tmp_path: Path) -> None:
    """A one-key reply is unwrapped; a URL is built with the client id from the settings and sends
    nothing; the code exchange sends the client id and the API key as the secret; an operation
    that must not run twice sends the documented idempotency key, or a generated one; a call that
    needs a client id the client lacks is refused, naming the setting."""
    page = tmp_path / "specs" / "gadgets" / "page.yaml"
    page.parent.mkdir(parents=True)
    page.write_text(GADGETS, encoding="utf-8")
    files, diags = render_specs([tmp_path / "specs"], "java")
    assert not diags.errors, diags.render()
    service = files[f"{BASE}gadgets/GadgetsApi.java"]
    assert 'request.unwrap("link");' in service and "return this.client.url(request);" in service
    assert 'request.query("client_id", this.client.require("client_id"));' in service
    out = write_tree({**files, "Gadgets.java": GADGETS_PROGRAM}, tmp_path / "src")
    _javac(out, tmp_path / "classes", "-Xlint:all", "-Werror", "-Xdoclint:all,-missing")
    java = require_tool("java")
    classpath = os.pathsep.join(
        [str(tmp_path / "classes"), toolchains.jackson_classpath("annotations", "core", "databind")]
    )
    ran = subprocess.run([java, "-cp", classpath, "Gadgets"], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    found = json.loads(ran.stdout)
    assert found["link"] == "https://l.test/1"
    assert found["url"] == "http://example.test/gadgets/authorize?state=s%201&client_id=client_1"
    assert "client_id" in found["refused"] and "clientId" in found["refused"]
    first, second, exchange = found["sent"]
    assert first["request"] == "POST http://example.test/gadgets/g%201/link" and first["body"] == "{}"
    assert re.fullmatch(r"[0-9a-f-]{36}", first["key"]) and second["key"] == "key-2"
    assert exchange["request"] == "POST http://example.test/gadgets/token"
    assert json.loads(exchange["body"]) == {
        "code": "c1",
        "client_id": "client_1",
        "client_secret": "sk_test",
        "grant_type": "authorization_code",
    }
