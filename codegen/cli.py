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

from . import cache, formatting, handwritten, output, overrides, starter
from .config import Config, find_config, load_config
from .diagnostics import Diagnostics
from .languages import EMITTERS
from .pipeline import emitter_for, generate_files, load_api

EXIT_OK, EXIT_DIFF, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_SIGPIPE = 141  # what a shell reports for a command its reader stopped reading
REPORT_URL = "the project's issue tracker"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="codegen", description="Generate SDK code from API reference front matter.")
    parser.add_argument("--config", type=Path, help="pyproject.toml or codegen.toml (default: found upwards from here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("specs", nargs="*", type=Path, help="spec files or folders (default: from the config)")
        sub.add_argument("--lang", action="append", choices=sorted(EMITTERS), help="only this language (repeatable)")
        sub.add_argument("--out", type=Path, help="output folder (default: from the config)")
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sub.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    common(commands.add_parser("generate", help="write the generated files"))
    check = commands.add_parser("check", help="compare the generated files with what is on disk; writes nothing")
    common(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    externals = commands.add_parser("externals", help="types the docs use but never define, per language")
    common(externals)
    stats = commands.add_parser("stats", help="counts per language: operations, models, options, diagnostics")
    common(stats)
    init = commands.add_parser("init", help="write a commented starter codegen.toml here")
    init.add_argument("--gitattributes", action="store_true", help="also append linguist-generated lines")
    templates = commands.add_parser("templates", help="list, show or copy the built-in templates")
    action = templates.add_mutually_exclusive_group(required=True)
    action.add_argument("--list", metavar="LANG", choices=sorted(EMITTERS), help="list a language's templates")
    action.add_argument("--copy", metavar="LANG", choices=sorted(EMITTERS), help="copy them into the override folder")
    action.add_argument("--show", metavar="LANG/FILE", help="print one built-in template")
    return parser


def main(argv: list[str] | None = None) -> int:
    # A run allocates ~10^6 objects that live to its end and almost no cycles: rarer collections
    # cut a cold run's time by about a quarter at the same peak memory (benchmarks/bench.py).
    gc.set_threshold(200_000, 50, 100)
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


def _run(args: argparse.Namespace) -> int:
    diags = Diagnostics()
    cache.writable = args.command == "generate"  # check, stats and externals write nothing
    if args.command == "init":
        return _init(args)
    config_path = args.config or find_config(Path.cwd())
    config = load_config(config_path, diags)
    if args.command == "templates":
        return _templates(args, config)
    if config.templates:
        overrides.check_overrides(config.root / config.templates, tuple(config.languages), diags, config.templates)
    if args.out is not None:
        out = args.out.resolve()
        config = config.model_copy(update={"out": out.as_posix(), "settings": _without_out(config), "manifest": None})
    languages = tuple(args.lang or [lang for lang in config.languages if lang in EMITTERS])
    if diags.errors:
        return _finish(diags, args, EXIT_INVALID)
    started = time.perf_counter()
    spec_paths = list(args.specs) or config.spec_paths()
    if args.command in ("externals", "stats"):
        return _report(args, load_api(spec_paths, diags, languages), config, languages, diags)
    # Workers for cold formatting, started before loading so their start-up overlaps it; with a
    # warm cache most files are hits and the few misses are cheaper to format in-process.
    formatters = {f for f in (EMITTERS[lang].formatter for lang in languages) if f}
    cold = [f for f in formatters if not cache.memo(f.name).is_warm()]
    preload = tuple(sorted({f.preload for f in cold}))
    with formatting.workers(formatting.jobs() if cold else 0, preload) as workers:
        files = generate_files(spec_paths, config, languages, diags, workers)
    if diags.has_errors(strict=args.strict):
        return _finish(diags, args, EXIT_INVALID)
    root = config.root.resolve()
    out_dirs = [config.out_dir(lang) for lang in languages]
    manifest = config.manifest_path
    files = handwritten.drop_kept(files, handwritten.keep_spec(root, config.keep_file))
    # The manifest records what codegen wrote, without hand-written region bodies.
    manifest_files = _merged_manifest(root, manifest, files, out_dirs)
    files = handwritten.carry_regions(root, files)
    files[manifest] = output.manifest_text(manifest_files, manifest)
    result = output.plan(root, files, manifest, out_dirs, diffs=args.command == "check")
    keep = handwritten.keep_spec(root, config.keep_file)
    if keep is not None:
        result.extra = [name for name in result.extra if not keep.match_file(name)]
    if args.command == "generate":
        output.apply(root, files, result, manifest, out_dirs)
        cache.save_all()
        _finish(diags, args, EXIT_OK)
        if not args.quiet:
            elapsed = time.perf_counter() - started
            print(
                f"codegen: {len(files)} files for {len(languages)} languages; "
                f"{len(result.changed)} changed, {len(result.missing)} new, {len(result.extra)} removed "
                f"({elapsed:.2f}s)",
                file=sys.stderr,
            )
            for kept in result.kept:
                print(f"{kept}: warning: no longer generated but edited by hand; left in place", file=sys.stderr)
        return EXIT_OK
    return _check_report(args, diags, result)


def _init(args: argparse.Namespace) -> int:
    target = Path.cwd() / "codegen.toml"
    if target.exists():
        print(f"codegen init: {target.name} already exists; not overwritten", file=sys.stderr)
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

        path = builtin_templates() / args.show
        if ".." in Path(args.show).parts or not path.is_file():
            print(f"codegen templates: no built-in template {args.show!r}", file=sys.stderr)
            return EXIT_INVALID
        sys.stdout.write(path.read_text(encoding="utf-8"))
        return EXIT_OK
    folder = config.templates or "codegen-templates"
    copied = overrides.copy_templates(args.copy, config.root / folder)
    for path in copied:
        print(f"copied {path.relative_to(config.root)}")
    if not config.templates:
        print(f'set templates = "{folder}" in your codegen config to use them')
    return EXIT_OK


def _without_out(config: Config) -> dict[str, object]:
    return {lang: s.model_copy(update={"out": None}) for lang, s in config.settings.items()}


def _merged_manifest(root: Path, manifest: str, files: dict[str, str], out_dirs: list[str]) -> dict[str, str]:
    """This run's files plus the earlier run's entries for languages not run now."""
    previous = output.read_manifest(root, manifest)
    merged = {name: text for name, text in files.items() if name != manifest}
    keep = [name for name in previous if not any(name.startswith(d + "/") for d in out_dirs)]
    result = dict(merged)
    for name in keep:
        try:
            result[name] = handwritten.strip_regions((root / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return result


def _check_report(args: argparse.Namespace, diags: Diagnostics, result: output.Plan) -> int:
    code = EXIT_OK if result.clean else EXIT_DIFF
    if args.format == "json":
        _finish(diags, args, code, to_stderr_only=True)
        document = {
            "status": "clean" if result.clean else "stale",
            "changed": result.changed,
            "missing": result.missing,
            "extra": result.extra,
            "kept": result.kept,
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
        print(json.dumps(document, indent=2))
        return code
    _finish(diags, args, code)
    if result.clean:
        print("codegen check: generated files are up to date")
        return code
    total = len(result.changed) + len(result.missing) + len(result.extra)
    print(
        f"codegen check: {total} generated files are stale "
        f"({len(result.changed)} changed, {len(result.missing)} missing, {len(result.extra)} extra); "
        "run 'codegen generate'"
    )
    for label, names in (("changed", result.changed), ("missing", result.missing), ("extra", result.extra)):
        for name in names:
            print(f"  {label}: {name}")
    for name in sorted(result.diffs):
        sys.stdout.write(result.diffs[name])
    return code


def _report(
    args: argparse.Namespace, api: object, config: Config, languages: tuple[str, ...], diags: Diagnostics
) -> int:
    from .ir import API

    assert isinstance(api, API)
    if args.command == "externals":
        for language in languages:
            if language in api.languages:
                names = emitter_for(language, config, diags).externals(api.languages[language])
                print(f"{language}: {len(names)} externals")
                for name in names:
                    print(f"  {name}")
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


def _finish(diags: Diagnostics, args: argparse.Namespace, code: int, to_stderr_only: bool = False) -> int:
    quiet = getattr(args, "quiet", False)
    shown = diags.errors if quiet else diags.items
    if shown:
        report = Diagnostics(list(shown))
        sys.stderr.write(report.render())
    return code


if __name__ == "__main__":
    sys.exit(main())
