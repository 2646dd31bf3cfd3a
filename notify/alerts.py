"""Operator alerts: what is wrong now (a source failing again and again, a capture held in
quarantine, a rule document read incompletely, a scheduler lease nobody renews). The store
turns these into incidents, opened once and closed with a recovery notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from scraper.records import Source, SourceKind
from store.notify_records import Channel, IncidentKind, Problem
from store.store import Store

SCHEDULER_LEASE = "scheduler"


def find_problems(
    store: Store,
    sources: Sequence[Source],
    now: datetime,
    *,
    failures: int,
    lease_stale_seconds: float,
) -> list[Problem]:
    problems = [
        Problem(
            IncidentKind.SOURCE_FAILING,
            h.source_id,
            f"{h.source_id}: {h.error_streak} failed checks in a row; last "
            f"{h.last_outcome.value if h.last_outcome else '?'} {h.last_detail}".strip(),
        )
        for h in store.all_health()
        if h.error_streak >= failures
    ]
    for source_id, state in store.states([s.id for s in sources]).items():
        if state.pending is not None:
            problems.append(
                Problem(
                    IncidentKind.QUARANTINED,
                    source_id,
                    f"{source_id}: version {state.pending.id} is held in quarantine until a "
                    "later capture confirms it",
                )
            )
    problems += _incomplete(store, sources)
    expiry = store.lease_expiry(SCHEDULER_LEASE)
    if expiry is not None and (now - expiry).total_seconds() > lease_stale_seconds:
        problems.append(
            Problem(
                IncidentKind.STALE_LEASE,
                SCHEDULER_LEASE,
                f"the scheduler lease expired at {expiry.isoformat(timespec='seconds')} and no "
                "process has taken it: no source is being checked",
            )
        )
    return problems


def _incomplete(store: Store, sources: Sequence[Source]) -> list[Problem]:
    found = []
    for source in sources:
        if source.kind is not SourceKind.POINTS:
            continue
        version = store.latest_version(source.id)
        points = version.document.points if version is not None else None
        if points is None or not points.unread:
            continue
        unread = ", ".join(
            f"{u.indicator}{':' + u.level if u.level else ''} ({u.missing or 'all'})"
            for u in points.unread[:5]
        )
        found.append(
            Problem(
                IncidentKind.INCOMPLETE_DOCUMENT,
                source.id,
                f"{source.id}: {len(points.unread)} items of the version in force could not be "
                f"read: {unread}",
            )
        )
    return found


def operator_channel(url: str) -> tuple[Channel, str]:
    """JIFEN_OPERATOR_NOTIFY: `mailto:ADDR` is e-mail, `http(s)://…` a signed webhook, any
    other URL goes to apprise."""
    if url.startswith("mailto:") and not url.startswith("mailto://"):
        return Channel.EMAIL, url.removeprefix("mailto:")
    if url.startswith(("http://", "https://")):
        return Channel.WEBHOOK, url
    return Channel.APPRISE, url
