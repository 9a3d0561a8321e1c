"""The canonical test: the two wire reports of the 6 Feb 2025 Singh-Hegseth call, end to end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from concord import Concord
from concord.link.secondary import is_secondary
from concord.model import Event, to_dict


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, seeds: list[Path]) -> tuple[Concord, dict]:
    concord = Concord(tmp_path_factory.mktemp("seeds") / "seeds.db")
    report = concord.ingest([str(p) for p in seeds], now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    return concord, report.to_json()


def test_two_articles_with_their_dates_and_datelines(ingested: tuple[Concord, dict]) -> None:
    concord, report = ingested
    assert report["ingested"] == 2 and report["quarantined"] == []
    by_date = {a.date: a for a in concord.articles()}
    assert set(by_date) == {dt.date(2025, 2, 6), dt.date(2025, 2, 7)}
    delhi, washington = by_date[dt.date(2025, 2, 6)], by_date[dt.date(2025, 2, 7)]
    assert (delhi.dateline.place, delhi.dateline.country, delhi.dateline.agency) == ("New Delhi", "IND", "ANI")
    assert (washington.dateline.place, washington.dateline.country) == ("Washington DC", "USA")
    assert washington.date_method == "weekday"


def test_second_ingest_adds_nothing(ingested: tuple[Concord, dict], seeds: list[Path]) -> None:
    concord, _ = ingested
    before = concord.stats()
    again = concord.ingest([str(seeds[0].parent)])
    assert again.ingested == [] and len(again.duplicates) == 2
    assert concord.stats() == before


def test_one_phone_call_event_from_two_sources(ingested: tuple[Concord, dict]) -> None:
    concord, _ = ingested
    calls = concord.events(type="CONSULT")
    assert len(calls) == 1
    call = calls[0]
    assert (call.date, call.mode, call.n_articles, call.n_sources) == ("2025-02-06", "phone", 2, 2)
    assert {a.country for a in call.actor + call.recipient} == {"USA", "IND"}
    assert call.actor and call.recipient  # one minister called, the other took the call
    assert not {c.field for c in call.conflicts} & {"date", "actor"}
    assert concord.events(actors=["IND", "USA"], type="CONSULT") == calls
    assert concord.event(call.id[:10]) == call


def _call_and_agreement(concord: Concord) -> tuple[Event, Event]:
    """The one CONSULT/phone event of the 6th and the AGREE event of its story."""
    (call,) = concord.events(type="CONSULT")
    (agreed,) = [e for e in concord.events(type="AGREE") if e.id in call.related]
    return call, agreed


def test_what_the_ministers_agreed_is_a_second_event_of_the_call(ingested: tuple[Concord, dict]) -> None:
    concord, _ = ingested
    call, agreed = _call_and_agreement(concord)
    assert agreed.related == [call.id] and is_secondary(agreed) and not is_secondary(call)
    assert (agreed.date, agreed.n_articles, agreed.n_sources) == ("2025-02-06", 2, 2)
    assert {c.article_id for c in agreed.citations["event"]} == {a.id for a in concord.articles()}
    assert {a.country for a in agreed.actor + agreed.recipient} >= {"USA", "IND"}
    for article in concord.articles():
        assert {call.id, agreed.id} <= set(concord.store.events_of_article(article.id))
    # Every secondary event of the story is a real act of that day, linked back to the call.
    for eid in call.related:
        other = concord.event(eid)
        assert other.related == [call.id] and other.event != "CONSULT" and other.date == "2025-02-06"


def test_either_order_one_report_at_a_time_gives_the_same_two_events(
    ingested: tuple[Concord, dict], seeds: list[Path], tmp_path: Path
) -> None:
    concord, _ = ingested
    with Concord(tmp_path / "reverse.db") as reverse:
        for path in reversed(seeds):
            assert reverse.ingest([str(path)], now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC)).ok
        for one, other in zip(_call_and_agreement(concord), _call_and_agreement(reverse)):
            assert (other.event, other.mode, other.date, other.n_articles, other.n_sources) == (
                one.event, one.mode, one.date, one.n_articles, one.n_sources)
            assert other.conflicts == one.conflicts == []
        assert len(reverse.events(limit=1000)) == len(concord.events(limit=1000))


def test_standing_facts_of_the_dyad(ingested: tuple[Concord, dict]) -> None:
    concord, _ = ingested
    years = {(f.acronym, (f.date or "")[:4]) for f in concord.facts(["IND", "USA"])}
    for expected in (("LEMOA", "2016"), ("COMCASA", "2018"), ("ISA", "2019"), ("BECA", "2020")):
        assert expected in years


def test_postgresql_gives_the_same_events_as_sqlite(
    ingested: tuple[Concord, dict], seeds: list[Path], pg_schemas: Callable[[], str]
) -> None:
    concord, report = ingested
    with Concord(pg_schemas()) as server:
        again = server.ingest([str(p) for p in seeds], now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
        assert again.to_json() == report
        assert [to_dict(e) for e in server.events(include_uncoded=True, limit=1000)] == [
            to_dict(e) for e in concord.events(include_uncoded=True, limit=1000)]
        (call,) = server.events(type="CONSULT")
        assert server.compare(call.id) == concord.compare(call.id)
        found = server.search("defence minister")
        assert {h.article_id for h in found} == {h.article_id for h in concord.search("defence minister")} != set()
        assert all(h.highlights for h in found)
