"""What every language module provides, and the helpers they share."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Literal

import jinja2

from .. import text
from ..checked import Record, field_validator
from ..diagnostics import Diagnostics, Loc
from ..formatting import Formatter
from ..ir import LanguageAPI, Model, OptionClass, all_fields
from ..naming import is_identifier
from ..policy import DEFAULT_NAME_RANK, LanguagePolicy
from ..samples import Declarations, SampleCall, sample_call
from ..types import Named, TypeExpr, walk

# The escaping layer (codegen/text.py) as template filters over raw docs text, for templates
# (overrides included) that paste it: ``{{ wire | python_string }}``, ``{{ url | one_line }}``.
TEMPLATE_FILTERS: dict[str, Callable[[str], Any]] = {
    "comment_lines": text.lines,
    "one_line": text.one_line,
    "go_comment_lines": text.go_comment_lines,
    "xml_doc": lambda value: text.xml_doc(text.one_line(value)),
    "javadoc": lambda value: text.javadoc_line(text.one_line(value)),
    "block_comment": lambda value: text.block_comment_safe(text.one_line(value)),
    "python_string": text.python_string,
    "ts_string": text.ts_string,
    "go_string": text.go_string,
    "php_string": text.php_string,
    "ruby_string": text.ruby_string,
    "shell_word": text.shell_word,
    "csharp_string": text.csharp_string,
}

# A documented name a rename may give: ASCII word characters (``-`` for curl script names,
# ``$`` for JS, a final ``?``/``!`` for Ruby methods). Each language still sanitizes it.
_RENAME = re.compile(r"[A-Za-z0-9_$-]+[?!]?")
_INITIALISM = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def setting_matches(value: str, pattern: str | re.Pattern[str], rule: str) -> str:
    """``value`` when the whole of it matches ``pattern``; else a ValueError saying ``rule``.

    Settings are pasted into code (a Go module path into go.mod, a namespace into every
    file): one that is not what its language allows is a config error, never escaped.
    """
    if not re.fullmatch(pattern, value):
        raise ValueError(f"{value!r} is not valid: {rule}")
    return value


def package_name(value: str | None) -> str | None:
    if value is not None:
        rule = "a package name: ASCII letters, digits, '.', '_', '-', '/' (and a leading '@')"
        setting_matches(value, r"@?[A-Za-z0-9][A-Za-z0-9._/-]{0,213}", rule)
    return value


def semver(value: str | None) -> str | None:
    if value is not None:
        setting_matches(value, r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?", "a version is MAJOR.MINOR.PATCH[-PRERELEASE]")
    return value


def one_line_setting(value: str | None) -> str | None:
    if value is not None:
        setting_matches(value, r"[^\x00-\x1f\x7f]{1,500}", "one line of at most 500 characters, no control characters")
    return value


class LanguageSettings(Record):
    """Per-language settings from ``[tool.codegen.<language>]``; languages extend it."""

    # Where this language's files go, relative to the output directory.
    out: str | None = None
    # Explicit renames of documented names: {"getSSOURL": "getSsoUrl"}.
    renames: dict[str, str] = {}
    # Extra initialisms to write in capitals (Go-style names).
    initialisms: list[str] = []
    # "http": method bodies make the documented HTTP call on the generated runtime;
    # "stub": bodies only raise "not implemented" (for teams that only want the surface).
    bodies: Literal["http", "stub"] = "http"
    # Also write a usage snippet per operation into ``examples/<area>/<operation>.md`` (a Markdown
    # code block, for docs' code tabs): the call with deterministic sample arguments, the code the
    # conformance run compiles and runs.
    examples: bool = False
    # A formatter run over this language's generated files after rendering, as part of generate
    # and check (so an override needs no hand alignment): the command, to which the paths of
    # the files matching ``format_glob`` are appended (``["gofmt", "-w"]``, ``["npx", "prettier",
    # "--write"]``). It runs in a temporary copy; its results are what is written and compared.
    format_command: list[str] = []
    format_glob: str = "*"
    # The package this language's SDK is published as (its manifest, README and User-Agent);
    # unset keys take ``[tool.codegen.package]``'s, then the language's own default name.
    package_name: str | None = None
    version: str = "0.1.0"
    description: str | None = None
    license: str | None = None
    repository: str | None = None
    author: str | None = None

    _package_name = field_validator("package_name")(lambda cls, v: package_name(v))
    _version = field_validator("version")(lambda cls, v: semver(v))
    _one_line = field_validator("description", "license", "repository", "author")(lambda cls, v: one_line_setting(v))

    @field_validator("renames")
    @classmethod
    def _renames_are_names(cls, value: dict[str, str]) -> dict[str, str]:
        for new in value.values():
            setting_matches(new, _RENAME, "a rename is a name: ASCII letters, digits, '_', '$' or '-'")
        return value

    @field_validator("initialisms")
    @classmethod
    def _initialisms_are_words(cls, value: list[str]) -> list[str]:
        for word in value:
            setting_matches(word, _INITIALISM, "an initialism is one word of ASCII letters and digits")
        return value


class Emitter(ABC):
    """A language: naming, type mapping, reserved words, layout. Rendering is pure."""

    name: ClassVar[str]
    settings_model: ClassVar[type[LanguageSettings]] = LanguageSettings
    # Named types the language itself provides (never reported as externals).
    builtin_types: ClassVar[frozenset[str]] = frozenset()
    # True when the emitter declares inline objects itself (Go, in the service's package): the
    # linker then leaves them as they are instead of making them models of the field's area.
    declares_inline_objects: ClassVar[bool] = False
    # How the language writes a closed set of string values (codegen.enums): "named" declares an
    # enum for every literal union and for names it uses but never defines; "inline" keeps literal
    # unions in place and declares only the names (a TypeScript union alias, a Python Literal);
    # "none" leaves both as the docs spell them.
    enum_style: ClassVar[Literal["none", "named", "inline"]] = "none"
    # Bare type names that mean a list or a keyed object alike (PHP's ``array``; see LanguagePolicy).
    keyed_arrays: ClassVar[frozenset[str]] = frozenset()
    # Run over every rendered file after ``render`` (black for Python); None: templates are final.
    formatter: ClassVar[Formatter | None] = None
    # The info string of a Markdown code fence of this language (usage snippets).
    fence: ClassVar[str] = ""
    # The language's own template filters, beside the escaping layer's (TEMPLATE_FILTERS).
    filters: ClassVar[dict[str, Callable[..., Any]]] = {}
    # True when the language's entries are the HTTP reference every other language links to.
    http_reference: ClassVar[bool] = False
    # Other names people type for the language (``--lang typescript``, ``languages = ["csharp"]``).
    aliases: ClassVar[tuple[str, ...]] = ()
    # Whose name an enum takes when languages name one closed set of values differently: the
    # lowest rank wins (codegen.enums; the statically typed languages rank first).
    enum_name_rank: ClassVar[int] = DEFAULT_NAME_RANK

    @classmethod
    def formatter_for(cls, overridden: bool) -> Formatter | None:
        """The formatter a run's files go through; ``overridden``: some templates are the user's."""
        return cls.formatter

    @classmethod
    def policy(cls) -> LanguagePolicy:
        """What the language-neutral stages need to know of this language."""
        return LanguagePolicy(
            builtin_types=cls.builtin_types,
            declares_inline_objects=cls.declares_inline_objects,
            enum_style=cls.enum_style,
            keyed_arrays=cls.keyed_arrays,
            http_reference=cls.http_reference,
            aliases=cls.aliases,
            enum_name_rank=cls.enum_name_rank,
        )

    def __init__(self, settings: LanguageSettings, env: jinja2.Environment, diags: Diagnostics) -> None:
        self.settings = settings
        self.env = env
        self.diags = diags
        env.filters.update(TEMPLATE_FILTERS)
        env.filters.update(self.filters)

    @abstractmethod
    def render_each(self, api: LanguageAPI) -> Iterator[tuple[str, str]]:
        """Each file as (path relative to this language's output dir, text), made when asked for
        (a run writes each away before the next is made: codegen.texts)."""

    def render(self, api: LanguageAPI) -> dict[str, str]:
        """``{path relative to this language's output dir: text}``."""
        return dict(self.render_each(api))

    def examples(self, api: LanguageAPI) -> dict[str, str]:
        """Usage snippets, one per operation with an HTTP reference, when the settings ask."""
        if not self.settings.examples:
            return {}
        decls = Declarations.of(api)
        files: dict[str, str] = {}
        for op in sorted(api.operations, key=lambda o: (o.area, o.key, o.loc)):
            if op.http is None:
                continue
            code = self.example_call(sample_call(op, api, decls), api)
            if code is None:
                continue
            folder = op.area or op.service or op.http.path.strip("/").split("/")[0]
            stem = f"examples/{_file_part(folder or 'api')}/{_file_part(op.key)}"
            path, count = f"{stem}.md", 2
            while path in files:
                path, count = f"{stem}_{count}.md", count + 1
            fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
            title = text.one_line(f"{op.key}: {op.http.method} {op.http.path}")
            files[path] = (
                f"<!-- {text.GENERATED_NOTICE} -->\n<!-- {title.replace('--', '- -')} -->\n\n"
                f"{fence}{self.fence or self.name}\n{code.rstrip()}\n{fence}\n"
            )
        return files

    def example_call(self, call: SampleCall, api: LanguageAPI) -> str | None:
        """The statements that make ``call`` on a client (a usage snippet; the conformance
        drivers run them): the operation called with ``call.args`` at their paths, the result
        kept. None when the language has no such snippet."""
        return None

    def reinterpretation(self, expr: TypeExpr) -> str | None:
        """Why this node, as the docs spell it, is not valid in this language (None when it is).

        Only the node itself is judged (its spelling), not its children. Languages override this.
        """
        return None

    def report_reinterpretations(self, api: LanguageAPI) -> int:
        """One warning per type string the docs spell in a way this language does not accept."""
        count = 0
        seen: set[tuple[Loc, str]] = set()
        for field in all_fields(api):
            # A field can be reached twice (an option class or inline model and the parameter it came from).
            # A field whose type no docs text spells in this language (copied from the HTTP
            # reference or another language) has nothing of this language's to reinterpret.
            if field.type is None or field.type_text is None or (field.loc, field.name) in seen:
                continue
            seen.add((field.loc, field.name))
            reasons = [r for r in (self.reinterpretation(node) for node in walk(field.type)) if r]
            if reasons:
                count += 1
                self.diags.warning(
                    field.loc,
                    f"{self.name} type {field.type_text!r} of '{field.name}' is not valid {self.name}: "
                    + "; ".join(reasons),
                    code="type-reinterpreted",
                )
        return count

    # False for languages whose documented names are not identifiers (curl's are wire names).
    checks_identifiers: ClassVar[bool] = True

    def report_identifiers(self, api: LanguageAPI) -> None:
        """A warning for every documented name that is not an identifier (it gets sanitized)."""
        if not self.checks_identifiers:
            return
        named: list[tuple[str, Loc, str]] = [(op.name, op.loc, "method") for op in api.operations]
        named += [(m.name, m.loc, "class") for m in api.models]
        named += [(f.name, f.loc, "name") for f in all_fields(api)]
        for name, loc, what in named:
            if not is_identifier(name):
                self.diags.warning(
                    loc,
                    f"{what} '{name}' is not a valid {self.name} identifier; it is written sanitized",
                    code="identifier-sanitized",
                )

    def template(self, template_name: str, /, **context: Any) -> str:
        """The rendered template; an error in a template override is an error diagnostic at its
        file and line (once), and the text is empty: the run goes on, then fails with exit 2."""
        from ..render import TemplateProblem, render_template

        try:
            return render_template(self.env, template_name, context)
        except TemplateProblem as problem:
            if not any(d.loc == problem.loc and d.message == problem.message for d in self.diags.errors):
                self.diags.error(problem.loc, problem.message)
            return ""

    def class_collision(self, loc: Loc, name: str, later: str, first: str) -> None:
        """Two documented classes this language spells ``name``: only the first is generated.

        Fields, parameters and methods are numbered instead (:class:`codegen.naming.UniqueNames`);
        a class is not, because the types that name either documented spelling resolve to one.
        """
        self.diags.warning(
            loc,
            f"{self.name} class {name}: '{later}' and '{first}' are both {name}; "
            f"only '{first}' is generated, and types naming '{later}' mean it",
            f"rename one of them with [tool.codegen.{self.name}] renames",
            code="name-collision",
        )

    def rename(self, name: str) -> str:
        return self.settings.renames.get(name, name)

    def externals(self, api: LanguageAPI) -> list[str]:
        """Named types the docs use but never define in this language: the SDK must provide them.

        A type is external when the linker found no model or option class for it
        (``Named.area is None``); undefined base classes count too.
        """
        used: set[str] = set()
        for field in all_fields(api):
            for node in named_types(field.type):
                if node.area is None and node.name not in self.builtin_types:
                    used.add(f"{node.qualifier}.{node.name}" if node.qualifier else node.name)
        defined = {m.name for m in api.models} | {o.name for o in api.options}
        items: list[Model | OptionClass] = [*api.models, *api.options]
        for item in items:
            if item.base and item.base not in defined and item.base not in self.builtin_types:
                used.add(item.base)
        return sorted(used)


def _file_part(name: str) -> str:
    """A docs name as one file-name part: ASCII word characters and '-' only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "operation"


def named_types(expr: TypeExpr | None) -> list[Named]:
    return [n for n in walk(expr) if isinstance(n, Named)] if expr is not None else []
