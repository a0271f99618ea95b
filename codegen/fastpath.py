"""A no-op decided before the pipeline loads (standard library only).

A plain ``generate`` records, in the user's own cache (codegen.cache: a private folder, every
entry authenticated with the user's key), a fingerprint of every input of the run (codegen's own
code and templates, black's version, the config file, every file under the spec folders, the
template overrides and the keep file) next to the digest of the manifest it wrote. A plain
``check`` or ``generate`` whose inputs have that fingerprint, whose manifest is that one, and
whose outputs still hold what the manifest lists (keep-region bodies aside, scripts still
executable, no interrupted run), is up to date: it ends there, without importing the pipeline.
Anything else (another input, an edited manifest or output, a narrowed run, ``--strict``, a
config codegen cannot read here, no cache: a fresh clone in CI) takes the full path, so a fast
answer is never a different answer. Nothing in the repository vouches for itself: outputs edited
together with their manifest do not match the record (someone else cannot write the user's
cache), so ``check`` still sees them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
MANIFEST_INPUTS = "# inputs "
MANIFEST_VERSION = "# written by codegen "
CONFIG_FILES = ("codegen.toml", "pyproject.toml")
_SHA = re.compile(r"[0-9a-f]{64}")


def digest_inputs(
    config: Path | None,
    specs: list[Path],
    templates: Path | None,
    keep: Path | None,
    read: Mapping[str, bytes] | None = None,
) -> str:
    """The fingerprint of a plain run's inputs (see the module docstring). ``read``: the SHA-256
    of the spec files a run read, by path: each counts as it was read, and is not read again."""
    total = hashlib.sha256()
    known = read or {}

    def add(kind: str, name: str, data: bytes) -> None:
        add_digest(kind, name, hashlib.sha256(data).digest())

    def add_digest(kind: str, name: str, digest: bytes) -> None:
        total.update(f"{kind}\0{name}\0".encode("utf-8", "surrogateescape"))
        total.update(digest)

    def add_tree(kind: str, root: str, label: str = "", suffixes: tuple[str, ...] = ()) -> None:
        for name in _files(root, suffixes):
            path = os.path.join(root, name)
            digest = known.get(path)
            if digest is None:
                add(kind, label + name, _read(path))
            else:
                add_digest(kind, label + name, digest)

    for kind, name, code in code_digests():
        add_digest(kind, name, code)
    add("black", "", installed_version("black").encode())
    add("config", config.name if config else "", config.read_bytes() if config else b"")
    # Spec paths relative to the config's folder: a moved or freshly cloned repo keeps its fingerprint.
    base = config.parent if config else Path.cwd()
    for root in specs:
        label = Path(os.path.relpath(root, base)).as_posix() if root.is_absolute() else root.as_posix()
        if root.is_dir():
            add_tree("spec", str(root), label + "/")
        elif root.is_file():
            given = known.get(str(root))
            if given is None:
                add("spec", label, root.read_bytes())
            else:
                add_digest("spec", label, given)
        else:
            add("spec-missing", label, b"")
    if templates is not None and templates.is_dir():
        add_tree("override", str(templates))
    if keep is not None and keep.is_file():
        add("keep", keep.name, keep.read_bytes())
    return total.hexdigest()


def code_trees() -> list[tuple[str, Path, tuple[str, ...]]]:
    """codegen's own code and its built-in templates (kind, folder, file suffixes): inputs of
    every run (here, and in codegen.runcache)."""
    builtin = _PACKAGE / "templates" if (_PACKAGE / "templates").is_dir() else _PACKAGE.parent / "templates"
    return [("codegen", _PACKAGE, (".py",)), ("template", builtin, ())]


@functools.cache
def code_digests() -> tuple[tuple[str, str, bytes], ...]:
    """(kind, name, SHA-256) of each file of :func:`code_trees`, in order: read once in a process
    (the fingerprint and the run cache's key both need them, as the code that process runs)."""
    return tuple(
        (kind, name, hashlib.sha256(_read(os.path.join(root, name))).digest())
        for kind, root, suffixes in code_trees()
        for name in _files(str(root), suffixes)
    )


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def followed_openapi(root: Path, table: dict[str, object]) -> list[Path]:
    """The API's OpenAPI when the wire follows it (``[tool.codegen.openapi] wire = "api"``): an input."""
    openapi = table.get("openapi")
    if isinstance(openapi, dict) and openapi.get("wire") == "api" and isinstance(openapi.get("path"), str):
        return [root / openapi["path"]]
    return []


def _files(root: str, suffixes: tuple[str, ...] = ()) -> list[str]:
    """Regular files under ``root`` (links to folders not followed, as the loader does), as
    '/'-separated paths relative to it, in the order of their path parts. (Strings, not
    pathlib: this runs on every no-op.)"""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not os.path.islink(os.path.join(dirpath, d)))
        relative = os.path.relpath(dirpath, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in filenames:
            if (not suffixes or name.endswith(suffixes)) and os.path.isfile(os.path.join(dirpath, name)):
                found.append(prefix + name)
    return sorted(found, key=lambda name: name.split("/"))


def codegen_version() -> str:
    from . import __version__

    return __version__


def installed_version(package: str) -> str:
    """An installed package's version, from the name of its distribution's metadata folder
    (importing black or pydantic, or importlib.metadata, would cost more than this whole check);
    "" when it is not installed."""
    import importlib.util

    found = importlib.util.find_spec(package)
    if found is None or found.origin is None:
        return ""
    folder = Path(found.origin).parent.parent
    names = sorted(p.name for p in folder.glob(f"{package}-*.dist-info"))
    return names[-1].removeprefix(f"{package}-").removesuffix(".dist-info") if names else package


def without_inputs(text: str) -> str:
    """A manifest's text without its version line, and the fingerprint line codegen 0.2.0 wrote
    there (what ``check`` compares)."""
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith((MANIFEST_INPUTS, MANIFEST_VERSION))
    )


