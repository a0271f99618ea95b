"""Re-create ``specs/`` from the pinned npm package of the WorkOS API reference.

The corpus is the front matter of the reference pages in
``@workos/mcp-docs-server`` (MIT). Pages are copied byte for byte under their
original relative paths; only pages whose front matter carries ``reference:``
or ``descriptions:`` are kept (the others hold nothing the generator reads).
The package's LICENSE goes beside them.

Usage: python scripts/vendor_specs.py [DEST]   (needs npm; DEST defaults to specs/)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

PACKAGE = "@workos/mcp-docs-server@0.2.0"
REFERENCE_ROOT = "package/.docs/organized/docs/reference"


def front_matter_keys(text: str) -> set[str]:
    if not text.startswith("---"):
        return set()
    head, sep, _ = text[3:].partition("\n---")
    if not sep:
        return set()
    data = yaml.safe_load(head)
    return set(data) if isinstance(data, dict) else set()


def main(argv: list[str]) -> int:
    dest = Path(argv[1] if len(argv) > 1 else "specs")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        root = Path(tmp) / REFERENCE_ROOT
        if dest.exists():
            shutil.rmtree(dest)
        kept = 0
        for page in sorted(root.rglob("*.mdx")):
            text = page.read_text(encoding="utf-8")
            if front_matter_keys(text) & {"reference", "descriptions"}:
                target = dest / page.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(page.read_bytes())
                kept += 1
        shutil.copyfile(Path(tmp) / "package" / "LICENSE", dest / "LICENSE")
        (dest / "SOURCE").write_text(
            f"{PACKAGE} ({REFERENCE_ROOT})\nRe-create with: python scripts/vendor_specs.py\n",
            encoding="utf-8",
        )
    print(f"vendored {kept} pages from {PACKAGE} into {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
