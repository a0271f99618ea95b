"""Configuration: pyproject or codegen.toml, validation with positions, per-language settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from helpers import SEED, SPECS

from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.fastpath import find_config
from codegen.tomlpos import positions


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_pyproject_table_and_codegen_toml_are_found(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None  # no [tool.codegen]: not ours
    write(tmp_path, "pyproject.toml", "[tool.codegen]\nout = 'gen'\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "pyproject.toml"
    write(tmp_path / "a", "codegen.toml", "out = 'x'\n")
    assert find_config(nested) == tmp_path / "a" / "codegen.toml"


def test_mistakes_are_diagnostics_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "codegen.toml",
        'out = "gen"\nlanguages = ["go", "cobol"]\n\n[go]\nmodul = "x"\n\n[java]\npackage = 3\n',
    )
    diags = Diagnostics()
    load_config(path, diags)
    assert [d.format() for d in diags.sorted()] == [
        "codegen.toml:2:20: error: unknown language 'cobol' in 'languages'\n"
        "codegen.toml:2:20: note: known languages: curl, dotnet, ruby, js, python, php, java, go (or an alias: "
        "shell, bash, csharp, cs, c#, golang, typescript, ts, javascript, node, py, rb)",
        "codegen.toml:5:1: error: [go] unknown key 'modul'\ncodegen.toml:5:1: note: did you mean module?",
        "codegen.toml:8:1: error: [java] 'package': Input should be a valid string",
    ]


def test_invalid_toml_is_a_diagnostic(tmp_path: Path) -> None:
    path = write(tmp_path, "codegen.toml", 'out = "gen\n')
    diags = Diagnostics()
    load_config(path, diags)
    (error,) = diags.errors
    assert error.loc.file == "codegen.toml" and error.loc.line == 1 and "invalid TOML" in error.message


def test_renames_per_language_out_and_package_settings(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    for index, page in enumerate(SEED):
        (reference / f"{index}-{page.name}").write_bytes(page.read_bytes())
    write(
        tmp_path,
        "codegen.toml",
        """
specs = ["reference"]
languages = ["python", "go"]

[python]
package = "acme_sdk"
renames = { challenge_factor = "challenge", sms_template = "template" }

[go]
out = "go-sdk"
module = "github.com/acme/acme-go"
renames = { ChallengeFactor = "Challenge" }
""",
    )
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "generate", "-q"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    python = (tmp_path / "generated/python/acme_sdk/mfa.py").read_text()
    assert "def challenge(" in python and "template: Optional[str] = None" in python
    assert "def challenge_factor(" not in python
    go = (tmp_path / "go-sdk/mfa/client.go").read_text()
    assert "func (c *Client) Challenge(" in go
    assert (tmp_path / "go-sdk/go.mod").read_text().startswith("module github.com/acme/acme-go")
    assert not (tmp_path / "generated/go").exists()


def test_renames_that_name_nothing_or_collide_are_errors(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(SPECS / "mfa", reference / "mfa")
    shutil.copyfile(SPECS / "index.mdx", reference / "index.mdx")
    config = 'specs = ["reference"]\nlanguages = ["go"]\n\n[go]\nrenames = { ChallengeFactr = "Challenge" }\n'
    write(tmp_path, "codegen.toml", config)
    typo = subprocess.run([sys.executable, "-m", "codegen", "generate"], cwd=tmp_path, capture_output=True, text=True)
    assert typo.returncode == 2
    assert "codegen.toml:5:13: error: go rename 'ChallengeFactr' names nothing the go docs define" in typo.stderr
    assert "did you mean ChallengeFactor?" in typo.stderr
    write(tmp_path, "codegen.toml", config.replace('ChallengeFactr = "Challenge"', 'GetFactor = "DeleteFactor"'))
    clash = subprocess.run([sys.executable, "-m", "codegen", "generate"], cwd=tmp_path, capture_output=True, text=True)
    assert clash.returncode == 2
    assert "rename 'GetFactor' = 'DeleteFactor': 'DeleteFactor' is already a documented name" in clash.stderr
    assert not (tmp_path / "generated").exists()


def test_mistakes_are_reported_at_their_own_key_not_an_earlier_mention(tmp_path: Path) -> None:
    """Positions come from where the document writes each key (codegen.tomlpos), so a key that
    also appears earlier (in a comment, a string, another table) is reported where it is."""
    text = (
        "# out = here is only a comment\n"  # 1
        'out = "gen"\n'  # 2
        'specs = ["specs", 7]\n'  # 3
        "[go]\n"  # 4
        'format_glob = """\n'  # 5
        "bodies = not a key\n"  # 6
        '"""\n'  # 7
        "out = 5\n"  # 8
        '  bodies = "never"\n'  # 9
    )
    diags = Diagnostics()
    load_config(write(tmp_path, "codegen.toml", text), diags)
    assert [str(d.loc) for d in diags.sorted()] == ["codegen.toml:3:19", "codegen.toml:8:1", "codegen.toml:9:3"]


