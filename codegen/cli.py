"""The ``codegen`` command line: generate, check, externals, stats."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, NamedTuple

from . import cache, fastpath, formatting, handwritten, output, overrides, starter
from .checked import as_dict
from .config import LANGUAGE_ALIASES, Config, canonical_language, load_config
from .diagnostics import (
    OTHER,
    SUMMARY_AFTER,
    Diagnostic,
    Diagnostics,
    Loc,
    Severity,
    counts,
    grouped,
    harm,
    notes_line,
    summary,
)
from .languages import EMITTERS
from .languages.base import TEMPLATE_FILTERS, LanguageSettings
from .loader import discover
from .naming import normalized
from .pipeline import emitter_for, generate_files, load_api, overridden
from .records import replace
from .specpaths import check_spec_paths, explain_unresolved
from .texts import Texts

EXIT_OK, EXIT_DIFF, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_SIGPIPE = 141  # what a shell reports for a command its reader stopped reading
REPORT_URL = "the project's issue tracker"


def language(value: str) -> str:
    """A ``--lang`` value: a registered language or one of its aliases (``typescript``, ``csharp``)."""
    name = canonical_language(value)
    if name not in EMITTERS:
        known = ", ".join([*sorted(EMITTERS), *sorted(LANGUAGE_ALIASES)])
        raise argparse.ArgumentTypeError(f"unknown language {value!r} (known: {known})")
    return name


def version() -> str:
    return fastpath.codegen_version()


# Examples shown at the end of each command's --help (tests/test_cli.py checks every command has some).
EXAMPLES = {
    "generate": [
        ("codegen generate", "write every configured language's SDK"),
        ("codegen generate --lang go --out /tmp/x specs/mfa", "one language, one area, elsewhere"),
        ("codegen generate --strict", "fail on any warning (notes never fail)"),
    ],
    "check": [
        ("codegen check", "fail (exit 1) when the committed output is stale"),
        ("codegen check --format json", "one JSON object for tools"),
    ],
    "watch": [("codegen watch --lang python", "regenerate the Python SDK on every save")],
    "diff": [
        ("codegen diff HEAD~1", "what the last commit did to each SDK (against the working tree)"),
        ("codegen diff v1.2.0 HEAD --format markdown", "a changelog section for a release"),
        ("codegen diff old-specs specs --fail-on breaking", "fail CI on a breaking change"),
    ],
    "externals": [("codegen externals --lang go", "the types Go's docs use but never define")],
    "stats": [("codegen stats", "operations, models, options and reinterpreted types per language")],
    "lint": [
        ("codegen lint", "the reference's drift between languages"),
        ("codegen lint --group page specs/mfa", "the findings of one area, grouped by page"),
        ("codegen lint --html lint.html", "also a report to open in a browser"),
        ("codegen lint --write-baseline lint-baseline.json", "accept today's findings"),
        ("codegen lint --openapi specs-openapi/open-api-spec.yaml", "also where the API's own OpenAPI disagrees"),
    ],
    "openapi": [
        ("codegen openapi --out api.yaml", "the reference as one OpenAPI 3.1 document"),
        ("codegen openapi --out api.json specs/mfa", "one area, as JSON"),
    ],
    "init": [("codegen init --gitattributes", "a starter codegen.toml, output marked as generated")],
    "templates": [
        ("codegen templates --list go", "the built-in Go templates"),
        ("codegen templates --copy go/client.go.j2", "override one template"),
        ("codegen templates --diff go/client.go.j2", "what changed in the built-in since your copy"),
    ],
    "completion": [
        ('eval "$(codegen completion bash)"', "in ~/.bashrc"),
        ("codegen completion fish > ~/.config/fish/completions/codegen.fish", "fish"),
    ],
    "config-schema": [("codegen config-schema > codegen.schema.json", "the JSON Schema of the config")],
}


def _epilog(command: str) -> str:
    width = max(len(line) for line, _ in EXAMPLES[command])
    return "examples:\n" + "\n".join(f"  {line:<{width}}  # {what}" for line, what in EXAMPLES[command])


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one declaration per option
    parser = argparse.ArgumentParser(
        prog="codegen",
        description="Generate SDK code from API reference front matter.",
        epilog="examples:\n  codegen generate\n  codegen check\n  codegen lint\n  codegen diff HEAD~1\n"
        "run 'codegen COMMAND --help' for a command's options and examples",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    config_help = "pyproject.toml or codegen.toml (default: found upwards from here)"
    parser.add_argument("--config", type=Path, help=config_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lang_help = f"only this language (repeatable): {', '.join(sorted(EMITTERS))}, or an alias such as typescript"

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, epilog=_epilog(name), formatter_class=_Formatter
        )
        # --config is taken after the command too (`codegen check --config x.toml`).
        sub.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=config_help)
        return sub

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("specs", nargs="*", type=Path, help="spec files or folders (default: from the config)")
        sub.add_argument("--lang", action="append", type=language, metavar="LANG", help=lang_help)
        sub.add_argument("--out", type=Path, help="output folder (default: from the config)")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors (notes never fail)")
        sub.add_argument("--quiet", "-q", action="store_true", help="print errors only")
        sub.add_argument(
            "--verbose",
            "-v",
            action="store_true",
            help="print every warning and note, sorted by position (default: a line per category when many)",
        )

    generate = command("generate", "write the generated files")
    common(generate)
    generate.add_argument(
        "--force",
        action="store_true",
        help="overwrite generated paths that were edited by hand or not written by codegen",
    )
    watch = command(
        "watch", "generate, then again whenever a spec, a template override or the config changes (Ctrl-C stops)"
    )
    common(watch)
    watch.add_argument("--interval", type=float, default=0.5, help="seconds between looks (default 0.5)")
    check = command("check", "compare the generated files with what is on disk; writes nothing")
    common(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    diff = command("diff", "what changed between two versions of the reference, per SDK, and the version bump")
    diff.add_argument("old", metavar="OLD", help="a spec folder or file, or a git revision of the configured specs")
    diff.add_argument(
        "new", metavar="NEW", nargs="?", help="the same (default: the configured specs as they are on disk)"
    )
    diff.add_argument("--lang", action="append", type=language, metavar="LANG", help=lang_help)
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "any", "never"),
        default="never",
        help="exit 1 on a breaking change (or on any change); default: exit 0",
    )
    externals = command("externals", "types the docs use but never define, per language")
    common(externals)
    stats = command("stats", "counts per language: operations, models, options, diagnostics")
    common(stats)
    lint = command("lint", "report the reference's drift between languages, like a linter")
    lint.add_argument(
        "specs",
        nargs="*",
        type=Path,
        help="spec files or folders (default: from the config); inside the configured spec folders, the "
        "whole reference is linked and only findings on these pages are reported",
    )
    lint.add_argument("--lang", action="append", type=language, metavar="LANG", help="only findings of this language")
    lint.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    lint.add_argument(
        "--group",
        choices=("id", "page"),
        default="id",
        help="text output: findings by operation or object id, or by page",
    )
    lint.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML report")
    lint.add_argument("--baseline", type=Path, metavar="FILE", help="only findings this baseline does not list fail")
    lint.add_argument("--write-baseline", type=Path, metavar="FILE", help="record today's findings as the baseline")
    lint.add_argument("--quiet", "-q", action="store_true", help="print the findings only (no summary, no matrix)")
    lint.add_argument(
        "--openapi",
        type=Path,
        metavar="FILE",
        help="also report where the reference disagrees with the API's own OpenAPI (a file or folder; "
        "default: [tool.codegen.openapi] path)",
    )
    openapi = command("openapi", "write the one model as an OpenAPI 3.1 document")
    openapi.add_argument("specs", nargs="*", type=Path, help="spec files or folders (default: from the config)")
    openapi.add_argument(
        "--out", type=Path, metavar="FILE", help="write it to FILE (.json: JSON; default: YAML on stdout)"
    )
    init = command("init", "write a commented starter codegen.toml here")
    init.add_argument("--gitattributes", action="store_true", help="also append linguist-generated lines")
    templates = command("templates", "list, show, copy or compare the built-in templates")
    action = templates.add_mutually_exclusive_group(required=True)
    action.add_argument("--list", metavar="LANG", choices=sorted(EMITTERS), help="list a language's templates")
    action.add_argument(
        "--copy", metavar="LANG[/FILE]", help="copy a language's templates (or one) into the override folder"
    )
    action.add_argument(
        "--context",
        metavar="LANG/FILE",
        help="the variables a template receives, and their shapes, from a render of the configured specs",
    )
    action.add_argument(
        "--accept",
        metavar="LANG[/FILE]",
        help="after reviewing an override against a changed built-in, record that built-in as its original",
    )
    action.add_argument(
        "--diff",
        metavar="LANG/FILE",
        help="what changed in the built-in template since its override's original was copied or accepted",
    )
    action.add_argument("--show", metavar="LANG/FILE", help="print one built-in template")
    completion = command("completion", "print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    command("config-schema", "print the JSON Schema of the configuration (codegen.toml)").add_argument(
        "--pyproject", action="store_true", help="the schema of a pyproject.toml's [tool.codegen] instead"
    )
    return parser


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help with the examples as written (not re-wrapped)."""


