from __future__ import annotations

from pathlib import Path

import pytest

from concord.ingest.glue import repair_glue, split_token

#: Names, brands, typos, acronyms and rare words that must come out unchanged.
MUST_NOT_SPLIT = """
Hegseth Rajnath Zelenskyy Zelensky McDonald McDonald's iPhone YouTube PhD US-India Secreatry
Shmyhal Sybiha Kuleba Umerov Yermak Kwatra Misri Vaishnaw Revanth Himanta Hichilema Tshisekedi
Jaishankar Sitharaman Kharge Owaisi Siddaramaiah Shivakumar Adityanath Biswa Tinubu Ramaphosa
Mnangagwa Museveni Kagame Araghchi Pezeshkian Khamenei Netanyahu Haniyeh Nasrallah Sharaa Shaibani
DeSantis MacArthur LaGuardia McConnell DiCaprio LeBron OpenAI ChatGPT WhatsApp LinkedIn BlackRock
SoftBank SpaceX PlayStation DeepSeek DeepMind JPMorgan HarperCollins PayPal FedEx TikTok eBay
Inhambane Isherwood Isherwoods Atherton Byington Theodoros Andrzej Thein Ofori Starlink Bluesky
Atwater Ashkelon Haaretz Thiruvananthapuram Zaporizhzhia Avdiivka Kupiansk Thessaloniki Ashgabat
overcorrected underreported antigovernment hereto thereto inasmuch forthwith notwithstanding
Recieved Goverment Parliment Definately Seperately Occured Tommorow
NATO ASEAN BRICS QUAD SCO COVID-19 UNHRC ISRO DRDO
5G 4G 3D 10km 1990s 21st G20 F-35 Su-30MKI MH17 COVID19 3Dprinting
""".split()


@pytest.mark.parametrize("token", MUST_NOT_SPLIT)
def test_must_not_split(token: str) -> None:
    assert repair_glue(token) == token


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org/DefenceCooperation/andMemorandum now",
        "mail info@Thisdialogue.org today",
        "tagged #Thisdialogue and @Affairsand on X",
        "visit www.interactionandcooperation.com",
        "file defence.Affairsand.txt",
    ],
)
def test_urls_emails_hashtags_and_handles_are_left_alone(text: str) -> None:
    assert repair_glue(text) == text


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("DefenceCooperation", "Defence Cooperation"),
        ("ForeignMinister", "Foreign Minister"),
        ("andMemorandum", "and Memorandum"),
        ("ofDefence", "of Defence"),
        ("USDefence", "US Defence"),
        ("Affairsand", "Affairs and"),
        ("Thisdialogue", "This dialogue"),
        ("Ministryof", "Ministry of"),
        ("interactionandcooperation", "interaction and cooperation"),
        ("securityofthe", "security of the"),
    ],
)
def test_splits_glue_of_common_words(glued: str, split: str) -> None:
    assert split_token(glued) == split


def test_digit_letter_glue() -> None:
    assert repair_glue("the fifth 2+2Ministerial Dialogue") == "the fifth 2+2 Ministerial Dialogue"
    assert repair_glue("before the G20Summit opened") == "before the G20 Summit opened"


def test_punctuation_around_glue_is_kept() -> None:
    assert repair_glue('("India-US DefenceCooperation",') == '("India-US Defence Cooperation",'


def test_text_without_glue_is_unchanged() -> None:
    text = "Rajnath Singh spoke with Pete Hegseth about the 2+2 dialogue on Thursday."
    assert repair_glue(text) == text


def test_seed_001_glue_cases(seed_001: Path) -> None:
    text = repair_glue(seed_001.read_text(encoding="utf-8"))
    for fixed in ("Defence Cooperation", "Affairs and", "This dialogue", "2+2 Ministerial",
                  "interaction and cooperation", "and Memorandum"):  # fmt: skip
        assert fixed in text
    for glued in ("DefenceCooperation", "Affairsand", "Thisdialogue", "2+2Ministerial",
                  "interactionandcooperation", "andMemorandum"):  # fmt: skip
        assert glued not in text
    assert "Hegseth" in text and "Secreatry" in text
