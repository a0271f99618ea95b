"""The linker: references, wire names, services, option classes, areas, on small inline pages."""

from __future__ import annotations

import textwrap

from helpers import SPECS
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen import linker
from codegen.diagnostics import Diagnostics
from codegen.ir import API
from codegen.languages import EMITTERS
from codegen.loader import RawPage, load_text
from codegen.pipeline import link_pages, load_api
from codegen.types import Named


def page(relative: str, text: str, diags: Diagnostics) -> RawPage:
    raw = load_text(f"specs/{relative}", textwrap.dedent(text), diags)
    assert raw is not None, diags.render()
    raw.relative = relative
    return raw


def link(pages: dict[str, str]) -> tuple[API, Diagnostics]:
    diags = Diagnostics()
    return link_pages([page(name, text, diags) for name, text in pages.items()], diags), diags


SHARED = """
descriptions:
  widget:
    self: A widget.
    id: The widget's ID.
    size:
      width: Width.
reference:
  curl:
    - key: get_widget
      id: get_widget
      title: /widgets/:id
      type: GET
      parameters:
        - key: widget_id
          type: string
          description: (widget.id)
  go:
    - key: ctx
      type: context.Context
"""


def test_descriptions_are_global_and_self_names_the_mapping() -> None:
    api, diags = link(
        {
            "index.yaml": SHARED,
            "catalog/get.yaml": """
            reference:
              go:
                - key: GetWidget
                  id: get_widget
                  title: catalog.GetWidget()
                  description: (widget)
                  parameters:
                    - (ctx)
                    - key: ID
                      type: string
                      description: (widget.id)
                    - key: Width
                      type: int
                      description: (widget.size.width)
        """,
        }
    )
    # Width has no HTTP parameter: said once, at its position; the shared (ctx) is not the request's.
    assert [(d.loc.file, d.loc.line) for d in diags.items] == [("specs/catalog/get.yaml", 13)], diags.render()
    (op,) = api.languages["go"].operations
    assert op.description == "A widget."
    assert [p.name for p in op.params] == ["ctx", "ID", "Width"]
    assert op.params[0].type == Named(name="Context", qualifier="context", spelling="context.Context")
    assert op.params[1].description == "The widget's ID."
    assert op.params[1].wire_name == "widget_id"  # tied to curl through the shared description
    assert op.params[1].place == "path" and op.http is not None and op.http.path == "/widgets/{widget_id}"
    assert op.params[2].wire_name is None and op.params[2].place is None  # never invented
    assert op.params[2].description == "Width."
    assert op.service == "catalog" and op.area == "catalog"


def test_services_come_from_titles() -> None:
    titles = {
        "$mfa->challengeFactor()": ("mfa", "challengeFactor"),
        "mfaService.ChallengeFactor()": ("mfaService", "ChallengeFactor"),
        "workos.widgets.getToken()": ("widgets", "getToken"),
        "user_management. get_invitation()": ("user_management", "get_invitation"),
        "handleAuth()": (None, "handleAuth"),
    }
    entries = "".join(f"    - key: m{i}\n      title: '{title}'\n" for i, title in enumerate(titles))
    api, diags = link({"a/p.yaml": "reference:\n  js:\n" + entries})
    assert not diags.errors
    found = {op.title: (op.service, op.name) for op in api.languages["js"].operations}
    assert found == titles


def test_nearest_definition_wins_when_a_key_repeats() -> None:
    api, diags = link(
        {
            "users/index.yaml": "reference:\n  python:\n    - key: get_user\n      type: UserA\n",
            "directory/index.yaml": "reference:\n  python:\n    - key: get_user\n      type: UserB\n",
            "directory/op.yaml": """
            reference:
              python:
                - key: fetch
                  title: directory.fetch()
                  returns:
                    - (get_user)
        """,
        }
    )
    assert not diags.errors
    (op,) = api.languages["python"].operations
    assert op.returns[0].type_text == "UserB"


