"""Scheduled checks: one APScheduler job per source, run only by the holder of the database lease.

Several `jifen serve` processes may share one database; the one holding the `scheduler` lease
runs the jobs, the others serve the API only and take over when the lease expires. A leader
that cannot renew stops its jobs before the lease expires, and every check it starts carries
the lease's term, so a late write of a former leader is refused by the store (fencing).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from scraper.records import Source
from service.lease import Clock, LeaseKeeper, LeaseTiming, LeaseView, Role, Sleep
from store.errors import StoreUnavailable
from store.records import Fence, Lease
from store.store import Store

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
# One check of a source, run under the lease term `Fence` names (the store refuses its write
# once that term is over).
CheckFn = Callable[[Source, Fence], Awaitable[object]]


def cron_trigger(expression: str) -> CronTrigger:
    """A 5-field crontab (minute first), or 6 fields with seconds first for short test cycles."""
    fields = expression.split()
    if len(fields) == 6:
        second, minute, hour, day, month, weekday = fields
        return CronTrigger(
            second=second,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=weekday,
            timezone=UTC,
        )
    return CronTrigger.from_crontab(expression, timezone=UTC)


def trigger_for(source: Source, default_schedule: str, jitter_seconds: int) -> CronTrigger:
    trigger = cron_trigger(source.schedule or default_schedule)
    trigger.jitter = jitter_seconds or None
    return trigger


def longest_gap_seconds(expression: str, after: datetime, fires: int = 16) -> float:
    """The longest wait between two of the next `fires` fire times of `expression` (a weekday
    schedule's weekend included)."""
    trigger = cron_trigger(expression)
    times: list[datetime] = []
    previous: datetime | None = None
    moment = after
    for _ in range(fires):
        fire = trigger.get_next_fire_time(previous, moment)
        if fire is None:
            break
        times.append(fire)
        previous, moment = fire, fire + timedelta(microseconds=1)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    return max(gaps, default=0.0)


def missed_slot(expression: str, last_check_at: datetime | None, now: datetime) -> bool:
    """Whether a scheduled slot passed since the last check (a never-checked source: yes)."""
    if last_check_at is None:
        return True
    fire = cron_trigger(expression).get_next_fire_time(None, last_check_at + timedelta(seconds=1))
    return fire is not None and fire <= now


class SchedulerFailed(RuntimeError):
    """The lease loop ended with an error; this process ran no checks from then on."""


class SourceScheduler:
    """Owns the APScheduler instance and the lease that allows it to run."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[Source],
        check: CheckFn,
        *,
        default_schedule: str,
        jitter_seconds: int,
        timing: LeaseTiming | None = None,
        clock: Clock = lambda: datetime.now(UTC),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._store = store
        self._sources = tuple(sources)
        self._check = check
        self._default = default_schedule
        self._jitter = jitter_seconds
        self._clock = clock
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._keeper = LeaseKeeper(
            store,
            LEASE_NAME,
            holder,
            timing or LeaseTiming(),
            on_lead=self._lead,
            on_step_down=self._step_down,
            clock=clock,
            sleep=sleep,
        )
        self._scheduler: AsyncIOScheduler | None = None
        self._task: asyncio.Task[None] | None = None
        self._failure: BaseException | None = None
        self._started_at: datetime | None = None
        self._ttl = (timing or LeaseTiming()).ttl_seconds

    # --- the view the API reads --------------------------------------------------------------
    @property
    def holder(self) -> str:
        return self._keeper.holder

    def is_leader(self) -> bool:
        return self._keeper.fence() is not None

    def fence(self) -> Fence | None:
        """The lease term a check started now runs under; None when this process may not check."""
        return self._keeper.fence()

    def lease(self) -> LeaseView:
        return self._keeper.view(Role.FAILED if self._failure is not None else None)

    def next_run_at(self, source_id: str) -> datetime | None:
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(source_id)
        return job.next_run_time if job is not None else None

    def checks_due_by(self, newest_check_at: datetime | None) -> datetime:
        """When a check newer than `newest_check_at` should have been recorded at the latest:
        twice the longest gap of any source's schedule, plus the jitter and a takeover, after
        that check (or after this scheduler started, when later)."""
        known = [t for t in (newest_check_at, self._started_at) if t is not None]
        since = max(known) if known else self._clock()
        expressions = {s.schedule or self._default for s in self._sources}
        gap = max((longest_gap_seconds(e, since) for e in expressions), default=0.0)
        return since + timedelta(seconds=2 * gap + self._jitter + self._ttl)

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        self._started_at = self._clock()
        self._task = asyncio.get_running_loop().create_task(self._keeper.run())
        self._task.add_done_callback(self._on_keeper_done)

    async def stop(self) -> None:
        """Stop the lease loop and the jobs and release the lease; raises SchedulerFailed when
        the lease loop had ended with an error."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._keeper.release()
        self._stop_jobs()
        if self._failure is not None:
            raise SchedulerFailed(f"the scheduler lease loop failed: {self._failure!r}") from (
                self._failure
            )

    def _on_keeper_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        self._failure = task.exception()
        # Seen at once, with its traceback, not when (or if) the process stops.
        log.error("scheduler lease loop failed; no checks run here", exc_info=self._failure)

    async def _lead(self, lease: Lease) -> None:
        try:
            health = await asyncio.to_thread(self._store.all_health)
        except StoreUnavailable as error:
            # Without the last checks no catch-up is decided: a missed slot waits for its next
            # fire time rather than risk a second check of one already done.
            log.warning("leader in term %d without the last checks (%s)", lease.term, error)
            health = []
        self._start_jobs(self._clock(), {h.source_id: h.last_check_at for h in health})

    def _step_down(self, why: str) -> None:
        log.warning("scheduler stops: %s; API only from now", why)
        self._stop_jobs()

    def _start_jobs(self, now: datetime, last_checks: dict[str, datetime | None]) -> None:
        self._stop_jobs()
        scheduler = AsyncIOScheduler(timezone=UTC)
        for source in self._sources:
            trigger = trigger_for(source, self._default, self._jitter)
            # One catch-up run when a scheduled slot passed while no process was leader.
            expression = source.schedule or self._default
            has_missed = source.id in last_checks and missed_slot(
                expression, last_checks[source.id], now
            )
            scheduler.add_job(
                self._run,
                trigger,
                args=(source,),
                id=source.id,
                name=f"check {source.id}",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3600,
                next_run_time=now if has_missed else trigger.get_next_fire_time(None, now),
            )
        scheduler.start()
        self._scheduler = scheduler

    def _stop_jobs(self) -> None:
        """Stop the schedule; checks in flight are cancelled (their write never happened)."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def _run(self, source: Source) -> None:
        fence = self._keeper.fence()
        if fence is None:
            return  # not the leader, or too close to the lease's end to start a check
        try:
            await self._check(source, fence)
        except asyncio.CancelledError:
            # The jobs were stopped (lease lost, or the process stops): nothing was written.
            log.warning("check of %s stopped before it was recorded", source.id)
        except Exception:
            # A failing source never stops the others; storage errors are logged loudly here
            # because the scheduler thread is the last place that can see them.
            log.exception("check of %s failed", source.id)
