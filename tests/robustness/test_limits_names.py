"""Over-long names are errors where they are written, before anything is written (issue 9).

Names of about 242 characters made a run fail with exit 3 after 12 files were already
written: the system refused a file named after one. Names the docs give are now at most
MAX_NAME_LENGTH characters, an error at the name's position otherwise; and every name up
to the limit, in the worst spelling for case conversion, fits in a file name everywhere.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codegen.languages import LANGUAGES
from codegen.types import MAX_NAME_LENGTH


def page(method: str, field: str, model: str, service: str) -> str:
    """One operation (with an untyped options parameter) and one model in every language."""
    lines = ["reference:"]
    for language in LANGUAGES:
        if language == "curl":
            lines += [f"  curl:\n    - key: {method}\n      title: /widgets/{method}\n      type: GET"]
            lines += [f"      parameters:\n        - key: {field}\n          type: string"]
            continue
        lines += [f"  {language}:", f"    - key: {method}", f"      title: {service}.{method}()", "      parameters:"]
        lines += [f"        - key: {field}", "          properties:", f"            - key: {field}"]
        lines += ["              type: string", f"    - key: {model}", f"      title: class {model}"]
        lines += ["      properties:", f"        - key: {field}", "          type: string"]
    return "\n".join(lines) + "\n"


def generate(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "widgets.yaml").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "codegen", "generate", "specs", "--out", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_242_character_name_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    name = "w" * 242
    result = generate(tmp_path, page(name, "id", "Widget", "widgets"))
    assert result.returncode == 2, result.stderr[-3000:]
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    limit = f"is 242 characters long, over the limit of {MAX_NAME_LENGTH}"
    # curl's entry key (line 3, column 7); then dotnet's key, and its method name in the title.
    assert errors[:3] == [
        f"specs/widgets.yaml:3:7: error: curl entry key '{name[:77]}...' {limit}",
        f"specs/widgets.yaml:10:7: error: dotnet entry key '{name[:77]}...' {limit}",
        f"specs/widgets.yaml:11:14: error: method name '{name[:77]}...' {limit}",
    ]
    assert all(line.startswith("specs/widgets.yaml:") for line in errors)


def test_a_242_character_field_name_is_an_error_at_its_key(tmp_path: Path) -> None:
    name = "f" * 242
    result = generate(tmp_path, page("list", name, "Widget", "widgets"))
    assert result.returncode == 2, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    # curl's parameter (line 7, column 11): the position of its key.
    assert errors[0] == (
        f"specs/widgets.yaml:7:11: error: field name '{name[:77]}...' is 242 characters long, "
        f"over the limit of {MAX_NAME_LENGTH}"
    )


@pytest.mark.parametrize("unit", ["w", "aB", "a_", "a1B"])
def test_names_up_to_the_limit_fit_in_file_names_in_every_language(tmp_path: Path, unit: str) -> None:
    """'aB' repeated is the worst case for snake case ('a_b_a_b': 1.5 times as long)."""

    def name(first: str, length: int) -> str:
        return (first + unit * MAX_NAME_LENGTH)[:length]

    # The synthesized option class is the method's name plus 'Options': the method is 7 shorter.
    text = page(name("x", MAX_NAME_LENGTH - 7), name("f", MAX_NAME_LENGTH), name("M", MAX_NAME_LENGTH), name("s", 128))
    result = generate(tmp_path, text)
    assert result.returncode == 0, result.stderr[-3000:]
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert {p.relative_to(tmp_path / "out").parts[0] for p in written if p.parent != tmp_path / "out"} == set(LANGUAGES)
    assert max(len(p.name.encode()) for p in written) <= 255
