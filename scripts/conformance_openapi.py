"""`make conformance` with the wire following the API's own OpenAPI (``wire = "api"``).

    .venv/bin/python scripts/conformance_openapi.py [--lang LANG]... [-v] [--openapi FILE]

The conformance run (conformance/run.py) links the corpus with ``load_api(paths, diags,
languages)``, which leaves out the config's ``[tool.codegen.openapi]`` table; until it passes its
config (``load_api(..., config)``, one argument), this runs it with the repository's config and
``[tool.codegen.openapi] path = FILE, wire = "api"`` (default: the vendored spec), so every SDK and
the curl reference scripts make the followed requests. Arguments other than ``--openapi`` go to
``python -m conformance``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from codegen import pipeline  # noqa: E402
from codegen.config import Config, OpenAPIConfig  # noqa: E402
from conformance import run  # noqa: E402

DEFAULT = "specs-openapi/open-api-spec.yaml"


def main(argv: list[str]) -> int:
    openapi = DEFAULT
    if "--openapi" in argv:
        at = argv.index("--openapi")
        openapi = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    kept: list[Config] = []
    load_config = run.load_config

    def followed_config(*args: Any, **kwargs: Any) -> Config:
        config = load_config(*args, **kwargs)
        config = config.model_copy(update={"openapi": OpenAPIConfig(path=openapi, wire="api")})
        kept.append(config)
        return config

    def followed_api(paths: list[Path], diags: Any, languages: tuple[str, ...]) -> Any:
        return pipeline.load_api(paths, diags, languages, kept[-1])

    run.load_config = followed_config  # type: ignore[assignment]
    run.load_api = followed_api  # type: ignore[assignment]
    return run.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
