"""The generated PHP lints (``php -l`` on every file) and every class loads through a PSR-4
autoloader, with every declared parameter, return and property type resolving to a class.

Stand-ins are written only for exactly the externals the emitter reports.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SEED, SPECS, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages.php import PhpEmitter
from codegen.pipeline import emitter_for, load_api

# Loads every class under src/ by name and checks each declared type names a real class.
CHECKER = r"""<?php
declare(strict_types=1);
[$self, $root, $prefix] = $argv;
spl_autoload_register(static function (string $class) use ($root, $prefix): void {
    if (str_starts_with($class, $prefix . '\\')) {
        $file = $root . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix) + 1)) . '.php';
        if (is_file($file)) {
            require_once $file;
        }
    }
});
$known = static fn (string $n): bool => class_exists($n) || interface_exists($n);
$check = static function (?ReflectionType $type, string $where) use ($known, &$failures): void {
    if ($type === null) {
        return;
    }
    $parts = $type instanceof ReflectionUnionType ? $type->getTypes() : [$type];
    foreach ($parts as $part) {
        if ($part instanceof ReflectionNamedType && !$part->isBuiltin() && !$known($part->getName())) {
            $failures[] = "$where: unknown type {$part->getName()}";
        }
    }
};
$failures = [];
$count = 0;
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root . '/src', FilesystemIterator::SKIP_DOTS));
$files = [];
foreach ($it as $file) {
    $files[] = $file->getPathname();
}
sort($files);
foreach ($files as $path) {
    $class = $prefix . '\\' . str_replace('/', '\\', substr($path, strlen($root . '/src/'), -4));
    try {
        if (!class_exists($class, true)) {
            $failures[] = "$path: class $class not declared there";
            continue;
        }
    } catch (Throwable $e) {
        $failures[] = "$path: " . get_class($e) . ': ' . $e->getMessage();
        continue;
    }
    $count++;
    $ref = new ReflectionClass($class);
    foreach ($ref->getMethods() as $method) {
        $check($method->getReturnType(), "$class::{$method->getName()}()");
        foreach ($method->getParameters() as $param) {
            $check($param->getType(), "$class::{$method->getName()}(\${$param->getName()})");
        }
    }
    foreach ($ref->getProperties() as $property) {
        $check($property->getType(), "$class::\${$property->getName()}");
    }
}
echo "loaded $count classes\n";
foreach ($failures as $failure) {
    echo "FAIL $failure\n";
}
exit($failures ? 1 : 0);
"""


def _stand_ins(emitter: PhpEmitter, externals: list[str]) -> dict[str, str]:
    files: dict[str, str] = {}
    prefix = emitter.namespace + "\\"
    for name in externals:
        fqn = emitter.external_class(name)
        assert fqn.startswith(prefix), fqn
        namespace, _, short = fqn.rpartition("\\")
        relative = "src/" + fqn.removeprefix(prefix).replace("\\", "/") + ".php"
        files[relative] = f"<?php\n\ndeclare(strict_types=1);\n\nnamespace {namespace};\n\nclass {short}\n{{\n}}\n"
    return files


def _check(files: dict[str, str], paths: list[Path], tmp_path: Path) -> None:
    php = require_tool("php", install="apt-get install php-cli")
    assert files, "nothing rendered"
    emitter = emitter_for("php", Config(root=ROOT), Diagnostics())
    assert isinstance(emitter, PhpEmitter)
    api = load_api(paths, Diagnostics(), ("php",)).languages["php"]
    externals = emitter.externals(api)
    stand_ins = _stand_ins(emitter, externals)
    assert not set(stand_ins) & set(files), "a stand-in would overwrite generated output"
    write_tree({**files, **stand_ins}, tmp_path)
    php_files = sorted(str(tmp_path / name) for name in files)
    lint = subprocess.run(
        ["xargs", "-0", "-n", "1", "-P", "4", php, "-n", "-l"],
        input="\0".join(php_files), capture_output=True, text=True, timeout=60, check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stdout.count("No syntax errors detected") == len(php_files)
    checker = tmp_path / "check.php"
    checker.write_text(CHECKER, encoding="utf-8")
    result = subprocess.run(
        [php, "-n", str(checker), str(tmp_path), emitter.namespace],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"loaded {len(files) + len(stand_ins)} classes" in result.stdout, result.stdout


def test_corpus_compiles(corpus_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    _check(corpus_files["php"], [SPECS], tmp_path)


def test_fixtures_compile(fixture_files: dict[str, dict[str, str]], tmp_path: Path) -> None:
    _check(fixture_files["php"], [SPECS / "index.mdx", FIXTURES], tmp_path)


def test_checker_catches_a_missing_class(tmp_path: Path) -> None:
    """The check can fail: a type naming a class nobody defines is reported."""
    broken = {
        "src/Service/Broken.php": "<?php\n\ndeclare(strict_types=1);\n\nnamespace Example\\Sdk\\Service;\n\n"
        "class Broken\n{\n    public function f(\\Example\\Sdk\\Nope $x): void\n    {\n    }\n}\n"
    }
    with pytest.raises(AssertionError, match="unknown type"):
        _check(broken, SEED, tmp_path)
