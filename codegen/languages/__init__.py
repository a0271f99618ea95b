"""The language registry: a new language is one module here plus ``templates/<name>/``."""

from __future__ import annotations

from ..policy import http_reference
from .base import Emitter
from .curl import CurlEmitter
from .dotnet import DotnetLanguage
from .go import GoLanguage
from .java import JavaLanguage
from .js import JsLanguage
from .php import PhpLanguage
from .python import PythonLanguage
from .ruby import RubyLanguage

EMITTERS: dict[str, type[Emitter]] = {
    emitter.name: emitter
    for emitter in (
        CurlEmitter,
        DotnetLanguage,
        RubyLanguage,
        JsLanguage,
        PythonLanguage,
        PhpLanguage,
        JavaLanguage,
        GoLanguage,
    )
}

# Every language the format knows, in the registry's order, and what the core needs of each.
LANGUAGES: tuple[str, ...] = tuple(EMITTERS)
POLICIES = {name: emitter.policy() for name, emitter in EMITTERS.items()}
# The language whose entries are the HTTP reference (its policy says so); "" when none is.
HTTP_REFERENCE: str = http_reference(POLICIES) or ""
