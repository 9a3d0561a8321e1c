"""Issue 5 on the two seed reports of the 6 Feb 2025 Singh-Hegseth call: comparison, brief, timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from concord.api import Concord
from concord.compare import Brief, Comparison, Timeline, write_brief
from concord.model import from_dict, to_dict


@pytest.fixture(scope="module")
def store(seeds: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Concord:
    concord = Concord(tmp_path_factory.mktemp("seeds") / "seeds.db")
    assert concord.ingest([str(p) for p in seeds]).ok
    return concord


@pytest.fixture(scope="module")
def ids(store: Concord) -> dict[str, str]:
    """Article ids by dateline city: the Washington report (seed 000) and the New Delhi one (001)."""
    found = {}
    for article in store.articles():
        place = article.dateline.place if article.dateline else ""
        found["washington" if "Washington" in (place or "") else "delhi"] = article.id
    assert set(found) == {"washington", "delhi"}
    return found


@pytest.fixture(scope="module")
def comparison(store: Concord) -> Comparison:
    # The call's story also gives secondary events (what was agreed in it): compare the call itself.
    (call,) = [e for e in store.events(actors=["IND", "USA"], type="CONSULT") if e.date == "2025-02-06"]
    return store.compare(call.id)


def _groups(comparison: Comparison, *words: str) -> list:
    """Groups one of whose claims contains every word (case-insensitive)."""
    return [
        g for g in comparison.groups
        if any(all(w.lower() in c.text.lower() for w in words) for c in g.claims)
    ]


def _one(comparison: Comparison, *words: str):
    found = _groups(comparison, *words)
    assert len(found) == 1, (words, [[c.text for c in g.claims] for g in found])
    return found[0]


def test_agenda_and_agreements_are_shared(comparison: Comparison) -> None:
    agenda = _one(comparison, "agenda", "intelligence", "logistics")
    assert agenda.label == "shared" and len(agenda.claims) == 2 and not agenda.background
    agreements = _one(comparison, "Logistics Exchange Memorandum", "Basic Exchange")
    assert agreements.label == "shared" and len(agreements.claims) == 2
    assert agreements.background


@pytest.mark.parametrize(
    ("words", "side"),
    [
        (("Indo-Pacific",), "washington"),
        (("next 2+2", "within this year"), "washington"),
        (("land", "maritime", "space"), "delhi"),
        (("start-ups", "academic"), "delhi"),
    ],
)
def test_unique_claims(comparison: Comparison, ids: dict[str, str], words: tuple[str, ...], side: str) -> None:
    group = _one(comparison, *words)
    assert group.label == "unique"
    assert [c.article_id for c in group.claims] == [ids[side]]


def test_the_call_itself_is_one_fact_that_new_delhi_elaborates(comparison: Comparison, ids: dict[str, str]) -> None:
    """New Delhi's "congratulated him in their first telephonic conversation" and Washington's "held
    an introductory call" both report the call: one group, New Delhi adding that it was the first."""
    group = _one(comparison, "congratulated", "confirmation")
    assert sorted(c.article_id for c in group.claims) == sorted(ids.values())
    assert any("introductory call" in c.text for c in group.claims)
    assert group.label == "elaborated" and "1st" in group.reason


@pytest.mark.parametrize(("words", "detail"), [(("fifth",), "5th"), (("30 July 2018",), "2018-07-30")])
def test_elaborated_claims(comparison: Comparison, ids: dict[str, str], words: tuple[str, ...], detail: str) -> None:
    group = _one(comparison, *words)
    assert group.label == "elaborated" and len(group.claims) == 2
    assert detail in group.reason
    lead = next(c for c in group.claims if c.id == group.lead_claim)
    assert lead.article_id == ids["delhi"]


def test_history_is_background_and_news_is_not(comparison: Comparison) -> None:
    assert _one(comparison, "Major Defence Partnership", "2016").background
    assert _one(comparison, "renewed for ten years").background
    assert not _one(comparison, "congratulated").background
    assert not _one(comparison, "Indo-Pacific").background


