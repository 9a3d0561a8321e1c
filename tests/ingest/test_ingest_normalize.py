from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from concord.ingest.normalize import clean_text, normalize_text


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Zürich café")
    assert normalize_text(decomposed) == "Zürich café"


def test_quotes_become_straight() -> None:
    assert normalize_text("\u2018New\u2019 and \u201cold\u201d \u201elow\u201f") == "'New' and \"old\" \"low\""


def test_dashes() -> None:
    assert normalize_text("PARIS \u2014 The talks") == "PARIS - The talks"
    assert normalize_text("peace\u2014at last") == "peace - at last"
    assert normalize_text("for 2025\u20132035 and India\u2013US ties") == "for 2025-2035 and India-US ties"
    assert normalize_text("said \u2013 again") == "said - again"
    assert normalize_text("BEIJING (Xinhua) -- China") == "BEIJING (Xinhua) - China"
    assert normalize_text("minus \u22125") == "minus -5"


def test_special_spaces_and_zero_width_characters() -> None:
    assert normalize_text("New\u00a0Delhi\u202fsaid\u2003so") == "New Delhi said so"
    assert normalize_text("de\u200bfence co\u00adoperation\ufeff") == "defence cooperation"


def test_control_characters_are_stripped() -> None:
    assert normalize_text("a\x00b\x07c\x1bd\tx") == "abcd x"


def test_white_space_runs_collapse() -> None:
    assert normalize_text("  many    spaces   here  ") == "many spaces here"


def test_paragraph_breaks_are_kept_as_one_blank_line() -> None:
    text = "First paragraph.\r\n\r\n\r\n  Second paragraph.\n\n\nThird."
    assert normalize_text(text) == "First paragraph.\n\nSecond paragraph.\n\nThird."


def test_hard_wrapped_lines_are_joined_and_sentence_lines_split() -> None:
    text = "The minister said the talks\nwould resume next week.\nA second paragraph follows."
    assert normalize_text(text) == "The minister said the talks would resume next week.\n\nA second paragraph follows."


def test_bullets_start_paragraphs() -> None:
    assert normalize_text("Key points\n- first\n- second") == "Key points\n\n- first\n\n- second"


def test_clean_text_also_repairs_glue() -> None:
    assert clean_text("the Foreign Affairsand Defence ministers") == "the Foreign Affairs and Defence ministers"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and "\n\n\n" not in once and "  " not in once
