"""The scheduler lease on a fake clock: renewal errors are retried within the lease time, a
leader that cannot renew steps down before its lease expires, a standby takes over within one
lease time, and a lease loop that fails is seen (log, role, stop) instead of dying silently."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from service.lease import LeaseKeeper, LeaseTiming, Role
from service.scheduler import SchedulerFailed, SourceScheduler
from store.errors import StoreUnavailable
from store.records import Fence, Lease
from store.store import Store

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TIMING = LeaseTiming(ttl_seconds=30)


class FakeTime:
    """A clock and a sleep for `loops` lease loops: time moves only in `run_until`, to the next
    sleeper's wake-up, once every loop is asleep (their store calls run in real threads)."""

    def __init__(self, loops: int) -> None:
        self.now = T0
        self.loops = loops
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        wake_at = self.now + timedelta(seconds=seconds)
        heapq.heappush(self._sleepers, (wake_at, next(self._order), woken))
        await woken

    async def run_until(self, seconds: float) -> None:
        end = T0 + timedelta(seconds=seconds)
        while True:
            await self._settle()
            if not self._sleepers or self._sleepers[0][0] > end:
                break
            wake_at, _, woken = heapq.heappop(self._sleepers)
            if woken.done():  # its loop was cancelled
                continue
            self.now = max(self.now, wake_at)
            woken.set_result(None)
        self.now = max(self.now, end)

    async def _settle(self) -> None:
        for _ in range(2000):
            if sum(not woken.done() for *_, woken in self._sleepers) >= self.loops:
                return
            await asyncio.sleep(0.001)
        raise AssertionError("a lease loop neither slept nor ended")


