"""``codegen diff OLD NEW``: what a change of the reference does to each SDK's users.

OLD and NEW are spec folders (or files) or git revisions of the configured specs (``HEAD~1``, a
tag: their files are read with ``git archive`` into a temporary folder). Both are linked whole,
as ``generate`` links them, and each language's SDK *surface* is compared:

- a language on the plan (a :class:`codegen.languages.language.Language`, which has ``plan``)
  is compared as its views spell it: services, methods, parameters, result types, declarations
  (models, option classes, enums, inline objects, stand-ins), their fields and enum constants,
  and each method's request (HTTP method, path template, each value's wire name and place);
- a language still rendered by an older emitter (no ``plan``) is compared on the linked IR with
  the docs' own names and type spellings: operations, parameters, option classes, models, enums,
  each field's wire name and place, each operation's HTTP method and path.

Views carry names only, so every node keeps the position of the IR object it was spelled from
(``Operation.loc``, ``Field.loc``, a declaration's ``loc``): each change has a ``file:line`` in
OLD and in NEW. Each change is classified for that language's users: breaking (a removed or
renamed operation, parameter or field, a new required parameter, a changed type, a path, HTTP
method or wire name that changes what goes over the wire) or not (an addition, an optional
parameter, a doc text), and each language gets a suggested version bump: ``major`` with any
breaking change, ``minor`` with any other change of the surface, ``patch`` when only doc text
changed, ``none``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostics, Loc
from .ir import API, Field, LanguageAPI, Model, Operation, OptionClass
from .languages import HTTP_REFERENCE
from .records import dataclass
from .types import ListOf, LiteralOf, MapOf, Named, Nullable, Prim, TypeExpr, UnionOf

BUMPS = ("none", "patch", "minor", "major")
# What each kind of node is called in change kinds and messages.
WHAT = {
    "operation": "operation",
    "parameter": "parameter",
    "field": "field",
    "model": "model",
    "options": "option-class",
    "enum": "enum",
    "inline": "inline-object",
    "standin": "stand-in",
    "value": "enum-value",
}
DECLS = ("model", "options", "enum", "inline", "standin")
# Attributes compared on a matched pair, in the order changes are reported.
ATTRS = ("kind", "name", "http_method", "path", "result", "base", "type", "optional", "wire", "place", "doc")


@dataclass
class Node:
    """One element of an SDK's surface: an operation, a parameter, a declaration, a field or an
    enum value, with the attributes compared and the position of the IR object it comes from."""

    kind: str
    key: str  # the join key among its siblings
    id: str  # the operation or object id a change of it is about
    label: str  # how a change names it (``mfa.challenge_factor(sms_template)``)
    attrs: dict[str, str]
    loc: Loc | None
    # Further join keys (a wire name, a description reference, an object id): pair renamed nodes.
    alt: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)
    # input (sent by the user), output (received), both (either), for declarations and fields
    direction: str = "both"
    # Positions of single attributes written elsewhere (a path is written in the HTTP reference).
    attr_locs: dict[str, Loc] = field(default_factory=dict)
    # The declarations a parameter stands for besides its type (an unwrapped object's option class).
    uses: tuple[str, ...] = ()
    # What tells apart siblings of one key: a declaration's area and kind (Go declares the
    # authkit and the mfa pages' ``Challenge`` in one package; "" where the key is enough).
    near: str = ""


@dataclass(frozen=True)
class Change:
    kind: str
    id: str
    subject: str
    breaking: bool
    message: str
    old: str | None
    new: str | None
    # The change alters the request or the reply on the wire (a path, a method, a wire name).
    wire: bool = False
    # Only documentation text changed (a patch).
    doc: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "subject": self.subject,
            "breaking": self.breaking,
            "message": self.message,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class LanguageDiff:
    language: str
    source: str  # "plan" (the views of Language.plan) or "ir" (the linked IR, docs' names)
    changes: list[Change] = field(default_factory=list)

    @property
    def bump(self) -> str:
        if any(c.breaking for c in self.changes):
            return "major"
        if any(not c.doc for c in self.changes):
            return "minor"
        return "patch" if self.changes else "none"


@dataclass
class Report:
    old_label: str
    new_label: str
    languages: dict[str, LanguageDiff] = field(default_factory=dict)

    def breaking(self) -> bool:
        return any(c.breaking for d in self.languages.values() for c in d.changes)


# --- the two sides ----------------------------------------------------------------------------


class DiffError(Exception):
    """OLD or NEW cannot be read (not a folder, not a revision); exit 2."""


@dataclass
class Side:
    label: str
    paths: list[Path]
    # A temporary folder the files were read into (its prefix is taken off every position).
    folder: Path | None = None


@contextmanager
def sides(old: str, new: str | None, spec_paths: list[Path], root: Path) -> Iterator[tuple[Side, Side]]:
    """OLD and NEW as spec paths on disk; revisions are read into temporary folders."""
    made: list[Path] = []
    try:
        yield (
            _side(old, spec_paths, root, made),
            (_side(new, spec_paths, root, made) if new is not None else Side("working tree", list(spec_paths))),
        )
    finally:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)


def _side(arg: str, spec_paths: list[Path], root: Path, made: list[Path]) -> Side:
    path = Path(arg)
    if path.exists():
        return Side(arg, [path])
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        raise DiffError(f"'{arg}' is neither a spec folder nor a file, and {root} is not in a git repository")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{arg}^{{commit}}")
    if commit is None:
        raise DiffError(f"'{arg}' is neither a spec folder nor a file, nor a git revision (a commit, a tag, HEAD~1)")
    toplevel = Path(top).resolve()
    folder = Path(tempfile.mkdtemp(prefix="codegen-diff-"))
    made.append(folder)
    paths = []
    for spec in spec_paths:
        try:
            relative = spec.resolve().relative_to(toplevel).as_posix()
        except ValueError as exc:
            raise DiffError(f"the spec path {spec} lies outside the git repository {toplevel}") from exc
        archive = subprocess.run(
            ["git", "-C", str(toplevel), "archive", "--format=tar", commit, "--", relative],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            raise DiffError(f"'{relative}' does not exist at {arg}: {archive.stderr.decode(errors='replace').strip()}")
        tar_path = folder / ".archive.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as tar:
            tar.extractall(folder, filter="data")
        tar_path.unlink()
        paths.append(folder / relative)
    return Side(arg, paths, folder)


def _git(cwd: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


# --- surfaces -----------------------------------------------------------------------------------


def surface(language: str, api: API, emitter: object) -> tuple[list[Node], str]:
    """The surface of ``language``'s SDK: from its plan when the language has one, else from the IR."""
    lang = api.languages.get(language)
    if lang is None:
        return [], "ir"
    from .languages.language import Language

    http = _http_locs(api)
    if isinstance(emitter, Language):
        return _from_plan(lang, emitter, http), "plan"
    return _from_ir(lang, http), "ir"


