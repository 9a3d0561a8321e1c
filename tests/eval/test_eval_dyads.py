"""`concord eval dyads`: the scorer on rows written for these tests, and a gate on the PLV dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.errors import InputError, MalformedRecordError
from concord.eval.dyads import DyadRow, RowResult, content_words, evaluate_dyads, read_dyad_rows, score_rows
from concord.model import Actor, Citation
from concord.settings import Settings

PLV_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "plover" / "PLV_dev.tsv"


def test_content_words_leave_out_titles_honorifics_and_stop_words() -> None:
    assert content_words("Iranian Foreign Minister Mohammad Javad Zarif") == {"iranian", "mohammad", "javad", "zarif"}
    assert content_words("the U.S. Supreme Court's ruling") == {"court", "ruling"}  # "us" is a stop word, "supreme" a title word
    assert content_words("Mr. Erdogan") == {"erdogan"}


def _row(source: str, target: str, label: str = "ACCUSE") -> DyadRow:
    return DyadRow("a sentence", source, target, label, 2)


def test_scores_count_a_match_by_name_or_by_cited_mention() -> None:
    fbi = Actor("Federal Bureau of Investigation", "organisation", "USA",
                citations=[Citation("a", 0, 10, 13, "test", "FBI")])
    results = [
        RowResult(_row("The ACLU", "FBI"), "ACCUSE", [Actor("ACLU", "organisation")], [fbi]),
        RowResult(_row("France", "Saudi Arabia"), "ACCUSE", [Actor("France", "state", "FRA"),
                                                              Actor("Spain", "state", "ESP")], []),
        RowResult(_row("Kenya", "Somalia", "AGREE"), None),
    ]
    scores = score_rows(results)
    assert scores["n"] == 3 and scores["no_event"] == 1 and scores["type_accuracy"] == round(2 / 3, 4)
    assert scores["actor"]["recall"] == round(2 / 3, 4) and scores["actor"]["precision"] == round(2 / 3, 4)
    assert scores["recipient"]["recall"] == round(1 / 3, 4) and scores["recipient"]["precision"] == 1.0
    assert scores["dyad_recall"] == round(1 / 3, 4)
    assert scores["per_class"]["AGREE"]["no_event"] == 1


def test_a_demonym_matches_its_country_and_nothing_else() -> None:
    results = [RowResult(_row("Police in Japan", "the Afghan army"), "ACCUSE",
                         [Actor("Japanese authorities", "group", "JPN")], [Actor("Afghanistan", "state", "AFG")]),
               RowResult(_row("Tehran", "Kenya"), "ACCUSE", [Actor("Iranian authorities", "group", "IRN")],
                         [Actor("Kenyan authorities", "group", "KEN")])]
    scores = score_rows(results)  # a capital is not its country's demonym
    assert scores["actor"]["recall"] == 0.5 and scores["recipient"]["recall"] == 1.0


def test_gold_countries_from_codes() -> None:
    results = [RowResult(DyadRow("s", "Tehran", "the US", "ACCUSE", 2, "IRN", "USA"), "ACCUSE",
                         [Actor("Iran", "state", "IRN")], [Actor("Canada", "state", "CAN")], ("IRN", "USA"))]
    scores = score_rows(results)
    assert (scores["actor"]["country_recall"], scores["recipient"]["country_recall"]) == (1.0, 0.0)


def test_bad_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        read_dyad_rows(tmp_path / "missing.tsv")
    path = tmp_path / "no_target.tsv"
    path.write_text("sentence\tsource\tgold_root\nKenya met Uganda.\tKenya\tCONSULT\n", encoding="utf-8")
    with pytest.raises(InputError, match="target"):
        read_dyad_rows(path)
    path.write_text("sentence\tsource\ttarget\tgold_root\n\tKenya\tUganda\tCONSULT\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match="empty sentence"):
        read_dyad_rows(path)
    path.write_text("marked_sentence\tsource\ttarget\tgold_root\tsource_code\n"
                    "<s>Kenya</s> met <t>Uganda</t>.\tKenya\tUganda\tconsult\tKENGOV\n", encoding="utf-8")
    (row,) = read_dyad_rows(path)
    assert (row.sentence, row.label, row.source_country) == ("Kenya met Uganda.", "CONSULT", "KEN")


def test_a_placeholder_for_a_side_the_sentence_does_not_name_is_no_gold_span(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text("sentence\tsource\ttarget\tgold_root\n"
                    "Kenya launched an inquiry.\tKenya\ta recipient\tACCUSE\n", encoding="utf-8")
    (row,) = read_dyad_rows(path)
    assert (row.source, row.target) == ("Kenya", "")
    scores = score_rows([RowResult(row, "ACCUSE", [Actor("Kenya", "state", "KEN")], [])])
    assert scores["actor"]["recall"] == 1.0
    assert scores["recipient"]["recall"] == 0.0 and scores["recipient"]["predicted"] == 0
    assert scores["dyad_recall"] == 0.0  # a dyad needs a recipient to find


def test_a_small_file_runs_through_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text("sentence\tsource\ttarget\tgold_root\n"
                    "Kenya accused Ethiopia of arming rebel groups along the border.\tKenya\tEthiopia\tACCUSE\n"
                    "Nigeria deployed 300 soldiers to Gambia on Sunday.\tNigeria\tGambia\tMOBILIZE\n",
                    encoding="utf-8")
    scores = evaluate_dyads(path, Settings())
    assert scores["n"] == 2 and scores["actor"]["recall"] == 1.0 and scores["recipient"]["recall"] == 1.0
    assert scores["actor"]["country_recall"] == 1.0 and scores["errors"] == []


@pytest.mark.skipif(not PLV_DEV.exists(), reason=f"the PLV dev set is not at {PLV_DEV}")
def test_gate_on_the_plv_dev_set() -> None:
    """Pinned a little under what the pipeline reaches (see the README's measured figures), so that a
    regression in who-did-what-to-whom fails CI."""
    scores = evaluate_dyads(PLV_DEV, Settings())
    assert scores["n"] == 1050 and scores["no_event"] <= 25
    assert scores["type_accuracy"] >= 0.93
    assert scores["actor"]["recall"] >= 0.85 and scores["actor"]["precision"] >= 0.89
    assert scores["recipient"]["recall"] >= 0.73 and scores["recipient"]["precision"] >= 0.80
    assert scores["dyad_recall"] >= 0.62
    assert scores["actor"]["country_recall"] >= 0.90 and scores["recipient"]["country_recall"] >= 0.80
