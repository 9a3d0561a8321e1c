"""The shipped sentence encoder gives the same vectors on every CPU: its 7-bit int8 weights keep
the integer sums of CPUs without VNNI from saturating, so these values, written down once, hold
on any machine the suite runs on (a re-export with full-range weights fails here on AVX2)."""

from __future__ import annotations

import numpy as np

from concord.encoders.minilm import load_sentence_encoder

SENTENCES = [
    "The harbour authority closed the northern pier after the storm damaged its cranes.",
    "Storm damage to the cranes shut the north pier, port officials said.",
    "A chess club in the old library meets every second Thursday.",
]
#: Their cosine similarities, and the first six dimensions of each vector, as computed at export.
SIMILARITIES = [[1.0, 0.8482, -0.0180], [0.8482, 1.0, -0.0430], [-0.0180, -0.0430, 1.0]]
FIRST_DIMS = [
    [-0.0497, 0.0547, 0.1196, 0.0234, 0.0522, -0.0016],
    [-0.0414, 0.0814, 0.1214, 0.0223, 0.0531, 0.0099],
    [0.0291, -0.0718, -0.1285, -0.0253, -0.0039, 0.0729],
]


def test_vectors_are_unit_length_and_the_same_on_every_machine() -> None:
    vectors = load_sentence_encoder().encode(SENTENCES)
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    np.testing.assert_allclose(vectors @ vectors.T, SIMILARITIES, atol=2e-3)
    np.testing.assert_allclose(vectors[:, :6], FIRST_DIMS, atol=2e-3)


def test_a_paraphrase_is_nearer_than_an_unrelated_sentence() -> None:
    vectors = load_sentence_encoder().encode(SENTENCES)
    assert vectors[0] @ vectors[1] > 0.7 > 0.1 > vectors[0] @ vectors[2]