def _http_locs(api: API) -> dict[str, Loc]:
    """Where the HTTP reference writes each operation (its method and path), by id."""
    curl = api.languages.get(HTTP_REFERENCE)
    return {op.id: op.loc for op in (curl.operations if curl else ()) if op.id and op.http is not None}


def _op_attrs(op: Operation, name: str, result: str, method: str, path: str) -> dict[str, str]:
    return {"name": name, "result": result, "http_method": method, "path": path, "doc": op.description or ""}


def _from_plan(lang: LanguageAPI, emitter: Any, http: dict[str, Loc]) -> list[Node]:
    from .plan.sdk import FUNCTIONS
    from .plan.symbols import SymbolTable

    sdk = emitter.plan(lang, Diagnostics())
    table = SymbolTable.of(lang, emitter.scope_rule)
    decls = {(d.area, d.scope, d.docs_name, d.kind): d for d in table.decls.values()}
    ids = {(m.area, m.qualifier, m.name): m.id for m in lang.models}
    ops = {(op.service or FUNCTIONS, op.key, op.name): op for op in lang.operations}
    nodes: list[Node] = []
    for service in sdk.services:
        for method in service.methods:
            op = ops.get((service.docs_name, method.key, method.docs_name))
            label = f"{service.name}.{method.name}"
            request = method.request
            node = Node(
                "operation",
                method.id or f"{service.docs_name}.{method.key}",
                method.id or method.key,
                label,
                {
                    "name": label,
                    "result": method.result,
                    "http_method": request.method if request else "",
                    "path": request.template if request else "",
                    "doc": method.doc,
                },
                op.loc if op else None,
                attr_locs=_wire_locs(method.id, http),
            )
            fields = {f.name: f for f in op.params} if op else {}
            for param in method.params:
                docs = fields.get(param.docs_name)
                for view, ir in [(param, docs)] if param.role != "unwrapped" else _unwrapped(param, docs):
                    node.children.append(
                        Node(
                            "parameter",
                            view.docs_name,
                            node.id,
                            f"{label}({view.name})",
                            {
                                "name": view.name,
                                "type": view.type,
                                "optional": _flag(view.optional),
                                "wire": view.wire,
                                "place": view.place,
                                "doc": view.doc,
                            },
                            ir.loc if ir else node.loc,
                            alt=_alts(view.wire, ir),
                            direction="input",
                        )
                    )
            nodes.append(node)
    for scope in sdk.scopes:
        for view in scope.decls:
            decl = decls.get((view.area, view.docs_scope, view.docs_name, view.kind))
            name = f"{view.scope}.{view.name}" if view.scope else view.name
            object_id = (ids.get(decl.key) if decl else None) or view.docs_name
            node = Node(
                view.kind,
                f"{view.docs_scope}/{view.docs_name}",
                object_id,
                name,
                {"kind": view.kind, "name": name, "base": view.base, "doc": view.doc},
                decl.loc if decl else None,
                alt=_alts(ids.get(decl.key) if decl else None),
                near=f"{view.area}/{view.kind}",
            )
            owned = {f.name: f for f in decl.fields} if decl else {}
            for f in view.fields:
                ir = owned.get(f.docs_name)
                node.children.append(
                    Node(
                        "field",
                        f.docs_name,
                        object_id,
                        f"{view.name}.{f.name}",
                        {
                            "name": f.name,
                            "type": f.type,
                            "optional": _flag(f.optional),
                            "wire": f.wire,
                            "place": f.place,
                            "doc": f.doc,
                        },
                        ir.loc if ir else node.loc,
                        alt=_alts(f.wire, ir),
                    )
                )
            for constant in view.constants:
                node.children.append(
                    Node(
                        "value",
                        constant.value,
                        object_id,
                        f"{view.name}.{constant.name}",
                        {"name": constant.name},
                        node.loc,
                    )
                )
            nodes.append(node)
    _directions(nodes)
    return nodes


