"""codegen.records: a class made by ``records.dataclass`` is made, compared, hashed, printed,
pickled, copied and refused assignment exactly as the standard library's dataclass of it."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import itertools
import pickle
from collections.abc import Callable
from dataclasses import InitVar, field
from typing import Any

import pytest

from codegen import records
from codegen.records import replace

Maker = Callable[..., Any]


def _both(build: Callable[[Maker], type]) -> tuple[type, type]:
    """The class ``build`` declares, made by ``dataclasses.dataclass`` and by ``records.dataclass``."""
    return build(dataclasses.dataclass), build(records.dataclass)


def _every_kind(dataclass: Maker) -> type:
    """Every kind of field codegen's records have, under a frozen slotted base."""

    @dataclass(frozen=True, slots=True)
    class Base:
        inherited: str
        inherited_default: int = 7

    @dataclass(frozen=True, slots=True)
    class Record(Base):
        plain: str = "p"
        listed: list[int] = field(default_factory=list)
        counted: int = field(default=3, init=False)
        made_later: dict[str, int] = field(default_factory=dict, init=False)
        total: int = field(default=0, init=False)
        extra: InitVar[int] = 5
        unseen: str = field(default="u", repr=False)
        uncompared: str = field(default="c", compare=False)
        named: str = field(default="n", kw_only=True)
        needed: int = field(kw_only=True)

        def __post_init__(self, extra: int) -> None:
            object.__setattr__(self, "total", extra + self.inherited_default)

    return Record


def _state(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _same_class(stock: type, made: type) -> None:
    """What the class itself shows: signature, docstring, fields, match args and parameters."""
    assert str(inspect.signature(made)) == str(inspect.signature(stock))
    assert made.__doc__ == stock.__doc__
    assert [(f.name, f.init, f.repr, f.compare, f.kw_only) for f in dataclasses.fields(made)] == [
        (f.name, f.init, f.repr, f.compare, f.kw_only) for f in dataclasses.fields(stock)
    ]
    assert getattr(made, "__match_args__", None) == getattr(stock, "__match_args__", None)
    assert ("__slots__" in made.__dict__) == ("__slots__" in stock.__dict__)
    for name in ("init", "repr", "eq", "order", "frozen"):
        assert getattr(made.__dataclass_params__, name) == getattr(stock.__dataclass_params__, name), name  # type: ignore[attr-defined]
    assert (made.__hash__ is None) == (stock.__hash__ is None)  # type: ignore[comparison-overlap]


def _same_records(stock: Any, made: Any) -> None:
    """What two records made from the same arguments show: state, text, equality and hash."""
    assert _state(made) == _state(stock)
    assert repr(made).split("(", 1)[1] == repr(stock).split("(", 1)[1]
    assert repr(made).split("(", 1)[0].rsplit(".", 1)[-1] == type(made).__name__
    assert _hashed(made) == _hashed(stock)  # the same tuple hashed: sets of records keep their order


def _hashed(record: Any) -> int | str:
    try:
        return hash(record)
    except TypeError as error:  # a class that is not frozen, or a field that is a list
        return str(error)


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a",), {"needed": 1}),
    (("a", 2, "q", [4]), {"extra": 10, "named": "m", "needed": 2}),
    ((), {"inherited": "b", "plain": "z", "needed": 3, "unseen": "x", "uncompared": "y"}),
]


def test_a_record_is_made_and_shown_as_its_dataclass() -> None:
    stock, made = _both(_every_kind)
    _same_class(stock, made)
    assert made.__init__.__code__.co_filename.startswith("<record")  # type: ignore[misc]
    for name in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__", "__replace__"):
        assert getattr(made, name).__qualname__.endswith(f"Record.{name}"), name
    for args, kwargs in CALLS:
        _same_records(stock(*args, **kwargs), made(*args, **kwargs))
    first, second = made("a", needed=1), made("a", needed=1)
    assert first.listed is not second.listed and first.made_later is not second.made_later  # a factory each
    assert first == second
    assert made("a", needed=1, uncompared="other") == first  # a field left out of comparing
    assert made("a", needed=1, unseen="other") != first
    assert "unseen" not in repr(first) and "uncompared" in repr(first)
    with pytest.raises(TypeError):
        made(needed=1)  # 'inherited' is still required
    with pytest.raises(TypeError):
        made("a", 1, "c", [], 2, "u", "c", "f", needed=1)  # too many by place: the keyword-only come after


