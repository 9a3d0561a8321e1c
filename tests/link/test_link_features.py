"""Linking features: the event day and signatures come from an article's lead, not its background."""

from __future__ import annotations

import datetime as dt

from concord.link.features import LEAD_SENTENCES, extract_features, lead_day
from concord.model import Actor, Analysis, Article, Citation, EventMention, TimeExpression


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


def test_a_report_dated_only_by_its_ingest_has_no_day_but_the_years_it_states() -> None:
    """Undated reports ("on Friday" read against the day they were ingested) are not days apart."""
    now = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
    article = Article(id="a", text="India struck sites in Pakistan on Friday. Talks began on May 7, 2025.",
                      date=now.date(), date_method="ingest", ingested_at=now)
    friday = TimeExpression("Friday", "2026-11-27", "day", Citation("a", 0, 32, 38, "test"))
    stated = TimeExpression("May 7, 2025", "2025-05-07", "day", Citation("a", 1, 58, 69, "test"))
    relative = Analysis("a", events=[_mention(0, "ASSAULT", "2026-11-27")], times=[friday, stated])
    assert extract_features(article, relative).day is None
    assert extract_features(article, None).day is None
    absolute = Analysis("a", events=[_mention(1, "CONSULT", "2025-05-07")], times=[friday, stated])
    assert extract_features(article, absolute).day == dt.date(2025, 5, 7).toordinal()
    published = Article(id="a", text=article.text, date=now.date(), date_method="metadata", ingested_at=now)
    assert extract_features(published, relative).day == dt.date(2026, 11, 27).toordinal()
