"""The shared HTTP client and the translation of transport errors into short outcome details.

The client runs on aiohttp (`httpx_aiohttp.AiohttpTransport`): httpx's own transport is much
slower for many concurrent GETs. That transport maps aiohttp errors loosely (a refused
connection arrives as `httpx.ConnectTimeout`), so details are read from the original cause.
"""

from __future__ import annotations

import ssl
from functools import cache

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from scraper.limits import FetchLimits

# Never advertise br/zstd: we can only bound gzip/deflate while inflating.
ACCEPT_ENCODING = "gzip, deflate"

# Most specific first: the first class the cause is an instance of names the failure.
_AIOHTTP_DETAILS: tuple[tuple[type[BaseException], str], ...] = (
    (aiohttp.ClientConnectorDNSError, "dns_failed"),
    (aiohttp.ConnectionTimeoutError, "timeout_connect"),
    (aiohttp.SocketTimeoutError, "timeout_read"),
    (aiohttp.ServerTimeoutError, "timeout_read"),
    (aiohttp.ClientConnectorError, "connect_failed"),
    (aiohttp.ClientPayloadError, "truncated"),
    (aiohttp.ServerDisconnectedError, "disconnected"),
    (aiohttp.ClientResponseError, "protocol_error"),
    (aiohttp.NonHttpUrlClientError, "bad_scheme"),
    (aiohttp.InvalidUrlClientError, "bad_url"),
    (aiohttp.ClientOSError, "connection_error"),
    (aiohttp.ClientConnectionError, "connection_error"),
)

_HTTPX_DETAILS: tuple[tuple[type[BaseException], str], ...] = (
    (httpx.ConnectTimeout, "timeout_connect"),
    (httpx.ReadTimeout, "timeout_read"),
    (httpx.WriteTimeout, "timeout_write"),
    (httpx.PoolTimeout, "timeout_pool"),
    (httpx.ConnectError, "connect_failed"),
    (httpx.RemoteProtocolError, "truncated"),
    (httpx.UnsupportedProtocol, "bad_scheme"),
    (httpx.InvalidURL, "bad_url"),
    (httpx.TransportError, "connection_error"),
)

# What a request may raise for trouble on the wire; anything else is a bug and propagates.
# aiohttp errors the transport does not map (a bad status line) arrive unwrapped.
TRANSPORT_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, aiohttp.ClientError, OSError)

# Details that name a fault of the request itself: retrying cannot help.
PERMANENT_DETAILS = frozenset({"bad_scheme", "bad_url"})


def error_detail(exc: BaseException) -> str:
    """A short machine-readable name for a transport failure."""
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc):
        return "bad_url"  # httpx builds `next_request` even when not following, and fails there
    cause: BaseException | None = exc
    while cause is not None:
        for kind, detail in _AIOHTTP_DETAILS:
            if isinstance(cause, kind):
                return detail
        cause = cause.__cause__
    for kind, detail in _HTTPX_DETAILS:
        if isinstance(exc, kind):
            return detail
    return "connection_error"


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default verified context (certifi, or SSL_CERT_FILE/SSL_CERT_DIR), built once.

    Loading the CA bundle takes ~20 ms; the scheduler makes a client for every source check.
    """
    return httpx.create_ssl_context()


def make_client(limits: FetchLimits) -> httpx.AsyncClient:
    """The one client all fetches share; redirects are followed by the fetcher, hop by hop."""
    pool = httpx.Limits(
        max_connections=limits.max_connections,
        max_keepalive_connections=max(limits.max_connections // 5, 1),
    )
    return httpx.AsyncClient(
        transport=AiohttpTransport(verify=tls_context(), limits=pool),
        timeout=httpx.Timeout(
            connect=limits.connect_timeout_seconds,
            read=limits.read_timeout_seconds,
            write=limits.read_timeout_seconds,
            pool=limits.total_deadline_seconds,
        ),
        follow_redirects=False,
        headers={"User-Agent": limits.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
    )
