"""One module per SDK language: build, pack and install the generated SDK with its ecosystem's
own commands, then make one call with it from a scratch consumer project (see
``conformance/packages.py``).

Each module defines ``TOOLS`` (executables it needs) and
``check(sdk, settings, work, base_url) -> list[str]`` (the problems found; empty: passed).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from codegen.config import load_config
from codegen.diagnostics import Diagnostics
from codegen.fastpath import find_config
from codegen.languages.base import Emitter
from codegen.pipeline import load_api
from codegen.plan.requests import request
from codegen.samples import Declarations, sample_call

ROOT = Path(__file__).resolve().parents[2]


def pack(language: str) -> ModuleType | None:
    """The packaging check of ``language``, or None when there is none yet."""
    try:
        return importlib.import_module(f"{__name__}.{language}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{language}":
            return None
        raise


def first_get_snippet(language: str, emitter: Emitter) -> str | None:
    """The usage snippet, as ``emitter`` writes it, of the first GET operation of the bundled
    corpus (by id) that sends a request and keeps its result (a JSON reply, unwrapped or not)
    and has every argument it needs: the one call a consumer of the package makes."""
    diags = Diagnostics()
    config = load_config(find_config(ROOT), diags)
    api = load_api(config.spec_paths(), diags, (language,)).languages.get(language)
    if api is None:
        return None
    decls = Declarations.of(api)
    for op in sorted(api.operations, key=lambda o: (o.id or "", o.name)):
        if op.http is None or op.http.method.upper() != "GET" or op.service is None:
            continue
        planned = request(op, api, decls)
        call = sample_call(op, api, decls)
        if call.holes or planned is None or planned.reply.kind not in ("json", "unwrap"):
            continue
        code = emitter.example_call(call, api)
        if code is not None:
            return code
    return None
