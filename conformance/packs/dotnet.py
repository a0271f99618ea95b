"""The C# SDK as a package: its project file read, its sources built into a library, the library
installed into a scratch consumer outside the SDK folder, and one call made from there.

No ``dotnet`` SDK is on this machine, and Mono's ``xbuild`` and Debian's ``nuget`` (2.8) cannot
build or pack an SDK-style project. So the check does what ``dotnet build`` would, with Mono's
``mcs``: it reads the ``.csproj`` (target framework, language version, assembly name, package id
and version, the one package reference: Newtonsoft.Json, the README it packs), compiles every
``.cs`` file the SDK-style default globs take (``bin/`` and ``obj/`` left out) into
``<AssemblyName>.dll`` with its XML docs, against Debian's Newtonsoft.Json build. The consumer
project is a folder beside it: the DLL and Newtonsoft.Json copied into its ``lib/`` (what a
restore puts beside a program), a program compiled against those files only (never the SDK's
sources) that constructs a client on the local server and makes the call the SDK's README shows,
then run with ``mono``. On a machine with the dotnet SDK the same check is::

    dotnet pack <sdk>/<AssemblyName>.csproj -c Release -o <feed>
    dotnet new console -o <consumer>
    dotnet add <consumer> package <PackageId> --version <Version> --source <feed>
    dotnet run --project <consumer>
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from codegen.languages.base import LanguageSettings

from ..cases import API_KEY
from ..drivers.dotnet import newtonsoft_json

TOOLS: tuple[str, ...] = ("mcs", "mono")
# The C# the generated code is written in (the compile tests hold it to Mono's ``-langversion:7``).
LANGVERSION = "7"
_MISSING_TYPE = re.compile(r"error CS0246: The type or namespace name `([^'`]+)' could not be found")
_NUGET_ID = re.compile(r"\w+(?:[.-]\w+)*")

CONSUMER = """\
// A consumer of the {package} package (conformance/packs/dotnet.py).
using System;
using System.Threading.Tasks;
using {namespace};

