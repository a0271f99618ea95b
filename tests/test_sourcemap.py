"""Where a page's values came from (codegen.loader.SourceMap): every key and value is found at
the line and column it was written at, a path of the wrong kind finds nothing, and a repeated
key answers as the data does (the last value, in the first one's place)."""

from __future__ import annotations

import pytest

from codegen.diagnostics import Diagnostics, Loc
from codegen.loader import RawPage, load_text

PAGE = """---
a: 1
b:
  - x
  - k: v
    "0": zero
b2: {}
a: 2
---
"""


def _page() -> RawPage:
    diags = Diagnostics()
    page = load_text("p.mdx", PAGE, diags)
    assert page is not None
    assert [d.code for d in diags.items] == ["duplicate-key"]
    return page


def test_every_key_and_value_is_found_where_it_was_written() -> None:
    source = _page().source
    assert source.find("v", ("b", 0)) == (4, 5)
    assert source.find("k", ("b", 1, "k")) == (5, 5)
    assert source.find("v", ("b", 1, "k")) == (5, 8)
    assert source.find("v", ("b", 1)) == (5, 5)
    assert source.find("v", ("b", 1, "0")) == (6, 10)
    assert source.find("v", ("b2",)) == (7, 5)
    assert source.find("k", ("b2",)) == (7, 1)


def test_a_repeated_key_answers_as_the_data_does() -> None:
    page = _page()
    assert list(page.data) == ["a", "b", "b2"] and page.data["a"] == 2
    assert page.source.find("k", ("a",)) == (8, 1)
    assert page.source.find("v", ("a",)) == (8, 4)


def test_a_path_of_the_wrong_kind_finds_nothing_and_at_falls_back_to_the_nearest_value() -> None:
    source = _page().source
    assert source.find("v", ("b", 1, 0)) is None  # an index into a mapping (whose key is "0")
    assert source.find("v", ("b", "0")) is None  # a key into a list
    assert source.find("v", ("b", 2)) is None
    assert source.find("v", ("b", -1)) is None
    assert source.find("v", ("b2", "x")) is None  # under an empty mapping
    assert source.find("v", ("a", "x")) is None  # under a scalar
    assert source.at(("b", 1, "nope")) == Loc("p.mdx", 5, 5)


def test_the_node_before_a_position_is_the_deepest_one_starting_there_or_earlier() -> None:
    source = _page().source
    assert source.before(6, 12) == ("v", ("b", 1, "0"), (6, 10))
    assert source.before(6, 6) == ("k", ("b", 1, "0"), (6, 5))
    assert source.before(4, 5) == ("v", ("b", 0), (4, 5))
    assert source.before(1, 1) is None


def test_mappings_with_the_same_keys_share_one_layout_also_when_read_back_from_the_cache() -> None:
    import marshal

    from codegen.loader import SourceMap

    first = load_text("a.mdx", "---\nx: {k: 1, v: 2}\ny: {k: 3, v: 4}\n---\n", Diagnostics())
    second = load_text("b.mdx", "---\nx: {k: 5, v: 6}\n---\n", Diagnostics())
    assert first is not None and second is not None
    (keys, index), (_, top) = first.source.layouts  # x's and y's (made first: they end first), the page's
    assert keys == ("k", "v") and index == {"k": 0, "v": 1} and top == {"x": 0, "y": 1}
    assert second.source.layouts[0] is first.source.layouts[0]
    copied = marshal.loads(marshal.dumps(second.source.saved()))
    again = SourceMap.restored("b.mdx", copied)
    assert copied[1][0] is not keys and again.layouts[0] is first.source.layouts[0]
    assert again.find("v", ("x", "v")) == second.source.find("v", ("x", "v")) == (2, 14)
    assert (again.nodes, again.positions) == (second.source.nodes, second.source.positions)


def test_the_value_a_repeated_key_left_behind_is_never_the_node_before_a_position() -> None:
    source = _page().source
    assert source.before(2, 4) == ("v", (), (2, 1))  # the first 'a: 1' is not in the data
    assert source.before(8, 5) == ("v", ("a",), (8, 4))


def test_positions_take_four_bytes_unless_a_page_needs_more() -> None:
    """Lines under a million and columns under 4,096 fit 4 bytes a position; a page with a value
    further right is read again with 8 (its diagnostics reported once), and found where it is."""
    assert _page().source.positions.itemsize == 4
    long = "x" * 5000
    text = f"---\na: 1\na: 2\nb: {{k: {long}, v: 3}}\n---\n"
    diags = Diagnostics()
    page = load_text("w.mdx", text, diags)
    assert page is not None and page.source.positions.itemsize == 8
    assert [d.code for d in diags.items] == ["duplicate-key"]
    assert page.source.find("v", ("b", "v")) == (4, 5013)
    assert page.source.find("k", ("a",)) == (3, 1)
    assert page.source.before(4, 5020) == ("v", ("b", "v"), (4, 5013))
    # A string's key too far right, the string itself on the next line: read again, wide.
    page = load_text("k.mdx", f"---\nb: {{k: {long}, w:\n  s}}\n---\n", Diagnostics())
    assert page is not None and page.source.positions.itemsize == 8
    assert (page.source.find("k", ("b", "w")), page.source.find("v", ("b", "w"))) == ((2, 5010), (3, 3))


