"""Stage 3 of linking: every named type tied to the model or option class it names, in the
same area first (the same name can mean two objects in two areas)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..diagnostics import Diagnostics, Loc
from ..ir import Field, Model, Operation, OptionClass
from ..naming import normalized
from ..records import replace, same
from ..types import Named, TypeExpr, map_children


class TypeResolver:
    """Ties every named type to the model or option class it names: same area first."""

    def __init__(
        self,
        models: list[Model],
        options: tuple[OptionClass, ...],
        diags: Diagnostics,
        builtins: frozenset[str],
        misspelled: Callable[[str], str | None] = lambda name: None,
    ) -> None:
        self.diags = diags
        # The built-in type a name no page defines looks like a typo of (Linker.misspelled_built_in).
        self.misspelled = misspelled
        self.builtins = builtins  # the language's own types ('error' in Go) are never a model
        self.areas: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        # 'ListMetadata' for a model documented as 'list_metadata' or 'listMetadata'
        self.loose: dict[str, set[str]] = defaultdict(set)
        items: list[Model | OptionClass] = [*models, *options]
        for item in items:
            self.areas[item.name].append((item.area, item.qualifier))
            self.loose[normalized(item.name)].add(item.name)
        # (name, qualifier) -> the areas defining it, and the one to use from any other area
        self.targets: dict[tuple[str, str | None], tuple[set[str], str | None]] = {}

    def target(self, name: str, qualifier: str | None, area: str) -> str | None:
        """The area of the definition a name in ``area`` means: the same area first."""
        key = (name, qualifier)
        found = self.targets.get(key)
        if found is None:
            candidates = self.areas.get(name, [])
            if qualifier is not None and any(q == qualifier for _, q in candidates):
                candidates = [c for c in candidates if c[1] == qualifier]
            first = min(candidates, key=lambda c: (c[0], c[1] or ""))[0] if candidates else None
            found = self.targets[key] = ({a for a, _ in candidates}, first)
        areas, first = found
        return area if area in areas else first

    def type(self, expr: TypeExpr, area: str, loc: Loc) -> TypeExpr:
        if isinstance(expr, Named):
            args = tuple([self.type(a, area, loc) for a in expr.args]) if expr.args else expr.args
            name = expr.name
            if name not in self.areas and name not in self.builtins:  # no model or option class of its name
                if len(self.loose.get(normalized(name), ())) == 1:
                    (name,) = self.loose[normalized(name)]
                    self.diags.warning(
                        loc,
                        f"type '{expr.name}' names the model '{name}' only when case and underscores are ignored;"
                        " read as that model",
                        code="loose-type-name",
                    )
                elif like := self.misspelled(name):
                    self.diags.warning(
                        loc,
                        f"type '{expr.name}' is no built-in type and no page defines it: did you mean '{like}'?"
                        " It is written as a type of that name, which the SDK does not declare",
                        code="unknown-type",
                    )
            target = self.target(name, expr.qualifier, area)
            if name == expr.name and target == expr.area and (args is expr.args or same(args, expr.args)):
                return expr  # the models are immutable: an unchanged node is kept, not copied
            return replace(expr, name=name, args=args, area=target)
        mapped = map_children(expr, lambda child: self.type(child, area, loc), maps="both")
        return expr if mapped is None else mapped

    def fields(self, fields: tuple[Field, ...], area: str) -> tuple[Field, ...]:
        """``fields`` with their types resolved: the same tuple when none changed (the models are
        immutable: an unchanged one is kept, not copied)."""
        result = []
        for f in fields:
            expr = None if f.type is None else self.type(f.type, area, f.loc)
            nested = self.fields(f.fields, area) if f.fields else f.fields
            result.append(f if expr is f.type and nested is f.fields else replace(f, type=expr, fields=nested))
        return fields if same(result, fields) else tuple(result)

    def operation(self, op: Operation) -> Operation:
        params, returns = self.fields(op.params, op.area), self.fields(op.returns, op.area)
        return op if params is op.params and returns is op.returns else replace(op, params=params, returns=returns)

    def model(self, model: Model) -> Model:
        fields = self.fields(model.fields, model.area)
        return model if fields is model.fields else replace(model, fields=fields)

    def option(self, option: OptionClass) -> OptionClass:
        fields = self.fields(option.fields, option.area)
        return option if fields is option.fields else replace(option, fields=fields)
