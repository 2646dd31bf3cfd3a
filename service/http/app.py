"""The FastAPI application: JSON API under /v1/, feeds under /feeds/, pages for people."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from scraper.records import Source
from service.http.api import (
    catalogues,
    changes,
    cycles,
    feeds,
    health,
    rules,
    score,
    snapshots,
    subscriptions,
    trades,
)
from service.http.api import sources as sources_api
from service.http.api.context import AppContext
from service.http.api.errors import install_error_handlers
from service.http.api.limits import LimitSettings, RequestLimits
from service.http.api.metrics import observe_refused
from service.http.api.openapi import install_openapi
from service.http.api.webhooks import document_webhooks
from service.http.docs import install_offline_docs
from service.http.head import HeadAsGet
from service.http.language import RequestLanguage
from service.http.web import notify_pages, pages, rules_page, trade_page
from service.http.web import score as score_page
from service.http.web.headers import SecurityHeaders
from service.lease import LeaseView
from service.pipeline.runs import CycleRuns
from service.pipeline.writes import WriteHealth
from service.settings import Settings
from store.store import Store

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
_ROUTED = (
    sources_api,
    catalogues,
    trades,
    rules,
    changes,
    snapshots,
    feeds,
    health,
    score,
    subscriptions,
    cycles,
)
ROUTERS = (
    *(module.router for module in _ROUTED),
    pages.router,
    notify_pages.router,
    score_page.router,
    rules_page.router,
    trade_page.router,
)


class SchedulerView(Protocol):
    """What the API shows of the scheduler: when a source runs next, who leads in which term,
    and by when a newer check than the newest should have been recorded."""

    def next_run_at(self, source_id: str) -> datetime | None: ...

    def is_leader(self) -> bool: ...

    def lease(self) -> LeaseView: ...

    def checks_due_by(self, newest_check_at: datetime | None) -> datetime: ...


def create_app(
    *,
    settings: Settings,
    store: Store,
    sources: Sequence[Source],
    scheduler: SchedulerView | None = None,
    check_now: Callable[[str], Awaitable[str]] | None = None,
    writes: WriteHealth | None = None,
    cycles: CycleRuns | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """Builds the app around an open store; nothing global, so tests can build many.

    `cycles`: the cycles started on request (`POST /v1/cycles`), in a process that checks.
    `writes`: how this process's writes of checks went (the pipeline's), for health and metrics.
    `clock`: the monotonic clock the rate limits count with.
    """
    app = FastAPI(
        title="jifen",
        summary="上海市居住证积分 rules: catalogues, points tables and their changes",
        version="1",
        docs_url=None,  # served from local assets: install_offline_docs
        redoc_url=None,
    )
    app.state.jifen = AppContext(
        settings=settings,
        store=store,
        sources=tuple(sources),
        scheduler=scheduler,
        check_now=check_now,
        writes=writes or WriteHealth(),
        cycles=cycles,
        by_id={s.id: s for s in sources},
    )
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    document_webhooks(app)
    install_openapi(app)
    install_offline_docs(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    limits = LimitSettings(
        per_second=settings.rate_limit_per_second,
        burst=settings.rate_limit_burst,
        max_body_bytes=settings.max_body_bytes,
    )
    app.add_middleware(RequestLimits, settings=limits, clock=clock, on_limited=observe_refused)
    app.add_middleware(SecurityHeaders)  # refusals get the headers too
    app.add_middleware(RequestLanguage)  # refusals, too, speak the reader's language
    app.add_middleware(HeadAsGet)  # outermost: every GET route, refusals included, answers HEAD
    return app
