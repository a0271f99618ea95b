"""The language registry: every package here that defines a language (a subclass of
:class:`Emitter` with a ``name`` of its own) is one. A new language is a package here plus
``templates/<name>/``, and no line elsewhere; it comes after the languages of :data:`DOCS_ORDER`."""

from __future__ import annotations

import importlib
import pkgutil

from ..policy import http_reference
from .base import Emitter

# The order of the docs' language tabs: how listings, --help and reports present the languages
# (no output depends on it: tests/test_neutral.py).
DOCS_ORDER = ("curl", "dotnet", "ruby", "js", "python", "php", "java", "go")


def _discovered() -> list[type[Emitter]]:
    found: list[type[Emitter]] = []
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg:
            package = importlib.import_module(f"{__name__}.{module.name}")
            found += [
                value
                for value in vars(package).values()
                if isinstance(value, type)
                and issubclass(value, Emitter)
                and value.__module__ == package.__name__
                and "name" in vars(value)
            ]
    return sorted(found, key=lambda e: (DOCS_ORDER.index(e.name) if e.name in DOCS_ORDER else len(DOCS_ORDER), e.name))


EMITTERS: dict[str, type[Emitter]] = {emitter.name: emitter for emitter in _discovered()}

# Every language the format knows, in the registry's order, and what the core needs of each.
LANGUAGES: tuple[str, ...] = tuple(EMITTERS)
POLICIES = {name: emitter.policy() for name, emitter in EMITTERS.items()}
# The language whose entries are the HTTP reference (its policy says so); "" when none is.
HTTP_REFERENCE: str = http_reference(POLICIES) or ""
