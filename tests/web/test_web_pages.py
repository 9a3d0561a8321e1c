"""The HTML pages in process: redirects, listing, article page with marked spans, search, errors."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_start_page_is_the_events_list_with_all_nav_links(client: TestClient) -> None:
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 200 and "<h1>Events</h1>" in page.text
    assert "No events" in page.text  # this store is not analysed: no events yet
    for label in ("Events", "Timeline", "Articles", "Search"):
        assert re.search(rf'<a href="[^"]+"[^>]*>{label}</a>', page.text), label


def test_article_list_shows_dates_sources_datelines_and_badges(client: TestClient, corpus) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/articles").text
    assert page.count('class="article-item"') == len(corpus.ids)
    assert "OSLO, March 4 -" in page and "Harbour Post" in page and "2025-03-06" in page
    assert page.count("badge duplicate") == 1 and 'class="badge language"' in page
    assert f'/articles/{corpus.ids["accord_santiago.txt"]}"' in page
    assert 'aria-current="page">Articles' in page
    assert '<link rel="stylesheet" href="/static/concord.css">' in page  # root-relative links


def test_article_list_pages_with_next_and_first_links(client: TestClient) -> None:
    first = client.get("/articles?limit=4&source=&since=&until=&language=").text  # as the form sends it
    nxt = re.search(r'rel="next" href="([^"]+)"', first)
    assert nxt and "First page" not in first
    second = client.get(nxt.group(1).replace("&amp;", "&")).text
    assert second.count('class="article-item"') == 2 and "First page" in second and 'rel="next"' not in second


def test_filters_and_bad_filters(client: TestClient) -> None:
    page = client.get("/articles?source=Andes+Daily").text
    assert page.count('class="article-item"') == 1 and 'value="Andes Daily"' in page
    assert "match these filters" in client.get("/articles?source=Nobody").text
    bad = client.get("/articles?since=soon")
    assert bad.status_code == 422 and "<h1>422" in bad.text and "since" in bad.text


def test_article_page_marks_spans_with_values_and_producers(client: TestClient, corpus) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/articles/{corpus.ids['accord_oslo.txt']}").text
    assert "from the report&#39;s own metadata" in page
    assert "OSLO, March 4 -" in page and "Oslo, NOR, 2025-03-04" in page and "(year inferred)" in page
    assert '<mark class="actor" title="actor: Norway (NOR, state) · by test-rule" tabindex="0">Norway</mark>' in page
    assert '<mark class="event" title="event: AGREE, CAMEO 057 · by plover-rule" tabindex="0">signed</mark>' in page
    assert '<mark class="date" title="date: 2025-03-04 (day) · by time-rule" tabindex="0">Tuesday</mark>' in page
    fact = '<mark class="fact" title="agreement: Norway-Chile Fisheries Research Accord (2025) · by test-rule" tabindex="0">'
    assert fact + '<mark class="actor"' in page  # the actors nest inside the fact
    assert "hand-written test analysis" in page and "not match this text" not in page


def test_article_page_without_analysis_and_flags(client: TestClient, corpus) -> None:  # type: ignore[no-untyped-def]
    spanish = client.get(f"/articles/{corpus.ids['informe.txt']}").text
    assert "flagged: not analysed as English" in spanish and "Not analysed yet" in spanish
    copy = client.get(f"/articles/{corpus.ids['accord_copy.txt']}").text
    assert f'/articles/{corpus.ids["accord_oslo.txt"]}"' in copy and "Duplicate of" in copy


def test_article_page_escapes_hostile_text_and_urls(client: TestClient, corpus) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/articles/{corpus.ids['hostile.txt']}").text
    assert "<script>window" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned = 1;" in page and "&lt;img src=x ONERROR=" in page
    assert 'href="javascript' not in page and "javascript:window.__pwned=3" in page
    assert "<script" not in client.get("/articles").text


def test_missing_article_is_an_html_404(client: TestClient) -> None:
    response = client.get("/articles/0123456789abcdef")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "no article" in response.text


def test_search_page_highlights_after_escaping(client: TestClient, corpus) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/search", params={"q": "marmalade"}).text
    assert '<mark class="hit">marmalade</mark>' in page and "1 report match" in page
    assert f'/articles/{corpus.ids["hostile.txt"]}"' in page and "<script>" not in page
    reflected = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert" not in reflected and "&#34;&gt;&lt;script&gt;alert(1)" in reflected
    assert "<h1>Search</h1>" in client.get("/search").text
