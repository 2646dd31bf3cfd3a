"""Atom and RSS feeds of published changes, with a freshness note and conditional GET."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response

from scraper.records import Source
from service.http.api.conditional import conditional_response
from service.http.api.context import AppContext, Ctx
from service.http.api.schemas import Responses
from service.present.feed import (
    feed_document,
    feed_name,
    freshness_note,
    last_modified,
    published_events,
)
from words import current_lang

router = APIRouter(prefix="/feeds", tags=["feeds"])

FEED_CACHE_SIZE = 64  # feeds kept rendered: 2 kinds x sources, cleared when full
MEDIA_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
}
_FEED_RESPONSES: Responses = {
    200: {"content": {"application/atom+xml": {}, "application/rss+xml": {}}}
}


def _feed_response(
    request: Request,
    ctx: AppContext,
    *,
    kind: Literal["atom", "rss"],
    source: Source | None,
) -> Response:
    scope = source.id if source else None
    sources = (source,) if source else ctx.sources
    health = [ctx.store.health(source.id)] if source else ctx.store.all_health()
    name = feed_name(source)
    note = freshness_note(sources, health)
    # Loading and rendering the events is most of a feed request's cost: the same events (as
    # told by a one-row fingerprint query) and the same note give the same bytes.
    key = (kind, name, note, current_lang(), ctx.store.events_fingerprint(scope))
    cached = ctx.feed_cache.get(key)
    if cached is None:
        events = published_events(ctx.store, scope)
        body = feed_document(
            ctx.settings, events, kind=kind, source=source, note=note, self_path=request.url.path
        )
        cached = (body, last_modified(events))
        if len(ctx.feed_cache) >= FEED_CACHE_SIZE:
            ctx.feed_cache.clear()
        ctx.feed_cache[key] = cached
    body, modified = cached
    return conditional_response(request, body, media_type=MEDIA_TYPES[kind], last_modified=modified)


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


@router.get("/{source_id}.rss", response_class=Response, responses=_FEED_RESPONSES)
def source_rss(
    request: Request, source_id: Annotated[str, Path(max_length=100)], ctx: Ctx
) -> Response:
    """The published changes of one source (RSS 2.0)."""
    return _feed_response(request, ctx, kind="rss", source=ctx.source(source_id))
