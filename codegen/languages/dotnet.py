"""dotnet: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class DotnetSettings(LanguageSettings):
    namespace: str = "Example.Sdk"


class DotnetEmitter(Emitter):
    name = "dotnet"
    settings_model = DotnetSettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