def test_every_key_and_item_has_its_position() -> None:
    text = (
        "[tool.codegen]  # [not.a.table]\n"
        'specs = [\n  "a",  # a comment, ]\n  "b",\n]\n'
        "[tool.codegen.go]\n"
        'renames = { getFactor = "X", "odd key" = \'Y\' }\n'
        'note = """x = 1\n  "quoted" \\""" """\n'
        "sub.deep.key = true\n"
        "[[tool.codegen.list]]\n"
        "x = [1, {a = 2}]\n"
    )
    tomllib.loads(text)  # valid TOML
    found = positions(text)
    assert found[("tool", "codegen", "specs")] == (2, 1)
    assert found[("tool", "codegen", "specs", 0)] == (3, 3)
    assert found[("tool", "codegen", "specs", 1)] == (4, 3)
    assert found[("tool", "codegen", "go", "renames", "getFactor")] == (7, 13)
    assert found[("tool", "codegen", "go", "renames", "odd key")] == (7, 30)
    assert found[("tool", "codegen", "go", "sub", "deep", "key")] == (10, 10)
    assert found[("tool", "codegen", "list", "x", 1)] == (12, 9)
    assert found[("tool", "codegen", "list", "x", 1, "a")] == (12, 10)
    assert ("tool", "codegen", "go", "x") not in found  # text inside a string is no key
    assert ("not",) not in found


def test_an_unknown_key_gets_a_did_you_mean_from_its_own_table(tmp_path: Path) -> None:
    text = (
        'specz = ["specs"]\n[lint]\nbaseline = "b.json"\nseverty = {}\n[python]\npackage = "x"\nexternals_modul = "y"\n'
    )
    diags = Diagnostics()
    load_config(write(tmp_path, "codegen.toml", text), diags)
    assert [(str(d.loc), d.hint) for d in diags.sorted()] == [
        ("codegen.toml:1:1", "did you mean specs?"),
        ("codegen.toml:4:1", "did you mean severity?"),
        ("codegen.toml:7:1", "did you mean externals_module?"),
    ]


# --- issue 22: config ergonomics -------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


def test_the_cli_language_aliases_work_in_the_config(tmp_path: Path) -> None:
    """`languages = ["typescript"]` was refused though `--lang typescript` works."""
    path = write(tmp_path, "codegen.toml", 'languages = ["typescript", "csharp", "Go"]\n')
    diags = Diagnostics()
    config = load_config(path, diags)
    assert not diags.items and config.languages == ["js", "dotnet", "go"]


def test_a_lint_severity_typo_is_reported_at_its_key(tmp_path: Path) -> None:
    """It was reported at `:1:1` with an absolute path."""
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.codegen.lint]\nseverity = { missing-feld = "off" }\n',
    )
    result = run("lint", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "pyproject.toml:5:14: error: [lint] unknown rule 'missing-feld' in 'severity'\n"
        "pyproject.toml:5:14: note: did you mean missing-field?\n"
    ), result.stderr
    write(tmp_path, "codegen.toml", '[lint.severity]\nmissing-field = "eror"\n')
    level = run("lint", cwd=tmp_path)
    assert "codegen.toml:2:1: error: [lint] rule 'missing-field': level 'eror' is not one of" in level.stderr
    assert str(tmp_path) not in level.stderr


