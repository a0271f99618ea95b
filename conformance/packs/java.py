"""The Java SDK as a Maven package: ``mvn package`` builds the jar from the generated ``pom.xml``
(nothing added by hand: the SDK declares its stand-ins), ``mvn install`` puts it into a scratch
local repository (seeded from ``~/.m2``), and a scratch consumer project outside the SDK's folder
depends on its coordinates and makes one GET call with it (the usage snippet of the operation,
``mvn compile exec:java``) against the recording server."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import LanguageAPI
from codegen.languages.base import LanguageSettings
from codegen.languages.java import JavaLanguage, java_string
from codegen.pipeline import emitter_for, load_api
from codegen.plan.requests import request
from codegen.samples import Declarations, sample_call

from ..cases import API_KEY

TOOLS: tuple[str, ...] = ("mvn", "java")
ROOT = Path(__file__).resolve().parents[2]
# The consumer's one Maven plugin beyond the defaults: it runs the program.
EXEC_PLUGIN = ("org.codehaus.mojo", "exec-maven-plugin", "3.5.0")
MVN_SECONDS = 900
_POM = "{http://maven.apache.org/POM/4.0.0}"


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    mvn = shutil.which("mvn") or "mvn"
    pom = sdk / "pom.xml"
    if not pom.is_file():
        return [f"the SDK has no pom.xml ({sdk})"]
    coordinates = _coordinates(pom)
    if isinstance(coordinates, str):
        return [coordinates]
    group, artifact, version = coordinates
    built = work / "sdk"
    shutil.copytree(sdk, built)
    repo = work / "m2"
    _seed(repo, skip=Path(*group.split("."), artifact))
    maven = [mvn, "-B", "-q", "-Dstyle.color=never", f"-Dmaven.repo.local={repo}"]

    done = _run([*maven, "package"], built)
    if done.returncode != 0:
        return [_build_failure(done, settings)]
    jar = built / "target" / f"{artifact}-{version}.jar"
    if not jar.is_file():
        return [f"mvn package made no {jar.name} in target/"]
    done = _run([*maven, "install"], built)
    if done.returncode != 0:
        return [f"mvn install failed:\n{_output(done)}"]
    installed = repo.joinpath(*group.split("."), artifact, version, f"{artifact}-{version}.jar")
    if not installed.is_file():
        return [f"mvn install put no {installed.name} into the scratch repository"]

    call = _consumer_program(settings)
    if call is None:
        return ["no GET operation of the Java SDK returns an object: nothing for the consumer to call"]
    consumer = work / "consumer"
    source = consumer / "src" / "main" / "java" / "consumer" / "Main.java"
    source.parent.mkdir(parents=True)
    (consumer / "pom.xml").write_text(_consumer_pom(group, artifact, version), encoding="utf-8")
    source.write_text(call, encoding="utf-8")
    done = _run([*maven, "compile", "exec:java", "-Dexec.mainClass=consumer.Main", f"-Dexec.args={base_url}"], consumer)
    if done.returncode != 0:
        return [f"the consumer program failed:\n{_output(done)}"]
    if "consumer: ok" not in done.stdout:
        return [f"the consumer program did not finish its call:\n{_output(done)}"]
    return []


def _coordinates(pom: Path) -> tuple[str, str, str] | str:
    try:
        root = ET.parse(pom).getroot()
    except ET.ParseError as exc:
        return f"pom.xml is not XML: {exc}"
    values = [root.findtext(f"{_POM}{key}") for key in ("groupId", "artifactId", "version")]
    if not all(values):
        return f"pom.xml lacks groupId, artifactId or version: {values}"
    group, artifact, version = (v.strip() for v in values if v)
    return group, artifact, version


def _seed(repo: Path, skip: Path) -> None:
    """The scratch local repository starts as a copy of ``~/.m2/repository`` (what the machine
    already downloaded), without any earlier copy of the SDK itself."""
    home = Path.home() / ".m2" / "repository"
    if home.is_dir():
        shutil.copytree(home, repo, symlinks=True, ignore_dangling_symlinks=True)
        shutil.rmtree(repo / skip, ignore_errors=True)
    else:
        repo.mkdir(parents=True)


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=MVN_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(argv, 124, str(exc.stdout or ""), f"timed out after {MVN_SECONDS} s")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _output(done: subprocess.CompletedProcess[str], limit: int = 4000) -> str:
    """What Maven said, without colours, up to its first "Failed to execute goal" (the rest
    repeats it), at most ``limit`` characters of its end."""
    text = _ANSI.sub("", done.stdout + done.stderr).strip()
    text = text.split("[ERROR] Failed to execute goal", 1)[0].strip() or text
    return text if len(text) <= limit else "..." + text[-limit:]


def _build_failure(done: subprocess.CompletedProcess[str], settings: LanguageSettings) -> str:
    """Why ``mvn package`` failed; when javac misses the types the docs never define, says so
    first, naming them."""
    emitter, api = _emitter(settings)
    externals = emitter.externals(api)
    output = done.stdout + done.stderr
    missing = [name for name in externals if re.search(rf"\b{re.escape(name.rpartition('.')[2])}\b", output)]
    if missing and emitter.externals_package in output:
        return (
            f"mvn package failed: the SDK uses types the docs never define ({', '.join(missing)}; "
            "see `codegen externals --lang java`) and their stand-ins did not build. "
            f"javac said:\n{_output(done)}"
        )
    return f"mvn package failed:\n{_output(done)}"


def _emitter(settings: LanguageSettings) -> tuple[JavaLanguage, LanguageAPI]:
    config = Config(root=ROOT, settings={"java": settings})
    api = load_api(config.spec_paths(), Diagnostics(), ("java",)).languages["java"]
    emitter = emitter_for("java", config, Diagnostics())
    assert isinstance(emitter, JavaLanguage)
    return emitter, api


def _consumer_program(settings: LanguageSettings) -> str | None:
    """The consumer program: a client on the base URL it is given, one GET call of the SDK (an
    operation whose reply is an object, with its required arguments: its usage snippet),
    ``consumer: ok``."""
    emitter, api = _emitter(settings)
    decls = Declarations.of(api)
    runtime = f"{emitter.base_package}.runtime"
    for op in sorted(api.operations, key=lambda o: (o.id or "", o.name)):
        planned = request(op, api, decls)
        if planned is None or planned.method != "GET" or planned.reply.kind != "json":
            continue
        call = sample_call(op, api, decls)
        if not isinstance(call.reply, dict) or call.holes:
            continue
        required = tuple(a for a in call.args if not a.field.optional)
        snippet = emitter.example_call(replace(call, args=required), api)
        if snippet is None or "var result = " not in snippet:
            continue
        code = snippet.splitlines()
        body = "\n".join(f"        {line}" for line in code if line and not line.startswith("import "))
        imports = "\n".join(sorted({f"import {runtime}.ApiClient;", *(x for x in code if x.startswith("import "))}))
        return f"""package consumer;

{imports}

public class Main {{
    public static void main(String[] args) {{
        ApiClient client = ApiClient.builder().apiKey({java_string(API_KEY)}).baseUrl(args[0]).build();
{body}
        System.out.println("consumer: ok " + result);
    }}
}}
"""
    return None


def _consumer_pom(group: str, artifact: str, version: str) -> str:
    plugin_group, plugin, plugin_version = EXEC_PLUGIN
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>consumer</groupId>
  <artifactId>consumer</artifactId>
  <version>1.0.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>{plugin_group}</groupId>
        <artifactId>{plugin}</artifactId>
        <version>{plugin_version}</version>
      </plugin>
    </plugins>
  </build>
</project>
"""
