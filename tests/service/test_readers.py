"""Reading captures in worker processes: the same readings as on the event loop, byte for byte;
a page over the time limit is a recorded `parse_timeout`, its worker replaced; a page nested too
deep is refused before parsing; the plain and the batched check record the same."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.fetch import FetchLimits, make_client
from scraper.records import FetchResult, Outcome, Source, SourceKind
from service.pipeline.assess import Reading, Unread, read_capture
from service.pipeline.check import check_source
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.readers import InlineReaders, ReaderPool, Readers
from service.pipeline.record import CheckSummary, Recorder
from store.codec import encode_document
from store.store import Store
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES
from tests.service.official import SEED_TRADES, catalogue_page, points_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
FAST = replace(
    FetchLimits(), outbound=FAKE_SITES, per_host_delay_seconds=0.0, backoff_base_seconds=0.01
)
CATALOGUE = Source("skill-trades", "https://rsj.sh.gov.cn/c.html", SourceKind.CATALOGUE)
POINTS = Source("skill-points", "https://rsj.sh.gov.cn/p.html", SourceKind.POINTS)


def _capture(body: bytes | str, source: Source = CATALOGUE) -> FetchResult:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return FetchResult(
        source_id=source.id,
        requested_url=source.url,
        outcome=Outcome.OK,
        started_at=datetime(2026, 12, 1, tzinfo=UTC),
        elapsed_seconds=0.1,
        final_url=source.url,
        status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=data,
    )


def nested_page(count: int = 100_000) -> str:
    """About 1 MB: the page that froze the service for 15-22 s."""
    return f"<html><body>{'<div>' * count}x{'</div>' * count}</body></html>"


def slow_page(rows: int = 60_000) -> str:
    """A catalogue of plain shape that takes a couple of seconds to read: within the markup
    limits, over a short time limit."""
    return catalogue_page([f"工种{n}" for n in range(rows)])


def _read_all(readers: Readers, captures: list[tuple[Source, FetchResult]]) -> list[Reading]:
    async def run() -> list[Reading]:
        return [await readers.read(source, fetch) for source, fetch in captures]

    return asyncio.run(run())


def test_a_worker_reads_byte_for_byte_what_the_event_loop_reads() -> None:
    captures = [
        (CATALOGUE, _capture(path.read_bytes())) for path in sorted(FIXTURES.glob("*.html"))
    ]
    captures += [
        (CATALOGUE, _capture(catalogue_page(SEED_TRADES))),
        (POINTS, _capture(points_page(), POINTS)),
        (CATALOGUE, _capture("<html><body><p>no table here</p></body></html>")),
        (CATALOGUE, _capture(nested_page(2_000))),
    ]
    pool = ReaderPool(inline_max_bytes=0)  # every page goes to the worker
    try:
        in_worker = _read_all(pool, captures)
    finally:
        pool.close()
    in_loop = [read_capture(source, fetch) for source, fetch in captures]
    assert in_worker == in_loop
    # what the store writes of a reading (the document as JSON, the hashes, the decoding) is the
    # same bytes whichever process read the page
    assert [_as_stored(r) for r in in_worker] == [_as_stored(r) for r in in_loop]
    assert {r.unread for r in in_loop} == {None, Unread.PARSE_FAILED, Unread.TOO_DEEP}


def _as_stored(reading: Reading) -> bytes:
    document = encode_document(reading.document) if reading.document is not None else ""
    decoded = reading.decoded
    assert decoded is not None
    parts = (decoded.text, decoded.encoding, decoded.decided_by, str(decoded.replacement_count))
    return "\x00".join((*parts, document, reading.digest or "", reading.detail)).encode()


def test_a_page_over_the_time_limit_is_a_timeout_and_its_worker_is_replaced() -> None:
    pool = ReaderPool(inline_max_bytes=0, timeout_seconds=0.3)
    try:
        slow, fine = _read_all(
            pool,
            [
                (CATALOGUE, _capture(slow_page())),
                (CATALOGUE, _capture(catalogue_page(SEED_TRADES))),
            ],
        )
    finally:
        pool.close()
    assert (slow.unread, slow.document, slow.detail) == (
        Unread.TIMED_OUT,
        None,
        "parse_timeout: over 0.3 s",
    )
    assert pool.replaced == 1
    assert fine.document is not None and fine.document.catalogue is not None  # the new worker


def test_a_worker_that_dies_is_replaced() -> None:
    pool = ReaderPool(inline_max_bytes=0)
    capture = (CATALOGUE, _capture(catalogue_page(SEED_TRADES)))
    try:
        (first,) = _read_all(pool, [capture])
        running = pool._workers[0]._running
        assert running is not None
        running[1].kill()
        running[1].join()
        died, again = _read_all(pool, [capture, capture])
    finally:
        pool.close()
    assert first.document is not None and again == first
    assert died.unread is Unread.CRASHED and pool.replaced == 1


def test_small_pages_are_read_in_process_without_a_worker() -> None:
    pool = ReaderPool()
    try:
        (reading,) = _read_all(pool, [(CATALOGUE, _capture(catalogue_page(SEED_TRADES[:5])))])
        assert reading.document is not None
        assert pool._workers[0]._running is None  # never started
    finally:
        pool.close()


def _summaries(
    site: FakeSite, store: Store, readers: Readers, *, plain: bool
) -> list[CheckSummary]:
    sources = [
        replace(CATALOGUE, url=site.url("/catalogue.html")),
        replace(POINTS, url=site.url("/points.html")),
        Source("deep", site.url("/deep.html"), SourceKind.CATALOGUE),
    ]
    store.upsert_sources(sources)

    async def run() -> list[CheckSummary]:
        async with make_client(FAST) as client:
            pipeline = Pipeline(Recorder(store), client, FAST, readers=readers)
            if plain:
                return [await check_source(pipeline, source) for source in sources]
            return await check_sources(pipeline, sources)

    return asyncio.run(run())


def _comparable(summaries: list[CheckSummary]) -> list[tuple[object, ...]]:
    return [
        (s.source_id, s.outcome, s.detail, s.gate, s.version_id is not None, s.event_title)
        for s in summaries
    ]


def test_the_plain_and_the_batched_check_record_the_same_through_workers(
    fake_site: FakeSite, tmp_path: Path
) -> None:
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    fake_site.publish("/deep.html", nested_page())
    runs: dict[str, list[list[tuple[object, ...]]]] = {}
    for name, plain, readers in (
        ("plain", True, ReaderPool(inline_max_bytes=0)),
        ("batched", False, ReaderPool(inline_max_bytes=0)),
        ("inline", False, InlineReaders()),
    ):
        fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
        store = Store(f"sqlite:///{tmp_path / name / 'jifen.db'}")
        try:
            first = _summaries(fake_site, store, readers, plain=plain)
            fake_site.publish(
                "/catalogue.html", catalogue_page([*SEED_TRADES, "工业机器人系统操作员"])
            )
            second = _summaries(fake_site, store, readers, plain=plain)
        finally:
            if isinstance(readers, ReaderPool):
                readers.close()
            store.close()
        runs[name] = [_comparable(first), _comparable(second)]
    assert runs["plain"] == runs["batched"] == runs["inline"]
    first, second = runs["plain"]
    deep = first[2]
    assert deep[1] is Outcome.SUSPECT and str(deep[2]).startswith(
        "markup_too_deep: nesting depth 513"
    )
    assert second[0][5] is not None  # the added trade is a change


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_timeout_is_recorded_and_shown_in_the_source_health(
    fake_site: FakeSite, store: Store
) -> None:
    fake_site.publish("/slow.html", slow_page())
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    slow = Source("slow", fake_site.url("/slow.html"), SourceKind.CATALOGUE)
    fine = replace(CATALOGUE, url=fake_site.url("/catalogue.html"))
    store.upsert_sources([slow, fine])

    async def run() -> list[CheckSummary]:
        async with make_client(FAST) as client, ReaderPool(timeout_seconds=0.3) as readers:
            pipeline = Pipeline(Recorder(store), client, FAST, readers=readers)
            return await check_sources(pipeline, [slow, fine])

    timed_out, checked = asyncio.run(run())
    assert (timed_out.outcome, timed_out.detail) == (Outcome.SUSPECT, "parse_timeout: over 0.3 s")
    assert checked.outcome is Outcome.OK and checked.version_id is not None
    health = store.health("slow")
    assert (health.last_outcome, health.last_detail, health.error_streak) == (
        Outcome.SUSPECT,
        "parse_timeout: over 0.3 s",
        1,
    )
