"""Stage 1 of linking: the global descriptions (``descriptions:`` of every page), and
description references (``(challenge_factor.sms_template)``)."""

from __future__ import annotations

import functools
import re
from dataclasses import field

from ..diagnostics import Diagnostics, Loc
from ..records import dataclass
from ..spec import Page

Path_ = tuple[str | int, ...]
REFERENCE = re.compile(r"^\(\s*([^()\s]+)\s*\)$")


@dataclass
class Descriptions:
    texts: dict[str, str] = field(default_factory=dict)
    defined_at: dict[str, Loc] = field(default_factory=dict)

    def add(self, page: Page, diags: Diagnostics) -> None:
        self._walk(page, page.spec.descriptions, ("descriptions",), (), diags)

    def _walk(self, page: Page, node: object, path: Path_, names: tuple[str, ...], diags: Diagnostics) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                self._walk(page, value, (*path, key), (*names, str(key)), diags)
            return
        loc = page.source.at(path)
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            node = str(node)
        if not isinstance(node, str):
            diags.error(loc, f"description '{'.'.join(names)}' must be text")
            return
        dotted = ".".join(names)
        if names[-1] == "self":
            self._define(".".join(names[:-1]), node, loc, diags, alias=True)
        self._define(dotted, node, loc, diags)

    def _define(self, dotted: str, text: str, loc: Loc, diags: Diagnostics, alias: bool = False) -> None:
        if not dotted:
            return
        old = self.texts.get(dotted)
        if old is None:
            self.texts[dotted] = text
            self.defined_at[dotted] = loc
        elif old != text and not alias:
            first = self.defined_at[dotted]
            diags.error(
                loc, f"description '{dotted}' is defined again with different text", f"first defined at {first}"
            )

    def resolve(self, name: str) -> str | None:
        return self.texts.get(name)


def ref_name(text: str) -> str | None:
    if not text or (text[0] != "(" and not text[0].isspace()):  # prose, the common case
        return None
    return _reference(text)


@functools.lru_cache(maxsize=65_536)
def _reference(text: str) -> str | None:
    """The name ``(name)`` refers to; each text worked out once (a run asks for every item's
    more than once, and a reference's page repeats it in each language)."""
    text = text.strip()
    if not text.startswith("("):
        return None
    match = REFERENCE.match(text)
    return match.group(1) if match else None
