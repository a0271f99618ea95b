"""Bases-first order of declarations, for a language whose file defines a class only after its
base class (Ruby); cycles in the docs are broken at the edge that closes them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def bases_first(items: Iterable[T], key: Callable[[T], K], base: Callable[[T], K | None]) -> list[T]:
    """``items`` in the order they came, except that an item's base (when it is one of ``items``)
    comes before it. A cycle in the docs is broken where it closes: the item that would close it
    is placed after the items that led to it, its base edge ignored (``broken_bases`` names it).
    Callers sort ``items`` first (by name, usually) for a deterministic file."""
    listed = list(items)
    by_key = {key(item): item for item in listed}
    ordered: list[T] = []
    placed: set[K] = set()
    for item in listed:
        # The item and its bases not yet placed, up to the first that is placed, is no item's,
        # or would close a cycle; then placed from the top base down.
        chain: list[T] = []
        trail: set[K] = set()
        current: T | None = item
        while current is not None and key(current) not in placed:
            chain.append(current)
            trail.add(key(current))
            parent = base(current)
            current = by_key[parent] if parent is not None and parent in by_key and parent not in trail else None
        for found in reversed(chain):
            placed.add(key(found))
            ordered.append(found)
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
