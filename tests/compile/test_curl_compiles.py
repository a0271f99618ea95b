"""Every generated curl script parses (bash -n) and passes shellcheck, corpus and fixtures."""

from __future__ import annotations

import re
import subprocess

import pytest
from helpers import FIXTURES, ROOT, SPECS, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.pipeline import emitter_for, load_api


def check(files: dict[str, str], tmp_path) -> None:
    bash = require_tool("bash")
    shellcheck = require_tool("shellcheck")
    write_tree(files, tmp_path)
    scripts = sorted(str(tmp_path / name) for name in files if name.endswith(".sh"))
    assert scripts
    # One bash for the whole tree; it runs `bash -n` per file (bash takes one script at a time).
    loop = 'for f; do "$0" -n "$f" || { echo "bash -n failed: $f"; exit 1; }; done'
    result = subprocess.run([bash, "-c", loop, bash, *scripts], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    # One shellcheck over every script, all severities.
    result = subprocess.run([shellcheck, "--norc", *scripts], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("which", ["corpus", "fixtures"])
def test_curl_scripts_check(which, corpus_files, fixture_files, tmp_path):
    files = corpus_files["curl"] if which == "corpus" else fixture_files["curl"]
    paths = [SPECS] if which == "corpus" else [SPECS / "index.mdx", FIXTURES]
    diags = Diagnostics()
    api = load_api(paths, diags, ("curl",)).languages["curl"]
    # The externals (return objects the docs never define) are only named in comments: the
    # scripts source nothing, so no stand-ins are needed.
    emitter = emitter_for("curl", Config(root=ROOT), diags)
    emitter.externals(api)
    assert not any(re.search(r"^\s*(source|\.)\s", text, re.MULTILINE) for text in files.values())
    check(files, tmp_path)
