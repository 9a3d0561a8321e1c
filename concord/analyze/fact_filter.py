"""The small model that decides the uncertain fact candidates: common noun phrases with an agreement
head ("a deal struck between Beijing and Washington") and capitalised names without a date.

A logistic regression over four general features (whether the phrase's own grammar relates
parties, whether it is definite or modified, whether the sentence has a cue of conclusion) fitted on the
development gold by ``scripts/train_fact_filter.py`` with cross-validation over stories; the
weights live in ``models/fact_filter.json``. Known facts, entity-ruler names and dated names are
decided by rule before it (see :mod:`concord.analyze.facts`).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelNotFoundError

__all__ = ["FEATURES", "FactFilter", "fact_filter"]

MODEL_PATH = Path(__file__).with_name("models") / "fact_filter.json"
#: The feature names, in the order of the weights.
FEATURES = (
    "definite",         # after "the", "this", "its" ... (a mention of something named before)
    "modified",         # words before the head ("landmark arms control treaty", "tentative deal")
    "related",          # parties its grammar relates: "between X and Y", "with X", "X's deal", "the US-China deal"
    "cue",              # a cue of conclusion in the sentence ("signed", "struck", "reached")
)


@dataclass(frozen=True)
class FactFilter:
    """A fitted logistic regression and the probability it needs to accept."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        """P(the candidate is a standing fact) for a feature mapping (missing features are 0)."""
        z = self.bias + sum(w * float(features.get(name, 0.0)) for name, w in zip(FEATURES, self.weights))
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, features: Mapping[str, float]) -> bool:
        """Whether the candidate passes the threshold."""
        return self.probability(features) >= self.threshold


@functools.cache
def fact_filter(path: Path = MODEL_PATH) -> FactFilter:
    """The shipped filter, read once per process."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelNotFoundError(f"fact filter model unreadable at {path}: {exc}; "
                                 "rebuild it with scripts/train_fact_filter.py") from exc
    if tuple(data.get("features", ())) != FEATURES:
        raise ModelNotFoundError(f"{path} was trained on other features; rebuild it with scripts/train_fact_filter.py")
    return FactFilter(tuple(float(w) for w in data["weights"]), float(data["bias"]), float(data["threshold"]))
