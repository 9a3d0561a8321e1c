"""The relation views in process: timeline as counts, dyad page and picker, their JSON, the event page."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from concord.web.chart import MAX_SHAPES

SHAPES = re.compile(r"<(?:rect|path|line|circle|ellipse|polyline|polygon)\b")


def _periods(page: str) -> list[tuple[str, str]]:
    """The (href, key) of every period link of a page's chart."""
    return [(unescape(h), k) for h, k in re.findall(r'<a class="period[^"]*" href="([^"]+)"[^>]*data-period="([^"]+)"', page)]


def test_timeline_counts_are_the_events_of_the_store(events_client: TestClient) -> None:
    page = events_client.get("/timeline?actor=IND&actor=USA").text
    relation = events_client.get("/api/dyads/IND/USA").json()
    everything = events_client.get("/api/events?actor=IND&actor=USA").json()["items"]
    assert relation["total"] == len(everything) == sum(p["total"] for p in relation["periods"]) + relation["off_axis"]
    assert [k for _, k in _periods(page)] == [p["period"]["key"] for p in relation["periods"]]
    assert len(SHAPES.findall(page)) <= MAX_SHAPES
    assert 'class="bar verbal-coop"' in page and 'class="fact-marker"' in page and "value-line" not in page
    assert 'style=' not in page and '<script src="/static/chart.js" defer></script>' in page
    assert "<script>" not in page  # the CSP allows only our own script files
    assert "Choose one or two countries" in events_client.get("/timeline").text


def test_a_period_link_lists_exactly_that_periods_events(events_client: TestClient) -> None:
    page = events_client.get("/timeline?actor=IND&actor=USA").text
    relation = events_client.get("/api/dyads/IND/USA").json()
    busiest = max(relation["periods"], key=lambda p: p["total"])
    href = dict((k, h) for h, k in _periods(page))[busiest["period"]["key"]]
    assert href.endswith("#events") and "period=" in href
    chosen = events_client.get(href.split("#")[0]).text
    listed = re.findall(r'<h2><a href="/events/(ev-[0-9a-f]+)">', chosen.split('id="events"')[1])
    period = busiest["period"]
    assert relation["grain"] == period["grain"] == "week"  # five months of events: weeks
    expected = events_client.get(
        f"/api/events?actor=IND&actor=USA&since={period['since']}&until={period['until']}").json()["items"]
    assert sorted(listed) == sorted(e["id"] for e in expected) and len(listed) == busiest["total"] >= 2
    assert 'aria-current="true" data-period="' + period["key"] in chosen


def test_dyad_page_has_intensity_facts_and_events(events_client: TestClient) -> None:
    page = events_client.get("/dyads/IND/USA").text
    relation = events_client.get("/api/dyads/IND/USA").json()
    assert 'class="value-line"' in page and len(SHAPES.findall(page)) <= MAX_SHAPES
    facts = sum(len(p["facts"]) for p in relation["periods"]) + len(relation["off_axis_facts"])
    assert facts >= 3 and page.split('id="facts-h"')[1].count("<tr><td>") == facts
    assert "Logistics Exchange Memorandum of Agreement" in page
    assert page.split('id="events"')[1].count('class="event-item"') == relation["total"]
    scored = [p for p in relation["periods"] if p["intensity"] is not None]
    assert scored and all(-10 <= p["intensity"] <= 10 for p in scored)


def test_dyad_json_pages_a_periods_events_and_refuses_bad_input(events_client: TestClient) -> None:
    body = events_client.get("/api/dyads/ind/usa?since=2025-02-01&until=2025-02-28&period=2025-02-06").json()
    assert body["actors"] == ["IND", "USA"] and body["grain"] == "day" and len(body["periods"]) == 28
    assert {e["date"] for e in body["events"]["items"]} == {"2025-02-06"} and body["events"]["next"] is None
    for bad in ("/api/dyads/IND/IND", "/api/dyads/IND/INDIA", "/api/dyads/IND/USA?period=2025-13",
                "/api/dyads/IND/USA?since=2025-03-01&until=2025-02-01", "/api/dyads/IND/USA?since=soon"):
        response = events_client.get(bad)
        assert response.status_code == 422 and response.json()["error"]["type"] == "invalid_input", bad
    assert events_client.get("/dyads/IND/USA?period=xx").status_code == 422


def test_the_picker_lists_dyads_by_events_and_opens_one(events_client: TestClient) -> None:
    pairs = events_client.get("/api/dyads").json()["items"]
    assert pairs[0] == {"a": "IND", "b": "USA", "count": len(events_client.get("/api/events?actor=IND&actor=USA").json()["items"])}
    assert [p["count"] for p in pairs] == sorted((p["count"] for p in pairs), reverse=True)
    page = events_client.get("/dyads").text
    assert '<a href="/dyads/IND/USA">IND – USA</a>' in page and 'aria-current="page">Dyads' in page
    counterparts = events_client.get("/api/dyads?actor=PAK").json()["items"]
    assert counterparts and all("PAK" in (p["a"], p["b"]) for p in counterparts)
    moved = events_client.get("/dyads?actor=ind&actor=usa", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/dyads/IND/USA"


def test_event_page_title_short_brief_and_collapsed_comparison(events_client: TestClient) -> None:
    call = events_client.get("/api/events?type=CONSULT&actor=IND&actor=USA&since=2025-02-06&until=2025-02-06").json()["items"][0]
    page = events_client.get(f"/events/{call['id']}").text
    title = re.search(r"<h1>.*?</span> (.*?)</h1>", page).group(1)  # type: ignore[union-attr]
    assert set(title.split(" → ")) == {"Rajnath Singh", "Pete Hegseth"}  # who called, who took the call
    brief = events_client.get(f"/api/events/{call['id']}/compare").json()["brief"]["items"]
    shown = page.split('id="brief-h"')[1].split("<details")[0]
    assert shown.count("<li ") == min(15, len(brief))
    if len(brief) > 15:
        assert f"Show all {len(brief)} items ({len(brief) - 15} more)" in page
    assert re.search(r'<details class="compare" id="compare">\s*<summary><h2 id="compare-h">', page)
    assert page.count('<section class="column"') >= 2


def test_a_thousand_events_keep_a_fixed_number_of_marks_and_page_their_list(big_client: TestClient) -> None:
    relation = big_client.get("/api/dyads/IND/USA").json()
    assert relation["total"] >= 1000 // 3 and relation["grain"] == "month" and len(relation["periods"]) == 60
    for path in ("/timeline?actor=USA", "/timeline?actor=IND&actor=USA", "/dyads/IND/USA", "/dyads/IND/USA?since=2005-01-01"):
        page = big_client.get(path).text
        assert len(SHAPES.findall(page)) <= MAX_SHAPES, path
    year = big_client.get("/api/dyads/IND/USA?period=2023").json()
    listed, url = [], "/dyads/IND/USA?period=2023"
    while url:
        page = big_client.get(url).text
        listed += re.findall(r'<h2><a href="/events/(ev-[0-9a-z]+)">', page.split('id="events"')[1])
        following = re.search(r'rel="next" href="([^"]+)"', page)
        url = unescape(following.group(1)).split("#")[0] if following else ""
    in_2023 = [p for p in year["periods"] if p["period"]["key"].startswith("2023")]
    assert len(listed) == len(set(listed)) == sum(p["total"] for p in in_2023) > 50  # more than one page
    assert year["events"]["next"] and len(year["events"]["items"]) == 50
