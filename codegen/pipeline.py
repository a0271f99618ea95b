"""load -> spec model -> resolved IR -> per-language render: ``{path: text}``, nothing written."""

from __future__ import annotations

import fnmatch
import functools
import gc
import os
import re
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import linker, runcache
from .config import Config
from .diagnostics import Diagnostic, Diagnostics, Loc, did_you_mean
from .formatting import IN_PROCESS, FormatError, Workers, die_with_parent, jobs
from .ir import API, Enum, Field, LanguageAPI, Model, OptionClass, all_fields
from .languages import EMITTERS, POLICIES
from .languages.base import Emitter
from .loader import RawPage, discover, load_each, load_tree
from .render import environment
from .spec import Page
from .texts import SPILL_MIN_PAGES, Placed, Spill, Texts
from .types import Named, walk

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

_SAFE_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")


def is_safe_relative(path: str) -> bool:
    """A plain relative path: no '..', no absolute or drive prefix, no odd characters."""
    parts = path.split("/")
    return all(_SAFE_PART.fullmatch(part) and part not in (".", "..") for part in parts)


def link_pages(
    raw_pages: list[RawPage],
    diags: Diagnostics,
    languages: tuple[str, ...] = tuple(EMITTERS),
    follow: linker.Follow | None = None,
    *,
    max_fields: int = linker.MAX_FIELDS,
    also: tuple[str, ...] = (),
) -> API:
    """The linked API of ``languages``, each known to the core by its emitter's policy (and of
    ``also``, whose diagnostics are not reported)."""
    return linker.link_pages(raw_pages, diags, languages, POLICIES, follow, max_fields=max_fields, also=also)


def link_each(
    raw_pages: list[RawPage],
    diags: Diagnostics,
    languages: tuple[str, ...] = tuple(EMITTERS),
    follow: linker.Follow | None = None,
    *,
    max_fields: int = linker.MAX_FIELDS,
) -> Iterator[tuple[str, LanguageAPI]]:
    pages = linker.validated(raw_pages, diags)
    return linker.link_each(pages, diags, languages, POLICIES, follow, max_fields=max_fields)


def load_api(
    paths: list[Path],
    diags: Diagnostics,
    languages: tuple[str, ...],
    config: Config | None = None,
    *,
    max_fields: int | None = None,
    also: tuple[str, ...] = (),
) -> API:
    """The linked API; with a ``config`` whose ``[tool.codegen.openapi] wire = "api"``, its wire
    follows the API's OpenAPI (codegen.openapi.follow). ``max_fields``: the config's bound, by
    default. ``also``: languages linked too, quietly (their diagnostics are not reported)."""
    follow = follower(config, diags) if config is not None else None
    bound = max_fields or (config.max_fields if config is not None else linker.MAX_FIELDS)
    return link_pages(load_tree(paths, diags), diags, languages, follow, max_fields=bound, also=also)


def follower(config: Config, diags: Diagnostics) -> linker.Follow | None:
    """The step after linking that makes the wire follow the configured OpenAPI (``wire = "api"``),
    or None (the default: the docs' wire). A document that cannot be read is an error."""
    if config.openapi.wire != "api":
        return None
    from .openapi import follow

    return follow.follower(config, diags, frozenset(EMITTERS))


def emitter_for(language: str, config: Config, diags: Diagnostics) -> Emitter:
    override = config.root / config.templates if config.templates else None
    emitter_class = EMITTERS[language]
    return emitter_class(config.language_settings(language), environment(language, override), diags)


def render(
    api: API,
    config: Config,
    languages: tuple[str, ...],
    diags: Diagnostics,
    workers: Workers = IN_PROCESS,
) -> dict[str, str]:
    """Every generated file of a linked API, keyed by its path relative to the config root."""
    linked = ((language, api.languages[language]) for language in languages if language in api.languages)
    return dict(_render_all(linked, config, diags, workers).items())


