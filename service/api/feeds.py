"""Atom and RSS feeds of published changes, with a freshness note and conditional GET."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response

from diffing.records import ChangeClass, ChangeEvent
from feeds.build import build_feed
from scraper.records import Source
from service.api.conditional import conditional_response
from service.api.context import AppContext, Ctx
from service.api.schemas import Responses, source_status
from store.records import SourceHealth

router = APIRouter(prefix="/feeds", tags=["feeds"])

FEED_ENTRIES = 100
FEED_CACHE_SIZE = 64  # feeds kept rendered: 2 kinds x sources, cleared when full
# Subscribers follow rules and wording; technical re-parses never reach them.
_PUBLISHED = (ChangeClass.RULE, ChangeClass.WORDING)
# A feed with no entries yet still needs a stable <updated> so its ETag does not churn.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
MEDIA_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
}
_FEED_RESPONSES: Responses = {
    200: {"content": {"application/atom+xml": {}, "application/rss+xml": {}}}
}


def freshness_note(sources: Sequence[Source], health: Sequence[SourceHealth]) -> str | None:
    """Says which sources could not be looked at, so no entries never reads as no change."""
    by_id = {h.source_id: h for h in health}
    failing = []
    for source in sources:
        h = by_id.get(source.id)
        if source_status(h) == "failing" and h is not None:
            since = h.last_success_at.date().isoformat() if h.last_success_at else "never"
            failing.append(f"{source.label} (last success {since}, {h.error_streak} failures)")
    if not failing:
        return None
    return f"无法检查 · Could not be checked: {'; '.join(failing)}"


def _published_events(ctx: AppContext, source_id: str | None) -> list[ChangeEvent]:
    events = ctx.store.changes(source_id=source_id, limit=FEED_ENTRIES)
    return [e for e in events if e.classification in _PUBLISHED]


def _feed_response(
    request: Request,
    ctx: AppContext,
    *,
    kind: Literal["atom", "rss"],
    source: Source | None,
) -> Response:
    events = _published_events(ctx, source.id if source else None)
    sources = (source,) if source else ctx.sources
    health = [ctx.store.health(source.id)] if source else ctx.store.all_health()
    last_modified = max((e.updated_at or e.observed_at for e in events), default=None)
    name = f"changes-{source.id}" if source else "changes"
    note = freshness_note(sources, health)
    # Rendering is most of a feed request's cost; the same events and note give the same bytes.
    key = (kind, name, note, tuple((e.id, e.updated_at) for e in events))
    body = ctx.feed_cache.get(key)
    if body is None:
        body = _render_feed(request, ctx, events, kind=kind, name=name, source=source, note=note)
        if len(ctx.feed_cache) >= FEED_CACHE_SIZE:
            ctx.feed_cache.clear()
        ctx.feed_cache[key] = body
    return conditional_response(
        request, body, media_type=MEDIA_TYPES[kind], last_modified=last_modified
    )


def _render_feed(
    request: Request,
    ctx: AppContext,
    events: Sequence[ChangeEvent],
    *,
    kind: Literal["atom", "rss"],
    name: str,
    source: Source | None,
    note: str | None,
) -> bytes:
    last_modified = max((e.updated_at or e.observed_at for e in events), default=None)
    return build_feed(
        events,
        kind=kind,
        feed_id=f"tag:{ctx.settings.feed_domain},2026:feed/{name}",
        title=f"jifen · {source.label if source else '上海居住证积分规则变更'}",
        link=ctx.absolute("/"),
        self_link=ctx.absolute(request.url.path),
        entry_link=lambda e: ctx.absolute(f"/changes/{e.id}"),
        updated_at=last_modified or _EPOCH,
        health_note=note,
        max_entries=FEED_ENTRIES,
        tag_authority=ctx.settings.feed_domain,
    )


@router.get("/changes.atom", response_class=Response, responses=_FEED_RESPONSES)
def changes_atom(request: Request, ctx: Ctx) -> Response:
    """Every published change, newest first (Atom)."""
    return _feed_response(request, ctx, kind="atom", source=None)


@router.get("/changes.rss", response_class=Response, responses=_FEED_RESPONSES)
def changes_rss(request: Request, ctx: Ctx) -> Response:
    """Every published change, newest first (RSS 2.0)."""
    return _feed_response(request, ctx, kind="rss", source=None)


@router.get("/{source_id}.atom", response_class=Response, responses=_FEED_RESPONSES)
def source_atom(
    request: Request, source_id: Annotated[str, Path(max_length=100)], ctx: Ctx
) -> Response:
    """The published changes of one source (Atom)."""
    return _feed_response(request, ctx, kind="atom", source=ctx.source(source_id))
