from __future__ import annotations

import pytest

from concord.ingest.places import country_of, place_table


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("India", "IND"), ("[US]", "USA"), ("U.S.", "USA"), ("New Delhi", "IND"), ("Washington D.C.", "USA"),
     ("KYIV", "UKR"), ("Ill.", "USA"), ("Türkiye", "TUR"), ("the Netherlands", "NLD"), ("Atlantis", None)],
)  # fmt: skip
def test_country_of(name: str, iso3: str | None) -> None:
    assert country_of(name) == iso3


def test_table_rows_are_valid() -> None:
    table = place_table()
    assert len(table) > 400
    assert all(len(code) == 3 and code.isupper() for code, _ in table.values())
    assert {kind for _, kind in table.values()} == {"country", "city", "region"}