def _unwrapped(param: Any, docs: Field | None) -> list[tuple[Any, Field | None]]:
    """The fields of an unwrapped parameter: they are the call's arguments."""
    children = {f.name: f for f in docs.fields} if docs else {}
    return [(child, children.get(child.docs_name)) for child in param.fields]


def _wire_locs(op_id: str | None, http: dict[str, Loc]) -> dict[str, Loc]:
    loc = http.get(op_id or "")
    return {"http_method": loc, "path": loc} if loc else {}


def _from_ir(lang: LanguageAPI, http: dict[str, Loc]) -> list[Node]:
    nodes: list[Node] = []
    declared = {m.name for m in lang.models} | {o.name for o in lang.options}
    owners: list[Model | OptionClass] = [*lang.models, *lang.options]
    holders = {f.loc: item.name for item in owners for f in item.fields}
    for op in lang.operations:
        label = f"{op.service}.{op.name}" if op.service else op.name
        returned = [r for r in op.returns if not r.is_method and not _is_error(r.type)]
        node = Node(
            "operation",
            op.id or f"{op.service}.{op.key}",
            op.id or op.key,
            label,
            _op_attrs(
                op,
                label,
                _type_text(returned[0]) if returned else "",
                op.http.method if op.http else "",
                op.http.path if op.http else "",
            ),
            op.loc,
            attr_locs=_wire_locs(op.id, http),
        )
        for param in op.params:
            if not param.is_method:
                child = _ir_field("parameter", param, node.id, label, "input")
                if _declared_type(param.type, declared) or (
                    param.fields and all(f.loc in holders for f in param.fields)
                ):
                    child.children = []  # its fields are a declaration's (an option class), compared there
                    child.uses = tuple(sorted({holders[f.loc] for f in param.fields if f.loc in holders}))
                node.children.append(child)
        nodes.append(node)
    for kind, items in (("model", lang.models), ("options", lang.options)):
        for item in items:
            name = f"{item.qualifier}.{item.name}" if item.qualifier else item.name
            object_id = getattr(item, "id", None) or item.name
            node = Node(
                kind,
                f"{item.area}/{item.qualifier or ''}/{item.name}",
                object_id,
                name,
                {"kind": kind, "name": name, "base": item.base or "", "doc": item.description or ""},
                item.loc,
                alt=_alts(getattr(item, "id", None)),
                direction="input" if kind == "options" else "both",
            )
            node.children += [_ir_field("field", f, object_id, item.name) for f in item.fields if not f.is_method]
            nodes.append(node)
    for enum in lang.enums:
        name = f"{enum.qualifier}.{enum.name}" if enum.qualifier else enum.name
        node = Node(
            "enum",
            f"{enum.area}/{enum.qualifier or ''}/{enum.name}",
            enum.name,
            name,
            {"kind": "enum", "name": name, "doc": enum.description or ""},
            enum.loc,
        )
        node.children += [Node("value", v, enum.name, f"{enum.name}.{v}", {"name": v}, enum.loc) for v in enum.values]
        nodes.append(node)
    _directions(nodes)
    return nodes


