"""Prometheus metrics of the checks and changes, and the hooks the pipeline calls to feed them.

A registry of our own keeps the numbers apart from anything else loaded in the process.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

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


def render_metrics() -> bytes:
    return generate_latest(REGISTRY)