class Cuttable:
    """A store whose lease calls fail as an unreachable database while `is_cut`."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.is_cut = False
        self.error: type[BaseException] = StoreUnavailable

    def _reach(self) -> None:
        if self.is_cut:
            raise self.error("connection refused")

    def acquire_lease(self, name: str, holder: str, ttl: float, now: datetime) -> Lease | None:
        self._reach()
        return self._store.acquire_lease(name, holder, ttl, now)

    def renew_lease(self, held: Fence, ttl: float, now: datetime) -> Lease | None:
        self._reach()
        return self._store.renew_lease(held, ttl, now)

    def release_lease(self, name: str, holder: str, now: datetime) -> bool:
        self._reach()
        return self._store.release_lease(name, holder, now)

    def all_health(self) -> Any:
        return self._store.all_health()


class Timeline:
    """Who led and stepped down when, on the fake clock."""

    def __init__(self, time: FakeTime) -> None:
        self.time = time
        self.events: list[tuple[str, str, datetime, Any]] = []

    def keeper(self, store: Any, holder: str) -> LeaseKeeper:
        async def lead(lease: Lease) -> None:
            self.events.append((holder, "lead", self.time.now, lease))

        def step_down(why: str) -> None:
            self.events.append((holder, "down", self.time.now, why))

        return LeaseKeeper(
            store,
            "scheduler",
            holder,
            TIMING,
            on_lead=lead,
            on_step_down=step_down,
            clock=self.time.clock,
            sleep=self.time.sleep,
        )

    def of(self, holder: str, what: str) -> list[tuple[datetime, Any]]:
        return [
            (at, detail) for who, kind, at, detail in self.events if (who, kind) == (holder, what)
        ]


def _run(body: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(body())


def test_a_leader_cut_off_steps_down_before_expiry_and_the_standby_takes_over(
    tmp_path: Any,
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    time = FakeTime(loops=2)
    timeline = Timeline(time)
    reach_a = Cuttable(store)
    a, b = timeline.keeper(reach_a, "a"), timeline.keeper(store, "b")

    async def scenario() -> None:
        task_a, task_b = await _start_in_turn(time, a, b)
        await time.run_until(1)
        assert a.view().role is Role.LEADER and b.view().role is Role.STANDBY
        reach_a.is_cut = True  # the database is gone for `a` only
        await time.run_until(100)
        viewed = a.view()
        assert viewed.role is Role.STANDBY and viewed.failures > 3 and viewed.error
        reach_a.is_cut = False
        await time.run_until(150)
        assert a.view().role is Role.STANDBY and a.view().failures == 0
        for task in (task_a, task_b):
            task.cancel()
        await asyncio.gather(task_a, task_b, return_exceptions=True)

    _run(scenario)
    ((_, first),) = timeline.of("a", "lead")
    ((down_at, why),) = timeline.of("a", "down")
    ((taken_at, second),) = timeline.of("b", "lead")
    # No renewal got through after the cut (the first was due 10 s in): the lease `a` holds ends
    # at first.expires_at. It stopped a margin before that; b took over once the lease had
    # expired, within one lease time of the step-down.
    assert "not renewed" in why
    assert down_at <= first.expires_at - TIMING.margin
    assert first.expires_at <= taken_at <= down_at + timedelta(seconds=TIMING.ttl_seconds)
    assert (first.term, second.term) == (1, 2)
    store.close()


def test_a_renewal_error_is_retried_within_the_lease_time(tmp_path: Any) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    time = FakeTime(loops=1)
    timeline = Timeline(time)
    reach = Cuttable(store)
    keeper = timeline.keeper(reach, "a")

    async def scenario() -> None:
        task = asyncio.create_task(keeper.run())
        await time.run_until(1)
        reach.is_cut = True
        await time.run_until(1 + TIMING.ttl_seconds / 2)  # shorter than the lease has left
        assert keeper.view().failures >= 2 and keeper.fence() is not None
        reach.is_cut = False
        await time.run_until(120)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    _run(scenario)
    assert len(timeline.of("a", "lead")) == 1 and timeline.of("a", "down") == []
    view = keeper.view()
    assert (view.role, view.term, view.failures) == (Role.LEADER, 1, 0)
    assert view.failures_total >= 2
    store.close()


def test_a_standby_takes_over_at_once_when_the_leader_releases(tmp_path: Any) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    time = FakeTime(loops=2)
    timeline = Timeline(time)
    a, b = timeline.keeper(store, "a"), timeline.keeper(store, "b")

    async def scenario() -> None:
        task_a, task_b = await _start_in_turn(time, a, b)
        await time.run_until(10)
        task_a.cancel()
        await asyncio.gather(task_a, return_exceptions=True)
        await a.release()
        time.loops = 1
        await time.run_until(10 + TIMING.standby_every)
        task_b.cancel()
        await asyncio.gather(task_b, return_exceptions=True)

    _run(scenario)
    ((released_at, _),) = timeline.of("a", "down")
    ((taken_at, lease),) = timeline.of("b", "lead")
    assert taken_at - released_at <= timedelta(seconds=TIMING.standby_every)
    assert lease.term == 2
    store.close()


def test_a_lease_loop_that_fails_is_logged_shown_and_raised_at_stop(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    reach = Cuttable(store)

    async def scenario() -> None:
        scheduler = SourceScheduler(
            reach,  # type: ignore[arg-type]
            [],
            _never_called,
            default_schedule="0 */6 * * *",
            jitter_seconds=0,
            timing=LeaseTiming(ttl_seconds=0.4),
        )
        scheduler.start()
        await _until(scheduler.is_leader)
        reach.error, reach.is_cut = RuntimeError, True  # not an outage: a bug
        await _until(lambda: scheduler.lease().role is Role.FAILED)
        assert not scheduler.is_leader()
        with pytest.raises(SchedulerFailed, match="RuntimeError"):
            await scheduler.stop()

    with caplog.at_level(logging.ERROR, logger="service.scheduler"):
        _run(scenario)
    assert any("lease loop failed" in r.message and r.exc_info for r in caplog.records)
    store.close()


async def _start_in_turn(
    time: FakeTime, first: LeaseKeeper, second: LeaseKeeper
) -> tuple[asyncio.Task[None], asyncio.Task[None]]:
    """`first` acquires before `second` starts trying."""
    time.loops = 1
    task_first = asyncio.create_task(first.run())
    await time.run_until(0)
    time.loops = 2
    return task_first, asyncio.create_task(second.run())


async def _never_called(*_args: object) -> None:
    raise AssertionError("no source is scheduled")


async def _until(condition: Callable[[], bool], timeout_seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)
