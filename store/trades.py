"""Queries over trade entities: search by any name ever used, and the life of one trade."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from store.codec import decode_members
from store.records import TradeEvent, TradeEventKind, TradeHistory, TradeMatch
from store.tables import TRADE, TRADE_NAME, VERSION
from store.versioning import PUBLISHED


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_trades(connection: Connection, query: str, limit: int) -> list[TradeMatch]:
    """Trades with a published name or alias containing `query`, best (shortest) match first.

    One query. A substring match cannot use a B-tree index, so names are scanned once.
    """
    text = query.strip()
    if not text or limit <= 0:
        return []
    matched = (
        select(
            TRADE_NAME.c.trade_id,
            func.min(TRADE_NAME.c.name).label("matched_name"),
            func.min(func.length(TRADE_NAME.c.name)).label("best"),
        )
        .where(TRADE_NAME.c.name.like(_like_pattern(text), escape="\\"))
        .group_by(TRADE_NAME.c.trade_id)
        .subquery()
    )
    # Listed: the trade's last version is its source's newest published one (indexed look-up).
    newest = (
        select(func.max(VERSION.c.id))
        .where(VERSION.c.source_id == TRADE.c.source_id, VERSION.c.status == PUBLISHED)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            TRADE.c.id,
            TRADE.c.source_id,
            TRADE.c.current_name,
            matched.c.matched_name,
            (TRADE.c.last_version_id == newest).label("is_listed"),
        )
        .join(matched, matched.c.trade_id == TRADE.c.id)
        .order_by(matched.c.best, TRADE.c.id)
        .limit(limit)
    ).all()
    return [
        TradeMatch(
            trade_id=int(row.id),
            source_id=str(row.source_id),
            name=str(row.current_name),
            matched_name=str(row.matched_name),
            is_listed=bool(row.is_listed),
        )
        for row in rows
    ]


def listed_trade_ids(connection: Connection, version_id: int) -> dict[str, int]:
    """The trade entity of each row a version lists, by the row's name (one look-up)."""
    members = connection.scalar(select(VERSION.c.trades).where(VERSION.c.id == version_id))
    return {name: listed_id for listed_id, name, _ in decode_members(members)}


def trade_history(connection: Connection, trade_id: int) -> TradeHistory | None:
    entity = connection.execute(select(TRADE).where(TRADE.c.id == trade_id)).one_or_none()
    if entity is None:
        return None
    names = tuple(
        connection.scalars(
            select(TRADE_NAME.c.name)
            .where(TRADE_NAME.c.trade_id == trade_id)
            .order_by(TRADE_NAME.c.first_version_id, TRADE_NAME.c.id)
        )
    )
    versions = connection.execute(
        select(
            VERSION.c.id,
            VERSION.c.observed_at,
            VERSION.c.published_on,
            VERSION.c.doc_number,
            VERSION.c.trades,
        )
        .where(VERSION.c.source_id == entity.source_id, VERSION.c.status == PUBLISHED)
        .order_by(VERSION.c.observed_at, VERSION.c.id)
    ).all()
    listed = {
        int(version.id): name
        for version in versions
        for listed_id, name, _ in decode_members(version.trades)
        if listed_id == trade_id
    }
    events = _events(versions, listed)
    return TradeHistory(
        trade_id=trade_id,
        source_id=str(entity.source_id),
        name=str(entity.current_name),
        names=names,
        events=events,
    )


def _events(versions: Sequence[Any], listed: dict[int, str]) -> tuple[TradeEvent, ...]:
    """Walk the published versions in observed order and note each change of membership."""
    events: list[TradeEvent] = []
    previous: str | None = None
    for version in versions:
        name = listed.get(int(version.id))
        kind, old = _step(previous, name, has_appeared=bool(events))
        if kind is not None:
            events.append(
                TradeEvent(
                    kind=kind,
                    version_id=int(version.id),
                    observed_at=version.observed_at,
                    published_on=version.published_on,
                    doc_number=version.doc_number,
                    name=str(name or previous),
                    old_name=old,
                )
            )
        previous = name
    return tuple(events)


def _step(
    previous: str | None, name: str | None, *, has_appeared: bool
) -> tuple[TradeEventKind | None, str | None]:
    if name is not None and previous is None:
        return (TradeEventKind.REAPPEARED if has_appeared else TradeEventKind.APPEARED), None
    if name is None and previous is not None:
        return TradeEventKind.DISAPPEARED, None
    if name is not None and name != previous:
        return TradeEventKind.RENAMED, previous
    return None, None
