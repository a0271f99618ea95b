"""TypeScript (js) on the plan: its tables, the files its templates shape from the plan's views,
and the SDK's behaviour (compiled with tsc, run with node when they are installed)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SEED, SPECS, TOOLCHAINS, render_specs, snapshot_text, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics, Loc
from codegen.handwritten import merge_regions
from codegen.ir import Enum, Field, LanguageAPI, Model
from codegen.languages.js import JsLanguage, JsSettings
from codegen.languages.js.shapes import shape_of
from codegen.languages.js.tables import (
    RESERVED,
    TYPE_RESERVED,
    binding_name,
    method_name,
    property_name,
    service_file,
    template_literal_text,
    type_name,
)
from codegen.pipeline import load_api
from codegen.plan.symbols import EXTERNALS
from codegen.render import environment
from codegen.samples import sample_call
from codegen.types import Named, parse_type, walk

LOC = Loc("test.yaml", 1, 1)
IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def emitter(**settings: Any) -> JsLanguage:
    return JsLanguage(JsSettings(**settings), environment("js"), Diagnostics())


def find_tsc() -> str | None:
    return shutil.which("tsc") or shutil.which("tsc", path=str(TOOLCHAINS / "node_modules/.bin"))


def tsc_ok(files: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    tsc = find_tsc()
    if tsc is None:
        pytest.skip("tsc not found; install the toolchains with `make toolchains`")
    write_tree(files, tmp_path)
    (tmp_path / "tsconfig.json").write_text(json.dumps(toolchains.TSCONFIG), encoding="utf-8")
    return subprocess.run([tsc, "-p", str(tmp_path), "--pretty", "false"], capture_output=True, text=True, check=False)


def run_ts(files: dict[str, str], main: str, tmp_path: Path) -> list[Any]:
    """Compile ``files`` and ``main`` (tsc --strict, CommonJS), run ``main`` with node: its lines, JSON-decoded."""
    tsc, node = find_tsc(), shutil.which("node")
    if tsc is None or node is None:
        pytest.skip("tsc or node not found; install the toolchains with `make toolchains`")
    console = "declare const console: { log(...args: unknown[]): void };\n"
    # The SDK's package.json says "type": "module"; this build is CommonJS.
    write_tree({**files, "src/main.ts": console + main, "package.json": '{"type": "commonjs"}\n'}, tmp_path)
    options = {**toolchains.TSCONFIG["compilerOptions"], "noEmit": False, "module": "commonjs", "outDir": "out"}
    options.pop("moduleResolution")
    config = {"compilerOptions": options, "include": ["src/**/*.ts"]}
    (tmp_path / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run([tsc, "-p", str(tmp_path), "--pretty", "false"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    result = subprocess.run([node, str(tmp_path / "out" / "main.js")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.split("\n") if line]  # not splitlines: U+2028


# --- snapshots ------------------------------------------------------------------------------
def test_seed_snapshot(snapshot):
    files, diags = render_specs(SEED, "js")
    assert not diags.errors
    assert snapshot_text(files) == snapshot


def test_fixture_snapshot(snapshot):
    files, diags = render_specs([SPECS / "index.mdx", FIXTURES], "js")
    assert not diags.errors
    assert snapshot_text(files) == snapshot


def test_render_is_deterministic():
    first, _ = render_specs([SPECS / "index.mdx", FIXTURES], "js")
    second, _ = render_specs([SPECS / "index.mdx", FIXTURES], "js")
    assert first == second


# --- the tables (one test each) ---------------------------------------------------------------
def test_reserved_words_are_escaped_where_they_cannot_be_names():
    for word in sorted(RESERVED):
        assert binding_name(word) == word + "_" and IDENTIFIER.fullmatch(binding_name(word)), word
        assert property_name(word) == word, word  # a property or method may be any word
    for word in sorted(TYPE_RESERVED):
        assert type_name(word) == word + "_", word
    assert method_name("constructor") == "constructor_"


def test_reserved_words_compile(tmp_path):
    """Every escaped word works as a parameter, function and interface name; the raw word as a key."""
    lines = []
    for i, word in enumerate(sorted(RESERVED)):
        b = binding_name(word)
        lines.append(f"export function {b}({b}: string): string {{ return {b}; }}")
        lines.append(f"export interface {type_name(word)} {{ {property_name(word)}: string; }}")
        lines.append(f"export class K{i} {{ async {method_name(word)}(): Promise<void> {{}} }}")
    for word in sorted(TYPE_RESERVED - RESERVED):
        lines.append(f"export interface {type_name(word)} {{ {property_name(word)}: string; }}")
    result = tsc_ok({"words.ts": "\n".join(lines) + "\n"}, tmp_path)
    assert result.returncode == 0, result.stdout


# documented name -> (binding, type, property)
NAMES = {
    "challengeFactor": ("challengeFactor", "challengeFactor", "challengeFactor"),
    "baseURL": ("baseURL", "baseURL", "baseURL"),
    "list_metadata": ("list_metadata", "ListMetadata", "list_metadata"),
    "Factor_totp": ("Factor_totp", "FactorTotp", "Factor_totp"),
    "WorkOSList_data": ("WorkOSList_data", "WorkOSListData", "WorkOSList_data"),
    "display-name": ("displayName", "DisplayName", '"display-name"'),
    "2fa": ("_2fa", "_2fa", '"2fa"'),
    "class": ("class_", "class_", "class"),
    "string": ("string", "string_", "string"),
    "Date": ("Date", "Date_", "Date"),
    "Client": ("Client", "Client_", "Client"),
    "$value": ("_value", "_value", "$value"),
    "héllo": ("hello", "Hello", '"h\\u00e9llo"'),
}


def test_names():
    found = {name: (binding_name(name), type_name(name), property_name(name)) for name in NAMES}
    assert found == NAMES


SERVICES = {"mfa": "mfa", "userManagement": "userManagement", "index": "indexService", "runtime": "runtimeService"}


def test_service_files():
    assert {service: service_file(service) for service in SERVICES} == SERVICES


class _Everywhere:
    """A type context in which every named type is a declaration of its own name (a stand-in
    with one type parameter when the docs give it one), in this scope."""

    here = "here"
    sdk = None

    def resolve(self, expr: Any) -> Any:
        from codegen.plan.symbols import Decl

        if expr.name in ("Promise", "Date"):
            return None
        return Decl((None, None, expr.name), "standin", expr.name, "", "here", arity=len(expr.args))

    def ref(self, decl: Any) -> tuple[str, str]:
        return "here", decl.docs_name


# How TypeScript writes the docs' type spellings, and whether the spelling is reinterpreted.
TYPES = {
    "string": ("string", False),
    "number": ("number", False),
    "boolean": ("boolean", False),
    "Date": ("Date", False),
    "Date | null": ("Date | null", False),
    "string[]": ("string[]", False),
    '"totp" | "sms"': ('"totp" | "sms"', False),
    '("a" | "b")[]': ('("a" | "b")[]', False),
    "Record<string, any>": ("Record<string, unknown>", False),
    "Promise<string>": ("Promise<string>", False),
    "Promise": ("Promise<unknown>", False),
    "object": ("Record<string, unknown>", False),
    "any": ("unknown", False),
    "void": ("void", False),
    "Function": ("(...args: unknown[]) => unknown", False),
    "function | null": ("((...args: unknown[]) => unknown) | null", True),
    "function[]": ("((...args: unknown[]) => unknown)[]", True),
    "(string | number)[]": ("(string | number)[]", False),
    "Challenge": ("Challenge", False),
    "WorkOSList<User>": ("WorkOSList<User>", False),
    "int": ("number", True),
    "array": ("unknown[]", True),
    "list[str]": ("string[]", True),
    "Map<string, number>": ("Record<string, number>", False),
    "Dictionary<int, string>": ("Record<number, string>", True),
    "string?": ("string | null", True),
    "time.Time": ("Date", True),
    "WorkOS\\Resource\\User": ("User", True),
    "'say \"hi\" \\ \u2028'": ('"say \\"hi\\" \\\\ \\u2028"', False),
}


def test_type_spellings():
    js = emitter()
    found = {}
    for spelling in TYPES:
        expr = parse_type(spelling)
        reinterpreted = any(js.reinterpretation(node) for node in walk(expr))
        found[spelling] = (js.type_text(expr, _Everywhere()), reinterpreted)  # type: ignore[arg-type]
    assert found == TYPES


# A type as the SDK writes it -> the runtime shape its values travel with.
SHAPES = {
    "string": None,
    "Date": '"date"',
    "Date | null": '"date"',
    "Challenge": "ChallengeShape",
    "Challenge | null": "ChallengeShape",
    "Challenge[]": "{ list: ChallengeShape }",
    "mfaTypes.Factor | null": "mfaTypes.FactorShape",
    "(Challenge | null)[]": "{ list: ChallengeShape }",
    "Record<string, Challenge[]>": "{ map: { list: ChallengeShape } }",
    "Record<string, unknown>": None,
    '"Challenge" | Factor': "FactorShape",
    "Unknown | Factor": "FactorShape",
    "WorkOSList<Challenge>": None,
    "(...args: unknown[]) => unknown": None,
    "((...args: unknown[]) => unknown) | Factor": "FactorShape",
    "Date[]": '{ list: "date" }',
}


def test_shapes():
    shapes = {"Challenge": "ChallengeShape", "Factor": "FactorShape", "mfaTypes.Factor": "mfaTypes.FactorShape"}
    assert {text: shape_of(text, shapes) for text in SHAPES} == SHAPES


# Texts a path's literal part must hold exactly.
PATH_TEXTS = [
    "/a/b",
    "codegen:begin-keep pwn",
    "a`b${c}\\${d}\\`e",
    '"',
    "x\r\ny\r\u2028\x1b\u202e\U0001f600",
    "$ { \\",
]


def test_template_literal_text_reads_back_exactly(tmp_path: Path) -> None:
    """A path's literal part: nothing invisible or line-breaking raw, the same value."""
    escaped = [template_literal_text(text) for text in PATH_TEXTS]
    assert all(" " <= ch <= "~" for text in escaped for ch in text), escaped
    assert not [text for text in escaped if "codegen:" in text]  # no keep marker
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / "read.js"
    script.write_text("process.stdout.write(JSON.stringify([" + ", ".join(f"`{e}`" for e in escaped) + "]));\n")
    result = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == PATH_TEXTS


