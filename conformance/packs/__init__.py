"""One module per SDK language: build, pack and install the generated SDK with its ecosystem's
own commands, then make one call with it from a scratch consumer project (see
``conformance/packages.py``).

Each module defines ``TOOLS`` (executables it needs) and
``check(sdk, settings, work, base_url) -> list[str]`` (the problems found; empty: passed).
"""

from __future__ import annotations

import importlib
from types import ModuleType


def pack(language: str) -> ModuleType | None:
    """The packaging check of ``language``, or None when there is none yet."""
    try:
        return importlib.import_module(f"{__name__}.{language}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{language}":
            return None
        raise
