"""Guarded fetching of ``http(s)://`` inputs.

Every hop (the first request and each redirect) is checked before it is made: scheme
http/https only, and, unless ``settings.allow_private_urls``, every address the host resolves
to must be global (no loopback, private, link-local, shared, reserved or multicast ranges).
After connecting, the peer address is checked again, so a DNS answer that changes between the
check and the connection is still caught. Bodies are streamed and cut at ``settings.max_bytes``;
content types other than text, HTML, XML feeds and JSON are refused.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

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


def _check_peer(response: httpx.Response, url: str, settings: Settings) -> None:
    """Refuse a connection that ended up at a non-global address despite the DNS check."""
    if settings.allow_private_urls:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        reason = _refusal(str(peer[0]))
        if reason is not None:
            raise URLRefusedError(url, f"connected to a {reason}")


def fetch_url(url: str, settings: Settings, resolve: Resolver = resolve_host) -> FetchedPage:
    """Fetch ``url`` under the policy above; raise a :class:`FetchError` subclass on any failure."""
    timeout = httpx.Timeout(settings.fetch_timeout)
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, application/xml, text/plain, application/json"}
    current = url
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers, trust_env=False) as client:
            for _ in range(settings.fetch_max_redirects + 1):
                check_url(current, settings, resolve)
                with client.stream("GET", current) as response:
                    _check_peer(response, current, settings)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(current, f"HTTP {response.status_code} redirect without a Location")
                        current = str(response.url.join(location))
                        continue
                    return _read_response(response, current, settings)
    except httpx.TimeoutException:
        raise FetchError(current, f"timed out after {settings.fetch_timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(current, f"request failed: {exc}") from None
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
