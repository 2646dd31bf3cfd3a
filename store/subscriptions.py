"""Subscriptions as rows: created, confirmed, removed, listed; secrets kept, never returned to a
listing caller except inside the record the sender reads."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from store.notify_records import (
    Channel,
    Digest,
    Filter,
    ItemKind,
    Language,
    NewSubscription,
    Role,
    Subscription,
    SubscriptionStatus,
)
from store.notify_tables import DELIVERY, SUBSCRIPTION

ACTIVE = SubscriptionStatus.ACTIVE.value


def address_of(channel: Channel, target: str) -> str:
    """What rate limits count by: the e-mail address, or the URL's host."""
    if channel is Channel.EMAIL:
        return target.strip().lower()[:320]
    rest = target.partition("://")[2] or target
    host = rest.split("/", 1)[0].rpartition("@")[2]
    return host.lower()[:320]


def insert_subscription(connection: Connection, new: NewSubscription, now: datetime) -> int:
    status = SubscriptionStatus.ACTIVE if new.is_confirmed else SubscriptionStatus.PENDING
    wanted = new.filter
    inserted = connection.execute(
        SUBSCRIPTION.insert()
        .returning(SUBSCRIPTION.c.id)
        .values(
            role=new.role.value,
            channel=new.channel.value,
            target=new.target,
            address=address_of(new.channel, new.target),
            secret=new.secret,
            token=secrets.token_urlsafe(24),
            source_id=wanted.source_id,
            trade=wanted.trade,
            indicator=wanted.indicator,
            level=wanted.level,
            item_kind=wanted.kind.value if wanted.kind else None,
            include_wording=wanted.include_wording,
            digest=new.digest.value,
            language=new.language.value,
            status=status.value,
            created_at=now,
            confirmed_at=now if new.is_confirmed else None,
            removed_at=None,
        )
    ).scalar_one()
    return int(inserted)


def subscription(row: Any) -> Subscription:
    return Subscription(
        id=int(row.id),
        role=Role(row.role),
        channel=Channel(row.channel),
        target=str(row.target),
        filter=Filter(
            source_id=row.source_id,
            trade=row.trade,
            indicator=row.indicator,
            level=row.level,
            kind=ItemKind(row.item_kind) if row.item_kind else None,
            include_wording=bool(row.include_wording),
        ),
        digest=Digest(row.digest),
        language=Language(row.language),
        status=SubscriptionStatus(row.status),
        created_at=row.created_at,
        confirmed_at=row.confirmed_at,
        secret=row.secret,
        token=str(row.token),
    )


def get_subscription(connection: Connection, subscription_id: int) -> Subscription | None:
    row = connection.execute(
        select(SUBSCRIPTION).where(SUBSCRIPTION.c.id == subscription_id)
    ).one_or_none()
    return None if row is None else subscription(row)


def list_subscriptions(
    connection: Connection, *, role: Role = Role.SUBSCRIBER, include_removed: bool = False
) -> list[Subscription]:
    query = select(SUBSCRIPTION).where(SUBSCRIPTION.c.role == role.value)
    if not include_removed:
        query = query.where(SUBSCRIPTION.c.status != SubscriptionStatus.REMOVED.value)
    return [subscription(row) for row in connection.execute(query.order_by(SUBSCRIPTION.c.id))]


def active_subscribers(connection: Connection, at: datetime) -> list[Subscription]:
    """Subscribers whose subscription was confirmed by `at` and is still active."""
    rows = connection.execute(
        select(SUBSCRIPTION)
        .where(
            SUBSCRIPTION.c.status == ACTIVE,
            SUBSCRIPTION.c.role == Role.SUBSCRIBER.value,
            SUBSCRIPTION.c.confirmed_at <= at,
        )
        .order_by(SUBSCRIPTION.c.id)
    )
    return [subscription(row) for row in rows]


def confirm(connection: Connection, subscription_id: int, now: datetime) -> bool:
    """Activate a pending subscription; True when it is active now (again is fine)."""
    connection.execute(
        update(SUBSCRIPTION)
        .where(
            SUBSCRIPTION.c.id == subscription_id,
            SUBSCRIPTION.c.status == SubscriptionStatus.PENDING.value,
        )
        .values(status=ACTIVE, confirmed_at=now)
    )
    status = connection.scalar(
        select(SUBSCRIPTION.c.status).where(SUBSCRIPTION.c.id == subscription_id)
    )
    return status == ACTIVE


def remove(connection: Connection, subscription_id: int, now: datetime) -> bool:
    """Remove a subscription and cancel what it still had queued; False when there is none.
    Removing it again changes nothing and is no error."""
    status = connection.scalar(
        select(SUBSCRIPTION.c.status).where(SUBSCRIPTION.c.id == subscription_id)
    )
    if status is None:
        return False
    if status != SubscriptionStatus.REMOVED.value:
        connection.execute(
            update(SUBSCRIPTION)
            .where(SUBSCRIPTION.c.id == subscription_id)
            .values(status=SubscriptionStatus.REMOVED.value, removed_at=now)
        )
        connection.execute(
            update(DELIVERY)
            .where(DELIVERY.c.subscription_id == subscription_id, DELIVERY.c.status == "pending")
            .values(status="cancelled", updated_at=now)
        )
    return True


def recent_count(connection: Connection, address: str, since: datetime) -> int:
    """Subscriptions asked for by this address since `since` (for rate limits)."""
    found = connection.scalar(
        select(func.count()).where(
            SUBSCRIPTION.c.address == address, SUBSCRIPTION.c.created_at >= since
        )
    )
    return int(found or 0)


def operator_subscription(
    connection: Connection, channel: Channel, target: str, secret: str | None, now: datetime
) -> int:
    """The one operator channel, created or updated to what the deployment names now."""
    found = connection.execute(
        select(SUBSCRIPTION.c.id).where(
            SUBSCRIPTION.c.role == Role.OPERATOR.value, SUBSCRIPTION.c.status == ACTIVE
        )
    ).first()
    values = {
        "channel": channel.value,
        "target": target,
        "address": address_of(channel, target),
        "secret": secret,
    }
    if found is not None:
        connection.execute(update(SUBSCRIPTION).where(SUBSCRIPTION.c.id == found[0]).values(values))
        return int(found[0])
    return insert_subscription(
        connection, NewSubscription(channel, target, secret=secret, role=Role.OPERATOR), now
    )
