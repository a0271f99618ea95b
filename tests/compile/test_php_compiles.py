"""The generated PHP lints (``php -l`` on every file) and every class loads through a PSR-4
autoloader, with every declared parameter, return and property type resolving to a class.

Stand-ins are written only for exactly the externals the emitter reports. The toolchain
run lives in tests/toolchains.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, SEED, SPECS


def test_corpus_compiles(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    toolchains.check("php", corpus_files["php"], [SPECS], tmp_path)


def test_fixtures_compile(fixture_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    toolchains.check("php", fixture_files["php"], [SPECS / "index.mdx", FIXTURES], tmp_path)


def test_checker_catches_a_missing_class(tmp_path: Path) -> None:
    """The check can fail: a type naming a class nobody defines is reported."""
    broken = {
        "src/Service/Broken.php": "<?php\n\ndeclare(strict_types=1);\n\nnamespace Example\\Sdk\\Service;\n\n"
        "class Broken\n{\n    public function f(\\Example\\Sdk\\Nope $x): void\n    {\n    }\n}\n"
    }
    with pytest.raises(AssertionError, match="unknown type"):
        toolchains.check("php", broken, SEED, tmp_path)
