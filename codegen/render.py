"""The one Jinja environment factory; templates stay thin, Python computes names and types.

Built-in templates are codegen's own code: they render in a plain environment, and an error in
one is a bug in codegen (an internal error naming the template and line). A language with a
template override folder (``templates = "..."`` in the config) may run a stranger's templates
(``codegen check`` in someone else's repo), so it renders, built-ins included, in Jinja's sandbox:
override files are regular UTF-8 files inside the override folder (no links out of it), templates
see no ``_`` attributes (``''.__class__``...), no unsafe callables, ``range`` up to 100000 items,
``*`` and ``**`` and each template's output bounded in size, and a time budget per language
(``CODEGEN_TEMPLATE_SECONDS``, default 10; the whole corpus needs about 0.05 s per language).
There, any error (syntax, undefined name, runtime error, sandbox violation, time-out) is a
``TemplateProblem`` at the template's file and line, which the emitter reports as a diagnostic.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
import os
import re
import signal
import stat
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.loaders
import jinja2.runtime
import jinja2.sandbox
import jinja2.utils

from . import cache
from .diagnostics import Loc

_PACKAGE_DIR = Path(__file__).resolve().parent

DEFAULT_SECONDS = 10.0
# Characters one override render may produce or build with ``*``; the largest corpus file has 43k.
MAX_TEXT = 10_000_000
MAX_TEMPLATE_BYTES = 1_000_000  # the largest built-in template has a few kB
_MAX_BITS = 100_000  # of a number built with **


def builtin_templates() -> Path:
    """``templates/`` beside the package in a checkout, ``codegen/templates`` in a wheel."""
    inside = _PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / "templates"


_OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": False,
    # A run reads each template once: no stat of its file on every later use (a run of 10,000
    # pages asked about 50,000 times whether a template had changed since it was read).
    "auto_reload": False,
}


class _Template(jinja2.Template):
    """A template that notes the contexts made while one file renders: its own, and one per
    macro file it imports ``with context``. Each such context and its macros refer to one
    another, a cycle only the collector frees; with the context go every view the file was given.
    :func:`rendered` lets go of them when the file is done."""

    def new_context(
        self, vars: dict[str, Any] | None = None, shared: bool = False, locals: Mapping[str, Any] | None = None
    ) -> jinja2.runtime.Context:
        context = super().new_context(vars, shared, locals)
        if _RENDERING:
            _RENDERING[-1].append((context, shared))
        return context


class _Context(jinja2.runtime.Context):
    """The built-in templates' context. Jinja routes every call a template makes through
    :meth:`call`, which looks on the callable (and on its ``__call__``) for a request to be
    passed the context, the evaluation context or the environment. A macro, or a function
    that asks for none of them, is called at once (the same outcome: no argument added, the
    loop's and block's variables dropped, a StopIteration made undefined); anything else goes
    Jinja's way. A run of 10,000 pages makes about 800,000 calls."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLS or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


# Callables whose __call__ never asks for the context: a macro's does not, nor a function's.
_PLAIN_CALLS = frozenset({jinja2.runtime.Macro, types.FunctionType, types.BuiltinFunctionType, types.MethodType})


# The contexts made by the renders going on (innermost last), each with whether it was made
# ``shared`` (a macro file imported with context).
_RENDERING: list[list[tuple[jinja2.runtime.Context, bool]]] = []


def rendered(template: jinja2.Template, context: dict[str, Any]) -> str:
    """``template.render(context)``; then the file's own context and those of the macro files it
    imported with context let go of what they hold. A module imported without context is kept
    (Jinja caches it for the next file)."""
    made: list[tuple[jinja2.runtime.Context, bool]] = []
    _RENDERING.append(made)
    try:
        return template.render(context)
    finally:
        _RENDERING.pop()
        for index, (ctx, shared) in enumerate(made):
            if index == 0 or shared:
                ctx.vars = {}
                ctx.parent = {}


def environment(language: str, override: Path | None = None) -> jinja2.Environment:
    builtin = builtin_templates() / language
    if override is not None and (override / language).is_dir():
        return OverrideEnvironment(override, language, builtin)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(builtin)),
        bytecode_cache=cache.template_cache(builtin_templates()),
        **_OPTIONS,
    )
    env.template_class = _Template
    env.context_class = _Context
    return env


class RenderTimeout(jinja2.TemplateRuntimeError):
    """A template override rendered past its time budget."""


