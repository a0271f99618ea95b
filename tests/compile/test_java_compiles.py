"""The generated Java compiles with javac (tests/toolchains.py, corpus and fixtures), its
compiled surface, read back through java.lang.reflect, matches the IR, and Jackson reads the
wire the IR gives from its annotations."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import toolchains
from helpers import FIXTURES, ROOT, SPECS, render_specs, require_tool

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.ir import Enum, Field, LanguageAPI
from codegen.languages.java import JavaEmitter, JavaSettings
from codegen.naming import snake
from codegen.pipeline import emitter_for, load_api
from codegen.types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf

TREES = {"com.example.corpus": [SPECS], "com.example.fixture": [SPECS / "index.mdx", FIXTURES]}

# Dumps what reflection sees of the named classes: declared fields, public declared methods
# with parameter names (javac -parameters) and generic types.
REFLECT = r"""
import java.lang.reflect.*;
import java.nio.file.*;
import java.util.*;

public class Reflect {
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String name : Files.readAllLines(Path.of(args[0]))) {
            Class<?> c = Class.forName(name);
            out.append("C ").append(name).append('\n');
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                out.append("F ").append(f.getName()).append(' ').append(f.getGenericType().getTypeName())
                   .append(Modifier.isFinal(f.getModifiers()) ? " final" : "").append('\n');
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) continue;
                out.append("M ").append(m.getName()).append(' ').append(m.getGenericReturnType().getTypeName());
                for (Parameter p : m.getParameters()) {
                    out.append(" | ").append(p.getName()).append(' ').append(p.getParameterizedType().getTypeName());
                }
                out.append('\n');
            }
        }
        System.out.print(out);
    }
}
"""


# What Jackson makes of the named classes: for an enum, each constant as JSON (and whether it
# reads back as itself); for a class, the serialized properties (Java name, JSON name). Building
# the serializer first: a class Jackson refuses (two properties of one name) fails here.
WIRE = r"""
import com.fasterxml.jackson.databind.*;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

