"""The generated TypeScript type-checks with tsc --strict (whole corpus and the fixtures), with
no hand-written file: the SDK declares a stand-in for every type the docs never define.

The toolchain run (tsc --strict) lives in tests/toolchains.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, SPECS, TOOLCHAINS, write_tree


def test_corpus_typechecks(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    files = corpus_files["js"]
    assert "src/index.ts" in files and "src/mfa.ts" in files and "src/interfaces/externals.ts" in files
    assert toolchains.stand_ins("js", [SPECS]) == {}
    toolchains.check("js", files, [SPECS], tmp_path)


def test_fixtures_typecheck(fixture_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    toolchains.check("js", fixture_files["js"], [SPECS / "index.mdx", FIXTURES], tmp_path)


# Loads the built package both ways; the typed errors are the classes of the module loaded.
ESM_CHECK = """
import { WorkOS, ApiError, NotFoundError } from "./dist/esm/index.js";
const transport = { send: async () => ({ status: 404, headers: {}, body: "" }) };
const error = await new WorkOS({ apiKey: "k", transport }).sso.getConnection("c").catch((e) => e);
console.log(JSON.stringify(["esm", error instanceof NotFoundError, error instanceof ApiError, error.status]));
"""
CJS_CHECK = """
const { WorkOS, ApiError, NotFoundError } = require("./dist/cjs/index.js");
const transport = { send: async () => ({ status: 404, headers: {}, body: "" }) };
new WorkOS({ apiKey: "k", transport }).sso.getConnection("c").catch((error) => {
  console.log(JSON.stringify(["cjs", error instanceof NotFoundError, error instanceof ApiError, error.status]));
});
"""


def test_the_package_builds_as_es_module_and_commonjs(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    """The package's own build (``npm run build``: tsc with its tsconfig files, strict, NodeNext and
    CommonJS, declarations), then node loads each output."""
    npm, node = shutil.which("npm"), shutil.which("node")
    tsc = shutil.which("tsc") or shutil.which("tsc", path=str(TOOLCHAINS / "node_modules" / ".bin"))
    if npm is None or node is None or tsc is None:
        pytest.skip("npm, node or tsc not found; install the toolchains with `make toolchains`")
    write_tree(corpus_files["js"], tmp_path)
    env = {**os.environ, "PATH": f"{Path(tsc).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([npm, "run", "build"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for kind in ("esm", "cjs"):
        assert (tmp_path / "dist" / kind / "index.d.ts").is_file()
        assert (tmp_path / "dist" / kind / "runtime.d.ts").is_file()
    (tmp_path / "check.mjs").write_text(ESM_CHECK, encoding="utf-8")
    (tmp_path / "check.cjs").write_text(CJS_CHECK, encoding="utf-8")
    for script, kind in (("check.mjs", "esm"), ("check.cjs", "cjs")):
        done = subprocess.run([node, script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == [kind, True, True, 404]


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