def main(argv: list[str] | None = None) -> int:
    # A run allocates ~10^6 objects that live to its end and almost no cycles: rarer collections
    # cut a cold run's time by about a quarter at the same peak memory (benchmarks/bench.py).
    # A large run frees old objects while it makes new ones, and each freed one lets one more
    # young object wait for the next collection: at 9,880 pages, 200,000 meant 9 collections of
    # 1.26 s in all, 1,000,000 one of 0.54 s (gc.callbacks), at the same peak.
    gc.set_threshold(1_000_000, 50, 100)
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("codegen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `codegen check | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_SIGPIPE
    except Exception:
        print(
            "codegen: internal error (a bug in codegen, not in your input).\n"
            f"Please report it at {REPORT_URL} with the input that caused it and this trace:",
            file=sys.stderr,
        )
        traceback.print_exc(limit=-3)
        return EXIT_INTERNAL


def _watch(args: argparse.Namespace) -> int:
    """``codegen watch``: a ``generate`` now, and one after every change to what it reads (the
    spec files, the template overrides, the config), found by polling; Ctrl-C ends it (exit 0)."""
    config_path = args.config or fastpath.find_config(Path.cwd())
    once = argparse.Namespace(**{**vars(args), "command": "generate", "force": False})
    last: tuple[tuple[str, int, int], ...] | None = None
    try:
        while True:
            config = load_config(config_path, Diagnostics())
            roots = [
                *(list(args.specs) or config.spec_paths()),
                *([config.root / config.templates] if config.templates else []),
                *([config.openapi_path()] if config.openapi.wire == "api" and config.openapi_path() else []),
            ]
            stamp = _stamp([*roots, *([config_path] if config_path else [])])
            if stamp != last:
                if last is not None:
                    print(f"codegen watch: a change at {time.strftime('%H:%M:%S')}; generating", file=sys.stderr)
                code = _run(once)
                print(
                    f"codegen watch: {'done' if code == EXIT_OK else f'exit {code}'}; watching",
                    file=sys.stderr,
                    flush=True,
                )
                last = stamp
            time.sleep(max(args.interval, 0.05))
    except KeyboardInterrupt:
        return EXIT_OK


def _stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file under ``paths``."""
    found = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for f in files:
            try:
                info = f.stat()
            except OSError:
                continue
            found.append((str(f), info.st_size, info.st_mtime_ns))
    return tuple(found)


def _cold_formatters(config: Config, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The modules of the formatters this run needs and has not cached (for workers to import).

    Workers are started before loading, so their start-up overlaps it; with a warm cache most
    files are hits and the few misses are cheaper to format in-process. A formatter with a quick
    path (the built-in Python layout) needs none."""
    chosen = [EMITTERS[lang].formatter_for(overridden(config, lang)) for lang in languages]
    cold = {f.preload for f in chosen if f and f.fast is None and not cache.memo(f.name).is_warm()}
    return tuple(sorted(cold))


def _write(
    args: argparse.Namespace,
    layout: output.Layout,
    config: Config,
    files: Texts,
    diags: Diagnostics,
    *,
    inputs: str | None,
) -> _Planned | None:
    """What ``generate`` writes (under the output lock, healing an interrupted run first) or
    what ``check`` compares; None after an error, which ``diags`` holds."""
    try:
        if args.command != "generate":
            return _plan(args, layout, config, files, diags)
        with output.locked(layout.path(layout.manifest).parent):
            _recover(args, layout)
            result = _plan(args, layout, config, files, diags)
            if result is None:
                return None
            output.apply(layout, result.files, result.plan)
            if inputs is not None and not result.plan.kept and not result.plan.orphaned:
                fastpath.record(layout.path(layout.manifest), inputs, result.files[layout.manifest])
            return result
    except output.OutputError as exc:
        diags.error(Loc(exc.path), exc.message)
        return None


def _run(args: argparse.Namespace) -> int:
    if args.command == "watch":
        return _watch(args)
    diags = Diagnostics()
    cache.writable = args.command == "generate"  # check, stats and externals write nothing
    cache.notes = not getattr(args, "quiet", False)
    if args.command in ("init", "completion", "config-schema"):
        return _no_config(args)
    config_path = args.config or fastpath.find_config(Path.cwd())
    config = load_config(config_path, diags)
    diags.levels = dict(config.diagnostics)
    if args.command == "templates":
        if diags.errors:
            return _finish(diags, args, EXIT_INVALID)
        return _templates(args, config)
    if config.templates and not diags.errors:
        overrides.check_overrides(config.root / config.templates, tuple(config.languages), diags, config.templates)
    if args.command == "lint":
        return _lint(args, config, diags, config_path)
    if args.command == "openapi":
        return _openapi(args, config, diags)
    if args.command == "diff":
        return _diff(args, config, diags)
    if args.out is not None:
        out = args.out.resolve()  # named on the command line: the user's explicit choice of folder
        config = replace(config, out=out.as_posix(), settings=_without_out(config), manifest=None)
    languages = tuple(args.lang or [lang for lang in config.languages if lang in EMITTERS])
    if diags.errors:
        return _finish(diags, args, EXIT_INVALID)
    started = time.perf_counter()
    if args.command in ("externals", "stats"):
        return _counts(args, config, config_path, languages, diags)
    corpus, narrow, subset = _checked_corpus(args, config, config_path, diags)
    if diags.errors:
        return _finish(diags, args, EXIT_INVALID)
    cold = _cold_formatters(config, languages)
    read: dict[str, bytes] = {}  # what each spec file held when it was read: the run's input
    with formatting.workers(formatting.jobs() if cold else 0, cold) as workers:
        files = generate_files(
            corpus, config, languages, diags, workers, narrow=narrow, fork=None, subset=subset, reuse=True, read=read
        )
    if diags.errors:
        explain_unresolved(diags, corpus, _search_roots(config, corpus))
    if diags.has_errors(strict=args.strict):
        return _finish(diags, args, EXIT_INVALID)
    layout = output.Layout(
        root=config.root.resolve(),
        manifest=config.manifest_path,
        # Every language's folder, configured or not: output a `--lang` run wrote for a language
        # outside `languages` is in the manifest like any other, and a plain run prunes it.
        out_dirs={lang: config.out_dir(lang) for lang in EMITTERS},
        languages=tuple(args.lang or EMITTERS),
        prunes=narrow is None,
    )
    result = _write(args, layout, config, files, diags, inputs=_inputs(args, config, config_path, read))
    if result is None:
        return _finish(diags, args, EXIT_INVALID)
    if args.command == "check":
        return _check_report(args, diags, result.plan, layout)
    cache.save_all()
    _finish(diags, args, EXIT_OK)
    _written(args, result, layout, languages, time.perf_counter() - started)
    return EXIT_OK


def _written(
    args: argparse.Namespace, result: _Planned, layout: output.Layout, languages: tuple[str, ...], elapsed: float
) -> None:
    """What a generate left in place, and (unless --quiet) what it wrote."""
    plan = result.plan
    for key in plan.kept:
        print(f"{key}: warning: no longer generated but edited by hand; left in place", file=sys.stderr)
    for key in plan.orphaned:
        print(
            f"{key}: warning: no longer generated, but its keep regions hold hand-written code; left in place "
            "(move that code, then delete the file)",
            file=sys.stderr,
        )
    if not args.quiet:
        written = [key for key in plan.changed + plan.missing if key != layout.manifest]
        print(
            f"codegen: {_plural(len(result.files) - 1, 'file')} for {_plural(len(languages), 'language')}; "
            f"{len([k for k in written if k in plan.changed])} changed, "
            f"{len([k for k in written if k in plan.missing])} new, {len(plan.extra)} removed ({elapsed:.2f}s)",
            file=sys.stderr,
        )


def _counts(
    args: argparse.Namespace, config: Config, config_path: Path | None, languages: tuple[str, ...], diags: Diagnostics
) -> int:
    """``externals`` and ``stats``: over the spec paths given, or the configured ones."""
    spec_paths = list(args.specs) or config.spec_paths()
    check_spec_paths(spec_paths, diags, config_found=config_path is not None)
    if diags.errors:
        return _finish(diags, args, EXIT_INVALID)
    # externals names the languages that define each type it lists: every language is linked
    # (those not asked for quietly), once.
    also = tuple(EMITTERS) if args.command == "externals" else ()
    api = load_api(spec_paths, diags, languages, max_fields=config.max_fields, also=also)
    explain_unresolved(diags, spec_paths, _search_roots(config, spec_paths))
    return _report(args, api, config, languages, diags)


def _no_config(args: argparse.Namespace) -> int:
    """The commands that read no config: init, completion, config-schema."""
    if args.command == "init":
        return _init(args)
    if args.command == "completion":
        from .completion import script

        sys.stdout.write(script(args.shell, build_parser()))
        return EXIT_OK
    from .schema import schema_text

    sys.stdout.write(schema_text(pyproject=args.pyproject))
    return EXIT_OK


def _search_roots(config: Config, spec_paths: list[Path]) -> list[Path]:
    """Where to look for a page that defines what the spec paths leave unresolved: the project
    folder, and the folder above each spec path outside it."""
    root = config.root.resolve()
    others = [p.resolve().parent for p in spec_paths if not p.resolve().is_relative_to(root)]
    return [root, *others]


def _recover(args: argparse.Namespace, layout: output.Layout) -> None:
    """Undo what an interrupted generate left half done (its journal), before planning."""
    undone = output.recover(layout)
    if undone and not args.quiet:
        print(f"codegen: undid the {_plural(undone, 'step')} of an interrupted run first", file=sys.stderr)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _checked_corpus(
    args: argparse.Namespace, config: Config, config_path: Path | None, diags: Diagnostics
) -> tuple[list[Path], list[Path] | None, list[Path] | None]:
    """``_corpus``, with an error for a spec path that is missing or holds no spec file."""
    corpus, narrow, subset = _corpus(args.specs, config, args.out)
    picked = narrow or subset
    check_spec_paths(picked or corpus, diags, config_found=config_path is not None, narrowed=picked is not None)
    return corpus, narrow, subset


def _corpus(
    specs: list[Path], config: Config, out: Path | None = None
) -> tuple[list[Path], list[Path] | None, list[Path] | None]:
    """What to load, what the run is narrowed to, and what pages an SDK of its own is made of.
    Spec paths inside the configured spec folders narrow a run over the whole configured corpus
    (references still resolve); with ``--out`` they make an SDK of those pages alone, whole (it
    builds), in that folder; paths elsewhere are a corpus of their own."""
    configured = config.spec_paths()
    if not specs:
        return configured, None, None
    roots = [p.resolve() for p in configured]

    def inside(path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved == root or root in resolved.parents for root in roots)

    if all(inside(path) for path in specs):
        return (configured, None, list(specs)) if out is not None else (configured, list(specs), None)
    return list(specs), None, None


class _Planned(NamedTuple):
    plan: output.Plan
    files: Texts


def _inputs(args: argparse.Namespace, config: Config, config_path: Path | None, read: dict[str, bytes]) -> str | None:
    """The fingerprint of a plain run's inputs (codegen.fastpath), recorded in the user's cache;
    None for a narrowed run (spec paths, --lang, --out), whose outputs are not all of it, and
    when the spec files are not the ones the run read. A spec file the run read counts as it
    was read (``read``), not as it is now: an edit made while the run went on is a change the
    next run sees."""
    if args.specs or args.lang or args.out is not None:
        return None
    if set(read) != {str(path) for path, _, _ in discover(config.spec_paths(), Diagnostics())}:
        return None  # a spec file added or removed while the run went on: no record, the next run decides
    templates = config.root / config.templates if config.templates else None
    followed = as_dict(config.openapi) if config.openapi.wire == "api" else {}
    specs = config.spec_paths() + fastpath.followed_openapi(config.root, {"openapi": followed})
    return fastpath.digest_inputs(config_path, specs, templates, config.root / config.keep_file, read)


def _plan(
    args: argparse.Namespace,
    layout: output.Layout,
    config: Config,
    files: Texts,
    diags: Diagnostics,
) -> _Planned | None:
    """What this run writes, checks and prunes; None when an error stops it (diagnostics given)."""
    keep = handwritten.keep_spec(layout.root, config.keep_file, diags)
    files = handwritten.drop_kept(files, keep)
    for key in files:
        long_part = output.overlong_name(key)
        if long_part is not None:
            diags.error(
                Loc(key),
                f"a generated file name is {len(long_part.encode())} bytes, over the limit of "
                f"{output.MAX_NAME_BYTES}; shorten the documented name it comes from",
            )
    previous = output.read_manifest(layout)
    if previous.version and previous.version != version():
        print(
            f"codegen: note: {_display(layout.manifest)} was written by codegen {previous.version}; this is "
            f"{version()}" + (" (generate rewrites it)" if args.command == "check" else ""),
            file=sys.stderr,
        )
    for line, why in previous.refused:
        diags.warning(Loc(_display(layout.manifest), line), f"manifest: {why}", code="manifest")
    gone = [k for k in previous.entries if layout.prunes and layout.in_scope(k) and k not in files]
    carried = handwritten.carry_regions(files, gone, lambda key: output.read_text(layout, key), diags)
    if diags.has_errors(strict=args.strict):
        return None
    force = getattr(args, "force", False)
    result = output.plan(
        layout,
        carried.files,
        files,
        diffs=args.command == "check",
        force=force,
        moved=frozenset(carried.moved),
        lost=carried.lost,
    )
    if keep is not None:
        for key in [k for k in result.extra if keep.match_file(k)]:
            result.extra.remove(key)
            result.diffs.pop(key, None)
    written = carried.files.copy()
    manifest = output.manifest_text(result.entries, layout.manifest, version())
    written[layout.manifest] = manifest
    conflict = output.manifest_conflict(layout)
    current = output.read_text(layout, layout.manifest)
    # check compares what the manifest lists (an older codegen's comment lines aside)
    same = (
        current == manifest
        if args.command == "generate"
        else current is not None and fastpath.without_inputs(current) == fastpath.without_inputs(manifest)
    )
    if conflict is not None and not force:
        result.conflicts[layout.manifest] = conflict
    elif not same:
        (result.changed if current is not None else result.missing).append(layout.manifest)
    if args.command == "generate" and result.conflicts:
        for key, why in sorted(result.conflicts.items()):
            diags.error(
                Loc(_display(key)),
                f"{why}; not overwritten",
                "restore it (git checkout), move hand-written code into a keep region, "
                "or run 'codegen generate --force' to overwrite it",
            )
        return None
    return _Planned(result, written)


def _display(key: str) -> str:
    return key


def _init(args: argparse.Namespace) -> int:
    target = Path.cwd() / "codegen.toml"
    if target.exists():
        print(f"codegen init: {target.name} already exists; not overwritten", file=sys.stderr)
        return EXIT_INVALID
    pyproject = Path.cwd() / "pyproject.toml"
    if pyproject.is_file() and "[tool.codegen" in pyproject.read_text(encoding="utf-8", errors="replace"):
        print(
            "codegen init: pyproject.toml already configures codegen ([tool.codegen]); a codegen.toml "
            "would take its place, so none was written",
            file=sys.stderr,
        )
        return EXIT_INVALID
    target.write_text(starter.STARTER, encoding="utf-8")
    lines = starter.gitattributes(["generated"])
    print(f"wrote {target.name}; mark the output as generated in .gitattributes:\n{lines}", end="")
    if args.gitattributes:
        with (Path.cwd() / ".gitattributes").open("a", encoding="utf-8") as handle:
            handle.write(lines)
        print("appended to .gitattributes")
    return EXIT_OK


def _templates(args: argparse.Namespace, config: Config) -> int:
    if args.list:
        for name in overrides.list_templates(args.list):
            print(f"{args.list}/{name}")
        return EXIT_OK
    if args.show:
        from .render import builtin_templates

        language, _, name = args.show.partition("/")
        if language not in EMITTERS or name not in overrides.list_templates(language):
            print(f"codegen templates: no built-in template {args.show!r}", file=sys.stderr)
            print(
                f"  list them with 'codegen templates --list {language if language in EMITTERS else 'LANG'}'",
                file=sys.stderr,
            )
            return EXIT_INVALID
        sys.stdout.write((builtin_templates() / language / name).read_text(encoding="utf-8"))
        return EXIT_OK
    if args.context:
        return _template_context(args.context, config)
    if args.diff:
        return _template_diff(args.diff, config)
    folder = config.templates or "codegen-templates"
    language, _, name = (args.copy or args.accept).partition("/")
    if language not in EMITTERS or (name and name not in overrides.list_templates(language)):
        what = f"template {args.copy or args.accept!r}" if language in EMITTERS else f"language {language!r}"
        print(f"codegen templates: no built-in {what}", file=sys.stderr)
        return EXIT_INVALID
    if args.accept:
        accepted = overrides.accept_templates(language, config.root / folder, name or None)
        for key in accepted:
            print(f"recorded the built-in {key} as the original of {folder}/{key}")
        if not accepted:
            print(f"codegen templates: no override of {args.accept!r} in {folder}", file=sys.stderr)
            return EXIT_INVALID
        return EXIT_OK
    copied = overrides.copy_templates(language, config.root / folder, name or None)
    for path in copied:
        print(f"copied {path.relative_to(config.root)}")
    if not config.templates:
        print(f'set templates = "{folder}" in your codegen config to use them')
    return EXIT_OK


def _template_diff(wanted: str, config: Config) -> int:
    """``templates --diff LANG/FILE``: what changed in the built-in since the override's original
    was copied or accepted (a unified diff, original to today's built-in)."""
    import difflib

    from .render import builtin_templates

    language, _, name = wanted.partition("/")
    if language not in EMITTERS or name not in overrides.list_templates(language):
        print(f"codegen templates: no built-in template {wanted!r}", file=sys.stderr)
        return EXIT_INVALID
    folder = config.templates or "codegen-templates"
    dest = config.root / folder
    if not (dest / wanted).is_file():
        print(f"codegen templates: {folder}/{wanted} does not exist: nothing overrides {wanted}", file=sys.stderr)
        return EXIT_INVALID
    builtin = (builtin_templates() / wanted).read_text(encoding="utf-8")
    kept = overrides.original(dest, wanted)
    if kept is None:
        print(
            f"codegen templates: no original of {folder}/{wanted} was kept (copied by an older codegen); "
            f"showing your override against today's built-in instead. After reviewing, "
            f"'codegen templates --accept {wanted}' keeps the built-in as the original.",
            file=sys.stderr,
        )
        before, label = (dest / wanted).read_text(encoding="utf-8", errors="replace"), f"{folder}/{wanted}"
    else:
        before, label = kept, f"{wanted} (the original of {folder}/{wanted})"
    if before == builtin:
        print(f"codegen templates: the built-in {wanted} has not changed since its original was kept")
        return EXIT_OK
    sys.stdout.writelines(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            builtin.splitlines(keepends=True),
            f"a/{label}",
            f"b/{wanted} (built in, codegen {version()})",
        )
    )
    return EXIT_OK