def _ir_field(kind: str, f: Field, owner_id: str, owner: str, direction: str = "both") -> Node:
    label = f"{owner}({f.name})" if kind == "parameter" else f"{owner}.{f.name}"
    node = Node(
        kind,
        f.name,
        owner_id,
        label,
        {
            "name": f.name,
            "type": _type_text(f),
            "optional": _flag(f.optional),
            "wire": f.wire_name or "",
            "place": f.place or "",
            "doc": f.description or "",
        },
        f.loc,
        alt=_alts(f.wire_name, f),
        direction=direction,
    )
    # An inline object's keys travel with it: its fields are compared as its children.
    node.children += [
        _ir_field("field", child, owner_id, label, direction) for child in f.fields if not child.is_method
    ]
    return node


def _declared_type(expr: TypeExpr | None, declared: set[str]) -> bool:
    """Whether ``expr`` (under lists and nullables) names a model or option class of the language."""
    while isinstance(expr, (Nullable, ListOf)):
        expr = expr.inner if isinstance(expr, Nullable) else expr.item
    return isinstance(expr, Named) and expr.name in declared


def _alts(first: str | None, ir: Field | None = None) -> tuple[str, ...]:
    """The second join keys of a node: a wire name (or object id), and the description reference
    of the field it comes from (the docs' own join key across languages)."""
    found = [f"wire:{first}"] if first else []
    if ir is not None and ir.doc_key:
        found.append(f"doc:{ir.doc_key}")
    return tuple(found)


def _flag(value: bool) -> str:
    return "optional" if value else "required"


def _is_error(expr: TypeExpr | None) -> bool:
    return isinstance(expr, Named) and expr.name == "error" and not expr.qualifier


def _type_text(f: Field) -> str:
    return (f.type_text or _expr_text(f.type)).strip()


