"""What pyproject.toml cannot declare: the packages, found (codegen's own, and each template folder
as a package ``codegen.templates.<folder>``, so a new language needs no line anywhere), and a build
step: the wheel ships the built-in templates compiled (``codegen/_compiled_templates``, see
``codegen.precompile``), and the methods of codegen's records (``codegen/_compiled_records``), so
an installed codegen's first run does not compile them. Everything
else about the package is in pyproject.toml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent

# Runs the package just built (its own templates, under build/lib), so the seeds match what ships.
_PRECOMPILE = """
import sys
from pathlib import Path
from codegen.precompile import precompile, precompile_records
count = precompile(Path("codegen/_compiled_templates"), Path("codegen/templates"))
print(f"codegen: {count} built-in templates compiled into the package", file=sys.stderr)
count = precompile_records("codegen/_compiled_records")
print(f"codegen: the methods of {count} records compiled into the package", file=sys.stderr)
"""


class BuildWithCompiledTemplates(build_py):
    """``build_py``, then the templates compiled into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # a checkout: `make` (python -m codegen.precompile) seeds it
            return
        built = Path(self.build_lib).resolve()
        path = os.pathsep.join(filter(None, [str(built), os.environ.get("PYTHONPATH")]))
        subprocess.run(
            [sys.executable, "-c", _PRECOMPILE], cwd=built, env={**os.environ, "PYTHONPATH": path}, check=True
        )

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        seeds = Path(self.build_lib, "codegen", "_compiled_templates")
        extra = [str(p) for p in sorted(seeds.iterdir())] if seeds.is_dir() else []
        methods = Path(self.build_lib, "codegen", "_compiled_records")
        extra += [str(methods)] if methods.is_file() else []
        return [*super().get_outputs(include_bytecode), *extra]


def template_packages() -> list[str]:
    """``codegen.templates`` and one package per folder under ``templates/``."""
    root = HERE / "templates"
    folders = [root, *sorted(p for p in root.rglob("*") if p.is_dir() and p.name != "__pycache__")]
    return [".".join(("codegen", "templates", *folder.relative_to(root).parts)) for folder in folders]


def packages() -> list[str]:
    """Every package of codegen (a folder with ``__init__.py``) and every template folder."""
    return sorted([*find_packages(where=str(HERE), include=["codegen", "codegen.*"]), *template_packages()])


def package_data() -> dict[str, list[str]]:
    templates = {package: ["*.j2"] for package in template_packages()}
    return {"codegen": ["py.typed"], "codegen.schema": ["*.json"], **templates}


if __name__ == "__main__":
    setup(packages=packages(), package_data=package_data(), cmdclass={"build_py": BuildWithCompiledTemplates})
