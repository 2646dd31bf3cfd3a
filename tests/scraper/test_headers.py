"""One rule for reading a response header, whichever record holds the headers."""

from __future__ import annotations

from datetime import UTC, datetime

from scraper.attempts import AttemptEnd
from scraper.exchange import Reply
from scraper.headers import header_value
from scraper.records import FetchResult, Outcome

# As received: names in any case, a repeated field, a Location sent as UTF-8 bytes.
RAW = (
    (b"Content-Type", b"text/html; charset=gbk"),
    (b"Cache-Control", b"no-cache"),
    (b"cache-control", b"max-age=0"),
    (b"Location", "/积分/办法.html".encode()),
)
HEADERS = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in RAW)


async def _nothing() -> None:
    return None


def test_every_holder_of_headers_reads_them_the_same_way() -> None:
    fetched = FetchResult("s", "u", Outcome.OK, datetime.now(UTC), 0.0, headers=HEADERS)
    ended = AttemptEnd(Outcome.OK, headers=HEADERS)
    reply = Reply(200, RAW, stream=None, close=_nothing)  # type: ignore[arg-type]
    for name in ("content-type", "CACHE-CONTROL", "location", "etag"):
        expected = header_value(HEADERS, name)
        assert fetched.header(name) == ended.header(name) == reply.header(name) == expected
    assert header_value(HEADERS, "Cache-Control") == "no-cache, max-age=0"
    assert header_value(HEADERS, "location") == "/积分/办法.html"
    assert header_value(HEADERS, "etag") is None


def test_a_value_that_is_not_utf8_keeps_its_bytes_as_latin1() -> None:
    headers = (("X-Name", b"caf\xe9".decode("latin-1")),)
    assert header_value(headers, "x-name") == "café"
