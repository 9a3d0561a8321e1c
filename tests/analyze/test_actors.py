"""Actors: one span resolved on its own, and every mention of an invented report linked up."""

from __future__ import annotations

import pytest

from concord.analyze.actors import resolve_actor_text
from concord.errors import ConcordError


@pytest.mark.parametrize(
    ("text", "name", "kind", "country", "sector", "role"),
    [
        ("US Secretary of Defence Pete Hegseth", "Pete Hegseth", "person", "USA", {"GOV", "MIL"},
         "Secretary of Defense"),
        ("Indian Defence Minister Rajnath Singh", "Rajnath Singh", "person", "IND", {"GOV", "MIL"},
         "Defence Minister"),
        ("Chinese Foreign Minister Wang Yi", "Wang Yi", "person", "CHN", {"GOV"}, "Foreign Minister"),
        ("the Pentagon", "Department of Defense", "organisation", "USA", {"GOV", "MIL"}, None),
        ("NATO", "NATO", "organisation", None, {"IGO", "MIL"}, None),
        ("Hamas", "Hamas", "group", "PSE", {"REB"}, None),
        ("Kenyan police", "Kenyan police", "group", "KEN", {"COP"}, None),
        ("France", "France", "state", "FRA", set(), None),
        ("Justin Trudeau", "Justin Trudeau", "person", None, set(), None),
    ],
)
def test_resolve_actor_text(text: str, name: str, kind: str, country: str | None, sector: set[str],
                            role: str | None) -> None:
    actor = resolve_actor_text(text)
    assert (actor.name, actor.kind, actor.country, set(actor.sector), actor.role) == (
        name, kind, country, sector, role)


def test_institution_takes_the_article_country() -> None:
    assert resolve_actor_text("Ministry of Defence", "GBR").country == "GBR"
    assert resolve_actor_text("India's Ministry of Defense", "GBR").country == "IND"


def test_typo_in_title_is_tolerated() -> None:
    actor = resolve_actor_text("Defense Minster Kim Yong-hyun", "KOR")
    assert (actor.role, actor.name) == ("Defence Minister", "Kim Yong-hyun")


def test_empty_span_is_an_error() -> None:
    with pytest.raises(ConcordError):
        resolve_actor_text("  the ")


REPORT = (
    "Canberra, March 3 (AAP): Australian Defence Minister Richard Marles spoke with Japanese Defense "
    "Minister Gen Nakatani by phone on Monday. Marles said the talks covered submarine cooperation.\n\n"
    "The two ministers agreed to meet again in Tokyo. Nakatani's office later confirmed the plan, "
    "and the Defense Minster thanked his counterpart. Protesters gathered outside the Department of "
    "Defence in Canberra."
)


