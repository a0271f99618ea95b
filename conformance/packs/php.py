"""PHP: the SDK is a Composer package.

In a copy of the rendered SDK: ``composer validate --strict`` (the manifest is complete and
valid), ``composer archive`` (the package as it would ship) and ``composer dump-autoload`` (the
PSR-4 autoloader finds the client). Then a scratch consumer project outside the SDK's folder,
whose only repository is a ``path`` repository on the unpacked archive (no registry: Composer
runs with its network off), ``composer install``s the package, and a consumer program that
loads nothing but ``vendor/autoload.php`` constructs a client on the local server and makes one
GET call: the first method of a service whose request is a GET and that takes no required
argument and that sends it (found through the services' ``REQUESTS`` maps, so the check needs
no operation name; a URL builder sends nothing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from codegen.languages.base import LanguageSettings
from codegen.text import php_string

from ..cases import API_KEY

TOOLS: tuple[str, ...] = ("php", "composer")
STEP_SECONDS = 300

CONSUMER = r"""<?php

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

[, $baseUrl, $apiKey, $namespace] = $argv;
$clientClass = $namespace . '\\Client';
if (!class_exists($clientClass)) {
    fwrite(STDERR, "the package's autoloader does not find $clientClass\n");
    exit(1);
}
$client = new $clientClass($apiKey, $baseUrl);
foreach ((new ReflectionClass($client))->getProperties(ReflectionProperty::IS_PUBLIC) as $property) {
    $type = $property->getType();
    $service = $type instanceof ReflectionNamedType ? $type->getName() : '';
    if (!str_starts_with($service, $namespace . '\\Service\\') || !defined($service . '::REQUESTS')) {
        continue;
    }
    foreach ($service::REQUESTS as $method => [$http, $path, $reply]) {
        $required = (new ReflectionMethod($service, $method))->getNumberOfRequiredParameters();
        if ($http !== 'GET' || $reply === 'url' || $required > 0) {
            continue;
        }
        $client->{$property->getName()}->{$method}();
        echo "called $service::$method\n";
        exit(0);
    }
}
fwrite(STDERR, "no service method makes a GET request without required arguments\n");
exit(1);
"""


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    namespace = str(getattr(settings, "namespace", ""))
    copy = work / "sdk"
    shutil.copytree(sdk, copy)
    manifest = copy / "composer.json"
    if not manifest.is_file():
        return ["the SDK has no composer.json"]
    name = json.loads(manifest.read_text(encoding="utf-8")).get("name")
    if not isinstance(name, str):
        return ["composer.json names no package"]
    env = {
        **os.environ,
        "COMPOSER_HOME": str(work / "composer-home"),
        "COMPOSER_CACHE_DIR": str(work / "composer-cache"),
        "COMPOSER_DISABLE_NETWORK": "1",
        "COMPOSER_NO_INTERACTION": "1",
        "COMPOSER_ALLOW_SUPERUSER": "1",
        "COMPOSER_NO_AUDIT": "1",
    }

    def run(argv: list[str], cwd: Path) -> str | None:
        """None when ``argv`` succeeds; else what went wrong, with the tool's words."""
        try:
            done = subprocess.run(
                argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            return f"`{' '.join(argv)}` ran over {STEP_SECONDS} s"
        if done.returncode != 0:
            return f"`{' '.join(argv)}` failed (exit {done.returncode}):\n{(done.stdout + done.stderr).strip()[-3000:]}"
        return None

    # The package: a valid manifest, packed as it would ship.
    dist = work / "dist"
    for argv in (["composer", "validate", "--strict"], ["composer", "archive", "--format=tar", f"--dir={dist}"]):
        problem = run(argv, copy)
        if problem:
            return [problem]
    archives = sorted(dist.glob("*.tar"))
    if len(archives) != 1:
        return [f"composer archive made {len(archives)} archives in {dist}"]
    artifact = work / "artifact"
    with tarfile.open(archives[0]) as tar:
        tar.extractall(artifact, filter="data")
    # Its autoloader, in the SDK copy: it finds the client.
    client = php_string(namespace + "\\Client")
    probe = f"require 'vendor/autoload.php'; exit(class_exists({client}) ? 0 : 1);"
    problem = run(["composer", "dump-autoload"], copy) or run(["php", "-r", probe], copy)
    if problem:
        return [problem]
    # A consumer project elsewhere installs the packed package and calls the API with it.
    consumer = work / "consumer"
    consumer.mkdir()
    version = settings.version
    project = {
        "name": "codegen/consumer",
        "type": "project",
        "repositories": [
            {"packagist": False},
            {"type": "path", "url": str(artifact), "options": {"symlink": False, "versions": {name: version}}},
        ],
        "require": {name: version},
    }
    (consumer / "composer.json").write_text(json.dumps(project, indent=4) + "\n", encoding="utf-8")
    (consumer / "main.php").write_text(CONSUMER, encoding="utf-8")
    problem = run(["composer", "install"], consumer)
    if problem:
        return [problem]
    installed = consumer / "vendor" / name
    if installed.is_symlink() or not (installed / "composer.json").is_file():
        return [f"composer install did not put a copy of {name} in vendor/"]
    problem = run(["php", "main.php", base_url, API_KEY, namespace], consumer)
    return [problem] if problem else []
