"""An attacker's spec page: hostile text in every field the docs give, for every language.

The page (written below, one per test run) puts hostile text in descriptions, URLs, titles,
curl parameter keys (the wire names every language carries), literal values (and so the
type texts shown in docs) and property keys. Each language is rendered, compiled by its
toolchain (tests/toolchains.py), and then:

- no docs text is code: every hostile text carries a sentinel (``PWN*ED``, which no
  identifier can contain) between its pieces, and a lexer of each language finds it only
  inside comments and string literals;
- no keep region comes from the docs (``codegen.handwritten.regions`` finds only the
  template's own);
- wire names and literal values written as strings mean exactly the docs text (Python and
  TypeScript read back from the source, PHP and Ruby from the loaded classes, Go from the
  struct tags, curl from the JSON body the script sends);
- what cannot be written exactly is refused with an error at its position (a Go json tag
  name with a quote or a line break; a NUL in what a curl script sends).
"""

from __future__ import annotations

import ast
import codecs
import io
import json
import os
import re
import subprocess
import tokenize
from pathlib import Path
from typing import Any

import pytest
import toolchains
import yaml
from helpers import FAKE_CURL, render_specs, require_tool, write_tree

from codegen.diagnostics import Diagnostics
from codegen.handwritten import regions
from codegen.languages.curl import option_name

SENTINEL = "PWN*ED"
BREAKOUTS = [
    '\n} static Evil() { System.Diagnostics.Process.Start("sh"); }\n///',  # the reported C# attack
    "*/",
    "/*",
    '"""',
    "'''",
    '"',
    "'",
    "`",
    "?>",
    "<?php",
    "#{x}",
    "${x}",
    "$(id)",
    "\\u000a",
    "\\",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x00",
    "\x1b[2J",
    "\x7f",
    "\u202e\u2066\u2069\u200f\u061c\u200b\ufeff",
    "</summary>",
    "]]>",
    "-->",
    "@param",
    "codegen:begin-keep pwn",
    "CODEGEN:END-KEEP pwn",
    "go:generate rm -rf /",
    "=begin",
    "__END__",
]
PROSE = SENTINEL + SENTINEL.join(BREAKOUTS) + SENTINEL
# A wire name Go cannot put in a json tag (quotes, line breaks): refused there, exact elsewhere.
# (Names are limited to 200 characters.)
WIRE = SENTINEL.join(
    [
        '"',
        "'",
        "`",
        "\n}\n///",
        "*/",
        "?>",
        "#{x}",
        "$(id)",
        "\\",
        "\u2028",
        "\x1b",
        "\u202e",
        "codegen:end-keep pwn",
        "",
    ]
)
# One Go can: letters, digits, spaces and json's punctuation (non-ASCII letters escaped).
GO_WIRE = f"{SENTINEL} */ #{{x}} $(x) ?> <?php codegen:begin-keep pwn caf\u00e9"
LITERALS = (PROSE.replace('"', "").replace("\x00", ""), f"{SENTINEL} small")
PATH = "/things/" + SENTINEL + " $(id) `id` ?> \u202e\x1b/:id"  # a ":word" would be a placeholder
KEY = f"k */{SENTINEL}\"'`$(x)#{{x}}\u202e\x1b ?> codegen:begin-keep pwn"

# How each language writes the entries: method title and key, names of the fields.
STYLE = {
    "dotnet": ("thingsService.MakeThing()", "MakeThing", "Kind", "Label"),
    "go": ("things.MakeThing()", "MakeThing", "Kind", "Label"),
    "java": ("things.makeThing()", "makeThing", "kind", "label"),
    "js": ("things.makeThing()", "makeThing", "kind", "label"),
    "php": ("$things->makeThing()", "makeThing", "kind", "label"),
    "python": ("things.make_thing()", "make_thing", "kind", "label"),
    "ruby": ("Things.make_thing()", "make_thing", "kind", "label"),
}


