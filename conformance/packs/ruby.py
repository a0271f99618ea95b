"""Ruby: ``gem build`` the SDK's gemspec in a scratch copy, ``gem install --local`` the .gem into
a scratch GEM_HOME, and run a consumer script in its own folder that activates the gem from
there, requires it and makes one GET call (the usage snippet of the first GET operation).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from codegen.diagnostics import Diagnostics
from codegen.languages.base import LanguageSettings
from codegen.languages.ruby import RubyLanguage, RubySettings
from codegen.render import environment
from codegen.text import ruby_string

from ..cases import API_KEY
from . import first_get_snippet

TOOLS: tuple[str, ...] = ("ruby", "gem")
SECONDS = 300

CONSUMER = """\
# frozen_string_literal: true

# The server is on 127.0.0.1: never through a proxy from the environment.
ENV['no_proxy'] = ENV['NO_PROXY'] = '127.0.0.1,localhost'
gem {gem}, {version}
require {require}

loaded = $LOADED_FEATURES.find {{ |path| path.end_with?({entry}) }}
home = File.realpath(ENV.fetch('GEM_HOME'))
abort "the SDK was not loaded from the installed gem: #{{loaded.inspect}}" unless loaded&.start_with?(home)

client = {top}::Client.new(api_key: {api_key}, base_url: ARGV.fetch(0))
{call}
puts "called: #{{result.class}}"
"""


def check(sdk: Path, settings: LanguageSettings, work: Path, base_url: str) -> list[str]:
    assert isinstance(settings, RubySettings)
    emitter = RubyLanguage(settings, environment("ruby"), Diagnostics())
    gem = emitter.gem_name()
    source = work / "sdk"
    shutil.copytree(sdk, source)
    if not (source / f"{gem}.gemspec").is_file():
        return [f"no {gem}.gemspec in the rendered SDK"]
    built = _run(["gem", "build", f"{gem}.gemspec"], source)
    if built.returncode != 0:
        return [f"gem build failed:\n{_output(built)}"]
    artifact = source / f"{gem}-{settings.version}.gem"
    if not artifact.is_file():
        return [f"gem build made no {artifact.name}:\n{_output(built)}"]
    home = work / "gems"
    env = {**os.environ, "GEM_HOME": str(home)}
    env.pop("GEM_PATH", None)
    env.pop("RUBYLIB", None)
    env.pop("RUBYOPT", None)
    installed = _run(["gem", "install", "--local", "--no-document", str(artifact)], work, env)
    if installed.returncode != 0:
        return [f"gem install --local failed:\n{_output(installed)}"]
    call = first_get_snippet("ruby", emitter)
    if call is None:
        return ["the API has no GET operation with a usage snippet to call"]
    consumer = work / "consumer"
    consumer.mkdir()
    (consumer / "consumer.rb").write_text(
        CONSUMER.format(
            gem=ruby_string(gem),
            version=ruby_string(f"= {settings.version}"),
            require=ruby_string(emitter.require_path()),
            entry=ruby_string(f"/{emitter.require_path()}.rb"),
            top="::".join(emitter.modules()),
            api_key=ruby_string(API_KEY),
            call=call,
        ),
        encoding="utf-8",
    )
    ran = _run(["ruby", "-w", "consumer.rb", base_url], consumer, env)
    if ran.returncode != 0:
        return [f"the consumer program failed (exit {ran.returncode}):\n{_output(ran)}"]
    return []


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=SECONDS, check=False)


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return (done.stdout + done.stderr).strip()[-3000:]
