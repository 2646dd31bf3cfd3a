"""Archives: WARC response records and the Wayback CDX index, read into dated captures."""

from __future__ import annotations

import asyncio
import gzip
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from scraper.archive import (
    ArchiveError,
    cdx_query_url,
    parse_cdx,
    read_warc,
    same_page,
    wayback_capture,
    wayback_index,
)
from scraper.limits import FetchLimits
from scraper.records import Outcome, Source, SourceKind
from tests.fakesite import FakeSite, RequestInfo
from tests.outbound import FAKE_SITES

PAGE = "https://rsj.sh.gov.cn/tzxx_17338/20200617/t0035_1390377.html"
SOURCE = Source("skill-trades", PAGE, SourceKind.CATALOGUE)
LIMITS = FetchLimits(per_host_delay_seconds=0, retries=0, outbound=FAKE_SITES)


def _record(kind: str, uri: str, when: str, block: bytes, content_type: str) -> bytes:
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {when}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def write_warc(
    path: Path, records: list[tuple[str, str, int, bytes]], *, compress: bool = True
) -> None:
    """(target URI, WARC-Date, HTTP status, body) response records, each after a request record;
    gzip per record, as crawlers write them."""
    out = b""
    for uri, when, status, body in records:
        request = _record(
            "request", uri, when, b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"
        )
        reason = "OK" if status == 200 else "Not Found"
        http = (
            f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f'ETag: "{when}"\r\nContent-Length: {len(body)}\r\n\r\n'
        ).encode() + body
        response = _record("response", uri, when, http, "application/http; msgtype=response")
        for record in (request, response):
            out += gzip.compress(record) if compress else record
    path.write_bytes(out)


def test_warc_gives_200_responses_for_the_source_url_with_their_capture_dates(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            (PAGE, "2021-03-01T08:00:00Z", 200, "<p>二</p>".encode()),
            ("https://rsj.sh.gov.cn/other.html", "2021-01-01T00:00:00Z", 200, b"<p>other</p>"),
            (PAGE.replace("https", "http"), "2020-07-01T08:00:00.5Z", 200, "<p>一</p>".encode()),
            (PAGE, "2022-01-01T00:00:00Z", 404, b"gone"),
        ],
    )
    captures = list(read_warc(path, SOURCE))

    assert [c.body.decode() for c in captures] == ["<p>二</p>", "<p>一</p>"]
    assert captures[0].started_at == datetime(2021, 3, 1, 8, tzinfo=UTC)
    assert captures[1].started_at == datetime(2020, 7, 1, 8, 0, 0, 500000, tzinfo=UTC)
    assert all(c.outcome is Outcome.OK and c.source_id == "skill-trades" for c in captures)
    assert captures[0].header("etag") == '"2021-03-01T08:00:00Z"'
    assert captures[0].detail == "backfill:warc:crawl.warc.gz"


def test_warc_matches_extra_archive_urls_and_uncompressed_files(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    old_url = "http://www.12333sh.gov.cn/200912/jfml.html"
    write_warc(path, [(old_url, "2009-12-01T00:00:00Z", 200, b"<p>old</p>")], compress=False)

    assert list(read_warc(path, SOURCE)) == []
    assert [c.requested_url for c in read_warc(path, SOURCE, (old_url,))] == [old_url]


def test_not_a_warc_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<html>not a warc</html>")
    with pytest.raises(ArchiveError, match=r"page\.html"):
        list(read_warc(path, SOURCE))


def test_same_page_ignores_scheme_www_and_trailing_slash() -> None:
    assert same_page("http://www.shanghai.gov.cn/nw12344/", "https://shanghai.gov.cn/nw12344")
    assert not same_page("https://rsj.sh.gov.cn/a.html?x=1", "https://rsj.sh.gov.cn/a.html")
    # A WARC record whose target urllib cannot read (bad host, bad port) is not our page.
    for odd in ("http://[abc/a.html", "https://rsj.sh.gov.cn:99999/a.html", "http://x:abc/"):
        assert not same_page(odd, "https://rsj.sh.gov.cn/a.html")


def test_cdx_answer_is_read_by_its_header_row() -> None:
    body = json.dumps(
        [["timestamp", "original", "statuscode", "digest"], ["20200617101010", PAGE, "200", "ABC"]]
    ).encode()
    (entry,) = parse_cdx(body, "cdx")

    assert entry.observed_at == datetime(2020, 6, 17, 10, 10, 10, tzinfo=UTC)
    assert entry.replay_url("http://wb/") == f"http://wb/web/20200617101010id_/{PAGE}"
    assert parse_cdx(b"", "cdx") == ()
    with pytest.raises(ArchiveError, match="not JSON"):
        parse_cdx(b"<html>", "cdx")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ({"error": "busy"}, "not a list of rows"),
        (["timestamporiginaldigest"], "lacks"),
        ([["timestamp", "original"]], "lacks"),
        ([["timestamp", "original", "digest"], ["20200617101010", PAGE]], "row 2"),
        ([["timestamp", "original", "digest"], {"timestamp": "2020"}], "row 2"),
        ([["timestamp", "original", "digest"], 7], "row 2"),
    ],
)
def test_a_malformed_cdx_answer_is_an_archive_error_naming_what_is_wrong(
    answer: object, says: str
) -> None:
    with pytest.raises(ArchiveError, match=says):
        parse_cdx(json.dumps(answer).encode(), "cdx")


def test_cdx_query_asks_for_distinct_200_captures() -> None:
    query = httpx.URL(cdx_query_url("http://127.0.0.1:1/", PAGE))

    assert query.path == "/cdx/search/cdx"
    assert query.params["filter"] == "statuscode:200"
    assert query.params["collapse"] == "digest"
    assert query.params["url"] == PAGE


def test_wayback_index_and_capture_from_a_fake_archive(fake_site: FakeSite) -> None:
    rows = [
        ["timestamp", "original", "statuscode", "digest"],
        ["20190102030405", PAGE, "200", "D1"],
    ]
    asked: list[str] = []

    def cdx(info: RequestInfo) -> tuple[int, list[tuple[str, str]], bytes]:
        asked.append(info.query)
        return 200, [("Content-Type", "application/json")], json.dumps(rows).encode()

    fake_site.respond("/cdx/search/cdx", cdx)
    fake_site.publish(f"/web/20190102030405id_/{PAGE}", "<p>archived</p>")
    base = fake_site.url("/")

    async def run() -> tuple[list[str], bytes, datetime, str]:
        async with httpx.AsyncClient() as client:
            listed, entries = await wayback_index(client, SOURCE, PAGE, LIMITS, cdx_base=base)
            assert listed.outcome is Outcome.OK
            capture = await wayback_capture(client, SOURCE, entries[0], LIMITS, wayback_base=base)
            return [e.digest for e in entries], capture.body, capture.started_at, capture.final_url

    digests, body, when, final = asyncio.run(run())

    assert digests == ["D1"]
    assert body == b"<p>archived</p>"
    assert when == datetime(2019, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert final == PAGE  # recorded as a capture of the page, not of the archive
    assert "collapse=digest" in asked[0]
