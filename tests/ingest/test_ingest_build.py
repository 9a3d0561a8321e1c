from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from concord.errors import EmptyInputError
from concord.ingest import RawRecord, build_article, iter_records
from concord.model import article_id
from concord.settings import Settings

SETTINGS = Settings()
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
PAGE = """<html><head><title>Ports reopen after storm</title>
<meta property="og:site_name" content="Harbour Times"><meta name="date" content="2024-09-12"></head>
<body><nav>Home | World | Sport</nav><article><h1>Ports reopen after storm</h1>
<p>MANILA (Reuters) - The main container ports reopened on Thursday after a typhoon forced a two-day
closure, the transport ministry said, adding that ferries would resume their routes by the weekend.</p>
<p>Officials said damage to cranes was lighter than feared and that shipping lines had been told to
expect short delays while the backlog of vessels waiting offshore is cleared.</p></article>
<footer>Contact us</footer></body></html>"""


def test_text_record_becomes_an_article() -> None:
    record = RawRecord(origin="a.txt", text="  PARIS \u2014 France and Germany agreed on a plan.\n", published="2024-06-01")
    article = build_article(record, SETTINGS, NOW)
    assert article.text == "PARIS - France and Germany agreed on a plan."
    assert article.id == article_id(article.text)
    assert article.ingested_at == NOW and article.origin == "a.txt"
    assert article.published == dt.date(2024, 6, 1) and article.date == dt.date(2024, 6, 1)
    assert article.date_method == "metadata"
    assert article.dateline is not None and article.dateline.country == "FRA" and article.dateline.raw == "PARIS -"
    assert article.language == "en" and not article.language_flagged


def test_html_record_is_extracted_with_metadata() -> None:
    article = build_article(RawRecord(origin="p.html", html=PAGE), SETTINGS, NOW)
    assert article.title == "Ports reopen after storm"
    assert article.text.startswith("MANILA (Reuters) - The main container ports reopened")
    assert "Home | World" not in article.text and "Contact us" not in article.text
    assert article.source == "Harbour Times"
    assert article.published == dt.date(2024, 9, 12) and article.date_method == "metadata"
    assert article.dateline is not None and article.dateline.agency == "Reuters"
    assert article.dateline.date is None


def test_html_without_main_text_falls_back_to_record_text() -> None:
    record = RawRecord(origin="f#1", html="<html><body></body></html>", text="The feed summary text.")
    assert build_article(record, SETTINGS, NOW).text == "The feed summary text."


@pytest.mark.parametrize(
    "record",
    [
        RawRecord(origin="e", text=""),
        RawRecord(origin="e", text=" \n\u00a0\u200b\t "),
        RawRecord(origin="e"),
        RawRecord(origin="e", html="<html><body><script>x()</script></body></html>"),
    ],
)
def test_empty_records_raise(record: RawRecord) -> None:
    with pytest.raises(EmptyInputError):
        build_article(record, SETTINGS, NOW)


def test_non_english_is_flagged() -> None:
    text = "Les ministres des deux pays se sont rencontrés mardi à Paris pour parler du commerce et de la défense."
    article = build_article(RawRecord(origin="fr.txt", text=text), SETTINGS, NOW)
    assert article.language == "fr" and article.language_flagged


def test_header_language_is_trusted() -> None:
    record = RawRecord(origin="x", text="Kurzer Text.", meta={"lang": "de"})
    article = build_article(record, SETTINGS, NOW)
    assert article.language == "de" and article.language_flagged


def test_unparsed_metadata_date_is_kept_in_meta() -> None:
    article = build_article(RawRecord(origin="x", text="A report.", published="sometime soon"), SETTINGS, NOW)
    assert article.published is None and article.meta["published_unparsed"] == "sometime soon"
    assert article.date == NOW.date() and article.date_method == "ingest"


def test_source_falls_back_to_agency_then_domain() -> None:
    by_agency = build_article(RawRecord(origin="x", text="LONDON (AFP) - Text."), SETTINGS, NOW)
    assert by_agency.source == "AFP"
    by_domain = build_article(RawRecord(origin="x", text="Text.", url="https://www.example.org/a"), SETTINGS, NOW)
    assert by_domain.source == "example.org"


def test_same_text_same_id_whatever_the_input_form(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks \u201cresumed\u201d in  Geneva.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "Talks \\"resumed\\" in Geneva."}\n', encoding="utf-8")
    ids = {build_article(r, SETTINGS, NOW).id for r in iter_records([str(tmp_path)], SETTINGS)}  # type: ignore[arg-type]
    assert len(ids) == 1
