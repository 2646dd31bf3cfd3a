"""Cycles started on request (`POST /v1/cycles`): one check of every source, run in the
background under the scheduler's lease term, and what became of each run.

A run is numbered within its process and the newest `KEPT_RUNS` are remembered, so a client
that started one can ask when it ended and how it went. One run at a time: asking while one
runs answers that one.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from service.pipeline.record import CheckSummary
from store.records import Fence

log = logging.getLogger(__name__)

KEPT_RUNS = 20
RunFn = Callable[[Fence], Awaitable[Sequence[CheckSummary]]]
FenceFn = Callable[[], Fence | None]


class RunState(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # a storage error or a lost lease ended it; the log has the traceback


@dataclass(frozen=True, slots=True)
class CycleRun:
    id: int
    started_at: datetime
    term: int  # the scheduler lease term the checks were written under
    state: RunState = RunState.RUNNING
    ended_at: datetime | None = None
    checks: int = 0
    changes: int = 0
    outcomes: tuple[tuple[str, int], ...] = ()  # outcome → checks, most common first
    error: str | None = None


class NotLeading(RuntimeError):
    """This process does not hold the scheduler lease, so it may not run checks now."""


class CycleRuns:
    """Starts runs of `run` under the fence `fence` hands out, and remembers how they went."""

    def __init__(
        self, run: RunFn, fence: FenceFn, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._run = run
        self._fence = fence
        self._clock = clock
        self._runs: dict[int, CycleRun] = {}
        self._task: asyncio.Task[None] | None = None
        self._next_id = 1

    def start(self) -> CycleRun:
        """A new run, or the one still running; NotLeading when this process may not check."""
        running = self.running()
        if running is not None:
            return running
        fence = self._fence()
        if fence is None:
            raise NotLeading("this process does not hold the scheduler lease")
        started = CycleRun(id=self._next_id, started_at=self._clock(), term=fence.term)
        self._next_id += 1
        self._keep(started)
        self._task = asyncio.get_running_loop().create_task(self._follow(started, fence))
        return started

    def get(self, run_id: int) -> CycleRun | None:
        return self._runs.get(run_id)

    def running(self) -> CycleRun | None:
        if self._task is None or self._task.done():
            return None
        return max(self._runs.values(), key=lambda r: r.id)

    async def stop(self) -> None:
        """Cancel a run in flight (the process stops): its unwritten checks never happened."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _follow(self, started: CycleRun, fence: Fence) -> None:
        try:
            summaries = await self._run(fence)
        except asyncio.CancelledError:
            self._keep(self._ended(started, RunState.FAILED, error="stopped before it ended"))
            raise
        except Exception as error:
            log.exception("cycle %d failed", started.id)
            self._keep(self._ended(started, RunState.FAILED, error=f"{error}"))
            return
        outcomes = Counter(s.outcome.value for s in summaries).most_common()
        self._keep(
            replace(
                self._ended(started, RunState.DONE),
                checks=len(summaries),
                changes=sum(1 for s in summaries if s.event_id is not None),
                outcomes=tuple(outcomes),
            )
        )
        log.info("cycle %d done: %d checks, %s", started.id, len(summaries), dict(outcomes))

    def _ended(self, run: CycleRun, state: RunState, error: str | None = None) -> CycleRun:
        return replace(run, state=state, ended_at=self._clock(), error=error)

    def _keep(self, run: CycleRun) -> None:
        self._runs[run.id] = run
        for old in sorted(self._runs)[:-KEPT_RUNS]:
            del self._runs[old]
