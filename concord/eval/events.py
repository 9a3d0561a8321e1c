"""Scoring PLOVER event-type coding on PLV-format TSV (sentence, marked_sentence, source, target, gold_root).

The marked ``<s>``/``<t>`` spans are the actor/recipient hint. PLOVER's CONCEDE and RETREAT count as
YIELD, the label the PLV data uses. ``concord eval events FILE --json`` prints :func:`evaluate_events`.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedRecordError

__all__ = ["PlvRow", "code_sentence", "evaluate_events", "metrics", "read_plv", "to_plv_label"]

_REQUIRED = ("marked_sentence", "gold_root")
_YIELD = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


@dataclass(frozen=True)
class PlvRow:
    """One scored sentence: the marked text and its gold label."""

    marked: str
    label: str
    line: int


def to_plv_label(event_type: str) -> str:
    """Map a PLOVER type to the PLV label set (CONCEDE and RETREAT become YIELD)."""
    return _YIELD.get(event_type, event_type)


def read_plv(path: str | Path) -> list[PlvRow]:
    """Read a PLV TSV; raises InputError for a missing file or column and MalformedRecordError for bad rows."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(str(path), f"missing column(s): {', '.join(missing)}")
        rows = []
        for number, rec in enumerate(reader, start=2):
            marked, gold = (rec.get("marked_sentence") or "").strip(), (rec.get("gold_root") or "").strip()
            if not marked or not gold:
                raise MalformedRecordError(str(path), "empty marked_sentence or gold_root", number)
            rows.append(PlvRow(marked, to_plv_label(gold.upper()), number))
    if not rows:
        raise InputError(str(path), "no rows")
    return rows


def metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the gold labels, per-class P/R/F1/support and the confusion matrix."""
    if len(gold) != len(pred):
        raise ValueError("gold and predicted label lists differ in length")
    labels = sorted(set(gold))
    every = sorted(set(gold) | set(pred))
    confusion = {g: {p: 0 for p in every} for g in every}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    per_class: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = confusion[label][label]
        predicted = sum(confusion[g][label] for g in every)
        support = sum(confusion[label].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(f1, 4), "support": support}  # fmt: skip
    n = len(gold)
    correct = sum(g == p for g, p in zip(gold, pred))
    return {
        "n": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_f1": round(sum(c["f1"] for c in per_class.values()) / len(per_class), 4) if labels else 0.0,
        "per_class": per_class,
        "confusion": confusion,
        "labels": every,
    }


def code_sentence(text: str, source: str | None = None, target: str | None = None,
                  coder: str = "model") -> tuple[str, float, str]:
    """Code one marked sentence (``<s>``/``<t>`` spans, or ``source``/``target`` strings found in it).

    Returns (PLOVER type, confidence, explanation); the type is one of the 16 (CONCEDE/RETREAT kept).
    """
    from ..analyze.plover_coder import code_text

    coding = code_text(text, source, target, coder=coder)
    return coding.type, coding.confidence, coding.explanation


def evaluate_events(path: str | Path, *, coder: str = "model") -> dict[str, Any]:
    """Score an event coder on a PLV TSV: accuracy, macro-F1, per-class scores and confusion matrix.

    ``coder`` is an ``event_coder`` setting: "model", "features" or "rules" (the patterns alone).
    The result names it (``event_coder``) and what decided the first row (``coder``).
    """
    from ..analyze.plover_coder import code_texts

    rows = read_plv(path)
    codings = code_texts([r.marked for r in rows], coder=coder)
    result = metrics([r.label for r in rows], [to_plv_label(c.type) for c in codings])
    result["event_coder"] = coder
    result["coder"] = codings[0].coder if codings else ""
    return result
