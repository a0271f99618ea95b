"""Objects one language names and never defines, resolved from the HTTP reference.

PHP's ``verifyChallenge`` returns a ``Challenge`` that PHP's docs never define, though the same
object (id ``authentication_challenge``) is defined by five other languages and by the HTTP
reference, whose object entries list its JSON keys. Such a name becomes a model of the
language, with the HTTP reference's fields (named by their wire names, typed as the HTTP
reference types them: each emitter then writes them in its own idiom).

Which object a name means:

1. another language defines a model of that name (case and underscores aside) with an id;
2. else the field that uses it cites a description of the object (``(authentication_factor)``,
   ``(authentication_challenge.self)``) whose key is an object id ending with the name.

3. else another language, linked earlier, declares an inline object of that name (Java's
   ``Actor`` of ``CreateAuditLogEventOptions`` is Go's ``auditlogs.Actor``): its fields, with
   the wire names they were linked to, are copied (of several, one of the same area, then the
   one that names the most fields as the wire does, then the first by language name);
4. else, when the field cites an HTTP field typed ``object`` with no keys listed (Go and Python
   ``vault.KeyContext`` for ``(object_metadata.context)``), the name stands for a JSON object of
   any keys, and the field is typed as a map of string to any value.

What is left is listed by ``codegen externals`` (with why: never defined anywhere, or defined
only in other languages). It knows no emitter and runs after linking, before enums.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import field
from typing import TypeVar

from .ir import Field, LanguageAPI, Model, Operation, OptionClass, retyped
from .link.descriptions import ref_name
from .naming import normalized
from .records import dataclass, replace, same
from .spec import Page, SpecEntry, nested_items
from .types import ANY, STRING, ListOf, MapOf, Named, Nullable, Prim, TypeExpr, core_type, map_children


@dataclass
class ObjectIndex:
    """The HTTP reference's objects by id, and the ids other languages give their model names."""

    objects: dict[str, list[Model]] = field(default_factory=dict)
    ids_by_name: dict[str, set[str]] = field(default_factory=dict)
    # Inline objects (no id) of the languages linked so far, by loose name, with wire names (and
    # the language that declares each).
    inline: dict[str, list[tuple[str, Model]]] = field(default_factory=dict)
    # Description keys of HTTP fields typed ``object`` with no keys listed (free-form objects).
    free_objects: set[str] = field(default_factory=set)
    # The item of each list some language spells, by description key (:func:`list_items`).
    list_items: dict[str, str] = field(default_factory=dict)

    def donor(self, name: str, doc_key: str | None, area: str) -> Model | None:
        """The object a name means (the rules above, in order), or None."""
        ids = sorted(self.ids_by_name.get(normalized(name), set()))
        cited = _base(doc_key)
        # The object the field's description cites, when the type's name is that object's
        # (``Challenge`` for ``(authentication_challenge)``; not ``WidgetList`` for ``(widget)``).
        if cited in self.objects and normalized(cited).endswith(normalized(name)):
            ids.append(cited)
        for object_id in ids:
            candidates = self.objects.get(object_id)
            if candidates:
                same_area = [c for c in candidates if c.area == area]
                return (same_area or candidates)[0]
        inline = self.inline.get(normalized(name))
        if inline:
            here = [donor for donor in inline if donor[1].area == area]
            return min(here or inline, key=_nearest_the_wire)[1]
        return None

    def remember(self, api: LanguageAPI) -> None:
        """Keep ``api``'s inline objects as donors for the languages linked after it."""
        for model in api.models:
            if not model.id and any(f.wire_name for f in model.fields):
                self.inline.setdefault(normalized(model.name), []).append((api.language, model))


def _nearest_the_wire(donor: tuple[str, Model]) -> tuple[int, str]:
    """Donors in order of preference: the most fields named as the wire names them, then by
    language name (never by the order in which languages are linked)."""
    language, model = donor
    return -sum(1 for f in model.fields if f.wire_name and f.name == f.wire_name), language


