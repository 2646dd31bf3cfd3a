"""The shared HTTP client, its aiohttp transport, and transport errors as short outcome details.

`make_client` returns an ordinary `httpx.AsyncClient` whose transport runs on one aiohttp session
(httpx's own transport is much slower for many concurrent GETs). The fetcher skips the client's
send machinery for such a client and asks the transport directly (`scraper.exchange`). Failure
details are read from the original aiohttp cause.
"""

from __future__ import annotations

import ssl
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver
from yarl import URL

from scraper.limits import FetchLimits
from scraper.outbound import OutboundPolicy
from scraper.pinning import BlockedTarget, PinnedResolver

# Never advertise br/zstd: we can only bound gzip/deflate while inflating.
ACCEPT_ENCODING = "gzip, deflate"
# httpx's default: an idle pooled connection is dropped after this long.
KEEPALIVE_SECONDS = 5.0

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

# The httpx exception a request through the client raises for an aiohttp failure (cause kept).
_AIOHTTP_AS_HTTPX: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.InvalidUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.ClientError, httpx.NetworkError),
)

# What a request may raise for trouble on the wire; anything else is a bug and propagates.
# The fetcher's direct path sees aiohttp errors unwrapped.
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


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except aiohttp.ClientError as exc:
        kind = next(new for old, new in _AIOHTTP_AS_HTTPX if isinstance(exc, old))
        raise kind(str(exc)) from exc


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default verified context (certifi, or SSL_CERT_FILE/SSL_CERT_DIR), built once.

    Loading the CA bundle takes ~20 ms; the scheduler makes a client for every source check.
    """
    return httpx.create_ssl_context()


@lru_cache(maxsize=4096)
def _aiohttp_url(url: str) -> URL:
    return URL(url)  # sources are few and fetched every cycle: parse each once


class _AiohttpStream(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        self._response.release()
        await self._response.wait_for_close()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport on one aiohttp session (created on first use, inside the loop).

    Bodies are never decompressed here: the fetcher inflates them itself, within its caps.
    Every connection meets `policy`: address literals before the request, names in the
    connector's resolver (`scraper.pinning`), whose checked addresses are the ones connected to.
    """

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext,
        max_connections: int,
        policy: OutboundPolicy,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self._ssl_context = ssl_context
        self._max_connections = max_connections
        self._policy = policy
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}
        self._defaults: dict[tuple[tuple[bytes, bytes], ...], dict[str, str]] = {}

    def _open_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                keepalive_timeout=KEEPALIVE_SECONDS,
                ssl=self._ssl_context,
                resolver=PinnedResolver(self._policy, self._resolver),
            )
            # unsafe: keep cookies of hosts named by IP address too, as httpx's own jar does.
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.CookieJar(unsafe=True),
                auto_decompress=False,
            )
        return self._session

    def client_timeout(
        self, connect: float | None, read: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        """httpx's connect and read timeouts; its pool timeout bounds aiohttp's whole connect."""
        key = (connect, read, pool)
        found = self._timeouts.get(key)
        if found is None:
            found = aiohttp.ClientTimeout(sock_connect=connect, sock_read=read, connect=pool)
            self._timeouts[key] = found
        return found

    def request_headers(
        self, defaults: httpx.Headers, headers: Mapping[str, str]
    ) -> dict[str, str]:
        """The client's default headers under the request's own (lower-case names), as httpx
        merges them; the defaults are read once per distinct value."""
        key = tuple(defaults.raw)
        base = self._defaults.get(key)
        if base is None:
            if len(self._defaults) > 8:
                self._defaults.clear()
            base = {name.lower(): value for name, value in defaults.items()}
            self._defaults[key] = base
        return base | {name.lower(): value for name, value in headers.items()}

    async def open_get(
        self, url: str, headers: Mapping[str, str], timeout: aiohttp.ClientTimeout
    ) -> aiohttp.ClientResponse:
        """GET `url` without following redirects; the caller reads the body and releases it.

        Raises aiohttp's own errors (see `error_detail`), and `BlockedTarget`.
        """
        target = self._checked(url)
        return await self._open_session().request(
            "GET",
            target,
            headers=headers,
            allow_redirects=False,
            compress=False,
            timeout=timeout,
        )

    def _checked(self, url: str) -> URL:
        """`url` parsed, once its host passed the checks that need no DNS: aiohttp connects to
        an address literal without asking the resolver."""
        parsed = _aiohttp_url(url)
        refusal = self._policy.host_refusal(parsed.raw_host or "", parsed.port)
        if refusal is not None:
            raise BlockedTarget(refusal)
        return parsed

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        timeout = self.client_timeout(
            timeouts.get("connect"), timeouts.get("read"), timeouts.get("pool")
        )
        body = await request.aread()
        target = self._checked(str(request.url))
        with _as_httpx_errors():
            response = await self._open_session().request(
                request.method,
                target,
                headers=list(request.headers.multi_items()),
                data=body or None,
                allow_redirects=False,
                compress=False,
                timeout=timeout,
            )
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_AiohttpStream(response),
            request=request,
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode(),
            },
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


# Clients made by `make_client`, with their transport: the fetcher's direct path.
_DIRECT: weakref.WeakKeyDictionary[httpx.AsyncClient, AiohttpTransport] = (
    weakref.WeakKeyDictionary()
)


def direct_transport(client: httpx.AsyncClient) -> AiohttpTransport | None:
    """The aiohttp transport to ask directly, when `client` came from `make_client`."""
    return _DIRECT.get(client)


def make_client(
    limits: FetchLimits, *, resolver: AbstractResolver | None = None
) -> httpx.AsyncClient:
    """The one client all fetches share; redirects are followed by the fetcher, hop by hop.

    Its connections meet `limits.outbound`; `resolver` answers DNS in its place (tests).
    """
    transport = AiohttpTransport(
        ssl_context=tls_context(),
        max_connections=limits.max_connections,
        policy=limits.outbound,
        resolver=resolver,
    )
    client = httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(
            connect=limits.connect_timeout_seconds,
            read=limits.read_timeout_seconds,
            write=limits.read_timeout_seconds,
            pool=limits.total_deadline_seconds,
        ),
        follow_redirects=False,
        headers={"User-Agent": limits.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
    )
    _DIRECT[client] = transport
    return client
