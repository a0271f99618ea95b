"""The bundled reference against the API's published OpenAPI (specs-openapi/, vendored from
@workos/openapi-spec, MIT): `codegen lint --openapi` reports each disagreement issue 24 names at
its docs line, its counts per rule are the README's, and `wire = "api"` follows the API."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import ROOT, SPECS

from codegen.config import Config, OpenAPIConfig
from codegen.diagnostics import Diagnostics
from codegen.ir import API
from codegen.languages import LANGUAGES
from codegen.lint import Report, lint
from codegen.openapi import read, rules
from codegen.pipeline import load_api
from codegen.plan.requests import request
from codegen.samples import Declarations
from codegen.types import Named

PUBLISHED = ROOT / "specs-openapi" / "open-api-spec.yaml"

# Issue 24's examples: (rule, docs position, subject, what the message says).
EXAMPLES = [
    ("openapi-path", "directory-sync/directory/get.mdx:4:7", "get_directory", "did you mean GET /directories/{id}?"),
    ("openapi-path", "domain-verification/create.mdx:4:7", "create_organization_domain", "POST /organization_domains?"),
    ("openapi-path", "domain-verification/verify.mdx:4:7", "verify_organization_domain", "/organization_domains/{id}"),
    ("openapi-path", "authkit/session-tokens/jwks.mdx:7:7", "get_jwks_url", "did you mean GET /sso/jwks/{clientId}?"),
    ("openapi-host", "sso/logout/redirect.mdx:9:7", "logout_redirect", "GET /sso/logout on https://auth.workos.com"),
    ("openapi-host", "sso/logout/authorize.mdx:15:7", "logout_authorize", "on https://auth.workos.com"),
    ("openapi-place", "fga/role-assignment/delete.mdx:23:11", "remove_role_by_criteria", "'role_slug' is sent in"),
    ("openapi-place", "fga/role-assignment/delete.mdx:26:11", "remove_role_by_criteria", "'resource_id' is sent in"),
    ("openapi-place", "fga/role-assignment/delete.mdx:30:11", "remove_role_by_criteria", "'resource_external_id'"),
    ("openapi-place", "fga/role-assignment/delete.mdx:34:11", "remove_role_by_criteria", "'resource_type_slug'"),
    ("openapi-missing-required", "radar/lists/delete.mdx:9:7", "delete_from_list", "body parameter 'entry'"),
    ("openapi-place", "sso/profile/get-user-profile.mdx:16:11", "get_profile", "'Authorization: Bearer' header"),
    (
        "openapi-missing-required",
        "roles/role/add-permission.mdx:7:7",
        "add_role_permission",
        "take 'slug' for the path",
    ),
    ("openapi-array", "sso/get-authorization-url/index.mdx:100:11", "get_authorization_url", "'provider_scopes' is"),
    ("openapi-exclusive", "authkit/organization-membership/update.mdx:19:11", "update_organization_membership", ""),
    ("openapi-encoding", "organization/list.mdx:18:11", "list_organizations", "the list 'domains' is sent as the key"),
    ("openapi-encoding", "events/list.mdx:28:11", "list_events", "comma-separated (explode: false)"),
]


@pytest.fixture(scope="module")
def corpus() -> API:
    return load_api([SPECS], Diagnostics(), LANGUAGES)


@pytest.fixture(scope="module")
def report(corpus: API) -> Report:
    return lint(corpus, [], openapi=read(PUBLISHED, "specs-openapi/open-api-spec.yaml"))


@pytest.mark.parametrize(("rule", "where", "subject", "text"), EXAMPLES)
def test_each_example_of_the_issue_is_reported_at_its_docs_line(
    report: Report, rule: str, where: str, subject: str, text: str
) -> None:
    found = [f"{f.loc}: {f.message}" for f in report.findings if f.rule == rule and f.subject == subject]
    assert any(line.startswith(f"specs/{where}: ") and text in line for line in found), found


def test_the_counts_per_rule_are_the_readmes(report: Report) -> None:
    counts = Counter(f.rule for f in report.findings if f.rule.startswith("openapi-"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(openapi-[a-z-]+)` \| [a-z]+ \| (\d+) \|", readme, re.MULTILINE))
    assert {rule: int(n) for rule, n in table.items()} == {rule: counts[rule] for rule, _, _ in rules.RULES}
    total = re.search(r"lint --openapi specs-openapi/open-api-spec.yaml` reports (\d+) findings", readme)
    assert total is not None and int(total.group(1)) == sum(counts.values())


def test_the_operations_match_as_the_issue_counted(report: Report) -> None:
    """161 distinct methods and paths in the docs (172 operations: grant types share one), 139 of
    them in the OpenAPI as they are, four more by a did-you-mean, 27 operations only the API has."""
    subjects = Counter(f.rule for f in report.findings if f.rule.endswith("-operation") and "openapi" in f.rule)
    assert subjects["openapi-undocumented-operation"] == 27
    assert subjects["openapi-unmatched-operation"] == 22


def test_following_the_api_rewrites_the_examples_requests(corpus: API) -> None:
    config = Config(root=ROOT, openapi=OpenAPIConfig(path="specs-openapi/open-api-spec.yaml", wire="api"))
    diags = Diagnostics()
    followed = load_api([SPECS], diags, LANGUAGES, config=config)
    warnings = [d for d in diags.items if d.code == "openapi-wire"]
    # One warning per change (not per language), at the docs' line: 18 of paths, places, hosts
    # and encodings, 11 parameters the API takes as optional, 28 operations given the API's
    # optional parameters their HTTP reference lacks.
    assert len(warnings) == len({(d.loc, d.message) for d in warnings}) == 57
    assert sum("is optional, as the API reads it" in d.message for d in warnings) == 11
    assert sum("added to the call" in d.message for d in warnings) == 28
    python = followed.languages["python"]
    ops = {op.id: op for op in python.operations}

    def sent(op_id: str, language: str = "python") -> tuple[str, dict[str, list[str]]]:
        api = followed.languages[language]
        op = next(op for op in api.operations if op.id == op_id)
        planned = request(op, api, Declarations.of(api))
        assert planned is not None
        path = "".join(p.text or "{" + (p.value.wire if p.value else "") + "}" for p in planned.path)
        places: dict[str, list[str]] = {"query": [], "body": [], "header": []}
        for v in planned.values():
            if v.place != "path":
                places[v.place].append(v.wire)
        return path, places

    assert sent("get_directory")[0] == "/directories/{id}"
    assert sent("create_organization_domain")[0] == "/organization_domains"
    assert sent("get_jwks_url")[0] == "/sso/jwks/{clientId}"
    path, places = sent("remove_role_by_criteria", "js")
    assert places["query"] == [] and set(places["body"]) >= {"role_slug", "resource_id", "resource_type_slug"}
    path, places = sent("add_role_permission")
    assert (path, places["body"]) == ("/authorization/roles/{role_slug}/permissions", ["slug"])
    curl = {op.id: op for op in followed.languages["curl"].operations}
    assert curl["logout_redirect"].http is not None and curl["logout_redirect"].http.host == "https://auth.workos.com"
    assert curl["get_jwks_url"].path == "/sso/jwks/:clientId"  # the curl script's own path
    domains = next(p for p in ops["list_organizations"].http.params if p.name == "domains")  # type: ignore[union-attr]
    assert domains.repeated is False
    # The pagination page's limit/order/before/after of list_auth_factors, which the API takes and
    # the HTTP reference lacks, are sent in every language that documents them.
    for language in ("go", "js", "python", "ruby"):
        assert set(sent("list_auth_factors", language)[1]["query"]) == {"limit", "order", "before", "after"}, language
    # A text parameter the docs require and the API does not is left out when not set: Go's
    # enroll_factor sends no empty totp_issuer for an SMS factor.
    go = followed.languages["go"]
    enroll = request(next(op for op in go.operations if op.id == "enroll_factor"), go, Declarations.of(go))
    assert enroll is not None
    assert {k.wire: bool(k.value and k.value.optional) for k in enroll.body} == {
        "type": False,
        "totp_issuer": True,
        "totp_user": True,
        "phone_number": True,
    }
    # Not followed, and said so: the bearer token of get_profile.
    assert any("not followed" in d.message and "get_profile" in d.message for d in warnings)
    # The docs' model is the same as before where the API agrees.
    unchanged = corpus.languages["python"]
    same = [op for op in unchanged.operations if op.id == "challenge_factor"]
    assert same and same[0] == next(op for op in python.operations if op.id == "challenge_factor")


def test_following_the_api_leaves_the_reply_models_alone(corpus: API) -> None:
    """A reply model whose keys share a definition with a followed operation's parameters (a
    page's ``before``/``after``/``limit``, a directory's ``id``) keeps them as JSON keys: only
    the models a request takes change with the request's wire."""
    config = Config(root=ROOT, openapi=OpenAPIConfig(path="specs-openapi/open-api-spec.yaml", wire="api"))
    followed = load_api([SPECS], Diagnostics(), LANGUAGES, config=config)
    for language, api in followed.languages.items():
        before = {(m.area, m.name): m for m in corpus.languages[language].models}
        taken = {p.type.name for op in api.operations for p in op.params if isinstance(p.type, Named)}
        changed = [m.name for m in api.models if m != before[(m.area, m.name)] and m.name not in taken]
        assert changed == [], language


def test_the_vendored_spec_says_where_it_comes_from() -> None:
    folder = ROOT / "specs-openapi"
    assert "@workos/openapi-spec@" in (folder / "SOURCE").read_text(encoding="utf-8")
    assert (folder / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert Path(PUBLISHED).stat().st_size > 1_000_000