def _expr_text(expr: TypeExpr | None) -> str:
    if expr is None:
        return ""
    if isinstance(expr, Prim):
        return expr.name
    if isinstance(expr, Named):
        name = f"{expr.qualifier}.{expr.name}" if expr.qualifier else expr.name
        return f"{name}<{', '.join(_expr_text(a) for a in expr.args)}>" if expr.args else name
    if isinstance(expr, ListOf):
        return f"{_expr_text(expr.item)}[]"
    if isinstance(expr, MapOf):
        return f"map<{_expr_text(expr.key)}, {_expr_text(expr.value)}>"
    if isinstance(expr, LiteralOf):
        return " | ".join(f'"{v}"' for v in expr.values)
    if isinstance(expr, UnionOf):
        return " | ".join(_expr_text(o) for o in expr.options)
    if isinstance(expr, Nullable):
        return f"{_expr_text(expr.inner)} | null"
    return ""


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _directions(nodes: list[Node]) -> None:
    """Whether each declaration is sent (a parameter's type, or reached from one), received (a
    result's, or reached from one), or both: a new required field breaks only what is sent."""
    decls = [n for n in nodes if n.kind in DECLS]
    by_word: dict[str, list[Node]] = {}
    for decl in decls:
        by_word.setdefault(decl.attrs["name"].rsplit(".", 1)[-1], []).append(decl)

    def reach(texts: Iterable[str]) -> set[int]:
        seen: set[int] = set()
        stack = list(texts)
        while stack:
            for word in _WORD.findall(stack.pop()):
                for decl in by_word.get(word, ()):
                    if id(decl) not in seen:
                        seen.add(id(decl))
                        stack += [c.attrs.get("type", "") for c in decl.children]
        return seen

    ops = [n for n in nodes if n.kind == "operation"]
    for decl in decls:  # an option class or inline object of one operation: its changes are that operation's
        if decl.kind in ("options", "inline") and not any(a.startswith("wire:") for a in decl.alt):
            word = decl.attrs["name"].rsplit(".", 1)[-1]
            users = {
                op.id
                for op in ops
                for c in op.children
                if word in _WORD.findall(c.attrs.get("type", "")) or word in c.uses
            }
            if len(users) == 1:
                decl.id = next(iter(users))
                for child in decl.children:
                    child.id = decl.id
    sent = reach(c.attrs.get("type", "") for op in ops for c in op.children)
    received = reach(op.attrs.get("result", "") for op in ops)
    for decl in decls:
        if decl.kind == "options" or (id(decl) in sent and id(decl) not in received):
            decl.direction = "input"
        elif id(decl) in received and id(decl) not in sent:
            decl.direction = "output"
        for child in decl.children:
            child.direction = decl.direction


# --- comparing ----------------------------------------------------------------------------------


