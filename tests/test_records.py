"""codegen.records: a quick record is made, compared and copied exactly as its dataclass."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import InitVar, dataclass, field
from typing import Any

import pytest

from codegen.records import quick, replace


def _classes() -> tuple[type, type]:
    """The same class twice, as ``dataclass`` makes it and made quick: every kind of field."""

    def made() -> type:
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
            named: str = field(default="n", kw_only=True)
            needed: int = field(kw_only=True)

            def __post_init__(self, extra: int) -> None:
                object.__setattr__(self, "total", extra + self.inherited_default)

        return Record

    return made(), quick(made())


def _state(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a",), {"needed": 1}),
    (("a", 2, "q", [4]), {"extra": 10, "named": "m", "needed": 2}),
    ((), {"inherited": "b", "plain": "z", "needed": 3}),
]


def test_a_quick_record_has_its_dataclass_signature_and_is_made_the_same() -> None:
    stock, fast = _classes()
    assert fast.__init__.__code__.co_filename.startswith("<quick")  # type: ignore[misc]
    assert str(inspect.signature(fast)) == str(inspect.signature(stock))
    for args, kwargs in CALLS:
        made, expected = fast(*args, **kwargs), stock(*args, **kwargs)
        assert _state(made) == _state(expected)
        assert repr(made).split("(", 1)[1] == repr(expected).split("(", 1)[1]
    first, second = fast("a", needed=1), fast("a", needed=1)
    assert first.listed is not second.listed and first.made_later is not second.made_later  # a factory each
    assert first == second
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.plain = "x"
    with pytest.raises(TypeError):
        fast(needed=1)  # 'inherited' is still required
    with pytest.raises(TypeError):
        fast("a", 1, "c", [], 2, "f", needed=1)  # too many by place: the keyword-only come after


def test_replace_copies_a_quick_record_as_dataclasses_replace_does() -> None:
    stock, fast = _classes()
    changes: list[dict[str, Any]] = [{}, {"plain": "r"}, {"inherited": "c", "extra": 1}, {"needed": 9, "listed": [1]}]
    for args, kwargs in CALLS:
        for change in changes:
            got = replace(fast(*args, **kwargs), **change)
            expected = dataclasses.replace(stock(*args, **kwargs), **change)
            assert type(got) is fast and _state(got) == _state(expected)
    with pytest.raises((TypeError, ValueError)):
        replace(fast("a", needed=1), counted=4)  # not a parameter: refused, as dataclasses does


def test_quick_refuses_a_class_it_would_copy_wrongly() -> None:
    @dataclass(slots=True)
    class Open:
        x: int

    @dataclass(frozen=True)
    class Unslotted:
        x: int

    for kind in (Open, Unslotted):
        with pytest.raises(TypeError, match="frozen, slotted"):
            quick(kind)


def test_replace_falls_back_to_dataclasses_for_other_classes() -> None:
    @dataclass
    class Plain:
        x: int
        y: int = 2

    assert replace(Plain(1), y=5) == Plain(1, 5)


def test_a_record_without_fields_is_made_and_copied() -> None:
    @quick
    @dataclass(frozen=True, slots=True)
    class Empty:
        pass

    assert Empty() == replace(Empty()) and str(inspect.signature(Empty)) == "() -> None"
