"""Project configuration: ``[tool.codegen]`` in pyproject.toml, or a ``codegen.toml``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .diagnostics import CATEGORIES, Diagnostics, Loc, did_you_mean
from .languages import EMITTERS
from .languages.base import LanguageSettings

CONFIG_FILES = ("codegen.toml", "pyproject.toml")


class LintConfig(BaseModel):
    """``[tool.codegen.lint]``: ``severity = { missing-field = "error", optional-mismatch = "off" }``
    and a default ``baseline`` file (relative to the config's folder)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: dict[str, str] = {}
    baseline: str | None = None


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

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
    settings: dict[str, LanguageSettings] = {}
    # Where each language's renames are written (file, line, column), for diagnostics.
    rename_locs: dict[str, dict[str, tuple[str, int, int]]] = {}
    lint: LintConfig = LintConfig()
    # Warning categories (codes) to "ignore", "warn" or make an "error".
    diagnostics: dict[str, Literal["ignore", "warn", "error"]] = {}

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


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (
                name != "pyproject.toml" or "[tool.codegen" in candidate.read_text(encoding="utf-8", errors="replace")
            ):
                return candidate
    return None


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
    settings: dict[str, LanguageSettings] = {}
    for language, emitter in EMITTERS.items():
        if language in table:
            raw = table.pop(language)
            try:
                settings[language] = emitter.settings_model.model_validate(raw)
            except ValidationError as exc:
                _report(exc, display, text, f"{prefix}.{language}".strip("."), diags)
    rename_locs = {
        language: {
            key: tuple(_line_of(display, text, key, f"{prefix}.{language}".strip(".")))
            for key in language_settings.renames
        }
        for language, language_settings in settings.items()
        if language_settings.renames
    }
    try:
        config = Config.model_validate({**table, "root": path.parent, "settings": settings, "rename_locs": rename_locs})
    except ValidationError as exc:
        _report(exc, display, text, prefix, diags)
        return Config(root=path.parent)
    for language in config.languages:
        if language not in EMITTERS:
            diags.error(
                _line_of(display, text, language),
                f"unknown language '{language}' in 'languages'",
                f"known languages: {', '.join(EMITTERS)}",
            )
    for category in config.diagnostics:
        if category not in CATEGORIES:
            diags.error(
                _line_of(display, text, category, f"{prefix}.diagnostics".strip(".")),
                f"unknown diagnostics category '{category}'",
                did_you_mean(category, set(CATEGORIES)) or f"categories: {', '.join(CATEGORIES)}",
            )
    _confine(config, display, text, prefix, diags)
    return config


def _confine(config: Config, display: str, text: str, prefix: str, diags: Diagnostics) -> None:
    """Every configured path must name something inside the project folder (the config's)."""
    paths: list[tuple[str, str, str]] = [("", "specs", s) for s in config.specs]
    paths += [("", "out", config.out), ("", "keep_file", config.keep_file)]
    paths += [
        ("", key, value) for key, value in (("manifest", config.manifest), ("templates", config.templates)) if value
    ]
    paths += [(language, "out", s.out) for language, s in config.settings.items() if s.out is not None]
    root = config.root.resolve()
    for table, key, value in paths:
        full_table = ".".join(part for part in (prefix, table) if part)
        where = _line_of(display, text, key, full_table)
        name = f"{table}.{key}" if table else key
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


def _report(exc: ValidationError, display: str, text: str, table: str, diags: Diagnostics) -> None:
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"])
        where = f"[{table}] " if table else ""
        if error["type"] == "extra_forbidden":
            message = f"{where}unknown key '{key}'"
        else:
            message = f"{where}'{key}': {error['msg']}"
        diags.error(_line_of(display, text, str(error["loc"][0])), message)


def _line_of(display: str, text: str, key: str, table: str | None = None) -> Loc:
    """Best-effort position of ``key`` in a TOML file (tomllib keeps none): with ``table``,
    the line ``key = ...`` inside ``[table]`` (or dotted ``key`` under its parent table)."""
    lines = text.splitlines()
    if table is not None:
        current = ""
        for number, line in enumerate(lines, 1):
            header = re.fullmatch(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?", line)
            if header:
                current = header.group(1).replace(" ", "")
                continue
            leaf = table.rsplit(".", 1)[-1] if table else ""
            for candidate, scope in ((key, table), (f"{leaf}.{key}", table.rpartition(".")[0])):
                found = re.match(rf"\s*({re.escape(candidate)})\s*=", line)
                if found and current == scope and candidate:
                    return Loc(display, number, found.start(1) + 1)
    for number, line in enumerate(lines, 1):
        column = line.find(key)
        if column >= 0 and not line.lstrip().startswith("#"):
            return Loc(display, number, column + 1)
    return Loc(display)