def test_property_references_and_nested_paths() -> None:
    api, diags = link(
        {
            "o/index.yaml": """
            reference:
              java:
                - key: Organization
                  id: organization
                  title: class Organization
                  properties:
                    - key: id
                      type: String
                    - key: settings
                      type: Settings
                      properties:
                        - key: color
                          type: String
                - key: get
                  title: organizations.get()
                  parameters:
                    - (Organization.id)
                    - (Organization.settings.color)
        """,
        }
    )
    assert not diags.errors, diags.render()
    (op,) = api.languages["java"].operations
    assert [(p.name, p.type_text) for p in op.params] == [("id", "String"), ("color", "String")]


def test_option_classes_inheritance_and_builder_methods() -> None:
    api, diags = link(
        {
            "mfa/create.yaml": """
            reference:
              java:
                - key: challengeFactor
                  title: mfa.challengeFactor()
                  parameters:
                    - key: options
                      type: ChallengeFactorOptions
                      properties:
                        - key: authenticationFactorId
                          type: String
                        - key: builder()
                          type: ChallengeFactorOptionsBuilder
              dotnet:
                - key: ChallengeSmsFactorOptions
                  title: 'class ChallengeSmsFactorOptions : ChallengeFactorOptions'
                  properties:
                    - key: SmsTemplate
                      type: string
              js:
                - key: challengeFactor
                  title: mfa.challengeFactor()
                  parameters:
                    - key: options
                      type: object
                      unwrap: true
                      properties:
                        - key: smsTemplate
                          type: string
                          optional: true
        """,
        }
    )
    assert not diags.errors, diags.render()
    (java_options,) = api.languages["java"].options
    assert java_options.name == "ChallengeFactorOptions" and not java_options.synthesized
    assert [f.name for f in java_options.fields] == ["authenticationFactorId"]
    assert [m.name for m in java_options.methods] == ["builder"]
    (model,) = api.languages["dotnet"].models
    assert (model.name, model.base, model.kind) == ("ChallengeSmsFactorOptions", "ChallengeFactorOptions", "class")
    (js_options,) = api.languages["js"].options
    assert (js_options.name, js_options.synthesized) == ("ChallengeFactorOptions", True)
    assert js_options.fields[0].optional


def test_named_types_resolve_to_the_model_of_the_same_area() -> None:
    user = (
        "reference:\n  java:\n    - key: User\n      title: class User\n"
        "      properties:\n        - key: {field}\n          type: String\n"
    )
    api, diags = link(
        {
            "authkit/user.yaml": user.format(field="email"),
            "directory-sync/user.yaml": user.format(field="username"),
            "directory-sync/get.yaml": (
                "reference:\n  java:\n    - key: getUser\n      title: directorySync.getUser()\n"
                "      returns:\n        - key: user\n          type: User\n"
            ),
            "sso/get.yaml": (
                "reference:\n  java:\n    - key: getProfile\n      title: sso.getProfile()\n"
                "      returns:\n        - key: profile\n          type: Profile\n"
            ),
        }
    )
    assert not diags.errors
    java = api.languages["java"]
    assert sorted((m.area, m.fields[0].name) for m in java.models) == [
        ("authkit", "email"),
        ("directory-sync", "username"),
    ]
    by_name = {op.name: op for op in java.operations}
    returned = by_name["getUser"].returns[0].type
    assert isinstance(returned, Named) and returned.area == "directory-sync"
    external = by_name["getProfile"].returns[0].type
    assert isinstance(external, Named) and external.area is None  # never defined: an external


def test_dangling_references_are_diagnosed_not_dropped_silently() -> None:
    api, diags = link(
        {
            "a/p.yaml": """
            descriptions:
              profile:
                role:
                  slug: The role's slug.
            reference:
              python:
                - key: get
                  title: sso.get()
                  parameters:
                    - key: role
                      type: str
                      description: (profile.role)
                    - (nowhere)
        """,
        }
    )
    messages = [(d.severity.value, d.message, d.hint) for d in diags.sorted()]
    assert messages == [
        (
            "warning",
            "unknown description reference (profile.role); the text is left out",
            "did you mean (profile.role.slug)?",
        ),
        ("error", "unknown python entry reference (nowhere) in 'get'", None),
    ]
    (op,) = api.languages["python"].operations
    assert [p.name for p in op.params] == ["role"]  # kept, without its text