def _template_context(wanted: str, config: Config) -> int:
    """``templates --context LANG/FILE``: what the template receives, recorded while rendering the
    configured specs with the built-in templates (so the listing is what codegen really passes)."""
    from . import render as rendering
    from .pipeline import render

    language, _, name = wanted.partition("/")
    if language not in EMITTERS or name not in overrides.list_templates(language):
        print(f"codegen templates: no built-in template {wanted!r}", file=sys.stderr)
        return EXIT_INVALID
    diags = Diagnostics()
    api = load_api(config.spec_paths(), diags, tuple(EMITTERS), config=config)
    rendering.CONTEXT_LOG = {}
    try:
        render(api, replace(config, templates=None), (language,), diags)
        seen = rendering.CONTEXT_LOG.get(name)
    finally:
        rendering.CONTEXT_LOG = None
    if seen is None:
        print(f"codegen templates: {wanted} is not rendered directly (it is included by another)", file=sys.stderr)
        return EXIT_INVALID
    print(f"{wanted} receives (from a render of the configured specs):")
    width = max(len(key) for key in seen)
    for key, shape in sorted(seen.items()):
        print(f"  {key:<{width}}  {shape}")
    print("filters: " + ", ".join(sorted(TEMPLATE_FILTERS)))
    return EXIT_OK