class _Compare:
    def __init__(self, show_old: Any, show_new: Any) -> None:
        self.show_old, self.show_new = show_old, show_new
        self.changes: list[Change] = []
        self.renamed: dict[str, str] = {}  # spelled declaration names, old -> new

    def run(self, old: list[Node], new: list[Node]) -> list[Change]:
        pairs, removed, added = _match(old, new)
        # Declarations first: a renamed one is then not reported again as every type naming it.
        for o, n in pairs:
            if o.kind in DECLS and o.attrs.get("name") != n.attrs.get("name"):
                self.renamed[o.attrs["name"]] = n.attrs["name"]
                self.renamed[o.attrs["name"].rsplit(".", 1)[-1]] = n.attrs["name"].rsplit(".", 1)[-1]
        self.lists(pairs, removed, added)
        return self.changes

    def lists(self, pairs: list[tuple[Node, Node]], removed: list[Node], added: list[Node]) -> None:
        for o in removed:
            self.add_removed(o)
        for n in added:
            self.add_added(n)
        for o, n in pairs:
            self.pair(o, n)

    def where(self, o: Node | None, n: Node | None, attr: str = "") -> tuple[str | None, str | None]:
        old_loc = (o.attr_locs.get(attr) or o.loc) if o else None
        new_loc = (n.attr_locs.get(attr) or n.loc) if n else None
        return self.show_old(old_loc), self.show_new(new_loc)

    def emit(
        self,
        kind: str,
        node: Node,
        breaking: bool,
        message: str,
        where: tuple[str | None, str | None],
        *,
        wire: bool = False,
        doc: bool = False,
    ) -> None:
        self.changes.append(Change(kind, node.id, node.label, breaking, message, *where, wire=wire, doc=doc))

    def add_removed(self, o: Node) -> None:
        what = WHAT[o.kind]
        self.emit(f"{what}-removed", o, True, f"{what} {o.label}{_value(o)} removed", self.where(o, None))

    def add_added(self, n: Node) -> None:
        what = WHAT[n.kind]
        required = n.attrs.get("optional") == "required"
        # A value the caller must now give breaks every call; anything else is an addition.
        sent = n.kind == "parameter" or (n.kind == "field" and n.direction != "output")
        breaking = sent and required
        text = f"{what} {n.label}{_value(n)} added"
        if n.kind in ("parameter", "field"):
            text = f"{'required' if required else 'optional'} {text}"
        if breaking:
            text += ": every call must now give it"
        self.emit(f"{what}-added", n, breaking, text, self.where(None, n))

    def pair(self, o: Node, n: Node) -> None:
        what = WHAT[o.kind]
        for attr in ATTRS:
            before, after = o.attrs.get(attr), n.attrs.get(attr)
            if before is None or after is None or before == after:
                continue
            if attr in ("type", "result", "base") and self.rename_types(before) == after:
                continue  # names a renamed declaration, reported once as its rename
            if attr == "type" and o.attrs.get("optional") != n.attrs.get("optional") and _same_core(before, after):
                continue  # Optional[str] -> str: the optionality change says it
            if attr == "place" and o.attrs.get("wire") != n.attrs.get("wire"):
                continue  # said with the wire name's change
            self.attribute(what, attr, o, n, before, after)
        pairs, removed, added = _match(o.children, n.children)
        self.lists(pairs, removed, added)

    def rename_types(self, text: str) -> str:
        return _WORD.sub(lambda m: self.renamed.get(m.group(0), m.group(0)), text) if self.renamed else text

    def attribute(self, what: str, attr: str, o: Node, n: Node, before: str, after: str) -> None:  # noqa: PLR0917
        where = self.where(o, n, attr)
        subject = n.label
        if attr == "doc":
            self.emit("doc-changed", n, False, f"the documentation of {subject} changed", where, doc=True)
        elif attr == "name":
            self.emit(f"{what}-renamed", n, True, f"{what} {o.label} renamed to {n.label}", where)
        elif attr == "kind":
            breaking = before != "standin"
            message = f"{subject} is now declared as {WHAT[after]} (was {WHAT[before]})"
            self.emit(f"{what}-kind-changed", n, breaking, message, where)
        elif attr == "path":
            message = f"{subject}: the request path changed from {before or '(none)'} to {after or '(none)'}"
            self.emit("path-changed", n, True, message + " (breaking on the wire)", where, wire=True)
        elif attr == "http_method":
            message = f"{subject}: the HTTP method changed from {before or '(none)'} to {after or '(none)'}"
            self.emit("http-method-changed", n, True, message + " (breaking on the wire)", where, wire=True)
        elif attr == "wire":
            message = f"{subject}: the wire name changed from '{before}' to '{after}'"
            if not before:
                message = f"{subject} is now sent as '{after}'"
            elif not after:
                message = f"{subject} (wire '{before}') no longer matches a wire name: it is not sent"
            self.emit("wire-name-changed", n, True, message + " (breaking on the wire)", where, wire=True)
        elif attr == "place":
            message = f"{subject} now travels in the {after} (was the {before})"
            if not after:
                message = f"{subject} is no longer sent (was the {before})"
            self.emit("wire-place-changed", n, True, message + " (breaking on the wire)", where, wire=True)
        elif attr == "type" and _literals(before) is not None and _literals(after) is not None:
            self.values(o, n, before, after, where)
        elif attr in ("type", "result", "base"):
            noun = {"type": "type", "result": "result type", "base": "base class"}[attr]
            message = f"{subject}: the {noun} changed from {before or '(none)'} to {after or '(none)'}"
            self.emit(f"{attr if attr != 'result' else 'result-type'}-changed", n, True, message, where)
        elif attr == "optional":
            self.optional(what, o, n, after == "optional", where)

    def values(self, o: Node, n: Node, before: str, after: str, where: tuple[str | None, str | None]) -> None:
        """A closed set of literal values written inline (``"totp" | "sms"``) that changed: as an
        enum's values, an added value is an addition and a removed one breaks."""
        old_values, new_values = _literals(before) or (), _literals(after) or ()
        added = [v for v in new_values if v not in old_values]
        removed = [v for v in old_values if v not in new_values]
        for value in added:
            self.emit("enum-value-added", n, False, f"{n.label} now also allows '{value}'", where)
        for value in removed:
            self.emit("enum-value-removed", n, True, f"{n.label} no longer allows '{value}'", where)
        if not added and not removed:
            self.emit("type-changed", n, True, f"{n.label}: the type changed from {before} to {after}", where)

    def optional(self, what: str, o: Node, n: Node, now_optional: bool, where: tuple[str | None, str | None]) -> None:
        direction = "input" if o.kind == "parameter" else n.direction
        if now_optional:
            # Sent: a caller may now leave it out (fine). Received: it may now be missing.
            breaking = direction != "input"
            tail = "; it may now be absent in what the API returns" if breaking else ""
            message = f"{what} {n.label} is now optional{tail}"
        else:
            breaking = direction != "output"
            tail = ": every call must now give it" if breaking else ""
            message = f"{what} {n.label} is now required{tail}"
        self.emit("optionality-changed", n, breaking, message, where)


