"""The learned PLOVER coders shipped in ``concord/analyze/models/``, run without torch.

* ``plover_minilm.onnx`` + ``plover_minilm.tokenizer.json``: the all-MiniLM-L6-v2 encoder (its top four
  layers fine-tuned on PLV data), int8-quantised, run with onnxruntime + tokenizers; ``plover_emb_lr.json``:
  the linear head trained with it over its token states pooled over the whole sentence, the marked actor,
  the recipient and the words between them, plus the blend weight and prior correction.
* ``plover_lr.json``: logistic regression over TF-IDF of the marked sentence and the rule coder's parse
  features; run with numpy.

Both are trained by ``scripts/train_event_coder.py``. They predict the 15 labels of the PLV data (YIELD for
CONCEDE+RETREAT); :func:`load_model` returns None when no artifact is installed (rules-only fallback).
"""

from __future__ import annotations

import functools
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LexiconError, ModelNotFoundError
from .lexicon import load_table
from .nlp import load_nlp
from .plover_features import mark, parse_marked, rule_features, spans_in
from .plover_rules import code_spans

__all__ = ["LABELS", "MODELS_DIR", "Encoder", "blend", "pool_groups", "LearnedCoder", "features_for_marked", "load_encoder", "load_model", "model_text"]

MODELS_DIR = Path(__file__).with_name("models")
#: The labels the learned coders predict: PLOVER's 16 types with CONCEDE and RETREAT merged as YIELD.
LABELS: list[str] = [
    "AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
_WS = re.compile(r"\s+")
_MAX_TOKENS = 128
#: Texts whose pooled states one process keeps (about 12 KiB each): a sentence seen again (a wire
#: copy, a sentence coded for several actor pairs) skips the encoder.
_CACHED = 1024


def model_text(marked: str) -> str:
    """The text the learned coders read: the marked sentence, markers tight, white space collapsed."""
    parsed = parse_marked(marked)
    return _WS.sub(" ", mark(parsed.text, parsed.actor, parsed.recipient)).strip()


def features_for_marked(marked: str) -> dict[str, float]:
    """Parse a marked sentence and return the rule coder's features for its actor and recipient."""
    parsed = parse_marked(marked)
    doc = load_nlp()(parsed.text)
    actors = spans_in(doc, [parsed.actor])
    recipients = spans_in(doc, [parsed.recipient])
    return rule_features(doc[:], code_spans(doc[:], actors, recipients), actors, recipients)


_TAG = re.compile(r"<(/?)([st])>")


def _marked_regions(text: str) -> tuple[list[tuple[int, int]], dict[str, tuple[int, int]]]:
    """Character ranges of the marker tags and of the actor (s) / recipient (t) contents in ``text``."""
    tags: list[tuple[int, int]] = []
    opened: dict[str, int] = {}
    regions: dict[str, tuple[int, int]] = {}
    for match in _TAG.finditer(text):
        tags.append(match.span())
        if match.group(1):
            if match.group(2) in opened:
                regions[match.group(2)] = (opened.pop(match.group(2)), match.start())
        else:
            opened[match.group(2)] = match.end()
    return tags, regions


class Encoder:
    """MiniLM (quantised ONNX) read out over the marked sentence: span-aware pooled token states.

    For each text the features are four mean-pooled blocks of the last hidden layer: all tokens, the
    actor span, the recipient span, and the words between them (where the event language usually is),
    followed by the cosine similarity of the whole sentence and of the in-between words to a short
    description of each label (``plover_descriptions.tsv``), a zero-shot signal.
    """

    def __init__(self, onnx_path: Path, tokenizer_path: Path) -> None:
        from tokenizers import Tokenizer

        from ..encoders.minilm import open_session

        self.session = open_session(onnx_path)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(_MAX_TOKENS)
        self._alone: OrderedDict[str, np.ndarray] = OrderedDict()

    def _states(self, texts: list[str], size: int = 32):  # type: ignore[no-untyped-def]
        """Yield (text, last hidden states, encoding) per text, tokenised at once, run in batches of ``size``."""
        encodings = self.tokenizer.encode_batch(texts)
        for start in range(0, len(texts), size):
            batch, encs = texts[start : start + size], encodings[start : start + size]
            lengths = np.array([len(e.ids) for e in encs])
            ids = np.zeros((len(encs), lengths.max()), dtype=np.int64)
            for row, enc in enumerate(encs):
                ids[row, : lengths[row]] = enc.ids
            mask = (np.arange(ids.shape[1]) < lengths[:, None]).astype(np.int64)
            (hidden,) = self.session.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask})
            for row, (text, enc) in enumerate(zip(batch, encs)):
                yield text, hidden[row, : lengths[row]], enc

    @functools.cached_property
    def prototypes(self) -> np.ndarray:
        """Unit embeddings of the label descriptions in ``plover_descriptions.tsv`` (rows in LABELS order)."""
        rows = {r["label"]: r["description"] for r in load_table("plover_descriptions.tsv", ("label", "description"))}
        missing = [label for label in LABELS if label not in rows]
        if missing:
            raise LexiconError("plover_descriptions.tsv", 0, f"no description for {', '.join(missing)}")
        vecs = [h[[i for i, sp in enumerate(e.special_tokens_mask) if not sp]].mean(0)
                for _, h, e in self._states([rows[label] for label in LABELS])]
        return _unit(np.vstack(vecs))

    def _pooled_alone(self, texts: list[str]) -> list[np.ndarray]:
        """Pooled blocks of texts run one per encoder run, which depend on the text alone: kept per
        process for the last :data:`_CACHED` texts, so a repeated text costs no encoder run."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._alone))
        for text, hidden, enc in self._states(missing, 1):
            self._alone[text] = _pool(hidden, enc.offsets, enc.special_tokens_mask, text)
        rows = []
        for text in texts:
            self._alone.move_to_end(text)
            rows.append(self._alone[text])
        while len(self._alone) > max(_CACHED, len(texts)):
            self._alone.popitem(last=False)
        return rows

    def pooled(self, texts: list[str], prototypes: bool = True, batch: int = 32) -> np.ndarray:
        """Span-aware pooled features, one row per text, followed (with ``prototypes``) by the cosine
        similarities of the whole sentence and of the in-between words to the label descriptions.

        ``batch`` texts go through the encoder per run. The int8 encoder quantises its activations with one
        scale per run, so with ``batch`` > 1 a text's features depend (slightly) on the texts run with it;
        with ``batch`` = 1 they depend on the text alone and are cached (a per-row quantisation that
        would let texts batch was measured slower: onnxruntime fuses only the per-run quantiser).
        """
        rows = self._pooled_alone(texts) if batch == 1 else [
            _pool(h, e.offsets, e.special_tokens_mask, t) for t, h, e in self._states(texts, batch)]
        if not rows:
            return np.zeros((0, 0))
        pooled = np.vstack(rows)
        if not prototypes:
            return pooled
        dim = pooled.shape[1] // 4
        sims = [_unit(pooled[:, k * dim : (k + 1) * dim]) @ self.prototypes.T for k in (0, 3)]
        return np.hstack([pooled, *sims])


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norm == 0, 1, norm)


def pool_groups(offsets: list[tuple[int, int]], special: list[int], text: str) -> list[list[int]]:
    """Token indices of the four pooled blocks: all words, actor span, recipient span, words between."""
    tags, regions = _marked_regions(text)
    s_reg, t_reg = regions.get("s"), regions.get("t")
    between = None
    if s_reg and t_reg:
        first, second = sorted((s_reg, t_reg))
        between = (first[1], second[0])
    groups: list[list[int]] = [[], [], [], []]
    for i, ((lo, _), sp) in enumerate(zip(offsets, special)):
        if sp or any(a <= lo < b for a, b in tags):
            continue
        groups[0].append(i)
        for slot, reg in ((1, s_reg), (2, t_reg), (3, between)):
            if reg and reg[0] <= lo < reg[1]:
                groups[slot].append(i)
    return groups


def _pool(hidden: np.ndarray, offsets: list[tuple[int, int]], special: list[int], text: str) -> np.ndarray:
    dim = hidden.shape[1]
    groups = pool_groups(offsets, special, text)
    return np.concatenate([hidden[idx].mean(0) if idx else np.zeros(dim) for idx in groups])


class _EmbeddingLR:
    """A linear head over the encoder's pooled features, from its JSON export: a logistic regression
    over the pretrained encoder's features, or the head fine-tuned together with the encoder."""

    def __init__(self, payload: dict[str, Any]) -> None:
        if payload["labels"] != LABELS:
            raise ModelNotFoundError("plover_emb_lr.json was trained for another label set; retrain it")
        self.mean = np.asarray(payload["mean"])
        self.scale = np.asarray(payload["scale"])
        self.coef = np.asarray(payload["coef"])
        self.intercept = np.asarray(payload["intercept"])
        #: Whether the head reads the description similarities after the pooled blocks.
        self.prototypes = bool(payload.get("prototypes", True))
        self.weight = float(payload["blend_weight"])
        self.prior = np.asarray(payload["prior"])
        self.prior_power = float(payload["prior_power"])

    def proba(self, features: np.ndarray) -> np.ndarray:
        return _softmax(((features - self.mean) / self.scale) @ self.coef.T + self.intercept)


