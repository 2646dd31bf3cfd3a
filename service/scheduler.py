"""Scheduled checks: one APScheduler job per source, run only by the holder of the database lease.

Several `jifen serve` processes may share one database; the one holding the `scheduler` lease
runs the jobs, the others serve the API only and take over when the lease expires.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from scraper.records import Source
from store.store import Store

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
CheckFn = Callable[[Source], Awaitable[object]]


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


def missed_slot(expression: str, last_check_at: datetime | None, now: datetime) -> bool:
    """Whether a scheduled slot passed since the last check (a never-checked source: yes)."""
    if last_check_at is None:
        return True
    fire = cron_trigger(expression).get_next_fire_time(None, last_check_at + timedelta(seconds=1))
    return fire is not None and fire <= now


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
        lease_ttl_seconds: float = 60.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._sources = tuple(sources)
        self._check = check
        self._default = default_schedule
        self._jitter = jitter_seconds
        self._ttl = lease_ttl_seconds
        self._clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._scheduler: AsyncIOScheduler | None = None
        self._leader = False
        self._task: asyncio.Task[None] | None = None

    # --- the view the API reads --------------------------------------------------------------
    def is_leader(self) -> bool:
        return self._leader

    def next_run_at(self, source_id: str) -> datetime | None:
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(source_id)
        return job.next_run_time if job is not None else None

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._hold_lease())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._stop_jobs()
        if self._leader:
            self._store.release_lease(LEASE_NAME, self.holder)
            self._leader = False

    async def _hold_lease(self) -> None:
        while True:
            now = self._clock()
            if self._leader:
                held = self._store.renew_lease(LEASE_NAME, self.holder, self._ttl, now)
            else:
                held = self._store.acquire_lease(LEASE_NAME, self.holder, self._ttl, now)
            if held and not self._leader:
                log.info("scheduler lease taken by %s", self.holder)
                self._leader = True
                self._start_jobs(now)
            elif not held and self._leader:
                log.warning("scheduler lease lost by %s; API only from now", self.holder)
                self._leader = False
                self._stop_jobs()
            await asyncio.sleep(self._ttl / 3)

    def _start_jobs(self, now: datetime) -> None:
        scheduler = AsyncIOScheduler(timezone=UTC)
        last_checks = {h.source_id: h.last_check_at for h in self._store.all_health()}
        for source in self._sources:
            trigger = trigger_for(source, self._default, self._jitter)
            # One catch-up run when a scheduled slot passed while no process was leader.
            expression = source.schedule or self._default
            catch_up = missed_slot(expression, last_checks.get(source.id), now)
            scheduler.add_job(
                self._run,
                trigger,
                args=(source,),
                id=source.id,
                name=f"check {source.id}",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3600,
                next_run_time=now if catch_up else trigger.get_next_fire_time(None, now),
            )
        scheduler.start()
        self._scheduler = scheduler

    def _stop_jobs(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def _run(self, source: Source) -> None:
        if not self._leader:
            return
        try:
            await self._check(source)
        except Exception:
            # A failing source never stops the others; storage errors are logged loudly here
            # because the scheduler thread is the last place that can see them.
            log.exception("check of %s failed", source.id)