def index(pages: list[Page], curl: LanguageAPI | None) -> ObjectIndex:
    result = ObjectIndex()
    if curl is not None:
        for model in curl.models:
            if model.id:
                result.objects.setdefault(model.id, []).append(model)
                result.ids_by_name.setdefault(normalized(model.name), set()).add(model.id)
            _free_objects(model.fields, result.free_objects)
        for op in curl.operations:
            _free_objects(op.params, result.free_objects)
    for page in pages:
        for language, entries in page.spec.reference.items():
            if curl is not None and language == curl.language:  # the HTTP reference: above
                continue
            for entry in entries:
                if entry.id and entry.properties is not None and not (entry.title or "").rstrip().endswith(")"):
                    title = (entry.title or entry.key).split(":")[0].split()
                    name = title[-1].rsplit(".", 1)[-1].rsplit("\\", 1)[-1] if title else entry.key
                    for spelling in {name, entry.key}:
                        result.ids_by_name.setdefault(normalized(spelling), set()).add(entry.id)
    every = (entry for page in pages for found in page.spec.reference.values() for entry in found)
    result.list_items = list_items(every, result)
    return result


def _free_objects(fields: tuple[Field, ...], into: set[str]) -> None:
    for f in fields:
        if f.doc_key and isinstance(f.type, Prim) and f.type.name == "object" and not f.fields:
            into.add(f.doc_key.lower())
        _free_objects(f.fields, into)


def _base(key: str | None) -> str:
    key = (key or "").lower()
    return key[: -len(".self")] if key.endswith(".self") else key


class _Resolver:
    """The models :func:`resolve` makes for the names a language uses (a class: a nested function
    calling itself would be a reference cycle holding all it was given)."""

    def __init__(self, api: LanguageAPI, objects: ObjectIndex, builtins: frozenset[str]) -> None:
        self.objects, self.builtins = objects, builtins
        self.defined = {m.name for m in api.models} | {o.name for o in api.options}
        self.qualifiers = {m.qualifier for m in api.models if m.qualifier} | {
            o.qualifier for o in api.options if o.qualifier
        }
        self.made: dict[str, Model] = {}  # name -> the model made for it

    def field_type(self, f: Field, area: str) -> TypeExpr | None:
        return None if f.type is None else self.retype(f.type, f, area)

    def retype(self, expr: TypeExpr, f: Field, area: str) -> TypeExpr:
        mapped = map_children(expr, lambda child: self.retype(child, f, area), maps="values")
        if mapped is not None:
            return mapped
        if not isinstance(expr, Named) or expr.area is not None or expr.args:
            return expr
        # A language's own type (Go ``context.Context``), unless qualified by a package of the
        # docs' own (``auditlogs.Context`` is an object of the audit-logs package).
        if expr.name in self.builtins and expr.qualifier not in self.qualifiers:
            return expr
        if expr.name in self.defined:
            return expr
        model = self.made.get(expr.name)
        if model is None:
            source = self.objects.donor(expr.name, f.doc_key, area)
            if source is None:
                top = f.type.inner if isinstance(f.type, Nullable) else f.type
                if top is expr and _base(f.doc_key) in self.objects.free_objects:
                    return MapOf(key=STRING, value=ANY, spelling=expr.spelling)
                return expr
            model = _copy(source, expr, area)
            own = _own_fields(f, expr, source, self.objects) if core_type(f.type) is expr else None
            if own is not None:  # the language's docs define it here: their names and types win
                model = replace(model, fields=own, description=f.description or model.description)
            self.made[expr.name] = model
        return replace(expr, area=model.area)


def resolve(api: LanguageAPI, objects: ObjectIndex, builtins: frozenset[str]) -> LanguageAPI:
    """``api`` with a model for every name it uses whose object the HTTP reference defines."""
    if not objects.objects:
        return api
    resolver = _Resolver(api, objects, builtins)
    operations, models, options = _retyped(api, resolver.field_type)
    if not resolver.made:
        return api
    added = tuple(sorted(resolver.made.values(), key=lambda m: (m.area, m.name)))
    return replace(api, operations=operations, models=models + added, options=options)


_Declared = TypeVar("_Declared", Model, OptionClass)


