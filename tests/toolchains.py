"""The real toolchain of each language over one rendered tree, behind one entry point.

``check(language, files, paths, tmp)`` writes ``files`` (one language's render, keyed by
path relative to that language's output folder) into ``tmp`` together with stand-ins for
exactly the externals the docs in ``paths`` use, runs that language's toolchain(s) and
raises ``AssertionError`` with the tools' output when anything is rejected. A missing
tool skips the test (fails it with ``CODEGEN_REQUIRE_TOOLCHAINS=1``), see
:func:`helpers.require_tool`.

======== =====================================================================
go       ``gofmt -l``, ``go vet``, ``go build`` (no stand-ins: the SDK declares its own)
java     ``javac -parameters -Xlint:all -Werror -Xdoclint:all,-missing`` against
         jackson-annotations, -core and -databind (classes are left in ``tmp/classes``)
js       ``tsc --strict`` (noEmit)
python   ``black --check``, pyflakes' rules (``ruff --select F``), ``mypy --strict``, every module imported
php      ``php -l`` on every file, every class loaded through a PSR-4 autoloader and
         every declared type resolving to a class
ruby     every file compiled with ``$VERBOSE`` (no warnings), the library loaded
dotnet   ``mcs -langversion:7 -warn:4`` with Newtonsoft.Json and
         System.Runtime.Serialization; no warning other than XML-doc ones
curl     ``bash -n`` and ``shellcheck`` on every script
======== =====================================================================

``config`` (keyword) is the configuration the files were rendered with: the stand-ins
depend on its package/namespace settings. Default: ``Config(root=ROOT)``.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import REQUIRE_TOOLCHAINS, ROOT, require_tool, write_tree

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.dotnet import DotnetLanguage
from codegen.languages.go import GoLanguage
from codegen.languages.java import JavaLanguage
from codegen.languages.js import JsLanguage
from codegen.languages.php import PhpLanguage
from codegen.languages.python import PythonLanguage
from codegen.languages.ruby import RubyLanguage
from codegen.pipeline import emitter_for, load_api

LANGUAGES = ("curl", "dotnet", "go", "java", "js", "php", "python", "ruby")


def check(language: str, files: dict[str, str], paths: list[Path], tmp: Path, *, config: Config | None = None) -> None:
    """Run ``language``'s toolchain over ``files`` (+ stand-ins for the externals of ``paths``)."""
    config = config or Config(root=ROOT)
    assert files, f"nothing rendered for {language}"
    tmp.mkdir(parents=True, exist_ok=True)
    _CHECKS[language](files, paths, tmp, config)


def stand_ins(language: str, paths: list[Path], config: Config | None = None) -> dict[str, str]:
    """Stand-in files for exactly the externals of ``paths``, keyed like the rendered files."""
    config = config or Config(root=ROOT)
    emitter, api = _emitter_api(language, paths, config)
    return _STAND_INS[language](emitter, api)


def _emitter_api(language: str, paths: list[Path], config: Config) -> tuple[Emitter, LanguageAPI]:
    api = load_api(paths, Diagnostics(), (language,)).languages[language]
    return emitter_for(language, config, Diagnostics()), api


def _write_with_stand_ins(
    language: str, files: dict[str, str], paths: list[Path], tree: Path, config: Config
) -> dict[str, str]:
    extra = stand_ins(language, paths, config)
    assert not set(extra) & set(files), "a stand-in would overwrite generated output"
    write_tree({**files, **extra}, tree)
    return extra


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


# --------------------------------------------------------------------------- go

_GO_CACHE: list[Path] = []
_GO_CACHE_LOCK = threading.Lock()


def _go_cache() -> Path:
    """One build cache per test session: the standard library is compiled once."""
    with _GO_CACHE_LOCK:
        if not _GO_CACHE:
            _GO_CACHE.append(Path(tempfile.mkdtemp(prefix="codegen-gocache-")))
            atexit.register(shutil.rmtree, _GO_CACHE[0], ignore_errors=True)
        return _GO_CACHE[0]


