"""Java driver: one class per case (its own imports) and a Main that runs them all, compiled
with javac together with the rendered SDK, stand-ins for its externals, and Debian's Jackson."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter, all_fields
from codegen.languages.java import JavaEmitter, java_string
from codegen.types import Named, walk

from ..cases import Case

TOOLS: tuple[str, ...] = ("javac", "java")
JACKSON = [Path("/usr/share/java") / f"jackson-{jar}.jar" for jar in ("annotations", "core", "databind")]
API_KEY = "sk_test_conformance"


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, JavaEmitter)
    missing = [str(jar) for jar in JACKSON if not jar.is_file()]
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)} (Debian libjackson2-databind-java; `make toolchains`)")
    src = work / "src"
    runtime = emitter.plan(api).runtime
    files = {**_stand_ins(emitter, api), "Main.java": _main(cases, runtime)}
    for case in cases:
        files[f"Case{case.index}.java"] = _case(case, api, emitter, runtime)
    for rel, text in files.items():
        target = src / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    sources = sorted(str(p) for p in (*sdk.rglob("*.java"), *src.rglob("*.java")))
    (work / "sources.txt").write_text("\n".join(f'"{s}"' for s in sources) + "\n", encoding="utf-8")
    jars = os.pathsep.join(str(jar) for jar in JACKSON)
    javac = shutil.which("javac") or "javac"
    done = subprocess.run(
        [javac, "-encoding", "UTF-8", "-nowarn", "-cp", jars, "-d", str(work / "classes"), f"@{work / 'sources.txt'}"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError("javac failed:\n" + (done.stdout + done.stderr)[-4000:])
    java = shutil.which("java") or "java"
    return [java, "-cp", os.pathsep.join([str(work / "classes"), jars]), "Main"]


def _stand_ins(emitter: JavaEmitter, api: LanguageAPI) -> dict[str, str]:
    """One empty class per type the docs never define (generic when the docs give it arguments)."""
    arity: dict[str, int] = {}
    for f in all_fields(api):
        for node in walk(f.type) if f.type is not None else []:
            if isinstance(node, Named):
                key = f"{node.qualifier}.{node.name}" if node.qualifier else node.name
                arity[key] = max(arity.get(key, 0), len(node.args))
    files = {}
    for external in emitter.externals(api):
        qualifier, _, name = external.rpartition(".")
        package = emitter.external_package(Named(name=name, qualifier=qualifier or None))
        cls = emitter.class_name(name)
        params = ", ".join(f"T{i}" for i in range(arity.get(external, 0)))
        generic = f"<{params}>" if params else ""
        files[f"standins/{package.replace('.', '/')}/{cls}.java"] = (
            f"package {package};\n\npublic class {cls}{generic} {{\n}}\n"
        )
    return files


def _case(case: Case, api: LanguageAPI, emitter: JavaEmitter, runtime: str) -> str:
    """``Case<i>.run(client)``: makes the call and returns the JSON line of the case."""
    example = emitter.example(case.call, api, paging=case.kind == "pages")
    imports = [
        f"import {runtime}.ApiClient;",
        f"import {runtime}.ApiException;",
        "import com.fasterxml.jackson.databind.ObjectMapper;",
        "import java.util.ArrayList;",
        "import java.util.LinkedHashMap;",
        "import java.util.List;",
        "import java.util.Map;",
    ]
    lines: list[str] = []
    if example is None:
        lines.append(f"throw new IllegalStateException({java_string('no Java call for this case')});")
    else:
        imports += [line for line in example.imports if line not in imports]
        body = example.code.splitlines()
        if case.kind == "pages":
            lines += body
            lines += [
                "List<Object> items = new ArrayList<>();",
                "for (Object item : result) {",
                "    items.add(item);",
                "}",
                'out.put("items", items);',
            ]
        elif case.kind == "error":
            lines += [
                "try {",
                *["    " + line for line in body],
                '    out.put("result", null);',
                "} catch (ApiException e) {",
                "    Map<String, Object> error = new LinkedHashMap<>();",
                '    error.put("status", e.getStatus());',
                '    error.put("code", e.getCode());',
                '    error.put("message", e.getErrorMessage());',
                '    error.put("request_id", e.getRequestId());',
                '    out.put("error", error);',
                "}",
            ]
        else:
            lines += body
            lines.append('out.put("result", ' + ("result" if example.result_type else "null") + ");")
    code = "\n".join(f"        {line}" for line in lines)
    return (
        "\n".join(sorted(set(imports)))
        + f"""

public class Case{case.index} {{
    public static String run(ApiClient client) throws Exception {{
        ObjectMapper mapper = client.getMapper();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", {case.index});
{code}
        return mapper.writeValueAsString(out);
    }}
}}
"""
    )


def _main(cases: list[Case], runtime: str) -> str:
    calls = "\n".join(
        f"        run({case.index}, base, mapper, client -> Case{case.index}.run(client));" for case in cases
    )
    return f"""import {runtime}.ApiClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

public class Main {{
    interface Body {{
        String run(ApiClient client) throws Exception;
    }}

    static void run(int index, String base, ObjectMapper mapper, Body body) {{
        String line;
        try {{
            line = body.run(new ApiClient({java_string(API_KEY)}, base + "/c/" + index));
        }} catch (Throwable e) {{
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("case", index);
            out.put("exception", e.getClass().getSimpleName() + ": " + e.getMessage());
            try {{
                line = mapper.writeValueAsString(out);
            }} catch (Exception again) {{
                line = "{{\\"case\\": " + index + ", \\"exception\\": \\"unprintable\\"}}";
            }}
            e.printStackTrace();
        }}
        System.out.println(line);
        System.out.flush();
    }}

    public static void main(String[] args) {{
        String base = System.getenv("CONFORMANCE_URL");
        ObjectMapper mapper = ApiClient.newMapper();
{calls}
    }}
}}
"""
