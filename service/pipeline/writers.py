"""Where a cycle's finished checks are assessed and written (`record_batch`: diff, gates, hashing,
compression and the database transaction): the seam beside `readers.py`'s.

`InlineWriters` writes in the calling thread: the plain path, for commands whose event loop has
nothing else to serve (`jifen check`, imports, tests). `WriterThread` writes in one worker
thread, one batch at a time in the order given, for `jifen serve`: there the event loop also
answers the API, and a batch of 250 checks written on it held every request for as long as the
write took (bench/serve.py measures it). One thread, not more: SQLite takes one writer at a time
anyway, and batches keep their order. `tests/service/test_check_equivalence.py` holds both to
the same records.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import ParamSpec, Protocol, TypeVar

from service.pipeline.record import CheckSummary, Read, Recorder, record_batch
from store.records import SourceState

P = ParamSpec("P")
T = TypeVar("T")


class Writers(Protocol):
    async def write(
        self, recorder: Recorder, batch: Sequence[Read], states: Mapping[str, SourceState]
    ) -> list[CheckSummary]: ...


class InlineWriters:
    """Writes in the calling thread."""

    async def write(
        self, recorder: Recorder, batch: Sequence[Read], states: Mapping[str, SourceState]
    ) -> list[CheckSummary]:
        return record_batch(recorder, batch, states)


class WriterThread:
    """Writes in one worker thread, one batch (or other job) at a time."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="jifen-writer")

    async def write(
        self, recorder: Recorder, batch: Sequence[Read], states: Mapping[str, SourceState]
    ) -> list[CheckSummary]:
        return await self.call(record_batch, recorder, batch, states)

    async def call(self, job: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`job` in the writer thread, after the writes queued before it (the exported tables
        after a change: two exports at once would write the same files)."""
        loop = asyncio.get_running_loop()
        running = loop.run_in_executor(self._thread, functools.partial(job, *args, **kwargs))
        # A cancelled caller does not stop a job in flight: a write's one transaction commits
        # or not, whole, and the next job waits for it.
        return await asyncio.shield(running)

    def close(self) -> None:
        self._thread.shutdown(wait=True)

    async def __aenter__(self) -> WriterThread:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.close)  # a write in flight ends before the store closes
