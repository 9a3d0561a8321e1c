"""The event page links a story's primary event and its secondary events both ways."""

from __future__ import annotations

from fastapi.testclient import TestClient

from concord.link.secondary import is_secondary
from concord.model import Event, from_dict


def test_event_pages_link_related_events_both_ways(events_client: TestClient) -> None:
    listed = events_client.get("/api/events?limit=500").json()["items"]
    events = {e.id: e for e in (from_dict(Event, events_client.get(f"/api/events/{s['id']}").json())
                                for s in listed)}  # fmt: skip
    secondary = next(e for e in events.values() if is_secondary(e))
    primary = events[secondary.related[0]]  # a secondary event is listed like any other, and so is its primary
    assert secondary.id in primary.related
    for event, others in ((primary, primary.related), (secondary, [primary.id])):
        page = events_client.get(f"/events/{event.id}").text
        assert "Related events" in page
        for other in others:
            assert f'href="/events/{other}"' in page
            assert f"{events[other].event} {events[other].date}" in page  # each link says what happened, when


def test_the_list_marks_a_secondary_event_with_a_link_to_its_story(events_client: TestClient) -> None:
    listed = events_client.get("/api/events?limit=500").json()["items"]
    secondary = next(s for s in listed if s["story"])
    assert any(s["id"] == secondary["story"] and s["story"] is None for s in listed)
    page = events_client.get("/").text
    assert f'the reports of <a href="/events/{secondary["story"]}">' in page
