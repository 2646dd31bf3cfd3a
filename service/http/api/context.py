"""What every route needs from the app: settings, the store, the sources, the scheduler view.

Routes receive it through the `Ctx` dependency rather than a module-level global.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from scraper.records import Source
from service.http.api.errors import ApiError
from service.pipeline.writes import WriteHealth
from service.settings import Settings

if TYPE_CHECKING:
    from service.http.app import SchedulerView
    from service.pipeline.runs import CycleRuns
    from store.store import Store


@dataclass(frozen=True, slots=True)
class AppContext:
    settings: Settings
    store: Store
    sources: tuple[Source, ...]
    scheduler: SchedulerView | None = None
    check_now: Callable[[str], Awaitable[str]] | None = None
    writes: WriteHealth = field(default_factory=WriteHealth)
    cycles: CycleRuns | None = None  # cycles started on request, in a process that checks
    by_id: dict[str, Source] = field(default_factory=dict)
    # Built feed documents by what went into them; see service.http.api.feeds.
    # Rendered feeds with their Last-Modified, by kind, scope, freshness note and events.
    feed_cache: dict[tuple[object, ...], tuple[bytes, datetime | None]] = field(
        default_factory=dict
    )

    def source(self, source_id: str) -> Source:
        found = self.by_id.get(source_id)
        if found is None:
            raise ApiError(404, f"unknown source {source_id!r}; GET /v1/sources lists them")
        return found

    def next_run_at(self, source_id: str) -> datetime | None:
        return self.scheduler.next_run_at(source_id) if self.scheduler else None


def get_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.jifen
    return context


Ctx = Annotated[AppContext, Depends(get_context)]
