"""Prometheus metrics of the checks and changes, and the hooks the pipeline calls to feed them.

A registry of our own keeps the numbers apart from anything else loaded in the process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from service.lease import LeaseView, Role
from store.records import SourceHealth

REGISTRY = CollectorRegistry()

CHECKS = Counter(
    "jifen_checks",
    "Checks of a source by how they ended (ok, not_modified, transient_error, ...).",
    ["source_id", "outcome"],
    registry=REGISTRY,
)
CHECK_SECONDS = Histogram(
    "jifen_check_duration_seconds",
    "Wall time of one check of one source, fetch to store.",
    ["source_id"],
    # Government pages answer in well under a second or time out near the total deadline.
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120),
    registry=REGISTRY,
)
CHANGES = Counter(
    "jifen_changes_published",
    "Change events published for a source.",
    ["source_id"],
    registry=REGISTRY,
)
LAST_SUCCESS = Gauge(
    "jifen_last_success_timestamp_seconds",
    "Unix time of the last check that could look at the page (ok or not modified).",
    ["source_id"],
    registry=REGISTRY,
)
ERROR_STREAK = Gauge(
    "jifen_error_streak",
    "Consecutive failed checks of a source up to now.",
    ["source_id"],
    registry=REGISTRY,
)

FAILED_WRITES = Gauge(
    "jifen_failed_writes",
    "Checks of a source whose write failed since the process started (database down, full or "
    "read-only); such checks are in no other metric that comes from the database.",
    ["source_id"],
    registry=REGISTRY,
)
SCHEDULER_ROLE = Gauge(
    "jifen_scheduler_role",
    "1 for this process's scheduler role (leader, standby, off, failed), 0 for the others.",
    ["role"],
    registry=REGISTRY,
)
LEASE_TERM = Gauge(
    "jifen_scheduler_lease_term",
    "The scheduler lease's term held, or last held, by this process.",
    registry=REGISTRY,
)
LEASE_EXPIRY = Gauge(
    "jifen_scheduler_lease_expiry_timestamp_seconds",
    "Unix time the lease this process holds expires unless renewed; 0 when it holds none.",
    registry=REGISTRY,
)
LEASE_FAILURES = Gauge(
    "jifen_scheduler_lease_failed_calls",
    "Lease acquisitions and renewals that failed (database unavailable or too slow) since start.",
    registry=REGISTRY,
)

REFUSED = Counter(
    "jifen_http_refused",
    "Requests refused by the HTTP limits: reason rate (429) or body (413).",
    ["reason"],
    registry=REGISTRY,
)


def observe_refused(reason: str) -> None:
    """Count one request the HTTP limits turned away."""
    REFUSED.labels(reason=reason).inc()


def observe_check(source_id: str, outcome: str, seconds: float) -> None:
    """Count one finished check; the pipeline calls this after every check."""
    CHECKS.labels(source_id=source_id, outcome=outcome).inc()
    CHECK_SECONDS.labels(source_id=source_id).observe(seconds)


def observe_change(source_id: str) -> None:
    """Count one published change event."""
    CHANGES.labels(source_id=source_id).inc()


def refresh_from_health(health: Iterable[SourceHealth]) -> None:
    """Set the per-source gauges from the store, so they survive a restart of the process."""
    for h in health:
        if h.last_success_at is not None:
            LAST_SUCCESS.labels(source_id=h.source_id).set(h.last_success_at.timestamp())
        ERROR_STREAK.labels(source_id=h.source_id).set(h.error_streak)


def refresh_from_process(lease: LeaseView | None, failed_writes: Mapping[str, int]) -> None:
    """Set the gauges only this process knows: its lease and the writes that never landed."""
    for source_id, count in failed_writes.items():
        FAILED_WRITES.labels(source_id=source_id).set(count)
    role = lease.role if lease is not None else Role.OFF
    for each in Role:
        SCHEDULER_ROLE.labels(role=each.value).set(1 if each is role else 0)
    if lease is not None:
        LEASE_TERM.set(lease.term or 0)
        LEASE_EXPIRY.set(lease.expires_at.timestamp() if lease.expires_at else 0)
        LEASE_FAILURES.set(lease.failures_total)


def render_metrics() -> bytes:
    return generate_latest(REGISTRY)