def _go_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK declares a stand-in for every type the docs never define (no hand-written file)."""
    assert isinstance(emitter, GoLanguage)
    return {}


def go_env() -> dict[str, str]:
    """The environment every go command of the tests runs in: offline, the session's build cache."""
    cache = _go_cache()
    return {
        **os.environ,
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "GOCACHE": str(cache / "build"),
        "GOPATH": str(cache / "gopath"),
        "CGO_ENABLED": "0",
        "GOTOOLCHAIN": "local",
    }


def _go(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    go = require_tool("go")
    assert any(name.endswith(".go") for name in files)
    env = go_env()
    tree = write_tree(files, tmp / "src")
    goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, env=env, check=True).stdout.strip()
    gofmt = Path(goroot) / "bin" / "gofmt"
    unformatted = _run([str(gofmt), "-l", "."], cwd=tree)
    assert unformatted.returncode == 0, "gofmt failed:\n" + unformatted.stdout + unformatted.stderr
    assert unformatted.stdout == "", "gofmt would change:\n" + unformatted.stdout
    for args in (["vet", "./..."], ["build", "./..."]):
        result = _run([go, *args], cwd=tree, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------------- java

JAVAC_FLAGS = ["-parameters", "-encoding", "UTF-8", "-Xlint:all", "-Werror", "-Xdoclint:all,-missing"]
# Debian's libjackson2-annotations-java and libjackson2-databind-java (``make toolchains``): the
# generated Java carries the wire in Jackson annotations; databind (and core) read them back.
JACKSON_FOLDER = Path("/usr/share/java")


def jackson_classpath(*jars: str) -> str:
    """The class path of the named Jackson jars (default: the annotations the generated code
    compiles against); skips (or fails in CI) when one is missing."""
    paths = [JACKSON_FOLDER / f"jackson-{jar}.jar" for jar in jars or ("annotations",)]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        message = f"{', '.join(missing)} not found; install the toolchains with `make toolchains`"
        if REQUIRE_TOOLCHAINS:
            pytest.fail(message)
        pytest.skip(message)
    return os.pathsep.join(str(path) for path in paths)


def _java_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK declares a stand-in for every type the docs never define (no hand-written file)."""
    assert isinstance(emitter, JavaLanguage)
    return {}


def _java(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    javac = require_tool("javac")
    _write_with_stand_ins("java", files, paths, tmp / "src", config)
    sources = sorted(str(p) for p in (tmp / "src").rglob("*.java"))
    assert sources
    (tmp / "sources.txt").write_text("\n".join(f'"{s}"' for s in sources) + "\n")
    classpath = jackson_classpath("annotations", "core", "databind")
    result = _run([javac, *JAVAC_FLAGS, "-cp", classpath, "-d", str(tmp / "classes"), f"@{tmp / 'sources.txt'}"])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]


# --------------------------------------------------------------------------- js

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


def _js_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK declares a stand-in for every type the docs never define (no hand-written file)."""
    assert isinstance(emitter, JsLanguage)
    return {}


def _js(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    tsc = require_tool("tsc")
    _write_with_stand_ins("js", files, paths, tmp, config)
    (tmp / "tsconfig.json").write_text(json.dumps(TSCONFIG), encoding="utf-8")
    result = _run([tsc, "-p", str(tmp / "tsconfig.json"), "--pretty", "false"], timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# ----------------------------------------------------------------------- python

# Imports every module named on the command line, in a fresh interpreter.
_IMPORT_ALL = """
import importlib, sys
sys.path.insert(0, sys.argv[1])
for m in sys.argv[2:]:
    importlib.import_module(m)
"""


def _python_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK declares a stand-in for every type the docs never define (no hand-written file)."""
    assert isinstance(emitter, PythonLanguage)
    return {}


def _python(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    require_tool("black", "pip install black")
    require_tool("mypy", "pip install mypy")
    package = config.language_settings("python").package  # type: ignore[attr-defined]
    _write_with_stand_ins("python", files, paths, tmp, config)
    result = _run([sys.executable, "-m", "black", "--check", "--quiet", str(tmp)])
    assert result.returncode == 0, "black --check:\n" + result.stdout + result.stderr
    # pyflakes' rules (unused imports and names, undefined names), as ruff runs them
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "--select", "F", str(tmp / package)]
    result = _run(ruff)
    assert result.returncode == 0, "ruff --select F:\n" + result.stdout[-5000:] + result.stderr
    result = _run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp / ".mypy"),
            "-p",
            package,
        ],
        cwd=tmp,
    )
    assert result.returncode == 0, "mypy --strict:\n" + result.stdout[-5000:] + result.stderr[-2000:]
    modules = sorted(
        ".".join(path.relative_to(tmp).with_suffix("").parts).removesuffix(".__init__")
        for path in (tmp / package).rglob("*.py")
    )
    assert modules
    result = _run([sys.executable, "-c", _IMPORT_ALL, str(tmp), *modules], cwd=tmp)
    assert result.returncode == 0, "import:\n" + result.stdout + result.stderr


# -------------------------------------------------------------------------- php

# Loads every class under src/ by name and checks each declared type names a real class.
PHP_CHECKER = r"""<?php
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
// Enums' own from()/tryFrom() return `static`: a class, not a builtin, for Reflection.
$known = static fn (string $n): bool
    => class_exists($n) || interface_exists($n) || in_array($n, ['static', 'self'], true);
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
        if (!class_exists($class, true) && !interface_exists($class, false)) {
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


def _php_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK declares a stand-in for every type the docs never define (no hand-written file)."""
    assert isinstance(emitter, PhpLanguage)
    return {}


def _php(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    php = require_tool("php", install="apt-get install php-cli")
    emitter = emitter_for("php", config, Diagnostics())
    assert isinstance(emitter, PhpLanguage)
    extra = _write_with_stand_ins("php", files, paths, tmp, config)
    # The package's composer.json and README.md are not code (conformance/packs/php.py checks them).
    classes = [name for name in files if name.endswith(".php")]
    php_files = sorted(str(tmp / name) for name in classes)
    lint = _run(["xargs", "-0", "-n", "1", "-P", "4", php, "-n", "-l"], input="\0".join(php_files), timeout=60)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stdout.count("No syntax errors detected") == len(php_files), lint.stdout
    checker = tmp / "check.php"
    checker.write_text(PHP_CHECKER, encoding="utf-8")
    result = _run([php, "-n", str(checker), str(tmp), emitter.namespace], timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"loaded {len(classes) + len(extra)} classes" in result.stdout, result.stdout


# ------------------------------------------------------------------------- ruby

# Compiles every file given on the command line; any syntax error or warning goes to stderr.
RUBY_COMPILE = r"""
$VERBOSE = true
failed = false
ARGV.each do |path|
  RubyVM::InstructionSequence.compile_file(path)
rescue SyntaxError => e
  warn "#{path}: #{e.message}"
  failed = true
end
exit(failed ? 1 : 0)
"""


def _ruby_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK says what stands for every type the docs never define (models/externals.rb),
    and names types in YARD comments and type texts only (loading the library proves it)."""
    assert isinstance(emitter, RubyLanguage)
    return {}


def _ruby(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    ruby = require_tool("ruby", "apt-get install ruby")
    _write_with_stand_ins("ruby", files, paths, tmp, config)
    sources = sorted(str(tmp / name) for name in files if name.endswith(".rb"))
    assert sources
    result = _run([ruby, "-e", RUBY_COMPILE, *sources], timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    emitter = emitter_for("ruby", config, Diagnostics())
    assert isinstance(emitter, RubyLanguage)
    top = tmp / "lib" / f"{emitter.require_path()}.rb"
    assert top.is_file(), top
    result = _run([ruby, "-W2", "-e", "$VERBOSE = true; require ARGV[0]", str(top)], timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr  # no warnings (redefinitions, circular requires)


# ----------------------------------------------------------------------- dotnet

LANGVERSION = "7"
# Debian's libnewtonsoft-json-cil-dev (``make toolchains``): the library, and its GAC copy.
NEWTONSOFT_JSON = (
    "/usr/lib/cli/Newtonsoft.Json*/Newtonsoft.Json.dll",
    "/usr/lib/mono/gac/Newtonsoft.Json/*/Newtonsoft.Json.dll",
)


def newtonsoft_json() -> str:
    """The Newtonsoft.Json assembly the generated C# is compiled against; skips (or fails in CI) without it."""
    for pattern in NEWTONSOFT_JSON:
        found = sorted(Path("/").glob(pattern.lstrip("/")))
        if found:
            return str(found[-1])
    message = "Newtonsoft.Json not found; install the toolchains with `make toolchains`"
    if REQUIRE_TOOLCHAINS:
        pytest.fail(message)
    pytest.skip(message)


def _dotnet_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    """None: the SDK declares a stand-in for every type the docs never define (no hand-written file)."""
    assert isinstance(emitter, DotnetLanguage)
    return {}


def _dotnet(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    mcs = require_tool("mcs", "apt-get install mono-mcs")
    newtonsoft = newtonsoft_json()
    _write_with_stand_ins("dotnet", files, paths, tmp / "src", config)
    sources = sorted(str(p) for p in (tmp / "src").rglob("*.cs"))
    result = _run(
        [
            mcs,
            "-target:library",
            f"-langversion:{LANGVERSION}",
            "-warn:4",
            f"-r:{newtonsoft}",
            "-r:System.Runtime.Serialization",
            f"-out:{tmp / 'out.dll'}",
            f"-doc:{tmp / 'out.xml'}",
            *sources,
        ],
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Warnings other than XML doc ones (CS1591 etc. are about references we leave relative) are defects.
    warnings = [line for line in result.stdout.splitlines() if "warning CS" in line]
    assert warnings == [], "\n".join(warnings)


# ------------------------------------------------------------------------- curl


def _curl_stand_ins(emitter: Emitter, api: LanguageAPI) -> dict[str, str]:
    # The externals (return objects the docs never define) are only named in comments:
    # the scripts source nothing, so no stand-ins are needed.
    emitter.externals(api)
    return {}


def _curl(files: dict[str, str], paths: list[Path], tmp: Path, config: Config) -> None:
    bash = require_tool("bash")
    shellcheck = require_tool("shellcheck")
    assert not any(re.search(r"^\s*(source|\.)\s", text, re.MULTILINE) for text in files.values())
    _write_with_stand_ins("curl", files, paths, tmp, config)
    scripts = sorted(str(tmp / name) for name in files if name.endswith(".sh"))
    assert scripts
    # One bash for the whole tree; it runs `bash -n` per file (bash takes one script at a time).
    loop = 'for f; do "$0" -n "$f" || { echo "bash -n failed: $f"; exit 1; }; done'
    result = _run([bash, "-c", loop, bash, *scripts])
    assert result.returncode == 0, result.stdout + result.stderr
    # One shellcheck over every script, all severities.
    result = _run([shellcheck, "--norc", *scripts])
    assert result.returncode == 0, result.stdout + result.stderr


_CHECKS: dict[str, Callable[[dict[str, str], list[Path], Path, Config], None]] = {
    "curl": _curl,
    "dotnet": _dotnet,
    "go": _go,
    "java": _java,
    "js": _js,
    "php": _php,
    "python": _python,
    "ruby": _ruby,
}
_STAND_INS: dict[str, Callable[[Emitter, LanguageAPI], dict[str, str]]] = {
    "curl": _curl_stand_ins,
    "dotnet": _dotnet_stand_ins,
    "go": _go_stand_ins,
    "java": _java_stand_ins,
    "js": _js_stand_ins,
    "php": _php_stand_ins,
    "python": _python_stand_ins,
    "ruby": _ruby_stand_ins,
}
assert set(_CHECKS) == set(_STAND_INS) == set(LANGUAGES)
