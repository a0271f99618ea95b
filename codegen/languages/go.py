"""go: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class GoSettings(LanguageSettings):
    # Go module path; packages are generated below it.
    module: str = "example.com/sdk"


class GoEmitter(Emitter):
    name = "go"
    settings_model = GoSettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