public class Wire {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (String name : Files.readAllLines(Path.of(args[0]))) {
            Class<?> c = Class.forName(name);
            out.append("C ").append(name).append('\n');
            if (c.isEnum()) {
                for (Object constant : c.getEnumConstants()) {
                    String json = mapper.writeValueAsString(constant);
                    boolean same = mapper.readValue(json, c) == constant;
                    out.append("E ").append(same ? "same " : "other ").append(json).append('\n');
                }
                continue;
            }
            mapper.getSerializerProviderInstance().findValueSerializer(c);
            JavaType type = mapper.constructType(c);
            for (BeanPropertyDefinition p : mapper.getSerializationConfig().introspect(type).findProperties()) {
                out.append("P ").append(p.getInternalName()).append(' ')
                   .append(mapper.writeValueAsString(p.getName())).append('\n');
            }
        }
        System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
"""


def _config(package: str) -> Config:
    return Config(root=ROOT, settings={"java": JavaSettings(package=package)})


def _api(package: str) -> tuple[JavaEmitter, LanguageAPI]:
    api = load_api(TREES[package], Diagnostics(), ("java",)).languages["java"]
    emitter = emitter_for("java", _config(package), Diagnostics())
    assert isinstance(emitter, JavaEmitter)
    return emitter, api


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both trees compiled by toolchains.check (javac -Werror ...), plus the Reflect and Wire tools."""
    javac = require_tool("javac")
    dest = tmp_path_factory.mktemp("java")
    for package, paths in TREES.items():
        files, diags = render_specs(paths, "java", _config(package))
        assert not diags.errors, diags.render()
        assert files
        toolchains.check("java", files, paths, dest / package, config=_config(package))
    (dest / "tools").mkdir()
    (dest / "tools" / "Reflect.java").write_text(REFLECT)
    (dest / "tools" / "Wire.java").write_text(WIRE)
    result = subprocess.run(
        [
            javac,
            "-encoding",
            "UTF-8",
            "-cp",
            _jackson(),
            "-d",
            str(dest / "tools"),
            str(dest / "tools" / "Reflect.java"),
            str(dest / "tools" / "Wire.java"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def _jackson() -> str:
    return toolchains.jackson_classpath("annotations", "core", "databind")


def _classpath(compiled: Path) -> str:
    return os.pathsep.join(
        [*(str(compiled / package / "classes") for package in sorted(TREES)), str(compiled / "tools"), _jackson()]
    )


def _reflect(compiled: Path, classes: list[str]) -> dict[str, dict[str, list[str]]]:
    java = require_tool("java")
    listing = compiled / "classes.txt"
    listing.write_text("\n".join(classes) + "\n")
    result = subprocess.run(
        [java, "-cp", _classpath(compiled), "Reflect", str(listing)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "C":
            current = seen.setdefault(rest, {"F": [], "M": []})
        else:
            current[kind].append(rest)
    return seen


def _expected_type(expr: TypeExpr | None, boxed: bool, emitter: JavaEmitter, package: str, api: LanguageAPI) -> str:
    """The java.lang.reflect type name the IR type must compile to (written independently of the emitter)."""
    if expr is None:
        return "java.lang.Object"
    if isinstance(expr, Prim):
        if expr.name == "object":
            if expr.spelling == "Object":
                return "java.lang.Object"
            return "java.util.Map<java.lang.String, java.lang.Object>"
        if expr.name == "int" and expr.spelling.lower() in ("long", "int64"):
            return "java.lang.Long" if boxed else "long"
        table = {
            "string": ("java.lang.String",) * 2,
            "int": ("int", "java.lang.Integer"),
            "number": ("double", "java.lang.Double"),
            "bool": ("boolean", "java.lang.Boolean"),
            "datetime": ("java.time.OffsetDateTime",) * 2,
            "any": ("java.lang.Object",) * 2,
            "null": ("java.lang.Object",) * 2,
        }
        return table[expr.name][boxed]
    if isinstance(expr, LiteralOf):
        return "java.lang.String"
    if isinstance(expr, ListOf):
        return f"java.util.List<{_expected_type(expr.item, True, emitter, package, api)}>"
    if isinstance(expr, MapOf):
        key = _expected_type(expr.key, True, emitter, package, api)
        return f"java.util.Map<{key}, {_expected_type(expr.value, True, emitter, package, api)}>"
    if isinstance(expr, Nullable):
        return _expected_type(expr.inner, True, emitter, package, api)
    if isinstance(expr, UnionOf):
        return "java.lang.Object"
    assert isinstance(expr, Named)
    plan = emitter.plan(api)
    if expr.area is not None:
        decl = plan.classes[(expr.area, expr.name)]
        # The area decides the package: authkit's User is not directory-sync's User.
        assert decl.package == f"{package}.{emitter_area(expr.area)}.models"
        return f"{decl.package}.{decl.name}"
    if expr.name in plan.builders:
        decl = plan.builders[expr.name]
        return f"{decl.package}.{decl.name}"
    return f"{emitter.external_package(expr)}.{expr.name}"


def emitter_area(area: str) -> str:
    return "".join(ch for ch in area.lower() if ch.isalnum()) or "common"


def _field_type(f: Field, emitter: JavaEmitter, package: str, api: LanguageAPI) -> str:
    return _expected_type(f.type, f.optional or isinstance(f.type, Nullable), emitter, package, api)


@pytest.mark.parametrize("package", sorted(TREES))
def test_reflected_surface_matches_ir(compiled: Path, package: str) -> None:
    emitter, api = _api(package)
    plan = emitter.plan(api)
    methods = emitter.service_methods(api)
    options = [(plan.classes[(o.area, o.name)], o) for o in api.options if plan.classes[(o.area, o.name)].item is o]
    models = [(d, d.item) for d in plan.classes.values() if d.item in api.models]
    classes = sorted({f"{p}.{c}" for p, c, _ in methods} | {f"{d.package}.{d.name}" for d, _ in options + models})
    seen = _reflect(compiled, classes)

    assert len({id(m.op) for _, _, m in methods}) == len(api.operations) > 0
    for package_name, class_name, method in methods:
        op = method.op
        expected = " ".join(
            [method.name]
            + [_expected_type(r.type, False, emitter, package, api) for r in op.returns[:1]]
            + (["void"] if not op.returns else [])
        )
        for f in emitter.method_params(op):
            typed = f.model_copy(update={"type": emitter.param_type(op, f, api)})
            expected += f" | {emitter.identifier(f.name)} {_field_type(typed, emitter, package, api)}"
        reflected = seen[f"{package_name}.{class_name}"]["M"]
        assert expected in reflected, (op.title, reflected)

    assert options if package.endswith("corpus") else True
    for decl, option in options:
        surface = seen[f"{decl.package}.{decl.name}"]
        expected_fields = [
            f"{emitter.member(f.name)} {_field_type(f, emitter, package, api)} final"
            for f in emitter.option_fields(option)
        ]
        assert surface["F"] == expected_fields, option.name
        builder = plan.builder_of[(option.area, option.name)]
        assert f"builder {builder.package}.{builder.name}" in surface["M"], option.name
    for decl, model in models:
        surface = seen[f"{decl.package}.{decl.name}"]
        names = [emitter.member(f.name) for f in model.fields if not f.is_method]
        assert [line.split(" ")[0] for line in surface["F"]] == list(dict.fromkeys(names)), model.name


def test_same_name_in_two_areas_compiles_to_two_classes(compiled: Path) -> None:
    emitter, api = _api("com.example.corpus")
    users = sorted(f"{d.package}.{d.name}" for d in emitter.plan(api).classes.values() if d.name == "User")
    assert users == ["com.example.corpus.authkit.models.User", "com.example.corpus.directorysync.models.User"]
    seen = _reflect(compiled, users)
    assert seen[users[0]]["F"] != seen[users[1]]["F"]


def _wire(compiled: Path, classes: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """What the Wire tool prints, per class: ("E", "same"|"other", json) or ("P", internal, json name)."""
    java = require_tool("java")
    listing = compiled / "wire-classes.txt"
    listing.write_text("\n".join(classes) + "\n")
    result = subprocess.run([java, "-cp", _classpath(compiled), "Wire", str(listing)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-4000:]
    seen: dict[str, list[tuple[str, ...]]] = {}
    current: list[tuple[str, ...]] = []
    for line in result.stdout.decode("utf-8").split("\n"):
        kind, _, rest = line.partition(" ")
        if kind == "C":
            current = seen.setdefault(rest, [])
        elif kind in ("E", "P"):
            first, _, json_text = rest.partition(" ")
            current.append((kind, first, json.loads(json_text)))
    return seen


@pytest.mark.parametrize("package", sorted(TREES))
def test_jackson_reads_the_wire_the_ir_gives(compiled: Path, package: str) -> None:
    """Every model and option class serializes its fields under their wire names and leaves out
    path and query values and what the HTTP reference leaves out of an object it documents
    (guessing snake_case only where it documents nothing of the object); every enum constant
    is written as its value and read back as itself."""
    emitter, api = _api(package)
    plan = emitter.plan(api)
    decls = [d for d in plan.classes.values() if d.item is not None]
    seen = _wire(compiled, sorted(f"{d.package}.{d.name}" for d in decls))
    enums = 0
    for decl in decls:
        found = seen[f"{decl.package}.{decl.name}"]
        if isinstance(decl.item, Enum):
            enums += 1
            assert found == [("E", "same", value) for value in decl.item.values], decl.name
            continue
        assert decl.item is not None
        properties = {internal: name for kind, internal, name in found if kind == "P"}
        fields = [f for f in decl.item.fields if not f.is_method]
        documented = any(f.wire_name for f in fields)
        sent: set[str] = set()
        for f in fields:
            member = emitter.member(f.name)
            wire = f.wire_name or (None if documented else snake(f.name))
            if f.place in ("path", "query") or wire is None or wire in sent:
                assert member not in properties, (decl.name, f.name, f.place)
            else:
                sent.add(wire)
                assert properties.get(member) == wire, (decl.name, f.name)
    assert enums > 0


# Drives the compiled corpus SDK through a recording Transport (the seam an SDK team plugs its
# own HTTP client into): prints each request, then what came back, as JSON lines.
HTTP = r"""
import com.example.corpus.mfa.models.ChallengeFactorOptions;
import com.example.corpus.organization.models.ListOrganizationsOptions;
import com.example.corpus.organization.models.Organization;
import com.example.corpus.runtime.ApiClient;
import com.example.corpus.runtime.ApiException;
import com.example.corpus.runtime.Transport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class Http {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = ApiClient.newMapper();
        Deque<Transport.Response> replies = new ArrayDeque<>();
        List<Map<String, Object>> sent = new ArrayList<>();
        Transport transport = (method, url, headers, body) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("method", method);
            one.put("url", url);
            one.put("headers", new TreeMap<>(headers));
            one.put("body", body == null ? null : new String(body, StandardCharsets.UTF_8));
            sent.add(one);
            return replies.removeFirst();
        };
        ApiClient client = new ApiClient("sk_test", "http://example.test/", transport);
        Map<String, Object> out = new LinkedHashMap<>();

        replies.add(reply(200,
            "{\"data\": [{\"id\": \"org_1\", \"extra\": 1}], \"list_metadata\": {\"after\": \"c 2\"}}"));
        replies.add(reply(200, "{\"data\": [{\"id\": \"org_2\"}], \"list_metadata\": {\"after\": null}}"));
        List<String> ids = new ArrayList<>();
        ListOrganizationsOptions list =
            ListOrganizationsOptions.builder().domains(List.of("a b", "\u00e9")).limit(10).build();
        for (Organization org : client.organizations().listOrganizationsAutoPaging(list)) {
            ids.add(mapper.writeValueAsString(org));
        }
        out.put("pages", ids);

        replies.add(reply(201, "{\"object\": \"authentication_challenge\", \"id\": \"c_1\", \"unknown\": true}"));
        Object challenge = client.mfa().challengeFactor(
            ChallengeFactorOptions.builder().authenticationFactorId("a/b c").smsTemplate("{{code}}").build());
        out.put("challenge", mapper.writeValueAsString(challenge));

        replies.add(reply(204, ""));
        client.mfa().deleteFactor("f_1");

        replies.add(new Transport.Response(422, Map.of("x-request-id", List.of("req_1")),
            "{\"code\": \"bad\", \"message\": \"Nope\"}".getBytes(StandardCharsets.UTF_8)));
        try {
            client.mfa().getFactor("f_2");
        } catch (ApiException e) {
            out.put("error", List.of(e.getStatus(), e.getCode(), e.getErrorMessage(), e.getRequestId()));
        }
        out.put("sent", sent);
        System.out.println(mapper.writeValueAsString(out));
    }

    static Transport.Response reply(int status, String body) {
        return new Transport.Response(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
"""


def test_methods_make_the_documented_http_call(compiled: Path, tmp_path: Path) -> None:
    """Paths percent-encoded per segment, repeated query parameters, the JSON body with wire
    names (none for a call without body fields), the headers, replies decoded by wire name
    (unknown keys ignored, absent keys left absent), the typed error, auto-pagination."""
    javac, java = require_tool("javac"), require_tool("java")
    (tmp_path / "Http.java").write_text(HTTP)
    classpath = os.pathsep.join([str(compiled / "com.example.corpus" / "classes"), _jackson()])
    built = subprocess.run(
        [javac, "-encoding", "UTF-8", "-cp", classpath, "-d", str(tmp_path), str(tmp_path / "Http.java")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    ran = subprocess.run(
        [java, "-cp", os.pathsep.join([str(tmp_path), classpath]), "Http"], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert [json.loads(item) for item in out["pages"]] == [{"id": "org_1"}, {"id": "org_2"}]
    assert json.loads(out["challenge"]) == {"object": "authentication_challenge", "id": "c_1"}
    assert out["error"] == [422, "bad", "Nope", "req_1"]
    sent = out["sent"]
    assert [(s["method"], s["url"]) for s in sent] == [
        ("GET", "http://example.test/organizations?domains=a%20b&domains=%C3%A9&limit=10"),
        ("GET", "http://example.test/organizations?domains=a%20b&domains=%C3%A9&limit=10&after=c%202"),
        ("POST", "http://example.test/auth/factors/a%2Fb%20c/challenge"),
        ("DELETE", "http://example.test/auth/factors/f_1"),
        ("GET", "http://example.test/auth/factors/f_2"),
    ]
    assert json.loads(sent[2]["body"]) == {"sms_template": "{{code}}"}
    assert [s.get("body") for s in sent if s["method"] != "POST"] == [None] * 4
    post, get = sent[2]["headers"], sent[0]["headers"]
    assert post["Authorization"] == "Bearer sk_test" and post["Content-Type"] == "application/json"
    assert post["Accept"] == "application/json"
    # <package name>/<version> java/<runtime version>: the base package without a package_name setting.
    assert re.fullmatch(r"com\.example\.corpus/0\.1\.0 java/[0-9][0-9A-Za-z._+-]*", post["User-Agent"])
    assert "Content-Type" not in get