def test_an_empty_folder_says_no_config_was_found_and_names_init(tmp_path: Path) -> None:
    """It said "specs:1:1: no such file or directory" and nothing else."""
    result = run("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("specs: error: no such file or directory, and no config was found"), result.stderr
    assert "run 'codegen init'" in result.stderr
    assert "specs:1:1" not in result.stderr


def test_an_unresolved_reference_names_the_page_outside_the_spec_paths_that_defines_it(tmp_path: Path) -> None:
    """A spec subset without the page that defines (ctx) got 26 errors without saying where it is."""
    shutil.copytree(SPECS / "mfa", tmp_path / "reference/mfa")
    shutil.copyfile(SPECS / "index.mdx", tmp_path / "reference/index.mdx")
    write(tmp_path, "codegen.toml", 'specs = ["reference/mfa"]\nlanguages = ["go"]\n')
    result = run("generate", cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error: unknown go entry reference (ctx)" in line]
    notes = [line for line in result.stderr.splitlines() if "(ctx) is defined at" in line]
    assert errors and len(notes) == len(errors), result.stderr
    ctx = (SPECS / "index.mdx").read_text().splitlines().index("    - key: ctx") + 1
    assert notes[0].endswith(
        f"note: (ctx) is defined at reference/index.mdx:{ctx}:7, outside the spec paths (reference/mfa); "
        "add that page to the spec paths, or run on the whole reference"
    ), notes[0]


def validate(schema: dict, value: object, root: dict | None = None, where: str = "") -> list[str]:
    """The JSON Schema keywords the config schema uses (draft-07), enough to check documents."""
    root = root or schema
    errors: list[str] = []
    if "$ref" in schema:
        return validate(root["definitions"][schema["$ref"].rsplit("/", 1)[-1]], value, root, where)
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}
    if "type" in schema and not isinstance(value, kinds[schema["type"]]):
        return [f"{where}: not {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not one of {schema['enum']}")
    if "anyOf" in schema and all(validate(option, value, root, where) for option in schema["anyOf"]):
        errors.append(f"{where}: matches no option")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += validate(props[key], item, root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unknown key {key!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += validate(schema["additionalProperties"], item, root, f"{where}.{key}")
            if "propertyNames" in schema:
                errors += validate(schema["propertyNames"], key, root, f"{where}.{key} (name)")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += validate(schema["items"], item, root, f"{where}[{index}]")
    return errors


def test_the_shipped_json_schema_is_current_and_accepts_what_load_config_accepts() -> None:
    """Shipped in the package (codegen/schema/) for editor completion; written from the config's
    models, so a new setting only needs `codegen config-schema > codegen/schema/codegen.schema.json`."""
    import json

    from codegen.schema import FILES, config_schema

    for pyproject, path in FILES.items():
        shipped = json.loads(path.read_text(encoding="utf-8"))
        assert shipped == config_schema(pyproject=pyproject), (
            f"{path.name} is stale: regenerate it with "
            f"`codegen config-schema {'--pyproject ' if pyproject else ''}> codegen/schema/{path.name}`"
        )
    root = Path(__file__).resolve().parent.parent
    ours = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert validate(config_schema(pyproject=True), ours) == []
    table = ours["tool"]["codegen"]
    schema = config_schema()
    assert validate(schema, table) == []
    assert validate(schema, {**table, "specz": ["x"]}) == [": unknown key 'specz'"]
    assert validate(schema, {"languages": ["typescript"], "diagnostics": {"type-reinterpreted": "note"}}) == []
    assert validate(schema, {"diagnostics": {"type-reinterpretted": "note"}}) != []
    assert validate(schema, {"go": {"modul": "x"}}) == [".go: unknown key 'modul'"]
    assert validate(schema, {"lint": {"severity": {"missing-field": "off"}}}) == []
    # Every key load_config takes is in the schema, and no other.
    from codegen.checked import fields
    from codegen.config import Config
    from codegen.languages import EMITTERS

    keys = set(fields(Config)) - {"root", "settings", "rename_locs"} | set(EMITTERS)
    assert set(schema["properties"]) == keys
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "codegen/schema/codegen.schema.json" in readme and "#:schema" in readme
