"""Project configuration: ``[tool.codegen]`` in pyproject.toml, or a ``codegen.toml``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from .checked import Field, Invalid, Record, as_dict, field_validator, hints
from .checked import fields as record_fields
from .diagnostics import CATEGORIES, Diagnostics, Loc, did_you_mean
from .languages import EMITTERS, POLICIES
from .languages.base import LanguageSettings, one_line_setting, package_name, semver
from .link.entries import MAX_FIELDS
from .policy import aliases
from .tomlpos import Key, positions

# Names people type for a language, besides the registry's own (each language's ``aliases``):
# taken by ``--lang`` and by ``languages`` in the config alike.
LANGUAGE_ALIASES = aliases(POLICIES)


def canonical_language(name: str) -> str:
    """A language's registry name for ``name`` or one of its aliases (unknown names unchanged)."""
    lowered = name.lower()
    return LANGUAGE_ALIASES.get(lowered, lowered if lowered in EMITTERS else name)


class LintConfig(Record):
    """``[tool.codegen.lint]``: ``severity = { missing-field = "error", optional-mismatch = "off" }``
    and a default ``baseline`` file (relative to the config's folder)."""

    severity: dict[str, str] = {}
    baseline: str | None = None


class OpenAPIConfig(Record):
    """``[tool.codegen.openapi]``: the API's own OpenAPI (``path``: a file, or a folder of
    documents) as a second source. ``codegen lint`` reports where the reference disagrees with it;
    ``wire = "api"`` makes the generated requests follow it where the two disagree (path, host,
    place, encoding; default ``"docs"``). ``openapi = "FILE"`` is short for ``path = "FILE"``."""

    path: str | None = None
    wire: Literal["docs", "api"] = "docs"


class PackageDefaults(Record):
    """``[tool.codegen.package]``: what every language's package manifest says unless its own
    table sets it (``package_name``, ``version``, ... under ``[tool.codegen.<language>]``)."""

    name: str | None = None
    version: str | None = None
    description: str | None = None
    license: str | None = None
    repository: str | None = None
    author: str | None = None

    _name = field_validator("name")(lambda cls, v: package_name(v))
    _version = field_validator("version")(lambda cls, v: semver(v))
    _one_line = field_validator("description", "license", "repository", "author")(lambda cls, v: one_line_setting(v))

    def as_settings(self) -> dict[str, str]:
        values = as_dict(self, exclude_none=True)
        if "name" in values:
            values["package_name"] = values.pop("name")
        return values


class Config(Record):
    # The folder the config lives in; every path below is relative to it.
    root: Path = Path(".")
    specs: list[str] = ["specs"]
    out: str = "generated"
    languages: list[str] = list(EMITTERS)
    templates: str | None = None
    manifest: str | None = None
    keep_file: str = ".codegenignore"
    # Paths that resolve outside the project folder are refused unless this is true.
    allow_outside_root: bool = False
    # Fields a run links, all languages together: past it, input is taken for runaway (references
    # that multiply) and refused. The default takes 200,000 pages of the corpus' density.
    max_fields: int = Field(default=MAX_FIELDS, ge=1)
    settings: dict[str, LanguageSettings] = {}
    # Where each language's renames are written (file, line, column), for diagnostics.
    rename_locs: dict[str, dict[str, tuple[str, int, int]]] = {}
    lint: LintConfig = LintConfig()
    openapi: OpenAPIConfig = OpenAPIConfig()
    package: PackageDefaults = PackageDefaults()
    # Warning categories (codes) to "ignore", make a "note", "warn" or make an "error".
    diagnostics: dict[str, Literal["ignore", "note", "warn", "error"]] = {}

    @field_validator("openapi", mode="before")
    @classmethod
    def _openapi_path(cls, value: object) -> object:
        return {"path": value} if isinstance(value, str) else value

    def openapi_path(self) -> Path | None:
        """The configured OpenAPI document (or folder), if any."""
        return self.root / self.openapi.path if self.openapi.path else None

    def language_settings(self, language: str) -> LanguageSettings:
        return self.settings.get(language) or EMITTERS[language].settings_model()

    def out_dir(self, language: str) -> str:
        """This language's output folder, relative to the root."""
        custom = self.language_settings(language).out
        return _norm(custom) if custom else _norm(f"{self.out}/{language}")

    @property
    def manifest_path(self) -> str:
        return _norm(self.manifest or f"{self.out}/.codegen-manifest")

    def spec_paths(self) -> list[Path]:
        return [self.root / s for s in self.specs]


