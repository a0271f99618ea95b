"""The generated PHP lints (``php -l`` on every file) and every class loads through a PSR-4
autoloader, with every declared parameter, return and property type resolving to a class;
every service's ``REQUESTS`` and every enum's cases read back equal the plan's.

No stand-in is written by hand: the SDK declares one for every type the docs never define.
The toolchain run lives in tests/toolchains.py.
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SEED, SPECS, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.php import PhpLanguage
from codegen.pipeline import emitter_for, load_api


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


# Autoloads the tree and prints, as JSON, every service's REQUESTS and every enum's cases.
PHP_REFLECT = r"""<?php
declare(strict_types=1);
[$self, $root, $prefix] = $argv;
spl_autoload_register(static function (string $class) use ($root, $prefix): void {
    $file = $root . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix) + 1)) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
$out = ['requests' => [], 'enums' => []];
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root . '/src', FilesystemIterator::SKIP_DOTS));
foreach ($it as $file) {
    $class = $prefix . '\\' . str_replace('/', '\\', substr($file->getPathname(), strlen($root . '/src/'), -4));
    if (enum_exists($class)) {
        $out['enums'][$class] = array_map(static fn ($case) => $case->value, $class::cases());
    } elseif (defined($class . '::REQUESTS')) {
        foreach ($class::REQUESTS as $method => $request) {
            if (!method_exists($class, $method)) {
                fwrite(STDERR, "$class::REQUESTS names no method $method\n");
                exit(1);
            }
            $out['requests'][] = $request;
        }
    }
}
echo json_encode($out);
"""


@pytest.mark.parametrize("tree", ["corpus", "fixtures"])
def test_requests_and_enums_match_the_plan(
    tree: str, corpus_files: dict[str, dict[str, str]], fixture_files: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    """Every service's REQUESTS holds each planned request (HTTP method, path template, what
    the method makes of the reply); every enum the plan declares is a backed enum of exactly
    its values. No stand-in is written by hand: the SDK declares its own."""
    php = require_tool("php", install="apt-get install php-cli")
    paths = [SPECS] if tree == "corpus" else [SPECS / "index.mdx", FIXTURES]
    files = (corpus_files if tree == "corpus" else fixture_files)["php"]
    config = Config(root=ROOT)
    assert toolchains.stand_ins("php", paths, config) == {}
    write_tree(files, tmp_path)
    (tmp_path / "reflect.php").write_text(PHP_REFLECT, encoding="utf-8")
    emitter = emitter_for("php", config, Diagnostics())
    assert isinstance(emitter, PhpLanguage)
    result = subprocess.run(
        [php, "-n", str(tmp_path / "reflect.php"), str(tmp_path), emitter.namespace],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    actual = json.loads(result.stdout)
    sdk = emitter.plan(load_api(paths, Diagnostics(), ("php",)).languages["php"])
    expected = [
        [m.request.method, m.request.template, m.request.reply]
        for s in sdk.services
        for m in s.methods
        if m.request is not None
    ]
    assert expected, "no HTTP calls?"
    key = functools.partial(json.dumps, sort_keys=True)
    assert sorted(map(key, actual["requests"])) == sorted(map(key, expected))
    enums = {
        emitter.fqn(d): [c.value for c in d.constants] for scope in sdk.scopes for d in scope.decls if d.kind == "enum"
    }
    assert enums, "no enums?"
    assert {name: [str(v) for v in values] for name, values in actual["enums"].items()} == enums
