from __future__ import annotations

import pytest

from concord.ingest.language import detect_language

ENGLISH = "The foreign ministers of the two countries met on Tuesday and agreed to expand trade and defence ties."


def test_english() -> None:
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Les ministres des deux pays se sont rencontrés mardi à Paris pour parler du commerce et de la défense.", "fr"),
        ("Die Außenminister beider Länder trafen sich am Dienstag in Berlin, um über Handel und Sicherheit zu sprechen.", "de"),
        ("Los ministros de ambos países se reunieron el martes en Madrid para hablar de comercio y defensa.", "es"),
        ("Министры иностранных дел двух стран встретились во вторник в Москве и обсудили торговлю.", "ru"),
    ],
)  # fmt: skip
def test_other_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_very_short_text_defaults_to_english() -> None:
    assert detect_language("Talks resume") == "en"
    assert detect_language("Mardi soir") == "en"
    assert detect_language("") == "en"


def test_short_text_in_another_script_is_detected() -> None:
    assert detect_language("Переговоры возобновились сегодня") != "en"


def test_deterministic() -> None:
    text = "Il presidente ha incontrato il primo ministro a Roma per discutere della situazione."
    assert len({detect_language(text) for _ in range(5)}) == 1


@pytest.mark.parametrize("text", [
    "Peruvian President José Pedro Castillo Terrones on Monday defended Peru's mining royalties.",
    "U.S. army gives medical supplies to Guatemala.",
    "Spain sends rescue teams to Ecuador.",
])
def test_an_english_headline_full_of_spanish_names_is_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_spanish_prose_stays_spanish() -> None:
    assert detect_language("La ministra defendió el viernes la reapertura de la frontera con Venezuela.") == "es"
