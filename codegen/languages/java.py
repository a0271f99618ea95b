"""java: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class JavaSettings(LanguageSettings):
    package: str = "com.example.sdk"


class JavaEmitter(Emitter):
    name = "java"
    settings_model = JavaSettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
