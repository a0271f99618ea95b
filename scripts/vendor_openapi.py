"""Re-create ``specs-openapi/`` from the pinned npm package of the WorkOS API's own OpenAPI spec.

The spec is ``open-api-spec.yaml`` of ``@workos/openapi-spec`` (MIT), copied byte for byte, with
the package's licence beside it as ``LICENSE``. It is the second source of ``codegen lint
--openapi`` and of ``[tool.codegen.openapi] wire = "api"``; the tests read the vendored copy, so
they run offline. ``specs/`` (the docs corpus, ``scripts/vendor_specs.py``) is a separate thing.

Usage: python scripts/vendor_openapi.py [DEST]   (needs npm; DEST defaults to specs-openapi/)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@workos/openapi-spec@0.1.0"
# File in the package -> name in DEST.
FILES = {"package/open-api-spec.yaml": "open-api-spec.yaml", "package/LICENSE.txt": "LICENSE"}


def main(argv: list[str]) -> int:
    dest = Path(argv[1] if len(argv) > 1 else "specs-openapi")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for source, name in FILES.items():
            shutil.copyfile(Path(tmp) / source, dest / name)
        (dest / "SOURCE").write_text(
            f"{PACKAGE} (open-api-spec.yaml, LICENSE.txt as LICENSE; MIT)\n"
            "Re-create with: python scripts/vendor_openapi.py\n",
            encoding="utf-8",
        )
    print(f"vendored {', '.join(FILES.values())} from {PACKAGE} into {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
