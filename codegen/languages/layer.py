"""The planning every emitter needs, written once: grouping by area, bases-first order, and the
import table of one generated file. Languages configure them with their own naming functions
and clash policy; none of these keep state beyond the one file or render they are made for.

(Unique names of one scope live in :class:`codegen.naming.UniqueNames`.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def by_area(items: Iterable[T], area: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` grouped by ``area(item)``: areas sorted, items in the order they came."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[area(item)].append(item)
    return dict(sorted(groups.items()))


def bases_first(items: Iterable[T], key: Callable[[T], K], base: Callable[[T], K | None]) -> list[T]:
    """``items`` in the order they came, except that an item's base (when it is one of ``items``)
    comes before it. A cycle in the docs is broken where it closes: the item that would close it
    is placed after the items that led to it, its base edge ignored (``broken_bases`` names it).
    Callers sort ``items`` first (by name, usually) for a deterministic file."""
    listed = list(items)
    by_key = {key(item): item for item in listed}
    ordered: list[T] = []
    placed: set[K] = set()

    def place(item: T, trail: frozenset[K]) -> None:
        own = key(item)
        if own in placed:
            return
        parent = base(item)
        if parent is not None and parent in by_key and parent not in trail and parent != own:
            place(by_key[parent], trail | {own})
        if own not in placed:
            placed.add(own)
            ordered.append(item)

    for item in listed:
        place(item, frozenset())
    return ordered


def broken_bases(items: Iterable[T], key: Callable[[T], K], base: Callable[[T], K | None]) -> set[K]:
    """The keys of the items whose base edge closes a cycle (``A`` extends ``B`` extends ``A``):
    the language cannot declare them as documented; callers drop the base and say so."""
    listed = list(items)
    bases = {key(item): base(item) for item in listed}
    broken: set[K] = set()
    done: set[K] = set()
    for start in bases:
        trail: list[K] = []
        node: K | None = start
        while node is not None and node in bases and node not in done and node not in trail:
            trail.append(node)
            node = bases[node]
        if node is not None and node in trail:  # the cycle closes at ``node``: break its last edge
            broken.add(trail[-1])
        done.update(trail)
    return broken


Kind = Literal["type", "value"]


class ImportTable(Generic[K]):
    """What one generated file imports, each under a local name no declaration of the file and no
    other import takes. ``source`` is what the language imports from (a module, a package, a
    namespace); ``name`` what it exports. On a clash the import is aliased (``alias_hint``, then
    ``number(alias_hint, 2)``, ``3``... until free; by default ``_`` appended), or, with
    ``qualify``, written by its qualified name instead of imported (Java, C#). ``fold`` compares
    names the way the language does (PHP class names: case-insensitively).

    ``kind`` keeps separate lists for languages that import types and values apart
    (TypeScript ``import type``)."""

    def __init__(
        self,
        taken: Iterable[str] = (),
        *,
        qualify: Callable[[K, str], str] | None = None,
        implicit: Callable[[K], bool] = lambda source: False,
        fold: Callable[[str], str] = str,
        number: Callable[[str, int], str] | None = None,
    ) -> None:
        self.fold = fold
        self.taken: set[str] = {fold(name) for name in taken}
        self.qualify = qualify
        self.number = number
        # Sources whose names need no import line (the file's own package, java.lang), unless aliased.
        self.implicit = implicit
        self._local: dict[tuple[Kind, K, str], str] = {}
        self._owner: dict[str, tuple[K, str]] = {}  # folded local name -> what it refers to

    def declare(self, name: str, source: K | None = None) -> str:
        """A name the file itself declares (or, with ``source``, one it may use unimported, such
        as its own package's): imports keep away from it; a reference to it is the name itself."""
        self.taken.add(self.fold(name))
        if source is not None:
            self._owner.setdefault(self.fold(name), (source, name))
        return name

    def _free(self, name: str) -> bool:
        return self.fold(name) not in self.taken and self.fold(name) not in self._owner

    def ref(self, source: K, name: str, alias_hint: str | None = None, kind: Kind = "type") -> str:
        """The local name under which the file refers to ``name`` of ``source`` (imported once)."""
        found = self._local.get((kind, source, name))
        if found is not None:
            return found
        owner = self._owner.get(self.fold(name))
        if owner == (source, name) or (owner is None and self.fold(name) not in self.taken):
            local = name
        elif self.qualify is not None:
            return self.qualify(source, name)
        else:
            hint = alias_hint or name
            local, count = hint, 2
            while not self._free(local):
                local = self.number(hint, count) if self.number else local + "_"
                count += 1
        self._owner.setdefault(self.fold(local), (source, name))
        self._local[(kind, source, name)] = local
        return local

    def imports(self, kind: Kind = "type") -> list[tuple[K, list[tuple[str, str]]]]:
        """``[(source, [(name, local), ...]), ...]``: sources and names sorted; names of implicit
        sources left out unless they are aliased."""
        grouped: dict[K, list[tuple[str, str]]] = defaultdict(list)
        for (k, source, name), local in self._local.items():
            if k == kind and not (self.implicit(source) and local == name):
                grouped[source].append((name, local))
        return [(source, sorted(names)) for source, names in sorted(grouped.items(), key=lambda kv: str(kv[0]))]
