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