def _value(node: Node) -> str:
    """The wire value of an enum constant a language spells otherwise (Ruby's ``VOICE`` is
    ``'voice'``), for its messages; empty for anything else."""
    if node.kind != "value" or node.attrs.get("name") == node.key:
        return ""
    return f" ('{node.key}')"


# Words that only say a type may be absent, in the languages' spellings.
_OPTIONAL_WORDS = {"Optional", "None", "null", "nil", "undefined", "Nullable", "Option", "Maybe"}


def _same_core(before: str, after: str) -> bool:
    """Whether two spellings of a type differ only in saying it may be absent."""

    def core(text: str) -> list[str]:
        return [w for w in _WORD.findall(text) if w not in _OPTIONAL_WORDS]

    return core(before) == core(after)


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')
# Words a type spelling of literal values may hold besides the values (Python's Literal[...]).
_LITERAL_WORDS = {"Literal", *_OPTIONAL_WORDS}


def _literals(text: str) -> tuple[str, ...] | None:
    """The values of a type spelled as literal values only (``"totp" | "sms"``,
    ``Literal["totp", "sms"]``); None for any other type."""
    values = tuple(a or b for a, b in _QUOTED.findall(text))
    rest = _QUOTED.sub(" ", text)
    if not values or any(w not in _LITERAL_WORDS for w in _WORD.findall(rest)):
        return None
    return values


def _match(old: list[Node], new: list[Node]) -> tuple[list[tuple[Node, Node]], list[Node], list[Node]]:
    """Pairs by key and ``near``, then by key alone (siblings of one key in their order), then the
    rest by ``alt`` (a renamed parameter keeps its wire name, a renamed model its object id); what
    is left was removed or added."""
    pairs: list[tuple[Node, Node]] = []
    taken: set[int] = set()
    left_old = old
    for joined in (lambda n: (n.kind in DECLS, n.key, n.near), lambda n: (n.kind in DECLS, n.key)):
        by_key: dict[tuple[object, ...], list[Node]] = {}
        for n in new:
            if id(n) not in taken:
                by_key.setdefault(joined(n), []).append(n)
        unpaired = []
        for o in left_old:
            candidates = by_key.get(joined(o))
            if candidates:
                n = candidates.pop(0)
                pairs.append((o, n))
                taken.add(id(n))
            else:
                unpaired.append(o)
        left_old = unpaired
    place = {id(o): index for index, o in enumerate(old)}
    pairs.sort(key=lambda pair: place[id(pair[0])])  # in OLD's order, whichever pass paired them
    left_new = [n for n in new if id(n) not in taken]
    removed = []
    for o in left_old:
        for alt in o.alt:
            candidates = [n for n in left_new if alt in n.alt and (n.kind in DECLS) == (o.kind in DECLS)]
            if len(candidates) == 1:
                pairs.append((o, candidates[0]))
                left_new.remove(candidates[0])
                break
        else:
            removed.append(o)
    return pairs, removed, left_new


# --- the whole report ---------------------------------------------------------------------------


