"""Canonical coded actors: one id per actor for every name, a CAMEO code, the role of the day."""

from __future__ import annotations

import datetime as dt

from concord.analyze.canonical import UNKNOWN_PREFIX, actor_code, canonical
from concord.kb import knowledge_base
from concord.model import Actor


def test_name_variants_are_one_actor(analyse) -> None:  # type: ignore[no-untyped-def]
    text = ("Donald J. Trump spoke in Ohio on Monday. Hillary Rodham Clinton answered him from New York, "
            "and Trump replied that Hillary Clinton had no plan.")
    ids = {a.id for a in analyse(text, dt.date(2016, 9, 5)).actors if a.kind == "person"}
    assert ids == {"donald-trump", "hillary-clinton"}


def test_the_role_of_the_day_wins_and_a_title_in_the_text_wins_over_it() -> None:
    kb = knowledge_base()
    singh = Actor("Rajnath Singh", "person")
    assert canonical(singh, dt.date(2004, 1, 1), kb).code == "INDGOVAGR"
    assert canonical(singh, dt.date(2025, 2, 6), kb).code == "INDGOVMIL"
    titled = Actor("Rajnath Singh", "person", "IND", ["GOV", "COP"], "Interior Minister")
    assert canonical(titled, dt.date(2025, 2, 6), kb).code == "INDGOVCOP"


def test_states_generic_bodies_and_unknown_names() -> None:
    kb = knowledge_base()
    assert (canonical(Actor("India", "state", "IND"), None, kb).id) == "IND"
    police = canonical(Actor("Kenyan police", "group", "KEN", ["COP"]), None, kb)
    assert (police.id, police.code) == ("KENCOP", "KENCOP")
    nobody = canonical(Actor("Amara Quillfeather", "person", "GHA", ["GOV"], "Trade Minister"), None, kb)
    assert nobody.id == UNKNOWN_PREFIX + "amara-quillfeather-gha" and nobody.code == "GHAGOV"


def test_a_namesake_of_another_country_is_not_linked() -> None:
    kb = knowledge_base()
    trump = canonical(Actor("Donald Trump", "person", "BRA"), None, kb)
    assert trump.id.startswith(UNKNOWN_PREFIX) and trump.country == "BRA"


def test_actor_codes() -> None:
    assert actor_code("USA", ["GOV", "MIL"]) == "USAGOVMIL"
    assert actor_code(None, ["IGO"]) == "IGO" and actor_code(None, []) is None