class OverrideFileError(jinja2.TemplateError):
    """A file in the override folder that is not a template codegen will read."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(message)
        self.filename = filename


class _OverrideLoader(jinja2.FileSystemLoader):
    """The override folder, then the built-ins. An override must be a UTF-8 regular file of at
    most MAX_TEMPLATE_BYTES whose real path is inside the override folder: a link out of it
    (to ``/proc/self/environ``, ``~/.ssh/...``) would copy the machine's secrets into the output
    and into ``check``'s diff."""

    def __init__(self, root: Path, folder: Path, builtin: Path) -> None:
        super().__init__([str(folder), str(builtin)])
        self.root = root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.normpath(os.path.join(self.searchpath[0], *jinja2.loaders.split_template_path(template)))
        if not os.path.lexists(path):
            return super().get_source(environment, template)
        if not Path(path).resolve().is_relative_to(self.root.resolve()):
            raise OverrideFileError(path, "is a link to outside the template override folder; refused")
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                raise OverrideFileError(path, "is not a regular file; refused")
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise OverrideFileError(path, f"is over {MAX_TEMPLATE_BYTES} bytes; refused")
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
        except UnicodeDecodeError as exc:
            raise OverrideFileError(path, f"is not UTF-8 (byte 0x{exc.object[exc.start]:02x})") from None
        except OSError as exc:
            raise OverrideFileError(path, f"cannot be read: {exc.strerror or exc}") from None
        return source, path, lambda: True


class TemplateProblem(Exception):
    """An error in a template override, where it is: reported as a diagnostic, never a traceback."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(f"{loc}: {message}")
        self.loc, self.message = loc, message


# What a template may read of a value, by its type: a template sees data, never an object that
# reaches outside (a pydantic model's ``parse_raw(..., allow_pickle=True)`` runs code).
_STR_ATTRIBUTES = frozenset(
    [
        "capitalize",
        "casefold",
        "center",
        "count",
        "endswith",
        "find",
        "format",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "isidentifier",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rfind",
        "rindex",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "zfill",
        "expandtabs",
    ]
)
_MAPPING_ATTRIBUTES = frozenset({"keys", "values", "items", "get"})
_SEQUENCE_ATTRIBUTES = frozenset({"index", "count"})
# Jinja's own helpers in a template: the loop variable, namespaces, cyclers and joiners.
_JINJA_TYPES: tuple[type, ...] = (
    jinja2.runtime.LoopContext,
    jinja2.utils.Namespace,
    jinja2.utils.Cycler,
    jinja2.utils.Joiner,
)


def readable(obj: Any, attr: str) -> bool:
    """Whether a template may read ``obj.attr``: a dataclass's fields (the plan's views, a
    language's settings; not their methods or properties), a few side-effect-free methods of strings, mappings and
    sequences, and Jinja's loop variables; nothing else."""
    if attr.startswith("_"):
        return False
    if isinstance(obj, str):
        return attr in _STR_ATTRIBUTES
    if isinstance(obj, Mapping):
        return attr in _MAPPING_ATTRIBUTES
    if isinstance(obj, (list, tuple)) and not hasattr(type(obj), "_fields"):
        return attr in _SEQUENCE_ATTRIBUTES
    if isinstance(obj, _JINJA_TYPES):
        return True
    if _codegen_property(obj, attr):
        return True
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return attr in {f.name for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple):  # a NamedTuple
        return attr in type(obj)._fields  # type: ignore[attr-defined]
    return False


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")


def _codegen_property(obj: Any, attr: str) -> bool:
    """A property that codegen's own view classes define (computed data, no arguments)."""
    owner = type(obj)
    return owner.__module__.startswith("codegen.") and isinstance(inspect.getattr_static(owner, attr, None), property)


def _width_too_big(text: str) -> bool:
    """A %-format or str.format spec with a width or precision past MAX_TEXT (``%800000000s``,
    ``{:>800000000}``)."""
    numbers = [n for spec in _PERCENT_SPEC.findall(text) for n in spec if n]
    numbers += [n for spec in _FORMAT_SPEC.findall(text) for n in re.findall(r"\d+", spec)]
    return any(int(n) > MAX_TEXT for n in numbers)