def hostile_page(
    *,
    prose: str = PROSE,
    wire: str = WIRE,
    go_wire: str = GO_WIRE,
    literals: tuple[str, ...] = LITERALS,
    key: str = KEY,
    path: str = PATH,
    title: str = PROSE,
) -> dict[str, Any]:
    """The attacker's page: ``prose`` in descriptions and URLs, ``title`` in titles, ``wire`` and
    ``go_wire`` as the curl keys every language's fields share, ``literals`` as a literal union
    (so also in type texts), ``key`` as a property and parameter name, ``path`` as the curl path."""
    literal_type = " | ".join(f'"{value}"' for value in literals)
    reference: dict[str, list[dict[str, Any]]] = {
        "curl": [
            {
                "key": "thing",
                "id": "thing",
                "url": prose,
                "title": "thing",
                "properties": [
                    {"key": wire, "type": literal_type, "description": "(thing.kind)"},
                    {"key": go_wire, "type": "string", "description": "(thing.label)"},
                ],
            },
            {
                "key": "make_thing",
                "id": "make_thing",
                "url": prose,
                "title": path,
                "type": "POST",
                "parameters": [
                    {"key": "id", "type": "string", "description": "(thing.code)"},
                    {"key": wire, "type": literal_type, "description": "(thing.kind)"},
                    {"key": go_wire, "type": "string", "optional": True, "description": "(thing.label)"},
                ],
            },
        ]
    }
    for language, (call, method, kind, label) in STYLE.items():
        reference[language] = [
            {
                "key": "Thing",
                "id": "thing",
                "url": prose,
                "title": "Thing",
                "properties": [
                    {"key": kind, "type": literal_type, "description": "(thing.kind)"},
                    {"key": label, "type": "string", "description": "(thing.label)"},
                    {"key": key, "type": "string", "optional": True},
                ],
            },
            # No description: the title is its doc.
            {
                "key": key,  # the hostile key names a class
                "id": "other",
                "url": prose,
                "title": title,
                "properties": [{"key": "value", "type": "string"}],
            },
            {
                "key": method,
                "id": "make_thing",
                "url": prose,
                # The part before the service is display text (no line break, or it is no call).
                "title": title.replace("\n", " ") + "." + call,
                "parameters": [
                    {"key": kind, "type": literal_type, "description": "(thing.kind)"},
                    {"key": label, "type": "string", "optional": True, "description": "(thing.label)"},
                    {"key": key, "type": "string", "optional": True},
                ],
                "returns": [{"key": "thing", "type": "Thing"}],
            },
        ]
    descriptions = {"thing": {"self": prose, "kind": prose, "label": prose, "code": prose}}
    return {"descriptions": descriptions, "reference": reference}


def write_page(page: dict[str, Any], dest: Path) -> Path:
    """``dest/specs`` holding ``page`` (as things/page.yaml); YAML escapes what it must."""
    specs = dest / "specs"
    (specs / "things").mkdir(parents=True)
    text = yaml.safe_dump(page, allow_unicode=False, sort_keys=False)
    (specs / "things" / "page.yaml").write_text(text, encoding="utf-8")
    return specs


def check_rendered(language: str, specs: Path, files: dict[str, str], diags: Diagnostics, tmp: Path) -> None:
    """Only the expected refusals are errors; the toolchain accepts the output; no docs text is
    code, no keep region comes from the docs, nothing invisible is written raw."""
    refused = {"go": "cannot write the wire name", "curl": "a bash word cannot hold a NUL"}.get(language)
    unexpected = [d.format() for d in diags.errors if refused is None or refused not in d.message]
    assert not unexpected, "\n".join(unexpected)
    toolchains.check(language, files, [specs], tmp)
    for name, text in files.items():
        code = code_outside_comments_and_strings(language, text)
        assert SENTINEL not in code, f"{language}: {name}: docs text is code:\n{_around(code, SENTINEL)}"
        assert set(regions(text)) == placed_regions(language, name, text), f"{language}: {name}: a region from the docs"
        for invisible in ("\x00", "\x1b", "\u202e", "\u2066", "\u2028", "\r", "\x85", "\ufeff"):
            assert invisible not in text, f"{language}: {name}: {invisible!r} is written raw"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[dict[str, str], Diagnostics]]]:
    specs = write_page(hostile_page(), tmp_path_factory.mktemp("hostile-fields"))
    return specs, {language: render_specs([specs], language) for language in toolchains.LANGUAGES}


