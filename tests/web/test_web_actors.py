"""The actor pages and API: the index of the most present actors and its search, one actor's page
(knowledge-base entry or what the events say, chart, latest events, counterparts), the
``actor_id`` filter of listings and the timeline, links from events, errors and escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from concord.api import Concord
from concord.model import Actor, Event
from concord.settings import Settings
from concord.web.app import create_app

from .conftest import IMG, SCRIPT

SINGH = Actor("Rajnath Singh", "person", "IND", ["GOV", "MIL"], id="rajnath-singh", code="INDGOVMIL")
HEGSETH = Actor("Pete Hegseth", "person", "USA", ["GOV", "MIL"], id="x:pete-hegseth-usa", code="USAGOVMIL")
USA = Actor("United States", "state", "USA", id="USA", code="USA")
PAK_ARMY = Actor("Pakistani army", "group", "PAK", ["MIL"], id="PAKMIL", code="PAKMIL")
HOSTILE = Actor(f"Mr {SCRIPT} {IMG}", "person", "NOR", id="x:mr-script-nor", code="NOR")


def _event(n: int, date: str | None, kind: str, actors: list[Actor], recipients: list[Actor]) -> Event:
    return Event(id=f"ev-{n:03d}", date=date, event=kind, intensity=1.0, n_sources=1, n_articles=1,
                 actor=actors, recipient=recipients, event_text=f"Event {n}")


#: Singh in 60 events over 2024-2025 (more than one page), Hegseth in 40 of them, the army in 20.
EVENTS = [
    _event(n, f"{2024 + n // 40}-{n % 12 + 1:02d}-{n % 27 + 1:02d}", ("CONSULT", "ACCUSE", "AID")[n % 3],
           [SINGH], [HEGSETH] if n % 3 else [PAK_ARMY])
    for n in range(60)
] + [_event(60, "2025-05-01", "AGREE", [HEGSETH], [USA]), _event(61, None, "SUPPORT", [HOSTILE], [SINGH])]


@pytest.fixture(scope="module")
def actors_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the events above, written through the Store."""
    db = tmp_path_factory.mktemp("actors") / "actors.db"
    with Concord(settings=Settings(db=str(db), analyze=False)) as concord:
        concord.store.save_links([(e, []) for e in EVENTS], [], {})
    return db


@pytest.fixture()
def actors_client(actors_db: Path) -> Iterator[TestClient]:
    """A client of an app over :func:`actors_db`."""
    with Concord(settings=Settings(db=str(actors_db), analyze=False)) as concord:
        with TestClient(create_app(concord), base_url="http://127.0.0.1") as test_client:
            yield test_client


def _rows(page: str) -> list[tuple[str, str]]:
    """(href, name) of the actor rows of an index page."""
    return re.findall(r'<tr class="actor-row"><td><a href="([^"]+)">([^<]+)</a>', page)


def test_index_lists_the_most_present_actors_with_counts(actors_client: TestClient) -> None:
    page = actors_client.get("/actors").text
    assert [name for _, name in _rows(page)][:4] == ["Rajnath Singh", "Pete Hegseth", "Pakistani army", "United States"]
    assert _rows(page)[1][0] == "/actors/x%3Apete-hegseth-usa"
    assert '<td><a href="/?actor_id=rajnath-singh">61</a></td><td>60</td><td>1</td>' in page
    assert '<a href="/actors" aria-current="page">Actors</a>' in page


def test_index_pages_and_search(actors_client: TestClient) -> None:
    first = actors_client.get("/actors?limit=2").text
    assert len(_rows(first)) == 2 and 'rel="next" href="http://127.0.0.1/actors?limit=2&amp;offset=2"' in first
    second = actors_client.get("/actors?limit=2&offset=2").text
    assert [n for _, n in _rows(second)] == ["Pakistani army", "United States"] and 'rel="prev"' in second
    assert _rows(actors_client.get("/actors?offset=50").text) == []
    # a stored name, an id, and a knowledge-base alias all find the actor; knowledge-base matches
    # that no event names are listed apart
    assert [n for _, n in _rows(actors_client.get("/actors?q=hegs").text)] == ["Pete Hegseth"]
    assert [n for _, n in _rows(actors_client.get("/actors?q=PAKMIL").text)] == ["Pakistani army"]
    america = actors_client.get("/actors?q=America").text
    assert [n for _, n in _rows(america)] == ["United States"]
    singh = actors_client.get("/actors?q=singh").text
    assert [n for _, n in _rows(singh)] == ["Rajnath Singh"] and "In the knowledge base, in no stored event" in singh
    assert 'href="/actors/manmohan-singh"' in singh


def test_actor_page_of_a_known_actor(actors_client: TestClient) -> None:
    page = actors_client.get("/actors/rajnath-singh").text
    assert "<h1>Rajnath Singh" in page and "Not in the actor knowledge base" not in page
    assert "<td><code>INDGOVMIL</code></td><td>IND</td><td>GOV, MIL</td><td>2019-05-31</td><td>…</td>" in page  # a dated role
    assert "61 coded events: 60 as actor, 1 as recipient" in page
    assert page.count('<a class="period') >= 12 and 'class="bar verbal-coop"' in page  # the chart
    listed = re.findall(r'<time datetime="([^"]*)">', page.split('id="events"')[1])
    assert len(listed) == 50 and listed == sorted(listed, reverse=True)  # the latest first, one page
    assert 'rel="next"' in page and "Older events" in page
    partners = page.split('id="partners-h"')[1]
    assert partners.index("Pete Hegseth") < partners.index("Pakistani army")
    assert 'href="/?actor_id=rajnath-singh&amp;actor_id=x%3Apete-hegseth-usa">40</a>' in partners


