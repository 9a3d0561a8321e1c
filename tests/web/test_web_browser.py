"""A real browser against a real ``concord serve``: navigate, search, and make sure no payload runs.

Drives Debian's Chromium (``/usr/bin/chromium``, installed by ``scripts/install-browser.sh``)
with Playwright. Screenshots of every page at laptop and phone width land in
``test-artifacts/screenshots/``; the README's shots of the events list, an event comparison and
the timeline (1280 px wide, over the analysed example corpus) in ``docs/screenshots/``; a
failing test leaves one in ``test-artifacts/failures/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from concord.errors import ConcordError
from concord.web.server import free_port, stop_server, wait_until_listening

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CONCORD_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WIDTHS = {"laptop": 1280, "phone": 390}


def _ensure_chromium() -> None:
    """Install Chromium with the project's script when it is missing; skip only when that fails."""
    if CHROMIUM.exists():
        return
    script = REPO / "scripts" / "install-browser.sh"
    result = subprocess.run(["sh", str(script)], capture_output=True, text=True, timeout=900)
    if not CHROMIUM.exists():
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        pytest.skip(f"{CHROMIUM} is absent and {script.name} could not install it: {' | '.join(tail)}")


def _serve_command(db: Path, port: int) -> list[str]:
    """``concord --db DB serve --port P`` once the CLI has it; until then the same call of serve()."""
    import typer.main

    from concord.cli import app

    if "serve" in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        return [sys.executable, "-m", "concord.cli", "--db", str(db), "serve", "--port", str(port)]
    code = (
        "import sys; from concord.settings import load_settings; from concord.web.server import serve; "
        "serve(load_settings(db=sys.argv[1]), port=int(sys.argv[2]))"
    )
    return [sys.executable, "-c", code, str(db), str(port)]


@contextmanager
def _serving(db: Path, folder: Path) -> Iterator[str]:
    """Run ``concord serve`` over ``db`` in a subprocess (its log in ``folder``); yield its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONCORD_")}
    log = folder / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(_serve_command(db, port), cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_listening(process, port)
        except ConcordError as exc:
            pytest.fail(f"concord serve did not start: {exc}\n{log.read_text()}")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process, grace=10)


@pytest.fixture(scope="module")
def server(corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A ``concord serve`` subprocess over the test store; yields its base URL."""
    with _serving(corpus.db, tmp_path_factory.mktemp("serve")) as url:
        yield url


