"""Resolve every ``( )`` reference of a tree of pages into one immutable :class:`~codegen.ir.API`.

Descriptions are global across the tree; entries are per language, looked up
by key (the nearest page wins when a key repeats), then ``Key.prop``. The HTTP
reference's parameters (the entries of the language whose policy says ``http_reference``)
give each language field its wire name through the description reference they share.

Limits against hostile input, each far above the bundled corpus (names of at most 58
characters, fields nested 4 deep, about 6,200 fields in all languages):

- a name the docs give (entry keys, field keys, method, service and class names in
  titles, option class names made from them, names in type strings) is at most
  :data:`~codegen.types.MAX_NAME_LENGTH` (128) characters: generated files are named
  after them (snake-cased, with suffixes), and the system refuses file names over 255
  bytes (the output stage checks the final names too);
- fields nest at most :data:`MAX_FIELD_DEPTH` levels, counting those that references
  bring in (a chain of references is otherwise only bounded by the number of entries);
- a run links at most ``max_fields`` fields (default :data:`MAX_FIELDS`; ``max_fields`` in
  the config), all languages together (references repeated inside the properties they refer
  to multiply, like YAML aliases);
- "did you mean" hints stop after :data:`MAX_HINT_COMPARISONS` candidate comparisons
  in a run, so thousands of dangling references against thousands of keys stay fast.

Each is an error at the position where it is crossed. Lookups are by index, so linking
stays linear in the size of the input (the same key on every page, one model merged
from thousands of pages).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

from . import enums, objects, wire
from .diagnostics import Diagnostics, did_you_mean
from .ir import API, LanguageAPI
from .link.descriptions import REFERENCE, Descriptions, ref_name
from .link.entries import MAX_FIELD_DEPTH, MAX_FIELDS, _Language, _Where
from .loader import RawPage
from .naming import normalized
from .policy import LanguagePolicy, http_reference
from .spec import Page, SpecEntry, nested_items, validate_page
from .types import BUILT_IN_WORDS, MAX_BUILT_IN_LIKE, MAX_NAME_LENGTH, built_in_like

__all__ = ["MAX_FIELDS", "MAX_FIELD_DEPTH", "REFERENCE", "Linker", "link_each", "link_pages"]

# 230 in the corpus; one comparison of similar names costs up to ~60 us (difflib).
MAX_HINT_COMPARISONS = 100_000

# A step after linking (``[tool.codegen.openapi] wire = "api"``, codegen.openapi.follow): given the
# HTTP reference and its calls (and the run's diagnostics), the rewrite applied to each linked language.
Follow = Callable[[LanguageAPI, wire.WireIndex, Diagnostics], Callable[[LanguageAPI], LanguageAPI]]


class Linker:
    """Links pages for ``languages``, knowing each language by its ``policies``
    (the keys are every language the format knows; entries of others are reported and skipped).
    ``also``: languages linked and given too, their diagnostics not reported."""

    def __init__(
        self,
        diags: Diagnostics,
        languages: Iterable[str],
        policies: Mapping[str, LanguagePolicy],
        follow: Follow | None = None,
        *,
        max_fields: int = MAX_FIELDS,
        also: Iterable[str] = (),
    ) -> None:
        self.diags = diags
        self.max_fields = max_fields
        self.follow = follow
        self.policies = policies
        self.known = tuple(policies)
        # The language whose entries are the HTTP reference, if any (its policy says so).
        self.reference = http_reference(policies)
        self.languages = tuple(language for language in languages if language in policies)
        self.also = frozenset(language for language in also if language in policies)
        self.descriptions = Descriptions()
        self.wire_names: dict[str, str] = {}
        self._description_names: dict[str, set[str]] | None = None
        self.hint_budget = MAX_HINT_COMPARISONS
        self.fields_made = 0
        # The objects some page defines (the index of objects, once made): a name among them is
        # a docs gap of one language, not a misspelled built-in type.
        self.objects: objects.ObjectIndex | None = None
        self._misspelled: dict[str, str | None] = {}  # misspelled_built_in's answers, by name

    def hint(self, wanted: str, candidates: Iterable[str]) -> str | None:
        """A 'did you mean' hint, while the run's budget of comparisons lasts."""
        names = set(candidates)
        self.hint_budget -= len(names)
        if self.hint_budget < 0 or len(wanted) > MAX_NAME_LENGTH:
            return None
        return did_you_mean(wanted, names)

    def misspelled_built_in(self, name: str) -> str | None:
        """The built-in type a name no page of a language defines looks like a typo of (``Strng``:
        ``String``), while the run's budget of comparisons lasts; None when it is like none, or
        names an object some page defines."""
        known = self.objects
        if known is not None and (normalized(name) in known.ids_by_name or normalized(name) in known.inline):
            return None
        if name in self._misspelled:
            return self._misspelled[name]
        if len(name) > MAX_BUILT_IN_LIKE or self.hint_budget < 0:
            return None
        self.hint_budget -= len(BUILT_IN_WORDS)  # once a name: each is compared once
        found = self._misspelled[name] = built_in_like(name)
        return found

    def description_names(self, near: str) -> set[str]:
        """Candidates for a 'did you mean': the paths under the same top key, else all."""
        if self._description_names is None:
            self._description_names = defaultdict(set)
            for path in self.descriptions.texts:
                self._description_names[path.partition(".")[0]].add(path)
        return self._description_names.get(near.partition(".")[0]) or set(self.descriptions.texts)

    def link(self, pages: list[Page]) -> API:
        linked = dict(self.link_each(pages))
        return API(languages={language: linked[language] for language in self.known if language in linked})

    def link_each(self, pages: list[Page], *, consume: bool = False) -> Iterator[tuple[str, LanguageAPI]]:
        """Each language's IR as soon as it is linked (in the order they are linked: see below).

        ``consume``: each language's entries are taken out of the pages when it links, so they
        are let go once it is linked (the pages cannot be linked again)."""
        for page in pages:
            self.descriptions.add(page, self.diags)
        present: set[str] = set()  # the languages the pages have entries of
        reported_unknown: set[str] = set()
        for page in pages:
            for language in page.spec.reference:
                if language in self.policies:
                    present.add(language)
                elif language not in reported_unknown:
                    reported_unknown.add(language)
                    self.diags.warning(
                        page.source.key_at(("reference", language)),
                        f"unknown language '{language}'; its entries are skipped",
                        did_you_mean(language, set(self.known)) or f"known languages: {', '.join(self.known)}",
                        code="unknown-language",
                    )
        reference = self.reference
        http_entries = _entries_of(pages, reference) if reference is not None and reference in present else []
        self.wire_names = self._wire_names(http_entries)
        # The HTTP reference is linked first: every language's operations join it (codegen.wire).
        http_api: LanguageAPI | None = None
        if reference is not None and reference in present:
            wanted = reference in self.languages
            saved, self.diags = self.diags, (self.diags if wanted else Diagnostics())
            try:  # not asked for: its own diagnostics are not this run's business
                http_api = self._language(reference, http_entries).link(http_entries)
            finally:
                self.diags = saved
        del http_entries
        others = (
            entry
            for page in pages
            for language, found in page.spec.reference.items()
            if language != reference and language in present
            for entry in found
        )
        http = wire.index(http_api, frozenset(self.known), wire.optional_keys(others))
        rewrite = self.follow(http_api, http, self.diags) if self.follow is not None and http_api is not None else _same
        values = enums.catalogue(pages, self.policies)
        known = self.objects = objects.index(pages, http_api)
        if consume and reference is not None:  # the catalogue and the index read every language's
            for page in pages:
                page.spec.reference.pop(reference, None)
        # A language's model may take objects another one, linked before it, declares inline
        # (``known.remember``), so it must not depend on which languages a run names, nor on the
        # registry's order: the languages link in one order, and every language before one a run
        # asks for is linked, whether asked for or not. The HTTP reference comes first; then, by
        # name, the languages whose inline objects become models (the donors); then, by name,
        # those that declare inline objects themselves. Those not asked for are linked quietly and
        # not yielded; those after the last one asked for are not linked at all (nothing a
        # language linked later does reaches an earlier one: a narrowed run does less, the same).
        # A language's entries, and what linking them remembers, are gathered when it links and
        # let go once it is linked.
        for language in self._link_order(present, reference):
            wanted = language in self.languages
            saved, self.diags = self.diags, (self.diags if wanted else Diagnostics())
            try:
                if language == reference and http_api is not None:
                    linked = http_api
                else:
                    found = _entries_of(pages, language, consume)
                    linked = self._language(language, found).link(found)
                    del found
                linked = rewrite(self._complete(linked, self.policies[language], known, http, values))
            finally:
                self.diags = saved
            known.remember(linked)
            if wanted or language in self.also:
                yield language, linked
            del linked  # not held while the next language links
            if language == reference:
                http_api = None  # the languages after it need only what ``http`` and ``known`` keep

    def _language(self, language: str, found: list[tuple[_Where, SpecEntry]]) -> _Language:
        """The linker of one language's entries, ``found`` (:func:`_entries_of`)."""
        lang = _Language(language, self, self.policies[language])
        for where, entry in found:
            lang.by_key[entry.key].append((where, entry))
        return lang

    def _link_order(self, present: set[str], reference: str | None) -> list[str]:
        """The languages of ``present`` to link, in order: up to the last one the run asks for
        (or gives back quietly: ``also``)."""
        ranked = sorted(present, key=lambda name: self._link_rank(name, reference))
        asked = [place for place, name in enumerate(ranked) if name in self.languages or name in self.also]
        return ranked[: max(asked, default=-1) + 1]

    def _link_rank(self, language: str, reference: str | None) -> tuple[bool, bool, str]:
        return (language != reference, self.policies[language].declares_inline_objects, language)

    def _complete(
        self,
        linked: LanguageAPI,
        policy: LanguagePolicy,
        known: objects.ObjectIndex,
        http: wire.WireIndex,
        values: enums.Catalogue,
    ) -> LanguageAPI:
        """A language's own model joined to the shared facts: objects, the wire, then enums."""
        linked = objects.typed_lists(linked, known)
        linked = objects.resolve(linked, known, policy.builtin_types)
        linked = wire.attach(linked, http, self.diags)
        if policy.enum_style != "none":  # after the wire: a field's wire name can find its values
            linked = enums.apply(linked, values, named=policy.enum_style == "named", builtins=policy.builtin_types)
        return linked

    @staticmethod
    def _wire_names(http_entries: list[tuple[_Where, SpecEntry]]) -> dict[str, str]:
        """Description reference -> the HTTP reference's parameter key, where that is unambiguous."""
        names: dict[str, set[str]] = defaultdict(set)
        for _, entry in http_entries:
            for item in (*nested_items(entry.parameters), *nested_items(entry.properties)):
                ref = ref_name(item.description or "")
                if ref:
                    names[ref].add(item.key)
        return {ref: next(iter(keys)) for ref, keys in names.items() if len(keys) == 1}


