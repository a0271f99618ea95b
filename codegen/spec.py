"""The raw spec model: records (``codegen.checked``) that mirror the YAML of a page, read
strictly (a page's values are taken as they are written, or refused).

Validation errors (pydantic's, from the records' models) become diagnostics at the offending
value; unknown keys are warnings at the key's position and are dropped. A page that validates is kept as frozen,
slotted copies of those classes (:data:`SpecItem`, :data:`SpecEntry`, :data:`SpecPage`, with
the same names and fields, their lists tuples and their strings shared by every page that
repeats them): the linker reads them many times over, and a pydantic instance costs several
times their memory.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .checked import Invalid, NotPlain, Record, by_model, hints, per_record, plainly, read
from .diagnostics import Diagnostics, did_you_mean
from .loader import RawPage, SourceMap
from .records import dataclass, same


class _Spec(Record, strict=True):
    @classmethod
    def made(cls, values: dict[str, Any]) -> Any:
        """The frozen copy (:func:`_frozen_class`) of the values read: strings shared by every
        page repeating them, lists made tuples."""
        nested = _NESTED.get(cls, {})
        for name, value in values.items():
            if type(value) is str:  # a key, a type, a description: one string for every page repeating it
                values[name] = sys.intern(value)
            elif name in nested and value is not None:
                values[name] = tuple(value) if type(value) is list else {k: tuple(v) for k, v in value.items()}
        return _FROZEN[cls](**values)


class _Schema:
    """The classes pages are validated with (their names are the ones errors name)."""

    class SpecItem(_Spec):
        """A parameter, property or return value."""

        key: str
        type: str | None = None
        description: str | None = None
        optional: bool = False
        properties: list[_Schema.SpecItem | str] | None = None
        expanded: bool = False
        unwrap: bool = False
        title: str | None = None

    class SpecEntry(_Spec):
        """An operation, SDK method, object or shared definition of one language."""

        key: str
        id: str | None = None
        url: str | None = None
        title: str | None = None
        type: str | None = None
        parameters: list[_Schema.SpecItem | str] | None = None
        returns: list[_Schema.SpecItem | str] | None = None
        properties: list[_Schema.SpecItem | str] | None = None
        patternBefore: str | None = None
        description: str | None = None
        optional: bool = False
        sendsEmail: bool = False

    class SpecPage(_Spec):
        reference: dict[str, list[_Schema.SpecEntry]] = {}
        descriptions: dict[str, Any] = {}
        originalPath: str | None = None
        title: str | None = None
        description: str | None = None
        links: Any = None
        externalAssets: Any = None


def _frozen_class(model: type[Record]) -> type:
    """A frozen, slotted dataclass with the model's fields, in its order, with its defaults. Its
    booleans that are false unless given are bits of one int field, ``flags`` (a slot each made
    each of a large run's quarter of a million items 16 bytes larger): each is still passed (by
    place or by name) and read by its name, so ``dataclasses.replace`` keeps them."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__, "__qualname__": model.__name__, "__annotations__": annotations}
    switches: list[str] = []
    for info in dataclasses.fields(model):  # type: ignore[arg-type]
        name = info.name
        annotations[name] = Any
        if hints(model)[name] is bool and info.default is False:
            switches.append(name)
            annotations[name], namespace[name] = dataclasses.InitVar[bool], False
        elif info.default_factory is not dataclasses.MISSING:
            namespace[name] = dataclasses.field(default_factory=info.default_factory)
        elif info.default is not dataclasses.MISSING:
            namespace[name] = info.default
    if switches:
        annotations["flags"], namespace["flags"] = int, dataclasses.field(default=0, init=False)
        namespace["__post_init__"] = _set_flags
    made: type = dataclass(type(model.__name__, (), namespace), frozen=True, slots=True)
    for bit, name in enumerate(switches):
        setattr(made, name, property(functools.partial(_flag, 1 << bit)))
    return made


def _set_flags(self: Any, *given: bool) -> None:
    """The booleans given, as bits of ``flags`` (their order's)."""
    object.__setattr__(self, "flags", sum(1 << bit for bit, value in enumerate(given) if value))


def _flag(mask: int, item: Any) -> bool:
    return bool(item.flags & mask)


if TYPE_CHECKING:  # the same fields, read the same way
    SpecItem = _Schema.SpecItem
    SpecEntry = _Schema.SpecEntry
    SpecPage = _Schema.SpecPage