def generate_files(
    paths: list[Path],
    config: Config,
    languages: tuple[str, ...],
    diags: Diagnostics,
    workers: Workers = IN_PROCESS,
    *,
    narrow: list[Path] | None = None,
    fork: bool | None = False,
    subset: list[Path] | None = None,
    reuse: bool = False,
    spill: bool | None = None,
    read: dict[str, bytes] | None = None,
) -> Texts:
    """Load, link and render, a language at a time: its files are formatted (by ``workers``)
    while the next languages link and render. Same result as ``render(load_api(...))``.

    With ``narrow`` (spec files or folders inside ``paths``), the whole corpus is still linked,
    so references resolve and the layout is the same, but only the files those pages affect are
    returned: the files whose text differs from a render of the corpus without them.

    ``fork``: each language renders in a forked child while the next one links; None: only
    where the reference is large enough for that to pay (:func:`forking`).

    ``reuse``: a whole run (not narrowed) may take the last run's files and diagnostics when its
    pages say the same (codegen.runcache; the command does, a caller that patches codegen not).

    ``spill``: the texts are kept in a temporary file until asked for (codegen.texts); None: from
    :data:`~codegen.texts.SPILL_MIN_PAGES` pages.

    ``read``: each spec file's digest, as read (codegen.loader.load_tree), for the run's record of
    its inputs (codegen.fastpath.digest_inputs)."""
    known = runcache.PageCache(config, diags.levels) if reuse else None
    if known is not None and known.store is None:
        known = None  # no cache: nothing to keep them in
    # The edit loop: pages that say what they said last run (codegen.runcache); not past a
    # configured format command, whose output codegen cannot vouch for.
    formatted = any(config.language_settings(lang).format_command for lang in languages)
    whole_run = reuse and narrow is None and subset is None and not formatted
    key = runcache.RunKey.made(config, languages, diags.levels) if whole_run else None
    pages: list[Page] = []
    raw_pages: list[RawPage] = []
    # What each page held when read: a language linked again (for a render child that failed)
    # is read again, and must be read from the same bytes.
    digests = read if read is not None else {}
    try:
        found = discover(paths, diags)
        # A whole run of a large reference (or one that will not look for the last run) reads a
        # page's data once: it is noted in the run's key, the page is validated, and the data
        # (larger than the validated page) is let go before the next page is read. Otherwise
        # the pages are kept as read: a narrowed run links them twice, and the edit loop's run
        # that takes the last run's files (codegen.runcache) validates none of them.
        streamed = narrow is None and (key is None or len(found) >= STREAM_MIN_PAGES)
        if streamed:
            pages = linker.validated(_noted(load_each(found, diags, known, digests), key), diags)
        else:
            raw_pages = list(_noted(load_each(found, diags, known, digests), key))
    except BaseException:
        if known is not None:
            known.close()
        raise
    if known is not None:
        known.save()
    count = len(pages) + len(raw_pages)
    forks = forking(count) if fork is None else fork
    spills = count >= SPILL_MIN_PAGES if spill is None else spill

    def each() -> Iterator[tuple[str, LanguageAPI]]:
        follow = follower(config, diags)
        # A whole run reads the pages no more once they are validated (a narrowed one links them
        # again, from what was read), and each language's entries are let go once it is linked.
        valid = pages if streamed else linker.validated(linker.taken(raw_pages) if narrow is None else raw_pages, diags)
        return linker.link_each(valid, diags, languages, POLICIES, follow, max_fields=config.max_fields, consume=True)

    def relink(language: str) -> LanguageAPI:
        return _linked_again(found, digests, language, config, diags)

    def whole() -> Texts:
        return _render_all(each(), config, diags, workers, fork=forks, spill=spills, relink=relink)

    if subset is not None:  # an SDK of those pages alone: whole, so it builds
        inside = [p.resolve() for p in subset]
        linked = ((language, subset_of(api, inside)) for language, api in each())

        def again(language: str) -> LanguageAPI:
            return subset_of(relink(language), inside)

        return _render_all(linked, config, diags, workers, fork=forks, spill=spills, relink=again)
    if narrow is None:
        if key is not None:
            sources = pages if streamed else raw_pages
            return runcache.cached_run(sources, key.hexdigest(), config, diags, whole, spill=spills)
        return whole()
    files = whole()
    inside = [p.resolve() for p in narrow]
    others = [page for page in raw_pages if not _under(Path(page.file), inside)]
    quiet = Diagnostics()  # the corpus without the narrowed pages may well dangle: not the user's concern
    linked_without = link_each(others, quiet, languages, follower(config, quiet), max_fields=config.max_fields)
    without = _render_all(linked_without, config, quiet, workers, fork=forks, spill=spills)
    return Texts((path, text) for path, text in files.items() if without.get(path) != text)


