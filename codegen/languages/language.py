"""A language as the plan sees it: tables, a few hooks, and templates.

A language package (``codegen/languages/<name>/``) subclasses :class:`Language` with:

- ``naming``: its naming table (:class:`codegen.plan.sdk.Naming`): how it writes type, field,
  method, parameter, constant, scope and service names, the words it reserves;
- ``scope_rule``: how it groups declarations (:class:`codegen.plan.symbols.ScopeRule`);
- ``type_text``: how it writes a type (primitives, lists, maps, optionals, a declaration by the
  name ``ctx.ref`` gives it in the current scope);
- ``access``: the expression that reads a sent value through a method's parameters;
- ``constant_text`` and ``setting_text``: a fixed value, a client setting;
- ``files``: which template renders which file from the SDK's views (``SdkView``);
- ``snippet``: the template of a usage snippet (a ``CallView``).

Everything else (which declarations exist, where, their names made unique, each request, the
reply, pagination, sample values) is decided by the plan (``codegen/plan/``), once, for every
language; templates receive only views (frozen dataclasses of plain values) and shape the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from ..diagnostics import Diagnostics
from ..ir import LanguageAPI
from ..plan.requests import request
from ..plan.sdk import Naming, SdkBuilder, StepText, TypeContext
from ..plan.symbols import ScopeRule, SymbolTable
from ..plan.views import CallView, LiteralView, SdkView
from ..samples import Declarations, SampleCall, sample_call
from ..text import GENERATED_NOTICE, one_line
from ..types import TypeExpr
from .base import Emitter

File = tuple[str, str, dict[str, Any]]  # (path, template, context)


class Language(Emitter):
    """A language rendered from the plan's views (see the module's docstring)."""

    scope_rule: ClassVar[ScopeRule] = ScopeRule(declares_inline_objects=True)
    # The template of one usage snippet (a CallView as ``call``); "" when the language has none.
    snippet_template: ClassVar[str] = ""

    @property
    def naming(self) -> Naming:
        raise NotImplementedError

    # --- hooks -----------------------------------------------------------------------------
    def type_text(self, expr: TypeExpr | None, ctx: TypeContext, *, optional: bool = False) -> str:
        raise NotImplementedError

    def access(self, steps: tuple[StepText, ...]) -> tuple[str, tuple[str, ...]]:
        raise NotImplementedError

    def constant_text(self, text: str) -> str:
        raise NotImplementedError

    def setting_text(self, setting: str) -> str:
        raise NotImplementedError

    def files(self, sdk: SdkView) -> Iterable[File]:
        raise NotImplementedError

    # --- the pipeline ----------------------------------------------------------------------
    def builder(self, api: LanguageAPI, diags: Diagnostics | None = None) -> SdkBuilder:
        table = SymbolTable.of(api, self.scope_rule)
        return SdkBuilder(api, table, self, self.diags if diags is None else diags, self.settings.renames)

    def plan(self, api: LanguageAPI, diags: Diagnostics | None = None) -> SdkView:
        return self.builder(api, diags).build()

    def render_each(self, api: LanguageAPI) -> Iterator[tuple[str, str]]:
        return self.made(self.files(self.plan(api)))

    def made(self, files: Iterable[File]) -> Iterator[tuple[str, str]]:
        """Each of ``files`` rendered, when asked for."""
        for path, name, context in files:
            yield path, self.template(name, **context)

    def call(self, sample: SampleCall, api: LanguageAPI) -> CallView | None:
        """The sample call as the language's views (planned anew, quietly: the render reports)."""
        builder = self.builder(api, Diagnostics())
        return builder.call_view(builder.build(), sample)

    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        if not self.snippet_template:
            return None
        view = self.call(call, api)
        if view is None:
            return None
        return self._snippet(view)

    def _snippet(self, view: CallView, *, standalone: bool = False) -> str:
        """The call of a snippet; ``standalone``: with its imports and the client's construction,
        a program that runs as written (the examples; the conformance drivers bring their own)."""
        kinds = _kinds([a.value for a in view.args])
        context = {"call": view, "settings": self.settings, "kinds": kinds, "standalone": standalone}
        return self.template(self.snippet_template, **context).rstrip("\n")

    def examples(self, api: LanguageAPI) -> dict[str, str]:
        """One Markdown snippet per operation with an HTTP request (``examples = true``)."""
        if not self.settings.examples or not self.snippet_template:
            return {}
        builder = self.builder(api, Diagnostics())
        sdk = builder.build()
        decls = Declarations.of(api)
        files: dict[str, str] = {}
        for op in sorted(api.operations, key=lambda o: (o.area, o.key, o.loc)):
            if request(op, api, decls) is None:
                continue
            view = builder.call_view(sdk, sample_call(op, api, decls))
            if view is None:
                continue
            code = self._snippet(view, standalone=True)
            folder = _file_part(op.area or op.service or "api")
            stem = f"examples/{folder}/{_file_part(op.key)}"
            path, count = f"{stem}.md", 2
            while path in files:
                path, count = f"{stem}_{count}.md", count + 1
            fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
            title = one_line(f"{op.key}: {op.http.method} {op.http.path}") if op.http else op.key
            files[path] = (
                f"<!-- {GENERATED_NOTICE} -->\n<!-- {title.replace('--', '- -')} -->\n\n"
                f"{fence}{self.fence or self.name}\n{code}\n{fence}\n"
            )
        return files


def _kinds(values: list[LiteralView]) -> tuple[str, ...]:
    """Every kind of literal among ``values``, nested ones included (a snippet's imports)."""
    found: set[str] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        found.add(value.kind)
        stack += [*value.items, *(entry for _, entry in value.entries)]
    return tuple(sorted(found))


def _file_part(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "operation"