def test_corpus_links_with_exactly_the_known_dangling_references() -> None:
    from pathlib import Path

    from codegen.languages import LANGUAGES
    from codegen.pipeline import load_api

    diags = Diagnostics()
    api = load_api([Path(__file__).resolve().parent.parent / "specs"], diags, LANGUAGES)
    assert not diags.errors
    dangling = [d for d in diags.items if d.message.startswith("unknown description reference")]
    assert len(dangling) == 16
    assert {d.message.split("(")[1].split(")")[0] for d in dangling} == {
        "organization_membership.role",
        "directory_user.role",
        "profile.role",
    }
    assert [d.message for d in diags.items if "unknown language" in d.message] == [
        "unknown language 'json'; its entries are skipped"
    ]
    assert set(api.languages) == set(LANGUAGES)


def test_a_type_spelled_with_other_case_names_the_model_with_a_warning() -> None:
    """'ListMetadata' for the model documented as 'listMetadata': read as it, and said so.

    Only when exactly one model matches, and never for the language's own types ('error' in Go).
    """
    model = "reference:\n  {lang}:\n    - key: {name}\n      title: class {name}\n      properties:\n        - key: x\n"
    uses = (
        "reference:\n  {lang}:\n    - key: list\n      title: things.list()\n"
        "      returns:\n        - key: meta\n          type: {type}\n"
    )
    api, diags = link(
        {
            "pagination/meta.yaml": model.format(lang="java", name="listMetadata"),
            "things/list.yaml": uses.format(lang="java", type="ListMetadata"),
            "go/error.yaml": model.format(lang="go", name="Error"),
            "go/list.yaml": uses.format(lang="go", type="error"),
            "two/a.yaml": model.format(lang="js", name="page_info"),
            "two/b.yaml": model.format(lang="js", name="pageInfo"),
            "two/list.yaml": uses.format(lang="js", type="PageInfo"),
        }
    )
    assert not diags.errors, diags.render()
    java = api.languages["java"].operations[0].returns[0].type
    assert isinstance(java, Named) and (java.name, java.area) == ("listMetadata", "pagination")
    (warning,) = [d for d in diags.warnings if "case and underscores" in d.message]
    assert warning.loc.file == "specs/things/list.yaml" and warning.loc.line == 6
    assert "'ListMetadata' names the model 'listMetadata'" in warning.message
    go = api.languages["go"].operations[0].returns[0].type
    assert isinstance(go, Named) and (go.name, go.area) == ("error", None)
    js = api.languages["js"].operations[0].returns[0].type
    assert isinstance(js, Named) and (js.name, js.area) == ("PageInfo", None)  # ambiguous: left external


def test_a_type_defined_inline_by_its_properties_becomes_a_model_of_that_area() -> None:
    """`actor: Actor` listing Actor's properties declares Actor (Go declares inline structs itself)."""
    inline = (
        "reference:\n  {lang}:\n    - key: createEvent\n      title: auditLogs.createEvent()\n"
        "      parameters:\n        - key: event\n          type: Event\n          properties:\n"
        "            - key: actor\n              type: Actor[]\n              properties:\n"
        "                - key: id\n                  type: String\n"
        "            - key: task\n              type: Task<Thing>\n              properties:\n"
        "                - key: id\n                  type: String\n"
    )
    api, diags = link(
        {"audit-logs/create.yaml": inline.format(lang="java"), "audit-logs/go.yaml": inline.format(lang="go")}
    )
    assert not diags.errors, diags.render()
    java = api.languages["java"]
    # A parameter's own type with properties is an option class (as ChallengeFactorOptions is).
    assert [(o.name, tuple(f.name for f in o.fields)) for o in java.options] == [("Event", ("actor", "task"))]
    assert [(m.name, m.area, tuple(f.name for f in m.fields)) for m in java.models] == [
        ("Actor", "audit-logs", ("id",))
    ]
    event = java.operations[0].params[0]
    actor = event.fields[0].type
    assert getattr(actor, "item", None) is not None
    assert actor.item.name == "Actor" and actor.item.area == "audit-logs"  # type: ignore[attr-defined]
    assert event.fields[1].type.area is None  # type: ignore[union-attr]  # generic: left external
    assert api.languages["go"].models == ()


