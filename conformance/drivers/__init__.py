"""One driver per language: writes and builds the program that makes that language's calls.

Each module defines ``TOOLS`` and ``build(sdk, api, emitter, cases, work) -> argv``; see
conformance/README.md for the contract.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def driver(language: str) -> ModuleType | None:
    """The driver module of ``language``, or None when there is none yet."""
    try:
        return importlib.import_module(f"{__name__}.{language}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{language}":
            return None
        raise
