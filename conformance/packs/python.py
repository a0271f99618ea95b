"""The Python SDK is a package: ``python -m build`` makes its sdist and wheel (in a scratch venv
that has ``build``), the wheel installs into a scratch consumer venv with ``pip --no-index`` (so
it declares no dependency: the runtime is the standard library's), and a consumer program there,
run isolated (``python -I``, so only the installed package can be imported), constructs a client
and makes one GET call against the recording server (see ``conformance/packages.py``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from codegen.diagnostics import Diagnostics
from codegen.languages.base import LanguageSettings
from codegen.languages.python import PythonLanguage, PythonSettings
from codegen.render import environment

from ..cases import API_KEY
from . import first_get_snippet

TOOLS: tuple[str, ...] = ()
SECONDS = 600

# Constructs a client, makes the first GET operation's call as its usage snippet writes it, and
# prints the type of what it returned.
CONSUMER = """\
import os
import sys

import {package} as sdk

base_url = sys.argv[1]
where = os.path.dirname(sdk.__file__)
if "site-packages" not in where.split(os.sep):
    sys.exit(f"{package} was imported from {{where}}, not from the installed wheel")
if not os.path.isfile(os.path.join(where, "py.typed")):
    sys.exit("the installed package has no py.typed")

client = sdk.Client({api_key}, client_id="client_conformance", base_url=base_url, max_retries=0, timeout=30)
{call}
print(f"called -> {{type(result).__name__}}")
"""


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    package: str = getattr(settings, "package")  # noqa: B009 (PythonSettings; the contract types it as the base)
    source = work / "sdk"
    shutil.copytree(sdk, source)
    problems: list[str] = []

    tools = _venv(work / "tools", problems)
    if tools is None or not _run([tools, "-m", "pip", "install", "--quiet", "build"], work, problems):
        return problems or ["could not install `build` into the scratch venv"]
    dist = work / "dist"
    if not _run([tools, "-m", "build", "--outdir", str(dist), str(source)], work, problems):
        return problems
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"`python -m build` made {[p.name for p in dist.iterdir()]}, expected one wheel and one sdist"]
    problems += _contents(wheels[0], sdists[0], package)

    consumer = work / "consumer"
    consumer.mkdir()
    python = _venv(consumer / ".venv", problems)
    if python is None:
        return problems
    if not _run([python, "-m", "pip", "install", "--quiet", "--no-index", str(wheels[0])], consumer, problems):
        return problems
    assert isinstance(settings, PythonSettings)
    call = first_get_snippet("python", PythonLanguage(settings, environment("python"), Diagnostics()))
    if call is None:
        return [*problems, "the API has no GET operation with a usage snippet to call"]
    consumer_text = CONSUMER.format(package=package, api_key=repr(API_KEY), call=call)
    (consumer / "main.py").write_text(consumer_text, encoding="utf-8")
    _run([python, "-I", "main.py", base_url], consumer, problems)
    return problems


def _contents(wheel: Path, sdist: Path, package: str) -> list[str]:
    """The wheel holds the import package (``py.typed`` included) and nothing beside it; the
    sdist holds the manifest and the README."""
    top = package.replace(".", "/")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    problems = []
    if f"{top}/py.typed" not in names or f"{top}/__init__.py" not in names:
        problems.append(f"the wheel lacks {top}/__init__.py or {top}/py.typed: {names[:20]}")
    stray = [n for n in names if not n.startswith(f"{top}/") and ".dist-info/" not in n]
    if stray:
        problems.append(f"the wheel holds files outside {top}/: {stray[:20]}")
    with tarfile.open(sdist) as archive:
        members = {Path(m.name).name for m in archive.getmembers()}
    problems += [f"the sdist lacks {name}" for name in ("pyproject.toml", "README.md") if name not in members]
    return problems


def _venv(folder: Path, problems: list[str]) -> str | None:
    """A new virtual environment (with pip) at ``folder``; its python."""
    if not _run([sys.executable, "-m", "venv", str(folder)], folder.parent, problems):
        return None
    return str(folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))


def _run(argv: list[str], cwd: Path, problems: list[str]) -> bool:
    # The server is on 127.0.0.1: never through a proxy from the environment.
    env = {**os.environ, "no_proxy": "127.0.0.1,localhost", "NO_PROXY": "127.0.0.1,localhost"}
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=SECONDS, check=False)
    except subprocess.TimeoutExpired:
        problems.append(f"`{' '.join(argv)}` ran over {SECONDS} s")
        return False
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()[-3000:]
        problems.append(f"`{' '.join(argv)}` failed (exit {done.returncode}):\n{output}")
        return False
    return True
