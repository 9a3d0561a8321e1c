"""The salience-ranked brief: at most 15 items, sections capped, contested details first to stay, background collapsed."""

from __future__ import annotations

from concord.compare import write_brief
from concord.compare.brief import BRIEF_ITEMS, ONLY_ITEMS, SHARED_ITEMS
from concord.compare.records import Claim, ClaimGroup, Comparison, Report
from concord.model import Citation

OUTLETS = ["North Post", "South Wire", "East Daily"]


def _claim(outlet: str, n: int, text: str, numbers: list[str] | None = None) -> Claim:
    article = f"a{OUTLETS.index(outlet)}"
    return Claim(f"{article}:{n}", article, outlet, n, n * 10, n * 10 + 5, text,
                 [Citation(article, n, n * 10, n * 10 + 5, "test", text)], numbers or [])


def _group(label: str, outlets: list[str], n: int, text: str, background: bool = False) -> ClaimGroup:
    claims = [_claim(o, n, f"{text} ({o})") for o in outlets]
    return ClaimGroup(f"g{n}", label, claims, outlets, reason="why", background=background, lead_claim=claims[0].id)


def _story() -> Comparison:
    groups = [_group("shared", OUTLETS, 0, "The dam gave way at dawn")]
    groups += [_group("shared", OUTLETS[:2], n, f"Shared fact {n}") for n in range(1, 9)]
    groups += [_group("conflicting", OUTLETS[:2], n, f"Disputed toll {n}") for n in range(9, 12)]
    groups += [_group("unique", [o], n + 12 + 10 * k, f"Detail {n} of {o}") for k, o in enumerate(OUTLETS) for n in range(6)]
    groups += [_group("shared", OUTLETS[:2], n, f"History {n}", background=True) for n in range(60, 64)]
    reports = [Report(f"a{k}", o) for k, o in enumerate(OUTLETS)]
    return Comparison("ev", "2025-05-01", "ASSAULT", reports, groups)


def test_brief_is_capped_and_ranked() -> None:
    brief = write_brief(_story())
    sections = [item.section for item in brief.items]
    assert len(brief.items) <= BRIEF_ITEMS
    assert sections[0] == "lead" and "dam gave way" in brief.items[0].text
    assert sections.count("lead") + sections.count("shared") <= 2 + SHARED_ITEMS
    assert sections.count("conflict") == 3, "every contested detail stays"
    assert sections.count("background") == 1 and "3 more background claims" in brief.items[-1].text
    only = [item.outlet for item in brief.items if item.section == "only"]
    assert all(only.count(o) <= ONLY_ITEMS for o in OUTLETS) and set(only) == set(OUTLETS)
    for item in brief.items:
        assert item.markers and all(f"[{n}]" in item.text for n in item.markers)


def test_conflicts_cite_both_sides() -> None:
    brief = write_brief(_story())
    for item in (i for i in brief.items if i.section == "conflict"):
        assert len({brief.citations[n - 1].article_id for n in item.markers}) == 2


def test_no_limit_lists_everything() -> None:
    brief = write_brief(_story(), limit=0)
    only = [item for item in brief.items if item.section == "only"]
    assert len(only) == ONLY_ITEMS * len(OUTLETS) and len(brief.items) > BRIEF_ITEMS