def _without_out(config: Config) -> dict[str, LanguageSettings]:
    return {lang: replace(s, out=None) for lang, s in config.settings.items()}


def _check_report(args: argparse.Namespace, diags: Diagnostics, result: output.Plan, layout: output.Layout) -> int:
    code = EXIT_OK if result.clean else EXIT_DIFF
    if args.format == "json":
        _finish(diags, args, code, to_stderr_only=True)
        document = _check_document("clean" if result.clean else "stale", result, diags)
        print(json.dumps(document, indent=2))
        return code
    if result.clean:  # quiet unless something is stale: warnings are generate's to show
        _finish(Diagnostics([d for d in diags.items if d.severity is Severity.ERROR]), args, code)
        print("codegen check: generated files are up to date")
        return code
    _finish(diags, args, code)
    counts = [
        (len(result.changed), "changed"),
        (len(result.missing), "missing"),
        (len(result.extra), "extra"),
        (len(result.conflicts), "in conflict"),
        (len(result.orphaned), "orphaned"),
    ]
    total = sum(count for count, _ in counts)
    summary = ", ".join(f"{count} {label}" for count, label in counts if count)
    if result.interrupted:
        print(
            f"codegen check: an interrupted 'codegen generate' left {output.journal_key(layout)}; the tree may be "
            "half written; run 'codegen generate' (it undoes the interrupted run first)"
        )
    if total:
        print(
            f"codegen check: {_plural(total, 'generated file')} {'is' if total == 1 else 'are'} stale "
            f"({summary}); run 'codegen generate'"
        )
    for label, names in (("changed", result.changed), ("missing", result.missing), ("extra", result.extra)):
        for name in names:
            print(f"  {label}: {name}")
    for name, why in sorted(result.conflicts.items()):
        print(f"  conflict: {name} ({why}; generate will not overwrite it without --force)")
    for name in result.orphaned:
        print(f"  orphaned: {name} (no longer generated; its keep regions hold hand-written code)")
    for name in sorted(result.diffs):
        if name != layout.manifest:
            sys.stdout.write(result.diffs[name])
    return code


