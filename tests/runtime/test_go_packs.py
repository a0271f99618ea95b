"""The Go packaging check (conformance/packs/go.py): which call its consumer program makes."""

from __future__ import annotations

from pathlib import Path

from helpers import write_tree

from codegen.languages.go import GoSettings
from conformance.packs.go import pick_call


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
    request = next(line for line in body.splitlines() if "Request{" in line)
    assert 'Method: "GET"' in request and "PathEscape" not in request, request
    assert args.startswith("context.Background()") and assigned in ("err", "_, err")
    # The per-request options every method takes last are left out of the call.
    assert "options ...core.RequestOption" in body.splitlines()[0] and "RequestOption" not in args


def test_no_callable_get_is_said(tmp_path: Path) -> None:
    client = (
        "package things\n\nfunc (c *Client) Get(ctx context.Context, id string, options ...core.RequestOption) "
        '(Thing, error) {\n\treq := core.Request{Method: "GET", Path: "/things/" + core.PathEscape(id)}\n}\n'
    )
    sdk = write_tree({"things/client.go": client}, tmp_path)
    assert pick_call(sdk, GoSettings()) is None
