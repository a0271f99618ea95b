"""curl: NOT IMPLEMENTED YET (placeholder so the registry imports; renders nothing)."""

from __future__ import annotations

from ..ir import LanguageAPI
from .base import Emitter, LanguageSettings


class CurlSettings(LanguageSettings):
    # Environment variables the scripts read.
    base_url_env: str = "BASE_URL"
    api_key_env: str = "API_KEY"


class CurlEmitter(Emitter):
    name = "curl"
    settings_model = CurlSettings

    def render(self, api: LanguageAPI) -> dict[str, str]:
        return {}