def _noted(raw_pages: Iterable[RawPage], key: runcache.RunKey | None) -> Iterator[RawPage]:
    """The pages, each noted in ``key`` as it comes."""
    for raw in raw_pages:
        if key is not None:
            key.page(raw)
        yield raw


def _linked_again(
    found: list[tuple[str, str, str]], digests: dict[str, bytes], language: str, config: Config, diags: Diagnostics
) -> LanguageAPI:
    """``language``'s model as the run linked it, from the pages read again (the run let each
    language's entries go once it was linked; the languages before it link again, in the same
    order, whichever a run asks for), reported to no one: the run reported it when it first linked. A
    page that no longer holds what the run read is an error of the run."""
    quiet = Diagnostics(levels=diags.levels)
    again: dict[str, bytes] = {}
    pages = linker.validated(load_each(found, quiet, None, again), quiet)
    for path, display, _ in found:
        if again.get(str(path)) != digests.get(str(path)):
            diags.error(Loc(display), f"changed while codegen ran (read again to render {language}); run again")
    linked = linker.link_each(
        pages, quiet, (language,), POLICIES, follower(config, quiet), max_fields=config.max_fields
    )
    return dict(linked)[language]


def subset_of(api: LanguageAPI, inside: list[Path]) -> LanguageAPI:
    """The operations and objects of the pages under ``inside``, and every object, option class
    and enum they name, directly or through the fields of what they name: an SDK of those pages
    that needs nothing else (the rest of the corpus still resolved their references)."""
    operations = tuple(op for op in api.operations if _under(Path(op.page), inside))
    items: list[Model | OptionClass | Enum] = [*api.models, *api.options, *api.enums]
    by_name: dict[str, list[Model | OptionClass | Enum]] = {}
    for item in items:
        by_name.setdefault(item.name, []).append(item)
    kept: dict[int, Model | OptionClass | Enum] = {id(m): m for m in api.models if _under(Path(m.page), inside)}
    stack: list[Field] = [f for op in operations for f in (*op.params, *op.returns)]
    stack += [f for m in kept.values() if not isinstance(m, Enum) for f in m.fields]
    while stack:
        f = stack.pop()
        stack.extend(f.fields)
        for node in walk(f.type) if f.type is not None else []:
            if not isinstance(node, Named):
                continue
            for item in by_name.get(node.name, []):
                if id(item) in kept or (node.area is not None and item.area != node.area):
                    continue
                kept[id(item)] = item
                if not isinstance(item, Enum):
                    stack.extend(item.fields)
                    base = item.base
                    stack += [f2 for b in by_name.get(base or "", []) if not isinstance(b, Enum) for f2 in b.fields]
                    kept.update({id(b): b for b in by_name.get(base or "", [])})
    return replace(
        api,
        operations=operations,
        models=tuple(m for m in api.models if id(m) in kept),
        options=tuple(o for o in api.options if id(o) in kept),
        enums=tuple(e for e in api.enums if id(e) in kept),
    )


def _under(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in folders)


def _check_renames(language: str, api: LanguageAPI, config: Config, diags: Diagnostics) -> None:
    """A rename must name something the language documents, and must not take the name of
    another operation or class: either would silently change nothing, or drop one of the two."""
    renames = config.language_settings(language).renames
    if not renames:
        return
    operations = {op.name for op in api.operations} | {op.key for op in api.operations}
    classes = {m.name for m in api.models} | {o.name for o in api.options} | {e.name for e in api.enums}
    others = {op.service for op in api.operations if op.service} | {f.name for f in all_fields(api)}
    where = config.rename_locs.get(language, {})
    for old, new in renames.items():
        loc = Loc(*where[old]) if old in where else Loc(f"[{language}] renames")
        if old not in operations | classes | others:
            diags.error(
                loc,
                f"{language} rename '{old}' names nothing the {language} docs define",
                did_you_mean(old, operations | classes | others) or "renames take documented names",
            )
        elif (old in operations and new in operations - {old}) or (old in classes and new in classes - {old}):
            diags.error(loc, f"{language} rename '{old}' = '{new}': '{new}' is already a documented name")


