"""The rule coder on ambiguous words and composed acts: strikes, ceasefires, naming, means of an attack."""

from __future__ import annotations

import pytest

from concord.analyze.plover_lexicon import sense_cues, triggers
from concord.analyze.plover_rules import code_spans, game_result


def _code(nlp, text: str):  # type: ignore[no-untyped-def]
    result = code_spans(nlp(text)[:])
    assert result is not None, text
    return result


def test_sense_rows_load_and_come_after_dependent_rows() -> None:
    assert {"armed", "labour"} <= set(sense_cues())
    rows = triggers()["strike"]
    kinds = [(r.with_ is None, r.sense is None) for r in rows]
    assert kinds == sorted(kinds)


@pytest.mark.parametrize(
    ("text", "etype", "mode"),
    [
        ("Warplanes carried out air strikes on the port city before dawn.", "ASSAULT", "aerial"),
        ("The drone strikes hit two villages near the border.", "ASSAULT", "drone"),
        ("The army said its strikes were aimed at weapons depots.", "ASSAULT", None),
        ("Dock workers began a strike over unpaid wages on Monday.", "PROTEST", "strike"),
        ("The unions called a general strike against the pension reform.", "PROTEST", "strike"),
    ],
)
def test_strike_is_read_by_its_sense(nlp, text: str, etype: str, mode: str | None) -> None:  # type: ignore[no-untyped-def]
    result = _code(nlp, text)
    assert (result.type, result.mode) == (etype, mode)


def test_bare_strike_takes_the_sense_of_its_report(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Navy jets bombed radar sites along the coast overnight. Officials said the strikes would go on.")
    second = list(doc.sents)[1]
    result = code_spans(second)
    assert result is not None and result.type == "ASSAULT"
    alone = _code(nlp, "Officials said the strikes would go on.")
    assert alone.type == "PROTEST"  # no cue anywhere: the old default stands


def test_bare_attack_takes_its_means_from_the_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    result = _code(nlp, "Officials said rocket strikes had killed nine people in the market.")
    assert (result.type, result.mode) == ("ASSAULT", "heavy-weapons")
    assert "means from" in result.explanation


def test_shooting_down_an_aircraft_names_no_firearm(nlp) -> None:  # type: ignore[no-untyped-def]
    result = _code(nlp, "The air defence unit shot down a reconnaissance plane.")
    assert (result.type, result.mode) == ("ASSAULT", None)


@pytest.mark.parametrize(
    "text",
    [
        "The two governments reached an understanding to end the border clashes.",
        "Both armies agreed to stop fighting from midnight.",
        "The factions have agreed to halt hostilities in the north.",
    ],
)
def test_agreeing_to_end_fighting_is_agree_not_a_threat(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, text).type == "AGREE"


def test_a_halted_bombardment_is_a_ceasefire(nlp) -> None:  # type: ignore[no-untyped-def]
    result = _code(nlp, "The rebels halted their shelling of the town on Friday.")
    assert (result.type, result.mode) == ("RETREAT", "ceasefire")


def test_vow_of_force_is_still_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _code(nlp, "The commander vowed to attack the rebel bases.").type == "THREATEN"


def test_call_in_its_naming_sense_is_no_phone_call(nlp) -> None:  # type: ignore[no-untyped-def]
    assert code_spans(nlp("The spokesman called the report a fabrication.")[:]) is None
    phoned = _code(nlp, "The chancellor called the French president on Monday.")
    assert (phoned.type, phoned.mode) == ("CONSULT", "phone")  # a dating "on" is not "call on"


def test_game_result_needs_a_contest_verb_and_a_sport_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    assert game_result(nlp("Kenya beat Uganda by two goals in the cup final.")[:])
    assert not game_result(nlp("Kenya set a goal of doubling exports.")[:])
    assert not game_result(nlp("Troops beat the prisoners, the report said.")[:])


@pytest.mark.parametrize(
    "text",
    [
        "A strong earthquake struck the north of the island on Sunday, killing at least nine people.",
        "Floods destroyed more than four hundred homes along the river.",
        "Twenty people were killed in a cyclone that hit the southern coast.",
        "Dozens of villagers were killed by flash floods overnight.",
    ],
)
def test_a_natural_hazard_doing_harm_is_no_event(nlp, analyse, text: str) -> None:  # type: ignore[no-untyped-def]
    assert code_spans(nlp(text)[:]) is None
    assert analyse(text).events == []


def test_people_doing_harm_beside_a_disaster_still_count(nlp) -> None:  # type: ignore[no-untyped-def]
    result = _code(nlp, "After the earthquake, militants attacked a relief convoy near the border.")
    assert result.type == "ASSAULT"