class _FeatureLR:
    """Logistic regression over TF-IDF n-grams and parse features, from its JSON export."""

    def __init__(self, payload: dict[str, Any]) -> None:
        if payload["labels"] != LABELS:
            raise ModelNotFoundError("plover_lr.json was trained for another label set; retrain it")
        self.pattern = re.compile(payload["token_pattern"])
        self.ngrams = tuple(payload["ngram_range"])
        self.vocab: dict[str, int] = payload["vocabulary"]
        self.idf = np.asarray(payload["idf"])
        self.features: dict[str, int] = payload["features"]
        self.coef = np.asarray(payload["coef"])
        self.intercept = np.asarray(payload["intercept"])

    def _tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The text's non-zero TF-IDF entries (column indices, L2-normalised values), sublinear tf."""
        tokens = self.pattern.findall(text.lower())
        counts: dict[int, int] = {}
        for n in range(self.ngrams[0], self.ngrams[1] + 1):
            for i in range(len(tokens) - n + 1):
                idx = self.vocab.get(" ".join(tokens[i : i + n]))
                if idx is not None:
                    counts[idx] = counts.get(idx, 0) + 1
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self.idf[cols]
        norm = np.linalg.norm(values)
        return cols, values / norm if norm else values

    def proba(self, texts: list[str], feats: list[dict[str, float]]) -> np.ndarray:
        """Class probabilities; only each row's non-zero columns are read (the vocabulary is large)."""
        offset = len(self.vocab)
        logits = np.tile(self.intercept, (len(texts), 1))
        for row, (text, feat) in enumerate(zip(texts, feats)):
            cols, values = self._tfidf(text)
            named = [(offset + self.features[k], v) for k, v in feat.items() if k in self.features]
            if named:
                cols = np.concatenate([cols, [c for c, _ in named]])
                values = np.concatenate([values, [v for _, v in named]])
            logits[row] += self.coef[:, cols] @ values
        return _softmax(logits) if len(texts) else np.zeros((0, len(LABELS)))


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@dataclass
class LearnedCoder:
    """The shipped learners and their blend: ``emb`` (MiniLM features) weighted by its blend weight."""

    lr: _FeatureLR | None
    encoder: Encoder | None = None
    emb: _EmbeddingLR | None = None

    @property
    def name(self) -> str:
        parts = [n for n, m in (("minilm", self.emb if self.encoder else None), ("lr", self.lr)) if m is not None]
        return "+".join(parts)

    def proba(self, texts: list[str], feats: list[dict[str, float]]) -> np.ndarray:
        """Class probabilities over :data:`LABELS` for marked texts and their rule features."""
        texts = [model_text(t) for t in texts]
        emb = None
        if self.encoder is not None and self.emb is not None:
            # One text per encoder run: a text's probabilities must not depend on the texts coded with it.
            emb = self.emb.proba(self.encoder.pooled(texts, prototypes=self.emb.prototypes, batch=1))
        if self.lr is None:
            assert emb is not None
            return emb
        lr = self.lr.proba(texts, feats)
        if emb is None:
            return lr
        assert self.emb is not None
        return blend(emb, lr, self.emb.weight, self.emb.prior, self.emb.prior_power)


