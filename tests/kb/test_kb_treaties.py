"""The table of known standing facts: validation with file:line, and how aliases match."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.errors import LexiconError
from concord.kb.treaties import COLUMNS, KnownFacts, _read, known_facts

HEADER = "\t".join(COLUMNS)


def _table(tmp_path: Path, *rows: str) -> KnownFacts:
    path = tmp_path / "treaties.tsv"
    path.write_text("# a comment\n" + HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return KnownFacts(_read(path), path)


def _found(text: str, table: KnownFacts | None = None) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.fact.key) for m in (table or known_facts()).find(text)]


def test_one_fact_under_many_names() -> None:
    text = "The JCPOA, or Iran nuclear deal, is the Joint Comprehensive Plan of Action."
    assert {key for _, key in _found(text)} == {"jcpoa"}
    assert len(_found(text)) == 3


def test_context_words_and_case() -> None:
    assert _found("The nuclear deal with Tehran held.") == [("nuclear deal", "jcpoa")]
    assert _found("The nuclear deal was signed by Seoul.") == []
    assert _found("It is a New Start for culture.") == [], "a capitalised acronym matches only as written"
    assert _found("At the G-20 summit and the G7 summit") == [("G-20 summit", "g20-summit"), ("G7 summit", "g7-summit")]
    assert _found("the COP26 talks") == [("COP26", "cop")]


def test_a_longer_alias_wins() -> None:
    assert _found("the Paris climate agreement") == [("Paris climate agreement", "paris-agreement")]


@pytest.mark.parametrize(("row", "message"), [
    ("Bad Key\tagreement\tX\t\t\t\tX", "key must be"),
    ("x\tpact\tX\t\t\t\tX", "kind must be"),
    ("x\tagreement\tX\t\t15\t\tX", "year must be"),
    ("x\tagreement\tX\t\t\tusa\tX", "ISO3"),
    ("x\tagreement\tX\t\t\t\tX\tG20", "only a dialogue"),
    ("x\tagreement\tX", "name and aliases"),
])
def test_a_bad_row_names_its_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message) as error:
        _table(tmp_path, row)
    assert error.value.line == 3 and error.value.path.endswith("treaties.tsv")


def test_duplicate_keys_and_bad_headers(tmp_path: Path) -> None:
    row = "x\tagreement\tX Treaty\t\t\t\tX Treaty"
    with pytest.raises(LexiconError, match="duplicate key"):
        _table(tmp_path, row, row)
    path = tmp_path / "bad.tsv"
    path.write_text("key\tkind\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="header must be"):
        _read(path)


def test_every_shipped_alias_finds_its_own_fact() -> None:
    """No alias of the shipped table is shadowed by another row's (a plain alias, in a plain sentence)."""
    from concord.kb.treaties import TABLE

    table = known_facts()
    for _, cells in _read(TABLE):
        key, aliases = cells[0], cells[6]
        for alias in aliases.split("|"):
            if "@" in alias or "#" in alias:
                continue
            found = _found(f"Officials spoke of the {alias} on Monday.", table)
            assert found and found[0][1] == key, (alias, found)
