"""Hand-built events shared by the export tests (invented values, written for concord)."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.model import Actor, Analysis, Article, Citation, Conflict, ConflictValue, Event, EventMention

PLUS_TWO = dt.timezone(dt.timedelta(hours=2))
TALKS_TEXT = (
    "Kenya and Japan opened trade talks in Nairobi on Tuesday. "
    "Kenyan minister Rebecca Miano met Japanese envoy Kenji Nakamura."
)


def cite(aid: str, sentence: int, start: int, end: int) -> Citation:
    """A citation into one of the invented articles."""
    return Citation(aid, sentence, start, end, "test", TALKS_TEXT[start:end])


@pytest.fixture
def talks() -> Event:
    """A two-report CONSULT with two actors and no recipient, a date conflict and a wire copy."""
    return Event(
        id="ev-talks",
        date="2024-06-11",
        event="CONSULT",
        mode="visit",
        context=["economic"],
        actor=[
            Actor("Japan", "state", "JPN", ["GOV"], None, id="JPN", code="JPN"),
            Actor("Rebecca Miano", "person", "KEN", ["GOV", "BUS"], "Trade Minister", id="x:rebecca-miano-ken",
                  code="KENGOVBUS"),
        ],
        event_loc="Nairobi",
        event_text=TALKS_TEXT[:57],
        cameo="04",
        intensity=4.0,
        n_articles=3,
        n_sources=2,
        first_seen=dt.datetime(2024, 6, 11, 9, 30, tzinfo=dt.UTC),
        last_seen=dt.datetime(2024, 6, 12, 8, 0, tzinfo=dt.UTC),
        sources=[
            {"article_id": "art-a", "source": "nation", "url": "https://nation.example/talks",
             "date": "2024-06-11", "duplicate_of": None},
            {"article_id": "art-b", "source": None, "url": None, "date": None, "duplicate_of": None},
            {"article_id": "art-c", "source": "wire", "url": "https://wire.example/c",
             "date": "2024-06-12", "duplicate_of": "art-a"},
        ],
        citations={
            "event": [cite("art-a", 0, 0, 57), cite("art-b", 1, 58, 122)],
            "actor": [cite("art-a", 0, 10, 15), cite("art-a", 1, 74, 87)],
        },
        conflicts=[Conflict("date", [ConflictValue("2024-06-11", [cite("art-a", 0, 0, 57)]),
                                     ConflictValue("2024-06-10", [cite("art-b", 1, 58, 122)])])],
    )  # fmt: skip


@pytest.fixture
def sanction() -> Event:
    """A month-precision SANCTION with one actor, two recipients and no sources."""
    return Event(
        id="ev-sanction",
        date="2023-09",
        event="SANCTION",
        actor=[Actor("European Union", "organisation", "EUR", ["IGO"], id="european-union", code="IGOEUREEC")],
        recipient=[Actor("Belarus", "state", "BLR", ["GOV"], id="BLR", code="BLR"),
                   Actor("Minsk Refinery", "organisation", None, [])],
        cameo="16",
        intensity=-5.5,
        n_articles=1,
        n_sources=1,
    )


@pytest.fixture
def talks_reports() -> tuple[dict[str, Article], dict[str, Analysis | None]]:
    """The stored side of the talks: two articles, one analysed with a trigger and a confidence."""
    articles = {
        "art-a": Article(id="art-a", text=TALKS_TEXT, source="nation", date=dt.date(2024, 6, 11)),
        "art-b": Article(id="art-b", text=TALKS_TEXT, url="https://www.standard.example/x",
                         ingested_at=dt.datetime(2024, 6, 12, 9, 5, 9, tzinfo=PLUS_TWO)),
    }  # fmt: skip
    mention = EventMention(
        type="CONSULT", citation=cite("art-a", 0, 0, 57), trigger=cite("art-a", 0, 16, 22), confidence=0.874
    )
    other = EventMention(type="AGREE", citation=cite("art-a", 0, 0, 57), confidence=0.2)
    return articles, {"art-a": Analysis("art-a", events=[other, mention]), "art-b": None}