def test_every_claim_is_cited_to_its_own_text(store: Concord, comparison: Comparison) -> None:
    texts = {r.article_id: store.article(r.article_id).text for r in comparison.reports}
    for group in comparison.groups:
        for claim in group.claims:
            (cite,) = claim.citations
            assert texts[cite.article_id][cite.start:cite.end] == claim.text == cite.text
    # The dateline is not part of the first claim, but the offsets still point into the article.
    first = _one(comparison, "congratulated").claims[0]
    assert not first.text.startswith("New Delhi") and first.start > 0


def test_brief_sections_and_markers(comparison: Comparison) -> None:
    brief = write_brief(comparison)
    sections = [item.section for item in brief.items]
    assert sections[0] == "lead" and {"shared", "only", "background"} <= set(sections)
    assert sections == sorted(sections, key=["lead", "shared", "only", "conflict", "background"].index)
    for item in brief.items:
        assert item.markers
        for n in item.markers:
            assert f"[{n}]" in item.text and 1 <= n <= len(brief.citations)
    only = {item.outlet for item in brief.items if item.section == "only"}
    assert only == {r.outlet for r in comparison.reports}
    assert from_dict(Brief, json.loads(json.dumps(to_dict(brief)))) == brief
    assert from_dict(Comparison, json.loads(json.dumps(to_dict(comparison)))) == comparison


def test_timeline_of_the_dyad(store: Concord, ids: dict[str, str]) -> None:
    timeline = store.timeline(["IND", "USA"])
    assert from_dict(Timeline, json.loads(json.dumps(to_dict(timeline)))) == timeline
    by_title = {item.title: item for item in timeline.items}

    def find(*words: str):
        (item,) = [t for title, t in by_title.items() if all(w in title for w in words)]
        return item

    both = {ids["washington"], ids["delhi"]}
    expected = [
        (("New Framework",), "2015"),
        (("MDP",), "2016"),
        (("LEMOA",), "2016"),
        (("STA",), "2018-07-30"),
        (("COMCASA",), "2018"),
        (("MIDIC",), "2018"),
        (("ISA",), "2019"),
        (("BECA",), "2020"),
        (("5th", "2+2", "New Delhi"), "2023-11"),
    ]
    for words, date in expected:
        item = find(*words)
        assert item.date == date and item.count == 2, (words, item)
        assert {c.article_id for c in item.citations} == both
        assert item.first_report == ids["delhi"]
    call = next(t for t in timeline.items if t.kind == "event")
    assert call.date == "2025-02-06" and call.count == 2
    plan = next(t for t in timeline.items if t.kind == "plan")
    assert (plan.date, plan.end_date, plan.count) == ("2025", "2035", 2)
    order = [t.title for t in timeline.items]
    assert order.index(call.title) < order.index(plan.title) == len(order) - 1
    dates = [t.date for t in timeline.items]
    assert dates[0] == "2015" and dates.index("2016") < dates.index("2018-07-30") < dates.index("2023-11")


def test_cli_compare_and_timeline(store: Concord, comparison: Comparison) -> None:
    from typer.testing import CliRunner

    from concord.cli import app

    db = store.settings.db
    runner = CliRunner()
    out = runner.invoke(app, ["--db", db, "compare", comparison.event_id[:12], "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["comparison"]["event_id"] == comparison.event_id and data["brief"]["citations"]
    out = runner.invoke(app, ["--db", db, "compare", comparison.event_id, "--md"])
    assert out.exit_code == 0 and out.output.startswith("# ")
    out = runner.invoke(app, ["--db", db, "timeline", "--actor", "IND", "--actor", "USA", "--text"])
    assert out.exit_code == 0 and "2023-11" in out.output
    out = runner.invoke(app, ["--db", db, "timeline", "--actor", "IND", "--actor", "USA", "--json"])
    assert json.loads(out.output)["actors"] == ["IND", "USA"]
    assert runner.invoke(app, ["--db", db, "compare", "ev-nope"]).exit_code == 1


def test_brief_of_the_call_fits_in_fifteen_lines(comparison: Comparison) -> None:
    from concord.compare import brief_to_text

    brief = write_brief(comparison)
    assert len(brief.items) <= 15
    body = brief_to_text(brief).split("\nSources\n")[0]
    assert sum(1 for line in body.splitlines() if line.startswith("  ")) <= 15