internal static class Program
{{
    private static int Main(string[] args)
    {{
        Run(args[0]).GetAwaiter().GetResult();
        Console.WriteLine("consumer: ok");
        return 0;
    }}

    private static async Task Run(string baseUrl)
    {{
        var client = new ApiClient({api_key}, baseUrl);
        // The call the SDK's README shows.
{call}
    }}
}}
"""


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    copy = work / "sdk"
    shutil.copytree(sdk, copy)
    projects = sorted(copy.glob("*.csproj"))
    if len(projects) != 1:
        return [f"expected one .csproj at the SDK's root, found {[p.name for p in projects]}"]
    project, problems = read_project(projects[0], settings)
    if problems:
        return problems
    readme = copy / project["readme"]
    call = readme_call(readme.read_text(encoding="utf-8"))
    if call is None:
        return [f"{project['readme']} shows no call (a csharp block under '## Make a call')"]

    newtonsoft = newtonsoft_json()
    build = work / "build"
    build.mkdir()
    dll = build / f"{project['assembly']}.dll"
    sources = sorted(str(p) for p in copy.rglob("*.cs") if not {"bin", "obj"} & set(p.relative_to(copy).parts[:-1]))
    done = _run(
        [
            "mcs",
            "-target:library",
            f"-langversion:{LANGVERSION}",
            f"-r:{newtonsoft}",
            "-r:System.Runtime.Serialization",
            f"-doc:{build / (project['assembly'] + '.xml')}",
            f"-out:{dll}",
            *sources,
        ]
    )
    if done.returncode != 0:
        return [build_failure(done.stdout + done.stderr)]

    # Install: the built library and its one dependency beside the consumer's program.
    consumer = work / "consumer"
    lib = consumer / "lib"
    lib.mkdir(parents=True)
    for built in (dll, dll.with_suffix(".xml")):
        shutil.copy(built, lib / built.name)
    shutil.copy(newtonsoft, lib / "Newtonsoft.Json.dll")
    program = consumer / "Program.cs"
    body = "\n".join(f"        {line}".rstrip() for line in call.splitlines())
    program.write_text(
        CONSUMER.format(
            package=project["package_id"],
            namespace=project["namespace"],
            api_key=f'"{API_KEY}"',
            call=body,
        ),
        encoding="utf-8",
    )
    exe = lib / "consumer.exe"
    references = [f"-r:{lib / dll.name}", f"-r:{lib / 'Newtonsoft.Json.dll'}", "-r:System.Runtime.Serialization"]
    done = _run(["mcs", f"-langversion:{LANGVERSION}", *references, f"-out:{exe}", str(program)])
    if done.returncode != 0:
        return [f"the consumer program did not compile against the package:\n{_errors(done.stdout + done.stderr)}"]
    done = _run(["mono", str(exe), base_url], cwd=consumer)
    if done.returncode != 0 or "consumer: ok" not in done.stdout:
        return [f"the consumer program failed (exit {done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}"]
    return []


def read_project(path: Path, settings: LanguageSettings) -> tuple[dict[str, str], list[str]]:
    """What the check needs of the project file, and what is wrong with it."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return {}, [f"{path.name} is not XML: {exc}"]
    problems = []
    if root.tag != "Project" or root.get("Sdk") != "Microsoft.NET.Sdk":
        problems.append(f'{path.name} is not an SDK-style project (<Project Sdk="Microsoft.NET.Sdk">)')
    props = {el.tag: (el.text or "").strip() for group in root.iter("PropertyGroup") for el in group}
    for key in ("TargetFramework", "LangVersion", "AssemblyName", "RootNamespace", "PackageId", "Version"):
        if not props.get(key):
            problems.append(f"{path.name} sets no {key}")
    if props.get("LangVersion") and not props["LangVersion"].startswith("7"):
        problems.append(f"{path.name}: LangVersion {props['LangVersion']}, the generated code is C# 7")
    if props.get("PackageId") and not _NUGET_ID.fullmatch(props["PackageId"]):
        problems.append(f"{path.name}: PackageId {props['PackageId']!r} is not a NuGet package id")
    if props.get("Version") and props["Version"] != settings.version:
        problems.append(f"{path.name}: Version {props['Version']}, the settings say {settings.version}")
    references = {el.get("Include"): el.get("Version") or "" for el in root.iter("PackageReference")}
    if set(references) != {"Newtonsoft.Json"}:
        problems.append(
            f"{path.name}: package references {sorted(map(str, references))}, expected Newtonsoft.Json only"
        )
    elif not re.fullmatch(r"\[?\d+\.\d+\.\d+\]?", references["Newtonsoft.Json"]):
        problems.append(f"{path.name}: Newtonsoft.Json is not pinned to one version: {references['Newtonsoft.Json']!r}")
    readme = props.get("PackageReadmeFile", "")
    packed = {el.get("Include") for el in root.iter("None") if el.get("Pack") == "true"}
    if not readme or readme not in packed or not (path.parent / readme).is_file():
        problems.append(f"{path.name}: the README it packs ({readme or 'none'}) is missing")
    project = {
        "assembly": props.get("AssemblyName", ""),
        "namespace": props.get("RootNamespace", ""),
        "package_id": props.get("PackageId", ""),
        "readme": readme,
    }
    return project, problems


def readme_call(text: str) -> str | None:
    """The code of the first csharp block under the README's ``## Make a call``."""
    section = re.search(r"^## Make a call\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    if section is None:
        return None
    block = re.search(r"^(`{3,})csharp\n(.*?)^\1\s*$", section.group(1), re.MULTILINE | re.DOTALL)
    return block.group(2) if block else None


def build_failure(output: str) -> str:
    """The build's errors; named plainly when every one is a type the SDK never defines (the plan
    declares a stand-in for each type the docs never define: one missing is a bug of codegen)."""
    errors = [line for line in output.splitlines() if "error CS" in line]
    missing = sorted({m.group(1).split("<", 1)[0] for m in map(_MISSING_TYPE.search, errors) if m})
    if errors and all(_MISSING_TYPE.search(line) for line in errors):
        return (
            f"the SDK does not build: it uses types it never defines: {', '.join(missing)} "
            "(each should have a stand-in in Externals/; see `codegen externals --lang dotnet`)"
        )
    return f"the SDK does not build (mcs):\n{_errors(output)}"


def _errors(output: str) -> str:
    errors = [line for line in output.splitlines() if "error CS" in line]
    return "\n".join(errors[:40]) if errors else output[-3000:]


def _run(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
