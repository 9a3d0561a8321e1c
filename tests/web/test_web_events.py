"""Events, comparison, timeline and facts over the analysed example corpus: REST API and pages in process."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient


def _call(client: TestClient) -> dict[str, Any]:
    """The 2025-02-06 Singh–Hegseth phone call, found through the API's own filters."""
    items = client.get("/api/events?type=consult&actor=IND&actor=USA&since=2025-02-06&until=2025-02-06").json()["items"]
    assert len(items) == 1, items
    return items[0]


def test_events_filters_and_keyset_pages(events_client: TestClient) -> None:
    everything = events_client.get("/api/events").json()
    assert everything["next"] is None and len(everything["items"]) >= 5
    dates = [(e["date"] or "", e["id"]) for e in everything["items"]]
    assert dates == sorted(dates)
    walked, url = [], "/api/events?limit=3"
    while url:
        page = events_client.get(url).json()
        assert len(page["items"]) <= 3
        walked += [e["id"] for e in page["items"]]
        url = page["next"]
    assert walked == [e["id"] for e in everything["items"]]
    consult = events_client.get("/api/events?type=CONSULT").json()["items"]
    assert consult and all(e["event"] == "CONSULT" for e in consult)
    both = events_client.get("/api/events?actor=ind&actor=PAK").json()["items"]
    assert both and all({"IND", "PAK"} <= {a["country"] for a in e["actor"] + e["recipient"]} for e in both)
    assert all(e["n_sources"] >= 3 for e in events_client.get("/api/events?min_sources=3").json()["items"])
    assert all(e["date"] >= "2025-03-01" for e in events_client.get("/api/events?since=2025-03-01").json()["items"])


def test_event_record_and_bad_requests(events_client: TestClient) -> None:
    call = _call(events_client)
    assert call["mode"] == "phone" and call["n_sources"] >= 2
    assert "sources" not in call and call["conflicting_fields"] == [] and call["actor"][0]["country"]
    record = events_client.get(f"/api/events/{call['id']}").json()
    assert record["id"] == call["id"] and record["sources"] and "conflicts" in record and "citations" in record
    assert events_client.get("/api/events/ev-nothing").json()["error"]["type"] == "not_found"
    bad = events_client.get("/api/events?actor=INDIA")
    assert bad.status_code == 422 and "ISO 3166" in bad.json()["error"]["message"]
    assert events_client.get("/api/events?min_sources=0").status_code == 422
    assert events_client.get("/api/events?after=ev-nothing").status_code == 400


def test_compare_gives_brief_and_labelled_groups(events_client: TestClient) -> None:
    event_id = _call(events_client)["id"]
    body = events_client.get(f"/api/events/{event_id}/compare?full=1").json()
    comparison, brief = body["comparison"], body["brief"]
    assert len(comparison["reports"]) >= 2
    assert {g["label"] for g in comparison["groups"]} >= {"unique"}
    short = events_client.get(f"/api/events/{event_id}/compare").json()
    assert short["comparison"]["groups"] == [] and short["comparison"]["counts"] == comparison["counts"]
    assert brief["items"] and all(1 <= n <= len(brief["citations"]) for i in brief["items"] for n in i["markers"])


def test_timeline_and_facts(events_client: TestClient) -> None:
    timeline = events_client.get("/api/timeline?actor=IND&actor=USA").json()
    assert timeline["actors"] == ["IND", "USA"]
    kinds = {item["kind"] for item in timeline["items"]}
    assert "event" in kinds and kinds - {"event"}, kinds
    assert _call(events_client)["id"] in {item["event_id"] for item in timeline["items"]}
    facts = events_client.get("/api/facts?actor=IND&actor=USA").json()
    assert facts["items"] and all({"IND", "USA"} <= set(f["parties"]) for f in facts["items"])
    assert events_client.get("/api/timeline?actor=12").status_code == 422


def test_events_page_facets_counts_and_filter(events_client: TestClient) -> None:
    page = events_client.get("/").text
    total = len(events_client.get("/api/events").json()["items"])
    assert page.count('class="event-item"') == total
    consult = len(events_client.get("/api/events?type=CONSULT").json()["items"])
    assert re.search(rf'CONSULT</a> <span class="count">{consult}</span>', page)
    filtered = events_client.get("/?type=CONSULT&actor=&actor=&since=&until=&min_sources=").text  # as the form sends it
    assert filtered.count('class="event-item"') == consult and '<option value="CONSULT" selected>' in filtered
    assert "Clear</a>" in filtered


def test_event_page_record_brief_and_columns(events_client: TestClient) -> None:
    call = _call(events_client)
    page = events_client.get(f"/events/{call['id']}").text
    for field in ("Date", "Type", "Actors", "CAMEO", "Intensity", "Reports", "Conflicts"):
        assert f"<dt>{field}</dt>" in page
    assert re.search(r'<a class="cite" href="/articles/[0-9a-f]+#s\d+" title="[^"]+">\[1\]</a>', page)
    compare = events_client.get(f"/api/events/{call['id']}/compare").json()["comparison"]
    assert page.count('<section class="column"') == len(compare["reports"])
    assert 'class="claim unique"' in page and 'class="claim unique">unique</span>' in page  # claims and legend
    assert "background" in page


def test_article_page_has_sentence_anchors(events_client: TestClient) -> None:
    record = events_client.get(f"/api/events/{_call(events_client)['id']}").json()
    page = events_client.get(f"/articles/{record['sources'][0]['article_id']}").text
    assert '<span class="anchor" id="s0"></span>' in page and 'id="s1"' in page


def test_event_page_shows_conflicting_values_with_their_outlets(events_client: TestClient) -> None:
    events = events_client.get("/api/events").json()["items"]
    disputed_all = [e for e in events if e["conflicting_fields"]]
    assert disputed_all, "the example corpus's air-strike reports disagree on casualty figures"
    disputed = events_client.get(f"/api/events/{disputed_all[0]['id']}").json()
    assert [c["field"] for c in disputed["conflicts"]] == disputed_all[0]["conflicting_fields"]
    page = events_client.get(f"/events/{disputed['id']}").text
    conflict = disputed["conflicts"][0]
    assert f"<strong>{conflict['field']}</strong>" in page
    outlets = {s["article_id"]: s["source"] for s in disputed["sources"]}
    for value in conflict["values"]:
        cited = value["citations"][0]
        link = f'href="/articles/{cited["article_id"]}#s{cited["sentence"]}"'
        assert re.search(rf'{link} title="[^"]*">{re.escape(outlets[cited["article_id"]])}</a>', page)


def test_export_downloads_every_format_and_refuses_unknown_ones(events_client: TestClient) -> None:
    import csv
    import io
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    events = events_client.get("/api/events?limit=500").json()["items"]
    lines = events_client.get("/api/export?format=plover-jsonl")
    assert lines.status_code == 200 and lines.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in lines.headers["content-disposition"]
    records = [json.loads(line) for line in lines.text.splitlines()]
    assert sorted(r["id"] for r in records) == sorted(e["id"] for e in events)
    rows = list(csv.DictReader(io.StringIO(events_client.get("/api/export?format=csv").text)))
    assert len(rows) == len(events)
    table = pq.read_table(pa.BufferReader(events_client.get("/api/export?format=parquet").content))
    assert table.num_rows == len(events)
    gdelt = events_client.get("/api/export?format=gdelt-tsv").text.splitlines()
    assert gdelt[0].split("\t")[0] == "GLOBALEVENTID" and len(gdelt) > 1
    refused = events_client.get("/api/export?format=xlsx")
    assert refused.status_code == 422 and "error" in refused.json()
