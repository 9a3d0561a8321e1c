"""Fixtures of the web tests: a small store of reports written for these tests, and clients over it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from concord.api import Concord
from concord.model import Actor, Analysis, Citation, EventMention, Fact, TimeExpression
from concord.settings import Settings
from concord.web.app import create_app

TOKEN = "test-token-5d1f"

#: A payload that leaves a trace (window.__pwned, the page title) if any of it ever runs.
SCRIPT = '<script>window.__pwned = 1; document.title = "pwned"</script>'
# upper case: ingest's glue repair would split a lower-case "onerror" into "on error"
IMG = '"><img src=x ONERROR="window.__pwned = 2; document.title = \'pwned\'">'

REPORTS = {
    "accord_oslo.txt": (
        "title: Norway and Chile sign a fisheries research accord\n"
        "date: 2025-03-04\n"
        "source: Harbour Post\n\n"
        "OSLO, March 4 - Norway and Chile signed a fisheries research accord on Tuesday, "
        "their fisheries ministries said. The Norway-Chile Fisheries Research Accord pools "
        "survey ships and catch data for the cold-water stocks both countries manage.\n\n"
        "Officials said the first joint survey would sail in the southern autumn."
    ),
    "accord_santiago.txt": (
        "title: Chile and Norway agree to share fisheries survey data\n"
        "date: 2025-03-05\n"
        "source: Andes Daily\n\n"
        "SANTIAGO, March 5 - Chile's fisheries ministry said on Wednesday that it had agreed with "
        "Norway to share research vessels and catch records under a new accord. Chilean officials "
        "called the accord a step toward managing salmon and hake stocks with better data."
    ),
    "terminal.txt": (
        "title: Port opens a second container terminal\n"
        "date: 2025-03-06\n"
        "source: Harbour Post\n\n"
        "BERGEN, March 6 - The port authority opened a second container terminal on Thursday, "
        "doubling the number of ships that can unload at once. The terminal cost less than planned."
    ),
    "hostile.txt": (
        f"title: Hostile {SCRIPT} headline {IMG}\n"
        "date: 2025-03-07\n"
        "source: Example Wire\n"
        "url: javascript:window.__pwned=3\n\n"
        f"A report about marmalade exports that tries to inject markup {SCRIPT} into the page, "
        f"and then an attribute break {IMG} as well. Ampersands & angle brackets < > stay text."
    ),
    "accord_copy.txt": (
        "title: Norway and Chile sign a fisheries research accord\n"
        "date: 2025-03-08\n"
        "source: Example Wire\n\n"
        "OSLO, March 4 - Norway and Chile signed a fisheries research accord on Tuesday, "
        "their fisheries ministries said. The Norway-Chile Fisheries Research Accord pools "
        "survey ships and catch data for the cold-water stocks both countries manage.\n\n"
        "Officials said the first joint survey would sail in the southern autumn. (Wire copy.)"
    ),
    "informe.txt": (
        "title: Llegan los buques noruegos\n"
        "date: 2025-03-09\n"
        "source: Diario del Sur\n\n"
        "El ministerio de pesca de Chile informó el domingo que los buques noruegos llegarán en abril "
        "para iniciar el primer estudio conjunto de las poblaciones de merluza en el sur del país. "
        "Los científicos de ambos países compartirán los datos de cada campaña."
    ),
}


@dataclass(frozen=True)
class WebCorpus:
    """A store filled through :meth:`Concord.ingest` and the ids of its reports by file name."""

    db: Path
    ids: dict[str, str]


def cite(text: str, article_id: str, phrase: str, occurrence: int = 0, producer: str = "test-rule") -> Citation:
    """A citation of the ``occurrence``-th place ``phrase`` stands in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return Citation(article_id, 0, start, start + len(phrase), producer, phrase)


def hand_analysis(text: str, article_id: str) -> Analysis:
    """An analysis of the Oslo report written by hand, with overlapping spans (actors inside a fact)."""
    norway, chile = (cite(text, article_id, name) for name in ("Norway", "Chile"))
    return Analysis(
        article_id=article_id,
        actors=[
            Actor("Norway", kind="state", country="NOR", citations=[norway, cite(text, article_id, "Norway", 1)]),
            Actor("Chile", kind="state", country="CHL", citations=[chile]),
        ],
        times=[TimeExpression("Tuesday", "2025-03-04", "day", cite(text, article_id, "Tuesday", producer="time-rule"))],
        events=[
            EventMention(
                "AGREE",
                citation=cite(text, article_id, "Norway and Chile signed a fisheries research accord on Tuesday"),
                trigger=cite(text, article_id, "signed", producer="plover-rule"),
                cameo="057",
            )
        ],
        facts=[Fact("agreement", "Norway-Chile Fisheries Research Accord",
                    cite(text, article_id, "Norway-Chile Fisheries Research Accord"), date="2025")],
        producer="hand-written test analysis",
    )