else:
    SpecItem = _frozen_class(_Schema.SpecItem)
    SpecEntry = _frozen_class(_Schema.SpecEntry)
    SpecPage = _frozen_class(_Schema.SpecPage)

ItemOrRef = SpecItem | str
_FROZEN: dict[type[Record], type] = {
    _Schema.SpecItem: SpecItem,
    _Schema.SpecEntry: SpecEntry,
    _Schema.SpecPage: SpecPage,
}


def nested_items(items: Iterable[SpecItem | str] | None) -> Iterator[SpecItem]:
    """Every item of ``items`` (references skipped), each before the items of its properties.
    (A stack of the lists being read, not a generator a level: each item is handed up once.)"""
    stack = [iter(items or ())]
    while stack:
        for item in stack[-1]:
            if isinstance(item, SpecItem):
                yield item
                if item.properties:
                    stack.append(iter(item.properties))
                    break
        else:
            stack.pop()


@dataclass(frozen=True, slots=True)
class Page:
    """A validated page with the source map of its values."""

    file: str
    spec: SpecPage
    source: SourceMap
    # The first folder under the spec root ("mfa", "directory-sync"); "" for pages at the root.
    area: str = ""


_MESSAGES = {
    "missing": "missing required key '{field}'",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
}


def _describe(error: Any) -> tuple[tuple[str | int, ...], str]:
    loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
    kind = error["type"]
    if kind == "missing":
        return loc[:-1], _MESSAGES["missing"].format(field=loc[-1])
    got = type(error.get("input")).__name__
    got = {
        "NoneType": "nothing",
        "str": "a string",
        "int": "a number",
        "bool": "a boolean",
        "list": "a list",
        "dict": "a mapping",
    }.get(got, got)
    message = _MESSAGES.get(kind, error["msg"])
    return loc, f"{message} for '{_name(loc)}', got {got}"


