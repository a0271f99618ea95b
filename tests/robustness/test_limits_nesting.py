"""Nesting and expansion limits are diagnostics, never exit 3 (issue 9).

245 nested ``List<...>`` in a type string used to end in a RecursionError (exit 3,
"internal error"); so did a chain of 400 references through properties, and references
repeated inside the properties they refer to expanded without end. Each is now an error
at the position where the limit is crossed, and the run exits 2 with nothing written.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import SPECS

from codegen.diagnostics import Diagnostics
from codegen.ir import Field
from codegen.languages import LANGUAGES
from codegen.link import entries
from codegen.linker import MAX_FIELD_DEPTH
from codegen.loader import MAX_NESTING, load_text, load_tree
from codegen.pipeline import link_pages
from codegen.types import MAX_TYPE_DEPTH


def generate(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "specs").mkdir(exist_ok=True)
    (tmp_path / "specs" / "page.yaml").write_text(page, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "codegen", "generate", "specs", "--out", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str], tmp_path: Path) -> list[str]:
    """The error lines of a run that must exit 2, cleanly, having written nothing."""
    assert result.returncode == 2, result.stderr[-3000:]
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert not (tmp_path / "out").exists()
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_a_type_nested_245_levels_is_an_error_at_the_field(tmp_path: Path) -> None:
    deep = "List<" * 245 + "string" + ">" * 245
    page = "reference:\n  java:\n    - key: getWidget\n      title: widgets.getWidget()\n      parameters:\n"
    page += f"        - key: ids\n          type: {deep}\n"
    errors = refused(generate(tmp_path, page), tmp_path)
    assert errors == [
        f"specs/page.yaml:7:17: error: cannot read java type '{deep[:77]}...': "
        f"type nests more than {MAX_TYPE_DEPTH} levels deep (column 161 of the type)"
    ]


def test_yaml_nested_deeper_than_the_limit_is_an_error_where_it_crosses(tmp_path: Path) -> None:
    page = "descriptions:\n  a: " + "[" * 300 + "]" * 300 + "\n"
    errors = refused(generate(tmp_path, page), tmp_path)
    # The root mapping, the descriptions and 62 lists are 64 levels; the 63rd list opens at column 68.
    message = f"mappings and lists nest more than {MAX_NESTING} levels deep; refused"
    assert errors == [f"specs/page.yaml:2:68: error: {message}"]


def reference_chain(length: int, fan_out: int = 1) -> str:
    """Entries E0..En whose property p lists (E<i+1>.p) ``fan_out`` times, and an operation using (E0.p)."""
    lines = ["reference:", "  go:"]
    for index in range(length):
        lines += [f"    - key: E{index}", f"      title: class E{index}", "      properties:", "        - key: p"]
        lines += [f"          type: T{index}", "          properties:"]
        if index + 1 < length:
            lines += [f"            - (E{index + 1}.p)"] * fan_out
        else:
            lines += ["            - key: leaf", "              type: string"]
    lines += ["    - key: Fetch", "      title: widgets.Fetch()", "      returns:", "        - (E0.p)"]
    return "\n".join(lines) + "\n"


def test_a_chain_of_400_references_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    errors = refused(generate(tmp_path, reference_chain(400)), tmp_path)
    message = f"error: fields nest more than {MAX_FIELD_DEPTH} levels deep; the properties of 'p' are left out"
    assert errors and all(line.endswith(message) for line in errors), errors[:3]
    # Entry k's property p sits at line 6 + 7k; the operation's chain is cut 32 levels down, at E32.
    assert errors[0] == f"specs/page.yaml:{6 + 7 * MAX_FIELD_DEPTH}:11: {message}"


def test_references_that_multiply_are_cut_off_once() -> None:
    """Each (E<i+1>.p) listed twice doubles the fields per level, like YAML aliases: 2^20 here."""
    diags = Diagnostics()
    raw = load_text("specs/page.yaml", reference_chain(20, fan_out=2), diags)
    assert raw is not None
    link_pages([raw], diags, LANGUAGES, max_fields=5_000)
    assert [d.message for d in diags.errors] == [
        "the entries expand to more than 5000 fields (in go); the rest are left out"
    ]


def test_the_bound_on_fields_is_the_configs(tmp_path: Path) -> None:
    """``max_fields`` in the config: the default takes what a lower bound refuses."""
    page = reference_chain(8, fan_out=2)  # 2^8 fields in each language
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\nmax_fields = 300\n', encoding="utf-8")
    errors = refused(generate(tmp_path, page), tmp_path)
    assert len(errors) == 1 and errors[0].endswith(
        "error: the entries expand to more than 300 fields (in go); the rest are left out"
    ), errors
    (tmp_path / "codegen.toml").write_text('specs = ["specs"]\n', encoding="utf-8")
    done = generate(tmp_path, page)
    assert "fields" not in done.stderr, done.stderr
    assert entries.MAX_FIELDS >= 4_000_000  # 100,000 pages of the corpus' 25 fields a page


def test_the_corpus_is_far_below_the_nesting_limits() -> None:
    """The limits leave room: the corpus nests YAML 12 deep, types 3, fields 4."""
    diags = Diagnostics()
    raws = load_tree([SPECS], diags)

    def depth(value: object) -> int:
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        return 1 + max((depth(child) for child in children), default=0) if isinstance(value, (dict, list)) else 0

    assert max(depth(raw.data) for raw in raws) * 4 < MAX_NESTING
    api = link_pages(raws, diags, LANGUAGES)
    assert not diags.errors

    def field_depth(fields: tuple[Field, ...]) -> int:
        return 1 + max((field_depth(f.fields) for f in fields), default=0)

    deepest = max(
        field_depth(fields)
        for language in api.languages.values()
        for fields in [*(op.params + op.returns for op in language.operations), *(m.fields for m in language.models)]
    )
    assert deepest * 4 < MAX_FIELD_DEPTH
