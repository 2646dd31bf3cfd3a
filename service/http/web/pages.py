"""Server-rendered pages for people: change timeline, one change, catalogues, trades, sources."""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context

from diffing.headline import headline
from diffing.records import ChangeEvent
from diffing.text import side_by_side
from scoring.tables import provenance_of
from service.http.api.changes import decode_cursor, encode_cursor
from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.params import MAX_ID, AsOf, Digits
from service.http.api.schemas import Timeline, source_status
from service.http.web.views import (
    badge_text,
    collapse_equal,
    filter_trades,
    is_official,
    item_class,
)
from service.present.archive import fallback_text
from service.present.catalogue import Missing, catalogue_in_force
from service.present.listing import answer
from service.present.rules import version_in_use
from service.present.subscriptions import masked_target
from words import Lang, resolve_lang, shanghai_today, speaking
from words.jinja import install_words, lang_of

TEMPLATE_DIR = FsPath(__file__).resolve().parent / "templates"


def language(request: Request) -> Lang:
    """Chinese unless `?lang=en` or the reader's Accept-Language ranks English first."""
    return resolve_lang(request.query_params.get("lang"), request.headers.get("accept-language"))


def page_language(request: Request) -> dict[str, Any]:
    """The template's `lang`, and the suffix that keeps a reader's English in links."""
    lang = language(request)
    is_en = lang is Lang.EN
    # `en` is appended to links so a reader who chose a language with ?lang= stays in it.
    chosen = f"?lang={lang.value}" if request.query_params.get("lang") else ""
    return {"lang": lang.value, "is_en": is_en, "en": chosen}


# Autoescape everywhere: every string shown comes from a scraped government page.
templates = Jinja2Templates(
    env=install_words(Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True)),
    context_processors=[page_language],
)
templates.env.globals["item_class"] = item_class
templates.env.globals["source_status"] = source_status
templates.env.globals["is_official"] = is_official


@pass_context
def _badge(context: Context, value: str) -> str:
    return badge_text(value, lang_of(context))


templates.env.filters["badge"] = _badge


@pass_context
def _title(context: Context, event: ChangeEvent) -> str:
    """A change's title: as stored (Chinese first), or made again from its items in English."""
    lang = lang_of(context)
    if lang is Lang.ZH:
        return event.title
    with speaking(lang):
        return headline(event.source_name or event.source_id, event.items)[0]


templates.env.filters["change_title"] = _title

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50


@router.get("/")
def timeline(
    request: Request,
    ctx: Ctx,
    cursor: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    q: Annotated[str, Query(max_length=50)] = "",
) -> HTMLResponse:
    """The home page: "我的工种在目录里吗?" (`?q=NAME`) above the published changes."""
    events = ctx.store.changes(limit=PAGE_SIZE, before_id=decode_cursor(cursor) if cursor else None)
    older = encode_cursor(events[-1].id) if len(events) == PAGE_SIZE else None
    found = answer(ctx.store, ctx.sources, q, shanghai_today()) if q.strip() else None
    context = {"events": events, "older": older, "labels": ctx.by_id, "q": q, "answer": found}
    return templates.TemplateResponse(request, "timeline.html", context)


@router.get("/changes/{change_id}")
def change_page(
    request: Request, change_id: Annotated[int, Path(ge=1, le=MAX_ID), Digits], ctx: Ctx
) -> HTMLResponse:
    event = ctx.store.change(change_id)
    if event is None:
        raise ApiError(404, f"没有这条变更 · no change with id {change_id}")
    old = ctx.store.version(event.from_version_id) if event.from_version_id else None
    new = ctx.store.version(event.to_version_id)
    rows = side_by_side(
        old.document.main_text if old else "", new.document.main_text if new else ""
    )
    return templates.TemplateResponse(
        request,
        "change.html",
        {"event": event, "old": old, "new": new, "rows": collapse_equal(rows)},
    )


@router.get("/catalogues/{source_id}")
def catalogue_page(
    *,
    request: Request,
    source_id: Annotated[str, Path(max_length=100)],
    ctx: Ctx,
    as_of: AsOf = None,
    q: Annotated[str, Query(max_length=50)] = "",
    timeline: Annotated[Timeline, Query()] = "effective",
) -> HTMLResponse:
    source = ctx.source(source_id)
    day = as_of or shanghai_today()
    found = catalogue_in_force(ctx.store, source, day, timeline)
    # The page says why there is none (not captured yet, nothing in force) instead of failing.
    version = None if isinstance(found, Missing) else found
    catalogue = version.document.catalogue if version else None
    trades = filter_trades(catalogue.trades if catalogue else (), q)
    # Former names too: a search may hit a trade renamed or dropped before this date.
    history = (
        [m for m in ctx.store.search_trades(q.strip(), limit=50) if m.source_id == source.id]
        if q.strip()
        else []
    )
    return templates.TemplateResponse(
        request,
        "catalogue.html",
        {
            "source": source,
            "as_of": day,
            "q": q,
            "timeline": timeline,
            "version": version,
            "trades": trades,
            "total": len(catalogue.trades) if catalogue else 0,
            "history": history,
            "missing": found if isinstance(found, Missing) else None,
            "ids": ctx.store.listed_trade_ids(version.id) if version else {},
        },
    )


@router.get("/sources")
def sources_page(request: Request, ctx: Ctx) -> HTMLResponse:
    health = {h.source_id: h for h in ctx.store.all_health()}
    day = shanghai_today()
    rows = [(s, health.get(s.id), ctx.next_run_at(s.id)) for s in ctx.sources]
    documents = {}
    fallbacks = {}
    for source in ctx.sources:
        version = version_in_use(ctx.store, source.id, day)
        if version is not None:
            documents[source.id] = provenance_of(version)
        if (found := ctx.store.archive_fallback(source.id)) is not None:
            fallbacks[source.id] = fallback_text(found)
    deliveries = [(entry, masked_target(entry)) for entry in ctx.store.notify.log(limit=20)]
    counts = {status.value: n for status, n in ctx.store.notify.status_counts().items()}
    context = {
        "rows": rows,
        "live": ctx.store.last_live_successes(),
        "documents": documents,
        "fallbacks": fallbacks,
        "deliveries": deliveries,
        "delivery_counts": counts,
    }
    return templates.TemplateResponse(request, "sources.html", context)
