"""PLOVER data files and the marked-sentence helpers."""

from __future__ import annotations

import numpy as np
import pytest

from concord.analyze.plover_features import mark, parse_marked
from concord.analyze.plover_lexicon import PLOVER_TYPES, cameo_code, context_cues, intensity, mode_known, triggers
from concord.analyze.plover_model import LABELS, load_encoder
from concord.errors import InputError


def test_every_type_has_a_score_and_cameo_root() -> None:
    for etype in PLOVER_TYPES:
        assert -10 <= intensity(etype) <= 10
        assert len(cameo_code(etype)) == 2
    assert intensity("CONSULT", "phone") == 1.5
    assert intensity("CONSULT", "no-such-mode") == intensity("CONSULT")
    assert cameo_code("ACCUSE", "investigate") == "09" and cameo_code("ACCUSE") == "11"
    assert cameo_code("CONCEDE") == cameo_code("RETREAT") == "08"
    assert intensity("ASSAULT") < intensity("ACCUSE") < 0 < intensity("AGREE") < intensity("AID")


def test_trigger_rows_use_known_types_and_modes() -> None:
    rows = [row for group in triggers().values() for row in group]
    assert len(rows) > 200
    assert {row.type for row in rows} == set(PLOVER_TYPES)
    assert all(row.mode is None or mode_known(row.type, row.mode) for row in rows)
    assert all(row.source.startswith("plover_triggers.tsv:") for row in rows)
    # rows that need a dependent word are tried before the bare lemma
    call = triggers()["call"]
    assert call[0].with_ is not None and call[-1].with_ is None


def test_context_cues_load() -> None:
    cues = context_cues()
    assert cues["refugee"] == "migration" and cues["human right"] == "human_rights"


def test_labels_merge_concede_and_retreat() -> None:
    assert "YIELD" in LABELS and "CONCEDE" not in LABELS and len(LABELS) == 15


@pytest.mark.parametrize(
    "marked",
    [
        "<s>Iran</s> criticised <t>the decision</t>.",
        "Yesterday <t>the rebels</t> were attacked by <s>the army</s>.",
        "<s>Nobody</s> replied.",
    ],
)
def test_parse_and_mark_round_trip(marked: str) -> None:
    parsed = parse_marked(marked)
    assert "<" not in parsed.text
    assert mark(parsed.text, parsed.actor, parsed.recipient) == marked
    if parsed.actor:
        assert parsed.text[parsed.actor[0] : parsed.actor[1]] in marked


def test_marker_spaces_are_trimmed() -> None:
    parsed = parse_marked("<s> Chad </s> met <t>Niger </t>")
    assert parsed.text[slice(*parsed.actor)] == "Chad"
    assert parsed.text[slice(*parsed.recipient)] == "Niger"


@pytest.mark.parametrize("bad", ["<s>Chad met Niger", "Chad</t> met Niger"])
def test_unbalanced_markers_raise(bad: str) -> None:
    with pytest.raises(InputError):
        parse_marked(bad)


def test_shipped_encoder_features_are_span_aware() -> None:
    encoder = load_encoder()
    if encoder is None:
        pytest.skip("no ONNX encoder installed (onnxruntime/tokenizers or the artifact missing)")
    a, b = encoder.pooled(["<s>Chad</s> praised <t>Niger</t>.", "<s>Niger</s> praised <t>Chad</t>."])
    dim = (len(a) - 2 * len(LABELS)) // 4
    chad_actor, niger_recipient, chad_recipient = a[dim : 2 * dim], a[2 * dim : 3 * dim], b[2 * dim : 3 * dim]
    # the actor block holds the actor's words: "Chad" as actor is closer to "Chad" as recipient than to "Niger"
    assert _cos(chad_actor, chad_recipient) > _cos(chad_actor, niger_recipient)
    assert len(a) == 4 * dim + 2 * len(LABELS)


def _cos(u, v) -> float:  # type: ignore[no-untyped-def]
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def test_sport_cue_lexicon_loads_contest_verbs_and_cues() -> None:
    from concord.analyze.plover_lexicon import sport_cues

    contest, cues = sport_cues()
    assert {"beat", "defeat"} <= contest and {"final", "wicket", "world cup"} <= cues
    assert not contest & cues
    assert "beat" in triggers()  # the verb the sports filter exists for is a trigger


def test_a_sentence_codes_the_same_alone_and_among_others() -> None:
    from concord.analyze.plover_coder import code_texts

    if load_encoder() is None:
        pytest.skip("no ONNX encoder installed (onnxruntime/tokenizers or the artifact missing)")
    sentence = "<s>Peru</s> accused <t>Bolivia</t> of blocking the border crossing at Desaguadero."
    others = ["<s>Ghana</s> sent grain to <t>Togo</t> after the floods.",
              "<s>Norway</s> hosted talks between <t>Colombia</t> and the rebels in Oslo on Tuesday."]
    alone = code_texts([sentence])[0]
    among = code_texts([others[0], sentence, others[1]])[1]
    assert alone.type == among.type == "ACCUSE"
    assert abs(alone.confidence - among.confidence) < 1e-6


class _CountingSession:
    """The encoder's onnxruntime session, counting its runs."""

    def __init__(self, inner: object) -> None:
        self.inner, self.runs = inner, 0

    def run(self, *args: object) -> object:
        self.runs += 1
        return self.inner.run(*args)  # type: ignore[attr-defined]


def test_a_repeated_sentence_skips_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    from concord.analyze.plover_model import load_model

    model = load_model()
    if model is None or model.encoder is None:
        pytest.skip("no ONNX encoder installed (onnxruntime/tokenizers or the artifact missing)")
    counting = _CountingSession(model.encoder.session)
    monkeypatch.setattr(model.encoder, "session", counting)
    text = "<s>Fiji</s> thanked <t>Tonga</t> for the loan of two patrol boats during the regatta in Suva."
    first = model.encoder.pooled([text, text], prototypes=False, batch=1)
    again = model.encoder.pooled([text], prototypes=False, batch=1)
    assert counting.runs == 1
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[0], first[1])
