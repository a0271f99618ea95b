"""What the language-neutral stages need to know of a language, as data (never its module)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from .records import dataclass

# The rank of a language that sets none (codegen.enums): after every language that does.
DEFAULT_NAME_RANK = 100


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
    # True when the language's entries are the HTTP reference (method, path, wire parameters) that
    # every other language's fields link to (codegen.wire). With no such language, nothing has a wire.
    http_reference: bool = False
    # Other names people type for the language (``--lang`` and ``languages`` in the config).
    aliases: tuple[str, ...] = ()
    # Whose name for a closed set of values an enum takes when languages name it differently
    # (codegen.enums): the lowest rank, then the language's name, wins.
    enum_name_rank: int = DEFAULT_NAME_RANK


def http_reference(policies: Mapping[str, LanguagePolicy]) -> str | None:
    """The language whose entries are the HTTP reference (the first by name, should several
    say so), or None when none is."""
    return min((name for name, policy in policies.items() if policy.http_reference), default=None)


def aliases(policies: Mapping[str, LanguagePolicy]) -> dict[str, str]:
    """Every alias (lower case) and its language's name: the languages by name, each's aliases in
    the order it gives them."""
    return {alias.lower(): name for name in sorted(policies) for alias in policies[name].aliases}
