"""One batched coding pass per article gives the same events as coding sentence by sentence."""

from __future__ import annotations

import datetime as dt

from concord.analyze.events import SentenceInput, extract_article_events, extract_events
from concord.analyze.plover_coder import PairRequest, code_pair, code_pairs
from concord.analyze.plover_rules import code_spans
from concord.model import Actor, Article, Citation, article_id

TEXT = ("Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Tuesday. "
        "Ruto thanked Abiy for his support during the talks. "
        "The weather in the capital was mild. "
        "Ethiopia did not sign the proposed port agreement. "
        "Somalia accused Ethiopia of violating its sovereignty.")
NAMES = {"William Ruto": "KEN", "Abiy Ahmed": "ETH", "Ruto": "KEN", "Abiy": "ETH", "Ethiopia": "ETH", "Somalia": "SOM"}


def _inputs(nlp, article: Article) -> list[SentenceInput]:  # type: ignore[no-untyped-def]
    """Each sentence with citations of the listed names it contains (longest name first, no overlaps)."""
    items = []
    for index, sent in enumerate(nlp(article.text).sents):
        taken: list[tuple[int, int]] = []
        for name in sorted(NAMES, key=len, reverse=True):
            at = sent.text.find(name)
            start, end = sent.start_char + at, sent.start_char + at + len(name)
            if at < 0 or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
        mentions = [(Actor(name=article.text[s:e], kind="person", country=NAMES[article.text[s:e]]),
                     Citation(article.id, index, s, e, "test", article.text[s:e])) for s, e in sorted(taken)]
        items.append(SentenceInput(sent, index, mentions, []))
    return items


def test_article_pass_equals_sentence_by_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    article = Article(id=article_id(TEXT), text=TEXT, date=dt.date(2025, 2, 7))
    items = _inputs(nlp, article)
    batched = extract_article_events(article, items)
    one_by_one = [ev for item in items for ev in extract_events(item.sent, item.index, article, item.mentions, [])]
    assert batched == one_by_one
    assert len({ev.citation.sentence for ev in batched}) >= 3  # several sentences coded in the one pass
    assert 2 not in {ev.citation.sentence for ev in batched}  # the weather sentence has no event language
    # "did not sign the agreement" is a refusal to agree: REJECT, no longer a negated AGREE
    assert any(ev.type == "REJECT" and not ev.negated and "refused" in ev.explanation for ev in batched)


def test_code_pairs_keeps_order_when_only_some_pairs_use_the_model(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = [nlp(t) for t in ("Somalia accused Ethiopia of violating its sovereignty.",
                             "Protesters rallied outside the parliament against the new tax.",
                             "Kenya sent food aid to Sudan.")]
    pairs = [(d[:], [d[0:1]], [d[2:3]] if i != 1 else []) for i, d in enumerate(docs)]
    flags = [True, False, True]
    requests = [PairRequest(s, a, r, code_spans(s, a, r), flag) for (s, a, r), flag in zip(pairs, flags)]
    assert code_pairs(requests) == [code_pair(s, a, r, use_model=flag) for (s, a, r), flag in zip(pairs, flags)]
    assert code_pairs(requests)[1].coder == "rules"