def _norm(path: str) -> str:
    return Path(path).as_posix().rstrip("/")


def load_config(path: Path | None, diags: Diagnostics) -> Config:
    """The config at ``path`` (or the defaults); mistakes are diagnostics at their line."""
    if path is None:
        return Config(root=Path.cwd())
    display = path.name
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        diags.error(Loc(str(path)), "config file not found")
        return Config(root=path.parent)
    except IsADirectoryError:
        diags.error(Loc(str(path)), "config path is a folder, not a file")
        return Config(root=path.parent)
    except OSError as exc:
        diags.error(Loc(str(path)), f"cannot read config: {exc.strerror or exc}")
        return Config(root=path.parent)
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        diags.error(Loc(display, line), f"config is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})")
        return Config(root=path.parent)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        loc = Loc(display, int(match.group(1)), int(match.group(2))) if match else Loc(display)
        diags.error(loc, f"invalid TOML: {exc}")
        return Config(root=path.parent)
    table: dict[str, Any] = document.get("tool", {}).get("codegen", {}) if path.name == "pyproject.toml" else document
    table = dict(table)
    prefix = "tool.codegen" if path.name == "pyproject.toml" else ""
    at = _Places(display, positions(text), ("tool", "codegen") if prefix else ())
    settings: dict[str, LanguageSettings] = {}
    defaults: dict[str, str] = {}
    if isinstance(table.get("package"), dict):
        try:
            defaults = PackageDefaults.validate(table["package"]).as_settings()
        except Invalid:
            pass  # reported with the rest of the top-level table below
    for language, emitter in EMITTERS.items():
        if language in table or defaults:
            raw = table.pop(language, {})
            try:
                merged = {**defaults, **raw} if isinstance(raw, dict) else raw
                settings[language] = emitter.settings_model.validate(merged)
            except Invalid as exc:
                _report(exc, at, (language,), diags, emitter.settings_model)
    rename_locs = {
        language: {key: tuple(at(language, "renames", key)) for key in language_settings.renames}
        for language, language_settings in settings.items()
        if language_settings.renames
    }
    try:
        config = Config.validate(
            {**_canonical_languages(table), "root": path.parent, "settings": settings, "rename_locs": rename_locs}
        )
    except Invalid as exc:
        _report(exc, at, (), diags, Config)
        return Config(root=path.parent)
    for index, language in enumerate(config.languages):
        if language not in EMITTERS:
            diags.error(
                at("languages", index),
                f"unknown language '{language}' in 'languages'",
                f"known languages: {', '.join(EMITTERS)} (or an alias: {', '.join(LANGUAGE_ALIASES)})",
            )
    for category in config.diagnostics:
        if category not in CATEGORIES:
            diags.error(
                at("diagnostics", category),
                f"unknown diagnostics category '{category}'",
                did_you_mean(category, set(CATEGORIES)) or f"categories: {', '.join(CATEGORIES)}",
            )
    _check_lint(config, at, diags)
    _confine(config, at, diags)
    return config


def _canonical_languages(table: dict[str, Any]) -> dict[str, Any]:
    """``table`` with ``languages`` as the registry names them (``typescript`` is ``js``)."""
    if isinstance(table.get("languages"), list):
        return {**table, "languages": [canonical_language(v) if isinstance(v, str) else v for v in table["languages"]]}
    return table