def test_a_child_far_in_is_found_as_one_near_the_start() -> None:
    """Past the first places a child is found from a table of its parent's children: every item
    of a long list and every key of a long mapping is where it was written, and past the last
    one is nothing."""
    items = "".join(f"  - {{v: {i}}}\n" for i in range(40))
    keys = "".join(f"  k{i}: {i}\n" for i in range(40))
    page = load_text("long.yaml", f"l:\n{items}m:\n{keys}", Diagnostics())
    assert page is not None
    source = page.source
    for i in range(40):
        assert source.find("v", ("l", i, "v")) == (2 + i, 9)
        assert source.find("k", ("m", f"k{i}")) == (43 + i, 3)
    assert source.find("v", ("l", 40)) is None and source.find("v", ("l", 39, "w")) is None
    assert source.before(41, 9) == ("v", ("l", 39, "v"), (41, 9))


def test_each_scalar_gets_the_tag_pyyaml_gives_it_whether_or_not_it_was_seen_before() -> None:
    """The loader works out a short plain scalar's tag once (codegen.loader._Loader): every
    implicit type of YAML 1.1, quoted and tagged values, and values past the length it keeps,
    read twice, get PyYAML's own tags; so do mappings and lists, tagged or not."""
    import yaml

    from codegen import loader

    values = ["yes", "No", "on", "OFF", "true", "1", "-2", "+3", "0x1F", "0o17", "1_000", "1.5", "1e3", ".inf"]
    values += ["-.INF", ".nan", "~", "null", "", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "<<", "=", "hello"]
    values += ["12:30", "190:20:30", "1" * 70, "y" * 70, "type", "string", "tRUE", "0b101"]
    lines = [f"k{i}: {v}" for i, v in enumerate(values)] + [f"q{i}: '{v}'" for i, v in enumerate(values)]
    lines += [f"t{i}: !!str {v}" for i, v in enumerate(values)] + [f"l{i}: [{v}]" for i, v in enumerate(values)]
    lines += ["f: {a: [b, {c: d}]}", "g: !!seq [1]", "h: !!map {a: 1}", "n:", "  - x: [[y]]"]  # containers
    text = "\n".join(lines * 2)

    def tags(node: yaml.Node) -> list[tuple[str, str]]:
        if isinstance(node, yaml.ScalarNode):
            return [(node.value, node.tag)]
        children = node.value if isinstance(node, yaml.SequenceNode) else [c for kv in node.value for c in kv]
        return [("", node.tag)] + [t for child in children for t in tags(child)]

    ours = tags(yaml.compose(text, Loader=loader._Loader))
    theirs = tags(yaml.compose(text, Loader=yaml.SafeLoader))
    assert ours == theirs
    # Its steps down and up each node do nothing: so it refuses a path resolver, which needs them.
    with pytest.raises(TypeError, match="no path resolvers"):
        yaml.add_path_resolver("!x", ["a"], Loader=loader._Loader)
    assert not loader._Loader.yaml_path_resolvers
    assert len({tag for _, tag in ours}) >= 7  # str, int, float, bool, null, timestamp, merge, seq, map


def test_a_pages_source_map_holds_no_room_to_grow_and_shares_only_what_is_empty() -> None:
    """A large run holds every page's source map to its end: its arrays are exactly their items
    (read or restored from the cache), and the few pages with an unreadable value or a value read
    under another key have their own set and mapping, never one another's."""
    import marshal
    import sys
    from array import array

    from codegen.loader import SourceMap
    from codegen.spec import validate_page

    def exact(numbers: array[int]) -> bool:
        return sys.getsizeof(numbers) == sys.getsizeof(array(numbers.typecode, numbers))

    many = "".join(f"k{n}: {n}\n" for n in range(500))  # appended to, an array keeps room to grow
    odd = load_text("odd.mdx", "---\ntitle: !!int abc\ndescription: {a: 1}\n" + many + "---\n", Diagnostics())
    plain = load_text("plain.mdx", "---\n" + many + "---\n", Diagnostics())
    assert odd is not None and plain is not None
    restored = SourceMap.restored("plain.mdx", marshal.loads(marshal.dumps(plain.source.saved())))
    for source in (odd.source, plain.source, restored):
        assert len(source.positions) > 1000 and exact(source.positions) and exact(source.nodes)
    assert validate_page(odd, Diagnostics()) is not None  # reads ``description:`` as ``descriptions:``
    assert odd.source.unreadable == {("title",)} and dict(odd.source.aliases) == {("descriptions",): ("description",)}
    for source in (plain.source, restored):
        assert not source.unreadable and not source.aliases
    again = load_text("plain.mdx", "---\n" + many + "---\n", Diagnostics())
    assert again is not None and not again.source.unreadable and not again.source.aliases


