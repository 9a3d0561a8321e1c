"""Two short reports of one invented event, written for these tests, and a wire copy of the first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from concord.model import Analysis, Article, Event
from concord.settings import Settings

REPORT_A = (
    "SANTIAGO, March 3 (Andes Wire) - Chile and Argentina signed an accord on sharing the water of "
    "their border rivers in Santiago on Monday. The accord covers nine rivers fed by Andean glaciers, "
    "officials said. Officials said the accord will change the disputed boundary line in the south. "
    "The Chilean minister signed the text for Santiago, and the Argentine ambassador said technical "
    "talks on the rivers would resume in May. The two countries first agreed to cooperate on their "
    "shared rivers in 1991."
)
REPORT_B = (
    "BUENOS AIRES, March 4 - Argentina and Chile signed an accord on sharing the water of their border "
    "rivers in Santiago on Monday. The accord covers seven rivers fed by Andean glaciers, according to "
    "the foreign ministry. Officials said the accord will not change the disputed boundary line in the "
    "south. Farmers in Mendoza welcomed the deal because dry summers have cut their harvests. The two "
    "countries first agreed to cooperate on their shared rivers in 1991."
)
COPY_A = REPORT_A.replace("on Monday", "on Monday afternoon") + "\n\nDistributed by Pampa Syndicate Services."


def build(text: str, source: str, published: str) -> Article:
    from concord.ingest.build import build_article
    from concord.ingest.record import RawRecord

    now = dt.datetime(2025, 3, 5, tzinfo=dt.timezone.utc)
    return build_article(RawRecord(origin=source, text=text, source=source, published=published), Settings(), now)


@pytest.fixture(scope="session")
def river_event() -> tuple[Event, list[Article], dict[str, Analysis | None]]:
    """The event, its three articles (the third a wire copy of the first) and their analyses."""
    from concord.analyze import analyze
    from concord.analyze.claims import embed_claims
    from concord.link.merge import merge_event

    a = build(REPORT_A, "Andes Wire", "2025-03-03")
    b = build(REPORT_B, "Plata Herald", "2025-03-04")
    copy = dataclasses.replace(build(COPY_A, "Cordillera Daily", "2025-03-03"), duplicate_of=a.id)
    articles = [a, b, copy]
    analyses: dict[str, Analysis | None] = {x.id: analyze(x) for x in articles}
    for x in articles:  # what comparing a stored event does first (see concord.pipeline.embed_reports)
        embed_claims(x.text, analyses[x.id].claims)  # type: ignore[union-attr]
    return merge_event("ev-rivers", articles, analyses), articles, analyses