def _check_lint(config: Config, at: _Places, diags: Diagnostics) -> None:
    """``[lint] severity``: each rule must be one ``codegen lint`` has, each level a level, each
    mistake reported at its own key."""
    if not config.lint.severity:
        return  # nothing to check: a run that does not lint need not load the linter
    from .lint import LEVELS, RULES

    for rule, level in config.lint.severity.items():
        where = at("lint", "severity", rule)
        if rule not in RULES:
            diags.error(
                where,
                f"[lint] unknown rule '{rule}' in 'severity'",
                did_you_mean(rule, set(RULES)) or f"rules: {', '.join(RULES)}",
            )
        elif level not in LEVELS:
            diags.error(
                where,
                f"[lint] rule '{rule}': level '{level}' is not one of {', '.join(LEVELS)}",
                did_you_mean(level, set(LEVELS)),
            )


class _Places:
    """The position of a key path of the config (relative to its ``[tool.codegen]`` table), or of
    the nearest enclosing key the document writes (``codegen.tomlpos``)."""

    def __init__(self, display: str, found: dict[Key, tuple[int, int]], prefix: Key) -> None:
        self.display, self.found, self.prefix = display, found, prefix

    def __call__(self, *path: str | int) -> Loc:
        full: Key = (*self.prefix, *path)
        while full:
            if full in self.found:
                return Loc(self.display, *self.found[full])
            full = full[:-1]
        return Loc(self.display)


def _confine(config: Config, at: _Places, diags: Diagnostics) -> None:
    """Every configured path must name something inside the project folder (the config's)."""
    paths: list[tuple[Key, str, str]] = [(("specs", i), "specs", s) for i, s in enumerate(config.specs)]
    paths += [(("out",), "out", config.out), (("keep_file",), "keep_file", config.keep_file)]
    paths += [
        ((key,), key, value) for key, value in (("manifest", config.manifest), ("templates", config.templates)) if value
    ]
    paths += [
        ((language, "out"), f"{language}.out", s.out) for language, s in config.settings.items() if s.out is not None
    ]
    if config.openapi.path is not None:
        paths.append((("openapi", "path"), "openapi", config.openapi.path))
    elif config.openapi.wire == "api":
        diags.error(
            at("openapi", "wire"), 'wire = "api" follows the API\'s OpenAPI: set its path too', 'path = "openapi.yaml"'
        )
    root = config.root.resolve()
    for key_path, name, value in paths:
        where = at(*key_path)
        if not value.strip():
            diags.error(where, f"'{name}' is empty", "write '.' for the project folder itself")
            continue
        if "\x00" in value:
            diags.error(where, f"'{name}' contains a NUL character")
            continue
        if config.allow_outside_root:
            continue
        resolved = (root / value).resolve()
        if resolved != root and root not in resolved.parents:
            diags.error(
                where,
                f"'{name}' = {value!r} resolves outside the project folder ({root})",
                "use a path inside the project, or set allow_outside_root = true to allow it",
            )


# Keys of Config that are not written in a config file (filled in by load_config).
_INTERNAL = {"root", "settings", "rename_locs"}


def _report(exc: Invalid, at: _Places, table: Key, diags: Diagnostics, model: type[Record]) -> None:
    """Each validation error at the key (or array item) it is about; an unknown key gets a
    did-you-mean among the keys its table takes."""
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        name = ".".join(str(p) for p in (*at.prefix, *table))
        where = f"[{name}] " if table else ""
        hint = None
        if error["type"] == "extra_forbidden":
            message = f"{where}unknown key '{key}'"
            known = _known_keys(model, error["loc"][:-1])
            hint = did_you_mean(str(error["loc"][-1]), known)
        else:
            message = f"{where}'{key}': {error['msg']}"
        diags.error(at(*table, *error["loc"]), message, hint)


def _known_keys(model: type[Record], parents: tuple[str | int, ...]) -> set[str]:
    """The keys the table at ``parents`` (inside ``model``'s) takes."""
    for part in parents:
        annotation = hints(model).get(str(part))
        if not (isinstance(annotation, type) and issubclass(annotation, Record)):
            return set()
        model = annotation
    keys = set(record_fields(model)) - (_INTERNAL if model is Config else set())
    return keys | (set(EMITTERS) if model is Config else set())
