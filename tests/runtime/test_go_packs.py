"""The Go packaging check (conformance/packs/go.py): what it reads of a failed build, and which
call its consumer program makes."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

from codegen.languages.go import GoSettings
from conformance.packs.go import pick_call, undefined_names

BUILD_OUTPUT = """\
# github.com/example/workos-go/directorysync
directorysync/models.go:301:14: undefined: UserGroup
# github.com/example/workos-go/sso
sso/models.go:48:20: undefined: ConnectionDomain
sso/models.go:60:9: undefined: external.Thing
"""


def test_a_build_that_fails_only_for_undefined_names_names_them() -> None:
    assert undefined_names(BUILD_OUTPUT) == ["directorysync.UserGroup", "external.Thing", "sso.ConnectionDomain"]


def test_any_other_build_error_is_not_the_known_gap() -> None:
    assert undefined_names(BUILD_OUTPUT + "sso/client.go:3:1: syntax error: unexpected }\n") is None
    assert undefined_names("") is None


def test_the_consumer_calls_a_get_whose_path_takes_no_value(
    corpus_files: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    sdk = write_tree(corpus_files["go"], tmp_path / "sdk")
    call = pick_call(sdk, GoSettings(module="example.com/sdk"))
    assert call is not None
    package, import_path, method, args, assigned = call
    assert import_path == f"example.com/sdk/{package}"
    client = corpus_files["go"][f"{package}/client.go"]
    body = client[client.index(f"func (c *Client) {method}(") :]
    body = body[: body.index("\n}\n")]
    request = body.splitlines()[1]
    assert 'Method: "GET"' in request and "PathEscape" not in request, request
    assert args.startswith("context.Background()") and assigned in ("err", "_, err")


def test_no_callable_get_is_said(tmp_path: Path) -> None:
    client = (
        "package things\n\nfunc (c *Client) Get(ctx context.Context, id string) (Thing, error) {\n"
        '\treq := core.Request{Method: "GET", Path: "/things/" + core.PathEscape(id)}\n}\n'
    )
    sdk = write_tree({"things/client.go": client}, tmp_path)
    assert pick_call(sdk, GoSettings()) is None
