"""The TypeScript (js) SDK as an npm package: ``npm pack`` (its ``prepack`` script builds the ES
module and CommonJS outputs with tsc), ``npm install`` of the tarball into a scratch consumer
project, then one call from an ES module and one from a CommonJS program, each written in
TypeScript and type-checked against the package's own declarations (``NodeNext``).

The call is the usage snippet of a GET operation of the corpus (``JsLanguage.example_call``), on
a client whose base URL is the recording server's. tsc is the one of ``.toolchains`` (``make
toolchains``); the package has no runtime dependencies, so every npm command runs offline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.fastpath import find_config
from codegen.languages.base import LanguageSettings
from codegen.languages.js.tables import CLIENT_CLASS, CLIENT_VARIABLE, DEFAULT_PACKAGE, JsSettings
from codegen.pipeline import emitter_for
from codegen.text import ts_string

from ..cases import API_KEY
from . import first_get_snippet

TOOLS: tuple[str, ...] = ("node", "npm")

ROOT = Path(__file__).resolve().parents[2]
TSC_BIN = ROOT / ".toolchains" / "node_modules" / ".bin"
SECONDS = 300

CONSUMER_TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2022"],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "strict": True,
        "types": [],
    },
    "files": ["esm.mts", "cjs.cts"],
}
# What the consumer programs print (no Node type package is installed: declared here).
CONSOLE = "declare const console: { log(...values: unknown[]): void };\n"


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    assert isinstance(settings, JsSettings)
    env = {
        **os.environ,
        "PATH": f"{TSC_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "npm_config_cache": str(work / "npm-cache"),
        "npm_config_update_notifier": "false",
    }
    if shutil.which("tsc", path=env["PATH"]) is None:
        return [f"tsc not found (in {TSC_BIN} or on PATH): run `make toolchains`"]
    package = work / "package"
    shutil.copytree(sdk, package)
    packed = work / "packed"
    packed.mkdir()
    done = _run(["npm", "pack", "--pack-destination", str(packed)], package, env)
    if done.returncode != 0:
        return [f"npm pack (its prepack build) failed:\n{(done.stdout + done.stderr)[-4000:]}"]
    tarballs = sorted(packed.glob("*.tgz"))
    if len(tarballs) != 1:
        return [f"npm pack wrote {[t.name for t in tarballs]}, expected one tarball"]
    name = settings.package_name or DEFAULT_PACKAGE
    call = _example_call()
    if call is None:
        return ["the corpus has no GET operation with a usage snippet to call"]
    consumer = work / "consumer"
    consumer.mkdir()
    (consumer / "package.json").write_text('{"name": "consumer", "private": true}\n', encoding="utf-8")
    done = _run(
        ["npm", "install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", str(tarballs[0])],
        consumer,
        env,
    )
    if done.returncode != 0:
        return [f"npm install of {tarballs[0].name} failed:\n{(done.stdout + done.stderr)[-3000:]}"]
    construct = f"new {CLIENT_CLASS}({{ apiKey: {ts_string(API_KEY)}, baseUrl: {ts_string(base_url)} }})"
    body = f"const {CLIENT_VARIABLE} = {construct};\n{call}\nconsole.log(JSON.stringify(result ?? null));\n"
    imports = f"import {{ {CLIENT_CLASS} }} from {ts_string(name)};\n"
    (consumer / "esm.mts").write_text(CONSOLE + imports + body, encoding="utf-8")
    indented = "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())
    (consumer / "cjs.cts").write_text(
        CONSOLE + imports + f"async function main(): Promise<void> {{\n{indented}}}\n\nvoid main();\n",
        encoding="utf-8",
    )
    (consumer / "tsconfig.json").write_text(json.dumps(CONSUMER_TSCONFIG, indent=2), encoding="utf-8")
    done = _run(["tsc", "-p", "tsconfig.json", "--pretty", "false"], consumer, env)
    if done.returncode != 0:
        return [f"the consumer programs do not type-check against the package:\n{done.stdout[-3000:]}"]
    problems = []
    for program in ("esm.mjs", "cjs.cjs"):
        done = _run(["node", "--unhandled-rejections=strict", program], consumer, env)
        if done.returncode != 0:
            problems.append(f"node {program} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return problems


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=SECONDS, check=False)


def _example_call() -> str | None:
    diags = Diagnostics()
    emitter = emitter_for("js", load_config(find_config(ROOT), diags), diags)
    return first_get_snippet("js", emitter)
