"""Named leases in the database, e.g. so that exactly one process runs the scheduler."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, or_, select, update

from store.sql import insert_ignoring
from store.tables import LEASE


def acquire_lease(
    connection: Connection, name: str, holder: str, ttl_seconds: float, now: datetime
) -> bool:
    """Take `name` if it is free, expired, or already ours; True when `holder` now holds it."""
    expires_at = now + timedelta(seconds=ttl_seconds)
    connection.execute(
        insert_ignoring(connection, LEASE, ["name"]).values(
            name=name, holder=holder, expires_at=expires_at
        )
    )
    taken = connection.execute(
        update(LEASE)
        .where(LEASE.c.name == name, or_(LEASE.c.holder == holder, LEASE.c.expires_at <= now))
        .values(holder=holder, expires_at=expires_at)
    )
    return taken.rowcount == 1


def renew_lease(
    connection: Connection, name: str, holder: str, ttl_seconds: float, now: datetime
) -> bool:
    """Extend our lease; False when another holder has taken it (stop working as leader)."""
    renewed = connection.execute(
        update(LEASE)
        .where(LEASE.c.name == name, LEASE.c.holder == holder)
        .values(expires_at=now + timedelta(seconds=ttl_seconds))
    )
    return renewed.rowcount == 1


def release_lease(connection: Connection, name: str, holder: str) -> bool:
    released = connection.execute(
        delete(LEASE).where(LEASE.c.name == name, LEASE.c.holder == holder)
    )
    return released.rowcount == 1


def lease_expiry(connection: Connection, name: str) -> datetime | None:
    expires: datetime | None = connection.scalar(
        select(LEASE.c.expires_at).where(LEASE.c.name == name)
    )
    return expires
