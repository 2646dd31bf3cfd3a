"""Operator incidents: opened once per problem (a unique key while open, so several processes
agree), closed when the problem is gone, each with a delivery to the operator channel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from store.deliveries import enqueue
from store.notify_records import Incident, IncidentKind, NoticeKind, Problem
from store.notify_tables import INCIDENT
from store.sql import insert_ignoring


def _incident(row: Any) -> Incident:
    return Incident(
        id=int(row.id),
        kind=IncidentKind(row.kind),
        subject=str(row.subject),
        detail=str(row.detail),
        opened_at=row.opened_at,
        closed_at=row.closed_at,
    )


def open_key(kind: IncidentKind, subject: str) -> str:
    return f"{kind.value}:{subject}"


def open_incidents(connection: Connection) -> list[Incident]:
    rows = connection.execute(
        select(INCIDENT).where(INCIDENT.c.closed_at.is_(None)).order_by(INCIDENT.c.id)
    )
    return [_incident(row) for row in rows]


def get_incident(connection: Connection, incident_id: int) -> Incident | None:
    row = connection.execute(select(INCIDENT).where(INCIDENT.c.id == incident_id)).one_or_none()
    return None if row is None else _incident(row)


def reconcile(
    connection: Connection, problems: Sequence[Problem], operator_id: int | None, now: datetime
) -> tuple[list[Incident], list[Incident]]:
    """Open an incident for each new problem and close those whose problem is gone; returns
    (opened, closed). Each opening and closing queues one message to `operator_id`."""
    wanted = {open_key(p.kind, p.subject): p for p in problems}
    opened, closed = [], []
    for key, problem in wanted.items():
        inserted = connection.execute(
            insert_ignoring(connection, INCIDENT, ["open_key"])
            .values(
                kind=problem.kind.value,
                subject=problem.subject,
                detail=problem.detail,
                open_key=key,
                opened_at=now,
                closed_at=None,
            )
            .returning(INCIDENT)
        ).one_or_none()
        if inserted is not None:
            opened.append(_incident(inserted))
    for incident in open_incidents(connection):
        if open_key(incident.kind, incident.subject) in wanted:
            continue
        moved = connection.execute(
            update(INCIDENT)
            .where(INCIDENT.c.id == incident.id, INCIDENT.c.closed_at.is_(None))
            .values(closed_at=now, open_key=None)
        )
        if moved.rowcount == 1:
            closed.append(Incident(**{**_fields(incident), "closed_at": now}))
    if operator_id is not None:
        _tell(connection, operator_id, opened, NoticeKind.ALERT, now)
        _tell(connection, operator_id, closed, NoticeKind.RECOVERY, now)
    return opened, closed


def _fields(incident: Incident) -> dict[str, Any]:
    return {name: getattr(incident, name) for name in Incident.__slots__}


def _tell(
    connection: Connection,
    operator_id: int,
    incidents: Sequence[Incident],
    kind: NoticeKind,
    now: datetime,
) -> None:
    for incident in incidents:
        enqueue(
            connection,
            subscription_id=operator_id,
            kind=kind,
            ref_id=incident.id,
            dedupe_key=f"{kind.value}:{incident.id}:{operator_id}",
            due_at=now,
            now=now,
        )
