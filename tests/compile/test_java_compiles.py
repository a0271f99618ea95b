"""The generated Java compiles with javac (tests/toolchains.py: -Werror and doclint, corpus and
fixtures, no hand-written file: the SDK declares a stand-in for every type the docs never define);
its compiled surface, read back through java.lang.reflect, is the plan's views; Jackson reads the
wire the views give from its annotations; and the methods make the planned HTTP calls."""

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
from codegen.languages.java import JavaLanguage, JavaSettings
from codegen.naming import snake
from codegen.pipeline import emitter_for, load_api
from codegen.plan.views import DeclView, SdkView

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


def _sdk(package: str) -> SdkView:
    api = load_api(TREES[package], Diagnostics(), ("java",)).languages["java"]
    emitter = emitter_for("java", _config(package), Diagnostics())
    assert isinstance(emitter, JavaLanguage)
    return emitter.plan(api)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both trees compiled by toolchains.check (javac -Werror ...), plus the Reflect and Wire tools."""
    javac = require_tool("javac")
    dest = tmp_path_factory.mktemp("java")
    for package, paths in TREES.items():
        files, diags = render_specs(paths, "java", _config(package))
        assert not diags.errors, diags.render()
        assert toolchains.stand_ins("java", paths, _config(package)) == {}  # nothing written by hand
        toolchains.check("java", files, paths, dest / package, config=_config(package))
    (dest / "tools").mkdir()
    (dest / "tools" / "Reflect.java").write_text(REFLECT)
    (dest / "tools" / "Wire.java").write_text(WIRE)
    tools = [str(dest / "tools" / "Reflect.java"), str(dest / "tools" / "Wire.java")]
    command = [javac, "-encoding", "UTF-8", "-cp", _jackson(), "-d", str(dest / "tools"), *tools]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def _jackson() -> str:
    return toolchains.jackson_classpath("annotations", "core", "databind")


def _classpath(compiled: Path) -> str:
    return os.pathsep.join(
        [*(str(compiled / package / "classes") for package in sorted(TREES)), str(compiled / "tools"), _jackson()]
    )


def _run(compiled: Path, tool: str, classes: list[str]) -> str:
    java = require_tool("java")
    listing = compiled / f"{tool}.txt"
    listing.write_text("\n".join(classes) + "\n")
    result = subprocess.run([java, "-cp", _classpath(compiled), tool, str(listing)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-4000:]
    return result.stdout.decode("utf-8")


def _reflect(compiled: Path, classes: list[str]) -> dict[str, dict[str, list[str]]]:
    seen: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in _run(compiled, "Reflect", classes).splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "C":
            current = seen.setdefault(rest, {"F": [], "M": []})
        else:
            current[kind].append(rest)
    return seen


_QUALIFIER = re.compile(r"\b(?:[a-z_$][\w$]*\.)+(?=[A-Z_$])")


def _simple(type_text: str) -> str:
    """A type without its packages (``java.util.List<java.lang.String>`` is ``List<String>``)."""
    return _QUALIFIER.sub("", type_text)


def _decls(sdk: SdkView) -> list[DeclView]:
    return [d for scope in sdk.scopes for d in scope.decls]


@pytest.mark.parametrize("package", sorted(TREES))
def test_the_compiled_surface_is_the_plans_views(compiled: Path, package: str) -> None:
    """Each service method in both overloads (the second taking RequestOptions), each list
    operation's auto-paging variant, each option class's final fields and builder, each
    model's fields, each stand-in's JSON value: with the views' names and types."""
    sdk = _sdk(package)
    services = {f"{s.module}.{s.name}": s for s in sdk.services}
    decls = {f"{d.scope}.{d.name}": d for d in _decls(sdk)}
    builders = [
        f"{name}${m.result}" for name, s in services.items() for m in s.methods if m.request and m.request.setters
    ]
    seen = _reflect(compiled, sorted({*services, *decls, *builders}))
    methods = 0
    for name, service in services.items():
        reflected = {_simple(line) for line in seen[name]["M"]}
        for m in service.methods:
            params = [p for top in m.params for p in (top.fields if top.role == "unwrapped" else (top,))]
            listed = "".join(f" | {p.name} {_simple(p.type)}" for p in params if p.role in ("data", "options"))
            request = m.request
            result = "String" if request is not None and request.reply == "url" else _simple(m.result) or "void"
            if request is not None and request.setters:  # a URL builder: a class of the service
                result = f"{service.name}${m.result}"
                builder = {_simple(line) for line in seen[f"{name}${m.result}"]["M"]}
                setters = {f"{v.expr} {result} | {v.expr} {_simple(v.type)}" for v in request.setters}
                assert setters | {"build String"} <= builder, sorted(setters | {"build String"} - builder)
                methods += len(setters)
            expected = {f"{m.name} {result}{listed}"}
            if request is not None:
                expected.add(f"{m.name} {result}{listed} | requestOptions RequestOptions")
            if m.pages_name:
                assert request is not None
                item = f"Iterable<{_simple(request.item_type)}>"
                expected |= {
                    f"{m.pages_name} {item}{listed}",
                    f"{m.pages_name} {item}{listed} | requestOptions RequestOptions",
                }
            assert expected <= reflected, (name, m.name, sorted(expected - reflected))
            methods += len(expected)
    assert methods > (100 if package.endswith("corpus") else 5)
    for name, decl in decls.items():
        fields = seen[name]["F"]
        if decl.kind == "options":
            assert [_simple(f) for f in fields] == [f"{f.name} {_simple(f.type)} final" for f in decl.fields], name
            assert f"builder {name}Builder" in seen[name]["M"], name
        elif decl.kind in ("model", "inline"):
            boxed = {"int": "Integer", "long": "Long", "double": "Double", "boolean": "Boolean"}
            expected = [f"{f.name} {boxed.get(f.type, _simple(f.type))}" for f in decl.fields]
            assert [_simple(f) for f in fields] == expected, name
        elif decl.kind == "standin":
            assert fields == ["value com.fasterxml.jackson.databind.JsonNode final"], name