# npm package names: the ones npm takes, and the ones it refuses (a config error).
NPM_NAMES = {"workos": True, "@acme/sdk": True, "a.b_c-d": True, "@a-b/c.d": True}
NPM_NAMES |= dict.fromkeys(["WorkOS", "@Acme/sdk", "a/b", "@acme/", "-x", "@acme/sdk/x"], False)


def test_npm_package_names():
    found = {}
    for name in NPM_NAMES:
        try:
            found[name] = JsSettings.validate({"package_name": name}).package_name == name
        except ValueError as error:
            assert "is not valid" in str(error)
            found[name] = False
    assert found == NPM_NAMES


# --- the files, from the plan's views -----------------------------------------------------------
def test_seed_names_and_layout():
    files, _ = render_specs(SEED, "js")
    service = files["src/mfa.ts"]
    assert "export class Mfa {\n" in service
    signature = "  async challengeFactor(\n    options: ChallengeFactorOptions,\n    requestOptions?: RequestOptions,\n"
    assert signature in service
    assert "  ): Promise<Challenge> {\n    return this.client.request(\n" in service
    assert 'import type { Challenge, ChallengeFactorOptions } from "./interfaces/common.js";' in service
    options = files["src/interfaces/common.ts"].split("export interface ChallengeFactorOptions {\n", 1)[1]
    assert "  authenticationFactorId: string;" in options and "  smsTemplate?: string;" in options
    assert "Wire name: `sms_template`" in options  # in the JSDoc of each property
    assert 'export { Mfa } from "./mfa.js";' in files["src/index.ts"]
    for name, text in files.items():
        if name.endswith(".ts") or name.startswith("tsconfig"):
            assert text.startswith("// Code generated by codegen. DO NOT EDIT.\n// @generated\n"), name
    assert files["README.md"].startswith("<!-- Code generated by codegen. DO NOT EDIT. -->\n")
    assert json.loads(files["package.json"])["//"] == "Code generated by codegen. DO NOT EDIT. @generated"
    others = {"README.md", "package.json", "tsconfig.json", "tsconfig.cjs.json"}
    assert {n for n in files if not n.endswith(".ts")} == others


