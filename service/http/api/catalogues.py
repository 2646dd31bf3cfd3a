"""The catalogue in force on a date, and the list of a source's versions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from service.http.api.context import AppContext, Ctx
from service.http.api.errors import ApiError
from service.http.api.params import AsOf
from service.http.api.schemas import (
    CataloguePublic,
    Timeline,
    TradePublic,
    VersionPublic,
    VersionSummaryPublic,
    error_responses,
)
from service.present.catalogue import Missing, catalogue_in_force
from store.records import StoredVersion
from words import shanghai_today

router = APIRouter(prefix="/v1/catalogues", tags=["catalogues"])

SourceId = Annotated[str, Path(max_length=100)]
TimelineParam = Annotated[
    Timeline,
    Query(description="effective: in force on the day; observed: what we had seen by then"),
]
_NOT_FOUND = error_responses(404)


def today() -> date:
    """Today in Shanghai: a rule in force from a day is in force from its Shanghai midnight."""
    return shanghai_today()


def catalogue_version(
    ctx: AppContext, source_id: str, as_of: date, timeline: Timeline
) -> StoredVersion:
    """The version in force, or a 404 saying why there is none: not a catalogue source, not
    captured yet, nothing in force that day (the code says which)."""
    found = catalogue_in_force(ctx.store, ctx.source(source_id), as_of, timeline)
    if isinstance(found, Missing):
        raise ApiError(404, found.message, code=found.reason.value)
    return found


@router.get("/{source_id}", response_model=CataloguePublic, responses=_NOT_FOUND)
def get_catalogue(
    source_id: SourceId, ctx: Ctx, as_of: AsOf = None, timeline: TimelineParam = "effective"
) -> CataloguePublic:
    """The catalogue in force on the day. 404 when there is none, and `code` says why:
    `not_a_catalogue` (a points or index source), `not_captured` (nothing recorded yet),
    `not_in_force` (nothing in force that day); `jifen catalogue` says the same."""
    day = as_of or today()
    return catalogue_public(catalogue_version(ctx, source_id, day, timeline), day, timeline)


def catalogue_public(version: StoredVersion, day: date, timeline: Timeline) -> CataloguePublic:
    """The catalogue of a version as the API and `jifen catalogue --format json` give it."""
    catalogue = version.document.catalogue
    trades = catalogue.trades if catalogue else ()
    return CataloguePublic(
        source_id=version.source_id,
        as_of=day,
        timeline=timeline,
        title=(catalogue.title if catalogue else None) or version.meta.title,
        version=VersionPublic.from_record(version),
        trades=[TradePublic.from_trade(t) for t in trades],
    )


@router.get(
    "/{source_id}/versions", response_model=list[VersionSummaryPublic], responses=_NOT_FOUND
)
def list_versions(source_id: SourceId, ctx: Ctx) -> list[VersionSummaryPublic]:
    """Every parsed version of the source, newest first."""
    source = ctx.source(source_id)
    return [VersionSummaryPublic.from_summary(v) for v in ctx.store.versions(source.id)]
