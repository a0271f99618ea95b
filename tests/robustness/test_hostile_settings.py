"""Settings pasted into code are validated: a hostile one is a config error at its line.

The Go ``module`` goes verbatim into go.mod (a line break there injects a ``replace``
directive), namespaces and packages into every file's header, environment variable names
into every curl script. Each language's settings model checks its values against what the
language allows; config.py reports a failure at the key's line and nothing is generated.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import SPECS, run_codegen

from codegen.config import load_config
from codegen.diagnostics import Diagnostics

BAD = [
    ("go", "module", "example.com/x\nreplace golang.org/x/net => ../evil"),
    ("go", "module", "example.com/x replace"),
    ("go", "module", "/example.com/x"),
    ("go", "module", "example.com//x"),
    ("go", "module", "example.com/x/"),
    ("go", "module", "example.com/../x"),
    ("go", "module", "../x"),
    ("go", "module", "Example.com/x"),
    ("go", "module", 'example.com/x"'),
    ("go", "module", ""),
    ("go", "module", "-x.com/y"),
    ("go", "module", "example.com/caf\u00e9"),
    ("go", "package_dir", "../outside"),
    ("go", "package_dir", "pkg\nx"),
    ("go", "package_dir", "/abs"),
    ("go", "externals_package", "Ext"),
    ("go", "externals_package", "ext\n"),
    ("java", "package", "com.acme;\nimport evil.*"),
    ("java", "package", "com..acme"),
    ("java", "package", "com.acme."),
    ("java", "package", "com-acme"),
    ("java", "externals_package", "org.ext; class X {}"),
    ("dotnet", "namespace", "Acme;\nusing Evil"),
    ("dotnet", "namespace", "Acme..Sdk"),
    ("dotnet", "externals_namespace", "Acme Sdk"),
    ("php", "namespace", "Acme\\Sdk;\nuse Evil"),
    ("php", "namespace", "\\Acme"),
    ("php", "externals_namespace", "Acme\\\\Sdk"),
    ("php", "externals_namespace", "Evil;}"),
    ("ruby", "module", "Acme\nend; system('id')"),
    ("ruby", "module", "Acme::"),
    ("ruby", "require_path", "../evil"),
    ("ruby", "require_path", "a b"),
    ("python", "package", "sdk\nimport os"),
    ("python", "package", "sdk..x"),
    ("python", "package", "1sdk"),
    ("python", "externals_module", "x; import os"),
    ("js", "path", "../outside"),
    ("js", "path", "src\n"),
    ("js", "externals_module", './x";\nimport evil from "y'),
    ("js", "externals_module", ""),
    ("js", "docs_base_url", "javascript:alert(1)"),
    ("js", "docs_base_url", "https://x.com/\n*/"),
    ("curl", "base_url_env", "X\nrm -rf ~"),
    ("curl", "api_key_env", "1KEY"),
    ("curl", "api_key_env", "A B"),
]
GOOD = [
    ("go", "module", "github.com/acme/acme-go"),
    ("go", "module", "gopkg.in/yaml.v3"),
    ("go", "module", "example"),
    ("go", "module", "example.com/x/v2"),
    ("go", "package_dir", "pkg/sdk"),
    ("go", "externals_package", "common_types"),
    ("java", "package", "org.acme.class"),
    ("dotnet", "namespace", "Acme.WorkOS"),
    ("php", "namespace", "Acme\\Sdk"),
    ("ruby", "module", "Acme::SDK"),
    ("ruby", "require_path", "acme/sdk"),
    ("python", "package", "acme.sdk"),
    ("js", "path", "src/gen"),
    ("js", "externals_module", "@workos/sdk-types"),
    ("js", "externals_module", "../types"),
    ("js", "docs_base_url", "https://workos.com/docs"),
    ("curl", "api_key_env", "WORKOS_API_KEY"),
]


def _config(tmp_path: Path, language: str, key: str, value: str) -> Path:
    path = tmp_path / "codegen.toml"
    # A JSON string is a TOML basic string: every escape is TOML's too.
    path.write_text(f'out = "gen"\n\n[{language}]\n{key} = {json.dumps(value)}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(("language", "key", "value"), BAD)
def test_hostile_setting_is_a_config_error_at_its_line(tmp_path: Path, language: str, key: str, value: str) -> None:
    diags = Diagnostics()
    config = load_config(_config(tmp_path, language, key, value), diags)
    (error,) = diags.errors
    assert (error.loc.file, error.loc.line) == ("codegen.toml", 4), error.format()
    assert key in error.message and "is not valid" in error.message, error.message
    assert "\n" not in error.message  # the value is quoted, not pasted
    assert language not in config.settings


@pytest.mark.parametrize(("language", "key", "value"), GOOD)
def test_valid_settings_are_accepted(tmp_path: Path, language: str, key: str, value: str) -> None:
    diags = Diagnostics()
    config = load_config(_config(tmp_path, language, key, value), diags)
    assert not diags.items, diags.render()
    assert getattr(config.settings[language], key) == value


@pytest.mark.parametrize(
    ("table", "value"),
    [("renames", '{ challengeFactor = "challenge\\nfunc init() {}" }'), ("initialisms", '["SSO", "A B"]')],
)
def test_renames_and_initialisms_are_names(tmp_path: Path, table: str, value: str) -> None:
    path = tmp_path / "codegen.toml"
    path.write_text(f"[go]\n{table} = {value}\n", encoding="utf-8")
    diags = Diagnostics()
    load_config(path, diags)
    (error,) = diags.errors
    assert error.loc.line == 2 and table in error.message, error.format()


def test_go_mod_injection_writes_nothing(tmp_path: Path) -> None:
    """The attack end to end: the CLI refuses the config, exit 2, no go.mod anywhere."""
    (tmp_path / "specs").mkdir()
    shutil.copy(SPECS / "index.mdx", tmp_path / "specs" / "index.mdx")
    (tmp_path / "codegen.toml").write_text(
        'specs = ["specs"]\nlanguages = ["go"]\n\n[go]\n'
        'module = "example.com/x\\nreplace golang.org/x/net => ../evil"\n',
        encoding="utf-8",
    )
    result = run_codegen("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "codegen.toml:5:" in result.stderr and "Go module path" in result.stderr
    assert not list(tmp_path.rglob("go.mod"))
