"""Linking stage: objects a language's docs define inline (a field typed ``Actor`` that lists
Actor's properties) become models of the field's area; two different inline definitions of one
name in one area are kept apart (the later one renamed, with a warning)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics, Loc
from ..ir import Field, Model, Operation, OptionClass
from ..naming import capitalized, normalized
from ..policy import LanguagePolicy
from ..records import replace
from ..types import ListOf, Named, Nullable, TypeExpr, core_type


class InlineModels:
    """Finds the inline models of one language (``find``); where each name was first defined."""

    def __init__(self, policy: LanguagePolicy, diags: Diagnostics) -> None:
        self.policy = policy
        self.diags = diags
        self.first_inline: dict[tuple[str, str], Loc] = {}  # where an inline object was first defined

    def find(
        self, operations: list[Operation], models: list[Model], options: tuple[OptionClass, ...]
    ) -> tuple[list[Model], dict[tuple[Loc, str], str]]:
        """Objects the docs define inline: a field whose type names nothing defined elsewhere
        (``actor: Actor``) and that lists the properties of that type. It becomes a model of
        that name in the field's area, so every language declares it instead of needing it
        from outside. Generic types (``Task<T>``) and the language's own types are left alone.

        Two inline definitions of one name in one area that differ (``WorkOSListResource`` with
        ``data: Invitation[]`` and with ``data: User[]``) are two models: the later one is named
        after what sets it apart (``WorkOSListResourceOfUser``), with a warning. Returns the
        models and those renames, keyed by the field that names the type."""
        if self.policy.declares_inline_objects:
            return [], {}
        signatures: dict[tuple[str, str], dict[tuple[tuple[str, str], ...], str]] = {}
        renamed: dict[tuple[Loc, str], str] = {}
        builtins = self.policy.builtin_types
        items: list[Model | OptionClass] = [*models, *options]
        defined = {normalized(item.name) for item in items}
        inline: set[str] = set()  # names made here: a second inline definition adds to the first
        found: list[Model] = []

        # Every field in document order, each before the fields nested in it: a loop, as a nested
        # function calling itself would be a reference cycle holding all of them.
        pending: list[tuple[Field, str, str]] = []
        for model in reversed(models):
            pending += [(f, model.area, model.page) for f in reversed(model.fields)]
        for op in reversed(operations):
            pending += [(f, op.area, op.page) for f in reversed((*op.params, *op.returns))]
        while pending:
            f, area, page = pending.pop()
            if f.is_method:
                continue
            named = core_type(f.type)
            values = tuple(x for x in f.fields if not x.is_method)
            if (
                isinstance(named, Named)
                and values
                and not named.args
                and named.name not in builtins
                and (named.name in inline or normalized(named.name) not in defined)
            ):
                name = self.inline_name(named.name, values, area, signatures, f)
                if name != named.name:
                    renamed[(f.loc, f.name)] = name
                found.append(
                    Model(
                        id=None,
                        key=name,
                        name=name,
                        kind="object",
                        qualifier=named.qualifier,
                        description=f.description,
                        fields=values,
                        page=page,
                        area=area,
                        loc=f.loc,
                    )
                )
                inline.add(named.name)
                defined.add(normalized(named.name))
            pending += [(child, area, page) for child in reversed(f.fields)]
        return found, renamed

    def inline_name(
        self,
        name: str,
        values: tuple[Field, ...],
        area: str,
        signatures: dict[tuple[str, str], dict[tuple[tuple[str, str], ...], str]],
        f: Field,
    ) -> str:
        """The model name for one inline definition: the documented name, unless an earlier
        definition of that name in this area has other fields or types."""
        signature = tuple((v.name, v.type_text or "") for v in values)
        seen = signatures.setdefault((area, name), {})
        if signature in seen:
            return seen[signature]
        if not seen:
            seen[signature] = name
            self.first_inline[(area, name)] = f.loc
            return name
        first = next(iter(seen))
        differing = [v for v in values if (v.name, v.type_text or "") not in first]
        # What sets it apart, best named by a list's items (``data: User[]``).
        differing.sort(key=lambda v: not isinstance(v.type, ListOf))
        inner = core_type(differing[0].type) if differing else None
        suffix = f"Of{capitalized(inner.name)}" if isinstance(inner, Named) else str(len(seen) + 1)
        chosen = name + suffix
        while chosen in seen.values():
            chosen += "_"
        seen[signature] = chosen
        self.diags.warning(
            f.loc,
            f"inline object '{name}' is defined here with other fields than at {self.first_inline_loc(area, name)}; "
            f"this one is generated as '{chosen}'",
            "give the two objects different names in the docs (or one definition)",
            code="inline-objects-kept-apart",
        )
        return chosen

    def first_inline_loc(self, area: str, name: str) -> str:
        return str(self.first_inline.get((area, name), f"another field of area '{area}'"))


def renamed_fields(fields: tuple[Field, ...], renames: dict[tuple[Loc, str], str]) -> tuple[Field, ...]:
    """Fields whose inline object was renamed (see :meth:`InlineModels.find`) name it by its new name."""
    result = []
    for f in fields:
        update: dict[str, Any] = {}
        new = renames.get((f.loc, f.name))
        if new is not None:
            update["type"] = None if f.type is None else _with_core_name(f.type, new)
        if f.fields:
            update["fields"] = renamed_fields(f.fields, renames)
        result.append(replace(f, **update) if update else f)
    return tuple(result)


def renamed_operation(op: Operation, renames: dict[tuple[Loc, str], str]) -> Operation:
    return replace(op, params=renamed_fields(op.params, renames), returns=renamed_fields(op.returns, renames))


def _with_core_name(expr: TypeExpr, name: str) -> TypeExpr:
    if isinstance(expr, Named):
        return replace(expr, name=name)
    if isinstance(expr, Nullable):
        return replace(expr, inner=_with_core_name(expr.inner, name))
    if isinstance(expr, ListOf):
        return replace(expr, item=_with_core_name(expr.item, name))
    return expr
