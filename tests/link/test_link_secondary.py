"""Secondary events: what a story's reports also say happened, merged per type and linked to the primary."""

from __future__ import annotations

import datetime as dt

from concord.link.cluster import event_id
from concord.link.secondary import (
    SECONDARY_FLOOR,
    is_current,
    is_secondary,
    merge_story,
    secondary_event_id,
    secondary_mentions,
)
from concord.model import Actor, Analysis, Article, Citation, Event, EventMention, from_dict, to_dict

DAY = "2025-03-04"
CHL = Actor(name="Julio Salas", kind="person", country="CHL")
NOR = Actor(name="Cecilie Myrseth", kind="person", country="NOR")
PER = Actor(name="Ana Cecilia Gervasi", kind="person", country="PER")
ARG = Actor(name="Diana Mondino", kind="person", country="ARG")


def _m(
    aid: str,
    sentence: int,
    etype: str,
    *,
    day: str | None = None,
    precision: str | None = None,
    confidence: float = 0.9,
    negated: bool = False,
    auxiliary: str | None = None,
    mode: str | None = None,
    parties: tuple[Actor, Actor] = (CHL, NOR),
) -> EventMention:
    cite = Citation(aid, sentence, 10 * sentence, 10 * sentence + 9, "test", text=f"{etype} {sentence} of {aid}")
    return EventMention(
        type=etype, citation=cite, mode=mode, actors=[parties[0]], recipients=[parties[1]], date=day,
        date_precision=precision or ("day" if day else None), negated=negated, auxiliary=auxiliary,
        confidence=confidence,
    )


def _articles(*ids: str, copy_of: dict[str, str] | None = None) -> list[Article]:
    copy_of = copy_of or {}
    return [Article(id=i, text="(text)", source=f"outlet-{i}", date=dt.date(2025, 3, 5), duplicate_of=copy_of.get(i))
            for i in ids]  # fmt: skip


def _story() -> tuple[list[Article], dict[str, Analysis | None]]:
    """Two reports of a call: both say the ministers agreed on something, one adds praise."""
    return _articles("r1", "r2"), {
        "r1": Analysis("r1", events=[_m("r1", 0, "CONSULT", day=DAY, mode="phone"), _m("r1", 3, "AGREE"),
                                     _m("r1", 5, "AGREE")]),  # fmt: skip
        "r2": Analysis("r2", events=[_m("r2", 0, "CONSULT", day=DAY, mode="phone"), _m("r2", 1, "SUPPORT"),
                                     _m("r2", 4, "AGREE")]),  # fmt: skip
    }


def test_a_story_gives_its_primary_then_one_linked_secondary_per_other_type() -> None:
    articles, analyses = _story()
    story = event_id("r1")
    primary, *secondaries = merge_story(story, articles, analyses)
    assert (primary.id, primary.event, primary.mode, primary.date) == (story, "CONSULT", "phone", DAY)
    assert [(e.event, e.n_articles, e.n_sources) for e in secondaries] == [("AGREE", 2, 2), ("SUPPORT", 1, 1)]
    assert primary.related == [secondary_event_id(story, "AGREE"), secondary_event_id(story, "SUPPORT")]
    for event in secondaries:
        assert event.related == [story] and event.id == secondary_event_id(story, event.event)
        assert is_secondary(event)
        assert event.date == DAY and event.conflicts == []
    assert not is_secondary(primary)
    agree = secondaries[0]
    # Each report's leading mention of the type is cited; the undated agreement takes the story's day,
    # cited by the same reports' own dating of the call.
    assert [(c.article_id, c.sentence) for c in agree.citations["event"]] == [("r1", 3), ("r2", 4)]
    assert [(c.article_id, c.sentence) for c in agree.citations["date"]] == [("r1", 0), ("r2", 0)]
    assert {a.country for a in agree.actor} == {"CHL"} and {a.country for a in agree.recipient} == {"NOR"}
    assert [s["article_id"] for s in secondaries[1].sources] == ["r2"]