def test_a_path_is_found_the_same_whatever_was_asked_before_it_and_a_few_pages_keep_a_cursor() -> None:
    """The walk starts from the last path asked (its cursor): every path, each of the wrong
    kind and each through an alias, asked in three orders and each after every other, answers
    as on a source map asked nothing before; only the last few maps asked keep a cursor."""
    import random

    from codegen import loader

    text = (
        "---\nl:\n" + "".join(f"  - k: {i}\n    m: {{a: [x, y], b: {{c: {i}}}}}\n" for i in range(20)) + "s: t\n---\n"
    )
    paths: list[tuple[str | int, ...]] = [(), ("s",), ("l",), ("l", 20), ("l", "0"), ("s", "x"), ("m",), ("l", -1)]
    for i in range(20):
        paths += [("l", i), ("l", i, "k"), ("l", i, "m"), ("l", i, "m", "a", 1), ("l", i, "m", "b", "c"), ("l", i, "z")]
        paths += [("l", i, "m", "a", 2), ("l", i, "m", "b", "c", "d"), ("o", i, "k")]

    def fresh() -> loader.SourceMap:
        page = load_text("p.mdx", text, Diagnostics())
        assert page is not None
        page.source.alias(("l",), ("o",))  # ("o", i, "k") is read as ("l", i, "k")
        return page.source

    expected = {(kind, path): fresh().find(kind, path) for path in paths for kind in "kv"}
    assert expected[("v", ("l", 19, "m", "b", "c"))] == (42, 27)  # the last item: lines 41-42
    assert expected[("v", ("o", 3, "k"))] == expected[("v", ("l", 3, "k"))] is not None
    shuffled = list(paths)
    random.Random(7).shuffle(shuffled)
    for order in (paths, paths[::-1], shuffled):
        source = fresh()
        assert all(source.find(kind, path) == expected[(kind, path)] for path in order for kind in "kv")
    source = fresh()
    for before in paths:
        for path in paths:
            source.find("v", before)
            assert source.find("v", path) == expected[("v", path)], (before, path)
    others = [fresh() for _ in range(loader._CURSORS)]
    for other in others:
        assert source._cursor is not None
        other.find("v", ("s",))
        assert other._cursor is not None and len(loader._WALKED) <= loader._CURSORS
    assert source._cursor is None  # the first of more than _CURSORS maps asked lets its go
    assert all(other._cursor is not None for other in others)
    assert all(other.find("v", path) == expected[("v", path)] for other in others for path in paths)


def test_front_matter_is_split_where_its_lines_say_whichever_line_breaks_a_page_uses() -> None:
    """A page's front matter is its first line '---' up to the next line that is only '---', lines
    as str.splitlines breaks them: found with a search where the page breaks lines only with
    \\n, \\r\\n or \\r, line by line otherwise. On every corpus page and 100,000 made of dashes,
    breaks of each kind and text, both ways agree with the rule written out line by line."""
    import random

    from helpers import SPECS

    from codegen.loader import split_front_matter

    def by_lines(text: str) -> tuple[str, int] | str | None:
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].rstrip("\r\n") != "---":
            return None
        closing = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---"), None)
        return "never closed" if closing is None else ("".join(lines[1:closing]), 1)

    def split(text: str) -> tuple[str, int] | str | None:
        try:
            return split_front_matter(text)
        except ValueError as exc:
            assert "never closed" in str(exc)
            return "never closed"

    rnd = random.Random(3)
    pieces = ["---", "-", "\n", "\r", "\r\n", " ", "a", "\v", "\u2028", "x: 1", "--", "\x85", "----"]
    texts = [path.read_text(encoding="utf-8") for path in sorted(SPECS.rglob("*.mdx"))]
    for _ in range(50_000):
        texts.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))))
        texts.append("---" + "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))))
    assert [split(text) for text in texts] == [by_lines(text) for text in texts]
    assert split("---\r\nx: 1\r---\n# prose") == ("x: 1\r", 1) and split("---") == "never closed"


def test_pages_read_from_many_threads_keep_the_bound_on_cursors() -> None:
    """Threads that read pages at once (a test's toolchain checks, a library caller) never leave
    more than _CURSORS maps with a cursor, and a map keeps one only while it is counted. (Without
    the lock, a thread switch between counting and keeping a cursor let the count grow.)"""
    import sys
    import threading

    from codegen import loader

    text = "---\n" + "".join(f"k{i}: {{a: [1, 2], b: {i}}}\n" for i in range(30)) + "---\n"
    maps = []
    for _ in range(64):
        page = load_text("p.mdx", text, Diagnostics())
        assert page is not None
        maps.append(page.source)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # a switch between any two steps

    def read(offset: int) -> None:
        for round_ in range(300):
            for index in range(offset, len(maps), 4):
                maps[(index + round_) % len(maps)].find("v", (f"k{round_ % 30}", "a", 1))

    try:
        threads = [threading.Thread(target=read, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(loader._WALKED) <= loader._CURSORS
    counted = {key for key, walked in loader._WALKED.items() if any(walked is m for m in maps)}
    assert {id(m) for m in maps if m._cursor is not None} == counted
