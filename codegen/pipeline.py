"""load -> spec model -> resolved IR -> per-language render: ``{path: text}``, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostics
from .ir import API
from .languages import EMITTERS
from .languages.base import Emitter
from .linker import link_pages
from .loader import load_tree
from .render import environment

_SAFE_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")


def is_safe_relative(path: str) -> bool:
    """A plain relative path: no '..', no absolute or drive prefix, no odd characters."""
    parts = path.split("/")
    return all(_SAFE_PART.fullmatch(part) and part not in (".", "..") for part in parts)


def load_api(paths: list[Path], diags: Diagnostics, languages: tuple[str, ...]) -> API:
    return link_pages(load_tree(paths, diags), diags, languages)


def emitter_for(language: str, config: Config, diags: Diagnostics) -> Emitter:
    override = config.root / config.templates if config.templates else None
    emitter_class = EMITTERS[language]
    return emitter_class(config.language_settings(language), environment(language, override), diags)


def render(api: API, config: Config, languages: tuple[str, ...], diags: Diagnostics) -> dict[str, str]:
    """Every generated file, keyed by its path relative to the config root."""
    files: dict[str, str] = {}
    for language in languages:
        language_api = api.languages.get(language)
        if language_api is None:
            continue
        out_dir = config.out_dir(language)
        emitter = emitter_for(language, config, diags)
        emitter.report_reinterpretations(language_api)
        emitter.report_identifiers(language_api)
        for relative, text in emitter.render(language_api).items():
            if not is_safe_relative(relative):
                raise ValueError(f"{language} emitter produced an unsafe path {relative!r}")
            files[f"{out_dir}/{relative}"] = text
    return dict(sorted(files.items()))
