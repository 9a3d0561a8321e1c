"""Claim splitting, alignment labels, wire copies, the brief and its renderings on invented reports."""

from __future__ import annotations

import pytest

from concord.compare import (
    LABELS,
    Comparison,
    brief_to_markdown,
    brief_to_text,
    compare_event,
    comparison_to_markdown,
    comparison_to_text,
    write_brief,
)
from concord.errors import ConcordError


@pytest.fixture(scope="module")
def comparison(river_event) -> Comparison:
    event, articles, analyses = river_event
    return compare_event(event, articles, analyses)


def _group(comparison: Comparison, *words: str):
    (group,) = [
        g for g in comparison.groups if any(all(w in c.text for w in words) for c in g.claims)
    ]
    return group


def test_same_statement_is_shared(comparison: Comparison) -> None:
    group = _group(comparison, "signed an accord")
    assert group.label == "shared" and sorted(group.outlets) == ["Andes Wire", "Plata Herald"]
    assert not group.background


def test_different_figures_conflict(comparison: Comparison) -> None:
    group = _group(comparison, "rivers fed by Andean glaciers")
    assert group.label == "conflicting"
    assert "figures differ" in group.reason and "9" in group.reason and "7" in group.reason


def test_negation_conflicts(comparison: Comparison) -> None:
    group = _group(comparison, "disputed boundary")
    assert group.label == "conflicting" and "denies" in group.reason


def test_history_is_background(comparison: Comparison) -> None:
    group = _group(comparison, "in 1991")
    assert group.background and group.label == "shared"


def test_coordinated_clauses_become_two_claims(comparison: Comparison, river_event) -> None:
    signed = _group(comparison, "Chilean minister signed").claims[0]
    talks = _group(comparison, "technical talks").claims[0]
    assert signed is not talks and signed.sentence == talks.sentence
    assert "talks" not in signed.text and not signed.text.endswith("and")
    text = river_event[1][0].text
    for claim in (signed, talks):
        assert text[claim.start:claim.end] == claim.text


def test_dateline_is_cut_from_the_first_claim(comparison: Comparison) -> None:
    group = _group(comparison, "signed an accord")
    assert all(not c.text.startswith(("SANTIAGO", "BUENOS")) for c in group.claims)
    assert all(c.start > 0 for c in group.claims)


def test_wire_copy_folds_into_its_original(comparison: Comparison, river_event) -> None:
    _, (original, _, copy), _ = river_event
    (report,) = [r for r in comparison.reports if r.article_id == original.id]
    assert report.copies == [copy.id] and len(comparison.reports) == 2
    assert all("Cordillera Daily" not in g.outlets for g in comparison.groups)
    cited = {c.article_id for c in _group(comparison, "signed an accord").claims[0].citations}
    assert copy.id in cited or copy.id in {
        c.article_id for claim in _group(comparison, "signed an accord").claims for c in claim.citations
    }
    assert all(len(g.claims) == len({c.article_id for c in g.claims}) for g in comparison.groups)


def test_unique_claim_names_its_outlet(comparison: Comparison) -> None:
    group = _group(comparison, "Farmers in Mendoza")
    assert group.label == "unique" and group.outlets == ["Plata Herald"]


def test_counts_add_up(comparison: Comparison) -> None:
    labels = [g.label for g in comparison.groups]
    assert {k: labels.count(k) for k in LABELS} == {
        k: v for k, v in comparison.counts.items() if k != "background"
    }


def test_brief_lists_conflicts_with_both_sides_cited(comparison: Comparison) -> None:
    brief = write_brief(comparison)
    conflicts = [i for i in brief.items if i.section == "conflict"]
    assert len(conflicts) >= 2
    for item in conflicts:
        cited = {brief.citations[n - 1].article_id for n in item.markers}
        assert len(cited) >= 2
    assert brief.items[0].section == "lead" and "signed an accord" in brief.items[0].text


def test_renderings(comparison: Comparison) -> None:
    brief = write_brief(comparison)
    text, md = brief_to_text(brief), brief_to_markdown(brief)
    assert "Only in one source" in text and "[1]" in text
    assert md.startswith("# ") and "## Where the sources differ" in md
    assert "conflicting" in comparison_to_text(comparison)
    assert "| group |" in comparison_to_markdown(comparison)


def test_no_reports_is_an_error(river_event) -> None:
    event, _, _ = river_event
    with pytest.raises(ConcordError):
        compare_event(event, [], {})


def test_an_analysis_made_before_claims_compares_by_sentences(river_event) -> None:
    import dataclasses

    event, articles, analyses = river_event
    old = {aid: dataclasses.replace(a, claims=None) if a else None for aid, a in analyses.items()}
    comparison = compare_event(event, articles, old)
    assert comparison.backend == "lexical"
    texts = [c.text for g in comparison.groups for c in g.claims]
    assert any("Farmers in Mendoza" in t for t in texts)
    assert any(g.label == "shared" for g in comparison.groups)


def test_a_lone_claim_joins_the_claim_that_summarises_it() -> None:
    """Claims 0 and 1 of one report, claim 2 of another states both: 1 joins 2's group only when 2
    is about as close to it as to 0, the claim it was aligned with."""
    import numpy as np

    from concord.compare.align import AlignConfig, _attach

    reports = np.array([0, 0, 1])
    config = AlignConfig(attach_at=0.5, attach_margin=0.05)
    for to_one, joined in ((0.68, [[0, 1, 2]]), (0.6, [[0, 2], [1]]), (0.45, [[0, 2], [1]])):
        sim = np.array([[-1.0, 0.3, 0.7], [0.3, -1.0, to_one], [0.7, to_one, -1.0]])
        assert _attach([[0, 2], [1]], sim, reports, config) == joined, to_one