def test_actor_page_older_events_and_a_period(actors_client: TestClient) -> None:
    page = actors_client.get("/actors/rajnath-singh").text
    older = re.search(r'rel="next" href="([^"]+)"', page)
    assert older is not None
    rest = actors_client.get(older.group(1).replace("&amp;", "&")).text.split('id="events"')[1]
    assert len(re.findall(r'<time datetime=', rest)) == 11  # 61 events, 50 on the first page
    month = actors_client.get("/actors/rajnath-singh?period=2024-03").text.split('id="events"')[1]
    days = re.findall(r'<time datetime="([^"]*)">', month)
    assert "Events of Mar 2024" in month and len(days) == 4 and all(d.startswith("2024-03") for d in days)


def test_actor_page_of_a_known_actor_no_event_names(actors_client: TestClient) -> None:
    page = actors_client.get("/actors/manmohan-singh").text
    assert "<h1>Manmohan Singh" in page and "0 coded events" in page and "No dated event of Manmohan Singh" in page
    assert "no stored event names it" in page and 'id="partners-h"' not in page
    assert actors_client.get("/api/actors/manmohan-singh").json()["actor"]["events"] == 0


def test_actor_page_of_an_actor_only_the_events_know(actors_client: TestClient) -> None:
    page = actors_client.get("/actors/x:pete-hegseth-usa").text
    assert "Not in the actor knowledge base" in page and "<code>USAGOVMIL</code>" in page
    assert "41 coded events: 1 as actor, 40 as recipient" in page
    assert "Roles" not in page


def test_unknown_and_bad_actor_ids(actors_client: TestClient) -> None:
    missing = actors_client.get("/actors/x:nobody-at-all")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert actors_client.get("/api/actors/x:nobody-at-all").json()["error"]["type"] == "not_found"
    for path in ("/actors/bad%20id", "/api/actors/%3Cscript%3E", "/?actor_id=a%20b", "/api/events?actor_id=" + "a" * 300,
                 "/timeline?actor_id=%22%3E", "/api/timeline?actor=IND&actor_id=no%2Fslash",
                 "/api/events?" + "&".join(f"actor_id=a{i}" for i in range(21)),
                 "/actors?q=" + "x" * 201, "/actors?offset=-1", "/api/actors?limit=0"):
        response = actors_client.get(path)
        assert response.status_code == 422, path
    assert actors_client.get("/api/timeline?actor_id=USA").status_code == 422  # a timeline needs a country


def test_actor_id_filters_listings_and_the_timeline(actors_client: TestClient) -> None:
    both = actors_client.get("/api/events?actor_id=rajnath-singh&actor_id=x:pete-hegseth-usa&limit=500").json()
    assert len(both["items"]) == 40
    page = actors_client.get("/?actor_id=PAKMIL&limit=100").text
    assert page.count('class="event-item"') == 20 and "Only the events of <a href=\"/actors/PAKMIL\">Pakistani army</a>" in page
    assert '<input type="hidden" name="actor_id" value="PAKMIL">' in page
    assert re.search(r'CONSULT</a> <span class="count">20</span>', page)  # the type facet counts the actor's events
    timeline = actors_client.get("/timeline?actor_id=x:pete-hegseth-usa").text
    assert "<h1>Timeline of Pete Hegseth</h1>" in timeline and "41 events" in timeline
    api = actors_client.get("/api/timeline?actor=PAK&actor_id=rajnath-singh").json()
    assert len(api["items"]) == 20 and {i["event_type"] for i in api["items"]} == {"CONSULT"}


def test_event_lists_and_the_event_page_link_actors(actors_client: TestClient) -> None:
    listing = actors_client.get("/?limit=5").text
    assert '<a class="actor-link" href="/actors/rajnath-singh">Rajnath Singh</a> <code class="how">INDGOVMIL</code>' in listing
    event = actors_client.get("/api/events/ev-001").json()
    assert event["actor"][0]["id"] == "rajnath-singh"


def test_api_actors_and_one_actor(actors_client: TestClient) -> None:
    index = actors_client.get("/api/actors?limit=2").json()
    assert [(a["id"], a["events"], a["as_actor"], a["as_recipient"]) for a in index["items"]] == [
        ("rajnath-singh", 61, 60, 1), ("x:pete-hegseth-usa", 41, 1, 40)]
    assert index["next"].endswith("/api/actors?limit=2&offset=2") and index["knowledge_only"] == []
    one = actors_client.get("/api/actors/rajnath-singh").json()
    assert one["actor"]["known"]["roles"][-1]["code"] == "INDGOVMIL" and one["actor"]["types"]["CONSULT"] == 20
    assert sum(one["actor"]["types"].values()) == one["total"] == 61
    assert len(one["events"]["items"]) == 50 and one["events"]["next"]
    assert one["actor"]["partners"][0]["id"] == "x:pete-hegseth-usa"


def test_hostile_actor_names_stay_text(actors_client: TestClient) -> None:
    for path in ("/actors", "/actors/x:mr-script-nor", "/actors/rajnath-singh", "/?limit=500", "/actors?q=script",
                 "/actors?q=%3Cscript%3Ewindow.__pwned%3D4%3C%2Fscript%3E"):
        page = actors_client.get(path).text
        assert "<script>window" not in page and "<img" not in page, path
    page = actors_client.get("/actors/x:mr-script-nor").text
    assert "&lt;script&gt;window.__pwned = 1;" in page and "&lt;img src=x ONERROR=" in page
