"""The compile checks can fail: a template override that breaks the code is caught.

For each language the built-in templates are copied into an override folder and one code
line (never a comment) of the template that renders the services' methods gets an
unbalanced bracket or a stray token. The seed pages rendered through that override must
be rejected by the language's toolchain (tests/toolchains.py), while the same pages
rendered with the untouched copy pass: the test fails both ways.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import toolchains
from helpers import ROOT, SEED

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.pipeline import load_api, render
from codegen.render import builtin_templates

# language -> (template file, code line as written in the built-in template, broken line)
BREAKS = {
    "curl": ("script.sh.j2", "set -euo pipefail\n", "set -euo pipefail (\n"),
    "dotnet": ("service.cs.j2", "throw new {{ not_implemented }}();", "throw new {{ not_implemented }}(;"),
    "go": ("client.go.j2", "func (c *Client) {{ m.name }}(", "func (c *Client) {{ m.name }}(("),
    "java": (
        "service.java.j2",
        'throw new UnsupportedOperationException("not implemented");',
        'throw new UnsupportedOperationException("not implemented";',
    ),
    "js": ("service.ts.j2", 'throw new Error("not implemented");', 'throw new Error("not implemented";'),
    "php": (
        "service.php.j2",
        "throw new \\BadMethodCallException('not implemented');",
        "throw new \\BadMethodCallException('not implemented';",
    ),
    # Unparsable Python never reaches the toolchain: black, run on every file, turns it into an
    # error diagnostic (tests/test_speed_paths.py). A name nobody defines does reach it.
    "python": (
        "service.py.j2",
        "        raise NotImplementedError\n",
        "        raise NotImplementedError(undefined)\n",
    ),
    "ruby": (
        "service.rb.j2",
        "raise ::NotImplementedError, {{ method.message }}\n",
        "raise ::NotImplementedError, {{ method.message }})\n",
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
