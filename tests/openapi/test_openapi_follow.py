"""`[tool.codegen.openapi] wire = "api"`: the generated wire follows the API's OpenAPI where the
two disagree (path, host, place, encoding), one warning per change, the docs' names kept; the
default stays the docs. On the hand-made pair of tests/fixtures/openapi."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, run_codegen

from codegen.config import Config, OpenAPIConfig, load_config
from codegen.diagnostics import Diagnostics
from codegen.ir import API, Field
from codegen.languages import LANGUAGES
from codegen.pipeline import load_api, render
from codegen.plan.requests import request
from codegen.samples import Declarations

FIXTURE = ROOT / "tests" / "fixtures" / "openapi"
PAGE = FIXTURE / "widgets.yaml"


def followed(wire: str = "api") -> tuple[API, Diagnostics]:
    config = Config(root=ROOT, openapi=OpenAPIConfig(path="tests/fixtures/openapi/api.yaml", wire=wire))  # type: ignore[arg-type]
    diags = Diagnostics()
    return load_api([PAGE], diags, LANGUAGES, config=config), diags


def sent(api: API, language: str, op_id: str) -> tuple[str, dict[str, list[str]]]:
    lang = api.languages[language]
    op = next(op for op in lang.operations if op.id == op_id)
    planned = request(op, lang, Declarations.of(lang))
    assert planned is not None
    path = "".join(p.text or "{" + (p.value.wire if p.value else "?") + "}" for p in planned.path)
    places: dict[str, list[str]] = {"query": [], "header": [], "body": []}
    for value in planned.values():
        if value.place != "path":
            places[value.place].append(value.wire)
    return path, places


def fields(api: API, language: str, op_id: str) -> dict[str, Field]:
    op = next(op for op in api.languages[language].operations if op.id == op_id)
    found: dict[str, Field] = {}
    stack = list(op.params)
    while stack:
        f = stack.pop()
        found[f.name] = f
        stack += f.fields
    return found


def test_the_default_is_the_docs_wire() -> None:
    plain, diags = followed("docs")
    assert not [d for d in diags.items if d.code == "openapi-wire"]
    assert plain == load_api([PAGE], Diagnostics(), LANGUAGES)
    assert sent(plain, "python", "delete_widget") == ("/widgets/{id}", {"query": ["reason"], "header": [], "body": []})


def test_each_change_is_followed_with_one_warning() -> None:
    _, diags = followed()
    warnings = sorted(
        f"{d.loc.line}: {d.message.split(' (OpenAPI')[0]}" for d in diags.items if d.code == "openapi-wire"
    )
    assert warnings == [
        "101: get_owner: not followed: the API reads 'access_token' as the 'Authorization: Bearer' header "
        "(security scheme 'access_token'), which a request of the model cannot carry; it stays in the query",
        "26: get_widget: sent to GET /widgets/{id}, the API's path (the docs: /widget/{id})",
        "36: list_widgets: the API's optional 'order' added to the call (its HTTP reference lacks them)",
        "41: list_widgets: the list 'tags' is sent comma-separated (explode: false), as the API reads it",
        "61: delete_widget: 'reason' goes in the JSON body, where the API reads it (the docs: the query)",
        "73: create_widget: 'colors' is optional, as the API reads it (the docs: required)",
        "75: create_widget: 'size' is optional, as the API reads it (the docs: required)",
        "77: create_widget: 'part_id' is optional, as the API reads it (the docs: required)",
        "79: create_widget: 'part_ids' is optional, as the API reads it (the docs: required)",
        "86: add_part: 'slug' goes in the JSON body, where the API reads it; the path placeholder the docs bound it "
        "to is another value, now '{widget_slug}'",
        "89: sign_out: sent to https://auth.example.com, where the API serves it",
    ]
    assert all(d.loc.file.endswith("widgets.yaml") for d in diags.items if d.code == "openapi-wire")


def test_places_move_in_every_language_and_the_names_stay() -> None:
    api, _ = followed()
    assert sent(api, "python", "delete_widget") == ("/widgets/{id}", {"query": [], "header": [], "body": ["reason"]})
    reason = fields(api, "python", "delete_widget")["reason"]
    assert (reason.name, reason.wire_name, reason.place) == ("reason", "reason", "body")
    curl = next(op for op in api.languages["curl"].operations if op.id == "get_widget")
    assert curl.path == "/widgets/:id" and curl.http is not None and curl.http.path == "/widgets/{id}"
    sign_out = next(op for op in api.languages["curl"].operations if op.id == "sign_out")
    assert sign_out.http is not None and sign_out.http.host == "https://auth.example.com"
    tags = next(p for p in api.languages["python"].operations if p.id == "list_widgets").http
    assert tags is not None and [p.repeated for p in tags.params if p.name == "tags"] == [False]


def test_a_name_bound_to_the_wrong_placeholder_is_split() -> None:
    """add_part: the docs take the part's `slug` for the widget's `:slug`. Following the API, the
    part's slug goes in the body and each language's widget slug fills the renamed placeholder."""
    api, diags = followed()
    expected = ("/widgets/{widget_slug}/parts", {"query": [], "header": [], "body": ["slug"]})
    assert sent(api, "python", "add_part") == expected
    assert sent(api, "js", "add_part") == expected
    python = fields(api, "python", "add_part")
    assert (python["slug"].wire_name, python["slug"].place) == ("widget_slug", "path")
    assert (python["part_slug"].wire_name, python["part_slug"].place) == ("slug", "body")
    js = fields(api, "js", "add_part")
    assert (js["widgetSlug"].wire_name, js["partSlug"].wire_name, js["partSlug"].place) == (
        "widget_slug",
        "slug",
        "body",
    )
    curl = next(op for op in api.languages["curl"].operations if op.id == "add_part")
    assert curl.path == "/widgets/:widget_slug/parts"
    # what the docs left unsent is linked now: no "matches no parameter" warning for it
    assert not [d for d in diags.items if d.code == "unmapped-field" and "part_slug" in d.message]


def test_generate_writes_the_followed_requests(tmp_path: Path) -> None:
    shutil.copyfile(PAGE, tmp_path / "widgets.yaml")
    shutil.copyfile(FIXTURE / "api.yaml", tmp_path / "api.yaml")
    (tmp_path / "codegen.toml").write_text(
        'specs = ["widgets.yaml"]\nout = "sdk"\nlanguages = ["python", "curl"]\n'
        '[openapi]\npath = "api.yaml"\nwire = "api"\n',
        encoding="utf-8",
    )
    result = run_codegen("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "openapi-wire" in result.stderr or "goes in the JSON body" in result.stderr
    script = (tmp_path / "sdk/curl/widgets/get_widget.sh").read_text(encoding="utf-8")
    assert "'/widgets/'" in script and "'/widget/'" not in script
    python = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "sdk/python").rglob("*.py"))
    assert '"/widgets/' in python and "widget_slug" in python
    # the followed OpenAPI is an input: editing it takes the full path, never "up to date"
    assert "up to date" in run_codegen("check", cwd=tmp_path).stdout
    spec = tmp_path / "api.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("/widgets/{slug}/parts", "/widgets/{slug}/pieces"))
    stale = run_codegen("check", cwd=tmp_path)
    assert stale.returncode == 1 and "inputs unchanged" not in stale.stdout


def test_a_bad_openapi_setting_is_an_error_at_its_line(tmp_path: Path) -> None:
    config = tmp_path / "codegen.toml"
    config.write_text('[openapi]\nwire = "api"\n', encoding="utf-8")
    diags = Diagnostics()
    load_config(config, diags)
    assert [d.format().splitlines()[0] for d in diags.errors] == [
        'codegen.toml:2:1: error: wire = "api" follows the API\'s OpenAPI: set its path too'
    ]
    config.write_text('[openapi]\npth = "x.yaml"\nwire = "API"\n', encoding="utf-8")
    diags = Diagnostics()
    load_config(config, diags)
    text = diags.render()
    assert "codegen.toml:2:1: error: unknown key 'openapi.pth'" in text and "did you mean path?" in text
    assert "codegen.toml:3:1: error: 'openapi.wire': Input should be 'docs' or 'api'" in text
    config.write_text('openapi = "../elsewhere.yaml"\n', encoding="utf-8")
    diags = Diagnostics()
    load_config(config, diags)
    assert "resolves outside the project folder" in diags.render()
    config.write_text('openapi = "api.yaml"\n', encoding="utf-8")
    loaded = load_config(config, Diagnostics())
    assert (loaded.openapi.path, loaded.openapi.wire, loaded.openapi_path()) == (
        "api.yaml",
        "docs",
        tmp_path / "api.yaml",
    )


def test_an_unreadable_followed_openapi_stops_generate(tmp_path: Path) -> None:
    shutil.copyfile(PAGE, tmp_path / "widgets.yaml")
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\npaths: [\n", encoding="utf-8")
    (tmp_path / "codegen.toml").write_text(
        'specs = ["widgets.yaml"]\nout = "sdk"\nlanguages = ["python"]\n[openapi]\npath = "api.yaml"\nwire = "api"\n',
        encoding="utf-8",
    )
    result = run_codegen("generate", cwd=tmp_path)
    assert result.returncode == 2 and "api.yaml:3:1: error: not valid YAML or JSON" in result.stderr
    assert not (tmp_path / "sdk").exists()


@pytest.mark.parametrize("language", ["python", "js", "curl"])
def test_a_followed_sdk_renders(language: str) -> None:
    api, diags = followed()
    files = render(api, Config(root=ROOT), (language,), diags)
    assert files and not diags.errors, diags.render()


def test_the_readme_openapi_config_is_accepted_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("[tool.codegen.openapi]")
    block = readme[start : readme.index("```", start)].replace("[tool.codegen.openapi]", "[openapi]")
    (tmp_path / "specs-openapi").mkdir()
    shutil.copyfile(FIXTURE / "api.yaml", tmp_path / "specs-openapi" / "open-api-spec.yaml")
    shutil.copyfile(PAGE, tmp_path / "widgets.yaml")
    config = tmp_path / "codegen.toml"
    config.write_text('specs = ["widgets.yaml"]\nlanguages = ["python"]\n' + block, encoding="utf-8")
    diags = Diagnostics()
    loaded = load_config(config, diags)
    assert not diags.items and loaded.openapi.wire == "api"
    result = run_codegen("generate", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0 and 'wire = "api"' in result.stderr, result.stderr
