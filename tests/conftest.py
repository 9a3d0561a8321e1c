"""Shared fixtures: where ../shared is, and a fresh store per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from concord.model import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONCORD_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder of seeds and dev sets; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set CONCORD_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    """The two wire reports of the 6 Feb 2025 Singh-Hegseth call."""
    files = sorted((shared / "seeds").glob("*.txt"))
    if len(files) != 2:
        pytest.skip(f"expected 2 seed reports in {shared / 'seeds'}, found {len(files)}")
    return files


_PLACES = ("Valparaiso", "Malatya", "Nairobi", "Tromso", "Cusco", "Hobart", "Gdansk", "Mombasa", "Tbilisi", "Osaka")
_KINDS = (
    ("earthquake", "tremor", "shook buildings", "rescue teams searched rubble"),
    ("flood", "river burst its banks", "submerged roads", "residents were moved to schools"),
    ("dock strike", "walkout", "halted container traffic", "unions demanded higher wages"),
    ("wildfire", "blaze", "burned hillside forests", "water bombers flew overhead"),
    ("bridge collapse", "span gave way", "dropped cars into the river", "engineers inspected the pylons"),
)
_NAMES = ("Ilse Marek", "Tomas Oyelaran", "Rina Castellan", "Joaquin Pruett", "Amara Volkov", "Kenji Haldane")


def synthetic_reports(n: int = 60, seed: int = 3) -> list[Article]:
    """``n`` invented reports of a few events (several reports each, same kinds in different places
    and months apart), in date order, with one undated report, a junk page and a verbatim copy."""
    import datetime as dt
    import random

    rng = random.Random(seed)
    start = dt.date(2024, 1, 8)
    out: list[Article] = []
    event = 0
    while len(out) < n - 3:
        place, (kind, alias, effect, aftermath) = _PLACES[event % len(_PLACES)], _KINDS[event % len(_KINDS)]
        name, figure = _NAMES[event % len(_NAMES)], 10 + 7 * event
        day = start + dt.timedelta(days=4 * event + 40 * (event % 3))
        sentences = [
            f"A {kind} hit {place} on the day officials described as the worst in years.",
            f"The {alias} {effect} across {place}, local media said.",
            f"{name}, who leads the {place} emergency office, said {figure} people needed help.",
            f"Afterwards {aftermath} while traffic around {place} stayed closed.",
            f"{name} promised a full review of the {kind} response by the end of the month.",
            f"Officials in {place} counted {figure} households affected by the {alias}.",
        ]
        for k in range(2 + event % 4):
            picked = [s for s in sentences if rng.random() < 0.75] or sentences[:2]
            rng.shuffle(picked)
            out.append(Article(
                id=f"r{len(out):03d}", text=" ".join(picked), title=f"{kind.title()} in {place}",
                source=f"outlet-{rng.randrange(9)}", date=day + dt.timedelta(days=rng.choice((0, 0, 1, 2)) if k else 0),
            ))
        event += 1
    out = out[: n - 3]
    out.append(Article(id="junk", text="Please enable cookies and JavaScript to continue reading this page.", date=start))
    out.append(Article(id="copy", text=out[0].text, title=out[0].title, source="outlet-copy", date=out[0].date))
    out.append(Article(id="undated", text=out[5].text + " More reports are expected."))
    return sorted(out, key=lambda a: (a.date or dt.date.max, a.id))


@pytest.fixture
def reports() -> list[Article]:
    """Sixty invented reports of a few events in date order (see :func:`synthetic_reports`)."""
    return synthetic_reports()


#: The PostgreSQL server of the PostgreSQL runs (a database of it; each run makes its own schemas).
PG_URL = os.environ.get("CONCORD_TEST_PG", "postgresql://127.0.0.1:5432/test")
#: The backends every Store behaviour is checked on.
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_schemas() -> Iterator[Callable[[], str]]:
    """A factory of fresh PostgreSQL schemas, each as a store URL whose search_path is that schema,
    all dropped when the session ends. Skipped, with the reason, where no server is reachable; a
    failure instead when ``CI=true`` (CI has a server, so a missing one is a broken build)."""
    import psycopg

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        reason = f"no PostgreSQL server reachable at {PG_URL} ({str(exc).strip().splitlines()[0]}); set CONCORD_TEST_PG"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true needs PostgreSQL: {reason}")
        pytest.skip(reason)
    made: list[str] = []

    def fresh() -> str:
        name = f"concord_test_{os.getpid()}_{len(made)}"
        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{name}"')
        made.append(name)
        return f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{name}"

    yield fresh
    for name in made:
        admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    admin.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each Store backend in turn."""
    return str(request.param)


@pytest.fixture()
def new_store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[], str]:
    """A factory of ``--db`` values of fresh, empty stores of ``backend`` (a file or a schema)."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_schemas")  # type: ignore[no-any-return]
    paths = (str(tmp_path / f"store-{n}.db") for n in range(1_000_000))
    return lambda: next(paths)