# --------------------------------------------------------------------------- lexers


def code_outside_comments_and_strings(language: str, text: str) -> str:
    """The text a compiler reads as code: comments and string literals left out."""
    if language == "python":
        lines = text.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        kept = list(text)
        for t in tokenize.generate_tokens(io.StringIO(text).readline):
            if t.type in (tokenize.COMMENT, tokenize.STRING):  # blanked where it stands
                begin, end = starts[t.start[0] - 1] + t.start[1], starts[t.end[0] - 1] + t.end[1]
                kept[begin:end] = [" "] * (end - begin)
        return "".join(kept)
    return {"php": _php_code, "ruby": _ruby_code, "curl": _bash_code}.get(language, _c_like_code)(text)


def _skip_quoted(text: str, i: int, quote: str, escapes: bool = True) -> int:
    """The index after the string literal opening at ``i`` (a line break ends an unterminated one)."""
    i += 1
    while i < len(text) and text[i] != quote:
        if escapes and text[i] == "\\":
            i += 1
        i += 1
    return i + 1


def _c_like_code(text: str) -> str:
    """C#, Java, Go, TypeScript: // and /* */ comments, "", '' and `` literals."""
    code, i = [], 0
    while i < len(text):
        if text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
        elif text[i] in "\"'":
            i = _skip_quoted(text, i, text[i])
        elif text[i] == "`":
            i = _skip_quoted(text, i, "`", escapes=False)
        else:
            code.append(text[i])
            i += 1
    return "".join(code)


def _php_code(text: str) -> str:
    """PHP: text outside <?php ... ?> is output (code); // and # comments end at ?>."""
    code, i, php = [], 0, False
    while i < len(text):
        if not php:
            if text.startswith("<?php", i):
                php, i = True, i + 5
            else:
                code.append(text[i])
                i += 1
        elif text.startswith("?>", i):
            php, i = False, i + 2
        elif text.startswith(("//", "#"), i) and not text.startswith("#[", i):
            while i < len(text) and text[i] != "\n" and not text.startswith("?>", i):
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = len(text) if end < 0 else end + 2
        elif text[i] == "'":
            i = _skip_quoted(text, i, "'")
        elif text[i] == '"':
            end = _skip_quoted(text, i, '"')
            if re.search(r"(?<!\\)\$[A-Za-z_{]|\{\$", text[i:end]):
                code.append(text[i:end])  # interpolation is code
            i = end
        else:
            code.append(text[i])
            i += 1
    return "".join(code)


def _ruby_code(text: str) -> str:
    """Ruby: # comments, '' literals, "" literals whose #{} #@ #$ would be code."""
    code, i = [], 0
    while i < len(text):
        if text[i] == "#":
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif text[i] == "'":
            i = _skip_quoted(text, i, "'")
        elif text[i] == '"':
            end = _skip_quoted(text, i, '"')
            if re.search(r"(?<!\\)#[{@$]", text[i:end]):
                code.append(text[i:end])
            i = end
        else:
            code.append(text[i])
            i += 1
    return "".join(code)


def _bash_code(text: str) -> str:
    """bash: # comments at a word start, '' and $'' words, "" words whose $ and ` are code."""
    code, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "#" and (i == 0 or text[i - 1] in " \t\n;(|&"):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif text.startswith("$'", i):
            i = _skip_quoted(text, i + 1, "'")
        elif ch == "'":
            i = _skip_quoted(text, i, "'", escapes=False)
        elif ch == '"':
            end = _skip_quoted(text, i, '"')
            if re.search(r"(?<!\\)[$`]", text[i:end]):
                code.append(text[i:end])
            i = end
        elif ch == "\\":
            code.append(text[i : i + 2])
            i += 2
        else:
            code.append(ch)
            i += 1
    return "".join(code)


