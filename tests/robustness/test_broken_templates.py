"""The compile checks can fail: a template override that breaks the code is caught.

For each language the built-in templates are copied into an override folder and one code
line (never a comment) of a template every render writes (the HTTP runtime's, where the
language has one) gets an unbalanced bracket, a stray token or a name nobody defines. The
seed pages rendered through that override must be rejected by the language's toolchain
(tests/toolchains.py), while the same pages rendered with the untouched copy pass: the test
fails both ways.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SEED, SPECS, read_tree, run_codegen

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS
from codegen.pipeline import load_api, render
from codegen.render import builtin_templates

# language -> (template file, code line as written in the built-in template, broken line). The
# line is one every render of the seed pages writes: the runtime's where the language has one
# (its methods' bodies depend on the `bodies` setting, the runtime is always there).
BREAKS = {
    "curl": ("script.sh.j2", "set -euo pipefail\n", "set -euo pipefail (\n"),
    "dotnet": ("runtime.cs.j2", 'Body = body ?? "";', 'Body = body ?? ("";'),
    "go": ("client.go.j2", "func (c *Client) {{ name }}(", "func (c *Client) {{ name }}(("),
    "java": (
        "runtime/ApiClient.java.j2",
        "        this.mapper = newMapper();\n",
        "        this.mapper = newMapper(;\n",
    ),
    "js": (
        "runtime.ts.j2",
        "  send(request: HttpRequest): Promise<HttpResponse>;\n",
        "  send(request: HttpRequest: Promise<HttpResponse>;\n",
    ),
    "php": (
        "runtime/Client.php.j2",
        "        $this->transport = $transport ?? new Http\\StreamTransport();\n",
        "        $this->transport = $transport ?? new Http\\StreamTransport(;\n",
    ),
    # Unparsable Python never reaches the toolchain: black, run on every file, turns it into an
    # error diagnostic (tests/test_speed_paths.py). A name nobody defines does reach it.
    "python": ("_runtime.py.j2", "        self.api_key = api_key\n", "        self.api_key = undefined\n"),
    "ruby": (
        "client.rb.j2",
        "{{ pad }}Response = Struct.new(:status, :headers, :body)\n",
        "{{ pad }}Response = Struct.new(:status, :headers, :body))\n",
    ),
}


def _render(language: str, templates: Path) -> dict[str, str]:
    config = Config(root=ROOT, templates=str(templates))
    diags = Diagnostics()
    api = load_api(SEED, diags, (language,))
    files = render(api, config, (language,), diags)
    assert not diags.errors, diags.render()
    prefix = config.out_dir(language) + "/"
    return {k.removeprefix(prefix): v for k, v in files.items()}


@pytest.mark.full
@pytest.mark.parametrize("language", sorted(BREAKS))
def test_broken_template_fails_the_toolchain(language: str, tmp_path: Path) -> None:
    assert set(BREAKS) == set(toolchains.LANGUAGES)
    name, line, broken = BREAKS[language]
    intact = tmp_path / "intact"
    shutil.copytree(builtin_templates() / language, intact / language)
    damaged = tmp_path / "damaged"
    shutil.copytree(builtin_templates() / language, damaged / language)
    template = damaged / language / name
    text = template.read_text(encoding="utf-8")
    assert text.count(line) == 1, f"{language}/{name}: the line to break is not in the built-in template"
    template.write_text(text.replace(line, broken), encoding="utf-8")

    good = _render(language, intact)
    bad = _render(language, damaged)
    assert good != bad, f"{language}/{name} does not render the seed pages"

    toolchains.check(language, good, SEED, tmp_path / "good")
    with pytest.raises(AssertionError):
        toolchains.check(language, bad, SEED, tmp_path / "bad")


# A template override is someone else's code: whatever is wrong with it is a diagnostic at its
# file and line, exit 2, nothing written, under generate and check alike (never exit 3, never a
# hang, never a way out of Jinja's sandbox).
CONFIG = """\
specs = ["reference"]
out = "sdk"
languages = ["{language}"]
templates = "codegen-templates"