def _report(
    args: argparse.Namespace, api: object, config: Config, languages: tuple[str, ...], diags: Diagnostics
) -> int:
    from .ir import API

    assert isinstance(api, API)
    if args.command == "externals":
        # Why each one is left: another language defines it (a docs gap), or nobody does (the run
        # linked every language: see _counts).
        definers: dict[str, set[str]] = {}
        for language, linked in api.languages.items():
            for model in linked.models:
                definers.setdefault(normalized(model.name), set()).add(language)
        for language in languages:
            if language in api.languages:
                names = emitter_for(language, config, diags).externals(api.languages[language])
                print(f"{language}: {len(names)} externals")
                width = max((len(name) for name in names), default=0)
                for name in names:
                    others = sorted(definers.get(normalized(name.rsplit(".", 1)[-1]), set()) - {language})
                    why = f"defined only by {', '.join(others)}" if others else "never defined in the reference"
                    print(f"  {name:<{width}}  ({why})")
    else:
        print(
            f"{'language':<10}{'operations':>11}{'models':>8}{'options':>9}{'services':>10}{'reinterpreted types':>21}"
        )
        for language in languages:
            lang_api = api.languages.get(language)
            if lang_api is not None:
                reinterpreted = emitter_for(language, config, diags).report_reinterpretations(lang_api)
                print(
                    f"{language:<10}{len(lang_api.operations):>11}{len(lang_api.models):>8}"
                    f"{len(lang_api.options):>9}{len(lang_api.services):>10}{reinterpreted:>21}"
                )
    return _finish(diags, args, EXIT_INVALID if diags.has_errors(strict=args.strict) else EXIT_OK)