def compare(  # noqa: PLR0917 - the two sides, and how each shows a position
    old: API,
    new: API,
    emitters: dict[str, object],
    show_old: Any,
    show_new: Any,
    labels: tuple[str, str],
) -> Report:
    """The changes of every language in ``emitters`` (language -> its emitter; renders are
    stateless, so one emitter plans both sides). ``show_old``/``show_new`` turn a position of
    each side into the ``file:line`` reported (or None)."""
    report = Report(*labels)
    for language, emitter in emitters.items():
        before, source = surface(language, old, emitter)
        after, _ = surface(language, new, emitter)
        changes = _Compare(show_old, show_new).run(before, after)
        changes.sort(key=lambda c: (not c.breaking, c.doc, c.new or c.old or "", c.kind, c.subject))
        report.languages[language] = LanguageDiff(language, source, changes)
    return report


def json_report(report: Report) -> str:
    data = {
        "languages": {
            language: {"bump": diff.bump, "changes": [c.to_json() for c in diff.changes]}
            for language, diff in report.languages.items()
        }
    }
    return json.dumps(data, indent=2) + "\n"


def _places(change: Change) -> str:
    if change.old and change.new:
        return change.old if change.old == change.new else f"{change.old} -> {change.new}"
    return f"was {change.old}" if change.old else (change.new or "")


def text_report(report: Report) -> str:
    """A changelog a person reads: per language its bump, then its changes, breaking first."""
    lines = [f"codegen diff {report.old_label} -> {report.new_label}"]
    for language, diff in report.languages.items():
        lines += ["", f"{language}: {diff.bump} ({_counts(diff)})"]
        for change in diff.changes:
            mark = "!" if change.breaking else ("~" if change.doc else "+")
            lines.append(f"  {mark} {change.message} [{change.kind}] ({_places(change)})")
    bumps = ", ".join(f"{language} {diff.bump}" for language, diff in report.languages.items())
    lines += ["", f"suggested bumps: {bumps}"]
    return "\n".join(lines) + "\n"


def _counts(diff: LanguageDiff) -> str:
    breaking = sum(c.breaking for c in diff.changes)
    docs = sum(c.doc for c in diff.changes)
    other = len(diff.changes) - breaking - docs
    parts = [f"{breaking} breaking"] if breaking else []
    parts += [f"{other} other"] if other else []
    parts += [f"{docs} doc"] if docs else []
    return ", ".join(parts) or "no change"


def markdown_report(report: Report) -> str:
    """For CHANGELOG.md and pull-request comments."""
    md = _md_code
    lines = [f"## Changes from {md(report.old_label)} to {md(report.new_label)}", ""]
    lines += ["| language | bump | breaking | other |", "|---|---|---|---|"]
    for language, diff in report.languages.items():
        breaking = sum(c.breaking for c in diff.changes)
        lines.append(f"| {language} | **{diff.bump}** | {breaking} | {len(diff.changes) - breaking} |")
    for language, diff in report.languages.items():
        if not diff.changes:
            continue
        lines += ["", f"### {language}: {diff.bump}"]
        for title, chosen in (
            ("Breaking", [c for c in diff.changes if c.breaking]),
            ("Other changes", [c for c in diff.changes if not c.breaking and not c.doc]),
            ("Documentation", [c for c in diff.changes if c.doc]),
        ):
            if chosen:
                lines += ["", f"**{title}**", ""]
                lines += [f"- {_md_text(c.message)} ({_md_places(c)})" for c in chosen]
    unchanged = [language for language, diff in report.languages.items() if not diff.changes]
    if unchanged:
        lines += ["", f"No change: {', '.join(unchanged)}."]
    return "\n".join(lines) + "\n"


def _md_code(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_text(text: str) -> str:
    """Docs text in Markdown: nothing in it becomes markup, a link or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_places(change: Change) -> str:
    if change.old and change.new and change.old != change.new:
        return f"{_md_code(change.old)} → {_md_code(change.new)}"
    if change.old and not change.new:
        return f"was {_md_code(change.old)}"
    return _md_code(change.new or change.old or "")
