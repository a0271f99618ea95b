"""Every generated curl script parses (bash -n) and passes shellcheck, corpus and fixtures.

The toolchain run lives in tests/toolchains.py; it also asserts that no script sources
anything (the externals are only named in comments, so no stand-ins are needed).
"""

from __future__ import annotations

import pytest
import toolchains
from helpers import FIXTURES, SPECS


@pytest.mark.parametrize("which", ["corpus", "fixtures"])
def test_curl_scripts_check(which, corpus_files, fixture_files, tmp_path):
    files = corpus_files["curl"] if which == "corpus" else fixture_files["curl"]
    paths = [SPECS] if which == "corpus" else [SPECS / "index.mdx", FIXTURES]
    toolchains.check("curl", files, paths, tmp_path)
