"""Issue 3 item 7 on the two seed reports (read from ../shared/seeds): the call and what was agreed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from concord.analyze import analyze
from concord.ingest.build import build_article
from concord.ingest.readers import read_text
from concord.model import Analysis, EventMention
from concord.settings import Settings

NOW = dt.datetime(2025, 2, 8, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def seed_events(seeds: list[Path]) -> dict[str, Analysis]:
    """Each seed ingested as ``concord ingest`` builds it (header, dateline, date), then analysed."""
    out = {}
    for path in seeds:
        record = read_text(path.read_text(encoding="utf-8"), str(path))
        out[path.name[:3]] = analyze(build_article(record, Settings(), NOW))
    return out


def _countries(event: EventMention) -> set[str | None]:
    return {a.country for a in event.actors + event.recipients}


@pytest.mark.parametrize("key", ["000", "001"])
def test_each_seed_reports_the_phone_call(seed_events: dict[str, Analysis], key: str) -> None:
    calls = [e for e in seed_events[key].events
             if e.type == "CONSULT" and e.mode == "phone" and e.date == "2025-02-06"]
    assert calls, [(e.type, e.mode, e.date) for e in seed_events[key].events]
    call = calls[0]
    assert {"USA", "IND"} <= _countries(call)
    assert call.actors and call.recipients and call.auxiliary is None and not call.negated


@pytest.mark.parametrize("key", ["000", "001"])
def test_each_seed_reports_the_agreed_agenda(seed_events: dict[str, Analysis], key: str) -> None:
    agreed = [e for e in seed_events[key].events if e.type == "AGREE" and "agenda" in e.citation.text]
    assert agreed and all(e.auxiliary != "historical" for e in agreed)


@pytest.mark.parametrize("key", ["000", "001"])
def test_each_seed_reports_the_agreed_framework_for_2025(seed_events: dict[str, Analysis], key: str) -> None:
    framework = [e for e in seed_events[key].events if e.type == "AGREE" and e.date == "2025"
                 and "framework" in e.citation.text.lower()]
    assert framework, [(e.type, e.date, e.citation.sentence) for e in seed_events[key].events]
