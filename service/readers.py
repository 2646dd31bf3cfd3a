"""Reading captures (decode, parse, hash) in worker processes while the event loop fetches.

Reading a page is CPU work in Python; in a cycle over many sources it would otherwise stall
the fetches and the writes of the one process. `Readers` starts its pool on first use, only for
cycles big enough to pay for the start, and reads in-process when the pool is broken: a worker
that dies never loses a check, it only makes the cycle slower (and says so in the log).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from scraper.records import FetchResult, Outcome, Source
from service.assess import Reading, read_capture

log = logging.getLogger(__name__)

# Below this many sources in a cycle, starting workers costs more than it saves.
MIN_CYCLE = 48
# Where the platform has no fork: imported once in the fork server instead.
_PRELOAD = ["service.assess"]


def default_workers() -> int:
    """One worker per core: the event loop mostly waits on the network and on them."""
    return os.cpu_count() or 1


class Readers:
    """A lazily started process pool for `read_capture`; close it (or use `with`) when done."""

    def __init__(self, workers: int | None = None, *, min_cycle: int = MIN_CYCLE) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers or default_workers()
        self.min_cycle = min_cycle
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    @property
    def started(self) -> bool:
        return self._pool is not None

    @property
    def worker_pids(self) -> tuple[int, ...]:
        """The running workers' process ids (none before the first big cycle)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return tuple(sorted(processes))

    def wanted(self, cycle_size: int) -> bool:
        """Whether a cycle over `cycle_size` sources should read in the workers."""
        return not self._broken and cycle_size >= self.min_cycle

    async def read(self, source: Source, fetch: FetchResult) -> Reading | None:
        """The reading of an OK capture from a worker; None when it must be read in-process."""
        if fetch.outcome is not Outcome.OK or self._broken:
            return None
        try:
            pool = self._start()
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(pool, read_capture, source, fetch)
        except BrokenProcessPool:
            if not self._broken:
                log.warning("capture readers stopped; reading in the main process from now on")
            self._broken = True
            return None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Readers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: a worker starts in milliseconds with the parsers loaded (a
    fork server takes ~0.2 s, a cycle's worth of work at 1000 pages). With fork, the executor
    starts all its workers before its own thread; they only ever run `read_capture`."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context
