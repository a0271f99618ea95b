"""Bases-first order (codegen.languages.layer)."""

from codegen.languages.layer import bases_first, broken_bases


def test_bases_first_places_a_base_before_its_subclasses_and_keeps_the_rest_in_order():
    classes = {"A": "C", "B": None, "C": "B", "D": "Elsewhere"}
    ordered = bases_first(sorted(classes), key=lambda n: n, base=classes.get)
    assert ordered == ["B", "C", "A", "D"]


def test_bases_first_survives_a_cycle_and_broken_bases_names_the_edge_that_closes_it():
    classes = {"A": "B", "B": "A", "C": None}
    ordered = bases_first(sorted(classes), key=lambda n: n, base=classes.get)
    assert sorted(ordered) == ["A", "B", "C"] and len(ordered) == 3
    assert broken_bases(sorted(classes), key=lambda n: n, base=classes.get) == {"B"}
    assert broken_bases(["X"], key=lambda n: n, base=lambda n: "X") == {"X"}
    assert broken_bases(["A", "B"], key=lambda n: n, base={"A": "B", "B": None}.get) == set()


def _recursive_bases_first(items, key, base):
    """The order as the definition reads: place an item's base (unless it closes a cycle), then it."""
    by_key = {key(item): item for item in items}
    ordered, placed = [], set()

    def place(item, trail):
        own = key(item)
        if own in placed:
            return
        parent = base(item)
        if parent is not None and parent in by_key and parent not in trail and parent != own:
            place(by_key[parent], trail | {own})
        if own not in placed:
            placed.add(own)
            ordered.append(item)

    for item in items:
        place(item, frozenset())
    return ordered


def test_bases_first_orders_as_the_recursive_definition_does():
    """Chains, cycles of every length, self-bases and bases outside the items, at random."""
    import random

    rng = random.Random(3)
    for _ in range(500):
        names = [f"C{i}" for i in range(rng.randint(1, 12))]
        classes = {n: rng.choice([*names, None, "Elsewhere"]) for n in names}
        items = rng.sample(names, len(names))
        expected = _recursive_bases_first(items, key=lambda n: n, base=classes.get)
        assert bases_first(items, key=lambda n: n, base=classes.get) == expected, classes
