"""Named leases in the database, e.g. so that exactly one process runs the scheduler.

Each acquisition starts a new term (a number that only grows, kept across releases), and a
write made under a lease carries its term as a `Fence`: `check_fence` refuses it inside the
write transaction once the lease has moved to another holder or a later term.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, or_, select, update

from store.errors import StaleTerm
from store.records import Fence, Lease
from store.sql import insert_ignoring
from store.tables import LEASE


def acquire_lease(
    connection: Connection, name: str, holder: str, ttl_seconds: float, now: datetime
) -> Lease | None:
    """Take `name` if it is free, expired, or already ours, in a new term; None when another
    holder has it."""
    # A lease never taken starts expired in term 0, so the update below is the one way in.
    connection.execute(
        insert_ignoring(connection, LEASE, ["name"]).values(
            name=name, holder=holder, expires_at=now, term=0
        )
    )
    taken = connection.execute(
        update(LEASE)
        .where(LEASE.c.name == name, or_(LEASE.c.holder == holder, LEASE.c.expires_at <= now))
        .values(
            holder=holder,
            expires_at=now + timedelta(seconds=ttl_seconds),
            term=LEASE.c.term + 1,
        )
    )
    return lease(connection, name) if taken.rowcount == 1 else None


def renew_lease(
    connection: Connection, held: Fence, ttl_seconds: float, now: datetime
) -> Lease | None:
    """Extend the lease `held` names while it is still that holder's in that term and
    unexpired; None otherwise (stop working as leader, and acquire again for a new term)."""
    renewed = connection.execute(
        update(LEASE)
        .where(
            LEASE.c.name == held.lease,
            LEASE.c.holder == held.holder,
            LEASE.c.term == held.term,
            LEASE.c.expires_at > now,
        )
        .values(expires_at=now + timedelta(seconds=ttl_seconds))
    )
    return lease(connection, held.lease) if renewed.rowcount == 1 else None


def release_lease(connection: Connection, name: str, holder: str, now: datetime) -> bool:
    """Let the lease expire now, so a standby takes it at once; the term is kept."""
    released = connection.execute(
        update(LEASE)
        .where(LEASE.c.name == name, LEASE.c.holder == holder, LEASE.c.expires_at > now)
        .values(expires_at=now)
    )
    return released.rowcount == 1


def lease(connection: Connection, name: str) -> Lease | None:
    row = connection.execute(select(LEASE).where(LEASE.c.name == name)).one_or_none()
    if row is None:
        return None
    return Lease(name=row.name, holder=row.holder, term=int(row.term), expires_at=row.expires_at)


def check_fence(connection: Connection, fence: Fence) -> None:
    """Raise StaleTerm unless `fence` names the lease's current holder and term.

    On PostgreSQL the row is read FOR SHARE: a takeover (an UPDATE of the row) waits until the
    write that checked it has committed, so no write of an old term lands after a new term
    began. SQLite's BEGIN IMMEDIATE already serialises the two.
    """
    current = connection.execute(
        select(LEASE.c.holder, LEASE.c.term)
        .where(LEASE.c.name == fence.lease)
        .with_for_update(read=True)
    ).one_or_none()
    if current is None or (current.holder, current.term) != (fence.holder, fence.term):
        held = None if current is None else (str(current.holder), int(current.term))
        raise StaleTerm(fence.lease, fence.holder, fence.term, held)


def lease_expiry(connection: Connection, name: str) -> datetime | None:
    expires: datetime | None = connection.scalar(
        select(LEASE.c.expires_at).where(LEASE.c.name == name)
    )
    return expires