def _lint(args: argparse.Namespace, config: Config, diags: Diagnostics, config_path: Path | None) -> int:
    """``codegen lint``: findings on stdout (text, JSON or SARIF); 0 clean or all baselined,
    1 findings, 2 invalid input (config, baseline file, unreadable specs). Spec paths inside the
    configured spec folders link the whole reference (as ``generate`` does) and report the
    findings on those pages."""
    from . import lint

    levels = lint.levels_from(config.lint.severity, Diagnostics(), Loc("config"))  # checked by load_config
    baseline_path = args.baseline or (config.root / config.lint.baseline if config.lint.baseline else None)
    known = None
    if baseline_path is not None and args.write_baseline is None:
        try:
            known = lint.read_baseline(baseline_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            diags.error(Loc(str(baseline_path)), f"cannot read the baseline: {exc}")
    corpus, narrow, _subset = _corpus(args.specs, config)
    check_spec_paths(narrow or corpus, diags, config_found=config_path is not None, narrowed=narrow is not None)
    openapi_path = args.openapi or config.openapi_path()
    spec = None
    if openapi_path is not None and not diags.errors:
        from .openapi import load

        spec = load(openapi_path, diags)
    if diags.errors:
        return _finish(diags, args, EXIT_INVALID)
    reading = Diagnostics()
    api = load_api(corpus, reading, tuple(EMITTERS), max_fields=config.max_fields)
    if reading.errors:
        explain_unresolved(reading, corpus, _search_roots(config, corpus))
    if any(d.loc.file == "" for d in reading.errors) or (not api.languages and reading.errors):
        return _finish(reading, args, EXIT_INVALID)
    report = lint.lint(api, reading.items, levels, openapi=spec)
    if narrow is not None:
        inside = [p.resolve() for p in narrow]
        report.restrict(lambda file: bool(file) and _under(Path(file), inside))
    if args.lang:
        report.findings = [f for f in report.findings if f.language in args.lang or f.language is None]
    if args.write_baseline is not None:
        args.write_baseline.write_text(lint.baseline_text(report), encoding="utf-8")
        print(f"codegen lint: {len(report.findings)} findings recorded in {args.write_baseline}", file=sys.stderr)
        return EXIT_OK
    if known is not None:
        lint.apply_baseline(report, known)
    if args.html is not None:
        try:
            args.html.write_text(lint.html_report(report), encoding="utf-8")
        except OSError as exc:
            diags.error(Loc(str(args.html), 0, 0), f"cannot write the HTML report: {exc.strerror or exc}")
            return _finish(diags, args, EXIT_INVALID)
        print(f"codegen lint: wrote {args.html}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(lint.json_report(report))
    elif args.format == "sarif":
        sys.stdout.write(lint.sarif_report(report, version()))
    elif args.quiet:
        sys.stdout.writelines(line + "\n" for line in lint.finding_lines(report))
    else:
        sys.stdout.write(lint.text_report(report, args.group))
    return 1 if report.failing() else EXIT_OK


def _openapi(args: argparse.Namespace, config: Config, diags: Diagnostics) -> int:
    """``codegen openapi``: the one model as OpenAPI 3.1 (its wire following the API's OpenAPI when
    ``wire = "api"``), YAML on stdout or to ``--out`` (JSON for a ``.json`` file)."""
    from .openapi import export

    if not diags.errors:
        api = load_api(list(args.specs) or config.spec_paths(), diags, tuple(EMITTERS), config=config)
    if diags.errors:
        return _finish(Diagnostics(diags.errors), args, EXIT_INVALID)
    servers = [getattr(config.language_settings(lang), "base_url", None) for lang in EMITTERS]
    document = export.export(
        api,
        title=config.package.name or "API",
        version=config.package.version or "0.0.0",
        description=config.package.description,
        server=next((s for s in servers if isinstance(s, str) and s), None),
        renames={lang: config.language_settings(lang).renames for lang in EMITTERS},
    )
    text = export.dump(document, as_json=args.out is not None and args.out.suffix == ".json")
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        operations = sum(len(item) for item in document["paths"].values())
        print(f"codegen openapi: {operations} operations written to {args.out}", file=sys.stderr)
    return EXIT_OK


def _under(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in folders)


def _diff(args: argparse.Namespace, config: Config, diags: Diagnostics) -> int:
    """``codegen diff OLD [NEW]``: the changes of each SDK's surface and wire, and the bump each
    needs (codegen.diff); 0, or 1 with ``--fail-on`` and such a change; 2 on unreadable input."""
    from . import diff as diffing

    if diags.errors:
        return _finish(diags, args, EXIT_INVALID)
    languages = tuple(args.lang or [lang for lang in config.languages if lang in EMITTERS])
    try:
        with diffing.sides(args.old, args.new, config.spec_paths(), config.root) as (old, new):
            apis = []
            for side in (old, new):
                reading = Diagnostics()
                check_spec_paths(side.paths, reading, config_found=True)
                api = (
                    load_api(side.paths, reading, tuple(EMITTERS), max_fields=config.max_fields)
                    if not reading.errors
                    else None
                )
                shown = _side_display(side)
                errors = [replace(d, loc=d.loc._replace(file=shown(d.loc.file))) for d in reading.errors]
                if errors:
                    diags.error(Loc(side.label, 0, 0), f"the reference of {side.label} cannot be read")
                    diags.items += errors
                apis.append((api, shown))
            if diags.errors:
                return _finish(diags, args, EXIT_INVALID)
            (old_api, old_shown), (new_api, new_shown) = apis
            assert old_api is not None and new_api is not None
            emitters: dict[str, object] = {lang: emitter_for(lang, config, Diagnostics()) for lang in languages}
            report = diffing.compare(
                old_api,
                new_api,
                emitters,
                _position(old_shown),
                _position(new_shown),
                (old.label, new.label),
            )
    except diffing.DiffError as exc:
        diags.error(Loc(args.old, 0, 0), str(exc))
        return _finish(diags, args, EXIT_INVALID)
    render = {"json": diffing.json_report, "markdown": diffing.markdown_report}.get(args.format, diffing.text_report)
    sys.stdout.write(render(report))
    changed = any(d.changes for d in report.languages.values())
    failed = (args.fail_on == "breaking" and report.breaking()) or (args.fail_on == "any" and changed)
    return EXIT_DIFF if failed else EXIT_OK


def _side_display(side: Any) -> Any:
    """How a file of one side of a diff is named: a revision's files as the repository names them."""
    if side.folder is None:
        return lambda name: name
    prefixes = [str(side.folder) + "/", str(side.folder.resolve()) + "/"]

    def shown(name: str) -> str:
        for prefix in prefixes:
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    return shown


def _position(shown: Any) -> Any:
    return lambda loc: f"{shown(loc.file)}:{loc.line}" if loc is not None else None


def _check_document(status: str, result: output.Plan | None, diags: Diagnostics) -> dict[str, Any]:
    """``check --format json``'s one object: ``status`` is clean, stale or invalid (exit 2)."""
    result = result or output.Plan()
    return {
        "status": status,
        "changed": result.changed,
        "missing": result.missing,
        "extra": result.extra,
        "kept": result.kept,
        "orphaned": result.orphaned,
        "conflicts": [{"path": key, "reason": why} for key, why in sorted(result.conflicts.items())],
        "interrupted": result.interrupted,
        "diagnostics": [
            {
                "file": d.loc.file,
                "line": d.loc.line,
                "column": d.loc.col,
                "severity": d.severity.value,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diags.sorted()
        ],
    }


def _finish(diags: Diagnostics, args: argparse.Namespace, code: int, to_stderr_only: bool = False) -> int:
    """Print the run's diagnostics on stderr; returns ``code``.

    Errors come in full. Warnings come in full, sorted by position, when they fit on a screen
    (or with ``--verbose``); else one line per category, most harmful first. Notes (informational
    categories) are summarized in one line unless ``--verbose``. ``--strict`` prints every warning
    as the error it became, and says so."""
    command = getattr(args, "command", None)
    if code == EXIT_INVALID and command == "check" and getattr(args, "format", None) == "json":
        print(json.dumps(_check_document("invalid", None, diags), indent=2))  # always one object on stdout
    quiet = getattr(args, "quiet", False)
    verbose = getattr(args, "verbose", False)
    unique = diags.sorted()
    promoted = []
    if getattr(args, "strict", False) and code == EXIT_INVALID:
        promoted = [d for d in unique if d.severity is Severity.WARNING]
        unique = sorted(
            [d for d in unique if d.severity is not Severity.WARNING]
            + [
                replace(d, severity=Severity.ERROR, message=f"{d.message} [{d.code or OTHER}: a warning; --strict]")
                for d in promoted
            ]
        )
    if quiet:
        unique = [d for d in unique if d.severity is Severity.ERROR]
    if not unique:
        return code
    full = [d.format() for d in unique if verbose or d.severity is not Severity.NOTE]
    if not verbose and not promoted and sum(text.count("\n") + 1 for text in full) > SUMMARY_AFTER:
        lines = grouped(unique)
        tail = (
            " (a line per warning category, most harmful first: --verbose lists each; "
            "[tool.codegen.diagnostics] sets a category to ignore, note, warn or error)"
        )
    else:
        lines = full if verbose else [*full, *filter(None, [notes_line(diags_notes(unique))])]
        tail = ""
    errors, warnings, notes = counts(unique)
    if code == EXIT_INVALID and command in ("generate", "watch"):
        tail += "; nothing was written"
    lines.append(summary(errors, warnings, notes) + tail)
    if promoted:
        by_code: dict[str, int] = {}
        for d in promoted:
            by_code[d.code or OTHER] = by_code.get(d.code or OTHER, 0) + 1
        which = ", ".join(f"{n} {name}" for name, n in sorted(by_code.items(), key=lambda kv: (harm(kv[0]), kv[0])))
        outcome = {"generate": "nothing was written", "watch": "nothing was written", "check": "nothing was compared"}
        lines.append(
            f"codegen {command}: --strict made {_plural(len(promoted), 'warning')} "
            f"{'an error' if len(promoted) == 1 else 'errors'} ({which}); "
            f"{outcome.get(str(command), 'the run failed')}"
        )
    sys.stderr.write("\n".join(lines) + "\n")
    return code


def diags_notes(items: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in items if d.severity is Severity.NOTE]


if __name__ == "__main__":
    sys.exit(main())
