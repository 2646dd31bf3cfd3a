"""Liveness with a database round trip, and the Prometheus scrape endpoint."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.metrics import refresh_from_health, render_metrics
from service.http.api.schemas import HealthPublic

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz", response_model=HealthPublic)
def healthz(ctx: Ctx) -> HealthPublic:
    """200 when the process answers and the database does, 503 when the database does not."""
    try:
        ctx.store.ping()
    except Exception:
        # Whatever the driver raised, the answer is "not ready"; the operator gets the details.
        log.exception("healthz: the database did not answer")
        raise ApiError(503, "the database did not answer; see the service log") from None
    scheduler = ctx.scheduler
    role = "off" if scheduler is None else "leader" if scheduler.is_leader() else "standby"
    return HealthPublic(status="ok", database="ok", scheduler=role)


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(ctx: Ctx) -> Response:
    refresh_from_health(ctx.store.all_health())
    return Response(content=render_metrics(), media_type=CONTENT_TYPE_LATEST)