def test_a_frozen_record_refuses_changes_and_pickles_and_copies_as_its_dataclass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, made = _both(_every_kind)
    made.__qualname__ = made.__name__ = "PickledRecord"
    monkeypatch.setitem(globals(), "PickledRecord", made)  # where pickle finds it
    record = made("a", 2, needed=1, extra=1)
    for change in (lambda: setattr(record, "plain", "x"), lambda: delattr(record, "plain")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            change()
    with pytest.raises((dataclasses.FrozenInstanceError, AttributeError, TypeError)):
        record.unknown = 1  # type: ignore[attr-defined]  # (Python 3.11's own refusal here is a TypeError)
    for twin in (pickle.loads(pickle.dumps(record)), copy.copy(record), copy.deepcopy(record)):
        assert twin == record and _state(twin) == _state(record) and type(twin) is made
    for kept in (Pickled("a", [1]), PickledChild("b", [], 2.5), Unslotted("c")):
        assert pickle.loads(pickle.dumps(kept)) == kept == copy.deepcopy(kept)


# Classes pickle finds by module and name.
@records.dataclass(frozen=True, slots=True)
class Pickled:
    name: str
    items: list[int] = field(default_factory=list)


@records.dataclass(frozen=True, slots=True)
class PickledChild(Pickled):
    weight: float = 0.0


@records.dataclass(frozen=True)
class Unslotted:
    name: str


def test_replace_copies_a_record_as_dataclasses_replace_does() -> None:
    stock, made = _both(_every_kind)
    changes: list[dict[str, Any]] = [{}, {"plain": "r"}, {"inherited": "c", "extra": 1}, {"needed": 9, "listed": [1]}]
    for args, kwargs in CALLS:
        for change in changes:
            got = replace(made(*args, **kwargs), **change)
            expected = dataclasses.replace(stock(*args, **kwargs), **change)
            assert type(got) is made and _state(got) == _state(expected)
            assert _state(dataclasses.replace(made(*args, **kwargs), **change)) == _state(expected)
    with pytest.raises((TypeError, ValueError)):
        replace(made("a", needed=1), counted=4)  # not a parameter: refused, as dataclasses does


@pytest.mark.parametrize(("frozen", "slots", "kw_only", "order"), list(itertools.product((False, True), repeat=4)))
def test_every_choice_of_arguments_makes_the_dataclass_they_make(
    frozen: bool, slots: bool, kw_only: bool, order: bool
) -> None:
    def build(dataclass: Maker) -> type:
        @dataclass(frozen=frozen, slots=slots, kw_only=kw_only, order=order)
        class Point:
            x: int
            y: int = 0
            tags: tuple[str, ...] = ()

        return Point

    stock, made = _both(build)
    _same_class(stock, made)
    calls = [((), {"x": 1}), ((), {"x": 2, "y": 3, "tags": ("a",)}), ((), {"x": 1, "y": -1})]
    if not kw_only:
        calls.append(((4, 5), {}))
    pairs = [(stock(*a, **k), made(*a, **k)) for a, k in calls]
    for s, m in pairs:
        _same_records(s, m)
        assert (m == made(**_state(m))) and m != s  # equal to its own kind only
        if frozen:
            with pytest.raises(dataclasses.FrozenInstanceError):
                m.x = 9
        else:
            m.x = m.x  # a plain dataclass takes assignments

    def single(dataclass: Maker) -> type:
        @dataclass(frozen=frozen, slots=slots, kw_only=kw_only, order=order)
        class Single:
            x: str

        return Single

    one_stock, one_made = _both(single)
    _same_class(one_stock, one_made)
    _same_records(one_stock(x="a"), one_made(x="a"))  # one field hashed as a tuple of one, too
    if order:
        assert sorted(m for _, m in pairs) == [made(**_state(s)) for s in sorted(s for s, _ in pairs)]
        assert (pairs[0][1] < pairs[1][1]) == (pairs[0][0] < pairs[1][0])
    else:
        with pytest.raises(TypeError):
            _ = pairs[0][1] < pairs[1][1]


def test_methods_a_class_writes_itself_are_kept() -> None:
    @records.dataclass(frozen=True, slots=True)
    class Own:
        x: int

        def __repr__(self) -> str:
            return "own"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7

        def __getstate__(self) -> str:
            return "state"

    assert repr(Own(1)) == "own" and Own(1) == Own(2) and hash(Own(3)) == 7
    assert Own(1).__getstate__() == "state"


def test_what_dataclasses_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument"):

        @records.dataclass
        class Late:
            x: int = 0
            y: int  # type: ignore[misc]

    @records.dataclass(frozen=True)
    class Frozen:
        x: int

    @records.dataclass
    class Open:
        x: int

    with pytest.raises(TypeError, match="non-frozen dataclass from a frozen one"):

        @records.dataclass
        class Thawed(Frozen):
            y: int = 0

    with pytest.raises(TypeError, match="frozen dataclass from a non-frozen one"):

        @records.dataclass(frozen=True)
        class Chilled(Open):
            y: int = 0

    for dataclass in (dataclasses.dataclass, records.dataclass):  # a frozen class's own __setattr__
        with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__"):

            @dataclass(frozen=True)
            class Guarded(Frozen):
                def __setattr__(self, name: str, value: object) -> None:
                    pass


def test_a_record_holding_itself_is_printed_without_end() -> None:
    @records.dataclass
    class Node:
        children: list[Any] = field(default_factory=list)

    node = Node()
    node.children.append(node)
    assert repr(node).endswith("Node(children=[...])")


def test_replace_falls_back_to_dataclasses_for_other_classes() -> None:
    @dataclasses.dataclass
    class Plain:
        x: int
        y: int = 2

    assert replace(Plain(1), y=5) == Plain(1, 5)


def test_a_record_without_fields_is_made_and_copied() -> None:
    stock, made = _both(lambda dataclass: dataclass(frozen=True, slots=True)(type("Empty", (), {})))
    _same_class(stock, made)
    assert made() == replace(made()) and hash(made()) == hash(stock())
    assert str(inspect.signature(made)) == "() -> None"


def test_a_class_with_its_own_init_keeps_it_and_is_documented_by_it() -> None:
    def build(dataclass: Maker) -> type:
        @dataclass(frozen=True)
        class Own:
            x: int

            def __init__(self, text: str) -> None:
                object.__setattr__(self, "x", len(text))

        return Own

    stock, made = _both(build)
    assert made.__doc__ == stock.__doc__ and made("abc").x == 3 and made("abc") == made("xyz")