def test_same_name_in_two_areas_compiles_to_two_classes(compiled: Path) -> None:
    sdk = _sdk("com.example.corpus")
    users = sorted(f"{d.scope}.{d.name}" for d in _decls(sdk) if d.name == "User")
    assert users == ["com.example.corpus.authkit.models.User", "com.example.corpus.directorysync.models.User"]
    seen = _reflect(compiled, users)
    assert seen[users[0]]["F"] != seen[users[1]]["F"]


def _wire(compiled: Path, classes: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """What the Wire tool prints, per class: ("E", "same"|"other", json) or ("P", internal, json name)."""
    seen: dict[str, list[tuple[str, ...]]] = {}
    current: list[tuple[str, ...]] = []
    for line in _run(compiled, "Wire", classes).split("\n"):
        kind, _, rest = line.partition(" ")
        if kind == "C":
            current = seen.setdefault(rest, [])
        elif kind in ("E", "P"):
            first, _, json_text = rest.partition(" ")
            current.append((kind, first, json.loads(json_text)))
    return seen


@pytest.mark.parametrize("package", sorted(TREES))
def test_jackson_reads_the_wire_the_views_give(compiled: Path, package: str) -> None:
    """Every model, inline object and option class serializes its fields under their wire names
    and leaves out path, query and header values and what the HTTP reference leaves out of an
    object it documents (guessing snake_case only where it documents nothing of the object);
    every enum constant is written as its value and read back as itself."""
    decls = [d for d in _decls(_sdk(package)) if d.kind != "standin"]
    seen = _wire(compiled, sorted(f"{d.scope}.{d.name}" for d in decls))
    enums = 0
    for decl in decls:
        found = seen[f"{decl.scope}.{decl.name}"]
        if decl.kind == "enum":
            enums += 1
            values = [int(c.value) if decl.numeric else c.value for c in decl.constants]
            assert found == [("E", "same", value) for value in values], decl.name
            continue
        properties = {internal: name for kind, internal, name in found if kind == "P"}
        sent: set[str] = set()
        for f in decl.fields:
            wire = f.wire or (snake(f.docs_name) if f.wire_guessed else None)
            if f.place in ("path", "query", "header") or wire is None or wire in sent:
                assert f.name not in properties, (decl.name, f.name, f.place)
            else:
                sent.add(wire)
                assert properties.get(f.name) == wire, (decl.name, f.name)
    assert enums > 0


# Drives the compiled corpus SDK through a recording Transport (the seam an SDK team plugs its
# own HTTP client into): prints each request, then what came back, as JSON lines.
HTTP = r"""
import com.example.corpus.auditlogs.models.Actor;
import com.example.corpus.auditlogs.models.Context;
import com.example.corpus.auditlogs.models.CreateAuditLogEventOptions;
import com.example.corpus.auditlogs.models.Target;
import com.example.corpus.mfa.models.ChallengeFactorOptions;
import com.example.corpus.organization.models.ListOrganizationsOptions;
import com.example.corpus.organization.models.Organization;
import com.example.corpus.runtime.ApiClient;
import com.example.corpus.runtime.ApiException;
import com.example.corpus.runtime.RequestOptions;
import com.example.corpus.runtime.Transport;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
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
            ChallengeFactorOptions.builder().authenticationFactorId("a/b c").smsTemplate("{{code}}").build(),
            RequestOptions.builder().header("X-Trace", "t1").idempotencyKey("k1").build());
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

        Actor actor = new Actor();
        actor.setId("u_1");
        actor.setType("user");
        Target target = new Target();
        target.setId("t_1");
        target.setType("team");
        Context context = new Context();
        context.setLocation("1.2.3.4");
        CreateAuditLogEventOptions event = CreateAuditLogEventOptions.builder().action("a.b")
            .occurredAt(OffsetDateTime.parse("2024-01-02T03:04:05Z")).actor(actor).targets(List.of(target))
            .context(context).build();
        replies.add(reply(201, ""));
        client.auditLogs().createEvent("org_1", event, null);

        out.put("logout", client.userManagement().getLogoutUrl("s 1", null));
        replies.add(reply(200, "{\"access_token\": \"tok\"}"));
        client.userManagement().authenticateWithCode("client_1", "code_1", null, null, null);
        out.put("sent", sent);
        System.out.println(mapper.writeValueAsString(out));
    }

    static Transport.Response reply(int status, String body) {
        return new Transport.Response(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
"""


def test_methods_make_the_planned_http_call(compiled: Path, tmp_path: Path) -> None:
    """Paths percent-encoded per segment, repeated query parameters, the JSON body by wire names
    (none for a call without body fields), per-request options (headers, idempotency key), a
    generated idempotency key and the documented header, replies decoded by wire name (unknown
    keys ignored, absent keys left absent), the typed error, auto-pagination, a URL built
    without a request, and the client secret from the client's API key."""
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
    assert out["logout"] == "http://example.test/user_management/sessions/logout?session_id=s%201"
    sent = out["sent"]
    assert [(s["method"], s["url"]) for s in sent] == [
        ("GET", "http://example.test/organizations?domains=a%20b&domains=%C3%A9&limit=10"),
        ("GET", "http://example.test/organizations?domains=a%20b&domains=%C3%A9&limit=10&after=c%202"),
        ("POST", "http://example.test/auth/factors/a%2Fb%20c/challenge"),
        ("DELETE", "http://example.test/auth/factors/f_1"),
        ("GET", "http://example.test/auth/factors/f_2"),
        ("POST", "http://example.test/audit_logs/events"),
        ("POST", "http://example.test/user_management/authenticate"),
    ]  # and no request for the logout URL
    assert json.loads(sent[2]["body"]) == {"sms_template": "{{code}}"}
    assert [s.get("body") for s in sent if s["method"] != "POST"] == [None] * 4
    post, get = sent[2]["headers"], sent[0]["headers"]
    assert post["Authorization"] == "Bearer sk_test" and post["Content-Type"] == "application/json"
    assert post["Accept"] == "application/json" and post["X-Trace"] == "t1" and post["Idempotency-Key"] == "k1"
    # <package name>/<version> java/<runtime version>: the base package without a package_name setting.
    assert re.fullmatch(r"com\.example\.corpus/0\.1\.0 java/[0-9][0-9A-Za-z._+-]*", post["User-Agent"])
    assert "Content-Type" not in get and "Idempotency-Key" not in get
    event = sent[5]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", event["headers"]["Idempotency-Key"]
    )
    assert json.loads(event["body"]) == {
        "organization_id": "org_1",
        "event": {
            "action": "a.b",
            "occurred_at": "2024-01-02T03:04:05Z",
            "actor": {"id": "u_1", "type": "user"},
            "targets": [{"id": "t_1", "type": "team"}],
            "context": {"location": "1.2.3.4"},
        },
    }
    login = json.loads(sent[6]["body"])
    assert login == {
        "client_id": "client_1",
        "code": "code_1",
        "client_secret": "sk_test",
        "grant_type": "authorization_code",
    }