def _nearest_by_definition(files: list[str], query: str) -> int:
    """The rule the linker documents, spelled out: the same page, then the deepest shared
    folder, then the first page in order."""

    def shared(a: str, b: str) -> int:
        if a == b:
            return 1_000
        count = 0
        for x, y in zip(a.split("/")[:-1], b.split("/")[:-1], strict=False):
            if x != y:
                break
            count += 1
        return count

    return max(range(len(files)), key=lambda i: shared(files[i], query))


folder_path = st.lists(st.sampled_from(["a", "b", "c"]), max_size=3).map(lambda parts: "/".join([*parts, "p.yaml"]))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(folder_path, min_size=1, max_size=8, unique=True), folder_path)
def test_the_nearest_definition_is_found_as_documented(defining: list[str], asking: str) -> None:
    """The indexed lookup picks what the plain rule picks, for any layout of pages."""
    pages = {
        name: f"reference:\n  python:\n    - key: shared\n      type: Type{index}\n"
        for index, name in enumerate(defining)
    }
    query = "    - key: fetch\n      title: x.fetch()\n      returns:\n        - (shared)\n"
    if asking in pages:
        pages[asking] += query
    else:
        pages[asking] = "reference:\n  python:\n" + query
    api, diags = link(pages)
    assert not diags.errors, diags.render()
    (op,) = api.languages["python"].operations
    expected = _nearest_by_definition([f"specs/{name}" for name in defining], f"specs/{asking}")
    assert op.returns[0].type_text == f"Type{expected}"


def test_a_model_defined_on_several_pages_adds_up_their_fields_in_order() -> None:
    def widget(*fields: str) -> str:
        items = "".join(f"        - key: {name}\n          type: str\n" for name in fields)
        return f"reference:\n  python:\n    - key: Widget\n      title: class Widget\n      properties:\n{items}"

    pages = {"w/a.yaml": widget("id", "name"), "w/b.yaml": widget("name", "size", "id"), "w/c.yaml": widget("color")}
    api, diags = link(pages)
    assert not diags.errors, diags.render()
    (model,) = api.languages["python"].models
    assert [f.name for f in model.fields] == ["id", "name", "size", "color"]
    assert model.loc.file == "specs/w/a.yaml"


def test_a_language_links_the_same_whatever_else_the_run_asks_for(monkeypatch):
    """A language's model may take objects another language defines: a narrowed run (``--lang go``)
    still links the languages linked before it, quietly, so its output equals the full run's for
    that language; the languages linked after the last one asked for are not linked at all."""
    everything = Diagnostics()
    full = load_api([SPECS], everything, tuple(EMITTERS))
    linked: list[str] = []
    real = linker._Language.link

    def noted(self, entries):
        linked.append(self.language)
        return real(self, entries)

    monkeypatch.setattr(linker._Language, "link", noted)
    # The order languages link in (see Linker.link_each): each run links exactly those up to the
    # last language it asks for.
    # (the HTTP reference; by name, the languages whose inline objects become models; then Go,
    # which declares its own)
    order = ["curl", "dotnet", "java", "js", "php", "python", "ruby", "go"]
    for language, others in (("curl", ()), ("java", ()), ("dotnet", ("js",)), ("python", ("curl",)), ("go", ())):
        linked.clear()
        load_api([SPECS], Diagnostics(), (language, *others))
        assert linked == order[: max(order.index(name) for name in (language, *others)) + 1]
    for language in EMITTERS:
        alone = Diagnostics()
        narrowed = load_api([SPECS], alone, (language,))
        assert tuple(narrowed.languages) == (language,)
        assert narrowed.languages[language] == full.languages[language]
        # Only this language's (and the shared pages') diagnostics: the others were linked quietly.
        assert 0 < len(alone.warnings) < len(everything.warnings)
        assert {str(d) for d in alone.warnings} <= {str(d) for d in everything.warnings}
        # ``also``: languages linked and given too (codegen externals), reporting only the asked.
        reported = Diagnostics()
        more = load_api([SPECS], reported, (language,), also=("go",))
        assert set(more.languages) == {language, "go"}
        assert more.languages["go"] == full.languages["go"]
        assert [str(d) for d in reported.items] == [str(d) for d in alone.items]