def _name(loc: tuple[str | int, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "page"


def _is_union_tag(part: str | int) -> bool:
    # pydantic names union branches in error locations: 'SpecItem', 'str', ...
    return part in ("SpecItem", "str")


def validate_page(raw: RawPage, diags: Diagnostics) -> Page | None:
    data = _read_as_siblings(raw.data, _Schema.SpecPage, (), raw.source, diags)
    try:
        return _page(raw, plainly(_Schema.SpecPage, data))
    except NotPlain:
        pass
    unknown = _unknown_keys(data)
    if unknown and len(unknown) <= _MAX_HINTS:
        # Plain but for keys the format does not know: read without them, as pydantic's errors
        # would have it (the same warnings, each with its hint), without asking pydantic.
        try:
            spec = plainly(_Schema.SpecPage, _without(data, unknown))
        except NotPlain:
            pass
        else:
            for path in sorted(unknown, key=raw.source.key_at):  # in the page's order
                _unknown_key(raw, path, True, diags)
            return _page(raw, spec)
    try:
        return _page(raw, by_model(_Schema.SpecPage, data))
    except Invalid as exc:
        errors = exc.errors()
    reported: set[tuple[Any, ...]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            path = tuple(p for p in error["loc"] if not _is_union_tag(p))
            if path not in reported:
                reported.add(path)
                _unknown_key(raw, path, len(reported) <= _MAX_HINTS, diags)
    data = _without(data, list(reported))
    refused = False
    # Union members report each branch's failure; keep the most specific one per path.
    for error in errors:
        if error["type"] == "extra_forbidden":
            continue
        path, message = _describe(error)
        if error["loc"][-1] == "str" and isinstance(error.get("input"), dict):
            # A mapping given for SpecItem | str: the SpecItem branch explains it better (when
            # all it found were unknown keys, the item is read without them).
            continue
        refused = True
        if path in reported or path in raw.source.unreadable:
            continue  # said already (an unreadable value: by the loader)
        reported.add(path)
        diags.error(raw.source.at(path), message)
    if refused:
        return None
    try:
        return _page(raw, read(_Schema.SpecPage, data))  # without its unknown keys, each a warning above
    except Invalid as again:  # pragma: no cover - only unknown keys were removed; never dropped unsaid
        for error in again.errors():
            path, message = _describe(error)
            diags.error(raw.source.at(path), message)
        return None


def _page(raw: RawPage, spec: Any) -> Page:
    return Page(raw.file, spec, raw.source, _area(raw))


def _unknown_key(raw: RawPage, path: tuple[str | int, ...], hinted: bool, diags: Diagnostics) -> None:
    hint = did_you_mean(str(path[-1]), _KNOWN_KEYS) if hinted else None
    diags.warning(raw.source.key_at(path), f"unknown key '{path[-1]}'; ignored", hint, code="unknown-key")


def _unknown_keys(data: Any) -> list[tuple[str | int, ...]] | None:
    """The paths of the keys no record of the format declares, in each mapping read as one (the
    page, its entries, their items and their items' properties): the keys pydantic reports as
    extra. None when a key is not a string (pydantic then says what it says)."""
    found: list[tuple[str | int, ...]] = []
    stack: list[tuple[Any, type[Record], tuple[str | int, ...]]] = [(data, _Schema.SpecPage, ())]
    while stack:
        mapping, model, path = stack.pop()
        if not isinstance(mapping, dict):
            continue
        known, below = _field_types(model), _NESTED.get(model, {})
        for key, value in mapping.items():
            if type(key) is not str:
                return None
            if key not in known:
                found.append((*path, key))
            elif key in below and isinstance(value, dict) and model is _Schema.SpecPage:  # language -> entries
                for language, entries in value.items():
                    if isinstance(entries, list):
                        stack += [(e, below[key], (*path, key, language, i)) for i, e in enumerate(entries)]
            elif key in below and isinstance(value, list):
                stack += [(each, below[key], (*path, key, i)) for i, each in enumerate(value)]
    return found


def _shape(value: Any) -> str:
    return _SHAPE_NAMES.get(type(value)) or type(value).__name__


_SHAPE_NAMES: dict[type, str] = {bool: "boolean", str: "string", list: "list", dict: "mapping"}


@per_record
def _field_shapes(model: type[Record]) -> dict[str, frozenset[str]]:
    """The value shapes each field of a spec model takes."""
    return {name: _shapes(annotation) for name, annotation in hints(model).items()}


@per_record
def _field_types(model: type[Record]) -> dict[str, frozenset[type]]:
    """The Python types of the values each field of a spec model takes (:func:`_field_shapes`,
    whose shapes are those of exactly these types): a value's type is looked up once."""
    types = {shape: kind for kind, shape in _SHAPE_NAMES.items()}
    return {name: frozenset(types[shape] for shape in shapes) for name, shapes in _field_shapes(model).items()}


def _shapes(annotation: object) -> frozenset[str]:
    """The value shapes a field of the spec model takes (``str | None`` -> {"string"})."""
    return _shapes_of(str(annotation))


@functools.cache
def _shapes_of(annotation: str) -> frozenset[str]:
    found: set[str] = set()
    for branch in annotation.split("|"):
        branch = branch.strip()
        if branch.startswith(("list", "typing.List")):
            found.add("list")
        elif branch.startswith(("dict", "typing.Dict")):
            found.add("mapping")
        elif branch in ("str", "<class 'str'>"):
            found.add("string")
        elif branch in ("bool", "<class 'bool'>"):
            found.add("boolean")
    return frozenset(found or {"string", "boolean", "list", "mapping"})


# Below a key of these models, the model its value (or each item of its list) is read as.
_NESTED: dict[type[Record], dict[str, type[Record]]] = {}


def _read_as_siblings(
    data: Any, model: type[Record], path: tuple[str | int, ...], source: SourceMap, diags: Diagnostics
) -> Any:
    """The general rule for a known key given the wrong shape: the value is read as its author
    evidently meant when exactly one reading fits, with a warning. Either a sibling key of the
    same mapping takes that shape, has a close name and is not given: the value is read as that
    key, with a did-you-mean (a top-level ``description:`` holding a mapping is the
    ``descriptions:`` its author meant; three other pages reference its keys). Or the key takes
    a list and holds one item of it (``returns: (Challenge)``): a list of that item. Applied at
    every level of the format: page, entry, parameter/property."""
    if not isinstance(data, dict):
        return data
    fields = hints(model)
    taken = _field_types(model)
    result = data  # copied when a value is read otherwise: most mappings are read as they are
    for key, value in data.items():
        allowed = taken.get(key)  # None: not the model's key, left to the validation
        if allowed is None or value is None or type(value) in allowed:
            continue
        if result is data:
            result = dict(data)
        siblings = {
            name
            for name, annotation in fields.items()
            if name not in result and _shape(value) in _shapes(annotation) and annotation is not Any
        }
        hint = did_you_mean(key, siblings)
        if hint is None:
            if "list" in _shapes(fields[key]) and isinstance(value, (str, dict)):
                diags.warning(
                    source.key_at((*path, key)),
                    f"'{key}' takes a list, but holds a {_shape(value)}: read as a list of that one item",
                    f"write it as a list item: '{key}:' then '- ...' on the next line",
                    code="single-value-list",
                )
                source.alias((*path, key), (*path, key, 0))
                result[key] = [value]
            continue
        sibling = hint.removeprefix("did you mean ").removesuffix("?")
        diags.warning(
            source.key_at((*path, key)),
            f"'{key}' takes {' or '.join('a ' + shape for shape in sorted(_shapes(fields[key])))}, "
            f"but holds a {_shape(value)}: read as '{sibling}', which takes one",
            hint,
            code="misnamed-key",
        )
        source.alias((*path, key), (*path, sibling))
        result[sibling] = result.pop(key)
    for key, nested in _NESTED.get(model, {}).items():
        value = result.get(key)
        read_as: Any = value
        if isinstance(value, dict) and model is _Schema.SpecPage:  # reference: language -> entries
            read: dict[str, Any] = {}
            for language, es in value.items():
                where = (*path, key, language)
                read[language] = _read_each(es, nested, where, source, diags) if isinstance(es, list) else es
            read_as = read if any(read[language] is not es for language, es in value.items()) else value
        elif isinstance(value, list):
            read_as = _read_each(value, nested, (*path, key), source, diags)
        if read_as is not value:
            if result is data:
                result = dict(data)
            result[key] = read_as
    return result


def _read_each(
    values: list[Any], model: type[Record], path: tuple[str | int, ...], source: SourceMap, diags: Diagnostics
) -> list[Any]:
    """:func:`_read_as_siblings` of each of ``values``; ``values`` itself when each is read as it is."""
    read = [_read_as_siblings(v, model, (*path, i), source, diags) for i, v in enumerate(values)]
    return values if same(read, values) else read


_NESTED.update(
    {
        _Schema.SpecPage: {"reference": _Schema.SpecEntry},
        _Schema.SpecEntry: {
            "parameters": _Schema.SpecItem,
            "returns": _Schema.SpecItem,
            "properties": _Schema.SpecItem,
        },
        _Schema.SpecItem: {"properties": _Schema.SpecItem},
    }
)

# Every key the format knows, for "did you mean" (a typo such as 'paramters' drops a whole list);
# hints stop after this many unknown keys in a page (each costs a fuzzy comparison).
_KNOWN_KEYS = set(hints(_Schema.SpecItem)) | set(hints(_Schema.SpecEntry)) | set(hints(_Schema.SpecPage))
_MAX_HINTS = 100


def _without(data: Any, paths: list[tuple[str | int, ...]]) -> Any:
    """A copy of ``data`` without the mapping entries at ``paths``, made in one pass (one
    copy per path per unknown key made a page with thousands of them quadratic)."""
    removals: dict[str | int, Any] = {}  # a tree of path parts; None marks an entry to remove
    for path in paths:
        node: dict[str | int, Any] | None = removals
        for part in path[:-1]:
            assert node is not None
            node = node.setdefault(part, {})
            if node is None:  # an enclosing entry goes already
                break
        else:
            if path and node is not None:
                node[path[-1]] = None
    return _prune(data, removals)


def _prune(data: Any, removals: dict[str | int, Any]) -> Any:
    if isinstance(data, dict):
        copy = dict(data)
        for key, below in removals.items():
            if key not in copy:
                continue
            if below is None:
                del copy[key]
            else:
                copy[key] = _prune(copy[key], below)
        return copy
    if isinstance(data, list):
        copy_list = list(data)
        for index, below in removals.items():
            if isinstance(index, int) and index < len(copy_list) and below is not None:
                copy_list[index] = _prune(copy_list[index], below)
        return copy_list
    return data


def _area(raw: RawPage) -> str:
    folder, _, _ = raw.relative.partition("/")
    return folder if "/" in raw.relative else ""
