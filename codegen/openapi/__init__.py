"""The API's own OpenAPI as a second source (issue 24).

- :mod:`.document`: reads an OpenAPI 3.x document (or a folder of them), ``$ref``s resolved.
- :mod:`.reference`: the docs' HTTP reference in the same shape.
- :mod:`.match`: matches operations (method and path; a did-you-mean path) and parameters (wire
  name), and lists every difference.
- :mod:`.rules`: those differences as ``codegen lint --openapi`` findings.
- :mod:`.follow`: ``[tool.codegen.openapi] wire = "api"``: the wire rewritten where the API differs.
- :mod:`.export`: ``codegen openapi``: the one model as an OpenAPI 3.1 document.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Diagnostics
from .document import OpenAPIError, Spec, read

_CACHE: dict[tuple[str, int, int], Spec] = {}


def display(path: Path) -> str:
    """``path`` as locations name it: relative to the current folder when it is inside it."""
    try:
        return Path(os.path.relpath(path.resolve(), Path.cwd())).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return path.as_posix()


def load(path: Path, diags: Diagnostics) -> Spec | None:
    """The document at ``path``, or None with an error in ``diags``. A file read once is kept for
    the run (``generate`` with spec paths links twice)."""
    shown = display(path)
    if shown.startswith("../"):
        shown = path.as_posix()
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    try:
        spec = read(path, shown)
    except OpenAPIError as exc:
        diags.error(exc.loc, exc.message)
        return None
    if key is not None and not path.is_dir():
        _CACHE[key] = spec
    return spec


__all__ = ["OpenAPIError", "Spec", "display", "load", "read"]
