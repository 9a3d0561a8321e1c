"""Small invented news reports shared by the linking tests (written for concord, not copied)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from concord.model import Article

QUAKE_A1 = (
    "A magnitude 6.1 earthquake shook the Chilean port city of Valparaiso on Monday morning, "
    "sending residents into the streets. Chile's disaster agency Senapred said three people were "
    "hurt by falling masonry and that power was cut to about 40,000 homes in Valparaiso and Vina "
    "del Mar. The quake was centred 30 kilometres off the coast at a depth of 25 kilometres."
)
QUAKE_A2 = (
    "Residents of Valparaiso rushed outdoors when a strong 6.1 magnitude tremor struck off the coast "
    "of central Chile on Monday. Senapred, the national disaster service, reported three injuries "
    "and power cuts affecting some 40,000 households in Valparaiso and neighbouring Vina del Mar. "
    "No tsunami warning was issued, the Chilean navy said."
)
QUAKE_B1 = (
    "A magnitude 5.2 earthquake hit Malatya province in eastern Turkey late on Wednesday, damaging "
    "several old buildings in the town of Yesilyurt. Turkey's disaster authority AFAD said two "
    "people were injured and teams were checking schools in Malatya for cracks."
)
QUAKE_B2 = (
    "Turkey's AFAD disaster agency said a 5.2 magnitude quake struck Malatya province on Wednesday "
    "night. Two people in Yesilyurt were taken to hospital with minor injuries and some older "
    "houses in Malatya were damaged, the governor of Malatya told reporters."
)
TRADE_1 = (
    "Kenya and Japan opened talks in Nairobi on Tuesday on a trade and investment pact. Kenyan trade "
    "minister Rebecca Miano and Japanese vice minister Kenji Nakamura discussed tariffs on tea, cut "
    "flowers and vehicles, and a Japanese loan for the Mombasa port expansion."
)
TRADE_2 = (
    "Trade officials from Japan and Kenya met in Nairobi on Tuesday to negotiate an investment and "
    "trade agreement. Rebecca Miano said Kenya wanted lower Japanese tariffs on tea and cut flowers, "
    "while Kenji Nakamura raised vehicle duties and financing for the port of Mombasa."
)
JUNK = "Please enable JavaScript in your browser settings and log in to continue to this page."


def make_article(
    aid: str,
    text: str,
    day: dt.date | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Article:
    """An Article with the given id, text and reference date."""
    return Article(id=aid, text=text, title=title, source=source, date=day)


@pytest.fixture
def stream() -> list[Article]:
    """Two reports each of two same-kind quakes and one trade meeting, plus a junk page."""
    d = dt.date(2024, 3, 4)
    return [
        make_article("a1", QUAKE_A1, d, "Strong quake shakes Valparaiso", "wire-one"),
        make_article("t1", TRADE_1, d + dt.timedelta(days=1), "Kenya and Japan open trade talks", "paper-a"),
        make_article("a2", QUAKE_A2, d, "Chile quake injures three", "paper-b"),
        make_article("j1", JUNK, d + dt.timedelta(days=1)),
        make_article("b1", QUAKE_B1, d + dt.timedelta(days=2), "Quake damages buildings in Malatya", "wire-two"),
        make_article("t2", TRADE_2, d + dt.timedelta(days=1), "Japan, Kenya negotiate trade pact", "paper-c"),
        make_article("b2", QUAKE_B2, d + dt.timedelta(days=2), "Malatya tremor injures two", "paper-a"),
        make_article("j2", JUNK, d + dt.timedelta(days=2)),
    ]


@pytest.fixture
def texts() -> SimpleNamespace:
    """The invented report texts and the article factory, for tests that build their own streams."""
    return SimpleNamespace(
        quake_a1=QUAKE_A1,
        quake_a2=QUAKE_A2,
        quake_b1=QUAKE_B1,
        trade_1=TRADE_1,
        junk=JUNK,
        article=make_article,
    )
