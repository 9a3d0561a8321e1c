"""Standing facts from sentences written for these tests: the patterns generalise beyond the seeds."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.model import Analysis, Fact

REPORT = (
    "Nairobi, March 4: Kenya and Ethiopia signed the Border Security Cooperation Treaty in 2019. "
    "Brazil was designated as a Major Non-NATO Ally in 2019, officials said. "
    "The third round of the Strategic Dialogue took place in Cairo in May 2021.\n\n"
    "The two sides agreed on a five-year action plan for the period 2026-2030. "
    "Ghana and Togo inked the Maritime Boundary Agreement on 12 June 2018. "
    "Treaties that bind the region include the Lake Basin Water Charter (2004) and the "
    "Transit Corridor Agreement (TCA) of 2011. "
    "The Partnership will deepen, the Foreign Minister said on Tuesday."
)


def _cited(analysis: Analysis, text: str) -> None:
    for fact in analysis.facts:
        sentence = analysis.sentences[fact.citation.sentence]
        assert sentence.start <= fact.citation.start < fact.citation.end <= sentence.end
        assert text[fact.citation.start:fact.citation.end] == fact.citation.text


def _facts(analyse, text: str = REPORT, date: dt.date | None = dt.date(2025, 3, 4),  # type: ignore[no-untyped-def]
           method: str = "metadata") -> dict[str, Fact]:
    analysis = analyse(text, date, method)
    _cited(analysis, text)
    return {f.name: f for f in analysis.facts}


@pytest.fixture(scope="module")
def analyse(nlp):  # type: ignore[no-untyped-def]
    """Analyse a text as a report dated ``date`` (``method`` "ingest": its date is unknown)."""
    from concord.analyze.analysis import analyze_doc
    from concord.model import Article, article_id

    def run(text: str, date: dt.date | None, method: str = "metadata") -> Analysis:
        article = Article(id=article_id(text), text=text, date=date, date_method=method)
        return analyze_doc(article, nlp(text), coder="rules")

    return run


def test_signed_agreement_with_year(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["Border Security Cooperation Treaty"]
    assert (fact.kind, fact.date, fact.parties, fact.acronym) == ("agreement", "2019", ["ETH", "KEN"], "BSCT")
    assert "signed" not in fact.citation.text and "2019" in fact.citation.text
    assert (fact.status, fact.key) == ("concluded", "~border-cooperation-security-treaty")


def test_known_designation_keeps_the_name_as_written(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["Major Non-NATO Ally"]
    assert (fact.kind, fact.date, fact.key) == ("designation", "2019", "major-non-nato-ally")
    assert "BRA" in fact.parties


def test_dialogue_round_place_and_month(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["Strategic Dialogue"]
    assert (fact.kind, fact.round, fact.place, fact.date) == ("dialogue", 3, "Cairo", "2021-05")
    assert fact.citation.text.startswith("third round")


def test_plan_with_a_range(analyse) -> None:  # type: ignore[no-untyped-def]
    fact = _facts(analyse)["five-year action plan"]
    assert (fact.kind, fact.date) == ("plan", "2026/2030")


def test_bracketed_years_and_acronyms_in_a_list(analyse) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(analyse)
    maritime = facts["Maritime Boundary Agreement"]
    assert (maritime.date, maritime.parties) == ("2018-06-12", ["GHA", "TGO"])
    charter = facts["Lake Basin Water Charter"]
    assert (charter.kind, charter.date) == ("agreement", "2004")
    transit = facts["Transit Corridor Agreement"]
    assert (transit.acronym, transit.date) == ("TCA", "2011")
    assert transit.citation.text == "Transit Corridor Agreement (TCA) of 2011"


def test_no_fact_from_a_bare_head_word(analyse) -> None:  # type: ignore[no-untyped-def]
    assert "Partnership" not in _facts(analyse)


MANY_NAMES = (
    "Tehran and six world powers signed the Joint Comprehensive Plan of Action (JCPOA) in 2015. "
    "Washington left the Iran nuclear deal three years later, and critics said the JCPOA was dead. "
    "Diplomats from France met Iranian officials to save the 2015 nuclear agreement."
)


def test_one_fact_many_names_in_a_report(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse(MANY_NAMES, dt.date(2021, 5, 2))
    (fact,) = analysis.facts
    assert (fact.key, fact.kind, fact.date, fact.acronym) == ("jcpoa", "agreement", "2015", "JCPOA")
    assert fact.citation.sentence == 0 and "2015" in fact.citation.text


def test_an_acronym_defined_before_stands_for_its_name(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("India and Japan spent years on the Comprehensive Economic Partnership Agreement (CEPA). "
            "CEPA was signed in 2011, and the CEPA review began later.")
    (fact,) = analyse(text, None, "ingest").facts
    assert (fact.kind, fact.name, fact.acronym, fact.date) == ("agreement", "Comprehensive Economic Partnership Agreement",
                                                               "CEPA", "2011")
    assert fact.citation.text == "CEPA was signed in 2011" and fact.parties == ["IND", "JPN"]


DOMESTIC = (
    "The Patriot Act was renewed in 2011. Fans packed the stadium for the Super Bowl in 2020. "
    "The Constitution was amended in 1992. Arkansas was admitted to the Union in 1836. "
    "The senator signed a book deal with a publisher in 2019. "
    "Lawmakers reached a spending deal on Friday, days after Iran tested a missile. "
    "The company signed a definitive agreement to acquire its rival, and the team agreed a five-year deal with "
    "its quarterback."
)


def test_domestic_law_sport_business_and_places_are_no_facts(analyse) -> None:  # type: ignore[no-untyped-def]
    assert analyse(DOMESTIC, dt.date(2021, 5, 2)).facts == []


def test_a_deal_between_two_states_without_a_name(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("The activist will study abroad under a deal struck between Beijing and Washington. "
            "The minister worked to pass a landmark arms control treaty with Russia.")
    facts = analyse(text, None, "ingest").facts
    by_start = sorted(facts, key=lambda f: f.citation.start)
    assert [f.parties for f in by_start][0] == ["CHN", "USA"]
    assert "RUS" in by_start[1].parties and by_start[1].kind == "agreement"


def test_an_unnamed_deal_that_relates_no_states_is_none(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("The senator's aides said President Obama can spot a bad deal from far away. "
            "The actress sued the senator to void a confidentiality agreement in which his lawyer paid her. "
            "The anchor extended his deal with the cable network in 2019.")
    assert analyse(text, None, "ingest").facts == []


def test_meetings_and_mentions_of_a_group_are_not_forums(analyse) -> None:  # type: ignore[no-untyped-def]
    assert analyse("The two presidents held a landmark summit in Pyongyang.", None, "ingest").facts == []
    assert analyse("The G20 countries produce most of the world's emissions.", None, "ingest").facts == []
    (forum,) = analyse("Police expect thousands of protesters at the G20 in Hamburg, Germany.", None, "ingest").facts
    assert (forum.kind, forum.key, forum.parties) == ("dialogue", "g20-summit", ["DEU"])


def test_a_known_forum_and_treaty_take_their_body_as_a_party(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Leaders of Poland and Germany met at a NATO summit in Vilnius. "
            "He pulled the United States out of the Paris accord, a blow to the United Nations effort.")
    facts = {f.key: f for f in analyse(text, None, "ingest").facts}
    assert {"NAT", "POL", "DEU"} <= set(facts["nato-summit"].parties)
    assert "USA" in facts["paris-agreement"].parties and facts["paris-agreement"].date is None


@pytest.mark.parametrize(("text", "dated", "undated"), [
    ("Norway and Chile signed the fisheries pact in 2015.", "2015", "2015"),
    ("The officials praised the 2015 nuclear deal with Iran.", "2015", "2015"),
    ("Japan and Australia have held the annual dialogue since 2007.", "2007", "2007"),
    ("Kenya and Uganda signed a border agreement a decade ago.", "2011", None),
    ("Kenya and Uganda signed a border agreement in July.", "2020-07", None),
])
def test_years_the_text_states_or_implies(analyse, text: str, dated: str, undated: str | None) -> None:  # type: ignore[no-untyped-def]
    (fact,) = analyse(text, dt.date(2021, 3, 4)).facts
    assert fact.date == dated
    (fact,) = analyse(text, dt.date(2026, 1, 1), "ingest").facts
    assert fact.date == undated, "a year the text does not state is not taken from the ingest date"


def test_a_fact_date_is_its_own_not_the_reports(analyse) -> None:  # type: ignore[no-untyped-def]
    text = "On Monday the minister criticised the Minsk agreements. Russia left the INF Treaty in August 2019."
    facts = {f.key: f for f in analyse(text, dt.date(2021, 3, 4)).facts}
    assert facts["minsk-agreements"].date is None
    assert facts["inf-treaty"].date is None, "leaving a treaty does not date it"


def test_parties_come_from_the_facts_own_clause(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("While Germany watched, Canada and Peru signed a fisheries agreement, and Brazil held elections.")
    (fact,) = analyse(text, None, "ingest").facts
    assert fact.parties == ["CAN", "PER"]


def test_status_of_a_deal_under_negotiation_or_proposed(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Canada and Costa Rica began negotiations for a bilateral free trade agreement. "
            "Ghana and Togo discussed a proposed border pact with Nigeria.")
    facts = sorted(analyse(text, None, "ingest").facts, key=lambda f: f.citation.start)
    assert [(f.kind, f.status) for f in facts] == [("agreement", "negotiating"), ("agreement", "proposed")]


def test_deals_with_armed_groups_are_not_between_states(analyse) -> None:  # type: ignore[no-untyped-def]
    text = "Sudan's government renewed a ceasefire pact with rebel groups at peace talks in Juba."
    assert analyse(text, None, "ingest").facts == []
