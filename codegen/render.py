"""The one Jinja environment factory; templates stay thin, Python computes names and types."""

from __future__ import annotations

from pathlib import Path

import jinja2

from . import cache

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """``templates/`` beside the package in a checkout, ``codegen/templates`` in a wheel."""
    inside = _PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / "templates"


def environment(language: str, override: Path | None = None) -> jinja2.Environment:
    search = [builtin_templates() / language]
    if override is not None:
        search.insert(0, override / language)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        bytecode_cache=cache.template_cache(),
    )
