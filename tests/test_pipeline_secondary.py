"""Linking stores a story's secondary events with their links, replaces and drops them as reports
arrive, and rebuilds them the same on recluster (analyses written here by hand, no spaCy)."""

from __future__ import annotations

import datetime as dt

from concord.link.secondary import is_secondary, secondary_event_id
from concord.model import Actor, Analysis, Article, Citation, EventMention, article_id, to_dict
from concord.pipeline import link_pending, recluster
from concord.store import EventFilter
from concord.store.sqlite import SQLiteStore

DAY = dt.date(2025, 3, 4)
CHL = Actor(name="Julio Salas", kind="person", country="CHL")
NOR = Actor(name="Cecilie Myrseth", kind="person", country="NOR")
# Invented reports of one meeting (written for this test).
REPORTS = (
    "Chile and Norway held talks in Santiago on Tuesday on salmon farming rules and a fisheries research "
    "pact. Chilean fisheries minister Julio Salas and Norwegian trade minister Cecilie Myrseth discussed "
    "quotas, disease control in fish pens and a joint research vessel for the southern fjords. The two "
    "ministers agreed to set up a working group on aquaculture standards.",
    "Norwegian trade minister Cecilie Myrseth met her Chilean counterpart Julio Salas in Santiago on "
    "Tuesday for talks on salmon aquaculture. They discussed disease control in fish pens, fishing quotas "
    "and a joint research vessel for the southern fjords, and agreed on a working group on farming rules.",
    "Julio Salas, Chile's fisheries minister, hosted Norway's trade minister Cecilie Myrseth in Santiago "
    "on Tuesday for talks on salmon farming, fish pen disease control, quotas and a research vessel for "
    "the southern fjords. Salas rejected calls from Norwegian firms to relax the quota rules.",
)


def _mention(aid: str, sentence: int, etype: str, day: dt.date | None = None) -> EventMention:
    return EventMention(
        type=etype, citation=Citation(aid, sentence, 0, 10, "test", text=f"{etype} {sentence}"),
        actors=[CHL], recipients=[NOR], date=day.isoformat() if day else None,
        date_precision="day" if day else None, confidence=0.9,
    )


def _add(store: SQLiteStore, text: str, lead: str, *others: tuple[int, str]) -> str:
    """Store one report whose lead mention has type ``lead`` and later mentions the given types."""
    aid = article_id(text)
    store.add_article(Article(id=aid, text=text, source=f"outlet-{aid[:4]}", date=DAY,
                              ingested_at=dt.datetime(2025, 3, 5, tzinfo=dt.UTC)))  # fmt: skip
    events = [_mention(aid, 0, lead, DAY), *(_mention(aid, s, t) for s, t in others)]
    store.save_analysis(Analysis(aid, events=events))
    return aid


def _story(store: SQLiteStore) -> dict[str, list[str]]:
    """Event type -> ids, and a check that every link runs both ways."""
    events = store.events(EventFilter(limit=1000))
    by_id = {e.id: e for e in events}
    for event in events:
        for other in event.related:
            assert event.id in by_id[other].related
    found: dict[str, list[str]] = {}
    for event in events:
        found.setdefault(event.event, []).append(event.id)
    return found


def test_secondary_events_are_stored_linked_replaced_and_rebuilt(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    first = _add(store, REPORTS[0], "AGREE", (1, "CONSULT"))
    link_pending(store)
    (story,) = _story(store)["AGREE"]
    consult = secondary_event_id(story, "CONSULT")
    assert _story(store) == {"AGREE": [story], "CONSULT": [consult]}
    assert store.events_of_article(first) == sorted([story, consult])

    # Two more reports lead with the meeting: the story's primary turns CONSULT, the old CONSULT
    # secondary goes and an AGREE secondary takes its place; a rejection only one report gives joins.
    second = _add(store, REPORTS[1], "CONSULT", (1, "AGREE"))
    third = _add(store, REPORTS[2], "CONSULT", (1, "REJECT"))
    touched = link_pending(store)
    agree, reject = secondary_event_id(story, "AGREE"), secondary_event_id(story, "REJECT")
    assert sorted(touched) == sorted([story, agree, reject])
    assert _story(store) == {"CONSULT": [story], "AGREE": [agree], "REJECT": [reject]}
    primary = store.get_event(story)
    assert primary.related == [agree, reject] and not is_secondary(primary)
    assert is_secondary(store.get_event(agree)) and store.get_event(agree).n_sources == 2
    assert store.events_of_article(third) == sorted([story, reject])
    assert store.events_of_article(second) == sorted([story, agree])
    summaries = store.event_summaries(EventFilter(type="AGREE"))
    assert [s["id"] for s in summaries] == [agree]
    assert store.events(EventFilter(actors=("CHL", "NOR"), type="REJECT"))[0].id == reject

    before = [to_dict(e) for e in store.events(EventFilter(limit=1000))]
    recluster(store)
    assert [to_dict(e) for e in store.events(EventFilter(limit=1000))] == before
    store.close()

    from typer.testing import CliRunner

    from concord.cli import app

    shown = CliRunner().invoke(app, ["--db", str(tmp_path / "s.db"), "event", story])
    assert shown.exit_code == 0, shown.output
    assert f"related events (same story): {agree}, {reject}" in shown.output
