"""Records of user input (codegen.checked): the plain reading (no pydantic) and the reading by
the records' pydantic models give one answer; a run whose input is plainly valid never imports
pydantic; pydantic still coerces and explains what the plain reading leaves to it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from helpers import ROOT, SPECS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen import checked, spec
from codegen.checked import Invalid, NotPlain, by_model, plainly
from codegen.config import Config, LintConfig, OpenAPIConfig, PackageDefaults
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS
from codegen.loader import discover, load_file, load_text
from codegen.spec import _read_as_siblings, _Schema

REFUSED = object()


def readings(cls: type[checked.Record], data: Any) -> tuple[Any, Any]:
    """(the plain reading or None when it leaves the data to pydantic, the model's or REFUSED)."""
    try:
        plain = plainly(cls, data)
    except NotPlain:
        plain = None
    try:
        model = by_model(cls, data)
    except Invalid:
        model = REFUSED
    return plain, model


def corpus_pages() -> list[Any]:
    diags = Diagnostics()
    pages = []
    for path, display, relative in discover([SPECS], diags):
        raw = load_file(path, display, diags, relative)
        assert raw is not None, display
        pages.append(_read_as_siblings(raw.data, _Schema.SpecPage, (), raw.source, Diagnostics()))
    return pages


def test_every_corpus_page_is_read_plainly_and_as_its_model_reads_it() -> None:
    pages = corpus_pages()
    assert len(pages) > 100
    for data in pages:
        plain, model = readings(_Schema.SpecPage, data)
        assert plain is not None  # the corpus is valid: no page needs pydantic
        assert plain == model
        assert type(plain).__name__ == "SpecPage" and type(plain) is not _Schema.SpecPage  # the frozen copy


# Values of every shape the YAML and TOML readers give, valid and not.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, width=16),
    st.sampled_from(["", "x", "key", "string", "yes", "1", "http", "stub", "ignore", "warn"]),
    st.text(max_size=6),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["key", "type", "x", "1"]), inner, max_size=3)
    ),
    max_leaves=8,
)


def mapping_of(cls: type[checked.Record], extra: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.sampled_from([*checked.fields(cls), "unknown"])
    return st.dictionaries(keys, st.one_of(VALUES, extra), max_size=5)


ITEM = st.fixed_dictionaries({"key": st.sampled_from(["id", "name"])}, optional={"type": st.just("string")})
ITEMS = st.lists(st.one_of(ITEM, st.sampled_from(["Ref", "other"])), max_size=3)
ENTRY = st.fixed_dictionaries({"key": st.just("m")}, optional={"parameters": ITEMS, "optional": st.booleans()})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([_Schema.SpecItem, _Schema.SpecEntry, _Schema.SpecPage]),
    st.data(),
)
def test_a_page_part_is_read_plainly_exactly_when_its_model_takes_it_and_to_the_same(cls: Any, data: Any) -> None:
    extra = st.one_of(ITEMS, st.dictionaries(st.sampled_from(["go", "js"]), st.lists(ENTRY, max_size=2)))
    value = data.draw(st.one_of(mapping_of(cls, extra), ENTRY, ITEM))
    plain, model = readings(cls, value)
    if plain is None:  # the spec is strict: what pydantic takes, it takes as written, so plainly too
        assert model is REFUSED
    else:
        assert model == plain


SETTING_VALUES = st.sampled_from(
    [
        "github.com/acme/sdk",
        "Acme::SDK",
        "com.acme.sdk",
        "Acme.Sdk",
        "acme_sdk",
        "acme/sdk",
        "1.2.3",
        "1.2",
        "https://api.example.com",
        "MY_KEY",
        "MY KEY",
        "line\nbreak",
        ["gofmt", "-w"],
        ["SSO", "a b"],
        {"getSSOURL": "getSsoUrl"},
        {"x": "not a name"},
        {"severity": {}},
        "docs",
        "api",
        "openapi.yaml",
    ]
)
SETTINGS_RECORDS = [emitter.settings_model for emitter in EMITTERS.values()]
CONFIG_RECORDS = [LintConfig, OpenAPIConfig, PackageDefaults, Config]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SETTINGS_RECORDS + CONFIG_RECORDS), st.data())
def test_a_config_table_read_plainly_is_what_its_model_makes_of_it(cls: Any, data: Any) -> None:
    value = data.draw(mapping_of(cls, SETTING_VALUES))
    if cls is Config:
        value["root"] = Path("project")
    plain, model = readings(cls, value)
    if plain is not None:
        assert model == plain
        assert type(plain) is cls


