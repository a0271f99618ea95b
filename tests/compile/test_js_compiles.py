"""The generated TypeScript type-checks with tsc --strict (whole corpus and the fixtures)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SPECS, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.pipeline import emitter_for, load_api

TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "target": "ES2020",
        "module": "ES2020",
        "moduleResolution": "bundler",
        "lib": ["ES2020"],
        "skipLibCheck": True,
        "types": [],
    },
    "include": ["**/*.ts"],
}


def externals_stub(paths: list[Path]) -> str:
    """Stand-ins for exactly the types the docs use but never define."""
    diags = Diagnostics()
    api = load_api(paths, diags, ("js",)).languages["js"]
    emitter = emitter_for("js", Config(root=ROOT), diags)
    return "".join(f"export type {name} = unknown;\n" for name in emitter.externals(api))


def tsc_check(files: dict[str, str], paths: list[Path], tmp_path: Path) -> None:
    tsc = require_tool("tsc")
    write_tree(files, tmp_path)
    (tmp_path / "src" / "externals.ts").write_text(externals_stub(paths), encoding="utf-8")
    (tmp_path / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    result = subprocess.run(
        [tsc, "-p", str(tmp_path / "tsconfig.json"), "--pretty", "false"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_corpus_typechecks(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    files = corpus_files["js"]
    assert "src/index.ts" in files and "src/mfa.ts" in files
    tsc_check(files, [SPECS], tmp_path)


def test_fixtures_typecheck(fixture_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    tsc_check(fixture_files["js"], [SPECS / "index.mdx", FIXTURES], tmp_path)


def test_externals_are_exactly_what_is_imported(corpus_files: dict[str, dict[str, str]]) -> None:
    """Every name imported from the externals module is listed, and nothing else is."""
    imported: set[str] = set()
    for text in corpus_files["js"].values():
        for names in re.findall(r'import type \{([^}]*)\} from "(?:\./|\.\./)externals";', text):
            imported.update(n.strip().split(" as ")[0] for n in names.split(",") if n.strip())
    assert imported == set(externals_stub([SPECS]).replace("export type ", "").replace(" = unknown;", "").split())


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
