"""Nothing the docs say is dropped without a word: each case is read, and said, at its position."""

from __future__ import annotations

import textwrap
from pathlib import Path

from helpers import SPECS

from codegen.diagnostics import Diagnostics
from codegen.pipeline import load_api


def link(tmp_path: Path, text: str, languages: tuple[str, ...] = ("python",)) -> tuple[object, Diagnostics]:
    (tmp_path / "shop").mkdir(exist_ok=True)
    (tmp_path / "shop" / "page.yaml").write_text(textwrap.dedent(text))
    diags = Diagnostics()
    return load_api([tmp_path], diags, languages), diags


def test_a_misspelt_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    _, diags = link(
        tmp_path,
        """
        reference:
          python:
            - key: list_items
              title: shop.list_items()
              paramters:
                - key: limit
                  type: int
        """,
    )
    (warning,) = diags.warnings
    assert warning.loc.line == 6 and warning.message == "unknown key 'paramters'; ignored"
    assert warning.hint == "did you mean parameters?"


def test_an_unknown_key_of_a_parameter_is_ignored_and_its_page_kept(tmp_path: Path) -> None:
    """An item of ``parameters``/``returns``/``properties`` (a mapping or a reference) with a key
    the format does not know: the key is a warning and ignored, as anywhere else, and the page,
    its method and the parameter are kept (they were dropped, with nothing but the warning)."""
    api, diags = link(
        tmp_path,
        """
        reference:
          python:
            - key: get_item
              title: shop.get_item()
              parameters:
                - key: item_id
                  type: str
                  nullable: false
              returns:
                - key: item
                  type: dict
                  deprecated: true
        """,
    )
    assert [(w.loc.line, w.message) for w in diags.warnings] == [
        (9, "unknown key 'nullable'; ignored"),
        (13, "unknown key 'deprecated'; ignored"),
    ]
    assert not diags.errors
    (op,) = api.languages["python"].operations  # type: ignore[attr-defined]
    assert [p.name for p in op.params] == ["item_id"]
    assert [r.name for r in op.returns] == ["item"]


def test_properties_of_a_method_are_its_parameters(tmp_path: Path) -> None:
    api, diags = link(
        tmp_path,
        """
        reference:
          go:
            - key: DeleteItem
              title: shop.DeleteItem()
              properties:
                - key: ID
                  type: string
        """,
        ("go",),
    )
    (op,) = api.languages["go"].operations  # type: ignore[attr-defined]
    assert [p.name for p in op.params] == ["ID"]
    assert any("lists 'properties:' and no 'parameters:'" in d.message for d in diags.warnings)


def test_two_inline_objects_of_one_name_are_kept_apart(tmp_path: Path) -> None:
    entry = """
            - key: list_{item}s
              title: shop.list_{item}s()
              returns:
                - key: page
                  type: Page
                  properties:
                    - key: data
                      type: list[{Item}]
    """
    text = "reference:\n  python:\n" + "".join(
        textwrap.indent(textwrap.dedent(entry.format(item=i, Item=i.title())), "  ") for i in ("apple", "pear")
    )
    api, diags = link(tmp_path, text)
    models = {m.name: m for m in api.languages["python"].models}  # type: ignore[attr-defined]
    assert models["Page"].fields[0].type_text == "list[Apple]"
    assert models["PageOfPear"].fields[0].type_text == "list[Pear]"
    returns = {op.name: op.returns[0].type.name for op in api.languages["python"].operations}  # type: ignore[attr-defined]
    assert returns == {"list_apples": "Page", "list_pears": "PageOfPear"}
    (warning,) = [d for d in diags.warnings if "inline object" in d.message]
    assert "generated as 'PageOfPear'" in warning.message and "shop/page.yaml:" in warning.message


def test_the_corpus_keeps_its_list_resources_apart() -> None:
    api = load_api([SPECS], Diagnostics(), ("python",))
    names = {m.name for m in api.languages["python"].models if m.name.startswith("WorkOSListResource")}
    assert {"WorkOSListResourceOfUser", "WorkOSListResourceOfSession"} <= names
