"""A cycle `jifen serve` was asked for (`POST /v1/cycles`), run in a process of its own.

Fetching, reading, assessing and writing 1,000 pages is seconds of Python; in the server's
process it holds the interpreter lock that the API's requests need, and every request waited
(bench/serve.py measures it). In a child process the cycle uses the other core and the API's
process keeps its own. The child opens its own store and pipeline from the same settings and
writes under the lease term it is handed, so the store refuses its writes once that term is
over, as it would the server's own. It is the same `check_cycle` that `jifen check` runs.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import traceback
from collections.abc import Awaitable, Callable, Sequence
from multiprocessing.connection import Connection

from scraper.records import Source
from service import runtime
from service.pipeline.check import check_cycle
from service.pipeline.record import CheckSummary
from service.pipeline.writes import WriteHealth
from service.settings import Settings
from store.records import Fence

log = logging.getLogger(__name__)

Observe = Callable[[Source, CheckSummary], None]
CYCLE_NICENESS = 10
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # as `jifen serve` logs


class CycleFailed(RuntimeError):
    """The cycle's process ended with an error; the message holds its traceback."""


def cycle_in_process(
    settings: Settings, sources: Sequence[Source], observe: Observe, writes: WriteHealth
) -> Callable[[Fence], Awaitable[list[CheckSummary]]]:
    """One check of every source in a child process, under the lease term it is given; each
    summary is then `observe`d here, and `writes` told they were written (this process's
    metrics and health)."""
    by_id = {s.id: s for s in sources}

    async def run(fence: Fence) -> list[CheckSummary]:
        # spawn: a fork would copy the server's threads, sockets and database connections.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe(duplex=False)
        process = context.Process(
            target=_run_cycle,
            args=(settings, tuple(sources), fence, theirs),
            name="jifen-cycle",
            # Not a daemon: it starts reader processes of its own. Cancelled, it is killed;
            # orphaned, it ends with its cycle, whose writes the lease term fences.
            daemon=False,
        )
        process.start()
        theirs.close()
        try:
            result = await asyncio.to_thread(_receive, ours)
        finally:
            if process.is_alive():  # cancelled: the process stops, unwritten checks never happen
                process.kill()
            await asyncio.to_thread(process.join, 10)
            ours.close()
        if isinstance(result, str):
            raise CycleFailed(result)
        writes.succeeded(s.source_id for s in result)
        for summary in result:
            if summary.source_id in by_id:
                observe(by_id[summary.source_id], summary)
        return result

    return run


def _receive(connection: Connection) -> list[CheckSummary] | str:
    try:
        result: list[CheckSummary] | str = connection.recv()
    except EOFError:
        return "the cycle's process ended without an answer (killed, or out of memory)"
    return result


def _run_cycle(
    settings: Settings, sources: Sequence[Source], fence: Fence, connection: Connection
) -> None:
    """The child: the configured sources checked once; the summaries, or the traceback, sent
    back."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    # Background work: on a busy machine the API's requests get the CPU first (the readers this
    # process starts inherit the niceness).
    os.nice(CYCLE_NICENESS)
    try:
        connection.send(asyncio.run(_cycle(settings, sources, fence)))
    except Exception:
        connection.send(traceback.format_exc())
    finally:
        connection.close()


async def _cycle(settings: Settings, sources: Sequence[Source], fence: Fence) -> list[CheckSummary]:
    store = runtime.open_store(settings)
    try:
        async with runtime.open_pipeline(settings, store, sources) as pipeline:
            summaries = await check_cycle(pipeline.fenced(fence), sources)
        for summary in summaries:
            log.info("%s", summary.line())
        return summaries
    finally:
        store.close()