def test_the_lexers_see_a_breakout() -> None:
    """The check below can fail: text that left its comment or string is seen as code."""
    assert SENTINEL in _c_like_code(f'/// a\n{SENTINEL}\nx = "{SENTINEL}";')
    assert SENTINEL in _c_like_code(f'x = "a" + {SENTINEL} + "b"; /* */')
    assert SENTINEL in _php_code(f"<?php\n// a ?> {SENTINEL}\n")
    assert SENTINEL in _php_code(f'<?php\n$x = "{{$y}} {SENTINEL}";\n')
    assert SENTINEL in _ruby_code(f'x = "#{{{SENTINEL}}}"\n')
    assert SENTINEL in _bash_code(f'echo "$({SENTINEL})"\n')
    assert SENTINEL in code_outside_comments_and_strings("python", f'"""a"""\n{SENTINEL} = 1\n')
    assert SENTINEL not in _bash_code(f"x=$'{SENTINEL}\\''; y='{SENTINEL}' # {SENTINEL}\n")


# ---------------------------------------------------------------------------- tests


@pytest.mark.full  # every compiler: the fast tier checks the same text without compiling (below)
@pytest.mark.parametrize("language", toolchains.LANGUAGES)
def test_hostile_fields_compile_and_no_text_becomes_code(rendered: Any, language: str, tmp_path: Path) -> None:
    specs, by_language = rendered
    files, diags = by_language[language]
    check_rendered(language, specs, files, diags, tmp_path)


def test_go_refuses_the_wire_name_it_cannot_write(rendered: Any) -> None:
    _, by_language = rendered
    files, diags = by_language["go"]
    refused = [d for d in diags.errors if "cannot write the wire name" in d.message]
    assert refused and all(d.loc.file.endswith("page.yaml") and d.loc.line > 1 for d in refused)
    assert any("encoding/json ignores tag names containing" in d.message for d in refused)
    tags = [_go_unquote(t) for t in re.findall(r'`json:"((?:[^"\\]|\\.)*)"`', "".join(files.values()))]
    assert GO_WIRE in {t.split(",")[0] for t in tags}
    assert WIRE not in tags and "-" in tags


def _go_unquote(text: str) -> str:
    # The emitter writes only \\, \", \n, \r, \t, \xNN (ASCII), \uXXXX and \UXXXXXXXX: Python's meaning too.
    return codecs.decode(text, "unicode_escape")


def test_python_wire_names_and_literals_are_exact(rendered: Any) -> None:
    _, by_language = rendered
    files, _ = by_language["python"]
    constants: set[str] = set()
    for name, text in files.items():
        if not name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(text, filename=name)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    assert {WIRE, GO_WIRE, *LITERALS} <= constants


def test_typescript_literal_types_are_exact(rendered: Any) -> None:
    _, by_language = rendered
    files, _ = by_language["js"]
    strings = {
        codecs.decode(s, "unicode_escape") for s in re.findall(r'"((?:[^"\\\n]|\\.)*)"', "".join(files.values()))
    }
    assert set(LITERALS) <= strings
    assert KEY.strip() in strings  # a property key that is no identifier is quoted, exactly


def test_php_and_ruby_wire_name_maps_are_exact(rendered: Any, tmp_path: Path) -> None:
    _, by_language = rendered
    php_files, _ = by_language["php"]
    ruby_files, _ = by_language["ruby"]
    php_tree = write_tree(php_files, tmp_path / "php")
    (thing,) = php_tree.rglob("Thing.php")
    src = php_tree / "src"
    # A PSR-4 loader for whatever the namespace is: the class name's tail is its path under src/.
    script = (
        f"<?php\n$src = {json.dumps(str(src))};\n"
        + (
            "spl_autoload_register(function ($c) use ($src) { $parts = explode('\\\\', $c);"
            " while ($parts) { $f = $src . '/' . implode('/', $parts) . '.php';"
            " if (is_file($f)) { require_once $f; return; } array_shift($parts); } });\n"
        )
        + f"require {json.dumps(str(thing))};\n"
        + (
            'foreach (get_declared_classes() as $c) { if (defined("$c::WIRE")) '
            '{ foreach (constant("$c::WIRE") as $v) { echo bin2hex($v[0]), "\\n"; } } }\n'
        )
    )
    out = subprocess.run(
        [require_tool("php"), "-n", "-r", script.removeprefix("<?php\n")], capture_output=True, text=True, check=True
    )
    assert {WIRE.encode().hex(), GO_WIRE.encode().hex()} <= set(out.stdout.split())
    ruby_tree = write_tree(ruby_files, tmp_path / "ruby")
    top = next(p for p in (ruby_tree / "lib").glob("*.rb"))
    script = (
        "require ARGV[0]\n"
        "ObjectSpace.each_object(Class).select { |c| c.const_defined?(:WIRE_NAMES, false) }"
        ".each { |c| c::WIRE_NAMES.each_value { |v| puts v.unpack1('H*') } }\n"
    )
    out = subprocess.run([require_tool("ruby"), "-e", script, str(top)], capture_output=True, text=True, check=True)
    assert {WIRE.encode().hex(), GO_WIRE.encode().hex()} <= set(out.stdout.split())