def test_plain_values_of_every_table_are_read_without_pydantic() -> None:
    go = EMITTERS["go"].settings_model
    settings = {"module": "github.com/acme/sdk", "renames": {"a": "b"}, "initialisms": ["SSO"], "examples": True}
    read = plainly(go, settings)
    assert read == go(**settings)
    config = {
        "root": Path("."),
        "settings": {"go": read},
        "lint": {"severity": {}},
        "openapi": "o.yaml",
        "max_fields": 5,
    }
    made = plainly(Config, config)
    assert made.settings["go"] is read  # a record already made is taken as it is
    assert made.openapi == OpenAPIConfig(path="o.yaml")  # the check that runs before the type's
    assert made == by_model(Config, config)


@pytest.mark.parametrize(
    ("cls", "value"),
    [
        (EMITTERS["go"].settings_model, {"examples": "yes"}),  # pydantic coerces it
        (EMITTERS["go"].settings_model, {"module": "not a module"}),  # a check refuses it
        (Config, {"max_fields": 0}),  # below the bound
        (Config, {"diagnostics": {"x": "loud"}}),  # not one of the literals
        (Config, {"specs": "specs"}),  # a string for a list
        (LintConfig, {"severity": {}, "other": 1}),  # an unknown key
    ],
)
def test_what_is_not_plain_is_left_to_pydantic(cls: Any, value: dict[str, Any]) -> None:
    with pytest.raises(NotPlain):
        plainly(cls, value)


def test_pydantic_still_coerces_and_explains() -> None:
    go = EMITTERS["go"].settings_model
    assert go.validate({"examples": "yes"}).examples is True
    with pytest.raises(Invalid, match="Go module path") as caught:
        go.validate({"module": "not a module"})
    assert [error["loc"] for error in caught.value.errors()] == [("module",)]
    with pytest.raises(Invalid) as bounded:
        Config.validate({"max_fields": 0})
    assert bounded.value.errors()[0]["type"] == "greater_than_equal"


def generate_in_process(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``codegen generate ARGS`` in a fresh interpreter in ``folder``; its stdout ends with the exit
    code and the pydantic modules it imported."""
    probe = (
        "import sys\n"
        "from codegen.cli import main\n"
        f"code = main(['generate', *{list(args)!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "CODEGEN_CACHE_DIR": str(folder / "cache"), "PATH": "/usr/bin:/bin"},
    )


def test_a_run_of_plainly_valid_input_never_imports_pydantic(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(SPECS, tmp_path / "specs")
    done = generate_in_process(tmp_path, "-q")
    assert done.stdout.strip() == "0 []", done.stderr
    assert (tmp_path / "generated" / "go").is_dir()


def item_with(unknown: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        st.fixed_dictionaries({"key": st.sampled_from(["id", "name"])}, optional={"type": st.just("string")}),
        lambda inner: st.fixed_dictionaries(
            {"key": st.just("data"), "properties": st.lists(st.one_of(inner, st.just("(Ref)")), max_size=2)}
        ),
        max_leaves=4,
    ).flatmap(lambda found: unknown.map(lambda extra: {**found, **extra}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_page_with_unknown_keys_reads_and_warns_as_its_model_would(data: Any) -> None:
    """A page plain but for keys the format does not know is read without them, and each is a
    warning, without pydantic: the same page and the same diagnostics as pydantic's errors give."""
    unknown = st.dictionaries(
        st.sampled_from(["nullable", "paramters", "x-note", "Type", "id2"]), st.booleans(), max_size=2
    )
    entry = st.fixed_dictionaries(
        {"key": st.just("get_item"), "parameters": st.lists(item_with(unknown), max_size=3)},
        optional={"returns": st.lists(item_with(unknown), max_size=2)},
    ).flatmap(lambda found: unknown.map(lambda extra: {**found, **extra}))
    page = data.draw(
        st.fixed_dictionaries({"reference": st.fixed_dictionaries({"python": st.lists(entry, min_size=1, max_size=2)})})
    )
    page.update(data.draw(unknown))
    text = yaml.safe_dump(page, sort_keys=False)

    def validated(shortcut: bool) -> tuple[Any, list[Any]]:
        diags = Diagnostics()
        raw = load_text("shop/page.yaml", text, diags)
        assert raw is not None
        with mock.patch.object(spec, "_unknown_keys", spec._unknown_keys if shortcut else lambda data: None):
            read = spec.validate_page(raw, diags)
        return (read.spec if read else None), diags.sorted()

    assert validated(True) == validated(False)


def test_a_page_with_an_unknown_key_is_read_without_pydantic(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "page.yaml").write_text(
        "reference:\n  python:\n    - key: get_item\n      title: shop.get_item()\n      deprecated: true\n",
        encoding="utf-8",
    )
    done = generate_in_process(tmp_path, "specs", "--out", "out")
    assert done.stdout.strip() == "0 []", done.stderr
    assert "unknown key 'deprecated'; ignored" in done.stderr
    assert (tmp_path / "out" / "python").is_dir()
