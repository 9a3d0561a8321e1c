"""Linking features: the event day and signatures come from an article's lead, not its background."""

from __future__ import annotations

import datetime as dt

from concord.link.features import LEAD_SENTENCES, extract_features, lead_day
from concord.model import Actor, Analysis, Article, Citation, EventMention


def _mention(sentence: int, etype: str, day: str | None, precision: str | None = "day",
             negated: bool = False) -> EventMention:
    return EventMention(
        type=etype, citation=Citation("a", sentence, 0, 1, "test"), date=day, date_precision=precision,
        negated=negated, actors=[Actor("India", "state", "IND")], recipients=[Actor("Pakistan", "state", "PAK")],
    )


def test_lead_day_ignores_background_negated_and_coarse_dates() -> None:
    mentions = [
        _mention(LEAD_SENTENCES + 3, "ASSAULT", "2025-04-22"),  # the earlier attack, as background
        _mention(0, "ASSAULT", "2025-05-06", negated=True),
        _mention(1, "ASSAULT", "2025", precision="year"),
        _mention(2, "ASSAULT", "2025-05-07"),
    ]
    assert lead_day(mentions) == dt.date(2025, 5, 7).toordinal()
    assert lead_day(mentions[:1]) is None


def test_features_take_the_lead_day_else_the_article_date() -> None:
    article = Article(id="a", text="India struck sites in Pakistan on Wednesday.", date=dt.date(2025, 5, 8))
    background = Analysis("a", events=[_mention(LEAD_SENTENCES, "ASSAULT", "2025-04-22")])
    feats = extract_features(article, background)
    assert feats.day == dt.date(2025, 5, 8).toordinal() and feats.event_days == set() and feats.signatures == set()
    lead = Analysis("a", events=[_mention(0, "ASSAULT", "2025-05-07"), *background.events])
    feats = extract_features(article, lead)
    assert feats.day == dt.date(2025, 5, 7).toordinal()
    assert feats.signatures == {("ASSAULT", "IND-PAK")}
