"""`jifen serve`: the scheduler and the HTTP server in one process, stopped cleanly by a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI

from scraper.records import Source
from service import runtime
from service.http.api.metrics import observe_change, observe_check
from service.http.app import create_app
from service.http.cycle_process import cycle_in_process
from service.lease import LeaseTiming
from service.notifying import deliver_forever
from service.pipeline.bootstrap import import_bundled_captures
from service.pipeline.check import check_one, fetched_sources, source_by_id
from service.pipeline.cycle import Pipeline
from service.pipeline.fallback import fall_back_to_archive
from service.pipeline.record import CheckSummary
from service.pipeline.runs import CycleRuns
from service.pipeline.writers import WriterThread
from service.pipeline.writes import WriteHealth
from service.scheduler import SourceScheduler
from service.settings import Settings
from store.records import Fence
from store.store import Store

log = logging.getLogger(__name__)


def _observe(source: Source, summary: CheckSummary) -> None:
    observe_check(source.id, summary.outcome.value, summary.elapsed_seconds)
    if summary.event_id is not None:
        observe_change(source.id)


async def serve(settings: Settings) -> None:
    sources = runtime.configured_sources(settings)
    store = runtime.open_store(settings, register=sources)
    runtime.register_operator(store, settings)
    for line in import_bundled_captures(runtime.recorder_for(store, sources), sources):
        log.info("first start: %s", line)
    runtime.export_tables(store, sources, settings)

    writes = WriteHealth()
    # Checks are written in a worker thread: the event loop answers the API meanwhile.
    async with (
        WriterThread() as writers,
        runtime.open_pipeline(
            settings, store, sources, on_check=_observe, writes=writes, writers=writers
        ) as pipeline,
    ):
        check = _checker(settings, pipeline, sources, writers)

        async def check_now(source_id: str) -> str:
            return "\n".join(s.line() for s in await check(source_by_id(sources, source_id), None))

        scheduler = SourceScheduler(
            store,
            fetched_sources(sources),
            check,
            default_schedule=settings.default_schedule,
            jitter_seconds=settings.schedule_jitter_seconds,
            timing=LeaseTiming(ttl_seconds=settings.lease_seconds),
        )
        in_process = cycle_in_process(settings, sources, _observe, writes)
        cycles = CycleRuns(
            _cycle_runner(settings, in_process, store, sources, writers), scheduler.fence
        )
        app = create_app(
            settings=settings,
            store=store,
            sources=sources,
            scheduler=scheduler,
            check_now=check_now,
            writes=writes,
            cycles=cycles,
        )
        try:
            await _serve_until_stopped(settings, app, scheduler, store, sources)
        finally:
            await cycles.stop()
    log.info("stopped cleanly")


def _checker(
    settings: Settings, pipeline: Pipeline, sources: Sequence[Source], writers: WriterThread
) -> Callable[[Source, Fence | None], Awaitable[list[CheckSummary]]]:
    """One check of a source, under the scheduler's lease term when it carries one; the
    tables are exported again after a change, in the writer thread."""

    async def check(source: Source, fence: Fence | None) -> list[CheckSummary]:
        run = pipeline if fence is None else pipeline.fenced(fence)
        summaries = await check_one(run, source, sources)
        for summary in summaries:
            log.info("%s", summary.line())
        archived = await fall_back_to_archive(
            run, source, summaries, archive_base=settings.archive_base
        )
        if archived is not None:
            log.warning("first start: %s", archived)
        if archived is not None or any(s.event_id is not None for s in summaries):
            await writers.call(runtime.export_tables, pipeline.store, sources, settings)
        return summaries

    return check


def _cycle_runner(
    settings: Settings,
    cycle: Callable[[Fence], Awaitable[list[CheckSummary]]],
    store: Store,
    sources: Sequence[Source],
    writers: WriterThread,
) -> Callable[[Fence], Awaitable[list[CheckSummary]]]:
    """A cycle asked for (`POST /v1/cycles`), run by `cycle` under the lease term `fence`; the
    tables are exported again after a change, here in the writer thread, one export at a time."""

    async def run(fence: Fence) -> list[CheckSummary]:
        summaries = await cycle(fence)
        if any(s.event_id is not None for s in summaries):
            await writers.call(runtime.export_tables, store, sources, settings)
        return summaries

    return run


async def _serve_until_stopped(
    settings: Settings,
    app: FastAPI,
    scheduler: SourceScheduler,
    store: Store,
    sources: Sequence[Source],
) -> None:
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level="info", lifespan="off"
    )
    server = uvicorn.Server(config)
    scheduler.start()
    stop_delivering = asyncio.Event()
    delivering = asyncio.create_task(deliver_forever(settings, store, sources, stop_delivering))
    log.info("serving on http://%s:%d at %s", settings.host, settings.port, _now())
    previous = _hold_stop_signals()
    try:
        # uvicorn handles SIGINT/SIGTERM: it stops accepting and lets requests finish.
        await server.serve()
    finally:
        # A check in flight either committed its one transaction or never wrote; a delivery
        # in flight is retaken by the next worker once its lease runs out.
        stop_delivering.set()
        await asyncio.gather(delivering, return_exceptions=True)
        await scheduler.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _hold_stop_signals() -> dict[int, Any]:
    """uvicorn re-raises the stop signal once it has shut down; with the default handler that
    kills the process before the scheduler releases its lease. Handled here, the signal only
    lets the shutdown finish, and the process exits 0."""

    def noted(sig: int, frame: FrameType | None) -> None:
        log.info("signal %d: shutting down", sig)

    return {sig: signal.signal(sig, noted) for sig in (signal.SIGINT, signal.SIGTERM)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
