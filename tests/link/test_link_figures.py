"""Casualty figures read from one sentence (sentences written for this test)."""

from __future__ import annotations

import pytest

from concord.link.figures import casualty_figures


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("Shelling overnight killed 12 villagers and wounded 30 near the border.", [("killed", 12), ("injured", 30)]),
        ("The death toll from the flood rose to 1,204 on Friday.", [("killed", 1204)]),
        ("The number of people killed in the blast has risen to 9, with 40 others injured.",
         [("killed", 9), ("injured", 40)]),
        ("Four people were hurt and 3 are missing.", [("missing", 3)]),
        ("The talks lasted 8 hours and ended with a 30-day truce.", []),
        ("First report: 5 dead. Later report: 7 dead.", [("killed", 5)]),
    ],
)
def test_casualty_figures(sentence: str, figures: list[tuple[str, int]]) -> None:
    assert casualty_figures(sentence) == figures
