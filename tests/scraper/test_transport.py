"""The shared client and its aiohttp transport: the fetcher's direct path gives what any httpx
client gives, the client still works as an httpx client, and failures keep their details."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable
from dataclasses import replace

import httpx
import pytest

from scraper.fetch import fetch_page
from scraper.records import FetchResult, Outcome, Source, SourceKind, Validators
from scraper.transport import error_detail, make_client
from tests.fakesite import FakeSite, Reply, RequestInfo
from tests.scraper.test_fetch import LIMITS, NOW, PAGE

ClientFactory = Callable[[], httpx.AsyncClient]


def shared_client() -> httpx.AsyncClient:
    return make_client(LIMITS)


def plain_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        headers={"User-Agent": LIMITS.user_agent, "Accept-Encoding": "gzip, deflate"}
    )


CLIENT_FACTORIES: tuple[ClientFactory, ...] = (shared_client, plain_client)
CLIENTS = pytest.mark.parametrize("make", CLIENT_FACTORIES, ids=["shared", "plain"])


async def no_wait(_seconds: float) -> None:
    return None


def fetch_twice(make: ClientFactory, url: str) -> tuple[FetchResult, FetchResult]:
    """A first fetch, then a conditional one with its validators, on one client."""
    source = Source(id="skill-catalogue", url=url, kind=SourceKind.CATALOGUE)

    async def run() -> tuple[FetchResult, FetchResult]:
        async with make() as client:
            first = await fetch_page(
                client, source, Validators(), LIMITS, sleep=no_wait, clock=lambda: NOW
            )
            second = await fetch_page(
                client, source, first.validators, LIMITS, sleep=no_wait, clock=lambda: NOW
            )
            return first, second

    return asyncio.run(run())


def comparable(result: FetchResult) -> FetchResult:
    """The result without what differs between two runs (timing, per-response dates)."""
    headers = tuple((k, v) for k, v in result.headers if k.lower() not in ("date", "server"))
    return replace(result, elapsed_seconds=0.0, headers=headers)


def test_shared_and_plain_clients_give_the_same_results(fake_site: FakeSite) -> None:
    fake_site.publish("/new/ml.html", PAGE)
    fake_site.redirect("/ml.html", "/new/ml.html", status=301)
    results = {make: fetch_twice(make, fake_site.url("/ml.html")) for make in CLIENT_FACTORIES}
    shared, plain = (tuple(comparable(r) for r in pair) for pair in results.values())
    assert shared == plain
    first, second = shared
    assert (first.outcome, first.body, first.redirect_chain) == (
        Outcome.OK,
        PAGE.encode(),
        (fake_site.url("/new/ml.html"),),
    )
    assert (second.outcome, second.status, second.body) == (Outcome.NOT_MODIFIED, 304, b"")


@CLIENTS
def test_gzip_pages_are_inflated_by_either_client(fake_site: FakeSite, make: ClientFactory) -> None:
    packed = gzip.compress(PAGE.encode() * 20)
    fake_site.respond(
        "/gz.html",
        lambda _info: (200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], packed),
    )
    first, _ = fetch_twice(make, fake_site.url("/gz.html"))
    assert first.outcome is Outcome.OK
    assert first.body == PAGE.encode() * 20


@CLIENTS
def test_cookies_set_by_the_site_come_back_on_the_next_request(
    fake_site: FakeSite, make: ClientFactory
) -> None:
    def handler(info: RequestInfo) -> Reply:
        if info.header("cookie") == "visited=1":
            return 200, [("Content-Type", "text/html")], PAGE.encode()
        return 503, [("Set-Cookie", "visited=1; Path=/")], b"<h1>busy</h1>"

    fake_site.respond("/ml.html", handler)
    first, _ = fetch_twice(make, fake_site.url("/ml.html"))
    assert first.outcome is Outcome.OK  # the retry carried the cookie
    assert first.attempts == 2


def test_request_headers_merge_client_defaults_under_the_fetchers_own(
    fake_site: FakeSite,
) -> None:
    fake_site.publish("/ml.html", PAGE)

    async def run() -> None:
        async with make_client(LIMITS) as client:
            client.headers["From"] = "ops@example.org"
            client.headers["Accept"] = "*/*"
            source = Source(id="s", url=fake_site.url("/ml.html"), kind=SourceKind.CATALOGUE)
            await fetch_page(client, source, Validators(etag='"x"'), LIMITS)

    asyncio.run(run())
    sent = fake_site.requests[-1][2]
    assert sent["from"] == "ops@example.org"
    assert sent["accept"].startswith("text/html")  # the fetcher's Accept wins
    assert sent["if-none-match"] == '"x"'
    assert sent["user-agent"] == LIMITS.user_agent
    assert sent["accept-encoding"] == "gzip, deflate"


def test_mock_transport_client_is_served_through_httpx() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        headers = {"ETag": '"v1"', "Content-Type": "text/html", "Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, content=gzip.compress(PAGE.encode()))

    source = Source(id="s", url="https://rsj.sh.gov.cn/ml.html", kind=SourceKind.CATALOGUE)

    async def run() -> tuple[FetchResult, FetchResult]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            first = await fetch_page(client, source, Validators(), LIMITS)
            second = await fetch_page(client, source, first.validators, LIMITS)
            return first, second

    first, second = asyncio.run(run())
    assert (first.outcome, first.body) == (Outcome.OK, PAGE.encode())
    assert second.outcome is Outcome.NOT_MODIFIED


def test_shared_client_still_works_as_an_httpx_client(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    packed = gzip.compress(b"hello")
    fake_site.respond("/gz", lambda _info: (200, [("Content-Encoding", "gzip")], packed))

    async def run() -> tuple[httpx.Response, httpx.Response]:
        async with make_client(LIMITS) as client:
            page = await client.get(fake_site.url("/ml.html"))
            zipped = await client.get(fake_site.url("/gz"))
            return page, zipped

    page, zipped = asyncio.run(run())
    assert page.status_code == 200
    assert page.text == PAGE
    assert page.headers["etag"]
    assert zipped.content == b"hello"  # httpx undoes the coding for its own callers
    assert fake_site.requests[0][2]["user-agent"] == LIMITS.user_agent


def test_shared_client_raises_httpx_errors_with_the_aiohttp_cause(fake_site: FakeSite) -> None:
    url = fake_site.url("/ml.html")
    fake_site.close()

    async def run() -> None:
        async with make_client(LIMITS) as client:
            await client.get(url)

    with pytest.raises(httpx.ConnectError) as raised:
        asyncio.run(run())
    assert error_detail(raised.value) == "connect_failed"
