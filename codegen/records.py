"""Frozen, slotted dataclasses made and copied faster: :func:`quick` and :func:`replace`.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (its own
``__setattr__`` refuses), a generic attribute lookup per field; and ``dataclasses.replace`` reads
each field by name in a loop before it calls the class. A large run makes and copies hundreds of
thousands of IR records and views, and these two were a tenth of its time. :func:`quick` gives a
class an ``__init__`` that sets each slot through the slot's own descriptor, with the same
signature (taken from the one ``dataclass`` wrote: names, order, defaults, keyword-only, init
vars) and the same ``__post_init__`` call, and a ``__replace__`` (the name Python 3.13's
``copy.replace`` calls) that passes every field to it by name. Instances stay frozen: only
``__init__`` is replaced, and ``__setattr__`` still refuses.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
import types
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# A field not named in a call to __replace__.
_KEPT: Any = object()


def quick(cls: type[T]) -> type[T]:
    """``cls``, a frozen slotted dataclass, with a faster ``__init__`` and a ``__replace__``."""
    params = _checked(cls)
    stock = cls.__init__
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = {f.name for f in fields}
    bound: dict[str, Any] = {"_cls": cls, "_KEPT": _KEPT}
    signature, seen_star = [], False
    for p in params:
        if p.kind is p.KEYWORD_ONLY and not seen_star:
            signature.append("*")
            seen_star = True
        text = p.name
        if p.default is not p.empty:
            bound[f"_d_{p.name}"] = p.default
            text += f"=_d_{p.name}"
        signature.append(text)
    body = []
    for f in fields:
        if f.init:
            value = f.name
            if f.default_factory is not dataclasses.MISSING:  # its default in the signature is a marker
                bound[f"_f_{f.name}"] = f.default_factory
                value = f"_f_{f.name}() if {f.name} is _d_{f.name} else {f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            bound[f"_f_{f.name}"] = f.default_factory
            value = f"_f_{f.name}()"
        elif f.default is not dataclasses.MISSING:
            bound[f"_d_{f.name}"] = f.default
            value = f"_d_{f.name}"
        else:
            continue  # set by __post_init__, or never
        bound[f"_s_{f.name}"] = _slot(cls, f.name).__set__
        body.append(f"_s_{f.name}(self, {value})")
    init_vars = [p.name for p in params if p.name not in names]
    if hasattr(cls, "__post_init__"):
        body.append(f"self.__post_init__({', '.join(init_vars)})")
    copied = ", ".join(f"{p.name}=self.{p.name} if {p.name} is _KEPT else {p.name}" for p in params)
    keywords = "".join(f", {p.name}=_KEPT" for p in params)
    source = (
        f"def __init__(self{''.join(f', {text}' for text in signature)}):\n"
        + "".join(f"    {line}\n" for line in body or ["pass"])
        + f"def __replace__(self, /{', *' if params else ''}{keywords}):\n"
        + f"    return _cls({copied})\n"
    )
    made: dict[str, Any] = {}
    exec(compile(source, f"<quick {cls.__qualname__}>", "exec"), bound, made)
    for name in ("__init__", "__replace__"):
        made[name].__qualname__ = f"{cls.__qualname__}.{name}"
        made[name].__module__ = cls.__module__
    made["__init__"].__doc__, made["__init__"].__annotations__ = stock.__doc__, stock.__annotations__
    cls.__init__ = made["__init__"]  # type: ignore[method-assign]
    cls.__replace__ = made["__replace__"]  # type: ignore[attr-defined]
    return cls


def _checked(cls: type) -> list[inspect.Parameter]:
    """The parameters of ``cls``'s dataclass ``__init__``; a class :func:`quick` cannot serve is
    refused when it is defined, not miscopied."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"quick() takes a frozen, slotted dataclass, not {cls.__qualname__}")
    found = list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY) for p in found):
        raise TypeError(f"quick() cannot copy the signature of {cls.__qualname__}.__init__")
    return found


def _slot(cls: type, name: str) -> Any:
    """The descriptor of the slot ``name`` of ``cls`` or of the class that declares it."""
    found = next((kind.__dict__[name] for kind in cls.__mro__ if name in kind.__dict__), None)
    if not isinstance(found, types.MemberDescriptorType):
        raise TypeError(f"quick(): {cls.__qualname__}.{name} is not a slot")
    return found


def same(new: Sequence[object], old: Sequence[object]) -> bool:
    """Whether a rewrite of ``old`` changed nothing (element by element, by identity): stages
    then keep the old tuple, and a record copy is made only where something changed."""
    return len(new) == len(old) and all(map(operator.is_, new, old))


def replace(obj: T, /, **changes: Any) -> T:
    """``dataclasses.replace``, through the class's ``__replace__`` where :func:`quick` made one."""
    copy = getattr(type(obj), "__replace__", None)
    if copy is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    return copy(obj, **changes)  # type: ignore[no-any-return]
