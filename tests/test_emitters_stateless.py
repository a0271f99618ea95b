"""Emitters are stateless: a render keeps its planning in objects of its own, so one emitter can
render two APIs (or one twice) and the result never depends on what it rendered before."""

from __future__ import annotations

import pytest
from helpers import ROOT, SEED, SPECS

from codegen.config import Config
from codegen.diagnostics import Diagnostics
from codegen.languages import EMITTERS
from codegen.languages.base import Emitter
from codegen.pipeline import emitter_for, load_api


def _state(emitter: Emitter) -> dict[str, object]:
    # The settings, template environment and diagnostics sink: the emitter's inputs, kept as given.
    return dict(vars(emitter))


@pytest.mark.parametrize("language", sorted(EMITTERS))
def test_a_render_leaves_the_emitter_as_it_was(language: str) -> None:
    config = Config(root=ROOT, settings={language: EMITTERS[language].settings_model(examples=True)})
    diags = Diagnostics()
    emitter = emitter_for(language, config, diags)
    before = dict(_state(emitter))
    small = load_api(SEED, Diagnostics(), (language,)).languages[language]
    other = load_api([SPECS], Diagnostics(), (language,)).languages[language]
    first = {**emitter.render(small), **emitter.examples(small)}
    emitter.render(other)
    emitter.examples(other)
    again = {**emitter.render(small), **emitter.examples(small)}
    assert first == again
    after = _state(emitter)
    assert after.keys() == before.keys(), f"render added attributes: {sorted(after.keys() - before.keys())}"
    for key, value in before.items():
        assert after[key] is value, f"render replaced self.{key}"
