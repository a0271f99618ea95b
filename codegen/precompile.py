"""``python -m codegen.precompile``: compile every built-in template once, at install time, into
``codegen/_compiled_templates`` (see :data:`codegen.cache.SEEDS`), and the methods of codegen's
records into ``codegen/_compiled_records`` (:data:`codegen.records.SEEDS`), so a run with an
empty cache does not compile them. ``make`` runs it after installing; running it again after a template
changed refreshes the seeds (a stale seed is never used: Jinja checks the source's checksum)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

import jinja2

from . import cache, records
from .config import Config
from .diagnostics import Diagnostics
from .languages import EMITTERS
from .render import _OPTIONS, builtin_templates


class _Seeder(jinja2.BytecodeCache):
    """Writes each compiled template to the seed folder (atomically) and reads none."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.folder, self.root = folder, root

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return cache.template_key(self.root, name, filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        return None

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".seed-")
        with os.fdopen(fd, "wb") as out:
            out.write(bucket.bytecode_to_string())
        os.chmod(temporary, 0o644)
        os.replace(temporary, self.folder / bucket.key)


def precompile(folder: Path | None = None, templates: Path | None = None) -> int:
    """Compiles every built-in template (of ``templates``, default: the package's) into
    ``folder`` (default: the package's seed folder), replacing what was there; returns how many."""
    folder = folder or cache.SEEDS
    folder.mkdir(mode=0o755, exist_ok=True)
    os.chmod(folder, 0o755)
    for old in folder.iterdir():
        old.unlink()
    count = 0
    root = templates or builtin_templates()
    config = Config(root=Path.cwd())
    for language, emitter_class in sorted(EMITTERS.items()):
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root / language)), bytecode_cache=_Seeder(folder, root), **_OPTIONS
        )
        emitter_class(config.language_settings(language), env, Diagnostics())  # adds its filters
        for name in env.list_templates(extensions=["j2"]):
            env.get_template(name)
            count += 1
    return count


def precompile_records(path: str = records.SEEDS) -> int:
    """Compiles the methods of every record codegen declares (every module imported) into
    ``path`` (see :data:`codegen.records.SEEDS`); returns how many classes."""
    import codegen

    for module in pkgutil.walk_packages(codegen.__path__, "codegen."):
        if module.name != "codegen.__main__":
            importlib.import_module(module.name)
    return records.write_seeds(path)


def main() -> int:
    count = precompile()
    print(f"codegen: {count} built-in templates compiled into {cache.SEEDS}", file=sys.stderr)
    count = precompile_records()
    print(f"codegen: the methods of {count} records compiled into {records.SEEDS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