class _NotPlain(Exception):
    pass


def up_to_date(argv: list[str]) -> str | None:
    """The command of ``argv`` (``check`` or ``generate``) when it is a plain run whose inputs and
    outputs are as the manifest records them; None when the full path must decide."""
    try:
        command, config_arg, _quiet = _plain(argv)
        config = Path(config_arg) if config_arg else find_config(Path.cwd())
        if config is None or not config.is_file():
            return None
        table = tomllib.loads(config.read_text(encoding="utf-8"))
        if config.name == "pyproject.toml":
            table = table.get("tool", {}).get("codegen", {})
        root = config.parent
        specs = [root / s for s in table.get("specs", ["specs"])] + followed_openapi(root, table)
        templates = root / table["templates"] if table.get("templates") else None
        keep = root / table.get("keep_file", ".codegenignore")
        manifest = root / (table.get("manifest") or f"{table.get('out', 'generated')}/.codegen-manifest")
        text = manifest.read_text(encoding="utf-8")
    except (_NotPlain, OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    recorded = _recorded(manifest, text, quiet=_quiet)
    if recorded is None or os.path.lexists(str(manifest) + ".journal"):
        return None
    if f"\n{MANIFEST_VERSION}{codegen_version()}\n" not in text:  # another version wrote it: say so
        return None
    try:  # inputs first: an edit (the common miss) is told without reading every output
        if digest_inputs(config, specs, templates, keep) != recorded:
            return None
    except OSError:
        return None
    if not _outputs_as_recorded(manifest, text):
        return None
    return command


def _record_name(manifest: Path) -> str:
    return "noop/" + hashlib.sha256(str(manifest.resolve()).encode("utf-8", "surrogateescape")).hexdigest()


def _manifest_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def record(manifest: Path, inputs: str, text: str) -> None:
    """After a plain ``generate``: the fingerprint of its inputs and the manifest it wrote."""
    from . import cache

    store = cache.store()
    if store is not None:
        store.write(_record_name(manifest), f"{inputs} {_manifest_digest(text)}".encode())


def _recorded(manifest: Path, text: str, *, quiet: bool = False) -> str | None:
    """The fingerprint recorded with this manifest's text, if this user's codegen recorded one."""
    from . import cache

    cache.notes = not quiet
    store = cache.store(writable=False)
    payload = store.read(_record_name(manifest)) if store is not None else None
    if payload is None:
        return None
    inputs, _, digest = payload.decode("ascii", "replace").partition(" ")
    return inputs if _SHA.fullmatch(inputs) and digest == _manifest_digest(text) else None


def _plain(argv: list[str]) -> tuple[str, str | None, bool]:
    """(command, --config value, quiet) of a run with no other option; else _NotPlain."""
    command, config, quiet = None, None, False
    words = list(argv)
    while words:
        word = words.pop(0)
        if word in ("check", "generate") and command is None:
            command = word
        elif word == "--config" and words:
            config = words.pop(0)
        elif word.startswith("--config="):
            config = word.split("=", 1)[1]
        elif word in ("-q", "--quiet"):
            quiet = True
        else:
            raise _NotPlain(word)
    if command is None:
        raise _NotPlain("no command")
    return command, config, quiet


def find_config(start: Path) -> Path | None:
    """The config file for a run in ``start``: the nearest folder's ``codegen.toml``, or its
    ``pyproject.toml`` when that has a ``[tool.codegen`` table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (
                name != "pyproject.toml" or "[tool.codegen" in candidate.read_text(encoding="utf-8", errors="replace")
            ):
                return candidate
    return None


def _outputs_as_recorded(manifest: Path, text: str) -> bool:
    """Every file the manifest lists holds what it records (keep-region bodies aside), is a
    regular file reached through no link, and a script is still executable."""
    if not text.startswith("# "):
        return False
    folder = str(manifest.parent)
    clean: set[str] = set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        sha, separator, name = line.partition("  ")
        if not separator or not _SHA.fullmatch(sha) or name.startswith("/") or ".." in name.split("/"):
            return False
        path = os.path.join(folder, name)
        if _through_link(folder, name, clean):
            return False
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return False
            data = _read(path)
        except OSError:
            return False
        if b"codegen:" in data and not _regions_empty(data):
            # keep regions with bodies: what codegen wrote is the text without them
            from .handwritten import RegionError, strip_regions

            try:
                data = strip_regions(data.decode("utf-8")).encode("utf-8", "surrogatepass")
            except (RegionError, UnicodeDecodeError):
                return False
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        if data.startswith(b"#!") and not info.st_mode & 0o100:
            return False
    return True


def _regions_empty(data: bytes) -> bool:
    """Whether every keep region in ``data`` is well formed and empty: as codegen wrote it."""
    from .markers import all_empty

    try:
        return all_empty(data.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _through_link(folder: str, name: str, clean: set[str]) -> bool:
    """Whether a folder on the way from ``folder`` to ``name`` is a link (each folder looked at once)."""
    parts = name.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        below = "/".join(parts[:depth])
        if below in clean:
            continue
        if os.path.islink(os.path.join(folder, below)):
            return True
        clean.add(below)
    return False


def main(argv: list[str] | None = None) -> int:
    """The ``codegen`` command: the fast answer when there is one, else the full run."""
    words = sys.argv[1:] if argv is None else argv
    if words == ["--version"]:  # nothing to import for that
        print(f"codegen {codegen_version()}")
        return 0
    command = up_to_date(words)
    if command is not None:
        if "-q" not in words and "--quiet" not in words:
            what = "generated files are up to date" if command == "check" else "nothing to do; up to date"
            print(f"codegen {command}: {what} (inputs unchanged since the last generate)")
        return 0
    from .cli import main as full

    code = full(argv)
    if argv is None:  # the command itself, not a caller in this process: skip the teardown
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # the OS frees a run's million objects faster than the interpreter does
    return code