def test_path_setting_moves_the_sources():
    files, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": JsSettings(path="lib/ts")}))
    assert "lib/ts/mfa.ts" in files and "lib/ts/interfaces/common.ts" in files


def test_every_declaration_of_the_plan_is_declared_with_its_shape(corpus_files):
    """Each DeclView is in its scope's module: an interface and its shape (the wire names of its
    fields), a union of an enum's values, an ``unknown`` stand-in that says why."""
    api = load_api([SPECS], Diagnostics(), ("js",)).languages["js"]
    sdk = emitter().plan(api)
    files = corpus_files["js"]
    checked = set()
    for scope in sdk.scopes:
        module = files[f"src/interfaces/{scope.name}.ts"]
        for decl in scope.decls:
            checked.add(decl.kind)
            if decl.kind == "standin":
                assert f"export type {decl.name} = unknown;" in module
                assert f"{decl.docs_name}: a type the API reference uses but never defines" in module
            elif decl.kind == "enum":
                assert all(c.name in module for c in decl.constants)
                assert re.search(rf"^export type {decl.name} =", module, re.M)
            else:
                assert re.search(rf"^export interface {decl.name}\b", module, re.M), decl.name
                shape = module.split(f"export const {decl.name}Shape: Shape = {{\n", 1)[1].split("\n};\n", 1)[0]
                for f in decl.fields:
                    wire = json.dumps(f.wire or f.docs_name)
                    assert (f"    {f.name}: [{wire}" in shape) is not f.not_on_wire, (decl.name, f.name)
    assert checked == {"model", "options", "inline", "enum", "standin"}
    assert {d.scope for d in sdk.standins} == {EXTERNALS} and "src/externals.ts" not in files


