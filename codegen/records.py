"""Dataclasses made at less cost: :func:`dataclass`, with :func:`replace`.

The standard library's ``dataclass`` writes each method it adds (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, and a frozen class's ``__setattr__`` and ``__delattr__``) as source text
and compiles each with its own ``exec``: at import, codegen's hundred-odd records cost 500-odd
compilations, the largest single cost of a cold run. :func:`dataclass` takes the same arguments
(those codegen uses) and makes the same class, with the standard library's own fields, slots,
``__match_args__`` and ``__dataclass_fields__``. Per class, it compiles the methods a run calls
often (``__init__``, ``__eq__``, ``__hash__`` as the standard library writes them, and a
``__replace__``: the name Python 3.13's ``copy.replace`` calls) in one ``exec``, from the seeds
compiled at install when they are there (:data:`SEEDS`); the rest (``__repr__``, ordering, a
frozen class's ``__setattr__`` and ``__delattr__``, pickling) are shared by every class.

The ``__init__`` has the standard one's signature (names, order, defaults, keyword-only, init
vars) and calls ``__post_init__`` the same way; a frozen class's sets each slot through the
slot's own descriptor (a generic ``object.__setattr__`` per field costs more, and a large run
makes hundreds of thousands of records). Instances compare, hash, print, pickle, copy and refuse
assignment exactly as the standard library's do (tests/test_records.py holds each to it).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import marshal
import operator
import os
import reprlib
import stat
import types
from collections.abc import Callable, Sequence
from importlib.util import MAGIC_NUMBER
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

# A field not named in a call to __replace__.
_KEPT: Any = object()


class _Factory:
    """The default a signature shows for a field with a default factory (as dataclasses does)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()

_ORDER = (("__lt__", operator.lt), ("__le__", operator.le), ("__gt__", operator.gt), ("__ge__", operator.ge))


@overload
def dataclass(
    cls: type[T], /, *, frozen: bool = ..., slots: bool = ..., kw_only: bool = ..., order: bool = ...
) -> type[T]: ...
@overload
def dataclass(
    cls: None = ..., /, *, frozen: bool = ..., slots: bool = ..., kw_only: bool = ..., order: bool = ...
) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(
    cls: type[T] | None = None,
    /,
    *,
    frozen: bool = False,
    slots: bool = False,
    kw_only: bool = False,
    order: bool = False,
) -> type[T] | Callable[[type[T]], type[T]]:
    """``dataclasses.dataclass`` with these arguments (the others at their defaults), made at less cost."""

    def made(cls: type[T]) -> type[T]:
        return _made(cls, frozen=frozen, slots=slots, kw_only=kw_only, order=order)

    return made if cls is None else made(cls)


def _made(cls: type[T], *, frozen: bool, slots: bool, kw_only: bool, order: bool) -> type[T]:
    own = cls.__dict__
    documented, own_init = bool(own.get("__doc__")), "__init__" in own
    # The methods the class writes itself (kept); not those the standard library adds below
    # (Python 3.13's adds a __replace__ of its own, slower than this one).
    defined = set(own)
    # dataclasses' rule: a __hash__ the class sets itself is kept (None, set for a class that
    # defines __eq__, is not one's own).
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    # The standard library checks that a class and its dataclass bases agree on being frozen;
    # asked to make this one unfrozen (its frozen methods are made here), it would refuse under
    # a frozen base: the bases read unfrozen while it runs. A plain class under a frozen one is
    # refused by it, and a frozen one under a plain one, here.
    bases = [params for base in cls.__mro__[1:] if (params := _params(base)) is not None]
    thawed = [params for params in bases if params.frozen] if frozen else []
    if frozen and bases and not thawed:
        raise TypeError("cannot inherit frozen dataclass from a non-frozen one")
    if not documented:  # dataclasses would write one from the signature of a class without __init__
        cls.__doc__ = "-"
    for params in thawed:
        params.frozen = False
    try:
        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots, kw_only=kw_only)
    finally:
        for params in thawed:
            params.frozen = True
    every = list(cls.__dataclass_fields__.values())  # type: ignore[attr-defined]
    fields = [f for f in every if f._field_type is dataclasses._FIELD]  # type: ignore[attr-defined]
    compared = tuple(f.name for f in fields if f.compare)
    # dataclasses' rule for eq=True, unsafe_hash=False: a frozen class is hashed by its fields,
    # another is not hashable (unless it sets __hash__ itself).
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    wanted = {name for name in ("__init__", "__replace__", "__eq__") if name not in defined}
    if frozen and not explicit_hash:
        wanted.add("__hash__")
    elif not explicit_hash:
        cls.__hash__ = None  # type: ignore[assignment]
    signature = _add_methods(cls, every, fields, frozen, slots, wanted=wanted, compared=compared, hashed=hashed)
    shared: dict[str, Callable[..., Any]] = {}
    if "__repr__" not in defined:
        shared["__repr__"] = _repr(tuple(f.name for f in fields if f.repr))
    if order:
        for name, test in _ORDER:
            if name in defined:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
            shared[name] = _compare(_getter(compared), test)
    if frozen:
        shared.update(_frozen(cls, frozenset(f.name for f in fields), defined))
    for name, function in shared.items():
        function.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, function)
    if frozen and slots:  # pickling a frozen slotted class (as dataclasses gives it, unless its own)
        for name, function in (("__getstate__", _getstate), ("__setstate__", _setstate)):
            if name not in defined:
                setattr(cls, name, function)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = True
    params.order, params.frozen = order, frozen
    if not documented:  # as dataclasses writes it: the class's name and its signature
        if own_init:
            signature = str(inspect.signature(cls)).replace(" -> None", "")
        cls.__doc__ = cls.__name__ + signature
    return cls


