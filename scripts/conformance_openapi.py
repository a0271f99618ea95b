"""`make conformance` with the wire following the API's own OpenAPI (``wire = "api"``).

    .venv/bin/python scripts/conformance_openapi.py [--lang LANG]... [-v] [--openapi FILE]

A thin wrapper: ``python -m conformance --openapi FILE`` with the vendored spec
(``specs-openapi/open-api-spec.yaml``) unless ``--openapi`` names another, so every SDK and the
curl reference scripts make the followed requests. A repository whose config sets
``[tool.codegen.openapi] wire = "api"`` needs neither: ``make conformance`` follows it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conformance import run  # noqa: E402

DEFAULT = ROOT / "specs-openapi" / "open-api-spec.yaml"


def main(argv: list[str]) -> int:
    return run.main(argv if "--openapi" in argv else ["--openapi", str(DEFAULT), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
