"""Trade search over every name and alias ever published, and one trade's history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.params import MAX_ID, Digits
from service.http.api.schemas import TradeHistoryPublic, TradeMatchPublic, error_responses

router = APIRouter(prefix="/v1/trades", tags=["trades"])


@router.get("", response_model=list[TradeMatchPublic], responses=error_responses(422))
def search_trades(
    ctx: Ctx,
    q: Annotated[
        str,
        Query(min_length=1, max_length=50, description="part of a name or a former name/alias"),
    ],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[TradeMatchPublic]:
    """Trades whose name or alias, at any version, contains `q` (e.g. 热处理工)."""
    needle = q.replace("\x00", "").strip()
    if not needle:  # blanks and control characters name no trade: nothing matches them
        return []
    return [TradeMatchPublic.from_match(m) for m in ctx.store.search_trades(needle, limit=limit)]


@router.get(
    "/{trade_id}/history",
    response_model=TradeHistoryPublic,
    responses=error_responses(404),
)
def get_trade_history(
    trade_id: Annotated[int, Path(ge=1, le=MAX_ID), Digits], ctx: Ctx
) -> TradeHistoryPublic:
    """When the trade appeared, was renamed, disappeared or came back, with each 文号."""
    history = ctx.store.trade_history(trade_id)
    if history is None:
        raise ApiError(404, f"no trade with id {trade_id}; search with GET /v1/trades?q=")
    return TradeHistoryPublic.from_record(history)
