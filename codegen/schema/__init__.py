"""The JSON Schema of codegen's configuration, for editors (Taplo / Even Better TOML complete
and check ``codegen.toml`` with it) and for tools.

Written from the config's own models (:class:`codegen.config.Config`, each language's settings
model), so it says what ``load_config`` accepts. The package ships it as
``codegen/schema/codegen.schema.json`` (a ``codegen.toml``) and ``pyproject.schema.json`` (a
``pyproject.toml``'s ``[tool.codegen]``); ``tests/test_config.py`` checks the shipped files are
what this module writes (``codegen config-schema > codegen/schema/codegen.schema.json``
regenerates one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checked import Record, model

FOLDER = Path(__file__).resolve().parent
FILES = {False: FOLDER / "codegen.schema.json", True: FOLDER / "pyproject.schema.json"}
DRAFT = "http://json-schema.org/draft-07/schema#"

# What each top-level key means (shown by editors on hover).
_KEYS = {
    "specs": "Folders or files of the API reference: .mdx (front matter only), .yaml, .yml.",
    "out": "Output folder; each language goes to <out>/<language> unless it sets its own 'out'.",
    "languages": "Languages to generate (default: all eight); aliases such as typescript or csharp work too.",
    "templates": "A folder of template overrides (<templates>/<language>/<file>.j2); see 'codegen templates'.",
    "manifest": "Where codegen records the files it wrote (default: <out>/.codegen-manifest).",
    "keep_file": "Paths codegen never writes, checks or prunes (gitignore syntax).",
    "allow_outside_root": "Let the paths above leave the project folder.",
    "max_fields": "Fields a run may link, all languages together, before the input is refused as runaway.",
    "lint": "codegen lint: severities per rule and a default baseline file.",
    "package": "What every language's package manifest says unless its own table sets it.",
    "diagnostics": "Per warning category: ignore, note, warn or error.",
}
_SETTINGS = {
    "out": "This language's output folder, relative to the config's folder.",
    "renames": 'Explicit renames of documented names: { getSSOURL = "GetSSOURL" }.',
    "initialisms": "Extra initialisms written in capitals (Go, Java, Ruby names).",
    "bodies": "http: methods make the documented HTTP call; stub: bodies only raise 'not implemented'.",
    "examples": "Also write a usage snippet per operation (examples/<area>/<operation>.md).",
    "format_command": "A formatter run over the generated files (the file paths are appended).",
    "format_glob": "Which generated files format_command formats.",
}


def config_schema(*, pyproject: bool = False) -> dict[str, Any]:
    """The schema of a ``codegen.toml`` (or of a ``pyproject.toml`` holding ``[tool.codegen]``)."""
    from ..config import LANGUAGE_ALIASES, Config, LintConfig, PackageDefaults
    from ..diagnostics import CATEGORIES, LEVELS
    from ..languages import EMITTERS
    from ..lint import LEVELS as LINT_LEVELS
    from ..lint import RULES

    table = _model(Config, skip={"root", "settings", "rename_locs", "lint", "package", "diagnostics"})
    props = table["properties"]
    props["languages"] = {
        "type": "array",
        "items": {"type": "string", "enum": [*EMITTERS, *LANGUAGE_ALIASES]},
        "uniqueItems": True,
    }
    props["specs"] = {"type": "array", "items": {"type": "string"}, "minItems": 1}
    lint = _model(LintConfig)
    lint["properties"]["severity"] = {
        "type": "object",
        "propertyNames": {"enum": list(RULES)},
        "additionalProperties": {"enum": list(LINT_LEVELS)},
        "description": "Per rule: error, warning, note or off.",
    }
    props["lint"] = lint
    props["package"] = _model(PackageDefaults)
    props["diagnostics"] = {
        "type": "object",
        "propertyNames": {"enum": list(CATEGORIES)},
        "additionalProperties": {"enum": list(LEVELS)},
    }
    for key, text in _KEYS.items():
        props.setdefault(key, {})["description"] = text
    for language, emitter in EMITTERS.items():
        settings = _model(emitter.settings_model)
        for key, text in _SETTINGS.items():
            if key in settings["properties"]:
                settings["properties"][key].setdefault("description", text)
        settings["description"] = f"Settings of the {language} SDK."
        props[language] = settings
    table["additionalProperties"] = False
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": "https://github.com/example/codegen/codegen/schema/"
        + ("pyproject.schema.json" if pyproject else "codegen.schema.json"),
        "title": "codegen configuration" + (" in pyproject.toml" if pyproject else " (codegen.toml)"),
    }
    if pyproject:
        table["description"] = "[tool.codegen]: codegen's configuration."
        schema |= {
            "type": "object",
            "properties": {"tool": {"type": "object", "properties": {"codegen": table}}},
        }
    else:
        schema |= table
    return schema


def _model(record: type[Record], skip: set[str] | None = None) -> dict[str, Any]:
    """``record``'s table: its keys with their types and defaults; no other keys allowed."""
    raw = model(record).model_json_schema()
    defs = raw.get("$defs", {})
    properties = {}
    for key, value in raw.get("properties", {}).items():
        if key in (skip or set()):
            continue
        properties[key] = _simplify(value, defs)
    table = {"type": "object", "properties": properties, "additionalProperties": False}
    if raw.get("description"):
        table["description"] = " ".join(raw["description"].replace("``", "'").split())
    return table


def _simplify(value: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Pydantic's schema of one key as TOML knows it: no null (TOML has none), no titles."""
    if "$ref" in value:
        value = defs[value["$ref"].rsplit("/", 1)[-1]]
    options = [o for o in value.get("anyOf", []) if o.get("type") != "null"]
    out = {k: v for k, v in value.items() if k not in ("title", "anyOf")}
    if options:
        out |= _simplify(options[0], defs) if len(options) == 1 else {"anyOf": [_simplify(o, defs) for o in options]}
    if out.get("default") is None:
        out.pop("default", None)
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _simplify(out[key], defs)
    return out


def schema_text(*, pyproject: bool = False) -> str:
    return json.dumps(config_schema(pyproject=pyproject), indent=2, sort_keys=False) + "\n"