def _requests(source: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Each method's request as its code makes it: (HTTP method, path with ``{}`` for each value,
    {wire name: place}) from the request object it hands the client."""
    found = {}
    starts = list(re.finditer(r"\n  (?:async )?(\w+)\(", source))
    for start, end in itertools.zip_longest(starts, starts[1:]):
        name, body = start.group(1), source[start.end() : end.start() if end else len(source)]
        request = re.search(r'method: "(\w+)",\n\s+path: `([^`]*)`,\n((?:.*\n)*?)      },\n', body)
        if request is None:
            continue
        rest = request.group(3)
        places: dict[str, str] = {}
        for block, place in (("query", "query"), ("headers", "header")):
            section = re.search(rf"{block}: \[\n((?:.|\n)*?)\n\s+\],\n", rest)
            for wire in re.findall(r'^\s+\[("(?:[^"\\]|\\.)*"),', section.group(1) if section else "", re.M):
                places[json.loads(wire)] = place
        section = re.search(r"body: \{\n((?:.|\n)*?)\n        \},\n", rest)
        for key in re.findall(r'^          ("(?:[^"\\]|\\.)*"|[\w$]+):', section.group(1) if section else "", re.M):
            places[json.loads(key) if key.startswith('"') else key] = "body"
        path = re.sub(r"\$\{pathSegment\(.*?\)\}", "{}", request.group(2))
        found[name] = (request.group(1), path, places)
    return found


def test_each_method_makes_the_request_the_plan_says(corpus_files):
    """Over the corpus: the method, the path (a value in every hole), and every query, header
    and top-level body key of each method's code are its RequestView's."""
    api = load_api([SPECS], Diagnostics(), ("js",)).languages["js"]
    sdk = emitter().plan(api)
    checked = 0
    for service in sdk.services:
        if service.docs_name == "functions":
            continue
        made = _requests(corpus_files["js"][f"src/{service.module}.ts"])
        for method in service.methods:
            r = method.request
            if r is None:
                assert method.name not in made
                continue
            path = "".join("{}" if p.value else p.text for p in r.path)
            places = {v.wire: "query" for v in r.query} | {v.wire: "header" for v in r.headers}
            places |= {k.wire: "body" for k in r.body}
            assert made[method.name] == (r.method, path, places), method.name
            checked += 1
    assert checked > 100


def test_the_reply_is_what_the_plan_says(corpus_files):
    """A URL builder builds the URL and sends nothing; a one-key reply is unwrapped; a list is a
    page whose items are auto-paginated; an operation that must not run twice generates its
    idempotency key; a value of the client's settings is read from the client."""
    files = corpus_files["js"]
    sso, widgets, audit = files["src/sso.ts"], files["src/widgets.ts"], files["src/auditLogs.ts"]
    url = sso.split("  getAuthorizationUrl(", 1)[1].split("\n  }\n", 1)[0]
    assert "): string {\n    return this.client.url(\n" in url and "request(" not in url
    assert '["response_type", "code"],' in url
    assert 'unwrap: "token",' in widgets
    listed = r"async listConnections\((?:.|\n)*?\): Promise<Page<Connection>> \{\n    return this\.client\.list\("
    assert re.search(listed, sso)
    event = audit.split("async createEvent(", 1)[1].split("\n  }\n", 1)[0]
    assert '["Idempotency-Key", options?.idempotencyKey],' in event and "generateIdempotencyKey: true," in event
    assert "event: encode(CreateEventEventShape, event)," in event  # camelCase in, wire names out
    code = files["src/userManagement.ts"].split("async authenticateWithCode(", 1)[1].split("\n  }\n", 1)[0]
    assert 'client_secret: this.client.setting("api_key", false),' in code
    assert 'grant_type: "authorization_code",' in code


def test_every_path_value_goes_through_path_segment(corpus_files):
    """pathSegment refuses "", "." and ".." (docs/RUNTIME.md): no path value may bypass it."""
    values = 0
    for name, text in corpus_files["js"].items():
        for path in re.findall(r"^\s*path: `([^`]*)`,$", text, flags=re.M):
            for value in re.findall(r"\$\{(.*?)\}(?=[/`]|$)", path):
                assert value.startswith("pathSegment(") and value.endswith(")"), (name, path)
                values += 1
    assert values > 100


def test_every_method_takes_request_options_and_hands_them_to_the_client(corpus_files):
    total = 0
    for name, text in corpus_files["js"].items():
        if name.startswith("src/interfaces/") or name in ("src/runtime.ts", "src/functions.ts", "src/client.ts"):
            continue
        calls = re.findall(r"this\.client\.(?:request|list|url)\((?:.|\n)*?\n    \);", text)
        for call in calls:
            assert call.endswith("      requestOptions,\n    );"), (name, call)
        assert text.count("requestOptions?: RequestOptions") == len(calls), name
        total += len(calls)
    assert total > 100


def test_the_externals_module_setting_replaces_the_stand_ins():
    files, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": JsSettings(externals_module="@acme/types")}))
    assert "src/interfaces/externals.ts" not in files
    assert "import type {\n  AuthKitResponse,\n" in files["src/functions.ts"]
    assert '} from "@acme/types";' in files["src/functions.ts"]
    assert 'from "@acme/types";' in files["src/interfaces/common.ts"]
    assert "externalsTypes" not in files["src/index.ts"]
    relative, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": JsSettings(externals_module="./types")}))
    assert 'from "../types.js";' in relative["src/interfaces/common.ts"]
    assert 'from "./types.js";' in relative["src/functions.ts"]


def test_enums_are_unions_imported_like_interfaces(tmp_path):
    kind = Enum(name="Kind", values=("a", 'b"c'), area="jobs", loc=LOC)
    job = Model(
        id=None,
        key="Job",
        name="Job",
        kind="interface",
        fields=(Field(name="kind", type=Named(name="Kind", area="jobs"), loc=LOC),),
        page="p",
        area="other",
        loc=LOC,
    )
    files = emitter().render(LanguageAPI(language="js", models=(job,), enums=(kind,)))
    assert 'export type Kind = "a" | "b\\"c";\n' in files["src/interfaces/jobs.ts"]
    other = files["src/interfaces/other.ts"]
    assert 'import type { Kind } from "./jobs.js";' in other and "  kind: Kind;\n" in other
    result = tsc_ok(files, tmp_path)
    assert result.returncode == 0, result.stdout


def test_a_name_two_scopes_declare_is_named_through_its_scope(corpus_files):
    """``Factor`` is mfa's and authkit's: a file names it through the scope's namespace (as
    index.ts exports it), its shape too."""
    mfa = corpus_files["js"]["src/mfa.ts"]
    assert 'import * as mfaTypes from "./interfaces/mfa.js";' in mfa
    assert "): Promise<mfaTypes.Factor> {" in mfa and "      mfaTypes.FactorShape,\n" in mfa
    assert not re.search(r"import .*\bFactor\b", mfa)


