"""What the language-neutral stages need to know of a language, as data (never its module)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class LanguagePolicy:
    # Named types the language itself provides ('error' in Go): never a model, never external.
    builtin_types: frozenset[str] = frozenset()
    # True when the emitter declares inline objects itself (Go, in the service's package): the
    # linker then leaves them as they are instead of making them models of the field's area.
    declares_inline_objects: bool = False
    # How the language writes a closed set of string values (codegen.enums).
    enum_style: Literal["none", "named", "inline"] = "none"
    # Bare type names that are the language's one type for lists and keyed objects alike (PHP's
    # ``array``): carrying ``properties``, such a value is one object with those keys, unless
    # the HTTP reference sends a list there.
    keyed_arrays: frozenset[str] = frozenset()
