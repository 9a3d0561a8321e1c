"""Guarded fetching against a real HTTP server on 127.0.0.1 (allowed only with allow_private_urls)."""

from __future__ import annotations

import pytest

from concord.errors import FetchError, TooLargeError, URLRefusedError
from concord.ingest.fetch import check_url, fetch_url
from concord.settings import Settings

ALLOW = Settings(allow_private_urls=True, fetch_timeout=5.0)
DENY = Settings(allow_private_urls=False, fetch_timeout=5.0)
HTML = b"<html><body><p>Hello from the test server.</p></body></html>"


def test_fetches_a_page(http_server) -> None:
    http_server.serve("/a.html", HTML, "text/html; charset=utf-8")
    page = fetch_url(http_server.url("/a.html"), ALLOW)
    assert page.data == HTML and page.content_type.startswith("text/html")
    assert page.url == http_server.url("/a.html")


def test_follows_redirects_within_the_cap(http_server) -> None:
    http_server.redirect("/start", "/hop")
    http_server.redirect("/hop", "/a.html")
    http_server.serve("/a.html", HTML, "text/html")
    page = fetch_url(http_server.url("/start"), ALLOW.replace(fetch_max_redirects=2))
    assert page.url == http_server.url("/a.html") and page.data == HTML


def test_too_many_redirects_are_refused(http_server) -> None:
    for i in range(5):
        http_server.redirect(f"/r{i}", f"/r{i + 1}")
    http_server.serve("/r5", HTML, "text/html")
    with pytest.raises(URLRefusedError, match="more than 3 redirects"):
        fetch_url(http_server.url("/r0"), ALLOW.replace(fetch_max_redirects=3))


def test_each_redirect_hop_is_checked(http_server) -> None:
    http_server.redirect("/evil", "file:///etc/passwd")
    with pytest.raises(URLRefusedError, match="scheme 'file'"):
        fetch_url(http_server.url("/evil"), ALLOW)


def test_wrong_content_type_is_refused(http_server) -> None:
    http_server.serve("/img", b"\x89PNG\r\n\x1a\n", "image/png")
    with pytest.raises(URLRefusedError, match="content type 'image/png'"):
        fetch_url(http_server.url("/img"), ALLOW)


def test_declared_size_over_the_cap(http_server) -> None:
    http_server.serve("/big", b"x" * 5000, "text/plain")
    with pytest.raises(TooLargeError, match="declares 5000 bytes"):
        fetch_url(http_server.url("/big"), ALLOW.replace(max_bytes=1000))


def test_streamed_size_over_the_cap_without_a_length(http_server) -> None:
    http_server.serve("/stream", b"y" * 50_000, "text/plain", send_length=False)
    with pytest.raises(TooLargeError, match="body over the 1000-byte limit"):
        fetch_url(http_server.url("/stream"), ALLOW.replace(max_bytes=1000))


def test_http_error_status(http_server) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(http_server.url("/missing"), ALLOW)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10/", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]:8080/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "non-global"),
    ],
)
def test_private_addresses_are_refused(url: str, kind: str) -> None:
    with pytest.raises(URLRefusedError, match=kind):
        fetch_url(url, DENY)


def test_local_server_is_refused_without_the_setting(http_server) -> None:
    http_server.serve("/a.html", HTML, "text/html")
    with pytest.raises(URLRefusedError, match="loopback"):
        fetch_url(http_server.url("/a.html"), DENY)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org", "example.org/x"])
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(URLRefusedError, match="scheme"):
        check_url(url, ALLOW)


def test_hostnames_are_checked_after_resolution() -> None:
    with pytest.raises(URLRefusedError, match="resolves to a loopback"):
        check_url("http://news.example/", DENY, resolve=lambda host, port: ["93.184.216.34", "127.0.0.1"])
    check_url("http://news.example/", DENY, resolve=lambda host, port: ["93.184.216.34"])


def test_peer_address_is_checked_after_connecting(http_server) -> None:
    """A resolver that lies (DNS rebinding) passes the first check; the connected peer is caught."""
    http_server.serve("/a.html", HTML, "text/html")
    with pytest.raises(URLRefusedError, match="connected to a loopback"):
        fetch_url(http_server.url("/a.html"), DENY, resolve=lambda host, port: ["93.184.216.34"])


def test_unresolvable_host_is_a_fetch_error() -> None:
    def fail(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    with pytest.raises(FetchError, match="cannot resolve"):
        check_url("http://nowhere.invalid/", DENY, resolve=fail)
