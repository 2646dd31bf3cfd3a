"""Sources and their health, and the one admin action: check a source now."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from scoring.export import provenance_to_json
from scoring.tables import provenance_of
from service.http.api.admin import AdminAuthorization, require_admin_token
from service.http.api.catalogues import today
from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.rule_schemas import ProvenancePublic
from service.http.api.schemas import CheckRequestedPublic, SourcePublic, error_responses
from service.present.archive import fallback_text
from service.present.rules import version_in_use

router = APIRouter(prefix="/v1/sources", tags=["sources"])

SourceId = Annotated[str, Path(max_length=100)]


@router.get("", response_model=list[SourcePublic])
def list_sources(ctx: Ctx) -> list[SourcePublic]:
    """Every watched source with its freshness: `unchanged` means we looked and nothing moved,
    `failing` means we could not look."""
    health = {h.source_id: h for h in ctx.store.all_health()}
    return [
        SourcePublic.from_record(
            s,
            health.get(s.id),
            ctx.next_run_at(s.id),
            ctx.store.incomplete_version(s.id),
            document=_document(ctx, s.id),
            fallback=_fallback(ctx, s.id),
            write_failures=ctx.writes.in_a_row(s.id),
        )
        for s in ctx.sources
    ]


@router.get("/{source_id}", response_model=SourcePublic, responses=error_responses(404))
def get_source(source_id: SourceId, ctx: Ctx) -> SourcePublic:
    source = ctx.source(source_id)
    return SourcePublic.from_record(
        source,
        ctx.store.health(source.id),
        ctx.next_run_at(source.id),
        ctx.store.incomplete_version(source.id),
        document=_document(ctx, source.id),
        fallback=_fallback(ctx, source.id),
        write_failures=ctx.writes.in_a_row(source.id),
    )


def _document(ctx: Ctx, source_id: str) -> ProvenancePublic | None:
    """Where the document in use today comes from (the 文件 line of the pages)."""
    version = version_in_use(ctx.store, source_id, today())
    if version is None:
        return None
    return ProvenancePublic.model_validate(provenance_to_json(provenance_of(version)))


def _fallback(ctx: Ctx, source_id: str) -> str | None:
    found = ctx.store.archive_fallback(source_id)
    return fallback_text(found) if found is not None else None


@router.post(
    "/{source_id}/check",
    response_model=CheckRequestedPublic,
    responses=error_responses(401, 403, 404, 503),
)
async def check_source(
    source_id: SourceId,
    ctx: Ctx,
    authorization: AdminAuthorization = None,
) -> CheckRequestedPublic:
    """Run one check of the source now (admin token required)."""
    require_admin_token(ctx, authorization)
    source = ctx.source(source_id)
    if ctx.check_now is None:  # a process that runs no checks (tests, a reader)
        raise ApiError(503, "admin actions are disabled: this process runs no checks")
    result = await ctx.check_now(source.id)
    return CheckRequestedPublic(source_id=source.id, result=result)
