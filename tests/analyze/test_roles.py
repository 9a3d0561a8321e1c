"""Who did what to whom, read from the parse, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.model import Analysis, EventMention


def _lead(analysis: Analysis) -> EventMention:
    assert analysis.events, "no event coded"
    return analysis.events[0]


def _countries(actors) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [a.country for a in actors]


@pytest.mark.parametrize(
    ("text", "actors", "recipients"),
    [
        # a subject acts, a direct object is acted on
        ("Kenya accused Ethiopia of arming rebel groups along the border.", ["KEN"], ["ETH"]),
        # a passive: the "by" phrase acts, the subject undergoes
        ("Three Kenyan fishermen were detained by Ugandan police on Lake Victoria.", ["UGA"], ["KEN"]),
        # what a verb of moving moves is not its recipient; where it goes is
        ("Nigeria deployed 300 soldiers to Gambia on Sunday.", ["NGA"], ["GMB"]),
        # a thing's phrase leads to whom it is aimed at
        ("Canada imposed new sanctions against Venezuelan officials on Friday.", ["CAN"], ["VEN"]),
        # a noun trigger's possessor acts, its "on" phrase is the target
        ("Russia's missile strike on Ukrainian ports drew condemnation.", ["RUS"], ["UKR"]),
        # a promised act's target
        ("Japan agreed to lend $2 billion to Sri Lanka for its ports.", ["JPN"], ["LKA"]),
        # a name further down the act's clauses, when its objects name nobody
        ("Norway gave 40 million dollars to rebuild schools in Malawi.", ["NOR"], ["MWI"]),
        # a demand reported as what someone must do: the speaker asks, the one who must do it is asked
        ("Chile said Peru must withdraw its ships from the disputed waters.", ["CHL"], ["PER"]),
        # a trigger word in a relative clause that the coder overruled: the sentence's main verb has the sides
        ("Ghana shared evidence with Togo about the smugglers who attacked the border post.", ["GHA"], ["TGO"]),
    ],
)
def test_sides_come_from_the_parse(analyse, text: str, actors: list[str], recipients: list[str]) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse(text))
    assert _countries(lead.actors) == actors and _countries(lead.recipients) == recipients, lead.explanation


def test_a_group_named_before_its_fighters_is_the_party(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("Taliban fighters attacked a police post in Kandahar province on Monday."))
    assert [a.name for a in lead.actors] == ["Taliban"] and lead.actors[0].id == "taliban"


def test_a_spokesman_speaks_for_his_government(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("A spokesman for the Egyptian government condemned the bombing of the church."))
    assert _countries(lead.actors) == ["EGY"] and lead.actors[0].code == "EGYGOV"


def test_a_pronoun_in_a_reported_clause_is_the_speaker(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("Sudan said it would allow the World Food Programme to deliver aid to Darfur."))
    assert _countries(lead.actors) == ["SDN"]


def test_a_refused_concession_is_a_rejection(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("Poland will not accept the migrants under the relocation plan."))
    assert (lead.type, lead.negated, _countries(lead.actors)) == ("REJECT", False, ["POL"])


def test_coordinated_subjects_act_together(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("Chile and Peru signed a maritime agreement in Lima on Tuesday."))
    assert {*_countries(lead.actors), *_countries(lead.recipients)} == {"CHL", "PER"}
    assert lead.actors and lead.recipients and lead.reciprocal


def test_outlets_are_never_parties(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("Reuters reported that Iran had seized a British tanker in the Gulf."))
    assert "Reuters" not in [a.name for a in lead.actors + lead.recipients]


def test_a_lead_with_no_trigger_word_still_reports_its_act(analyse) -> None:  # type: ignore[no-untyped-def]
    # "called X a Y" is a naming verb for the trigger rules; the learned coder reads the insult
    lead = _lead(analyse("President Donald Trump called the British ambassador a very stupid man.",
                         dt.date(2019, 7, 10)))
    assert lead.type == "ACCUSE" and [a.id for a in lead.actors] == ["donald-trump"]


def test_a_weapon_acts_for_whoever_fired_it(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("The missiles fired by the Turkish army hit a depot of the Kurdish militia."))
    assert _countries(lead.actors) == ["TUR"]


def test_an_arrest_by_nobody_named_is_the_state_where_it_was_made(analyse) -> None:  # type: ignore[no-untyped-def]
    lead = _lead(analyse("Two journalists were arrested in Belarus on Monday."))
    assert (lead.type, _countries(lead.actors)) == ("COERCE", ["BLR"])


def test_an_object_that_is_a_thing_leads_to_the_other_side(analyse) -> None:  # type: ignore[no-untyped-def]
    """The phrase on a thing the act is done with names who is on the receiving end."""
    text = "Ghana's president says it will begin a military operation against Nigerian smugglers within a week."
    lead = _lead(analyse(text))
    assert "NGA" in _countries(lead.recipients), lead.explanation
