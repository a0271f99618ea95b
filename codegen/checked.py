"""Records of user input (the config's tables, each language's settings, the mappings of a spec
page): declared once, as frozen dataclasses; read without pydantic when their values are plainly
valid, and by pydantic when they need more.

A record declares its keys as annotated fields with defaults, and its checks with
:func:`field_validator` (pydantic's decorator, by the same signature: the fields, a ``mode`` of
``"before"`` or ``"after"``, a class method taking the value, and the validation info when it asks
for it). :meth:`Record.validate` reads a mapping:

- when each key is one the record declares, each required key is given, each value already has
  exactly its declared type (a ``str`` where the field takes ``str``, a list of strings where it
  takes ``list[str]``, a record already made where it takes that record) and each check passes,
  the record is made from those values, and pydantic is never imported. Pydantic's model
  machinery costs a cold run about 0.9 times the floor (the time it takes to only read the pages),
  more than any other import;
- anything else (a value pydantic would coerce, such as ``"yes"`` for a boolean, or a mistake to
  explain) goes to a pydantic model made from the same declaration on first need
  (:func:`model`): its ``ValidationError`` is what callers report, and its values make the record.

Pydantic still decides every value that is not plainly valid: the plain reading takes only
values pydantic takes as they are (``tests/test_checked.py`` holds the two readings to the same
record, on the corpus' config and pages and on generated ones). A record already made is taken as
it is by both.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, dataclass_transform

from .records import dataclass

if TYPE_CHECKING:
    from pydantic import BaseModel

R = TypeVar("R", bound="Record")
T = TypeVar("T")


def per_record(function: Callable[[type[Record]], T]) -> Callable[[type[Record]], T]:
    """``function``, computed once for each record class."""
    made: dict[type[Record], T] = {}

    def cached(cls: type[Record]) -> T:
        try:
            return made[cls]
        except KeyError:
            made[cls] = function(cls)
            return made[cls]

    cached.__doc__ = function.__doc__
    return cached


@dataclass(frozen=True)
class _Check:
    """A check a record declares: the function, the fields it checks, and when it runs."""

    function: Callable[..., Any]
    fields: tuple[str, ...]
    mode: str


def field_validator(*fields: str, mode: Literal["before", "after"] = "after") -> Callable[[Any], Any]:
    """A check of ``fields`` (pydantic's ``field_validator``, declared without importing it): the
    function takes the class and the value (and the validation info, when it has a third
    parameter), and returns the value or raises ``ValueError``. Checks run on given values only,
    never on defaults; ``"before"`` checks see the value as written."""

    def declared(function: Any) -> _Check:
        plain = function.__func__ if isinstance(function, classmethod) else function
        return _Check(plain, fields, mode)

    return declared


def Field(default: Any = dataclasses.MISSING, *, ge: int | None = None) -> Any:
    """A field's default with a lower bound (``Field(default=10, ge=1)``), as pydantic's ``Field``."""
    return dataclasses.field(default=default, metadata={"ge": ge} if ge is not None else {})


@dataclass_transform(field_specifiers=(Field, dataclasses.field))
class Record:
    """The base of a record of user input: a subclass is a frozen dataclass of its annotated fields
    (a list or dict default is copied for each record, as pydantic does)."""

    # Whether a value of another type is refused even when pydantic could convert it (spec pages).
    __strict__: ClassVar[bool] = False
    # The record's checks by their attribute names (a subclass's check of one name replaces its base's).
    __checks__: ClassVar[dict[str, _Check]] = {}
    # The docstring as written (a dataclass without one is given its signature instead).
    __record_doc__: ClassVar[str | None] = None

    def __init_subclass__(cls, *, strict: bool | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if strict is not None:
            cls.__strict__ = strict
        checks = dict(cls.__checks__)
        for name, value in list(vars(cls).items()):
            if isinstance(value, _Check):
                checks[name] = value
                delattr(cls, name)
        cls.__checks__ = checks
        cls.__record_doc__ = cls.__dict__.get("__doc__")
        for name in inspect.get_annotations(cls):
            default = cls.__dict__.get(name)
            if isinstance(default, (list, dict, set)):
                setattr(cls, name, dataclasses.field(default_factory=functools.partial(type(default), default)))
        dataclass(frozen=True)(cls)

    @classmethod
    def validate(cls: type[R], data: Any) -> R:
        """The record ``data`` gives: read plainly when it can be, else by :func:`model` (whose
        errors :class:`Invalid` holds)."""
        return read(cls, data)  # type: ignore[no-any-return]

    @classmethod
    def made(cls, values: dict[str, Any]) -> Any:
        """What a reading of ``cls`` gives for ``values`` (its fields that were given, read): a
        record of ``cls``; a subclass may give another object (the spec's frozen copies)."""
        return cls(**values)


def read(cls: type[Record], data: Any) -> Any:
    """What :meth:`Record.validate` does, for a record whose :meth:`Record.made` gives another
    object."""
    try:
        return _reader(cls)(data)
    except NotPlain:
        return by_model(cls, data)


def plainly(cls: type[Record], data: Any) -> Any:
    """The plain reading of ``data`` as ``cls``; :class:`NotPlain` when it leaves it to pydantic."""
    return _reader(cls)(data)


def by_model(cls: type[Record], data: Any) -> Any:
    """The reading of ``data`` as ``cls`` by its pydantic model; :class:`Invalid` when it refuses."""
    import pydantic

    try:
        validated = model(cls).model_validate(data)
    except pydantic.ValidationError as exc:
        raise Invalid(exc.errors(), str(exc)) from None
    return _from_model(validated)


class Invalid(ValueError):
    """What pydantic found wrong: ``errors()`` as its ``ValidationError`` lists them (their
    ``loc``, ``type``, ``msg`` and ``input``), and its message."""

    def __init__(self, errors: list[Any], message: str) -> None:
        super().__init__(message)
        self._errors = errors

    def errors(self) -> list[Any]:
        return self._errors


class NotPlain(Exception):
    """A value the plain reading leaves to pydantic."""


class ValidationInfo(typing.Protocol):
    """What a check's third parameter holds (pydantic's ``ValidationInfo`` has it too)."""

    @property
    def field_name(self) -> str | None: ...


@dataclass(frozen=True)
class _Info:
    """What a check that asks for the validation info gets (as pydantic's ``ValidationInfo``)."""

    field_name: str
    data: dict[str, Any]


@per_record
def hints(cls: type[Record]) -> dict[str, Any]:
    """Each field's type, its annotation evaluated (in its class's module)."""
    every = typing.get_type_hints(cls)
    return {f.name: every[f.name] for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


@per_record
def _reader(cls: type[Record]) -> Callable[[Any], Any]:
    """The plain reading of ``cls``: the record for a mapping of plainly valid values; a record of
    ``cls`` as it is; ``NotPlain`` for anything else."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    types_ = hints(cls)
    readers = {f.name: _value_reader(types_[f.name], f.metadata.get("ge")) for f in fields}
    required = frozenset(
        f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    before: dict[str, list[_Check]] = {}
    after: dict[str, list[_Check]] = {}
    for check in cls.__checks__.values():
        for name in check.fields:
            (before if check.mode == "before" else after).setdefault(name, []).append(check)

    def run(checks: list[_Check], name: str, value: Any, so_far: dict[str, Any]) -> Any:
        for check in checks:
            given = (value, _Info(name, so_far)) if check.function.__code__.co_argcount > 2 else (value,)
            try:
                value = check.function(cls, *given)  # (cls, value) or (cls, value, info)
            except (ValueError, AssertionError):
                raise NotPlain from None
        return value

    checked = before.keys() | after.keys()

    def read(data: Any) -> Any:
        if isinstance(data, cls):
            return data
        if type(data) is not dict or not required <= data.keys():
            raise NotPlain
        values: dict[str, Any] = {}
        for name, value in data.items():
            reader = readers.get(name)
            if reader is None:
                raise NotPlain
            if name in checked:
                values[name] = run(
                    after.get(name, []), name, reader(run(before.get(name, []), name, value, values)), values
                )
            else:
                values[name] = reader(value)
        return made(values)

    made = cls.made

    return read


def _value_reader(hint: Any, ge: int | None) -> Callable[[Any], Any]:
    """The plain reading of one value of type ``hint``: the value (lists and mappings copied);
    ``NotPlain`` when it is not of that type exactly (the same for a strict record and a lax one:
    pydantic takes such a value as it is either way)."""
    reader = _typed(hint)
    if ge is None:
        return reader

    def bounded(value: Any) -> Any:
        value = reader(value)
        if value < ge:
            raise NotPlain
        return value

    return bounded


def _typed(hint: Any) -> Callable[[Any], Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return _same
    if origin in (types.UnionType, typing.Union):  # a value of one branch's type exactly is that branch's
        exact = frozenset(arg for arg in args if arg in _EXACT)
        others = [_typed(arg) for arg in args if arg not in _EXACT]
        return functools.partial(_first, exact, others)
    if origin is Literal:
        return functools.partial(_literal, args)
    if origin is list and len(args) == 1:
        return functools.partial(_list, _typed(args[0]))
    if origin is dict and len(args) == 2:
        return functools.partial(_dict, _typed(args[0]), _typed(args[1]))
    if origin is tuple and args and args[-1] is not Ellipsis:
        return functools.partial(_tuple, tuple(_typed(arg) for arg in args))
    if isinstance(hint, type) and issubclass(hint, Record):
        return functools.partial(_record, hint)
    if hint in _EXACT:
        return _exactly(hint)
    if isinstance(hint, type) and origin is None:
        return functools.partial(_instance, hint)  # a class pydantic takes instances of (a Path)
    return _never


def _same(value: Any) -> Any:
    return value


def _never(value: Any) -> Any:
    raise NotPlain


def _exactly(kind: type) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if type(value) is not kind:
            raise NotPlain
        return value

    return read


def _instance(kind: type, value: Any) -> Any:
    if not isinstance(value, kind):
        raise NotPlain
    return value


# The types a value is of exactly or not at all (``bool`` is not an ``int`` here, as in pydantic).
_EXACT = frozenset({str, bool, int, float, type(None)})


def _first(exact: frozenset[type], branches: list[Callable[[Any], Any]], value: Any) -> Any:
    if type(value) in exact:
        return value
    for branch in branches:
        try:
            return branch(value)
        except NotPlain:
            continue
    raise NotPlain


def _literal(allowed: tuple[Any, ...], value: Any) -> Any:
    if any(type(value) is type(choice) and value == choice for choice in allowed):
        return value
    raise NotPlain


def _list(item: Callable[[Any], Any], value: Any) -> Any:
    if type(value) is not list:
        raise NotPlain
    return [item(each) for each in value]


def _dict(key: Callable[[Any], Any], item: Callable[[Any], Any], value: Any) -> Any:
    if type(value) is not dict:
        raise NotPlain
    return {key(k): item(v) for k, v in value.items()}


def _tuple(items: tuple[Callable[[Any], Any], ...], value: Any) -> Any:
    if type(value) is not tuple or len(value) != len(items):
        raise NotPlain
    return tuple(read(each) for read, each in zip(items, value, strict=True))


def _record(kind: type[Record], value: Any) -> Any:
    return _reader(kind)(value)


# The pydantic side: a model per record, made on first need.

_RECORDS: dict[type, type[Record]] = {}  # each model made: the record it was made from


@per_record
def model(cls: type[Record]) -> type[BaseModel]:
    """The pydantic model of ``cls``: the same fields, types, defaults, bounds and checks, extra
    keys forbidden, frozen (strict when the record is). A record held in a field is its own
    model's; a record already made is taken as it is (unless strict: a strict record is read
    from data as written only, and a union's error names its branch by the record's name)."""
    import pydantic

    building = _BUILDING
    building.add(cls)
    try:
        fields: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.default_factory is not dataclasses.MISSING:  # a list or dict default: pydantic copies it itself
                spec = pydantic.Field(default=f.default_factory(), ge=f.metadata.get("ge"))
            elif f.default is not dataclasses.MISSING:
                spec = pydantic.Field(default=f.default, ge=f.metadata.get("ge"))
            else:
                spec = pydantic.Field(ge=f.metadata.get("ge"))
            fields[f.name] = (_model_type(hints(cls)[f.name]), spec)
        validators = {
            f"check_{name.lstrip('_')}": pydantic.field_validator(*check.fields, mode=check.mode)(  # type: ignore[call-overload]
                classmethod(check.function)
            )
            for name, check in cls.__checks__.items()
        }
        if not cls.__strict__:  # (a strict record is read from data as written only, and its errors name it)
            validators["keep_made"] = pydantic.model_validator(mode="wrap")(classmethod(functools.partial(_made, cls)))  # type: ignore[arg-type]
        made: type[BaseModel] = pydantic.create_model(
            cls.__name__,
            __config__=pydantic.ConfigDict(
                extra="forbid", frozen=True, strict=cls.__strict__, arbitrary_types_allowed=True
            ),
            __doc__=cls.__record_doc__,
            __module__=cls.__module__,
            __validators__=validators,
            **fields,
        )
    finally:
        building.discard(cls)
    _RECORDS[made] = cls
    if _PENDING.pop(cls, None):  # it holds itself: its references to itself are resolved now
        made.model_rebuild(_types_namespace={_ref(cls): made})
    return made


_BUILDING: set[type[Record]] = set()
_PENDING: dict[type[Record], bool] = {}


def _ref(cls: type[Record]) -> str:
    return f"_Record_{cls.__name__}"


def _model_type(hint: Any) -> Any:
    """``hint`` with each record in it as its model (one already made taken as it is)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and issubclass(hint, Record):
        if hint in _BUILDING:
            _PENDING[hint] = True
            return typing.ForwardRef(_ref(hint))
        return model(hint)
    if origin in (types.UnionType, typing.Union):
        return typing.Union[tuple(_model_type(arg) for arg in args)]  # noqa: UP007 - made from a tuple
    if origin in (list, dict, tuple) and args:
        return origin[tuple(_model_type(arg) for arg in args)]
    return hint


def _made(kind: type[Record], model: type, value: Any, handler: Callable[[Any], Any]) -> Any:
    """A record of ``kind`` already made, as it is; anything else, validated by ``model``."""
    return value if isinstance(value, kind) else handler(value)


def _from_model(value: Any) -> Any:
    """The record (or records, in lists, tuples and mappings) a model's values make."""
    record = _RECORDS.get(type(value))
    if record is not None:
        return record.made({name: _from_model(getattr(value, name)) for name in value.model_fields_set})
    if type(value) is list:
        return [_from_model(each) for each in value]
    if type(value) is tuple:
        return tuple(_from_model(each) for each in value)
    if type(value) is dict:
        return {key: _from_model(each) for key, each in value.items()}
    return value


def fields(cls: type[Record]) -> tuple[str, ...]:
    """The keys ``cls`` takes, in order."""
    return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]


def as_dict(record: Record, *, exclude_none: bool = False) -> dict[str, Any]:
    """``record``'s fields and values (records in them as mappings), as ``model_dump``."""
    values = dataclasses.asdict(record)  # type: ignore[call-overload]
    return {k: v for k, v in values.items() if v is not None} if exclude_none else values
