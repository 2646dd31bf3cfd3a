"""The schedule itself (matrix rows 29 and 30): a check that overruns its interval never runs
twice at once; after hours without a leader each source gets one catch-up run, not one per
missed slot and not none; schedules are UTC, so a DST change moves nothing."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scraper.records import Outcome, Source, SourceKind
from service.lease import LeaseTiming
from service.scheduler import SourceScheduler, cron_trigger, longest_gap_seconds, missed_slot
from store.records import CheckRecord, Fence
from store.store import Store
from tests.store.builders import fetch

EVERY_SECOND = "* * * * * *"


def _store(tmp_path: Path, *sources: Source) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    store.upsert_sources(sources)
    return store


def test_a_check_that_overruns_its_interval_never_runs_twice_at_once(tmp_path: Path) -> None:
    source = Source("slow", "https://rsj.sh.gov.cn/slow.html", SourceKind.CATALOGUE)
    store = _store(tmp_path, source)
    running, most, started = 0, 0, 0

    async def check(_source: Source, _fence: Fence) -> None:
        nonlocal running, most, started
        running, started = running + 1, started + 1
        most = max(most, running)
        await asyncio.sleep(2.5)  # the schedule fires every second
        running -= 1

    async def scenario() -> None:
        scheduler = SourceScheduler(
            store,
            [source],
            check,
            default_schedule=EVERY_SECOND,
            jitter_seconds=0,
            timing=LeaseTiming(ttl_seconds=2),
        )
        scheduler.start()
        await asyncio.sleep(4.5)
        await scheduler.stop()

    asyncio.run(scenario())
    assert most == 1 and 1 <= started <= 3
    store.close()


def _catch_up_runs(tmp_path: Path, last_check_at: datetime | None) -> int:
    """Checks run within a second of taking the lease, for a source due every hour at half an
    hour from now (so no regular run falls into that second)."""
    source = Source("s", "https://rsj.sh.gov.cn/s.html", SourceKind.CATALOGUE)
    store = _store(tmp_path, source)
    if last_check_at is not None:
        store.record_check(
            CheckRecord(fetch=fetch("s", outcome=Outcome.NOT_MODIFIED, started_at=last_check_at))
        )
    runs = 0

    async def check(_source: Source, _fence: Fence) -> None:
        nonlocal runs
        runs += 1

    async def scenario() -> None:
        minute = (datetime.now(UTC).minute + 30) % 60
        scheduler = SourceScheduler(
            store, [source], check, default_schedule=f"{minute} * * * *", jitter_seconds=0
        )
        scheduler.start()
        await asyncio.sleep(1.0)
        await scheduler.stop()

    asyncio.run(scenario())
    store.close()
    return runs


def test_after_hours_without_a_leader_each_source_runs_once_not_once_per_slot(
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    assert _catch_up_runs(tmp_path / "down", now - timedelta(hours=5)) == 1  # 5 slots missed
    assert _catch_up_runs(tmp_path / "new", None) == 1  # never checked
    assert _catch_up_runs(tmp_path / "recent", now - timedelta(minutes=1)) == 0
    assert missed_slot("* * * * *", now - timedelta(hours=2), now)
    assert not missed_slot("0 */6 * * *", now.replace(minute=0, second=0), now.replace(minute=5))


def test_schedules_are_utc_so_fire_times_stay_monotonic_across_a_dst_change() -> None:
    # Europe and North America moved their clocks in this week; a UTC schedule does not care.
    trigger = cron_trigger("30 1 * * *")
    fire, times = None, []
    moment = datetime(2026, 3, 26, tzinfo=UTC)
    for _ in range(10):
        fire = trigger.get_next_fire_time(fire, moment)
        assert fire is not None
        times.append(fire)
        moment = fire + timedelta(microseconds=1)
    gaps = {b - a for a, b in itertools.pairwise(times)}
    assert gaps == {timedelta(days=1)} and all(
        t.tzinfo is UTC or t.utcoffset() == timedelta(0) for t in times
    )
    assert longest_gap_seconds("30 1 * * *", datetime(2026, 3, 26, tzinfo=UTC)) == 86400
    assert longest_gap_seconds("0 9 * * 1-5", datetime(2026, 3, 26, tzinfo=UTC)) == 3 * 86400