def _render_language(
    language: str, api: LanguageAPI, config: Config, diags: Diagnostics
) -> tuple[Iterator[tuple[str, str]], Callable[[], dict[str, str]]]:
    """One language's sources, each made when asked for, and what makes its usage snippets
    (asked for after the sources); its warnings go to ``diags``."""
    emitter = emitter_for(language, config, diags)
    _check_renames(language, api, config, diags)
    emitter.report_reinterpretations(api)
    emitter.report_identifiers(api)
    return emitter.render_each(api), functools.partial(emitter.examples, api)


# What a child sends when it is done: each source's path, where its text is in the file the two
# share (or the text, when there is no such file) and whether the formatter's quick pass made it,
# its usage snippets and its diagnostics.
Rendered = tuple[list[tuple[str, tuple[int, int] | str, bool]], dict[str, str], list[Diagnostic]]


class _Forked:
    """One language rendered by a forked child while this process links the next one.

    The child inherits the linked model (nothing is pickled on the way in). It writes each file
    to an anonymous temporary file the two share as soon as it is made (codegen.texts), and
    sends back where each is, its usage snippets and its diagnostics: neither side holds the
    language's texts at once, and the child never waits for this process to read. If it fails
    in any way, :attr:`outcome` is None and the caller renders the language itself, so the
    result (or the error) is the same as without a child."""

    def __init__(self, language: str, api: LanguageAPI, config: Config, levels: dict[str, str]) -> None:
        import multiprocessing  # here: only a large reference forks

        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)
        try:
            self.spill: Spill | None = Spill()
        except OSError:
            self.spill = None  # no temporary folder: the child sends the texts themselves
        # Process.start lets go of these arguments: the model is held here no longer than by the caller.
        args, keywords = (writer, language, api, config, levels), {"spill": self.spill, "parent": os.getpid()}
        self.process = context.Process(target=_child, args=args, kwargs=keywords, daemon=True)
        # The linked model stays shared with the child: its collector leaves what exists now alone,
        # instead of writing to (so copying) every page of the parent's heap.
        gc.freeze()
        self.process.start()
        writer.close()
        # The child's (usage snippets, diagnostics) once it is done; None: it failed.
        self.outcome: tuple[dict[str, str], list[Diagnostic]] | None = None

    def files(self) -> Iterator[tuple[str, str | Placed]]:
        """The child's files once it is done (it has ended then, and :attr:`outcome` is set),
        each where it is in the shared file (or the text itself); none when it failed."""
        try:
            try:
                placed, examples, found = self.reader.recv()
            except (EOFError, OSError, ValueError, TypeError):
                return  # the child failed
            finally:
                self.reader.close()
                self.process.join()
            self.outcome = (examples, found)
            for path, where, formatted in placed:
                yield path, where if isinstance(where, str) else self._placed(where, formatted)
        finally:
            # The texts taken stay in the shared file (codegen.texts.Placed): it closes with them.
            if self.spill is not None and self.outcome is None:
                self.spill.file.close()

    def _placed(self, where: tuple[int, int], formatted: bool) -> Placed:
        assert self.spill is not None  # a place is only sent for a text in the shared file
        return Placed(self.spill, *where, formatted)


def _child(
    writer: Connection,
    language: str,
    api: LanguageAPI,
    config: Config,
    levels: dict[str, str],
    *,
    spill: Spill | None,
    parent: int,
) -> None:
    try:
        die_with_parent(parent)  # a killed codegen leaves no child rendering on
        diags = Diagnostics(levels=levels)
        sources, examples = _render_language(language, api, config, diags)
        formatter = EMITTERS[language].formatter_for(overridden(config, language))
        placed: list[tuple[str, tuple[int, int] | str, bool]] = []
        for path, text in sources:
            if spill is None:
                placed.append((path, text, False))
                continue
            formatted = None  # by the formatter's quick pass: here, not in the parent (it formats the rest)
            if formatter is not None and formatter.fast is not None and formatter.formats(path):
                formatted = formatter.fast(text)
            placed.append((path, spill.put(text if formatted is None else formatted), formatted is not None))
        done: Rendered = (placed, examples(), diags.items)
        writer.send(done)
    except BaseException:  # the parent renders the language again, and sees the error if any
        pass
    finally:
        writer.close()


