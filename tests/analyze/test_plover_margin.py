"""The learned model defers to the trigger rules when it is unsure or torn between two types."""

from __future__ import annotations

import numpy as np
import pytest

from concord.analyze.plover_coder import LOW, MARGIN, UNSURE, _from_model
from concord.analyze.plover_model import LABELS
from concord.analyze.plover_rules import code_spans


def _probs(first: str, p1: float, second: str, p2: float) -> np.ndarray:
    rest = (1.0 - p1 - p2) / (len(LABELS) - 2)
    probs = np.full(len(LABELS), rest)
    probs[LABELS.index(first)], probs[LABELS.index(second)] = p1, p2
    return probs


@pytest.fixture(scope="module")
def reviewed(nlp):  # type: ignore[no-untyped-def]
    sent = nlp("The two envoys reviewed the growing naval cooperation between their navies.")[:]
    rule = code_spans(sent)
    assert rule is not None and rule.type == "COOPERATE"
    return sent, rule


def test_near_tie_above_unsure_defers_to_the_rules(reviewed) -> None:  # type: ignore[no-untyped-def]
    sent, rule = reviewed
    top = UNSURE + 0.05
    probs = _probs("ACCUSE", top, "COOPERATE", top - MARGIN / 2)
    coding = _from_model(sent, rule, probs, "test", whole=True)
    assert coding.type == "COOPERATE" and "rules' COOPERATE wins" in coding.explanation
    # On a marked sentence like those the model was trained on, the model keeps its call.
    assert _from_model(sent, rule, probs, "test").type == "ACCUSE"


def test_clear_lead_keeps_the_model_type(reviewed) -> None:  # type: ignore[no-untyped-def]
    sent, rule = reviewed
    coding = _from_model(sent, rule, _probs("ACCUSE", 0.3, "COOPERATE", 0.3 - 2 * MARGIN), "test", whole=True)
    assert coding.type == "ACCUSE"


def test_confident_near_tie_keeps_the_model_type(reviewed) -> None:  # type: ignore[no-untyped-def]
    sent, rule = reviewed
    top = min(LOW + 0.05, 0.5)
    coding = _from_model(sent, rule, _probs("ACCUSE", top, "COOPERATE", top - MARGIN / 2), "test", whole=True)
    assert coding.type == "ACCUSE"


def test_weak_cooperative_label_under_an_intention_is_agree(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = nlp("The two envoys agreed to hold regular talks on naval cooperation.")[:]
    rule = code_spans(sent)
    assert rule is not None and rule.intent
    weak = _from_model(sent, rule, _probs("CONSULT", LOW - 0.1, "SUPPORT", 0.1), "test")
    assert weak.type == "AGREE" and "intended CONSULT" in weak.explanation
    strong = _from_model(sent, rule, _probs("CONSULT", 0.9, "SUPPORT", 0.05), "test")
    assert strong.type == "CONSULT"
