"""ruby: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class RubySettings(LanguageSettings):
    module: str = "Sdk"


class RubyEmitter(Emitter):
    name = "ruby"
    settings_model = RubySettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
