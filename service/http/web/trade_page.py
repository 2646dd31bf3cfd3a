"""The page of one trade: listed today or not, the points it earns by level under the rules in
force, and its history (appeared, renamed, left) with each step's dates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.params import MAX_ID, Digits
from service.http.web.pages import templates
from service.present.catalogue import Missing, catalogue_in_force
from service.present.listing import standing
from service.present.rules import rule_table_as_of
from service.present.trade_points import catalogue_kind_of, points_by_level
from words import shanghai_today

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/trades/{trade_id}")
def trade_page(
    request: Request, trade_id: Annotated[int, Path(ge=1, le=MAX_ID), Digits], ctx: Ctx
) -> HTMLResponse:
    history = ctx.store.trade_history(trade_id)
    if history is None:
        raise ApiError(404, f"没有这个工种 · no trade with id {trade_id}")
    source = ctx.source(history.source_id)
    day = shanghai_today()
    found = catalogue_in_force(ctx.store, source, day)
    version = None if isinstance(found, Missing) else found
    listed = version is not None and trade_id in ctx.store.listed_trade_ids(version.id).values()
    where = standing(
        ctx.store,
        history=history,
        source=source,
        matched_name=history.name,
        in_force=version,
        listed=listed,
    )
    table = rule_table_as_of(ctx.store, ctx.sources, day)
    kind = catalogue_kind_of(table, version or ctx.store.latest_version(source.id))
    context = {
        "history": history,
        "standing": where,
        "missing": found if isinstance(found, Missing) else None,
        "points": points_by_level(table, kind),
        "day": day,
    }
    return templates.TemplateResponse(request, "trade.html", context)
