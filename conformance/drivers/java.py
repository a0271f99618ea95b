"""Java driver: one class per case and a Main that runs them all, compiled with javac together with
the rendered SDK (nothing written by hand: the SDK declares its stand-ins) and Debian's Jackson.

Each case holds the statements of ``JavaLanguage.example_call`` (the usage snippet: its imports
go to the top of the case's file) on a client built from the case's API key, client id, timeout
and retries. A list operation's snippet iterates its auto-pagination, so every case whose reply is
a page prints the items. Contract 2: the runtime cases' outputs too (the error's family by its
class, ``retry_after``, ``raw``, ``timeout``, ``refused``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from codegen.ir import LanguageAPI
from codegen.languages.base import Emitter
from codegen.languages.java import JavaLanguage, java_string

from ..cases import Case

CONTRACT = 2
TOOLS: tuple[str, ...] = ("javac", "java")
JACKSON = [Path("/usr/share/java") / f"jackson-{jar}.jar" for jar in ("annotations", "core", "databind")]


def build(sdk: Path, api: LanguageAPI, emitter: Emitter, cases: list[Case], work: Path) -> list[str]:
    assert isinstance(emitter, JavaLanguage)
    missing = [str(jar) for jar in JACKSON if not jar.is_file()]
    if missing:
        raise RuntimeError(f"missing {', '.join(missing)} (Debian libjackson2-databind-java; `make toolchains`)")
    src = work / "src"
    runtime = f"{emitter.base_package}.runtime"
    files = {"Main.java": _main(cases), "Errors.java": _errors(runtime)}
    for case in cases:
        files[f"Case{case.index}.java"] = _case(case, emitter.example_call(case.call, api), runtime)
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


# The error families (docs/RUNTIME.md) by class, most specific first.
FAMILIES = (
    ("BadRequestException", "bad_request"),
    ("UnauthorizedException", "unauthorized"),
    ("ForbiddenException", "forbidden"),
    ("NotFoundException", "not_found"),
    ("ConflictException", "conflict"),
    ("UnprocessableEntityException", "unprocessable_entity"),
    ("RateLimitExceededException", "rate_limit_exceeded"),
    ("ServerException", "server_error"),
)
# What each kind of case catches, beyond what every case lets through to Main (an exception).
_ERROR_KINDS = ("error", "rate_limited", "server_error", "redirect")


def _client(case: Case, runtime: str) -> str:
    """The statement that builds the case's client."""
    steps = [f"{runtime}.ApiClient.builder()", f".apiKey({java_string(case.api_key)})", ".baseUrl(base)"]
    steps.append(f".clientId({java_string(case.client_id)})")
    if case.timeout is not None:
        steps.append(f".timeout(java.time.Duration.ofMillis({round(case.timeout * 1000)}))")
    if case.max_retries is not None:
        steps.append(f".maxRetries({case.max_retries})")
    return f"ApiClient client = {''.join(steps)}.build();"


def _case(case: Case, snippet: str | None, runtime: str) -> str:
    """``Case<i>.run(base)``: builds the client, makes the call and returns the JSON line of the case."""
    imports = [
        f"import {runtime}.ApiClient;",
        f"import {runtime}.ApiException;",
        "import com.fasterxml.jackson.databind.ObjectMapper;",
        "import java.util.ArrayList;",
        "import java.util.LinkedHashMap;",
        "import java.util.List;",
        "import java.util.Map;",
    ]
    call = [f"throw new IllegalStateException({java_string('no Java call for this case')});"]
    if snippet is not None:
        code = snippet.splitlines()
        imports += [line for line in code if line.startswith("import ")]
        call = [line for line in code if line and not line.startswith("import ")]
        call.append("return " + ("null" if case.reply_kind == "none" else "result") + ";")
    body = [_client(case, runtime), "Object result = call(client);"]
    if case.kind == "pages" or case.reply_kind == "page":
        body += [
            "List<Object> items = new ArrayList<>();",
            "for (Object item : (Iterable<?>) result) {",
            "    items.add(item);",
            "}",
            'out.put("items", items);',
        ]
    else:
        body.append('out.put("result", result);')
    catch: list[str] = []
    if case.kind in _ERROR_KINDS:
        catch = ["} catch (ApiException e) {", '    out.put("error", Errors.describe(e));']
    elif case.kind == "timeout":
        catch = [f"}} catch ({runtime}.ApiTimeoutException e) {{", '    out.put("timeout", true);']
    elif case.kind in ("bad_header", "bad_path"):
        catch = ["} catch (IllegalArgumentException e) {", '    out.put("refused", e.getMessage());']
    lines = ["try {", *["    " + line for line in body], *catch, "}"] if catch else body
    code = "\n".join(f"        {line}" for line in lines)
    statements = "\n".join(f"        {line}" if line else "" for line in call)
    return (
        "\n".join(sorted(set(imports)))
        + f"""

public class Case{case.index} {{
    /** The usage snippet of the case's operation: its result, or null. */
    static Object call(ApiClient client) throws Exception {{
{statements}
    }}

    public static String run(String base) throws Exception {{
        ObjectMapper mapper = ApiClient.newMapper();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", {case.index});
{code}
        return mapper.writeValueAsString(out);
    }}
}}
"""
    )


def _errors(runtime: str) -> str:
    """``Errors.describe(e)``: the typed error as the conformance output's ``error`` object."""
    checks = "\n".join(
        f"""        if (e instanceof {runtime}.{cls}) {{
            return "{family}";
        }}"""
        for cls, family in FAMILIES
    )
    return f"""import {runtime}.ApiException;
import {runtime}.RateLimitExceededException;
import java.util.LinkedHashMap;
import java.util.Map;

public class Errors {{
    static String family(ApiException e) {{
{checks}
        return "api_error";
    }}

    static Map<String, Object> describe(ApiException e) {{
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", family(e));
        error.put("status", e.getStatus());
        error.put("code", e.getCode());
        error.put("message", e.getErrorMessage());
        error.put("request_id", e.getRequestId());
        error.put("raw", e.getBody());
        if (e instanceof RateLimitExceededException) {{
            error.put("retry_after", ((RateLimitExceededException) e).getRetryAfter());
        }}
        return error;
    }}
}}
"""


def _main(cases: list[Case]) -> str:
    calls = "\n".join(
        f'        run({case.index}, () -> Case{case.index}.run(base + "/c/{case.index}"));' for case in cases
    )
    return f"""import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

public class Main {{
    interface Body {{
        String run() throws Exception;
    }}

    static final ObjectMapper MAPPER = new ObjectMapper();

    static void run(int index, Body body) {{
        String line;
        try {{
            line = body.run();
        }} catch (Throwable e) {{
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("case", index);
            out.put("exception", e.getClass().getSimpleName() + ": " + e.getMessage());
            try {{
                line = MAPPER.writeValueAsString(out);
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
{calls}
    }}
}}
"""
