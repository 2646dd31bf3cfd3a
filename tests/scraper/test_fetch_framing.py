"""The fetcher against broken framing on a raw socket: hangs, drips, truncation, huge and
compressed bodies (reliability matrix rows 5-10)."""

from __future__ import annotations

import time
import tracemalloc
import zlib
from dataclasses import replace

from scraper.limits import FetchLimits
from scraper.records import Framing, Outcome
from tests import rawsite
from tests.outbound import FAKE_SITES
from tests.rawsite import MIB, RawSite
from tests.scraper.test_fetch import LIMITS, PAGE, fetch

ONCE = replace(LIMITS, retries=0)


def test_server_that_never_answers_times_out_on_read(raw_site: RawSite) -> None:
    raw_site.serve("/hang", rawsite.hang())
    limits = replace(ONCE, read_timeout_seconds=0.5, total_deadline_seconds=5)
    began = time.monotonic()
    result = fetch(raw_site.url("/hang"), limits=limits)
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "timeout_read"
    assert time.monotonic() - began < 5  # the read timeout, not the total deadline, ended it


def test_slow_drip_is_cut_by_the_total_deadline(raw_site: RawSite) -> None:
    raw_site.serve("/drip", rawsite.drip(PAGE.encode(), 0.2))
    limits = replace(ONCE, read_timeout_seconds=1, total_deadline_seconds=1.5)
    began = time.monotonic()
    result = fetch(raw_site.url("/drip"), limits=limits)
    assert time.monotonic() - began < 1.5 + 1
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "timeout_total"
    assert result.truncated == "time"
    assert result.body == b""


def test_content_length_longer_than_body_is_truncated(raw_site: RawSite) -> None:
    raw_site.serve("/short", rawsite.short_body(1024, b"<html><body>16b"))
    result = fetch(raw_site.url("/short"), limits=replace(LIMITS, retries=1))
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "truncated"
    assert result.truncated == "disconnect"
    assert result.body == b""
    assert raw_site.hits("/short") == 2  # a dropped connection is worth one more try


def test_chunked_body_without_final_chunk_is_truncated(raw_site: RawSite) -> None:
    raw_site.serve("/chunked", rawsite.broken_chunked(PAGE.encode()))
    result = fetch(raw_site.url("/chunked"), limits=ONCE)
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "truncated"