def _estimated(method: str, text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The length a bounded string method would return (an upper bound, computed cheaply)."""
    numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
    if method in ("ljust", "rjust", "center", "zfill"):
        return max([len(text), *numbers])
    if method == "expandtabs":
        return len(text) * max([8, *numbers])
    if method == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        old, new = args[0], args[1]
        count = len(text) + 1 if not old else text.count(old)
        return len(text) + count * max(0, len(new) - len(old))
    if method in ("format", "format_map"):
        strings = [a for a in (*args, *kwargs.values()) if isinstance(a, str)]
        too_big = _width_too_big(text) or any(n > MAX_TEXT for n in numbers)
        return MAX_TEXT + 1 if too_big else len(text) + sum(len(a) for a in strings)
    if method == "join" and args and isinstance(args[0], (list, tuple)):
        parts = args[0]
        return sum(len(p) if isinstance(p, str) else 0 for p in parts) + len(text) * len(parts)
    return 0


def _bounded_filter(name: str, filter_function: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that can allocate (``center``, ``indent``, ``format``, ``replace``,
    ``tojson``, ``wordwrap``) refuses arguments that would make a string past MAX_TEXT."""

    @functools.wraps(filter_function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, (jinja2.Environment, jinja2.runtime.Context))]
        value = str(values[0]) if values else ""
        rest = tuple(values[1:])
        if name in ("center", "replace", "format"):
            method = {"center": "center", "replace": "replace", "format": "format"}[name]
            size = _estimated(method, value, rest, kwargs)
        else:  # indent, tojson, wordwrap: their numbers are widths and indents
            numbers = [a for a in (*rest, *kwargs.values()) if isinstance(a, int)]
            strings = [a for a in (*rest, *kwargs.values()) if isinstance(a, str)]
            lines = value.count("\n") + 1
            size = len(value) + lines * (max([0, *numbers]) + sum(len(s) for s in strings))
        if size > MAX_TEXT:
            raise jinja2.exceptions.SecurityError(f"filter {name!r} with a result this large is not allowed")
        return filter_function(*args, **kwargs)

    return bounded


_ALLOCATING_FILTERS = ("center", "indent", "format", "replace", "tojson", "wordwrap")