def _retyped(
    api: LanguageAPI, new_type: Callable[[Field, str], TypeExpr | None]
) -> tuple[tuple[Operation, ...], tuple[Model, ...], tuple[OptionClass, ...]]:
    """``api``'s operations, models and option classes with every field (its own fields first)
    given ``new_type(field, area)``; only what changes is copied."""

    def operation(op: Operation) -> Operation:
        params = retyped(op.params, lambda f: new_type(f, op.area))
        returns = retyped(op.returns, lambda f: new_type(f, op.area))
        if params is op.params and returns is op.returns:
            return op
        return replace(op, params=params, returns=returns)

    def declaration(d: _Declared) -> _Declared:
        new = retyped(d.fields, lambda f: new_type(f, d.area))
        return d if new is d.fields else replace(d, fields=new)

    operations = tuple(operation(op) for op in api.operations)
    return operations, tuple(declaration(m) for m in api.models), tuple(declaration(o) for o in api.options)


def _own_fields(f: Field, expr: Named, source: Model, objects: ObjectIndex) -> tuple[Field, ...] | None:
    """The fields a language's docs give an object inline (Go's ``Event`` with ``OccurredAt
    time.Time``), when they fit the HTTP reference's object: some name its keys (by description
    key, else by name) and none contradicts a key's shape (text, object, list). None otherwise:
    the docs then mean another object, or contradict the wire (Go's ``Profile string`` for the
    ``profile`` object), and the HTTP reference's object is used as it is."""
    linked = _linked_to(tuple(c for c in f.fields if not c.is_method), source.fields, objects)
    return linked if linked and any(c.wire_name for c in linked) else None


def _linked_to(own: tuple[Field, ...], theirs: tuple[Field, ...], objects: ObjectIndex) -> tuple[Field, ...] | None:
    """``own`` with the wire names of the keys in ``theirs`` they name (by description key,
    else by name; nested objects likewise); None when one contradicts its key's shape."""
    by_key = {c.doc_key.lower(): c for c in theirs if c.doc_key}
    by_name = {normalized(c.wire_name or c.name): c for c in theirs}
    result = []
    for c in own:
        key = (by_key.get(c.doc_key.lower()) if c.doc_key else None) or by_name.get(normalized(c.name))
        if key is None:
            result.append(c)
            continue
        mine_shape, their_shape = _shape(c, objects), _shape(key, objects)
        if mine_shape and their_shape and mine_shape != their_shape:
            return None
        inner = _linked_to(c.fields, key.fields, objects) if c.fields and key.fields else c.fields
        if inner is None:
            return None
        result.append(replace(c, wire_name=key.wire_name or key.name, fields=inner))
    return tuple(result)


def _shape(f: Field, objects: ObjectIndex) -> str:
    """text, object or list; "" when the type alone cannot tell (a name of an enum or object)."""
    expr = f.type.inner if isinstance(f.type, Nullable) else f.type
    if isinstance(expr, ListOf):
        return "list"
    if f.fields or isinstance(expr, MapOf) or (isinstance(expr, Prim) and expr.name == "object"):
        return "object"
    if isinstance(expr, Named):
        known = normalized(expr.name) in objects.ids_by_name or expr.name in objects.objects
        return "object" if known else ""
    return "text" if expr is not None else ""


def _copy(source: Model, name: Named, area: str) -> Model:
    """The HTTP reference's object as a model of this language, named as the language names it."""
    return replace(
        source,
        name=name.name,
        qualifier=name.qualifier,
        area=area,
        kind="object",
        title=None,
        fields=tuple(_plain(f) for f in source.fields),
    )


def _plain(f: Field) -> Field:
    """A field of the HTTP reference: its key is its wire name; types naming other objects of the
    HTTP reference are not this language's, so they stay unresolved (the emitter's 'any')."""
    return replace(
        f,
        type=None if f.type is None else _unresolved(f.type),
        type_text=None,
        wire_name=f.wire_name or f.name,
        place=None,
        fields=tuple(map(_plain, f.fields)),
    )