@pytest.fixture(scope="module")
def events_server(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``concord serve`` subprocess over the analysed example corpus; yields its base URL."""
    with _serving(examples_db, tmp_path_factory.mktemp("serve-events")) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium, driven by Playwright (no downloaded browser)."""
    _ensure_chromium()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page at laptop width that fails the test on any dialog and keeps a screenshot of a failure.

    CSP is bypassed so that the escaping, not the Content-Security-Policy header, is what is tested.
    """
    context = browser.new_context(viewport={"width": WIDTHS["laptop"], "height": 900}, bypass_csp=True)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    _keep_failure(request, tab)
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs}"


def _keep_failure(request: pytest.FixtureRequest, tab) -> None:  # type: ignore[no-untyped-def]
    """Keep a full-page screenshot of a tab whose test failed, in ``test-artifacts/failures/``."""
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = ARTIFACTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(folder / f"{request.node.name}.png"), full_page=True)


def _no_payload_ran(tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.evaluate("() => window.__pwned") is None
    assert tab.title() != "pwned"
    assert tab.locator("img").count() == 0
    assert tab.locator("script").count() == 0


def test_browse_list_open_article_and_search(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/articles")
    items = page.locator(".article-item")
    assert items.count() == 6
    page.get_by_role("link", name="Norway and Chile sign a fisheries research accord").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == "Norway and Chile sign a fisheries research accord"
    actor = page.locator("#text mark.actor").first
    assert actor.inner_text() == "Norway" and "NOR" in (actor.get_attribute("title") or "")
    assert page.locator("#text mark.fact mark.actor").inner_text() == "Norway"
    assert page.locator("#text mark.event").inner_text() == "signed"

    page.fill("#header-q", "survey ships")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search?q=survey+ships")
    hits = page.locator("mark.hit")
    assert hits.count() >= 2
    assert {t.lower()[:6] for t in hits.all_inner_texts()} <= {"survey", "ships"}
    page.locator(".hit-item h2 a").first.click()
    page.wait_for_url("**/articles/*")
    assert "survey ships" in page.locator("#text").inner_text()


def test_next_page_link(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/articles?limit=4")
    links = "(els) => els.map((a) => a.getAttribute('href'))"
    first = page.locator(".article-item h2 a").evaluate_all(links)
    page.get_by_role("link", name="Next page »").click()
    second = page.locator(".article-item h2 a").evaluate_all(links)
    assert len(first) == 4 and len(second) == 2 and not set(first) & set(second)
    assert page.get_by_role("link", name="« First page").is_visible()


@pytest.fixture(scope="module")
def hostile_actor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``concord serve`` subprocess over a store whose actors are named with markup."""
    from concord.model import Actor, Event
    from concord.store.sqlite import SQLiteStore

    from .conftest import IMG, SCRIPT

    folder = tmp_path_factory.mktemp("serve-hostile-actors")
    hostile = Actor(f"Mr {SCRIPT} {IMG}", "person", "NOR", id="x:mr-script-nor", code="NOR")
    other = Actor(f"Ms {IMG}", "person", "CHL", id="x:ms-img-chl")
    with SQLiteStore(folder / "h.db") as store:
        store.save_links([(Event(id="ev-h1", date="2025-03-07", event="ACCUSE", actor=[hostile], recipient=[other],
                                 event_text=SCRIPT), [])], [], {})
    with _serving(folder / "h.db", folder) as url:
        yield url


def test_hostile_actor_names_run_nothing(page, hostile_actor_server: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/actors", "/actors?q=mr", "/actors/x:mr-script-nor", "/actors/x:ms-img-chl", "/",
                 "/?actor_id=x:mr-script-nor", "/timeline?actor_id=x:mr-script-nor", "/events/ev-h1"):
        page.goto(hostile_actor_server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__pwned") is None and page.title() != "pwned", path
        assert page.locator("img").count() == 0 and page.locator("script:not([src])").count() == 0, path
        assert page.locator("script[src]").evaluate_all("(s) => s.map((e) => e.getAttribute('src'))") in (
            [], ["/static/chart.js"]), path
    page.goto(hostile_actor_server + "/actors/x:mr-script-nor")
    assert "<script>window.__pwned = 1;" in page.locator("h1").inner_text()


def test_hostile_article_runs_nothing(page, server: str, corpus) -> None:  # type: ignore[no-untyped-def]
    for path in ("/articles", f"/articles/{corpus.ids['hostile.txt']}", "/search?q=marmalade",
                 "/search?q=%22%3E%3Cscript%3Ewindow.__pwned%3D4%3C%2Fscript%3E"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        _no_payload_ran(page)
    text = page.context.new_page()
    text.goto(server + f"/articles/{corpus.ids['hostile.txt']}")
    assert "<script>window.__pwned = 1;" in text.locator("#text").inner_text()
    assert "<img src=x ONERROR=" in text.locator("h1").inner_text()
    assert text.locator("dd", has_text="javascript:").locator("a").count() == 0
    _no_payload_ran(text)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_pages_fit_the_width_and_are_photographed(page, server: str, corpus, width: str) -> None:  # type: ignore[no-untyped-def]
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    def overflow() -> int:
        return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))

    for name, path in (("articles", "/articles"), ("article", f"/articles/{corpus.ids['accord_oslo.txt']}"),
                       ("search", "/search?q=fisheries+accord")):
        page.goto(server + path)
        assert overflow() <= 0, f"{path} is {overflow()}px wider than a {WIDTHS[width]}px screen"
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    # phones have no hover: a tapped (focused) mark shows its title
    page.goto(server + f"/articles/{corpus.ids['accord_oslo.txt']}")
    mark = page.locator("#text mark.actor").first
    mark.focus()
    shown = mark.evaluate("(el) => getComputedStyle(el, '::after').content")
    assert "actor: Norway (NOR, state)" in shown
    assert overflow() <= 0, "the title of a tapped mark runs off the screen"
    page.screenshot(path=str(folder / f"article-tapped-{width}.png"))


def _boxes(locator) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def test_events_filter_compare_and_timeline(page, events_server: str) -> None:  # type: ignore[no-untyped-def]
    """The analyst's path: events list, filter by type, the call's brief and (opened) reports side by
    side, the timeline's week of the call and back to the call."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(events_server + "/")
    assert page.locator("h1").inner_text() == "Events" and page.locator(".event-item").count() >= 5
    page.screenshot(path=str(SCREENSHOTS / "events.png"), full_page=True)

    page.select_option("select[name=type]", "CONSULT")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**type=CONSULT**")
    badges = page.locator(".event-item .badge.type").all_inner_texts()
    assert badges and all(b.startswith("CONSULT") for b in badges)
    page.locator(".event-item", has_text="2025-02-06").locator("h2 a").click()
    page.wait_for_url("**/events/ev-*")

    brief = page.locator(".brief > .brief-items > li")
    assert 1 <= brief.count() <= 15 and page.locator(".brief a.cite").count() >= 1
    columns = page.locator(".columns > .column")
    assert columns.count() >= 2 and not columns.first.is_visible(), "the comparison starts collapsed"
    page.locator("details.compare > summary").click()
    assert columns.first.is_visible()
    boxes = _boxes(columns)
    assert len({round(b["y"]) for b in boxes}) == 1 and len({round(b["x"]) for b in boxes}) == len(boxes)  # side by side
    unique = page.locator(".column p.claim.unique:not(.background)")
    assert unique.count() >= 2
    colour = unique.first.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour
    assert page.locator(".claim-legend .claim.unique").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "event.png"), full_page=True)
    event_url = page.url

    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    stacked = _boxes(columns)
    assert len({round(b["x"]) for b in stacked}) == 1, "on a phone the reports stack"
    for path in ("", "/", "/timeline?actor=IND&actor=USA", "/dyads/IND/USA", "/dyads"):
        if path:
            page.goto(events_server + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path or page.url} is {overflow}px wider than a phone"
    page.goto(event_url)
    page.set_viewport_size({"width": WIDTHS["laptop"], "height": 900})

    page.get_by_role("link", name="Timeline").click()
    page.fill("input[name=actor] >> nth=0", "IND")
    page.fill("input[name=actor] >> nth=1", "USA")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/timeline?actor=IND&actor=USA**")
    assert page.locator("svg.periods .fact-marker").count() >= 1
    page.locator("svg.periods a.period[data-period='2025-W06']").click()
    page.wait_for_url("**period=2025-W06#events")
    page.locator(f"#events .event-item h2 a[href='{event_url.removeprefix(events_server)}']").click()
    page.wait_for_url(event_url)


@pytest.fixture(scope="module")
def big_server(big_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``concord serve`` subprocess over the store of more than a thousand events; yields its base URL."""
    with _serving(big_db, tmp_path_factory.mktemp("serve-big")) as url:
        yield url


@pytest.fixture()
def strict_page(browser, request: pytest.FixtureRequest) -> Iterator[tuple[object, list[str]]]:  # type: ignore[no-untyped-def]
    """A page at laptop width that enforces the CSP, with the list of console and page errors it logs."""
    context = browser.new_context(viewport={"width": WIDTHS["laptop"], "height": 1000})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab, errors
    _keep_failure(request, tab)
    context.close()


SHAPES = "svg.periods :is(rect, path, line, circle, ellipse, polyline, polygon)"


def _count_of(label: str) -> int:
    """The number of events a period link's label gives ("Mar 2023: 12 events (...)")."""
    return int(label.split(": ", 1)[1].split(" ", 1)[0])


def test_timeline_of_a_thousand_events_stays_readable(strict_page, big_server: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = strict_page
    page.goto(big_server + "/timeline?actor=IND&actor=USA")
    periods = page.locator("svg.periods a.period")
    assert periods.count() == 60 and "by month" in page.locator(".summary-line").inner_text()
    assert page.locator(SHAPES).count() <= 300
    labels = periods.evaluate_all("(links) => links.map((a) => a.getAttribute('aria-label'))")
    busiest = max(range(len(labels)), key=lambda i: _count_of(labels[i]))
    periods.nth(busiest).click()
    key = periods.nth(busiest).get_attribute("data-period")
    page.wait_for_url(f"**period={key}#events")
    listed = page.locator("#events .event-item time").all_inner_texts()
    assert len(listed) == min(50, _count_of(labels[busiest])) and all(day.startswith(key) for day in listed)
    assert page.locator(f"svg.periods a.period.selected[data-period='{key}']").count() == 1

    periods.first.focus()  # the keyboard: periods take focus, arrows move between them, Enter opens one
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    third = periods.nth(2).get_attribute("data-period")
    assert page.evaluate("() => document.activeElement.getAttribute('data-period')") == third
    page.keyboard.press("Enter")
    page.wait_for_url(f"**period={third}#events")

    page.locator("details.figures > summary").click()
    rows = page.locator("table.counts tbody tr")
    assert rows.count() >= 50 and rows.first.locator("th a").get_attribute("href")
    page.locator("details.figures > summary").click()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.move(0, 0)  # no hovered period in the picture
    page.screenshot(path=str(SCREENSHOTS / "timeline.png"))
    assert errors == []


def test_dyad_page_shows_counts_intensity_facts_and_events(strict_page, big_server: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = strict_page
    page.goto(big_server + "/dyads")
    assert page.locator("table.dyads tbody tr").first.inner_text().startswith("IND – USA")
    page.fill("input[name=actor] >> nth=0", "ind")
    page.fill("input[name=actor] >> nth=1", "usa")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/dyads/IND/USA")
    assert page.locator(SHAPES).count() <= 300
    assert page.locator("svg.periods .value-line").is_visible() and page.locator("svg.periods .fact-marker").count() >= 1
    assert page.locator("table.facts tbody tr").count() >= 5
    assert page.locator("table.facts", has_text="Logistics Exchange Memorandum of Agreement").is_visible()
    assert page.locator("#events .event-item").count() == 50 and page.locator("#events a[rel=next]").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "dyad.png"))

    history = page.get_by_role("link", name="Whole history with standing facts")
    since = history.get_attribute("href").split("since=")[1].split("&")[0]  # the earliest fact's year
    assert since < "2025"
    history.click()
    page.wait_for_url(f"**since={since}**")
    assert page.locator("svg.periods .fact-marker").count() >= 3 and page.locator(SHAPES).count() <= 300
    page.locator("#events .event-item h2 a").first.click()
    page.wait_for_url("**/events/ev-*")
    page.locator("details.compare > summary").click()
    assert page.locator(".columns > .column").first.is_visible()
    assert errors == []


def test_actor_index_to_an_actor_page(strict_page, big_server: str) -> None:  # type: ignore[no-untyped-def]
    """The researcher's path: the actors most present in events, a search, an actor's page with
    its roles, chart and latest events, a period of the chart, and on to a counterpart's page."""
    page, errors = strict_page
    page.goto(big_server + "/actors")
    assert page.locator("tr.actor-row").count() >= 10
    page.fill("#actors-q", "Singh")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/actors?q=Singh")
    page.locator("tr.actor-row a", has_text="Rajnath Singh").click()
    page.wait_for_url("**/actors/rajnath-singh")
    assert page.locator("h1").inner_text().startswith("Rajnath Singh")
    assert page.locator("table.roles tr", has_text="INDGOVMIL").inner_text().split("\t")[-2:] == ["2019-05-31", "…"]
    periods = page.locator("svg.periods a.period")
    assert periods.count() >= 12 and page.locator("svg.periods path.bar").count() >= 1
    assert page.locator(SHAPES).count() <= 300
    listed = page.locator("#events .event-item time").all_inner_texts()
    assert 1 <= len(listed) <= 50 and listed == sorted(listed, reverse=True)  # the latest first
    page.evaluate("() => window.scrollTo(0, 0)")
    page.mouse.move(0, 0)
    page.screenshot(path=str(SCREENSHOTS / "actor.png"))

    labels = periods.evaluate_all("(links) => links.map((a) => a.getAttribute('aria-label'))")
    busiest = max(range(len(labels)), key=lambda i: _count_of(labels[i]))
    key = periods.nth(busiest).get_attribute("data-period")
    periods.nth(busiest).click()
    page.wait_for_url(f"**/actors/rajnath-singh?period={key}#events")
    chosen = page.locator("#events .event-item time").all_inner_texts()
    assert len(chosen) == min(50, _count_of(labels[busiest])) and all(day.startswith(key) for day in chosen)

    partner = page.locator("section.partners tbody tr a").first
    name = partner.inner_text()
    partner.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text().startswith(name) and "rajnath-singh" not in page.url
    page.locator("#events .event-item .who a.actor-link", has_text="Rajnath Singh").first.click()
    page.wait_for_url("**/actors/rajnath-singh")
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    for path in ("/actors", "/actors/rajnath-singh"):
        page.goto(big_server + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a phone"
    assert errors == []
