"""Linking stage: the option classes of a language's operations, and models defined on several
pages merged into one (their fields added up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from ..diagnostics import Loc
from ..ir import Field, Model, Operation, OptionClass
from ..naming import capitalized
from ..records import dataclass, replace
from ..types import Named, Prim


def option_classes(
    operations: list[Operation], models: list[Model], check_name: Callable[[str, Loc, str], None]
) -> tuple[OptionClass, ...]:
    """The option classes of the operations' object parameters: a named type the language does
    not define as a model, or ``<Method>Options`` for an untyped one (one class per parameter
    when a method has several). Definitions of one class in several methods add up."""
    defined = {(m.area, m.qualifier, m.name) for m in models}
    found: dict[tuple[str, str | None, str], _OptionParts] = {}
    for op in operations:
        for param in op.params:
            if not param.fields:
                continue
            values = tuple(f for f in param.fields if not f.is_method)
            methods = tuple(f for f in param.fields if f.is_method)
            synthesized_name = synthesized_option_class(op, param)
            if isinstance(param.type, Named):
                qualifier, name, synthesized = param.type.qualifier, param.type.name, False
            elif synthesized_name is not None:
                qualifier, name, synthesized = None, synthesized_name, True
                check_name(name, param.loc, "option class name (from the method and parameter names)")
            else:
                continue
            key = (op.area, qualifier, name)
            if key in defined:
                continue
            parts = found.get(key)
            if parts is None:
                parts = found[key] = _OptionParts(param.loc)
            parts.fields.add(values)
            parts.methods.add(methods)
            parts.synthesized = synthesized
    return tuple(
        OptionClass(
            name=name,
            qualifier=qualifier,
            fields=tuple(parts.fields.items),
            methods=tuple(parts.methods.items),
            synthesized=parts.synthesized,
            area=area,
            loc=parts.loc,
        )
        for (area, qualifier, name), parts in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2]))
    )


def synthesized_option_class(op: Operation, param: Field) -> str | None:
    """The name of the option class of an untyped object parameter (``type: object`` or PHP's
    ``array`` with properties): ``<Method>Options`` for the one such parameter of a method,
    ``<Method><Param>`` for each of several; None for any other parameter."""
    if not param.fields or not (param.type is None or isinstance(param.type, Prim)):
        return None
    untyped = [p for p in op.params if p.fields and (p.type is None or isinstance(p.type, Prim))]
    return capitalized(op.name) + ("Options" if len(untyped) == 1 else capitalized(param.name))


@dataclass
class _Fields:
    """Fields gathered from several definitions: a later one adds the names earlier ones lack."""

    items: list[Field] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def add(self, fields: tuple[Field, ...]) -> bool:
        new = [f for f in fields if f.name not in self.names]
        self.items += new
        self.names.update(f.name for f in new)
        return bool(new)


@dataclass
class _OptionParts:
    loc: Loc
    fields: _Fields = field(default_factory=_Fields)
    methods: _Fields = field(default_factory=_Fields)
    synthesized: bool = False


def merge_models(models: list[Model]) -> list[Model]:
    """One model per (area, qualifier, name): pages that define it twice add up their fields."""
    merged: dict[tuple[str, str | None, str], tuple[Model, _Fields]] = {}
    grown: set[tuple[str, str | None, str]] = set()
    for model in models:
        key = (model.area, model.qualifier, model.name)
        old = merged.get(key)
        if old is None:
            fields = _Fields()
            fields.add(model.fields)
            merged[key] = (model, fields)
        elif old[1].add(model.fields):
            grown.add(key)
    return [
        replace(first, fields=tuple(fields.items)) if key in grown else first for key, (first, fields) in merged.items()
    ]
