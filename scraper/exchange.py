"""One GET as the fetcher sees it: status, headers, the raw body in chunks, whatever the client.

A `make_client` client is asked through its aiohttp transport directly, skipping httpx's
per-request machinery (request and response models, auth, redirect bookkeeping, hooks; cookies
are kept by aiohttp's jar instead of httpx's); any other client (a test's `MockTransport`, a
plain `AsyncClient`) goes through `client.send`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping

import httpx

from scraper.headers import header_value
from scraper.transport import direct_transport


class Reply:
    """Status and headers of one response, its raw body as chunks, and how to let it go."""

    __slots__ = ("_close", "_stream", "headers", "is_decoded", "status")

    def __init__(
        self,
        status: int,
        raw_headers: Iterable[tuple[bytes, bytes]],
        stream: AsyncIterator[bytes],
        close: Callable[[], Awaitable[None]],
        *,
        is_decoded: bool = False,
    ) -> None:
        self.status = status
        self.is_decoded = is_decoded  # the content-coding is already undone
        # latin-1 keeps every byte the server sent; names keep their case.
        self.headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers)
        self._stream = stream
        self._close = close

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    def chunks(self) -> AsyncIterator[bytes]:
        """The body as sent, content-coding and all (unless `is_decoded`)."""
        return self._stream

    async def close(self) -> None:
        await self._close()


async def _once(content: bytes) -> AsyncIterator[bytes]:
    yield content


async def send_get(
    client: httpx.AsyncClient, url: httpx.URL, url_text: str, headers: Mapping[str, str]
) -> Reply:
    """GET one URL without following redirects, with the client's headers under `headers`.

    A `make_client` client is served by its transport directly; any other one by `client.send`.
    Network failures raise (`TRANSPORT_ERRORS`); close the reply when done.
    """
    transport = direct_transport(client)
    if transport is None:
        request = client.build_request("GET", url, headers=headers)
        response = await client.send(request, stream=True)
        if response.is_stream_consumed:
            # Built whole (MockTransport with `content=`): httpx has read and decoded it already.
            return Reply(
                response.status_code,
                response.headers.raw,
                _once(response.content),
                response.aclose,
                is_decoded=True,
            )
        return Reply(
            response.status_code, response.headers.raw, response.aiter_raw(), response.aclose
        )
    merged = transport.request_headers(client.headers, headers)
    timeout = client.timeout
    answer = await transport.open_get(
        url_text, merged, transport.client_timeout(timeout.connect, timeout.read, timeout.pool)
    )

    async def release() -> None:
        answer.release()
        await answer.wait_for_close()

    return Reply(answer.status, answer.raw_headers, answer.content.iter_any(), release)