class OverrideEnvironment(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """The sandbox for a language with an override folder (searched before the built-ins).

    Immutable (no ``list.append`` or ``dict.update`` from a template), reading only what
    :func:`readable` allows, and bounded: string methods, ``%`` and the filters that can
    allocate refuse results past MAX_TEXT before making them.

    No bytecode cache: code compiled here differs from the plain environment's (calls go through
    the sandbox) while Jinja's cache key would be the same. Compiling one language costs ~20 ms.
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, root: Path, language: str, builtin: Path) -> None:
        super().__init__(loader=_OverrideLoader(root, root / language, builtin), **_OPTIONS)
        self.template_class = _Template
        for name in _ALLOCATING_FILTERS:
            self.filters[name] = _bounded_filter(name, self.filters[name])
        self.folder = root / language
        self.budget = _budget()
        self.spent = 0.0
        self.deadline: float | None = None  # time.monotonic() value while rendering
        self.failed: dict[str, TemplateProblem] = {}  # a broken template is reported once
        self.timed_out: TemplateProblem | None = None  # then the language renders no more

    def render_bounded(self, name: str, context: dict[str, Any]) -> str:
        problem = self.timed_out or self.failed.get(name)
        if problem is not None:
            raise problem
        started = time.monotonic()
        self.deadline = started + self.budget - self.spent
        try:
            with _alarm(self):
                return rendered(self.get_template(name), context)
        except Exception as exc:
            problem = self._problem(name, exc)
            if problem is None:
                raise
            self.failed[name] = problem
            if isinstance(exc, RenderTimeout):
                self.timed_out = problem
            raise problem from exc
        finally:
            self.deadline = None
            self.spent += time.monotonic() - started

    def check_deadline(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.expire()

    def expire(self) -> None:
        if self.deadline is not None:  # raised once, while rendering; the render unwinds
            self.deadline = None
            raise RenderTimeout(
                f"rendering took over {self.budget:g} s (an endless loop?) and was stopped; "
                "CODEGEN_TEMPLATE_SECONDS sets the budget"
            )

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return readable(obj, attr) and super().is_safe_attribute(obj, attr, value)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.check_deadline()  # off the main thread (no SIGALRM) loops that call something still stop
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str) and _estimated(getattr(obj, "__name__", ""), owner, args, kwargs) > MAX_TEXT:
            raise jinja2.exceptions.SecurityError(f"str.{obj.__name__} with a result this large is not allowed")
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        count, item = (left, right) if isinstance(left, int) else (right, left)
        if operator == "*":
            too_big = isinstance(count, int) and isinstance(item, str | list | tuple) and count * len(item) > MAX_TEXT
        elif operator == "%":
            values = right if isinstance(right, tuple) else (right,)
            too_big = isinstance(left, str) and (
                _width_too_big(left) or ("*" in left and any(isinstance(v, int) and v > MAX_TEXT for v in values))
            )
        else:  # "**"
            too_big = isinstance(left, int) and isinstance(right, int) and right * abs(left).bit_length() > _MAX_BITS
        if too_big:
            raise jinja2.exceptions.SecurityError(f"{operator!r} with a result this large is not allowed")
        return super().call_binop(context, operator, left, right)

    def concat(self, parts: Iterable[str]) -> str:  # joins all output: bounded in size and time
        kept: list[str] = []
        size = 0
        for part in parts:
            kept.append(part)
            size += len(part)
            if size > MAX_TEXT:
                raise jinja2.exceptions.SecurityError(f"output longer than {MAX_TEXT} characters is not allowed")
            if len(kept) % 512 == 0:
                self.check_deadline()
        return "".join(kept)

    def _problem(self, name: str, exc: Exception) -> TemplateProblem | None:
        """Where in the override the error is (None when no override is involved: codegen's bug)."""
        frames = template_frames(exc)
        mine = [(file, line) for file, line in frames if self.is_override(file)]
        if isinstance(exc, OverrideFileError):  # raised while loading it (perhaps from a built-in)
            file, line = exc.filename, 1
        elif mine:
            file, line = mine[-1]
        elif isinstance(exc, RenderTimeout) or (not frames and os.path.lexists(self.folder / name)):
            file, line = frames[-1] if frames else (str(self.folder / name), 1)
        else:
            return None
        return TemplateProblem(Loc(_display(Path(file)), line, 1), _message(exc))

    def is_override(self, file: str) -> bool:
        return Path(file).resolve().is_relative_to(self.folder.resolve())


# When set (``codegen templates --context``): per template, each context variable's shape.
CONTEXT_LOG: dict[str, dict[str, str]] | None = None


def describe(value: Any, depth: int = 0) -> str:
    """A value's shape for the template context listing: ``list[_Method(name, params, body)]``."""
    if isinstance(value, (list, tuple)):
        return f"list[{describe(value[0], depth + 1) if value else 'empty'}]"
    if isinstance(value, dict):
        return (
            "dict"
            if not value
            else f"dict[{type(next(iter(value))).__name__}, {describe(next(iter(value.values())), depth + 1)}]"
        )
    fields = getattr(value, "__dataclass_fields__", None)
    if fields and depth < 2:
        return f"{type(value).__name__}({', '.join(fields)})"
    return type(value).__name__


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render ``name``. In an override environment any error in an override raises TemplateProblem;
    an error in a built-in template is codegen's bug: it propagates, noting the template's line."""
    if CONTEXT_LOG is not None:
        seen = CONTEXT_LOG.setdefault(name, {})
        for key, value in context.items():
            if key not in seen or seen[key].endswith("[empty]") or seen[key] == "NoneType":
                seen[key] = describe(value)
    try:
        if isinstance(env, OverrideEnvironment):
            return env.render_bounded(name, context)
        return rendered(env.get_template(name), context)
    except TemplateProblem:
        raise
    except Exception as exc:
        frames = template_frames(exc)
        if frames:
            exc.add_note(f"in codegen's built-in template {frames[-1][0]}:{frames[-1][1]}")
        raise


def template_frames(exc: BaseException) -> list[tuple[str, int]]:
    """(template file, line) of each template frame of the error, outermost first.

    Jinja rewrites a template error's traceback so template code shows as frames of the template
    file at its own line numbers; those frames carry ``__jinja_exception__`` in their globals.
    """
    frames = []
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        frames.append((exc.filename, exc.lineno))
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _message(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template (sandbox): {exc}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, OverrideFileError):
        return f"template {exc}"
    if isinstance(exc, RenderTimeout | jinja2.UndefinedError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _display(path: Path) -> str:
    """Relative to the current folder when inside it (as spec paths are shown), else as is.
    The file's own name is kept even when it is a link."""
    full = Path(os.path.abspath(path))
    for here in (Path.cwd(), Path.cwd().resolve()):
        if full.is_relative_to(here):
            return full.relative_to(here).as_posix()
    return path.as_posix()


def _budget() -> float:
    try:
        seconds = float(os.environ.get("CODEGEN_TEMPLATE_SECONDS", DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if seconds > 0 else DEFAULT_SECONDS


@contextlib.contextmanager
def _alarm(env: OverrideEnvironment) -> Iterator[None]:
    """Until the block ends, SIGALRM at the deadline stops even a loop that calls nothing.

    Only the main thread receives signals; elsewhere ``check_deadline`` in the sandbox's hooks
    is the bound. An outer timer (a test runner's) is put back afterwards.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    assert env.deadline is not None

    def expired(signum: int, frame: FrameType | None) -> None:
        env.expire()

    previous = signal.signal(signal.SIGALRM, expired)
    started = time.monotonic()
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, max(env.deadline - started, 1e-3))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - (time.monotonic() - started), 1e-3), outer_interval)