def test_curl_sends_the_wire_names_exactly_and_refuses_nul(rendered: Any, tmp_path: Path) -> None:
    require_tool("jq")
    _, by_language = rendered
    files, diags = by_language["curl"]
    # PROSE in the path would carry a NUL: the fixture's path has none, the literal values neither.
    assert not diags.errors, diags.render()
    write_tree(files, tmp_path / "out")
    (script,) = (tmp_path / "out").rglob("make_thing.sh")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "curl").write_text(FAKE_CURL, encoding="utf-8")
    (fake / "curl").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
        "BASE_URL": "http://api.test",
        "API_KEY": "k",
    }
    args = ["the id", f"--{option_name(WIRE)}", LITERALS[1], f"--{option_name(GO_WIRE)}", "label"]
    result = subprocess.run(
        [require_tool("bash"), str(script), *args], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(next(line for line in result.stdout.split("\n") if line.startswith("{")))
    assert body == {WIRE: LITERALS[1], GO_WIRE: "label"}
    assert f"http://api.test{PATH.removesuffix(':id')}the%20id" in result.stdout.split("\n")


def test_curl_refuses_nul_in_what_it_sends(tmp_path: Path) -> None:
    page = {
        "reference": {
            "curl": [
                {
                    "key": "op",
                    "title": "/x\x00y",
                    "type": "POST",
                    "parameters": [{"key": "a\x00b", "type": '"c\x00d" | "e"'}],
                }
            ]
        }
    }
    path = tmp_path / "specs" / "page.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(page, allow_unicode=False), encoding="utf-8")
    files, diags = render_specs([path.parent], "curl")
    messages = sorted(d.message.split(" '")[0] for d in diags.errors)
    assert messages == [
        "curl cannot write the literal value",
        "curl cannot write the path",
        "curl cannot write the wire name",
    ]
    assert all(d.loc.file.endswith("page.yaml") for d in diags.errors)
    assert "\x00" not in "".join(files.values())


def placed_regions(language: str, name: str, text: str) -> set[str]:
    """The keep regions the templates place: named by a dotted path of declarations the file's
    code (outside comments and strings) names, such as ``Client.members``, ``Mfa.methods`` or
    Ruby's ``Models.Mfa.Challenge``. A region made from docs text would be named by that text,
    which no code names."""
    code = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code_outside_comments_and_strings(language, text)))
    code |= {"methods", "members"}
    return {r for r in regions(text) if re.fullmatch(r"\w+(\.\w+)+", r) and set(r.split(".")) <= code}


def _around(text: str, needle: str) -> str:
    at = text.find(needle)
    return text[max(0, at - 200) : at + 200]


@pytest.mark.parametrize("language", toolchains.LANGUAGES)
def test_keep_markers_in_docs_never_make_keep_regions(language: str, tmp_path: Path) -> None:
    """A description whose lines are keep markers, as a hand-edited file would have them."""
    marker = "codegen:begin-keep pwn\nhand-written\ncodegen:end-keep pwn"
    page = hostile_page()
    for key in page["descriptions"]["thing"]:
        page["descriptions"]["thing"][key] = marker
    page["reference"] = {lang: page["reference"][lang] for lang in ("curl", language)}
    specs = write_page(page, tmp_path)
    files, _ = render_specs([specs], language)
    text = "\n".join(files.values())
    assert "codegen: begin-keep pwn" in text and "codegen: end-keep pwn" in text  # shown, defused
    for name, body in files.items():
        assert set(regions(body)) == placed_regions(language, name, body), name