[go]
module = "github.com/acme/acme-go"
[python]
package = "acme"
[java]
examples = true
"""
ESCAPE = "{{ lipsum.__globals__['os'].system('touch ' ~ marker) }}"
# The language's settings a usage snippet receives are a record of user input (codegen.checked):
# its fields are readable, its methods (which read and make records) are not. (When they were
# pydantic models, parse_raw(..., proto="pickle", allow_pickle=True) ran a command.)
RECORD_METHOD = "{{ settings.validate({'out': marker}) }}\n"

# case -> (language, overridden template, its text, line of the error, start of the message)
OVERRIDE_ERRORS = {
    "syntax error": ("go", "client.go.j2", "package x\n\n{% if %}\n", 3, "template syntax error: "),
    "undefined name": ("go", "client.go.j2", "package x\n{{ no_such_name }}\n", 2, "'no_such_name' is undefined"),
    "division by zero": ("go", "client.go.j2", "package x\n\n\n{{ 1 // 0 }}\n", 4, "ZeroDivisionError: "),
    "in an included override": ("java", "_head.java.j2", "// head\n{{ 1 / 0 }}\n", 2, "ZeroDivisionError: "),
    "sandbox escape": ("go", "client.go.j2", "package x\n" + ESCAPE + "\n", 2, "not allowed in a template (sandbox): "),
    "settings method": ("java", "snippet.java.j2", RECORD_METHOD, 1, "not allowed in a template (sandbox): "),
    "class walk": ("go", "client.go.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", 1, "not allowed in"),
    "huge range": ("go", "client.go.j2", "{% for i in range(10**9) %}.{% endfor %}\n", 1, "OverflowError: Range too"),
    "huge string": ("go", "client.go.j2", "a\n{{ 'x' * 10**9 }}\n", 2, "not allowed in a template (sandbox): "),
    "recursion": ("go", "client.go.j2", "{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n", 1, "RecursionError: "),
    "endless loop": (
        "python",  # black's workers are running meanwhile
        "service.py.j2",
        "a\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
        2,
        "rendering took over 1 s (an endless loop?) and was stopped",
    ),
}


def _override_repo(tmp_path: Path, language: str, name: str, text: str) -> Path:
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(CONFIG.format(language=language), encoding="utf-8")
    template = repo / "codegen-templates" / language / name
    template.parent.mkdir(parents=True)
    template.write_text(text, encoding="utf-8")
    return repo


@pytest.mark.parametrize("case", sorted(OVERRIDE_ERRORS))
def test_an_error_in_a_template_override_is_a_diagnostic(case: str, tmp_path: Path) -> None:
    language, name, text, line, message = OVERRIDE_ERRORS[case]
    marker = tmp_path / "escaped"
    repo = _override_repo(tmp_path, language, name, text.replace("marker", repr(str(marker))))
    expected = f"codegen-templates/{language}/{name}:{line}:1: error: {message}"
    for command in ("generate", "check"):
        result = run_codegen(command, cwd=repo, env={"CODEGEN_TEMPLATE_SECONDS": "1"})
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        errors = [row for row in result.stderr.splitlines() if ": error: " in row]
        assert len(errors) == 1 and errors[0].startswith(expected), (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (repo / "sdk").exists(), "a file was written"
    assert not marker.exists(), "the template ran a command"


@pytest.mark.parametrize("language", sorted(EMITTERS))
def test_the_sandbox_keeps_what_templates_need(language: str, tmp_path: Path) -> None:
    """An override folder holding a copy of every built-in template of a language (so all of
    them render in the sandbox) renders exactly what the built-ins do."""
    repo = _override_repo(tmp_path, language, "unused.j2", "")
    shutil.rmtree(repo / "codegen-templates" / language)
    shutil.copytree(builtin_templates() / language, repo / "codegen-templates" / language)
    shutil.copytree(repo, tmp_path / "plain", ignore=shutil.ignore_patterns("codegen-templates"))
    sandboxed = run_codegen("generate", "-q", cwd=repo)
    assert sandboxed.returncode == 0, sandboxed.stderr
    assert run_codegen("generate", "-q", cwd=tmp_path / "plain").returncode == 0
    assert read_tree(repo / "sdk") == read_tree(tmp_path / "plain" / "sdk")


@pytest.mark.parametrize(
    ("case", "language", "name", "message"),
    [
        ("link out", "go", "client.go.j2", "template is a link to outside the template override folder; refused"),
        ("link out, included by a built-in", "java", "_head.java.j2", "template is a link to outside the"),
        ("not UTF-8", "go", "client.go.j2", "template is not UTF-8 (byte 0xff)"),
    ],
)
def test_an_override_file_codegen_will_not_read_is_a_diagnostic(
    case: str, language: str, name: str, message: str, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN\n", encoding="utf-8")
    repo = _override_repo(tmp_path, language, name, "")
    template = repo / "codegen-templates" / language / name
    template.unlink()
    if case.startswith("link out"):
        template.symlink_to(secret)
    else:
        template.write_bytes(b"package x\n\xff\n")
    for command in ("generate", "check"):
        result = run_codegen(command, cwd=repo)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        errors = [row for row in result.stderr.splitlines() if ": error: " in row]
        assert len(errors) == 1, result.stderr
        assert errors[0].startswith(f"codegen-templates/{language}/{name}:1:1: error: {message}"), result.stderr
        assert "SECRET-TOKEN" not in result.stdout + result.stderr
    assert not (repo / "sdk").exists(), "a file was written"
