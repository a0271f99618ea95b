"""php: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class PhpSettings(LanguageSettings):
    namespace: str = "Example\\Sdk"


class PhpEmitter(Emitter):
    name = "php"
    settings_model = PhpSettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