def _unresolved(expr: TypeExpr) -> TypeExpr:
    """A donor's type in no language's spelling; names it declares are not this language's."""
    if isinstance(expr, Prim):
        return Prim(name=expr.name)
    if isinstance(expr, Named):
        return replace(expr, area=None, spelling="", args=tuple(_unresolved(a) for a in expr.args))
    if isinstance(expr, Nullable):
        return replace(expr, inner=_unresolved(expr.inner), spelling="")
    if isinstance(expr, ListOf):
        return replace(expr, item=_unresolved(expr.item), spelling="")
    if isinstance(expr, MapOf):
        return replace(expr, key=_unresolved(expr.key), value=_unresolved(expr.value), spelling="")
    return expr


# --- list items the docs of one language leave out ---------------------------------------------

# A list of one named item, as the languages spell it: ``X[]``, ``[]X``, ``list[X]``, ``Array<X>``.
_LIST_OF = re.compile(
    r"^\s*(?:\[\]\s*(?P<a>[\w.\\]+)|(?P<b>[\w.\\]+)\s*\[\]"
    r"|(?:list|array|sequence|iterable|ienumerable|ilist|icollection|ireadonlylist|set|collection)"
    r"\s*[\[<]\s*(?P<c>[\w.\\]+)\s*[\]>])\s*$",
    re.IGNORECASE,
)
_SCALARS = {
    "str": "string",
    "string": "string",
    "int": "int",
    "integer": "int",
    "long": "int",
    "int64": "int",
    "float": "number",
    "double": "number",
    "number": "number",
    "bool": "bool",
    "boolean": "bool",
}


def list_items(entries: Iterable[SpecEntry], objects: ObjectIndex) -> dict[str, str]:
    """The item of each list the languages' docs spell (by description key): ``prim:<name>`` for
    text, numbers and booleans, ``object:<id>`` for an object the reference defines; kept only
    where every language that spells an item agrees. A language that writes just ``array`` then
    takes it (:func:`typed_lists`): the item is one fact of the API, whichever docs spell it."""
    seen: dict[str, set[str]] = {}
    for entry in entries:
        for item in (*nested_items(entry.parameters), *nested_items(entry.properties), *nested_items(entry.returns)):
            key = ref_name(item.description or "")
            spelled = _LIST_OF.match(item.type or "")
            if key and spelled:
                name = (spelled.group("a") or spelled.group("b") or spelled.group("c")).replace("\\", ".")
                name = name.rsplit(".", 1)[-1]
                ids = objects.ids_by_name.get(normalized(name), set())
                fact = f"prim:{_SCALARS[name.lower()]}" if name.lower() in _SCALARS else None
                if fact is None and len(ids) == 1:
                    fact = f"object:{next(iter(ids))}"
                seen.setdefault(key.lower(), set()).add(fact or "?")
    return {key: next(iter(facts)) for key, facts in seen.items() if len(facts) == 1 and "?" not in facts}


def typed_lists(api: LanguageAPI, objects: ObjectIndex) -> LanguageAPI:
    """``api`` with each untyped list (``array``: items of any type) that another language types
    given that item: a scalar, or this language's model of the object (by its id)."""
    items = objects.list_items
    if not items:
        return api
    by_id: dict[str, list[Model]] = {}
    for m in api.models:
        if m.id:
            by_id.setdefault(m.id, []).append(m)

    def item_of(f: Field, area: str) -> TypeExpr | None:
        fact = items.get((f.doc_key or "").lower())
        if fact is None:
            return None
        kind, _, value = fact.partition(":")
        if kind == "prim":
            return Prim(name=value)
        models = by_id.get(value, [])
        here = [m for m in models if m.area == area] or models
        if len(here) != 1:
            return None
        return Named(name=here[0].name, qualifier=here[0].qualifier, area=here[0].area)

    def typed(f: Field, area: str) -> TypeExpr | None:
        typ = f.type
        top = typ.inner if isinstance(typ, Nullable) else typ
        if not (isinstance(top, ListOf) and isinstance(top.item, Prim) and top.item.name == "any"):
            return typ
        item = item_of(f, area)
        if item is None:
            return typ
        listed = replace(top, item=item)
        return replace(typ, inner=listed) if isinstance(typ, Nullable) else listed

    operations, models, options = _retyped(api, typed)
    if same(operations, api.operations) and same(models, api.models) and same(options, api.options):
        return api
    return replace(api, operations=operations, models=models, options=options)
