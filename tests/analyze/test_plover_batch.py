"""The learned coder's probabilities for a text do not depend on the texts coded with it."""

from __future__ import annotations

import numpy as np
import pytest

from concord.analyze.plover_model import load_model

TEXTS = ["<s>Kenya</s> sent food aid to <t>Sudan</t> after the floods.",
         "<s>The opposition</s> rejected the budget that <t>the government</t> proposed on Monday evening.",
         "Talks between <s>Chile</s> and <t>Peru</t> ended without agreement."]


def test_probabilities_are_the_same_alone_and_in_a_batch() -> None:
    model = load_model()
    if model is None:
        pytest.skip("no learned PLOVER model installed")
    feats = [{"rule=NONE": 1.0}] * len(TEXTS)
    together = model.proba(TEXTS, feats)
    alone = np.vstack([model.proba([t], [f]) for t, f in zip(TEXTS, feats)])
    assert together.shape == (len(TEXTS), alone.shape[1])
    # equal up to float rounding in the linear heads; the int8 encoder run on a batch would move them by ~0.01-0.1
    np.testing.assert_allclose(together, alone, rtol=0, atol=1e-12)
