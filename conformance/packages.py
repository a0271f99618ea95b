"""``python -m conformance.packages`` (``make packages``): every generated SDK is a package.

Renders the bundled corpus into a temporary folder, exactly as ``codegen generate`` writes it,
and for each SDK language runs ``conformance/packs/<language>.py``: build and pack the SDK with
the ecosystem's own commands (``python -m build``, ``npm pack``, ``mvn package``, ``gem build``,
``composer validate``, ``go build``/``go vet``, the C# compiler), install the result into a
scratch consumer project outside the SDK's folder, and run one call there against a local
recording server. Nothing is added to the SDK by hand: a file the build needs is generated or
the check fails.

A check passes when its module reports no problem and the server saw at least one request
carrying the API key. Prints ``packages: <language> ok|FAILED`` per language; exits 1 on any
failure.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.fastpath import find_config
from codegen.languages import EMITTERS
from codegen.pipeline import load_api, render

from .cases import API_KEY
from .packs import pack
from .server import Reply, Server

ROOT = Path(__file__).resolve().parents[1]
# The key every consumer program uses: its client's base URL is ``<server>/c/<KEY>``.
KEY = "pkg"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.packages", description=__doc__)
    parser.add_argument("--lang", action="append", choices=sorted(set(EMITTERS) - {"curl"}), help="only this language")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and print its path")
    args = parser.parse_args(argv)
    languages = tuple(args.lang or sorted(set(EMITTERS) - {"curl"}))
    started = time.monotonic()
    diags = Diagnostics()
    config = load_config(find_config(ROOT), diags)
    api = load_api(config.spec_paths(), diags, tuple(EMITTERS))
    files = render(api, config, tuple(EMITTERS), diags)
    if diags.has_errors():
        print(diags.render(), file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="codegen-packages-"))
    failed: list[str] = []
    try:
        out = work / "sdk"
        for rel, text in files.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            if text.startswith("#!"):
                target.chmod(0o755)
        for language in languages:
            problems = check_language(language, out / config.out_dir(language), config, work / f"work-{language}")
            print(f"packages: {language} {'ok' if not problems else 'FAILED'}", flush=True)
            for problem in problems:
                print("  " + problem.replace("\n", "\n  "))
            if problems:
                failed.append(language)
    finally:
        if args.keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"packages: {len(languages) - len(failed)} of {len(languages)} passed in {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


def check_language(language: str, sdk: Path, config: object, work: Path) -> list[str]:
    module = pack(language)
    if module is None:
        return [f"no packaging check (conformance/packs/{language}.py)"]
    missing = [tool for tool in getattr(module, "TOOLS", ()) if shutil.which(tool) is None]
    if missing:
        return [f"missing tools: {', '.join(missing)} (run `make toolchains`)"]
    work.mkdir(parents=True, exist_ok=True)
    settings = config.language_settings(language)  # type: ignore[attr-defined]
    with Server() as server:
        server.recorder.responders[KEY] = lambda request: Reply(200, {})
        try:
            problems = list(module.check(sdk, settings, work, f"{server.url}/c/{KEY}"))
        except Exception:
            return [f"the check raised:\n{traceback.format_exc()}"]
        sent = server.recorder.requests.get(KEY, [])
    if not problems and not any(r.headers.get("authorization") == f"Bearer {API_KEY}" for r in sent):
        problems.append("the consumer program sent no request with the API key to the local server")
    return problems


if __name__ == "__main__":
    sys.exit(main())
