"""String literals of docs text mean exactly that text, in every language's own interpreter.

Each ``<language>_string`` of codegen/text.py is run over hostile values (quotes, escapes,
interpolation syntax, NUL and other controls, the Trojan Source bidi controls, line and
paragraph separators, keep markers, non-ASCII and astral characters, lone surrogates where
the language has them): the language prints the UTF-8 bytes of each literal and they must be
the bytes of the value. The literal's source text must be printable ASCII on one line, and
no keep marker may appear in it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import toolchains
from helpers import ROOT, require_tool

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.pipeline import emitter_for
from codegen.text import go_string, php_string, python_string, ruby_string, shell_word, ts_string

VALUES = [
    "",
    "plain",
    'a"b',
    "a'b",
    "back\\slash\\",
    "\\u000a\\n\\x00",
    "new\nline\rcr\r\ntab\t",
    "nul\x00esc\x1b[31mdel\x7f",
    "c1\x85\x9b",
    "sep\u2028\u2029",
    "bidi\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    "zero\u200b\ufeff\u2060",
    "#{x} #@x #$x ${x} $x $(id) `id` %s {{x}}",
    "?> <?php */ /* -->",
    "codegen:begin-keep pwn",
    "x CODEGEN:END-KEEP pwn",
    "caf\u00e9 \u00fc",
    "emoji \U0001f600 math \U0001d400",
    "\U0010ffff",
]
# Lone surrogates: a str can hold them and YAML produces them ("\ud800").
SURROGATES = ["lone\ud800", "\udfff"]


def _expected(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").hex()


def _python(literals: list[str], tmp: Path) -> list[str]:
    source = "".join(f"print({lit}.encode('utf-8', 'surrogatepass').hex())\n" for lit in literals)
    path = tmp / "check.py"
    path.write_text(source, encoding="utf-8")
    return _run(["python3", str(path)])


def _ts(literals: list[str], tmp: Path) -> list[str]:
    node = require_tool("node")
    # Lone surrogates have no UTF-8: print the UTF-16 code units instead, and compare those.
    body = "".join(f"p({lit});\n" for lit in literals)
    source = "const p = (s: string): void => { console.log(JSON.stringify(s)); };\n" + body
    path = tmp / "check.ts"
    path.write_text(source, encoding="utf-8")
    tsc = require_tool("tsc")
    result = subprocess.run(
        [tsc, "--strict", "--target", "es2019", "--outDir", str(tmp / "js"), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [
        json.loads(line).encode("utf-8", "surrogatepass").hex() for line in _run([node, str(tmp / "js" / "check.js")])
    ]


def _go(literals: list[str], tmp: Path) -> list[str]:
    go = require_tool("go")
    body = "".join(f"\tfmt.Println(hex.EncodeToString([]byte({lit})))\n" for lit in literals)
    source = f'package main\n\nimport (\n\t"encoding/hex"\n\t"fmt"\n)\n\nfunc main() {{\n{body}}}\n'
    path = tmp / "main.go"
    path.write_text(source, encoding="utf-8")
    cache = toolchains._go_cache()
    env = {**os.environ, "GOCACHE": str(cache / "build"), "GOPATH": str(cache / "gopath"), "GOTOOLCHAIN": "local"}
    env |= {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "CGO_ENABLED": "0"}
    return _run([go, "run", str(path)], env=env)


def _php(literals: list[str], tmp: Path) -> list[str]:
    php = require_tool("php")
    source = "<?php\n" + "".join(f'echo bin2hex({lit}), "\\n";\n' for lit in literals)
    path = tmp / "check.php"
    path.write_text(source, encoding="utf-8")
    return _run([php, "-n", str(path)])


def _ruby(literals: list[str], tmp: Path) -> list[str]:
    ruby = require_tool("ruby")
    source = "# frozen_string_literal: true\n" + "".join(f"puts({lit}.unpack1('H*'))\n" for lit in literals)
    path = tmp / "check.rb"
    path.write_text(source, encoding="utf-8")
    return _run([ruby, "-W2", str(path)])


def _bash(literals: list[str], tmp: Path) -> list[str]:
    bash = require_tool("bash")
    source = "".join(f"printf '%s' {lit} | od -An -v -tx1 | tr -d ' \\n'; echo\n" for lit in literals)
    path = tmp / "check.sh"
    path.write_text(source, encoding="utf-8")
    return _run([bash, str(path)], env={**os.environ, "LC_ALL": "C"})


def _run(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    result = subprocess.run(args, capture_output=True, text=True, check=False, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == "", result.stderr
    return result.stdout.split("\n")[:-1]  # not splitlines(): U+2028 is not a line break here


# language -> (literal function, program runner, values it can hold)
CASES: dict[str, tuple[Callable[[str], str], Callable[[list[str], Path], list[str]], list[str]]] = {
    "python": (python_string, _python, VALUES + SURROGATES),
    "ts": (ts_string, _ts, VALUES + SURROGATES),
    "go": (go_string, _go, VALUES),  # Go cannot write a lone surrogate
    "php": (php_string, _php, VALUES + SURROGATES),
    "ruby": (ruby_string, _ruby, VALUES + SURROGATES),
    "bash": (shell_word, _bash, [v for v in VALUES + SURROGATES if "\x00" not in v]),  # C strings
}


@pytest.mark.parametrize("language", sorted(CASES))
def test_literals_mean_exactly_the_value(language: str, tmp_path: Path) -> None:
    function, run, values = CASES[language]
    literals = [function(value) for value in values]
    for value, literal in zip(values, literals, strict=True):
        assert re.fullmatch(r"[ -~]*", literal), f"{language}: {value!r} -> {literal!r} is not printable ASCII"
        assert not re.search(r"codegen:(begin|end)-keep", literal, re.IGNORECASE), literal
    assert run(literals, tmp_path) == [_expected(value) for value in values]


def test_plain_values_keep_their_simplest_quoting() -> None:
    assert php_string("it's") == "'it\\'s'"
    assert ruby_string("#{x}") == "'#{x}'"
    assert shell_word("$(id)") == "'$(id)'"
    assert python_string("a") == '"a"'


def test_go_refuses_lone_surrogates() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        go_string("\ud800")


def test_bash_refuses_nul() -> None:
    with pytest.raises(ValueError, match="NUL"):
        shell_word("a\x00b")


@pytest.mark.parametrize("language", toolchains.LANGUAGES)
def test_templates_have_the_escaping_filters(language: str) -> None:
    """Template overrides paste docs text through the same layer: its functions are filters."""
    env = emitter_for(language, Config(root=ROOT), Diagnostics()).env  # the environment a run renders with
    hostile = "a\nb\u202e */ codegen:begin-keep x"
    assert env.from_string("{{ x | python_string }}").render(x=hostile) == python_string(hostile)
    assert env.from_string("{{ x | shell_word }}").render(x=hostile) == shell_word(hostile)
    shown = env.from_string("{{ x | one_line }}|{{ x | xml_doc }}|{{ x | javadoc }}|{{ x | block_comment }}").render(
        x=hostile
    )
    assert shown == "|".join(
        [
            "a bU+202E */ codegen: begin-keep x",
            "a bU+202E */ codegen: begin-keep x",
            "a bU+202E *&#47; codegen: begin-keep x",
            "a bU+202E *\\/ codegen: begin-keep x",
        ]
    )
