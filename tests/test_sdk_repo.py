"""End to end inside a throwaway SDK repo: config, generate, commit, edit the reference,
check fails with the right diff, generate fixes it, stale files pruned, hand-written code untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, SEED, SPECS, require_tool

from codegen.handwritten import regions
from codegen.languages import HTTP_REFERENCE, LANGUAGES

CONFIG = """\
specs = ["reference"]
out = "sdk"
languages = [{languages}]
templates = "codegen-templates"

[go]
module = "github.com/acme/acme-go"
[python]
package = "acme"
"""
HANDWRITTEN = {
    "curl": ("sdk/curl/client.sh", "#!/usr/bin/env bash\n# hand-written helper\necho hi\n"),
    "dotnet": ("sdk/dotnet/Client.cs", "namespace Acme { public class Client {} }\n"),
    "ruby": ("sdk/ruby/lib/client.rb", "# hand-written\nmodule Acme; end\n"),
    "js": ("sdk/js/src/helpers.ts", "export const helper = 1;\n"),
    "python": ("sdk/python/acme/client.py", "CLIENT = 1\n"),
    "php": ("sdk/php/src/Helpers.php", "<?php\nclass Helpers {}\n"),
    "java": ("sdk/java/src/main/java/Client.java", "public class Client {}\n"),
    "go": ("sdk/go/client.go", "package acme\n\n// Client is hand-written.\ntype Client struct{}\n"),
}


def codegen(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "codegen", *args], cwd=repo, capture_output=True, text=True, env=env)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def edit_pages(reference: Path) -> set[str]:
    """Rename the first parameter of create_widget, delete delete_widget, add count_widgets.

    Returns the keys of the added operation."""
    added_keys = set()
    for page in sorted((reference / "catalog").glob("*.yaml")):
        data = yaml.safe_load(page.read_text())
        for language, entries in (data.get("reference") or {}).items():
            kept = []
            for entry in entries:
                if entry.get("id") == "delete_widget":
                    continue
                kept.append(entry)
                if entry.get("id") == "create_widget":
                    params = entry.get("parameters") or []
                    target = next(p for p in params if isinstance(p, dict))
                    if target.get("properties"):
                        target = next(p for p in target["properties"] if isinstance(p, dict))
                    target["key"] = target["key"] + "2"
                if entry.get("id") == "list_widgets":
                    added = yaml.safe_load(yaml.safe_dump(entry))
                    added["id"] = "count_widgets"
                    if language == "curl":
                        added["key"] = "count_widgets"
                        added["title"] = "/catalog/widgets/count"
                    else:
                        old = entry["key"]
                        new = old.replace("list", "count").replace("List", "Count")
                        added["key"] = new
                        added["title"] = entry["title"].replace(old, new)
                    added_keys.add(added["key"])
                    kept.append(added)
            data["reference"][language] = kept
        page.write_text(yaml.safe_dump(data, sort_keys=False))
    return added_keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_sdk_repo_round_trip(tmp_path: Path, language: str) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "acme-sdk"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(CONFIG.format(languages=f'"{language}"'))
    relative, text = HANDWRITTEN[language]
    (repo / relative).parent.mkdir(parents=True, exist_ok=True)
    (repo / relative).write_text(text)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.com")
    git(repo, "config", "user.name", "CI")

    first = codegen(repo, "generate")
    assert first.returncode == 0, first.stderr
    assert codegen(repo, "check").returncode == 0
    generated = sorted(p.relative_to(repo).as_posix() for p in (repo / "sdk").rglob("*") if p.is_file())
    assert len(generated) > 2
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "generate")

    added = edit_pages(repo / "reference")
    stale = codegen(repo, "check")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert stale.stdout.startswith("codegen check: ")
    assert "2" in "".join(line for line in stale.stdout.splitlines() if line.startswith("+"))  # the renamed parameter
    plus = "".join(line for line in stale.stdout.splitlines() if line.startswith("+")).lower()
    assert any(key.lower().replace("_", "") in plus.replace("_", "") for key in added), added
    assert git(repo, "status", "--porcelain") == "?? reference/\n" or "reference" in git(repo, "status", "--porcelain")

    fixed = codegen(repo, "generate")
    assert fixed.returncode == 0, fixed.stderr
    assert codegen(repo, "check").returncode == 0
    assert (repo / relative).read_text() == text  # hand-written file byte-identical
    leftovers = [
        p.relative_to(repo).as_posix()
        for p in (repo / "sdk").rglob("*")
        if p.is_file()
        and p.as_posix() != (repo / relative).as_posix()
        and "delete"
        in p.read_text(errors="replace")
        .lower()
        .replace("_", "")
        .replace("-", "")
        .replace("deletewidget", "deletewidget")
        and "deletewidget" in p.read_text(errors="replace").lower().replace("_", "").replace("-", "")
    ]
    assert leftovers == [], f"the deleted operation survives in {leftovers}"
    removed = set(generated) - {p.relative_to(repo).as_posix() for p in (repo / "sdk").rglob("*") if p.is_file()}
    if language == "curl":
        assert any("delete_widget" in name for name in removed)


def test_keep_region_survives_and_edits_outside_are_reported(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(CONFIG.format(languages='"python"'))
    assert codegen(repo, "generate").returncode == 0
    service = repo / "sdk/python/acme/catalog.py"
    text = service.read_text()
    marker = "    # codegen:begin-keep Catalog.methods\n"
    assert marker in text
    custom = "    def custom(self) -> int:\n        return 42\n"
    service.write_text(text.replace(marker, marker + custom))
    assert codegen(repo, "check").returncode == 0  # an edit inside the region is not drift
    assert codegen(repo, "generate").returncode == 0
    assert custom in service.read_text()  # and it survives regeneration
    edited = service.read_text().replace(
        "from __future__ import annotations\n", "from __future__ import annotations  # edited\n", 1
    )
    assert edited != service.read_text()
    service.write_text(edited)
    checked = codegen(repo, "check")
    assert checked.returncode == 1 and "conflict: sdk/python/acme/catalog.py (was edited" in checked.stdout


def test_keep_file_protects_paths_and_hand_edited_stale_files_are_kept(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(CONFIG.format(languages='"python"'))
    assert codegen(repo, "generate").returncode == 0
    models = repo / "sdk/python/acme/models/catalog.py"
    (repo / ".codegenignore").write_text("sdk/python/acme/models/*\n!sdk/python/acme/models/__init__.py\n")
    models.write_text("# mine now\n")
    assert codegen(repo, "generate").returncode == 0  # the manifest drops the kept path...
    assert models.read_text() == "# mine now\n"  # ...and the file itself is not touched
    assert codegen(repo, "check").returncode == 0
    # A file no longer generated but edited by hand is left in place and named.
    (repo / ".codegenignore").unlink()
    service = repo / "sdk/python/acme/catalog.py"
    service.write_text(service.read_text() + "# my note\n")
    shutil.rmtree(repo / "reference" / "catalog")
    result = codegen(repo, "generate")
    assert result.returncode == 0
    assert service.exists() and "edited by hand; left in place" in result.stderr


def test_template_override_is_used_and_drift_warns(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(CONFIG.format(languages='"python"'))
    assert codegen(repo, "templates", "--copy", "python").returncode == 0
    override = repo / "codegen-templates/python/service.py.j2"
    built_in = "# Hand-written methods go between these lines; codegen keeps them."
    assert built_in in override.read_text()
    override.write_text(override.read_text().replace(built_in, "# Our own words, from our override."))
    result = codegen(repo, "generate")
    assert result.returncode == 0 and "codegen-templates" not in result.stderr
    assert "# Our own words, from our override." in (repo / "sdk/python/acme/catalog.py").read_text()
    # Pretend the override was copied from an older built-in: the recorded hash no longer matches.
    hashes = repo / "codegen-templates/.codegen-template-hashes"
    lines = [
        line if not line.endswith("python/service.py.j2") else "0" * 64 + "  python/service.py.j2"
        for line in hashes.read_text().splitlines()
    ]
    hashes.write_text("\n".join(lines) + "\n")
    drifted = codegen(repo, "generate")
    assert (
        "codegen-templates/python/service.py.j2:1:1: warning: the built-in template this file overrides has changed"
        in drifted.stderr
    )
    assert "codegen templates --accept python/service.py.j2" in drifted.stderr
    # After review, the command the warning names records the new original: the warning goes.
    accepted = codegen(repo, "templates", "--accept", "python/service.py.j2")
    assert accepted.returncode == 0, accepted.stderr
    assert "has changed" not in codegen(repo, "generate").stderr
    # One file can be copied alone.
    assert codegen(repo, "templates", "--copy", "go/models.go.j2").returncode == 0
    assert sorted(p.name for p in (repo / "codegen-templates/go").iterdir()) == ["models.go.j2"]
    assert codegen(repo, "templates", "--copy", "go/nope.j2").returncode == 2


def test_init_writes_a_valid_config(tmp_path: Path) -> None:
    result = codegen(tmp_path, "init", "--gitattributes")
    assert result.returncode == 0
    assert "linguist-generated=true" in (tmp_path / ".gitattributes").read_text()
    (tmp_path / "docs/reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", tmp_path / "docs/reference/index.mdx")
    generated = codegen(tmp_path, "generate")
    assert generated.returncode == 0, generated.stderr
    assert codegen(tmp_path, "init").returncode == 2  # never overwrites


def test_a_format_command_formats_an_override_in_generate_and_check(tmp_path: Path) -> None:
    """`format_command = [gofmt, "-w"]`: a Go override written with spaces, not tabs, comes out as
    gofmt writes it, and `check` compares the formatted text (up to date right after)."""
    go = require_tool("go")
    goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    gofmt = str(Path(goroot) / "bin" / "gofmt")
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    for page in SEED:
        shutil.copyfile(page, repo / "reference" / page.name.replace("index.mdx", f"{page.parent.name}.mdx"))
    (repo / "codegen.toml").write_text(
        'specs = ["reference"]\nout = "sdk"\nlanguages = ["go"]\ntemplates = "codegen-templates"\n'
        f'[go]\nformat_command = ["{gofmt}", "-w"]\nformat_glob = "*.go"\n'
    )
    assert codegen(repo, "templates", "--copy", "go/client.go.j2").returncode == 0
    override = repo / "codegen-templates/go/client.go.j2"
    override.write_text(override.read_text().replace("\t", "    "))
    result = codegen(repo, "generate")
    assert result.returncode == 0, result.stderr
    listed = subprocess.run([gofmt, "-l", "."], cwd=repo / "sdk", capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout == "", listed.stdout
    assert codegen(repo, "check").returncode == 0
    (repo / "codegen.toml").write_text((repo / "codegen.toml").read_text().replace(f'"{gofmt}"', '"no-such-formatter"'))
    missing = codegen(repo, "generate")
    assert missing.returncode == 2 and "format command ['no-such-formatter'] not found" in missing.stderr


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != HTTP_REFERENCE])
def test_every_keep_region_of_every_sdk_survives_regeneration(tmp_path: Path, language: str) -> None:
    """Each language: a line written in every keep region of every generated file (services,
    clients, models) is not drift for ``check`` and is still there after ``generate``."""
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    (repo / "codegen.toml").write_text(CONFIG.format(languages=f'"{language}"'))
    assert codegen(repo, "generate", "-q").returncode == 0
    written: dict[Path, list[str]] = {}
    for path in sorted((repo / "sdk").rglob("*")):
        if not path.is_file() or "codegen:begin-keep" not in (text := path.read_text(encoding="utf-8")):
            continue
        lines = text.splitlines(keepends=True)
        out = []
        for line in lines:
            out.append(line)
            if "codegen:begin-keep" in line:
                prefix = line[: line.index("codegen:begin-keep")]
                name = line.split("codegen:begin-keep", 1)[1].strip()
                mine = f"{prefix}written by hand in {name}\n"
                out.append(mine)
                written.setdefault(path, []).append(mine)
        assert set(regions("".join(out))) == set(regions(text)), path
        path.write_text("".join(out), encoding="utf-8")
    assert len(written) >= 2, f"{language}: keep regions in too few files (a service, a model): {sorted(written)}"
    checked = codegen(repo, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert codegen(repo, "generate", "-q").returncode == 0
    for path, mine in written.items():
        text = path.read_text(encoding="utf-8")
        assert all(line in text for line in mine), path


@pytest.mark.parametrize(
    "text",
    [
        "a\n// codegen:begin-keep A.x\n// codegen:end-keep A.x\nb\n",  # empty: the shortcut
        "a\n// codegen:begin-keep A.x\nmine\n// codegen:end-keep A.x\nb\n",  # a body to strip
        "// codegen:begin-keep A.x\n// codegen:end-keep A.x\n// codegen:begin-keep A.x\n// codegen:end-keep A.x\n",
        "// codegen:begin-keep A.x\n// codegen:end-keep B.y\n",  # ends another
        "// codegen:begin-keep A.x\n",  # never closed
        "// codegen:end-keep A.x\n// codegen:begin-keep A.x\n",  # end before begin
        "# codegen: a remark, no marker\nb\n",
    ],
)
def test_stripping_keep_regions_takes_its_shortcut_only_when_nothing_would_change(text: str) -> None:
    """The no-op check strips every output's keep regions: an output whose regions are all empty
    is returned as it is, and anything else (a body, a malformed region) takes the full path,
    with the same result or error as before."""
    from codegen.handwritten import RegionError, strip_regions

    try:
        found = regions(text)
    except RegionError:
        with pytest.raises(RegionError):
            strip_regions(text)
        return
    stripped = strip_regions(text)
    if any(region.body for region in found.values()):
        assert stripped != text and "mine" not in stripped
    else:
        assert stripped == text
