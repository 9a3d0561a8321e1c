"""Event-coding evaluation: metric arithmetic, PLV reading, and a dev-set regression gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.errors import InputError, MalformedRecordError, SettingsError
from concord.eval.events import code_sentence, evaluate_events, metrics, read_plv, to_plv_label

HEADER = "sentence\tmarked_sentence\tsource\ttarget\tgold_root\n"


def test_metrics_arithmetic() -> None:
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["A", "A", "B", "B", "C", "C"]
    result = metrics(gold, pred)
    assert result["n"] == 6
    assert result["accuracy"] == round(4 / 6, 4)
    a, b, c = (result["per_class"][k] for k in "ABC")
    assert (a["precision"], a["recall"], a["support"]) == (1.0, round(2 / 3, 4), 3)
    assert (b["precision"], b["recall"]) == (0.5, 0.5)
    assert (c["precision"], c["recall"], c["f1"]) == (0.5, 1.0, round(2 / 3, 4))
    assert result["macro_f1"] == round((a["f1"] + b["f1"] + c["f1"]) / 3, 4)
    assert result["confusion"]["A"]["B"] == 1 and result["confusion"]["B"]["C"] == 1


def test_predicted_label_outside_gold_counts_against_precision_only() -> None:
    result = metrics(["A", "A"], ["A", "Z"])
    assert set(result["per_class"]) == {"A"}
    assert result["per_class"]["A"]["recall"] == 0.5
    assert result["confusion"]["A"]["Z"] == 1


def test_yield_mapping() -> None:
    assert to_plv_label("CONCEDE") == to_plv_label("RETREAT") == "YIELD"
    assert to_plv_label("ASSAULT") == "ASSAULT"


def _write(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "tiny.tsv"
    lines = [HEADER] + [f"{m.replace('<s>', '').replace('</s>', '')}\t{m}\tx\ty\t{g}\n" for m, g in rows]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_evaluate_events_on_a_tiny_file(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        ("<s>Police</s> arrested <t>five students</t> in the capital.", "COERCE"),
        ("<s>Rebel fighters</s> ambushed <t>an army convoy</t> near the border.", "ASSAULT"),
        ("<s>The garrison</s> released <t>the hostages</t> on Monday.", "YIELD"),
        ("<s>The president</s> praised <t>the volunteers</t> for their work.", "SUPPORT"),
    ])
    result = evaluate_events(path, coder="rules")
    assert result["n"] == 4
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 4
    assert result["accuracy"] == 1.0 and result["macro_f1"] == 1.0
    assert result["coder"] == "rules" and result["event_coder"] == "rules"


def test_each_event_coder_setting_runs_its_own_coder(tmp_path: Path) -> None:
    path = _write(tmp_path, [("<s>Rebel fighters</s> ambushed <t>an army convoy</t> near the border.", "ASSAULT")])
    assert evaluate_events(path, coder="features")["coder"] == "lr"
    assert evaluate_events(path, coder="model")["coder"] == "minilm+lr"
    with pytest.raises(SettingsError, match="event_coder must be one of model, features, rules"):
        evaluate_events(path, coder="fast")


def test_bad_files_raise_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        read_plv(tmp_path / "absent.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("sentence\tgold_root\nHello\tAGREE\n", encoding="utf-8")
    with pytest.raises(InputError, match="marked_sentence"):
        read_plv(bad)
    empty = tmp_path / "empty.tsv"
    empty.write_text(HEADER + "x\t<s>A</s> met <t>B</t>\tA\tB\t\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=":2"):
        read_plv(empty)


def test_code_sentence_with_markers_or_strings() -> None:
    etype, conf, why = code_sentence("<s>Egypt</s> condemned <t>the attack</t> on the embassy.")
    assert etype == "ACCUSE" and 0 < conf <= 1 and why
    etype2, _, _ = code_sentence("Egypt condemned the attack on the embassy.", source="Egypt", target="the attack")
    assert etype2 == "ACCUSE"
    with pytest.raises(InputError):
        code_sentence("<s>Egypt condemned the attack.")


#: Floor for the dev-set gate: a bit under the 5-fold cross-validated macro-F1 of the shipped coder.
FLOOR = 0.80


def test_dev_set_gate(shared: Path, tmp_path: Path) -> None:
    """Regression gate on every 3rd row of PLV_dev (kept small for CI time).

    The shipped model was trained on PLV_dev, so this is NOT an honest score (the honest one is the
    5-fold CV of scripts/train_event_coder.py); it catches a broken model, lexicon or pipeline.
    """
    path = shared / "plover" / "PLV_dev.tsv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    subset = tmp_path / "subset.tsv"
    subset.write_text(lines[0] + "".join(lines[1::3]), encoding="utf-8")
    result = evaluate_events(subset)
    assert result["n"] == len(lines[1::3])
    assert result["macro_f1"] >= FLOOR, result["per_class"]


#: Floors for our own probe sentences (examples/plover_probe.tsv), a little under the measured
#: macro-F1 of each coder (model 0.81, rules 0.78, features 0.66): a regression gate outside PLV.
PROBE_FLOORS = {"model": 0.76, "rules": 0.74, "features": 0.60}


@pytest.mark.parametrize("coder", sorted(PROBE_FLOORS))
def test_probe_sentences_gate(coder: str) -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "plover_probe.tsv"
    result = evaluate_events(path, coder=coder)
    assert result["n"] == 75 and len(result["per_class"]) == 15
    assert result["macro_f1"] >= PROBE_FLOORS[coder], result["per_class"]