def test_a_line_that_opens_a_bracket_is_followed_by_deeper_lines(corpus_files):
    """Readable nesting: the line after one that ends in ``{``, ``[`` or ``(`` is indented more."""
    checked = 0
    for path, text in corpus_files["js"].items():
        lines = text.splitlines()
        for number, (line, after) in enumerate(itertools.pairwise(lines), start=1):
            if line.rstrip().endswith(("{", "[", "(")) and not line.lstrip().startswith(("*", "//")):
                checked += 1
                indent = len(line) - len(line.lstrip())
                assert len(after) - len(after.lstrip()) > indent, f"{path}:{number + 1}: {after!r}"
    assert checked > 1000


def test_a_hand_written_member_survives_regeneration():
    """Every service, the client and every interface has a keep region; what a person writes in
    one is carried into the next render."""
    files, _ = render_specs(SEED, "js")
    for name in ("src/mfa.ts", "src/client.ts", "src/functions.ts"):
        assert "codegen:begin-keep" in files[name], name
    for name, text in files.items():
        if "/interfaces/" not in name:
            continue
        interfaces = re.findall(r"^export interface (\w+)", text, re.MULTILINE)
        assert all(f"  // codegen:begin-keep {i}.members\n" in text for i in interfaces), name
    assert any("/interfaces/" in name and "export interface" in text for name, text in files.items())
    edited = files["src/mfa.ts"].replace(
        "  // codegen:begin-keep Mfa.members\n",
        '  // codegen:begin-keep Mfa.members\n  ping(): string {\n    return "pong";\n  }\n',
    )
    again, _ = render_specs(SEED, "js")
    merged = merge_regions(again["src/mfa.ts"], edited)
    assert '  ping(): string {\n    return "pong";\n  }\n  // codegen:end-keep Mfa.members\n' in merged
    assert merged != again["src/mfa.ts"]


# --- safety ---------------------------------------------------------------------------------
HOSTILE = 'end */ quotes """ php ?> java \\u000a line\u2028sep nul\x00 {{x}} #{x} $x `tick` @param x'

HOSTILE_PAGE = """
descriptions:
  hostile:
    text: {text}
reference:
  js:
    - key: Hostile
      title: interface Hostile
      description: (hostile.text)
      url: "/reference/x */ y"
      properties:
        - key: field
          type: string
          description: (hostile.text)
        - key: nested
          type: object
          description: (hostile.text)
          properties:
            - key: inner
              type: string
              description: (hostile.text)
    - key: doIt
      title: hostile.doIt()
      description: (hostile.text)
      parameters:
        - key: options
          type: object
          unwrap: true
          properties:
            - key: value
              type: string
              description: (hostile.text)
        - key: extra
          type: string
          description: (hostile.text)
      returns:
        - key: out
          type: string
          description: (hostile.text)
"""


def test_hostile_descriptions_stay_in_comments(tmp_path):
    page = tmp_path / "pages" / "hostile.yaml"
    page.parent.mkdir()
    page.write_text(HOSTILE_PAGE.format(text=json.dumps(HOSTILE)), encoding="utf-8")
    files, diags = render_specs([page], "js")
    assert not diags.errors, diags.render()
    text = "".join(files.values())
    assert text.count("end *\\/ quotes") >= 6
    assert "\x00" not in text and "\u2028" not in text
    for name, body in files.items():
        # Outside comments, no line may carry any of the description's text.
        code = re.sub(r"/\*\*.*?\*/", "", body, flags=re.S)
        assert "quotes" not in code and "{{x}}" not in code, name
    result = tsc_ok(files, tmp_path / "out")
    assert result.returncode == 0, result.stdout


def test_hostile_wire_names_are_exact_in_the_shapes(tmp_path):
    wires = ['q"uote', "back\\slash", "caf\u00e9 \U0001f600", "codegen:begin-keep", "line\u2028sep", "*/ x", "\\x3abe"]
    fields = tuple(Field(name=f"f{i}", type=parse_type("string"), wire_name=w, loc=LOC) for i, w in enumerate(wires))
    job = Model(id=None, key="Job", name="Job", kind="interface", fields=fields, page="p", area="jobs", loc=LOC)
    files = emitter().render(LanguageAPI(language="js", models=(job,)))
    module = files["src/interfaces/jobs.ts"]
    assert "codegen:begin-keep" not in module.replace("// codegen:begin-keep Job.members", "")
    assert "\u2028" not in module
    main = (
        'import { JobShape } from "./interfaces/jobs";\nimport { encode } from "./runtime";\n'
        "console.log(JSON.stringify(encode(JobShape, { f0: 0, f1: 1, f2: 2, f3: 3, f4: 4, f5: 5, f6: 6 })));\n"
    )
    (wired,) = run_ts(files, main, tmp_path)
    assert wired == {wire: i for i, wire in enumerate(wires)}


