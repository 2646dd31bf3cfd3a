"""Liveness with a database round trip, and the Prometheus scrape endpoint."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.http.api.context import AppContext, Ctx
from service.http.api.errors import UNAVAILABLE_RETRY_AFTER_SECONDS
from service.http.api.metrics import refresh_from_health, refresh_from_process, render_metrics
from service.http.api.schemas import HealthPublic
from service.lease import Role
from store.errors import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "unhealthy: `problems` says why"}},
)
def healthz(ctx: Ctx, response: Response) -> HealthPublic:
    """200 when this process serves and its checks are written; 503 with Retry-After when the
    database does not answer, the latest write of a check failed, no check was recorded for
    longer than the schedule allows, or the scheduler's lease loop failed."""
    problems: list[str] = []
    is_database_up = True
    try:
        newest = ctx.store.newest_check_at()
    except StoreUnavailable as error:
        is_database_up = False
        problems.append(f"database: {error.reason}")
    else:
        problems.extend(_schedule_problems(ctx, newest))
    failure = ctx.writes.last_failure if ctx.writes.is_failing else None
    if failure is not None:
        problems.append(f"the latest write of a check failed: {failure.reason}")
    lease = ctx.scheduler.lease() if ctx.scheduler is not None else None
    if lease is not None and lease.role is Role.FAILED:
        problems.append(f"the scheduler lease loop failed: {lease.error}")
    if problems:
        response.status_code = 503
        response.headers["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER_SECONDS)
    return HealthPublic(
        status="unhealthy" if problems else "ok",
        database="ok" if is_database_up else "unavailable",
        scheduler=lease.role.value if lease is not None else Role.OFF.value,
        term=lease.term if lease is not None else None,
        lease_expires_at=lease.expires_at if lease is not None else None,
        last_write_failed_at=failure.at if failure is not None else None,
        problems=problems,
    )


def _schedule_problems(ctx: AppContext, newest: datetime | None) -> list[str]:
    if ctx.scheduler is None:
        return []
    due_by = ctx.scheduler.checks_due_by(newest)
    if datetime.now(UTC) <= due_by:
        return []
    since = newest.isoformat(timespec="seconds") if newest else "this process started"
    return [
        f"no check recorded since {since}; the schedule wants one by {due_by:%Y-%m-%dT%H:%M:%SZ}"
    ]


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(ctx: Ctx) -> Response:
    refresh_from_health(ctx.store.all_health())
    refresh_from_process(ctx.scheduler.lease() if ctx.scheduler else None, ctx.writes.totals())
    return Response(content=render_metrics(), media_type=CONTENT_TYPE_LATEST)
