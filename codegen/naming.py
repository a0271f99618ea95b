"""Identifier helpers shared by the language modules: word splitting and case styles.

Each language passes its own table of initialisms and reserved words; the
functions here hold no per-language knowledge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

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


def _cap(word: str, initialisms: Collection[str]) -> str:
    if word.upper() in initialisms:
        return word.upper()
    return word[:1].upper() + word[1:].lower()


def safe_identifier(name: str, reserved: Collection[str], suffix: str = "_", prefix: str = "") -> str:
    """``name`` made a valid ASCII identifier, with reserved words escaped by ``prefix``/``suffix``."""
    cleaned = re.sub(r"\W", "_", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode())
    if not cleaned or cleaned[0].isdigit():
        cleaned = "_" + cleaned
    if cleaned in reserved:
        return f"{prefix}{cleaned}{suffix}"
    return cleaned


def is_identifier(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name))
