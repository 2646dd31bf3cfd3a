"""Holding a database lease without ever holding it silently: renewal errors are retried within
the lease time, a holder that cannot renew steps down before its lease expires, and every
acquisition is a new term that writes made under it carry (see store.leases).

The keeper runs one loop: a standby tries to acquire every `standby_every`, a leader renews every
`renew_every` and, when a renewal fails, retries every `retry_every` until `step_down_at`.
Store calls run in a thread with a time limit, so a database that hangs is a failed call, not a
stuck loop. Only a database that is unavailable (or too slow) is retried; any other error ends
the loop and is raised to whoever awaits it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from store.errors import StoreUnavailable
from store.records import Fence, Lease

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]


class Role(StrEnum):
    LEADER = "leader"  # holds the lease: runs the scheduled checks
    STANDBY = "standby"  # another process holds it, or nobody could be reached
    OFF = "off"  # this process runs no scheduler
    FAILED = "failed"  # the lease loop ended with an error: this process schedules nothing


@dataclass(frozen=True, slots=True)
class LeaseTiming:
    """How often the lease is tried and renewed, as fractions of its time to live."""

    ttl_seconds: float = 60.0

    @property
    def renew_every(self) -> float:
        return self.ttl_seconds / 3

    @property
    def retry_every(self) -> float:
        """After a failed renewal: several tries fit before the leader must step down."""
        return self.ttl_seconds / 10

    @property
    def standby_every(self) -> float:
        return self.ttl_seconds / 4

    @property
    def margin(self) -> timedelta:
        """How long before expiry a leader that could not renew stops: room for clock skew
        between hosts and for stopping the jobs."""
        return timedelta(seconds=self.ttl_seconds / 4)

    @property
    def call_timeout(self) -> float:
        return self.ttl_seconds / 4


@dataclass(frozen=True, slots=True)
class LeaseView:
    """What /healthz and /metrics show of the lease."""

    role: Role
    holder: str
    term: int | None = None  # the term held, or last held
    expires_at: datetime | None = None  # as last confirmed by the database
    failures: int = 0  # consecutive store calls that failed
    failures_total: int = 0
    error: str | None = None  # the last failure, in one line


class LeaseStore(Protocol):
    def acquire_lease(
        self, name: str, holder: str, ttl_seconds: float, now: datetime
    ) -> Lease | None: ...

    def renew_lease(self, held: Fence, ttl_seconds: float, now: datetime) -> Lease | None: ...

    def release_lease(self, name: str, holder: str, now: datetime) -> bool: ...


class LeaseKeeper:
    """Acquires, renews and gives up one named lease; tells its owner when it leads and when
    it must stop."""

    def __init__(
        self,
        store: LeaseStore,
        name: str,
        holder: str,
        timing: LeaseTiming,
        *,
        on_lead: Callable[[Lease], Awaitable[None]],
        on_step_down: Callable[[str], None],
        clock: Clock = lambda: datetime.now(UTC),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._store = store
        self._name = name
        self.holder = holder
        self._timing = timing
        self._on_lead = on_lead
        self._on_step_down = on_step_down
        self._clock = clock
        self._sleep = sleep
        self._lease: Lease | None = None
        self._last_term: int | None = None
        self._failures = 0
        self._failures_total = 0
        self._error: str | None = None
        self._busy = False  # a store call is still running in its thread

    # --- what the owner reads ----------------------------------------------------------------
    def fence(self) -> Fence | None:
        """The fence a check started now carries; None unless this process leads and its lease
        is good until past the step-down point."""
        lease = self._lease
        if lease is None or self._clock() >= self._step_down_at(lease):
            return None
        return lease.fence

    def view(self, role: Role | None = None) -> LeaseView:
        lease = self._lease
        return LeaseView(
            role=role or (Role.LEADER if self.fence() is not None else Role.STANDBY),
            holder=self.holder,
            term=lease.term if lease is not None else self._last_term,
            expires_at=lease.expires_at if lease is not None else None,
            failures=self._failures,
            failures_total=self._failures_total,
            error=self._error,
        )

    # --- the loop ----------------------------------------------------------------------------
    async def run(self) -> None:
        """Hold the lease until cancelled; raises on any error other than an unavailable
        database (after stepping down)."""
        try:
            while True:
                await self._sleep(await self._attempt())
        except Exception:
            self._step_down("the lease loop failed")
            raise

    async def release(self) -> None:
        """Give the lease up now (a clean stop), so a standby takes over at once."""
        lease, self._lease = self._lease, None
        if lease is None:
            return
        self._on_step_down("stopping")
        try:
            await self._call(self._store.release_lease, self._name, self.holder, self._clock())
        except (StoreUnavailable, TimeoutError) as error:
            log.warning("lease %s not released (%s); it expires at %s", self._name, error, lease)

    async def _attempt(self) -> float:
        """One acquire or renew; returns how long to wait before the next."""
        held = self._lease
        if held is not None and self._clock() >= self._step_down_at(held):
            self._step_down(f"lease not renewed by {self._step_down_at(held).isoformat()}")
            held = None
        try:
            if held is None:
                now = self._clock()
                got = await self._call(
                    self._store.acquire_lease, self._name, self.holder, self._ttl, now
                )
            else:
                got = await self._call(
                    self._store.renew_lease, held.fence, self._ttl, self._clock()
                )
        except (StoreUnavailable, TimeoutError) as error:
            return self._failed(error)
        self._failures, self._error = 0, None
        if got is None:
            if held is not None:
                self._step_down("the lease was taken by another holder")
            return self._timing.standby_every
        self._lease = got
        if held is None:
            log.info("lease %s taken by %s in term %d", self._name, self.holder, got.term)
            self._last_term = got.term
            await self._on_lead(got)
        return self._timing.renew_every

    def _failed(self, error: BaseException) -> float:
        self._failures += 1
        self._failures_total += 1
        self._error = str(error) or type(error).__name__
        held = self._lease
        log.warning("lease %s: %s (%d in a row)", self._name, self._error, self._failures)
        if held is None:
            return self._timing.standby_every
        left = (self._step_down_at(held) - self._clock()).total_seconds()
        # Retry soon, and wake up no later than the step-down point to honour it.
        return max(0.0, min(self._timing.retry_every, left))

    def _step_down(self, why: str) -> None:
        lease, self._lease = self._lease, None
        if lease is None:
            return
        log.warning(
            "lease %s: %s steps down from term %d: %s", self._name, self.holder, lease.term, why
        )
        self._on_step_down(why)

    def _step_down_at(self, lease: Lease) -> datetime:
        return lease.expires_at - self._timing.margin

    @property
    def _ttl(self) -> float:
        return self._timing.ttl_seconds

    async def _call(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a thread, failed with TimeoutError past the call timeout, and
        refused while an earlier call that timed out is still running (no pile-up)."""
        if self._busy:
            raise TimeoutError("an earlier lease call has not returned yet")
        self._busy = True

        def run() -> T:
            try:
                return function(*args)
            finally:
                self._busy = False

        try:
            return await asyncio.wait_for(asyncio.to_thread(run), self._timing.call_timeout)
        except TimeoutError:
            raise TimeoutError(f"no answer within {self._timing.call_timeout:g} s") from None
