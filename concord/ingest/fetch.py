"""Guarded fetching of ``http(s)://`` inputs.

Every hop (the first request and each redirect) is checked before it is made: scheme
http/https only, and, unless ``settings.allow_private_urls``, every address the host resolves
to must be global (no loopback, private, link-local, shared, reserved or multicast ranges).
Each new connection's peer address is checked again once it is open and before a byte of the
request is sent on it, so a DNS answer that changes between the check and the connection (DNS
rebinding) reaches nothing. Bodies are streamed and cut at ``settings.max_bytes``; content
types other than text, HTML, XML feeds and JSON are refused.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from ..errors import FetchError, TooLargeError, URLRefusedError
from ..settings import Settings
from .formats import known_content_type

__all__ = ["FetchedPage", "check_url", "fetch_url", "resolve_host"]

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchedPage:
    """A fetched body with the URL it finally came from and its content type."""

    url: str
    content_type: str
    data: bytes


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (system resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _refusal(address: str) -> str | None:
    """Why an address is not fetchable without ``allow_private_urls``, or ``None`` if it is global."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return f"{kind} address {ip}"
    return None if ip.is_global else f"non-global address {ip}"


def check_url(url: str, settings: Settings, resolve: Resolver = resolve_host) -> None:
    """Refuse (:class:`URLRefusedError`) a URL concord must not fetch under ``settings``."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise URLRefusedError(url, f"scheme {parts.scheme or '(none)'!r} is not http or https")
    if not parts.hostname:
        raise URLRefusedError(url, "no host in URL")
    if settings.allow_private_urls:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        addresses = resolve(parts.hostname, port)
    except (OSError, ValueError) as exc:
        raise FetchError(url, f"cannot resolve host {parts.hostname!r}: {exc}") from None
    for address in addresses:
        reason = _refusal(address)
        if reason is not None:
            raise URLRefusedError(url, f"{parts.hostname} resolves to a {reason} (set allow_private_urls to allow)")


class _PeerRefused(Exception):
    """A connection opened to an address concord must not fetch from (raised before sending)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _GlobalPeersOnly(httpcore.SyncBackend):
    """Opens TCP connections as httpcore does, then closes one whose peer is not a global address
    before anything is sent on it."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        peer = stream.get_extra_info("server_addr")
        reason = _refusal(str(peer[0])) if peer else "peer whose address is unknown"
        if reason is not None:
            stream.close()
            raise _PeerRefused(reason)
        return stream


class _Body(httpx.SyncByteStream):
    """An httpcore response body as an httpx stream."""

    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        yield from self._response.iter_stream()

    def close(self) -> None:
        self._response.close()


class _Transport(httpx.BaseTransport):
    """httpx over an httpcore pool whose new connections are checked by :class:`_GlobalPeersOnly`
    (unless ``allow_private_urls``)."""

    def __init__(self, settings: Settings) -> None:
        backend = None if settings.allow_private_urls else _GlobalPeersOnly()
        context = httpx.create_ssl_context(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=context, network_backend=backend)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                           target=request.url.raw_path)
        sent = httpcore.Request(request.method, url, headers=request.headers.raw, content=request.stream,
                                extensions=request.extensions)
        got = self._pool.handle_request(sent)
        return httpx.Response(got.status, headers=got.headers, stream=_Body(got), extensions=got.extensions)

    def close(self) -> None:
        self._pool.close()


#: What an httpcore request raises when the network or the server fails it.
_HTTPCORE_ERRORS = (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol, httpcore.ProxyError)


def fetch_url(url: str, settings: Settings, resolve: Resolver = resolve_host) -> FetchedPage:
    """Fetch ``url`` under the policy above; raise a :class:`FetchError` subclass on any failure."""
    timeout = httpx.Timeout(settings.fetch_timeout)
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, application/xml, text/plain, application/json"}
    current = url
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers, trust_env=False,
                          transport=_Transport(settings)) as client:
            for _ in range(settings.fetch_max_redirects + 1):
                check_url(current, settings, resolve)
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(current, f"HTTP {response.status_code} redirect without a Location")
                        current = str(response.url.join(location))
                        continue
                    return _read_response(response, current, settings)
    except _PeerRefused as exc:
        raise URLRefusedError(current, f"connected to a {exc.reason}; nothing was sent") from None
    except (httpx.TimeoutException, httpcore.TimeoutException):
        raise FetchError(current, f"timed out after {settings.fetch_timeout:g} s") from None
    except (httpx.HTTPError, *_HTTPCORE_ERRORS) as exc:
        raise FetchError(current, f"request failed: {type(exc).__name__}: {exc}") from None
    raise URLRefusedError(url, f"more than {settings.fetch_max_redirects} redirects")


def _read_response(response: httpx.Response, url: str, settings: Settings) -> FetchedPage:
    """Check status, content type and size, then read the body, stopping at the size cap."""
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
    content_type = response.headers.get("content-type", "")
    if content_type and not known_content_type(content_type):
        raise URLRefusedError(url, f"content type {content_type!r} is not text, HTML, a feed or JSON")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise TooLargeError(url, f"declares {declared} bytes, over the {settings.max_bytes}-byte limit")
    deadline = time.monotonic() + settings.fetch_timeout
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise TooLargeError(url, f"body over the {settings.max_bytes}-byte limit")
        if time.monotonic() > deadline:
            raise FetchError(url, f"body took longer than {settings.fetch_timeout:g} s")
        chunks.append(chunk)
    return FetchedPage(url=str(response.url), content_type=content_type, data=b"".join(chunks))
