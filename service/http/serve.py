"""`jifen serve`: the scheduler and the HTTP server in one process, stopped cleanly by a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import UTC, datetime
from types import FrameType
from typing import Any

import uvicorn

from scraper.records import Source
from service import runtime
from service.http.api.metrics import observe_change, observe_check
from service.http.app import create_app
from service.notifying import deliver_forever
from service.pipeline.bootstrap import import_bundled_captures
from service.pipeline.check import check_one, fetched_sources, source_by_id
from service.pipeline.record import CheckSummary
from service.scheduler import SourceScheduler
from service.settings import Settings

log = logging.getLogger(__name__)


def _observe(source: Source, summary: CheckSummary) -> None:
    observe_check(source.id, summary.outcome.value, summary.elapsed_seconds)
    if summary.event_id is not None:
        observe_change(source.id)


async def serve(settings: Settings) -> None:
    store = runtime.open_store(settings)
    sources = runtime.configured_sources(settings)
    runtime.register_sources(store, sources)
    runtime.register_operator(store, settings)
    for line in import_bundled_captures(runtime.recorder_for(store, sources), sources):
        log.info("first start: %s", line)
    runtime.export_tables(store, sources, settings)

    async with runtime.open_pipeline(settings, store, sources, on_check=_observe) as pipeline:

        async def check(source: Source) -> list[CheckSummary]:
            summaries = await check_one(pipeline, source, sources)
            for summary in summaries:
                log.info("%s", summary.line())
            if any(s.event_id is not None for s in summaries):
                runtime.export_tables(store, sources, settings)
            return summaries

        async def check_now(source_id: str) -> str:
            return "\n".join(s.line() for s in await check(source_by_id(sources, source_id)))

        scheduler = SourceScheduler(
            store,
            fetched_sources(sources),
            check,
            default_schedule=settings.default_schedule,
            jitter_seconds=settings.schedule_jitter_seconds,
        )
        app = create_app(
            settings=settings,
            store=store,
            sources=sources,
            scheduler=scheduler,
            check_now=check_now,
        )
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
    log.info("stopped cleanly")


def _hold_stop_signals() -> dict[int, Any]:
    """uvicorn re-raises the stop signal once it has shut down; with the default handler that
    kills the process before the scheduler releases its lease. Handled here, the signal only
    lets the shutdown finish, and the process exits 0."""

    def noted(sig: int, frame: FrameType | None) -> None:
        log.info("signal %d: shutting down", sig)

    return {sig: signal.signal(sig, noted) for sig in (signal.SIGINT, signal.SIGTERM)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