def _params(cls: type) -> Any:
    return cls.__dict__.get("__dataclass_params__")


def _add_methods(
    cls: type,
    every: list[dataclasses.Field[Any]],
    fields: list[dataclasses.Field[Any]],
    frozen: bool,
    slots: bool,
    *,
    wanted: set[str],
    compared: tuple[str, ...],
    hashed: tuple[str, ...],
) -> str:
    """The ``wanted`` of the standard library's ``__init__``, ``__eq__`` and ``__hash__`` for
    ``cls`` (comparing ``compared``, hashing ``hashed``), and a ``__replace__`` that passes every
    parameter to ``__init__`` by name, compiled in one ``exec``. Returns the signature's text as
    ``inspect`` shows it, without the return annotation."""
    initvar = dataclasses._FIELD_INITVAR  # type: ignore[attr-defined]
    taken = [f for f in every if f.init and f._field_type in (dataclasses._FIELD, initvar)]  # type: ignore[attr-defined]
    bound: dict[str, Any] = {"_FACTORY": _FACTORY, "_KEPT": _KEPT, "_setattr": object.__setattr__}
    parameters, shown = _parameters(taken, bound)
    body = []
    for f in fields:
        if f.default_factory is not dataclasses.MISSING:
            bound[f"_f_{f.name}"] = f.default_factory
            value = f"_f_{f.name}() if {f.name} is _FACTORY else {f.name}" if f.init else f"_f_{f.name}()"
        elif f.init:
            value = f.name
        elif f.default is not dataclasses.MISSING:
            bound[f"_d_{f.name}"] = f.default
            value = f"_d_{f.name}"
        else:
            continue  # set by __post_init__, or never
        if not frozen:
            body.append(f"self.{f.name} = {value}")
        elif slots:
            bound[f"_s_{f.name}"] = _slot(cls, f.name).__set__
            body.append(f"_s_{f.name}(self, {value})")
        else:
            body.append(f"_setattr(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append(f"self.__post_init__({', '.join(f.name for f in every if f._field_type is initvar)})")  # type: ignore[attr-defined]
    names = [f.name for f in taken]
    copied = ", ".join(f"{n}=self.{n} if {n} is _KEPT else {n}" for n in names)
    methods = {
        "__init__": f"def __init__({', '.join(['self', *parameters])}):\n"
        + "".join(f"    {line}\n" for line in body or ["pass"]),
        "__replace__": f"def __replace__(self, /{', *' if names else ''}{''.join(f', {n}=_KEPT' for n in names)}):\n"
        f"    return self.__class__({copied})\n",
        # As dataclasses writes them (a tuple of each record's fields: equal records hash alike).
        "__eq__": "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return {_values('self', compared)} == {_values('other', compared)}\n"
        "    return NotImplemented\n",
        "__hash__": f"def __hash__(self):\n    return hash({_values('self', hashed)})\n",
    }
    source = "".join(text for name, text in methods.items() if name in wanted)
    made: dict[str, Any] = {}
    exec(_code(f"<record {cls.__qualname__}>", source), bound, made)
    if "__init__" in made:
        made["__init__"].__annotations__ = {**{f.name: f.type for f in taken}, "return": None}
    for name, function in made.items():
        function.__qualname__ = f"{cls.__qualname__}.{name}"
        function.__module__ = cls.__module__
        setattr(cls, name, function)
    return f"({', '.join(shown)})"


def _parameters(taken: list[dataclasses.Field[Any]], bound: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The parameters of ``__init__`` as its source and as ``inspect`` shows them (keyword-only
    last, after a ``*``); each default is put in ``bound``."""
    plain, keywords, shown, shown_keywords, seen_default = [], [], [], [], False
    for f in taken:
        text, show = f.name, f"{f.name}: {inspect.formatannotation(f.type)}"
        if f.default is not dataclasses.MISSING:
            bound[f"_d_{f.name}"] = f.default
            text += f"=_d_{f.name}"
            show += f" = {f.default!r}"
        elif f.default_factory is not dataclasses.MISSING:
            text += "=_FACTORY"
            show += " = <factory>"
        if f.kw_only:
            keywords.append(text)
            shown_keywords.append(show)
            continue
        if "=" in text:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        plain.append(text)
        shown.append(show)
    if keywords:
        return [*plain, "*", *keywords], [*shown, "*", *shown_keywords]
    return plain, shown


# The methods of codegen's own records compiled at install (``python -m codegen.precompile``, which
# ``make`` runs; the wheel ships them), so a run does not compile them: part of the installed
# package, as trusted as its code (as the templates' seeds: codegen.cache.SEEDS). A seed is keyed
# by the digest of its exact source, so it cannot be stale, only missing; ``CODEGEN_NO_SEEDS=1``
# leaves them out. Marshal's format is Python's own: the header names the version that wrote it.
SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_compiled_records")
_HEADER = b"codegen records\0" + MAGIC_NUMBER
# The code of every record's methods made in this process, by its key: what :func:`write_seeds`
# writes (the code objects are the seeds' own, or compiled here; no source is kept).
_compiled: dict[bytes, types.CodeType] = {}


def _code(filename: str, source: str) -> types.CodeType:
    """``source`` compiled: from the seeds when it is there."""
    key = hashlib.sha1(f"{filename}\0{source}".encode(), usedforsecurity=False).digest()
    code = _read_seeds().get(key)
    if code is None:
        code = compile(source, filename, "exec")
    _compiled[key] = code
    return code


@functools.cache
def _read_seeds() -> dict[bytes, types.CodeType]:
    """The seeds, when they are there, codegen's owner's, open to nobody else's writes, and
    written by this Python; else none."""
    if os.environ.get("CODEGEN_NO_SEEDS") == "1":
        return {}
    try:
        info, package = os.lstat(SEEDS), os.stat(__file__)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != package.st_uid or info.st_mode & 0o022:
            return {}
        with open(SEEDS, "rb") as file:
            data = file.read()
        table = marshal.loads(data[len(_HEADER) :]) if data.startswith(_HEADER) else None
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, bytes) and isinstance(v, types.CodeType)}


def write_seeds(path: str = SEEDS) -> int:
    """Writes the compiled methods of every record made in this process into ``path`` (replaced
    atomically, open to nobody else's writes); returns how many classes."""
    table = dict(sorted(_compiled.items()))
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), "wb") as out:
        out.write(_HEADER + marshal.dumps(table))
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
    return len(table)


def _slot(cls: type, name: str) -> Any:
    """The descriptor of the slot ``name`` of ``cls`` or of the class that declares it."""
    found = next((kind.__dict__[name] for kind in cls.__mro__ if name in kind.__dict__), None)
    if not isinstance(found, types.MemberDescriptorType):
        raise TypeError(f"{cls.__qualname__}.{name} is not a slot")
    return found


def _values(record: str, names: tuple[str, ...]) -> str:
    """The source of the tuple of ``names`` of ``record``."""
    return f"({''.join(f'{record}.{name},' for name in names)})"


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` of a record, as a tuple (of one, or none, too)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"

    return __repr__


def _compare(values: Callable[[Any], tuple[Any, ...]], test: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return test(values(self), values(other))
        return NotImplemented

    return compare


def _frozen(cls: type, names: frozenset[str], defined: set[str]) -> dict[str, Callable[..., Any]]:
    """A frozen class's ``__setattr__`` and ``__delattr__`` (refused if it writes its own, as
    dataclasses refuses them)."""
    for name in ("__setattr__", "__delattr__"):
        if name in defined:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    return {"__setattr__": _frozen_setattr(cls, names), "__delattr__": _frozen_delattr(cls, names)}


def _frozen_setattr(cls: type, names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    kind: Any = cls

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(kind, self).__setattr__(name, value)

    return __setattr__


def _frozen_delattr(cls: type, names: frozenset[str]) -> Callable[[Any, str], None]:
    kind: Any = cls

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(kind, self).__delattr__(name)

    return __delattr__


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: Sequence[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=False):
        object.__setattr__(self, f.name, value)


def same(new: Sequence[object], old: Sequence[object]) -> bool:
    """Whether a rewrite of ``old`` changed nothing (element by element, by identity): stages
    then keep the old tuple, and a record copy is made only where something changed."""
    return len(new) == len(old) and all(map(operator.is_, new, old))


def replace(obj: T, /, **changes: Any) -> T:
    """``dataclasses.replace``, through the class's ``__replace__`` where :func:`dataclass` made one."""
    copy = getattr(type(obj), "__replace__", None)
    if copy is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    return copy(obj, **changes)  # type: ignore[no-any-return]