def blend(emb: np.ndarray, lr: np.ndarray, weight: float, prior: np.ndarray, power: float) -> np.ndarray:
    """Geometric blend of two probability tables, divided by ``prior ** power`` and renormalised.

    The prior correction lifts rare classes a little, which macro-F1 rewards; weight and power are
    chosen by cross-validation in the training script.
    """
    eps = 1e-9
    logp = weight * np.log(emb + eps) + (1 - weight) * np.log(lr + eps) - power * np.log(prior)
    return _softmax(logp)


def load_encoder(folder: Path = MODELS_DIR) -> Encoder | None:
    """The ONNX MiniLM encoder in ``folder``; None when absent or onnxruntime/tokenizers are missing."""
    onnx_path, tok_path = folder / "plover_minilm.onnx", folder / "plover_minilm.tokenizer.json"
    if not (onnx_path.is_file() and tok_path.is_file()):
        return None
    try:
        return Encoder(onnx_path, tok_path)
    except ImportError:
        return None


def _json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


@functools.cache
def load_model(folder: Path = MODELS_DIR, *, with_encoder: bool = True) -> LearnedCoder | None:
    """Load whichever learned coders are installed in ``folder`` (once); None when there are none.

    The MiniLM part needs onnxruntime and tokenizers; without them, or without ``with_encoder``, the
    feature LR (numpy only) runs alone, and with no artifact at all the rules decide.
    """
    lr_payload = _json(folder / "plover_lr.json")
    emb_payload = _json(folder / "plover_emb_lr.json") if with_encoder else None
    encoder = load_encoder(folder) if emb_payload else None
    lr = _FeatureLR(lr_payload) if lr_payload else None
    emb = _EmbeddingLR(emb_payload) if emb_payload and encoder else None
    if lr is None and emb is None:
        return None
    return LearnedCoder(lr, encoder if emb else None, emb)