def test_report_mentions_link_to_one_actor_each(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse(REPORT)
    persons = {a.name: a for a in analysis.actors if a.kind == "person"}
    marles, nakatani = persons["Richard Marles"], persons["Gen Nakatani"]
    assert (marles.country, marles.role, nakatani.country, nakatani.role) == (
        "AUS", "Defence Minister", "JPN", "Defence Minister")
    assert [c.text for c in marles.citations][:2] == ["Australian Defence Minister Richard Marles", "Marles"]
    assert "The two ministers" in [c.text for c in nakatani.citations]
    assert "Nakatani" in [c.text for c in nakatani.citations]
    protesters = next(a for a in analysis.actors if a.name == "Australian protesters")
    assert (protesters.country, protesters.sector) == ("AUS", ["CVL"])
    for actor in analysis.actors:
        for citation in actor.citations:
            sentence = analysis.sentences[citation.sentence]
            assert sentence.start <= citation.start < citation.end <= sentence.end
            assert REPORT[citation.start:citation.end] == citation.text


def test_capital_is_an_actor_only_as_a_subject(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("Beijing rejected the claim. The envoy flew to Beijing on Friday.")
    (china,) = [a for a in analysis.actors if a.country == "CHN"]
    assert [c.sentence for c in china.citations] == [0]


def _by_name(analysis, name: str):  # type: ignore[no-untyped-def]
    return [a for a in analysis.actors if a.name == name]


def test_ministry_does_not_take_a_foreign_dateline_country(analyse) -> None:  # type: ignore[no-untyped-def]
    # Filed from Beirut about Sudan: Lebanon is named nowhere else, so "the ministry" is not Lebanese.
    text = ("BEIRUT, July 2 (Levant Wire) - Shelling of a market in Sudan's El Fasher killed 14 people on "
            "Tuesday, the ministry said. A spokesman for the RSF-run health ministry gave a higher toll.")
    analysis = analyse(text)
    ministries = _by_name(analysis, "Sudanese ministry")
    assert ministries and {m.country for m in ministries} == {"SDN"}
    assert not [a for a in analysis.actors if a.name.endswith("ministry") and a.country != "SDN"]
    assert "LBN" not in {a.country for a in analysis.actors}


def test_group_run_institution_takes_the_group_country(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("DOHA, April 9 - A spokesman for the Houthi-run interior ministry said two boats were seized "
            "in the Red Sea on Monday.")
    (ministry,) = [a for a in analyse(text).actors if a.name.endswith("ministry")]
    assert (ministry.name, ministry.country) == ("Yemeni ministry", "YEM")
    assert ministry.citations[0].text == "Houthi-run interior ministry"


def test_home_dateline_country_still_fills_in(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Dhaka, June 3: Bangladesh will buy two frigates, the Defence Ministry said, after the "
            "US ambassador met Bangladeshi officials.")
    analysis = analyse(text)
    (ministry,) = _by_name(analysis, "Ministry of Defense")
    assert ministry.country == "BGD"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kenya beat Uganda by six wickets in the ICC qualifier in Nairobi on Sunday.",
         "International Cricket Council"),
        ("The ICC prosecutor asked judges for an arrest warrant on Monday.", "International Criminal Court"),
    ],
)
def test_ambiguous_acronym_needs_a_cue(analyse, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert [a.name for a in analyse(text).actors if "ICC" in [c.text for c in a.citations]] == [name]


def test_ambiguous_acronym_without_a_cue_stays_unresolved(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("The ICC issued a short statement on Monday.")
    assert not {"International Criminal Court", "International Cricket Council"} & {a.name for a in analysis.actors}
    assert resolve_actor_text("ICC").name == "ICC"


def test_places_never_become_persons(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Blasts were heard over Srinagar and across Azad Jammu and Kashmir late on Friday. "
            "Across Sanaa, residents said the lights went out. The BECA pact of 2020 was cited. "
            "Army chief General Asim Munir visited Muzaffarabad.")
    persons = {a.name for a in analyse(text).actors if a.kind == "person"}
    assert persons == {"Asim Munir"}


def test_titled_name_takes_an_of_country(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("President Emmanuel Macron of France met the envoy in Paris.")
    (macron,) = _by_name(analysis, "Emmanuel Macron")
    assert macron.country == "FRA"


def test_title_set_off_by_a_comma_names_the_person(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("Talks were led by Kenya's foreign minister, Musalia Mudavadi, in Nairobi.")
    (person,) = _by_name(analysis, "Musalia Mudavadi")
    assert (person.country, person.role) == ("KEN", "Foreign Minister")


def test_agreement_acronym_is_not_an_organisation(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("The two navies signed COMCASA and later the LEMOA logistics pact.")
    assert not {"COMCASA", "LEMOA"} & {a.name for a in analysis.actors}


def test_country_fused_into_a_modifier_is_no_actor(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("The Russia-backed militia shelled the harbour. Russia denied any role.")
    russia = [a for a in analysis.actors if a.country == "RUS" and a.kind == "state"]
    assert [c.text for a in russia for c in a.citations] == ["Russia"]


def test_organisation_named_as_a_venue_is_no_actor(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("Sanchez and Lula signed the accord in the Salon de Embajadores on Monday.")
    assert "Salon de Embajadores" not in {a.name for a in analysis.actors}


def test_a_definite_lower_case_title_names_its_only_holder_and_the_two_men_are_both(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Spanish Prime Minister Pedro Sanchez welcomed Portuguese President Marcelo Rebelo de Sousa to Madrid "
            "on Monday. Sanchez thanked the president for the visit. The two men signed a water-sharing pact.")
    found = analyse(text)
    president = next(a for a in found.actors if a.country == "PRT" and a.kind == "person")
    cited = {c.sentence for c in president.citations}
    assert {0, 1, 2} <= cited  # named, "the president", "the two men"
    spain = next(a for a in found.actors if a.country == "ESP" and a.kind == "person")
    assert 2 in {c.sentence for c in spain.citations}


def test_a_lower_case_title_with_two_holders_names_nobody(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("French President Emmanuel Macron met Brazilian President Luiz Inacio Lula da Silva in Paris on Friday. "
            "Officials said the president would return in June.")
    found = analyse(text)
    for person in (a for a in found.actors if a.kind == "person"):
        assert 1 not in {c.sentence for c in person.citations}, person


def test_capitals_as_objects_stand_for_their_governments(analyse) -> None:  # type: ignore[no-untyped-def]
    analysis = analyse("Moscow accused Paris and Berlin of stoking tensions. The envoy later flew to Berlin.")
    cited = {a.country: sorted(c.sentence for c in a.citations) for a in analysis.actors if a.kind == "state"}
    assert cited["FRA"] == [0] and cited["DEU"] == [0] and cited["RUS"] == [0]
    (event,) = [e for e in analysis.events if e.type == "ACCUSE"]
    assert {a.country for a in event.recipients} == {"FRA", "DEU"}


def test_a_report_set_in_one_countrys_places_gives_its_people_that_country(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Marla Okonjo was arrested in Tulsa, Oklahoma, on Tuesday. Deputies in Oklahoma said "
            "Okonjo had fled from Texas and was held on a warrant from Dallas.")
    (person,) = _by_name(analyse(text), "Marla Okonjo")
    assert person.country == "USA"


def test_a_country_name_followed_by_a_state_is_a_town_there(analyse) -> None:  # type: ignore[no-untyped-def]
    text = "Police in South Jordan, Utah, and in Jordan, Utah, said Lena Voss poisoned a neighbour in Utah."
    found = analyse(text)
    assert "JOR" not in {a.country for a in found.actors}
    (person,) = _by_name(found, "Lena Voss")
    assert person.country == "USA"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Rescuers could not revive Tomas Erikk of Crestview, Florida, after the drill.", "Tomas Erikk", "USA"),
        ("He said Liu Weiguo, a Shandong lawyer who took the case, was threatened.", "Liu Weiguo", "CHN"),
        ("Jon Pak-sun, now 84, the North Korean official whose name is on the letter, denied it.",
         "Jon Pak-sun", "PRK"),
        ("Maria Gonzalez, a critic of Cuba's leaders, said on Monday that she would run.", "Maria Gonzalez", None),
    ],
)
def test_a_description_after_a_name_gives_its_country(analyse, text: str, name: str, country: str | None) -> None:  # type: ignore[no-untyped-def]
    (person,) = _by_name(analyse(text), name)
    assert person.country == country


def test_a_surname_without_its_arabic_article_is_the_same_person(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Omar al-Bashir flew out of Johannesburg on Monday. A judge had ordered that Bashir stay "
            "while the court heard the case.")
    persons = [a for a in analyse(text).actors if a.kind == "person"]
    assert [a.name for a in persons] == ["Omar al-Bashir"]
    assert {c.text for c in persons[0].citations} >= {"Omar al-Bashir", "Bashir"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sen. Della Fromm (R-Ariz.) criticized the plan in Tokyo on Tuesday. Hiro Tanaka said it was fine.",
         "Della Fromm"),
        ("Republican Dale Hormel attacked the plan on Monday in Tokyo. Hiro Tanaka said so.", "Dale Hormel"),
        ("Tom Vessey, a Republican, also spoke in Tokyo. Hiro Tanaka said so.", "Tom Vessey"),
    ],
)
def test_a_us_party_label_makes_an_american(analyse, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    found = analyse(text)
    (person,) = _by_name(found, name)
    assert person.country == "USA"
    assert all(a.country != "USA" for a in _by_name(found, "Hiro Tanaka"))


def test_a_party_named_before_a_foreign_leader_is_no_us_label(analyse) -> None:  # type: ignore[no-untyped-def]
    text = "Republican People's Party leader Kemal Kilicdaroglu spoke in Ankara on Friday."
    assert {a.country for a in analyse(text).actors if a.kind == "person"} == {"TUR"}


def test_a_first_name_alone_is_the_one_person_it_begins(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse('Mitt Romney attacked Donald Trump on Thursday. "Mitt is tough," Trump had said in 2012.')
    assert sorted(a.name for a in found.actors if a.kind == "person") == ["Donald Trump", "Mitt Romney"]


def test_outlets_are_media_never_parties(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("Fox News and ANSA reported that EIB Network host Carl Rusk accused Mitt Romney of lying.")
    outlets = {a.name: a for a in found.actors if a.kind == "organisation"}
    assert {"Fox News", "ANSA", "EIB Network"} <= set(outlets)
    assert all("MED" in outlets[n].sector for n in ("Fox News", "ANSA", "EIB Network"))
    assert outlets["ANSA"].country == "ITA"
    assert not {"Fox News", "ANSA", "EIB Network"} & {a.name for e in found.events for a in (*e.actors, *e.recipients)}


def test_a_demonym_before_common_nouns_gives_the_name_after_them_its_country(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("A court cleared Australian VC recipient Ben Roberts-Smith on Monday. "
                    "An Israeli strike killed Hamas commander Yahya Sinwar in Rafah.")
    (soldier,) = _by_name(found, "Ben Roberts-Smith")
    assert soldier.country == "AUS"
    assert {a.country for a in _by_name(found, "Yahya Sinwar")} == {"PSE"}


def test_a_country_before_a_conjunction_does_not_describe_the_next_name(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("Prime ministers Tom Halvey of Britain and Sean Corrib of Ireland backed the plan.")
    assert {a.name: a.country for a in found.actors if a.kind == "person"} == {"Tom Halvey": "GBR",
                                                                                "Sean Corrib": "IRL"}


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("New Mexico Gov. Alma Ruiz vetoed the bill on Monday.", "Alma Ruiz", "USA"),
        ("Police in South Jordan arrested Jan Kessler on Monday.", "Jan Kessler", "USA"),
        ("Ohio Sen. Dell Haskins said on Friday that he would vote no.", "Dell Haskins", "USA"),
    ],
)
def test_a_country_name_ending_a_us_place_is_that_place(analyse, text: str, name: str, country: str) -> None:  # type: ignore[no-untyped-def]
    found = analyse(text)
    assert {a.country for a in _by_name(found, name)} == {country}
    assert not {"MEX", "JOR"} & {a.country for a in found.actors}


def test_a_state_or_town_before_an_institution_gives_its_country(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("The Colorado Supreme Court refused to hear the appeal. Toronto Police Service officers "
                    "arrested a man, and Plano police questioned his brother.")
    countries = {a.name: a.country for a in found.actors if a.kind != "person"}
    assert countries["Supreme Court"] == "USA"
    assert "CAN" in countries.values() and "USA" in {c for n, c in countries.items() if "police" in n}


def test_a_lower_case_word_before_a_comma_is_no_title(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("In general, Kickstarter now bans only unlawful projects, its spokesman Dan Orr says.")
    assert all(a.role != "General" for a in found.actors)


def test_a_titled_person_the_knowledge_base_knows_keeps_their_country_abroad(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("WARSAW - Polish officials are boasting: President Trump is heading to Poland first on his way "
                    "to the summit. Poland is pleased, Polish officials said.")
    assert {a.country for a in found.actors if "Trump" in a.name} == {"USA"}


def test_pieces_of_a_name_and_bare_titles_are_no_parties(analyse) -> None:  # type: ignore[no-untyped-def]
    found = analyse("An old portrait showing General Ulysses S. Grant on horseback near City Point, Virginia "
                    "was stitched together from three pictures. Trump and the Mayor exchanged greetings.")
    named = {a.name for e in found.events for a in (*e.actors, *e.recipients)}
    assert not {"General", "Ulysses", "S.", "Mayor"} & named