# --- the SDK at work ------------------------------------------------------------------------
RUNTIME_CHECK = r"""
const { WorkOS, ApiError } = require("./out/src/index.js");
const sent = [];
const reply = (status, body, headers = {}) => ({
  status,
  headers,
  body: body === undefined ? "" : JSON.stringify(body),
});
const first = { data: [{ id: "u1", first_name: "A", unknown: 1 }], list_metadata: { before: null, after: "cursor-2" } };
const second = { data: [{ id: "u2", first_name: "B" }], list_metadata: { before: "c", after: null } };
const transport = {
  async send(request) {
    sent.push(request);
    const url = new URL(request.url);
    if (url.pathname.startsWith("/fail")) {
      return reply(422, { code: "bad", message: "Bad" }, { "X-Request-ID": "req_1" });
    }
    if (url.pathname === "/user_management/users") {
      return reply(200, url.searchParams.get("after") === "cursor-2" ? second : first);
    }
    if (url.pathname.startsWith("/user_management/users/")) {
      return reply(200, { id: "u1", email_verified: true, unknown: 1 });
    }
    if (url.pathname === "/user_management/authenticate") return reply(200, { access_token: "t", user: { id: "u1" } });
    if (url.pathname === "/widgets/token") return reply(200, { token: "wt" });
    return reply(204);
  },
};
(async () => {
  const out = {};
  const workos = new WorkOS({ apiKey: "sk_1", clientId: "client_1", transport });
  out.user = await workos.userManagement.getUser("a b/c!'()*~");
  out.get = [sent[0].url, sent[0].headers, sent[0].body ?? null];
  await workos.events.listEvents(["a", "b"], 3);
  out.listEventsUrl = sent[1].url;
  await workos.userManagement.updateUser("u1", "F", undefined, undefined, false);
  out.update = [sent[2].method, sent[2].url, sent[2].body, sent[2].headers["Content-Type"]];
  const page = await workos.userManagement.listUsers({ limit: 1 });
  out.page = [page.data, page.listMetadata];
  const items = [];
  for await (const item of page.autoPagination()) items.push(item);
  out.items = items;
  out.pageUrls = sent.slice(3).map((r) => r.url);
  const auth = await workos.userManagement.authenticateWithCode({ clientId: "client_1", code: "c" });
  out.auth = [auth.accessToken, auth.user.id, JSON.parse(sent[sent.length - 1].body)];
  out.token = await workos.widgets.getToken({ organizationId: "org_1", scopes: ["widgets:users-table:manage"] });
  const before = sent.length;
  out.url = workos.sso.getAuthorizationUrl({
    redirectUri: "https://app.test/cb",
    clientId: "client_1",
    provider: "GoogleOAuth",
  });
  out.urlSent = sent.length - before;
  const event = {
    action: "a",
    occurredAt: new Date(Date.UTC(2024, 0, 2)),
    actor: { type: "user", id: "u" },
    targets: [],
    context: { location: "1.1.1.1", userAgent: "ua" },
  };
  await workos.auditLogs.createEvent("org_1", event, { idempotencyKey: "k-1" });
  out.event = [sent[sent.length - 1].headers["Idempotency-Key"], JSON.parse(sent[sent.length - 1].body)];
  try {
    await new WorkOS({ apiKey: "k", transport, baseUrl: "https://x.test/fail/" }).mfa.getFactor("f");
  } catch (e) {
    out.error = [e instanceof ApiError, e.status, e.code, e.message, e.requestId];
  }
  console.log(JSON.stringify(out));
})();
"""