def test_close_delimited_half_page_is_suspect_with_its_body_kept(raw_site: RawSite) -> None:
    # The HTTP layer cannot tell a cut close-delimited body; the document's own end can.
    half = PAGE.encode()[: len(PAGE.encode()) // 2]
    raw_site.serve("/half", rawsite.close_delimited(half))
    result = fetch(raw_site.url("/half"), limits=replace(LIMITS, retries=1))
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "truncated_unframed:no_html_end"
    assert result.framing is Framing.CLOSE
    assert result.truncated == "unframed"
    assert result.body == half  # kept as evidence
    assert raw_site.hits("/half") == 2  # a cut on the way is worth one more try


def test_close_delimited_whole_page_is_ok_and_its_framing_recorded(raw_site: RawSite) -> None:
    raw_site.serve("/whole", rawsite.close_delimited(PAGE.encode()))
    result = fetch(raw_site.url("/whole"), limits=ONCE)
    assert (result.outcome, result.framing) == (Outcome.OK, Framing.CLOSE)
    assert result.body == PAGE.encode()


def test_a_table_left_open_in_a_close_delimited_body_is_suspect(raw_site: RawSite) -> None:
    fragment = "<div><table><tr><td>焊工</td></tr><tr><td>电".encode()
    raw_site.serve("/fragment", rawsite.close_delimited(fragment))
    result = fetch(raw_site.url("/fragment"), limits=ONCE)
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "truncated_unframed:table_open"


def test_framed_bodies_record_their_framing(raw_site: RawSite) -> None:
    raw_site.serve("/length", rawsite.short_body(len(PAGE.encode()), PAGE.encode()))
    raw_site.serve("/chunked", rawsite.large_body(1000, with_length=False))
    assert fetch(raw_site.url("/length"), limits=ONCE).framing is Framing.LENGTH
    assert fetch(raw_site.url("/chunked"), limits=ONCE).framing is Framing.CHUNKED


def test_declared_length_over_cap_aborts_before_reading(raw_site: RawSite) -> None:
    raw_site.serve("/big", rawsite.large_body(50 * MIB, with_length=True))
    limits = replace(ONCE, max_body_bytes=4 * MIB)
    tracemalloc.start()
    try:
        result = fetch(raw_site.url("/big"), limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is Outcome.TOO_LARGE
    assert result.detail == "too_large:length"
    assert result.truncated == "length"
    assert result.body == b""
    assert peak < 2 * limits.max_body_bytes


def test_chunked_body_over_cap_aborts_at_the_cap(raw_site: RawSite) -> None:
    raw_site.serve("/big", rawsite.large_body(50 * MIB, with_length=False))
    limits = replace(ONCE, max_body_bytes=4 * MIB)
    tracemalloc.start()
    try:
        result = fetch(raw_site.url("/big"), limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is Outcome.TOO_LARGE
    assert result.detail == "too_large:length"
    assert result.body == b""
    assert peak < 2 * limits.max_body_bytes


def test_gzip_bomb_is_stopped_inside_decompression(raw_site: RawSite) -> None:
    bomb = rawsite.gzip_bomb()
    assert len(bomb) < 1 * MIB
    raw_site.serve("/bomb", rawsite.encoded(bomb, "gzip"))
    limits = replace(ONCE, max_decoded_bytes=8 * MIB)
    tracemalloc.start()
    try:
        result = fetch(raw_site.url("/bomb"), limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is Outcome.TOO_LARGE
    assert result.detail == "too_large:decoded"
    assert result.body == b""
    assert peak < 2 * limits.max_decoded_bytes


def test_gzip_and_deflate_pages_are_inflated(raw_site: RawSite) -> None:
    page = PAGE.encode() * 50
    gzipper = zlib.compressobj(6, zlib.DEFLATED, 31)
    raw_site.serve("/gz", rawsite.encoded(gzipper.compress(page) + gzipper.flush(), "gzip"))
    raw_site.serve("/zlib", rawsite.encoded(zlib.compress(page), "deflate"))
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw_site.serve(
        "/raw", rawsite.encoded(raw_deflate.compress(page) + raw_deflate.flush(), "deflate")
    )
    for path in ("/gz", "/zlib", "/raw"):
        result = fetch(raw_site.url(path), limits=ONCE)
        assert result.outcome is Outcome.OK, path
        assert result.body == page


def test_garbage_labelled_gzip_is_a_decoding_error(raw_site: RawSite) -> None:
    raw_site.serve("/garbage", rawsite.encoded(b"this is not gzip at all" * 10, "gzip"))
    result = fetch(raw_site.url("/garbage"), limits=ONCE)
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "decoding_error"
    assert result.body == b""


def test_gzip_cut_mid_stream_is_a_decoding_error(raw_site: RawSite) -> None:
    gzipper = zlib.compressobj(6, zlib.DEFLATED, 31)
    whole = gzipper.compress(PAGE.encode() * 100) + gzipper.flush()
    raw_site.serve("/cut", rawsite.encoded(whole[: len(whole) // 2], "gzip"))
    result = fetch(raw_site.url("/cut"), limits=ONCE)
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "decoding_error"


def test_brotli_is_never_advertised_and_refused_if_sent(raw_site: RawSite) -> None:
    raw_site.serve("/br", rawsite.encoded(b"\x8b\x02\x80hello\x03", "br"))
    result = fetch(
        raw_site.url("/br"),
        limits=FetchLimits(retries=0, per_host_delay_seconds=0, outbound=FAKE_SITES),
    )
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "unsupported_encoding"


def test_malformed_status_line_is_a_transient_protocol_error(raw_site: RawSite) -> None:
    raw_site.serve("/garbage", lambda conn, _stop: conn.sendall(b"HELLO WORLD\r\n\r\nblah"))
    raw_site.serve(
        "/badlength",
        lambda conn, _stop: conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nx"),
    )
    for path in ("/garbage", "/badlength"):
        result = fetch(raw_site.url(path), limits=ONCE)
        assert result.outcome is Outcome.TRANSIENT_ERROR
        assert result.detail == "protocol_error"


def test_connection_closed_without_answer_is_transient(raw_site: RawSite) -> None:
    raw_site.serve("/closed", lambda _conn, _stop: None)
    result = fetch(raw_site.url("/closed"), limits=replace(LIMITS, retries=1))
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "disconnected"
    assert result.attempts == 2
    assert raw_site.hits("/closed") in (2, 4)  # aiohttp itself may retry a dropped GET once


def test_unresolvable_host_is_transient_dns_failure() -> None:
    result = fetch("http://no-such-host.invalid/ml.html", limits=ONCE)
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "dns_failed"
