"""Backfill: archived captures, given in any order, give the history a live check in date order
gives; re-importing changes nothing; older captures than the live history re-derive it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.records import FetchResult, Outcome, Source, SourceKind
from service.pipeline.backfill import backfill_captures, backfill_warc
from service.pipeline.record import Recorder, record_capture
from store.store import Store
from tests.scraper.test_archive import write_warc
from tests.service.official import SEED_TRADES, catalogue_page

URL = "https://rsj.sh.gov.cn/tzxx_17338/20200617/t0035_1390377.html"
SOURCE = Source("skill-trades", URL, SourceKind.CATALOGUE)
START = datetime(2019, 1, 1, tzinfo=UTC)
EXTRA = ("智能制造工程技术员", "工业机器人系统操作员", "无人机驾驶员")


def _edition(step: int) -> list[str]:
    """Twelve captures, five distinct editions: trades come and go, some editions come back."""
    trades = list(SEED_TRADES)
    added = EXTRA[: (step // 3) % 4]
    if step in (5, 6):
        trades.remove("刨插工")
    return [*trades, *added]


def _captures() -> list[FetchResult]:
    return [
        FetchResult(
            source_id=SOURCE.id,
            requested_url=URL,
            final_url=URL,
            outcome=Outcome.OK,
            started_at=START + timedelta(days=30 * step),
            elapsed_seconds=0.0,
            status=200,
            headers=(("content-type", "text/html; charset=utf-8"),),
            body=catalogue_page(_edition(step), visits=step).encode(),
            detail="backfill:test",
        )
        for step in range(12)
    ]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    live, filled = (
        Store(f"sqlite:///{tmp_path / 'live.db'}"),
        Store(f"sqlite:///{tmp_path / 'b.db'}"),
    )
    for store in (live, filled):
        store.upsert_sources([SOURCE])
    try:
        yield live, filled
    finally:
        live.close()
        filled.close()


def _history(store: Store) -> tuple[list[tuple[str, datetime, datetime]], list[tuple[object, ...]]]:
    versions = [(v.content_hash, v.observed_at, v.last_seen_at) for v in store.versions(SOURCE.id)]
    hashes = {v.id: v.content_hash for v in store.versions(SOURCE.id)}
    events = [
        (
            e.classification,
            e.observed_at,
            hashes[e.from_version_id or 0],
            hashes[e.to_version_id],
            e.items,
        )
        for e in sorted(store.changes(limit=100), key=lambda e: e.observed_at)
    ]
    return sorted(versions, key=lambda v: v[1]), events


def _live(store: Store, captures: list[FetchResult]) -> None:
    for capture in captures:
        record_capture(Recorder(store), SOURCE, capture)


def test_shuffled_backfill_gives_the_live_history_and_reimport_changes_nothing(
    stores: tuple[Store, Store],
) -> None:
    live, filled = stores
    captures = _captures()
    _live(live, captures)
    shuffled = captures[:]
    random.Random(7).shuffle(shuffled)

    report = backfill_captures(Recorder(filled), SOURCE, shuffled)

    assert report.imported == 12 and report.already == 0
    expected = _history(live)
    assert len(expected[0]) >= 4 and len(expected[1]) >= 3
    assert _history(filled) == expected
    assert all(e.is_backfill for e in filled.changes(limit=100))
    again = backfill_captures(Recorder(filled), SOURCE, list(reversed(captures)))
    assert (again.imported, again.already) == (0, 12)
    assert _history(filled) == expected
    assert filled.health(SOURCE.id).checks == 12  # no attempt was added by the re-import


def test_backfill_older_than_live_history_rederives_it_in_date_order(
    stores: tuple[Store, Store],
) -> None:
    live, filled = stores
    captures = _captures()
    _live(live, captures)
    _live(filled, captures[6:])  # checked live first: only the recent half

    report = backfill_captures(Recorder(filled), SOURCE, captures[:6][::-1])

    assert report.replayed == 12
    assert _history(filled) == _history(live)
    newest = filled.latest_version(SOURCE.id)
    assert newest is not None
    assert newest.observed_at == captures[9].started_at  # the edition first seen at step 9


def test_warc_backfill_imports_the_source_page_in_date_order(
    stores: tuple[Store, Store], tmp_path: Path
) -> None:
    live, filled = stores
    captures = _captures()[:4]
    _live(live, captures)
    warc = tmp_path / "crawl.warc.gz"
    write_warc(
        warc,
        [
            (URL, c.started_at.isoformat().replace("+00:00", "Z"), 200, c.body)
            for c in reversed(captures)
        ],
    )

    report = backfill_warc(Recorder(filled), SOURCE, [warc])

    assert report.imported == 4
    assert _history(filled) == _history(live)


def test_a_replay_keeps_the_ids_of_the_changes_it_derives_again(
    stores: tuple[Store, Store],
) -> None:
    """Feed entries and change pages are known by event id: re-deriving history must not hand
    a subscriber the same change under a new id, nor a new change under an old one."""
    _, filled = stores
    captures = _captures()
    _live(filled, [captures[step] for step in (0, 3, 9, 11)])
    before = {e.observed_at: e for e in filled.changes(limit=100)}
    assert sorted(before) == [captures[3].started_at, captures[9].started_at]
    started = datetime.now(UTC)

    # Step 6 falls between live checks: the change seen at step 9 now comes from step 6.
    report = backfill_captures(Recorder(filled), SOURCE, [captures[6]])

    assert report.replayed == 5
    after = {e.observed_at: e for e in filled.changes(limit=100)}
    assert sorted(after) == [captures[step].started_at for step in (3, 6, 9)]
    same, new, corrected = (after[captures[step].started_at] for step in (3, 6, 9))
    old_same, old_corrected = before[captures[3].started_at], before[captures[9].started_at]
    assert same.id == old_same.id and same.items == old_same.items
    assert same.updated_at is None  # derived again word for word: nothing to re-announce
    assert corrected.id == old_corrected.id and corrected.items != old_corrected.items
    assert corrected.updated_at is not None and corrected.updated_at >= started
    assert new.id > max(e.id for e in before.values())  # a new change, a new id


def test_ids_of_changes_a_replay_drops_are_never_given_to_other_changes(
    stores: tuple[Store, Store],
) -> None:
    _, filled = stores
    captures = _captures()
    _live(filled, [captures[step] for step in (0, 4)])  # one change, seen at step 4
    (dropped,) = filled.changes(limit=100)

    # Step 3 is the edition of step 4: after the replay the change is seen at step 3 instead.
    backfill_captures(Recorder(filled), SOURCE, [captures[3]])
    (moved,) = filled.changes(limit=100)
    assert moved.observed_at == captures[3].started_at
    assert moved.id != dropped.id

    _live(filled, [captures[9]])  # a later change, checked live
    newest = max(filled.changes(limit=100), key=lambda e: e.observed_at)
    assert newest.observed_at == captures[9].started_at
    assert newest.id not in (dropped.id, moved.id)