def fill(db: Path, folder: Path) -> dict[str, str]:
    """Write :data:`REPORTS` to ``folder``, ingest them into ``db`` and return their ids by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Concord(settings=Settings(db=str(db), analyze=False)) as concord:
        report = concord.ingest([str(folder)], now=dt.datetime(2025, 3, 10, tzinfo=dt.UTC))
        assert report.ok, report.quarantined
        ids = {Path(a.origin or "").name: a.id for a in concord.articles(limit=100)}
        oslo = concord.article(ids["accord_oslo.txt"])
        concord.store.save_analysis(hand_analysis(oslo.text, oslo.id))
        concord.store.mark_duplicate(ids["accord_copy.txt"], ids["accord_oslo.txt"])
    return ids


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    """The read-only store every page and API read test uses."""
    root = tmp_path_factory.mktemp("web")
    db = root / "web.db"
    return WebCorpus(db, fill(db, root / "reports"))


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the bundled example corpus, analysed and linked into events (ingested once a session)."""
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    with Concord(settings=Settings(db=str(db))) as concord:
        report = concord.ingest([str(REPO / "examples" / "corpus")])
        assert report.ok, report.quarantined
    return db


#: Events in the large store of the relation-view tests (the issue asks for at least 1,000).
BIG = 1200


@pytest.fixture(scope="session")
def big_db(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus plus :data:`BIG` copies of its events, each under a new id on a random
    day of 2021-2025 with the same reports and stored comparison (written through the Store in
    seconds, where analysing a thousand texts would take minutes)."""
    db = tmp_path_factory.mktemp("big") / "big.db"
    with closing(sqlite3.connect(examples_db)) as source, closing(sqlite3.connect(db)) as target:
        source.backup(target)
    rng = random.Random(14)
    with Concord(settings=Settings(db=str(db))) as concord:
        store = concord.store
        templates = []
        for event in concord.events(limit=1000):
            key = ",".join(sorted(str(s["article_id"]) for s in event.sources))
            templates.append((event, key, store.event_view(event.id, key)))
        copies = []
        for i in range(BIG):
            event, key, view = rng.choice(templates)
            day = (dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))).isoformat()
            copies.append((dataclasses.replace(event, id=f"ev-big{i:05d}", date=day, related=[], story=None), key, view))
        with store.transaction():
            store.save_links([(e, [str(s["article_id"]) for s in e.sources]) for e, _, _ in copies], [], {})
            for event, key, view in copies:
                if view is not None:
                    store.save_event_view(event.id, key, {**view, "event_id": event.id, "date": event.date})
    return db


@pytest.fixture()
def big_client(big_db: Path) -> Iterator[TestClient]:
    """A client of an app over the large store."""
    with Concord(settings=Settings(db=str(big_db))) as concord:
        with TestClient(create_app(concord), base_url="http://127.0.0.1") as test_client:
            yield test_client


@pytest.fixture()
def events_client(examples_db: Path) -> Iterator[TestClient]:
    """A client of an app over the analysed example corpus."""
    with Concord(settings=Settings(db=str(examples_db))) as concord:
        with TestClient(create_app(concord), base_url="http://127.0.0.1") as test_client:
            yield test_client


@pytest.fixture()
def client(corpus: WebCorpus) -> Iterator[TestClient]:
    """A client of an app over the read-only store (no token: writes refused)."""
    with Concord(settings=Settings(db=str(corpus.db), analyze=False)) as concord:
        with TestClient(create_app(concord), base_url="http://127.0.0.1") as test_client:
            yield test_client


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[tuple[TestClient, Concord]]:
    """A client over a fresh empty store that accepts writes with :data:`TOKEN`; uploads cap at 4000 bytes."""
    settings = Settings(db=str(tmp_path / "w.db"), analyze=False, api_token=TOKEN, max_bytes=4000)
    with Concord(settings=settings) as concord:
        with TestClient(create_app(concord), base_url="http://127.0.0.1") as test_client:
            yield test_client, concord


@pytest.fixture()
def token() -> str:
    """The bearer token the :func:`writable` app accepts."""
    return TOKEN


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