# From this many pages a child renders each language while this process links the next: measured
# (cold generate, all eight languages, 2 cores, medians; README "Speed"), children against
# in-process took, in CPU, wall time and memory (PSS of all processes): at the corpus' 247 pages
# 1.11x, 0.99x, 1.29x (no gain); at 1,000 pages 1.08x, 0.85x, 1.43x; at 10,000 1.04x, 0.8-1.3x
# (a busy machine), 1.49x. Children never save CPU or memory, only wall time, and only when a
# core is free: so none below this size, nor when ``CODEGEN_JOBS=1``.
FORK_MIN_PAGES = 1_000
# From this many pages a whole run validates each page as it reads it (see generate_files).
STREAM_MIN_PAGES = 1_000


def _room_for_a_child() -> bool:
    """Whether the memory the system has free could hold a copy of this process (what a child
    costs at most, the pages it touches being copied): else the language renders in-process."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            free = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, ValueError, StopIteration):
        return False
    return free > 2 * resident


def forking(pages: int) -> bool:
    """Whether languages render in forked children: a reference of at least
    :data:`FORK_MIN_PAGES` pages, where the formatter workers' rule allows (``CODEGEN_JOBS``)."""
    return pages >= FORK_MIN_PAGES and jobs() >= 2


def _render_all(
    linked: Iterable[tuple[str, LanguageAPI]],
    config: Config,
    diags: Diagnostics,
    workers: Workers,
    *,
    fork: bool = False,
    spill: bool = False,
    relink: Callable[[str], LanguageAPI] | None = None,
) -> Texts:
    """Every language's files, formatted. Each language renders as soon as it is linked, and its
    model is let go then. With ``fork``, it renders in a child process while the next one links
    here (two cores: about the rendering's time saved); the files and diagnostics are the same
    either way (tested). With ``spill``, the texts wait in a temporary file (codegen.texts).

    ``relink``: a language's model made again, for a child that failed (it is rendered here
    then); without it, this process holds each child's model until the child is done."""
    taken = _Taken(config, diags, workers, Texts(spill=spill))
    commanded: list[str] = []  # languages with a configured format_command
    running: deque[tuple[str, Callable[[], LanguageAPI], _Forked]] = deque()
    for language, api in linked:
        if config.language_settings(language).format_command:
            commanded.append(language)
        child = None
        if fork:
            # One child per spare core at a time: a child holds its language's render until it is
            # received, and eight at once took 3.3x the memory of rendering in-process.
            while len(running) >= max(1, jobs() - 1):
                taken.receive(*running.popleft())
            if _room_for_a_child():
                child = _Forked(language, api, config, diags.levels)
                again = functools.partial(relink, language) if relink is not None else _given(api)
                running.append((language, again, child))
        if child is None:
            taken.take(language, *_render_language(language, api, config, diags))
        del api  # not held while the next language links (nor, given ``relink``, while its child renders)
    if fork:
        gc.unfreeze()  # every child is forked: this process collects as before
    while running:
        taken.receive(*running.popleft())
    taken.settle()
    for language in commanded:
        _format_commanded(language, taken.files, config, diags)
    return taken.files.sorted()


