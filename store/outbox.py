"""The outbox: one notice per published change, written in the change's own transaction, and
the fan-out that turns each notice into deliveries, one per matching subscription."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from diffing.records import ChangeEvent
from store import events, queries
from store.db import write_transaction
from store.notify_records import Fanned, NoticeKind, PendingNotice, Subscription
from store.notify_tables import DELIVERY, OUTBOX
from store.sql import insert_ignoring
from store.subscriptions import active_subscribers
from store.tables import TRADE_NAME

# Decides, for one notice, which of the subscriptions active when it was written get it, when.
Decide = Callable[[PendingNotice, Sequence[Subscription]], Sequence[Fanned]]
FAN_OUT_BATCH = 50


def enqueue_notice(
    connection: Connection, event_id: int, kind: NoticeKind, now: datetime | None = None
) -> None:
    connection.execute(
        OUTBOX.insert().values(
            event_id=event_id,
            kind=kind.value,
            created_at=now or datetime.now(UTC),
            fanned_out_at=None,
        )
    )


def fan_out(engine: Engine, decide: Decide, now: datetime, limit: int = FAN_OUT_BATCH) -> int:
    """Turn up to `limit` waiting notices into deliveries, in one transaction; returns how many
    deliveries were queued. Several processes may run it at once: on PostgreSQL a notice is
    taken with SKIP LOCKED, on SQLite the write lock serialises them, and a delivery's
    dedupe key makes a repeat harmless."""
    with write_transaction(engine) as connection:
        rows = _waiting(connection, limit)
        queued = 0
        for row in rows:
            event = events.change(connection, int(row.event_id))
            if event is not None:
                created_at: datetime = row.created_at
                subscribers = active_subscribers(connection, created_at)
                notice = _notice(connection, row, event, subscribers)
                queued += _queue(connection, notice, decide(notice, subscribers), now)
            connection.execute(
                update(OUTBOX).where(OUTBOX.c.id == row.id).values(fanned_out_at=now)
            )
        return queued


def pending_notices(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            select(OUTBOX.c.id).where(OUTBOX.c.fanned_out_at.is_(None))
        ).all()
    return len(found)


def _waiting(connection: Connection, limit: int) -> list[Any]:
    query = (
        select(OUTBOX).where(OUTBOX.c.fanned_out_at.is_(None)).order_by(OUTBOX.c.id).limit(limit)
    )
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(connection.execute(query).all())


def _notice(
    connection: Connection, row: Any, event: ChangeEvent, subscribers: Sequence[Subscription]
) -> PendingNotice:
    names = {s.filter.trade for s in subscribers if s.filter.trade}
    wants_rules = any(s.filter.indicator for s in subscribers)
    return PendingNotice(
        id=int(row.id),
        kind=NoticeKind(row.kind),
        event=event,
        created_at=row.created_at,
        trade_names=trade_names(connection, names) if names else {},
        rule_keys=rule_keys(connection, event) if wants_rules else {},
    )


def trade_names(connection: Connection, names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Per name: itself and every name of each trade ever listed under it (renames, aliases)."""
    wanted = sorted(set(names))
    bearers = connection.execute(
        select(TRADE_NAME.c.name, TRADE_NAME.c.trade_id).where(TRADE_NAME.c.name.in_(wanted))
    ).all()
    trade_ids = {int(trade_id) for _, trade_id in bearers}
    all_names: dict[int, set[str]] = {}
    if trade_ids:
        for name, trade_id in connection.execute(
            select(TRADE_NAME.c.name, TRADE_NAME.c.trade_id).where(
                TRADE_NAME.c.trade_id.in_(sorted(trade_ids))
            )
        ):
            all_names.setdefault(int(trade_id), set()).add(str(name))
    found = {name: {name} for name in wanted}
    for name, trade_id in bearers:
        found[str(name)].update(all_names.get(int(trade_id), ()))
    return {name: frozenset(values) for name, values in found.items()}


def rule_keys(connection: Connection, event: ChangeEvent) -> dict[str, tuple[str, str]]:
    """A rule item names its rule by label; the two versions' rules say which indicator."""
    if not any(item.kind.startswith("rule_") for item in event.items):
        return {}
    ids = [i for i in (event.from_version_id, event.to_version_id) if i is not None]
    keys: dict[str, tuple[str, str]] = {}
    for document in queries.documents(connection, ids).values():
        for rule in document.points.rules if document.points else ():
            key = (rule.indicator, rule.level)
            keys[f"{rule.indicator} {rule.level}".strip()] = key
            if rule.label:
                keys[rule.label] = key
    return keys


def _queue(
    connection: Connection, notice: PendingNotice, fanned: Sequence[Fanned], now: datetime
) -> int:
    if not fanned:
        return 0
    rows = [
        delivery_values(
            subscription_id=f.subscription_id,
            dedupe_key=f"outbox:{notice.id}:{f.subscription_id}",
            kind=notice.kind,
            ref_id=notice.event.id,
            due_at=f.due_at,
            now=now,
            item_indexes=f.item_indexes,
        )
        for f in fanned
    ]
    connection.execute(insert_ignoring(connection, DELIVERY, ["dedupe_key"]), rows)
    return len(rows)


def delivery_values(
    *,
    subscription_id: int,
    dedupe_key: str,
    kind: NoticeKind,
    ref_id: int | None,
    due_at: datetime,
    now: datetime,
    item_indexes: tuple[int, ...] = (),
) -> dict[str, Any]:
    return {
        "subscription_id": subscription_id,
        "dedupe_key": dedupe_key,
        "kind": kind.value,
        "ref_id": ref_id,
        "item_indexes": ",".join(str(i) for i in item_indexes),
        "status": "pending",
        "attempts": 0,
        "due_at": due_at,
        "lease_until": None,
        "claimed_by": None,
        "last_status_code": None,
        "last_error": "",
        "created_at": now,
        "updated_at": now,
        "sent_at": None,
    }
