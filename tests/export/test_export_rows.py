"""The pure row builders: PLOVER records, flat event rows, GDELT actor pairs and mentions."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.export import event_row, gdelt_rows, mention_rows, plover_record, quad_class
from concord.model import Actor, Analysis, Article, Event


def test_plover_record_uses_plover_field_names(talks: Event) -> None:
    record = plover_record(talks)
    assert list(record)[:9] == [
        "id", "date", "event", "mode", "context", "actor", "recipient", "event_loc", "event_text"
    ]  # fmt: skip
    assert record["actor"][1] == {
        "id": "x:rebecca-miano-ken", "name": "Rebecca Miano", "code": "KENGOVBUS", "kind": "person", "country": "KEN",
        "sector": ["GOV", "BUS"], "role": "Trade Minister",
    }  # fmt: skip
    assert record["recipient"] == []
    assert (record["quad_code"], record["cameo"], record["intensity"]) == (1, "04", 4.0)
    assert (record["n_articles"], record["n_sources"]) == (3, 2)
    assert record["first_seen"] == "2024-06-11T09:30:00+00:00"
    assert record["citations"]["actor"][1]["text"] == "Rebecca Miano"
    assert record["conflicts"][0]["field"] == "date"
    assert [v["value"] for v in record["conflicts"][0]["values"]] == ["2024-06-11", "2024-06-10"]


@pytest.mark.parametrize(
    ("cameo", "quad"), [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4),
                        ("00", None), ("21", None), (None, None), ("x1", None)],
)  # fmt: skip
def test_quad_class_follows_the_cameo_root(cameo: str | None, quad: int | None) -> None:
    assert quad_class(cameo) == quad


def test_event_row_flattens_actors_into_parallel_lists(talks: Event, sanction: Event) -> None:
    row = event_row(talks)
    assert row["date"] == dt.date(2024, 6, 11) and row["date_text"] == "2024-06-11"
    assert row["actor_names"] == ["Japan", "Rebecca Miano"]
    assert row["actor_ids"] == ["JPN", "x:rebecca-miano-ken"] and row["actor_codes"] == ["JPN", "KENGOVBUS"]
    assert row["actor_countries"] == ["JPN", "KEN"]
    assert row["actor_sectors"] == ["GOV", "GOV+BUS"]
    assert row["actor_roles"] == ["", "Trade Minister"]
    assert row["source_ids"] == ["art-a", "art-b", "art-c"]
    assert row["source_names"] == ["nation", "", "wire"]
    assert row["conflict_fields"] == ["date"]
    partial = event_row(sanction)
    assert partial["date"] is None and partial["date_text"] == "2023-09"
    assert partial["recipient_countries"] == ["BLR", ""] and partial["quad_class"] == 4


def test_gdelt_pairs_each_actor_with_each_recipient(sanction: Event) -> None:
    rows = gdelt_rows(sanction)
    assert [(r["Actor1CountryCode"], r["Actor2Name"]) for r in rows] == [("EUR", "Belarus"), ("EUR", "Minsk Refinery")]
    first = rows[0]
    assert (first["SQLDATE"], first["MonthYear"], first["Year"], first["DateText"]) == (None, "202309", 2023, "2023-09")
    assert (first["EventRootCode"], first["QuadClass"], first["GoldsteinScale"]) == ("16", 4, -5.5)
    assert (first["Actor1Type1Code"], first["Actor2Type1Code"]) == ("IGO", "GOV")
    assert (first["Actor1Code"], first["Actor2Code"], rows[1]["Actor2Code"]) == ("IGOEUREEC", "BLR", None)
    assert first["SOURCEURL"] is None and first["NumMentions"] == 0


def test_gdelt_without_recipient_pairs_the_actors(talks: Event) -> None:
    three = Actor("Uganda", "state", "UGA")
    talks.actor.append(three)
    rows = gdelt_rows(talks)
    pairs = [(r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in rows]
    assert pairs == [("JPN", "KEN"), ("JPN", "UGA"), ("KEN", "UGA")]
    assert {r["GLOBALEVENTID"] for r in rows} == {"ev-talks"}
    assert rows[0]["SQLDATE"] == "20240611" and rows[0]["SOURCEURL"] == "https://nation.example/talks"
    assert (rows[0]["NumMentions"], rows[0]["NumSources"], rows[0]["NumArticles"]) == (3, 2, 3)


def test_gdelt_lone_actor_and_empty_event_still_give_a_row() -> None:
    lone = Event(id="e1", date="2022", event="PROTEST", actor=[Actor("Farmers", "group", "IND", ["CVL"])])
    (row,) = gdelt_rows(lone)
    assert (row["Actor1Name"], row["Actor2Name"], row["Year"], row["MonthYear"]) == ("Farmers", None, 2022, None)
    (empty,) = gdelt_rows(Event(id="e2", date=None, event="ASSAULT"))
    assert empty["Actor1Name"] is None and empty["Year"] is None


def test_mentions_take_offsets_from_the_reports_citations(
    talks: Event, talks_reports: tuple[dict[str, Article], dict[str, Analysis | None]]
) -> None:
    articles, analyses = talks_reports
    a, b, c = mention_rows(talks, articles, analyses)
    assert (a["GLOBALEVENTID"], a["EventTimeDate"]) == ("ev-talks", "20240611000000")
    assert (a["MentionTimeDate"], a["MentionSourceName"]) == ("20240611000000", "nation")
    assert (a["MentionIdentifier"], a["SentenceID"]) == ("https://nation.example/talks", 1)
    assert (a["Actor1CharOffset"], a["Actor2CharOffset"], a["ActionCharOffset"]) == (10, None, 16)
    assert a["Confidence"] == 87 and a["IsDuplicate"] == 0
    # No outlet or url given: the article's host names it; no date: its ingest time; no analysis: the sentence.
    assert (b["MentionSourceName"], b["MentionIdentifier"]) == ("standard.example", "art-b")
    assert b["MentionTimeDate"] == "20240612070509"
    assert (b["SentenceID"], b["ActionCharOffset"], b["Actor1CharOffset"], b["Confidence"]) == (2, 58, None, None)
    # The wire copy has no citations of its own.
    assert c["IsDuplicate"] == 1 and c["SentenceID"] is None and c["ActionCharOffset"] is None


def test_mentions_without_stored_reports_use_the_event_alone(talks: Event) -> None:
    rows = mention_rows(talks)
    assert [r["ArticleID"] for r in rows] == ["art-a", "art-b", "art-c"]
    assert rows[1]["MentionSourceName"] is None and rows[1]["MentionTimeDate"] is None
    assert rows[0]["ActionCharOffset"] == 0