class _Taken:
    """The files of the languages rendered so far, and the formatting of the one taken last."""

    def __init__(self, config: Config, diags: Diagnostics, workers: Workers, files: Texts) -> None:
        self.config, self.diags, self.workers, self.files = config, diags, workers, files
        self.formatting: list[tuple[str, Callable[[], str]]] = []  # the last language taken's

    def settle(self) -> None:
        """The formatted texts of the language taken last (its formatting ran meanwhile)."""
        for path, result in self.formatting:
            try:
                self.files[path] = result()
            except FormatError as exc:
                self.diags.error(Loc(path, exc.line, exc.col), exc.message)
        self.formatting.clear()

    def take(
        self, language: str, sources: Iterable[tuple[str, str | Placed]], examples: Callable[[], dict[str, str]]
    ) -> None:
        """A language's files, each put away (into the spill file of a large run) as it is made,
        then its usage snippets. A text a child placed in the file it shares is kept there,
        undecoded: the child formatted it already (the formatter's quick pass), or it needs no
        formatting; else it is decoded to be formatted here."""
        out_dir = self.config.out_dir(language)
        formatter = EMITTERS[language].formatter_for(overridden(self.config, language))
        submitted: dict[str, Callable[[], str]] = {}  # a path made twice: its last text, as in a dict
        made: set[str] = set()
        for relative, text, source in _each(sources, examples):
            if not is_safe_relative(relative):
                raise ValueError(f"{language} emitter produced an unsafe path {relative!r}")
            path = f"{out_dir}/{relative}"
            if source:
                made.add(relative)
            submitted.pop(path, None)
            formatted = isinstance(text, Placed) and text.formatted  # by the child
            if formatter is not None and relative in made and formatter.formats(relative) and not formatted:
                text = text if isinstance(text, str) else text.text()
                formatting = self.workers.submit(formatter, text)
                if isinstance(formatting, str):  # known at once: not held until the language is settled
                    text = formatting
                else:
                    submitted[path] = formatting
            if isinstance(text, Placed):
                self.files.adopt(path, text)
            else:
                self.files[path] = text
        # One language's formatting at a time is held: the one before is settled while this one runs.
        self.settle()
        self.formatting.extend(submitted.items())

    def receive(self, language: str, again: Callable[[], LanguageAPI], child: _Forked) -> None:
        """A child's files, taken as soon as they are received (so neither they nor the model
        it rendered are held while the next languages render). A child that failed: the
        language's model (``again``) is rendered here."""
        self.take(language, child.files(), lambda: child.outcome[0] if child.outcome is not None else {})
        if child.outcome is None:  # the child failed: render here (and see its error, if any)
            self.take(language, *_render_language(language, again(), self.config, self.diags))
        else:
            self.diags.items.extend(child.outcome[1])


def _given(api: LanguageAPI) -> Callable[[], LanguageAPI]:
    return lambda: api


def _each(
    sources: Iterable[tuple[str, str | Placed]], examples: Callable[[], dict[str, str]]
) -> Iterator[tuple[str, str | Placed, bool]]:
    """(path, text, whether a source) of every source as it is made, then of every snippet."""
    for relative, text in sources:
        yield relative, text, True
    for relative, text in examples().items():
        yield relative, text, False


def _format_commanded(language: str, files: Texts, config: Config, diags: Diagnostics) -> None:
    """The files of ``language`` its configured format command formats, formatted by it."""
    settings = config.language_settings(language)
    prefix = config.out_dir(language) + "/"
    mine = {
        k: files[k]
        for k in files
        if k.startswith(prefix) and fnmatch.fnmatch(k.rsplit("/", 1)[-1], settings.format_glob)
    }
    files.update(_post_format(language, settings.format_command, mine, diags))


def overridden(config: Config, language: str) -> bool:
    """Whether some of the language's templates are the user's (an override folder for it)."""
    return bool(config.templates) and (config.root / str(config.templates) / language).is_dir()


def _post_format(language: str, command: list[str], files: dict[str, str], diags: Diagnostics) -> dict[str, str]:
    """``files`` as the language's configured formatter leaves them (run once over a temporary copy)."""
    where = Loc(f"[{language}] format_command")
    program = shutil.which(command[0]) if command else None
    if program is None:
        diags.error(where, f"format command {command[:1]!r} not found on PATH")
        return files
    if not files:
        return files
    with tempfile.TemporaryDirectory(prefix="codegen-format-") as tmp:
        for key, text in files.items():
            target = Path(tmp, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run(
                [program, *command[1:], *files], cwd=tmp, capture_output=True, text=True, timeout=300, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            diags.error(where, f"format command failed: {exc}")
            return files
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[:5]
            diags.error(where, f"format command exited {done.returncode}: {' | '.join(detail)}")
            return files
        return {key: Path(tmp, key).read_text(encoding="utf-8") for key in files}