def test_only_real_current_confident_events_of_the_day_count() -> None:
    late = "2025-03-09"
    analyses: dict[str, Analysis | None] = {"r1": Analysis("r1", events=[
        _m("r1", 0, "CONSULT", day=DAY),
        _m("r1", 1, "REJECT", negated=True),                         # denied
        _m("r1", 2, "ASSAULT", auxiliary="historical"),              # history
        _m("r1", 3, "SANCTION", auxiliary="hypothetical"),           # a condition
        _m("r1", 4, "COOPERATE", auxiliary="future"),                # not happened yet
        _m("r1", 5, "AGREE", auxiliary="future"),                    # a promise made now: PLOVER's AGREE
        _m("r1", 6, "ACCUSE", confidence=SECONDARY_FLOOR - 0.01),    # too weakly coded
        _m("r1", 1, "PROTEST", day=late),                            # another day, even in the lead
        _m("r1", 7, "THREATEN", day=late),                           # background: another day later on
        _m("r1", 8, "AID", day="2023", precision="year"),            # a year before: history
        _m("r1", 9, "SUPPORT", day="2025", precision="year"),        # within the story's year
        _m("r1", 10, "CONCEDE", day="2026", precision="range"),      # the goal of a promise
        _m("r1", 11, "CONSULT", day=DAY),                            # the primary's own type
    ])}
    primary = merge_story("ev-s", _articles("r1"), analyses)[0]
    found = secondary_mentions(primary, analyses)
    assert sorted(found) == [("AGREE", ()), ("CONCEDE", ()), ("SUPPORT", ())]
    assert is_current(_m("r", 0, "THREATEN", auxiliary="future"))
    assert not is_current(_m("r", 0, "AID", auxiliary="future"))


def test_a_wire_copy_is_an_article_but_not_a_source_and_does_not_vote() -> None:
    articles = _articles("r1", "r1-copy", copy_of={"r1-copy": "r1"})
    analyses: dict[str, Analysis | None] = {
        aid: Analysis(aid, events=[_m(aid, 0, "CONSULT", day=DAY), _m(aid, 2, "AGREE")]) for aid in ("r1", "r1-copy")
    }
    _, agree = merge_story("ev-w", articles, analyses)
    assert (agree.event, agree.n_articles, agree.n_sources) == ("AGREE", 2, 1)
    assert {c.article_id for c in agree.citations["event"]} == {"r1"}


def test_ids_hold_as_reports_arrive_and_an_uncoded_story_has_none() -> None:
    articles, analyses = _story()
    story = event_id("r1")
    first = merge_story(story, articles[:1], {"r1": analyses["r1"]})
    both = merge_story(story, articles, analyses)
    assert [e.id for e in first] == [story, secondary_event_id(story, "AGREE")]
    assert [e.id for e in both][:2] == [e.id for e in first]
    assert merge_story(story, articles, analyses) == both  # deterministic
    assert merge_story(story, articles) == [merge_story(story, articles)[0]]
    assert merge_story(story, articles)[0].related == []


def test_related_round_trips_and_defaults_to_empty() -> None:
    articles, analyses = _story()
    for event in merge_story(event_id("r1"), articles, analyses):
        assert from_dict(Event, to_dict(event)) == event
    legacy = to_dict(Event(id="ev-old", date=DAY, event="CONSULT"))
    del legacy["related"]  # stored before the field existed
    assert from_dict(Event, legacy).related == []


def test_acts_of_one_type_by_other_parties_are_other_events() -> None:
    """A report of one meeting that also tells of another meeting and of two unrelated agreements."""
    other = (PER, ARG)
    analyses: dict[str, Analysis | None] = {
        "r1": Analysis("r1", events=[
            _m("r1", 0, "CONSULT", day=DAY),               # the story: Chile meets Norway
            _m("r1", 1, "AGREE"),                          # ... and they agree
            _m("r1", 2, "CONSULT", parties=other),         # Peru meets Argentina the same day
            _m("r1", 3, "AGREE", parties=other),           # ... and they agree too: another agreement
        ]),
        "r2": Analysis("r2", events=[_m("r2", 0, "CONSULT", day=DAY), _m("r2", 2, "AGREE", parties=other)]),
    }
    story = event_id("r1")
    primary, *secondaries = merge_story(story, _articles("r1", "r2"), analyses)
    assert primary.event == "CONSULT" and {a.country for a in primary.actor} == {"CHL"}
    by_id = {e.id: e for e in secondaries}
    agree = by_id[secondary_event_id(story, "AGREE")]
    agree_other = by_id[secondary_event_id(story, "AGREE", ("ARG", "PER"))]
    consult_other = by_id[secondary_event_id(story, "CONSULT", ("ARG", "PER"))]
    assert {a.country for a in agree.actor} == {"CHL"} and agree.n_articles == 1
    assert {a.country for a in agree_other.actor} == {"PER"} and agree_other.n_articles == 2
    assert {a.country for a in consult_other.actor} == {"PER"} and consult_other.n_articles == 1
    assert sorted(primary.related) == sorted(by_id) and all(e.story == story for e in secondaries)


def test_no_other_meeting_is_found_when_the_primary_names_no_country() -> None:
    nobody = Actor(name="The delegations", kind="group")
    analyses: dict[str, Analysis | None] = {"r1": Analysis("r1", events=[
        _m("r1", 0, "CONSULT", day=DAY, parties=(nobody, nobody)), _m("r1", 1, "CONSULT")])}
    assert merge_story("ev-n", _articles("r1"), analyses)[0].related == []
