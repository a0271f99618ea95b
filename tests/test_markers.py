"""Keep-region markers as the no-op check and the run cache read them (codegen.markers): a file's
keep regions are as codegen writes them exactly when each begin marker is right above its end
marker, with lines as str.splitlines makes them."""

from __future__ import annotations

import pytest

from codegen.markers import all_empty

BEGIN, END = "// codegen:begin-keep a\n", "// codegen:end-keep a\n"


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("", True),
        ("x\n", True),
        (f"x\n{BEGIN}{END}y\n", True),
        (f"{BEGIN}{END}# codegen:begin-keep b\n# codegen:end-keep b\n", True),
        (f"{BEGIN}{END}".rstrip("\n"), True),  # the end marker on the last line, without a break
        (f"{BEGIN}x\n{END}", False),  # a body
        (f"{BEGIN}{END}{BEGIN}{END}", False),  # a name twice
        (f"{END}{BEGIN}", False),
        (BEGIN, False),
        (f"{BEGIN}// codegen:end-keep b\n", False),
        (f"{BEGIN}// codegen:end-keep a // codegen:\n", False),  # not a marker line: a body
        (f"x codegen: y\n{BEGIN}{END}", True),  # a line naming codegen: that is no marker
        (f"{BEGIN}\u2028{END}", False),  # str.splitlines breaks there: a line between them
        (f"{BEGIN[:-1]}\u2028{END}", False),  # a marker line may end in "\n" only
        (f"x\r\n{BEGIN}{END}", True),
    ],
)
def test_keep_regions_are_empty_exactly_when_each_begin_is_right_above_its_end(text: str, empty: bool) -> None:
    assert all_empty(text) is empty
