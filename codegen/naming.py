"""Identifier helpers shared by the language modules: word splitting and case styles.

Each language passes its own table of initialisms and reserved words; the
functions here hold no per-language knowledge.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable

from .diagnostics import Diagnostics, Loc

# Initialisms written in full capitals in Go-style names (Go, and .NET where the docs use them).
COMMON_INITIALISMS = frozenset(
    {
        "ACL",
        "API",
        "CPU",
        "CSS",
        "DNS",
        "EOF",
        "HTML",
        "HTTP",
        "HTTPS",
        "ID",
        "IP",
        "JSON",
        "JWT",
        "MFA",
        "OTP",
        "SAML",
        "SCIM",
        "SDK",
        "SMS",
        "SQL",
        "SSO",
        "TLS",
        "TOTP",
        "TTL",
        "UI",
        "URI",
        "URL",
        "UUID",
        "XML",
        "OAUTH",
        "IDP",
    }
)

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def words(name: str) -> list[str]:
    """Split any of camelCase, PascalCase, snake_case, kebab-case or ``SMSTemplate`` into words."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _WORDS.findall(ascii_name)


def pascal(name: str, initialisms: Collection[str] = ()) -> str:
    return "".join(_cap(w, initialisms) for w in words(name))


def camel(name: str, initialisms: Collection[str] = ()) -> str:
    parts = words(name)
    if not parts:
        return ""
    return parts[0].lower() + "".join(_cap(w, initialisms) for w in parts[1:])


def snake(name: str) -> str:
    return "_".join(w.lower() for w in words(name))


def screaming(name: str) -> str:
    return snake(name).upper()


# Compiled once: these run for every name of a run (re's own cache is a lookup a call).
_NOT_WORD = re.compile(r"\W")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD_BREAKS = re.compile(r"[^A-Za-z0-9]+")


def _cap(word: str, initialisms: Collection[str]) -> str:
    if word.upper() in initialisms:
        return word.upper()
    return word[:1].upper() + word[1:].lower()


def safe_identifier(name: str, reserved: Collection[str], suffix: str = "_", prefix: str = "") -> str:
    """``name`` made a valid ASCII identifier, with reserved words escaped by ``prefix``/``suffix``."""
    ascii_ = name if name.isascii() else unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = _NOT_WORD.sub("_", ascii_)
    if not cleaned or cleaned[0].isdigit():
        cleaned = "_" + cleaned
    if cleaned in reserved:
        return f"{prefix}{cleaned}{suffix}"
    return cleaned


def is_identifier(name: str) -> bool:
    return _IDENTIFIER.fullmatch(name) is not None


class UniqueNames:
    """The names of one scope: a class's fields, a method's parameters, a service's methods.

    Documented names can collide after a language's case conversion (``user_id``, ``userId``,
    ``UserID`` and ``user-id`` are one Go field ``UserID``). None of them may vanish: each
    claim gets the name, or, when the scope already holds it, the first free ``<name><sep>2``,
    ``3``... in claim order (document order, so the result is deterministic), with a warning at
    the later one's position naming both documented names. Names the scope holds for the
    language's own reasons (``reserve``) are avoided silently, like reserved words.

    ``fold`` compares names the way the language does (PHP methods: case-insensitively);
    ``number`` writes the numbered variant (Ruby keeps a final ``?`` last: ``valid_2?``);
    ``signature`` lets languages with overloading (Java, C#) keep one name for two
    parameter lists.
    """

    def __init__(
        self,
        diags: Diagnostics | None,
        language: str,
        what: str,
        *,
        separator: str = "",
        fold: Callable[[str], str] = str,
        number: Callable[[str, int], str] | None = None,
        reserved: Iterable[str] = (),
    ) -> None:
        self.diags = diags
        self.language = language
        self.what = what
        self.separator = separator
        self.fold = fold
        self.number = number or (lambda name, n: f"{name}{separator}{n}")
        # (folded name, signature) -> the documented name that has it.
        self._owners: dict[tuple[str, tuple[str, ...]], str] = {}
        # A language's reserved words (a frozenset, compared as written) are shared by every scope
        # that avoids them, not copied into each: a scope copies them once it reserves more.
        self._reserved: set[str] | frozenset[str] = (
            reserved if isinstance(reserved, frozenset) and fold is str else {fold(name) for name in reserved}
        )

    def reserve(self, *names: str) -> None:
        if isinstance(self._reserved, frozenset):
            self._reserved = set(self._reserved)
        self._reserved.update(self.fold(name) for name in names)

    def taken(self, name: str, signature: tuple[str, ...] = ()) -> bool:
        return self.fold(name) in self._reserved or (self.fold(name), signature) in self._owners

    def claim(self, name: str, documented: str, loc: Loc | None = None, signature: tuple[str, ...] = ()) -> str:
        """``name`` (what the language makes of ``documented``), or a numbered variant that is free."""
        candidate, n = name, 2
        while self.taken(candidate, signature):
            candidate, n = self.number(name, n), n + 1
        first = self._owners.get((self.fold(name), signature))
        self._owners[(self.fold(candidate), signature)] = documented
        if candidate != name and first is not None and self.diags is not None and loc is not None:
            if first == documented:
                message = f"{self.language} {self.what}: '{documented}' is documented twice"
            else:
                message = f"{self.language} {self.what}: '{documented}' and '{first}' are both {name}"
            self.diags.warning(
                loc,
                f"{message}; '{documented}' is written {candidate}",
                f"rename one of them with [tool.codegen.{self.language}] renames",
                code="name-collision",
            )
        return candidate


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@functools.lru_cache(maxsize=4096)  # a run asks for the same few names' keys 700,000 times
def normalized(name: str) -> str:
    """``authenticationFactorId``, ``authentication_factor_id``, ``AuthenticationFactorID``: one key."""
    return _NOT_ALNUM.sub("", name.lower())


def capitalized(name: str) -> str:
    """``domain_data.state`` -> ``DomainDataState``: each ASCII word's first letter capitalized, the
    rest kept as written (unlike :func:`pascal`, which re-cases words), separators dropped."""
    return "".join(part[:1].upper() + part[1:] for part in _WORD_BREAKS.split(name) if part)


def bounded(name: str, limit: int) -> str:
    """A name codegen composes from documented ones (``<owner>_<field>``, ``<Method><Param>``),
    kept within ``limit`` characters like the documented names themselves: one over it keeps its
    start and ends in 8 hex digits of its full text, so two long names stay apart and every run
    spells them the same."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{name[: limit - 9]}_{digest}"
