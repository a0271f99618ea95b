"""js: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class JsSettings(LanguageSettings):
    # Folder for the TypeScript sources, relative to this language's output folder.
    path: str = "src"


class JsEmitter(Emitter):
    name = "js"
    settings_model = JsSettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
