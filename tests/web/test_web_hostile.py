"""Regressions of issue 12 in the web app: numbers and filters out of range are the caller's fault
(4xx, never a 500), no response names the store's path, an IPv6 loopback server checks the Host
header, and a multipart upload without a file gets the "no file" message."""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from concord.api import Concord
from concord.errors import StoreError
from concord.settings import Settings
from concord.web.app import create_app, loopback_hosts

HUGE = "9223372036854775808"
#: A thousand different well-formed country codes.
CODES = ["".join(c) for c in itertools.islice(itertools.product(string.ascii_uppercase, repeat=3), 1000)]


@pytest.mark.parametrize("path", ["/api/events", "/"])
def test_min_sources_past_any_integer_is_a_422(client: TestClient, path: str) -> None:
    response = client.get(path, params={"min_sources": HUGE})
    assert response.status_code == 422
    assert "min_sources" in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("path", ["/api/events", "/", "/api/timeline", "/timeline", "/api/facts"])
def test_a_thousand_actors_are_a_clear_422_without_the_store_path(
    client: TestClient, corpus: object, path: str
) -> None:
    response = client.get(path, params=[("actor", code) for code in CODES])
    assert response.status_code == 422
    assert "at most 20 countries" in response.text
    assert str(corpus.db) not in response.text  # type: ignore[attr-defined]


def test_stats_do_not_show_where_the_store_is(client: TestClient, corpus: object) -> None:
    response = client.get("/api/stats")
    assert response.status_code == 200 and "db" not in response.json()
    assert str(Path(corpus.db).parent) not in response.text  # type: ignore[attr-defined]


def test_a_store_failure_is_a_500_that_keeps_the_path_in_the_log(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, object]:
        raise StoreError("/srv/secret/concord.db: disk I/O error")

    monkeypatch.setattr(client.app.state.concord, "stats", broken)  # type: ignore[attr-defined]
    response = client.get("/api/stats")
    assert response.status_code == 500
    assert response.json()["error"]["type"] == "internal_error" and "/srv/secret" not in response.text


@pytest.fixture()
def ipv6_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app configured as ``concord serve --host ::1`` builds it."""
    with Concord(settings=Settings(db=str(tmp_path / "v6.db"), host="::1")) as concord:
        with TestClient(create_app(concord), base_url="http://[::1]:8000") as test_client:
            yield test_client


def test_an_ipv6_loopback_server_checks_the_host_header(ipv6_client: TestClient) -> None:
    assert ipv6_client.get("/api/stats").status_code == 200
    assert ipv6_client.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
    assert ipv6_client.get("/api/stats", headers={"Host": "evil.com"}).status_code == 400
    assert ipv6_client.get("/api/stats", headers={"Host": "evil.com:8000"}).status_code == 400


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", ["127.0.0.1", "localhost", "[::1]"]),
        ("localhost", ["127.0.0.1", "localhost", "[::1]"]),
        ("::1", ["127.0.0.1", "localhost", "[::1]"]),
        ("127.0.0.2", ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"]),
        ("0.0.0.0", []),
        ("::", []),
        ("192.168.1.5", []),
        ("news.example", []),
    ],
)
def test_which_servers_check_the_host_header(host: str, allowed: list[str]) -> None:
    assert loopback_hosts(host) == allowed


def test_multipart_without_a_file_says_there_is_no_file(writable: tuple[TestClient, Concord], token: str) -> None:
    client, _ = writable
    response = client.post("/api/ingest", files={"note": (None, "just a field")},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "multipart body has no file in a 'file' field"
