"""Pure arrangement of a comparison for the event page: one column per report, its claims in text order."""

from __future__ import annotations

from dataclasses import dataclass

from ..compare.records import Claim, Comparison, Report

__all__ = ["Column", "ShownClaim", "report_columns"]


@dataclass(frozen=True)
class ShownClaim:
    """A claim as one report's column shows it: its group's label, whether it is background, and why."""

    claim: Claim
    label: str
    background: bool
    reason: str
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """One report and its claims in the order its text makes them."""

    report: Report
    claims: list[ShownClaim]


def report_columns(comparison: Comparison) -> list[Column]:
    """Split the claim groups of ``comparison`` back into its reports, each in text order.

    A claim of a wire copy goes to the report the copy is folded into.
    """
    owner = {r.article_id: r.article_id for r in comparison.reports}
    owner.update({copy: r.article_id for r in comparison.reports for copy in r.copies})
    shown: dict[str, list[ShownClaim]] = {r.article_id: [] for r in comparison.reports}
    for group in comparison.groups:
        for claim in group.claims:
            report = owner.get(claim.article_id)
            if report is not None:
                background = group.background or claim.background
                shown[report].append(ShownClaim(claim, group.label, background, group.reason, tuple(group.outlets)))
    return [
        Column(r, sorted(shown[r.article_id], key=lambda s: (s.claim.start, s.claim.end)))
        for r in comparison.reports
    ]