def _same(api: LanguageAPI) -> LanguageAPI:
    return api


def link_pages(
    raw_pages: list[RawPage],
    diags: Diagnostics,
    languages: Iterable[str],
    policies: Mapping[str, LanguagePolicy],
    follow: Follow | None = None,
    *,
    max_fields: int = MAX_FIELDS,
    also: Iterable[str] = (),
) -> API:
    linker = Linker(diags, languages, policies, follow, max_fields=max_fields, also=also)
    return linker.link(validated(raw_pages, diags))


def link_each(
    pages: list[Page],
    diags: Diagnostics,
    languages: Iterable[str],
    policies: Mapping[str, LanguagePolicy],
    follow: Follow | None = None,
    *,
    max_fields: int = MAX_FIELDS,
    consume: bool = False,
) -> Iterator[tuple[str, LanguageAPI]]:
    """Each language's IR of the (:func:`validated`) ``pages``, as soon as it is linked (so a
    caller can start on it); ``consume``: see :meth:`Linker.link_each`."""
    return Linker(diags, languages, policies, follow, max_fields=max_fields).link_each(pages, consume=consume)


def validated(raw_pages: Iterable[RawPage], diags: Diagnostics) -> list[Page]:
    """The pages that are valid (codegen.spec.validate_page; the others are reported), each
    validated as it comes: so pages read one at a time, or taken out of a list one at a time
    (:func:`taken`), are let go while the next ones are validated."""
    return [p for p in (validate_page(raw, diags) for raw in raw_pages) if p is not None]


def taken(raw_pages: list[RawPage]) -> Iterator[RawPage]:
    """The pages of ``raw_pages`` in order, each taken out of it as it is asked for (the list is
    left empty): none is held by the list once it is done with."""
    raw_pages.reverse()
    while raw_pages:
        yield raw_pages.pop()


def _entries_of(pages: list[Page], language: str, consume: bool = False) -> list[tuple[_Where, SpecEntry]]:
    """Every entry ``language`` has on ``pages``, in order, with where it is (``consume``: taken
    out of the pages)."""
    empty: list[SpecEntry] = []
    return [
        (_Where(page, ("reference", language, index)), entry)
        for page in pages
        for index, entry in enumerate(
            page.spec.reference.pop(language, empty) if consume else page.spec.reference.get(language, empty)
        )
    ]
