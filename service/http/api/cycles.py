"""Admin: start one cycle of every source now, and follow it (`POST /v1/cycles`,
`GET /v1/cycles/{cycle_id}`); the scheduled checks go on beside it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from service.http.api.admin import AdminAuthorization, require_admin_token
from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.params import MAX_ID, Digits
from service.http.api.schemas import error_responses
from service.pipeline.runs import CycleRun, CycleRuns, NotLeading

router = APIRouter(prefix="/v1/cycles", tags=["admin"])


class CyclePublic(BaseModel):
    """A cycle started on request: one check of every source, under the scheduler's lease."""

    id: int = Field(description="numbered within this process; GET /v1/cycles/{id} follows it")
    state: Literal["running", "done", "failed"]
    started_at: datetime
    ended_at: datetime | None = Field(description="when it ended; null while it runs")
    term: int = Field(description="the scheduler lease term its checks were written under")
    checks: int = Field(description="checks recorded (0 while it runs)")
    changes: int = Field(description="published changes among them")
    outcomes: dict[str, int] = Field(description="checks by outcome: ok, not_modified, …")
    error: str | None = Field(description="why it failed, when it did")

    @classmethod
    def from_run(cls, run: CycleRun) -> CyclePublic:
        return cls(
            id=run.id,
            state=run.state.value,
            started_at=run.started_at,
            ended_at=run.ended_at,
            term=run.term,
            checks=run.checks,
            changes=run.changes,
            outcomes=dict(run.outcomes),
            error=run.error,
        )


def _runs(ctx: Ctx, authorization: str | None) -> CycleRuns:
    require_admin_token(ctx, authorization)
    if ctx.cycles is None:  # a process that runs no checks (tests, a reader)
        raise ApiError(503, "admin actions are disabled: this process runs no checks")
    return ctx.cycles


@router.post(
    "",
    status_code=202,
    response_model=CyclePublic,
    responses=error_responses(401, 403, 503),
)
async def start_cycle(
    ctx: Ctx, response: Response, authorization: AdminAuthorization = None
) -> CyclePublic:
    """Start one cycle of every source now (admin token required) and answer at once, 202,
    with the cycle to follow at `Location`. While a cycle runs, answers that one. 503 when this
    process does not hold the scheduler lease: the leader runs the checks."""
    runs = _runs(ctx, authorization)
    try:
        run = runs.start()
    except NotLeading:
        raise ApiError(
            503, "this process does not hold the scheduler lease; ask the leader (GET /healthz)"
        ) from None
    response.headers["Location"] = f"/v1/cycles/{run.id}"
    return CyclePublic.from_run(run)


@router.get("/{cycle_id}", response_model=CyclePublic, responses=error_responses(401, 403, 404))
def cycle(
    cycle_id: Annotated[int, Path(ge=1, le=MAX_ID), Digits],
    ctx: Ctx,
    authorization: AdminAuthorization = None,
) -> CyclePublic:
    """A cycle started on request: running, done or failed (admin token required)."""
    run = _runs(ctx, authorization).get(cycle_id)
    if run is None:
        raise ApiError(404, f"no cycle {cycle_id} in this process; POST /v1/cycles starts one")
    return CyclePublic.from_run(run)