def test_the_sdk_makes_its_requests_and_decodes_its_replies(corpus_files, tmp_path):
    """The corpus compiled to JavaScript, called with a fake transport."""
    tsc, node = find_tsc(), shutil.which("node")
    if tsc is None or node is None:
        pytest.skip("tsc or node not found; install the toolchains with `make toolchains`")
    write_tree(corpus_files["js"], tmp_path)
    config = {**toolchains.TSCONFIG["compilerOptions"], "noEmit": False, "module": "commonjs"}
    config.update(moduleResolution="node", outDir="out", rootDir=".")
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": config, "include": ["src/**/*.ts"]}))
    (tmp_path / "package.json").write_text('{"type": "commonjs"}')
    built = subprocess.run([tsc, "-p", str(tmp_path), "--pretty", "false"], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    (tmp_path / "check.js").write_text(RUNTIME_CHECK)
    done = subprocess.run([node, "check.js"], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    url, headers, body = out["get"]
    assert url == "https://api.workos.com/user_management/users/a%20b%2Fc%21%27%28%29%2A~"
    assert headers["Authorization"] == "Bearer sk_1" and headers["Accept"] == "application/json"
    assert re.fullmatch(r"workos/0\.1\.0 node/\d+\.\d+\.\d+", headers["User-Agent"])
    assert "Content-Type" not in headers and body is None
    assert out["user"] == {"id": "u1", "emailVerified": True}  # camelCase, unknown keys dropped
    assert out["listEventsUrl"] == "https://api.workos.com/events?events=a&events=b&limit=3"
    assert out["update"] == [
        "PUT",
        "https://api.workos.com/user_management/users/u1",
        '{"first_name":"F","email_verified":false}',
        "application/json",
    ]
    assert out["page"] == [[{"id": "u1", "firstName": "A"}], {"before": None, "after": "cursor-2"}]
    assert out["items"] == [{"id": "u1", "firstName": "A"}, {"id": "u2", "firstName": "B"}]
    assert out["pageUrls"] == [
        "https://api.workos.com/user_management/users?limit=1",
        "https://api.workos.com/user_management/users?limit=1&after=cursor-2",
    ]
    # The code exchange: the fixed grant type and the API key as the client secret, as every real SDK.
    token, user, sent = out["auth"]
    assert (token, user) == ("t", "u1")
    assert sent == {"client_id": "client_1", "code": "c", "client_secret": "sk_1", "grant_type": "authorization_code"}
    assert out["token"] == "wt"  # the one key of the reply
    assert out["url"].startswith("https://api.workos.com/sso/authorize?redirect_uri=https%3A%2F%2Fapp.test%2Fcb&")
    assert "&response_type=code" in out["url"] and out["urlSent"] == 0
    key, event = out["event"]
    assert key == "k-1"
    assert event["event"]["occurred_at"] == "2024-01-02T00:00:00Z"
    assert event["event"]["context"] == {"location": "1.1.1.1", "user_agent": "ua"}
    assert out["error"] == [True, 422, "bad", "Bad", "req_1"]


# The login flow of a made-up API whose js docs leave the OAuth client out: the SDK fills it.
LOGIN_PAGE = """
descriptions:
  login:
    code: The code.
    state: Opaque state.
    url: Where the browser goes.
    client_id: The OAuth client.
    client_secret: The OAuth secret.
reference:
  curl:
    - key: authorize
      id: authorize
      title: /login/authorize
      type: GET
      parameters:
        - {key: client_id, type: string, description: (login.client_id)}
        - {key: state, type: string, optional: true, description: (login.state)}
      returns:
        - {key: url, type: string, description: (login.url)}
    - key: exchange
      id: exchange
      title: /login/token
      type: POST
      parameters:
        - {key: client_id, type: string, description: (login.client_id)}
        - {key: client_secret, type: string, description: (login.client_secret)}
        - {key: code, type: string, description: (login.code)}
  js:
    - key: getAuthorizationUrl
      id: authorize
      title: login.getAuthorizationUrl()
      parameters:
        - {key: state, type: string, optional: true, description: (login.state)}
      returns:
        - {key: url, type: string, description: (login.url)}
    - key: exchange
      id: exchange
      title: login.exchange()
      parameters:
        - {key: code, type: string, description: (login.code)}
"""

LOGIN_CHECK = """
import { WorkOS } from "./index";
const sent: { url: string; body?: string }[] = [];
const transport = { async send(request: { url: string; body?: string }) {
  sent.push(request);
  return { status: 204, headers: {}, body: "" };
} };
(async () => {
  const workos = new WorkOS({ apiKey: "sk_1", clientId: "client 1", baseUrl: "https://id.test/", transport });
  console.log(JSON.stringify(workos.login.getAuthorizationUrl("s")));
  await workos.login.exchange("c");
  console.log(JSON.stringify([sent.length, JSON.parse(sent[0].body ?? "")]));
  const without = new WorkOS({ apiKey: "sk_1", transport });
  for (const call of [() => without.login.getAuthorizationUrl(), () => without.login.exchange("c")]) {
    try {
      await call();
    } catch (error) {
      console.log(JSON.stringify([error instanceof TypeError, String(error), sent.length]));
    }
  }
})();
"""


def test_client_settings_fill_what_the_call_leaves_out(tmp_path):
    """The client id and the API key (as the client secret) of the HTTP reference that the docs
    of the call leave out are the client's; a call that needs the client id refuses, with a
    TypeError and nothing sent, when the client has none. A URL builder sends nothing."""
    page = tmp_path / "pages" / "login" / "login.yaml"
    page.parent.mkdir(parents=True)
    page.write_text(LOGIN_PAGE, encoding="utf-8")
    files, diags = render_specs([page], "js")
    assert not diags.errors, diags.render()
    assert '["client_id", this.client.setting("client_id")],' in files["src/login.ts"]
    url, exchange, *refused = run_ts(files, LOGIN_CHECK, tmp_path / "build")
    assert url == "https://id.test/login/authorize?state=s&client_id=client%201"
    assert exchange == [1, {"code": "c", "client_id": "client 1", "client_secret": "sk_1"}]
    assert [r[0] for r in refused] == [True, True] and all("clientId" in r[1] and r[2] == 1 for r in refused)


def test_stub_bodies_keep_the_surface_only():
    files, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": JsSettings(bodies="stub")}))
    service = files["src/mfa.ts"]
    assert '    throw new Error("not implemented");\n' in service
    assert "constructor" not in service and "src/runtime.ts" not in files and "src/client.ts" not in files
    assert "Shape" not in files["src/interfaces/common.ts"] and "README.md" not in files
    assert "package.json" in files and "tsconfig.json" in files


def test_example_call_uses_the_generated_names_and_literals():
    api = load_api(SEED, Diagnostics(), ("js",)).languages["js"]
    op = next(o for o in api.operations if o.name == "challengeFactor")
    assert emitter().example_call(sample_call(op, api), api) == (
        "const result = await workos.mfa.challengeFactor({\n"
        '  authenticationFactorId: "authentication_factor_id-1",\n'
        '  smsTemplate: "sms_template-1",\n'
        "});"
    )
    corpus = load_api([SPECS], Diagnostics(), ("js",)).languages["js"]
    op = next(o for o in corpus.operations if o.name == "createEvent")
    snippet = emitter().example_call(sample_call(op, corpus), corpus)
    assert snippet is not None and snippet.startswith("await workos.auditLogs.createEvent(\n")
    assert '    occurredAt: new Date("' in snippet and '      userAgent: "' in snippet  # camelCase in
    assert '  {\n    idempotencyKey: "' in snippet


# --- the package ----------------------------------------------------------------------------
def test_the_package_manifest_says_what_the_settings_say():
    settings = JsSettings(
        package_name="@acme/sdk",
        version="2.0.0-beta.1",
        description='The "Acme" SDK \\ */ `x`',
        license="Apache-2.0",
        repository="https://github.com/acme/sdk",
        author="Acme <sdk@acme.test>",
    )
    files, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": settings}))
    manifest = json.loads(files["package.json"])
    assert manifest["name"] == "@acme/sdk" and manifest["version"] == "2.0.0-beta.1"
    assert manifest["description"] == 'The "Acme" SDK \\ */ `x`'
    assert manifest["license"] == "Apache-2.0" and manifest["author"] == "Acme <sdk@acme.test>"
    assert manifest["repository"] == {"type": "git", "url": "https://github.com/acme/sdk"}
    # No runtime dependency: the runtime is on the platform's fetch.
    assert manifest["dependencies"] == {} and set(manifest["devDependencies"]) == {"typescript"}
    assert manifest["type"] == "module"
    assert manifest["exports"]["."] == {
        "import": {"types": "./dist/esm/index.d.ts", "default": "./dist/esm/index.js"},
        "require": {"types": "./dist/cjs/index.d.ts", "default": "./dist/cjs/index.js"},
    }
    assert manifest["scripts"]["prepack"] == "npm run build"
    assert 'const PACKAGE = "@acme/sdk/2.0.0-beta.1";' in files["src/runtime.ts"]
    readme = files["README.md"]
    assert "# @acme/sdk\n" in readme and "npm install @acme/sdk\n" in readme
    assert 'The "Acme" SDK' in readme and "## License\n\nApache-2.0\n" in readme
    tsconfig = json.loads(files["tsconfig.json"].split("\n", 2)[2])
    assert tsconfig["compilerOptions"]["module"] == "NodeNext" and tsconfig["compilerOptions"]["strict"] is True
    assert tsconfig["compilerOptions"]["rootDir"] == "src" and tsconfig["include"] == ["src/**/*.ts"]


def test_the_package_defaults_and_the_path_setting():
    files, _ = render_specs(SEED, "js", Config(root=ROOT, settings={"js": JsSettings(path="lib/ts")}))
    manifest = json.loads(files["package.json"])
    assert manifest["name"] == "workos" and manifest["version"] == "0.1.0"
    assert "description" not in manifest and "repository" not in manifest and "License" not in files["README.md"]
    assert json.loads(files["tsconfig.json"].split("\n", 2)[2])["compilerOptions"]["rootDir"] == "lib/ts"
    assert 'const PACKAGE = "workos/0.1.0";' in files["lib/ts/runtime.ts"]


def test_the_readme_shows_calls_the_sdk_has(corpus_files):
    readme = corpus_files["js"]["README.md"]
    assert "const result = await workos.vault.describeObject({\n" in readme
    listed = "const result = await workos.sso.listConnections();\nfor await (const item of result.autoPagination())"
    assert listed in readme
    for name in ("ApiError", "RateLimitExceededError", "TimeoutError", "ConnectionError", "FetchTransport"):
        assert f"`{name}`" in readme or f" {name}" in readme, name
    # Every class the README names is exported by the package.
    index = corpus_files["js"]["src/index.ts"]
    for name in set(re.findall(r"`([A-Z][A-Za-z]+(?:Error|Transport|Options))`", readme)) - {"TypeError"}:
        assert re.search(rf"\b{name},", index), name


def test_every_example_compiles_as_written(tmp_path: Path) -> None:
    """With ``examples = true``, each operation's snippet holds its import and the client's
    construction: every one type-checks (tsc --strict) against the SDK as written."""
    config = Config(root=ROOT, settings={"js": JsSettings(package_name="sdk", examples=True)})
    files, diags = render_specs([SPECS / "index.mdx", SPECS / "mfa"], "js", config)
    assert not diags.errors
    examples = {path: text for path, text in files.items() if path.startswith("examples/")}
    assert len(examples) >= 5
    programs = {}
    for number, (path, text) in enumerate(sorted(examples.items())):
        code = text.split("```ts\n", 1)[1].rsplit("```", 1)[0]
        assert code.startswith('import { WorkOS } from "sdk";\n'), path
        assert '\nconst workos = new WorkOS({ apiKey: "sk_test_...", clientId: "client_..." });\n' in code, path
        programs[f"src/examples/e{number}.ts"] = code.replace('from "sdk"', 'from "../index.js"')
    options = {**toolchains.TSCONFIG["compilerOptions"], "target": "ES2022", "module": "ES2022"}
    sdk = {name: text for name, text in files.items() if name.startswith("src/")}
    write_tree({**sdk, **programs}, tmp_path)
    config_text = json.dumps({"compilerOptions": options, "include": ["src/**/*.ts"]})
    (tmp_path / "tsconfig.json").write_text(config_text, encoding="utf-8")
    tsc = find_tsc()
    if tsc is None:
        pytest.skip("tsc not found; install the toolchains with `make toolchains`")
    result = subprocess.run([tsc, "-p", str(tmp_path), "--pretty", "false"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
