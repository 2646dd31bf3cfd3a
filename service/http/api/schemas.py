"""Response models of the JSON API (`...Public`): the shapes clients code against.

Each model has a `from_record` that turns a store/diffing record into it; routes stay thin.
Most copy their fields by name (`FromRecord`) and compute only the links they add.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from diffing.records import ChangeEvent
from scraper.records import Outcome, Source, Trade
from service.http.api.rule_schemas import ProvenancePublic
from store.records import (
    SnapshotInfo,
    SourceHealth,
    StoredVersion,
    TradeHistory,
    TradeMatch,
    VersionSummary,
)

# The `responses=` of a route: extra statuses and media types for the OpenAPI document.
Responses = dict[int | str, dict[str, Any]]
# The dates a question may be about: wide enough for any document, narrow enough that date
# arithmetic (end of day, time zones) can never overflow.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
SourceStatus = Literal["ok", "unchanged", "failing", "never_checked"]
Timeline = Literal["effective", "observed"]


class FromRecord(BaseModel):
    """A public model whose fields are read by name from a record's attributes: a field the
    record lacks, or one computed for the public (a link), is passed as a keyword."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def from_record(cls, record: object, **computed: object) -> Self:
        fields = {name: getattr(record, name) for name in cls.model_fields if hasattr(record, name)}
        return cls.model_validate({**fields, **computed})


def evidence_link(sha256: str) -> str:
    return f"/v1/snapshots/{sha256}"


def source_status(health: SourceHealth | None) -> SourceStatus:
    """'unchanged' (looked, nothing new) is never confused with 'failing' (could not look)."""
    if health is None or health.last_outcome is None:
        return "never_checked"
    if health.last_outcome.is_failure:
        return "failing"
    if health.last_outcome is Outcome.NOT_MODIFIED:
        return "unchanged"
    return "ok"


class FieldErrorPublic(BaseModel):
    field: str = Field(
        description="the parameter or body field, as written: `as_of`, "
        "`skill_certificates[0].level`; `body` or `request` for the whole"
    )
    message: str = Field(
        description="what is wrong and what would be right, Chinese first: "
        "出生日期：请填写 YYYY-MM-DD 格式的日期 / birth_date: a date YYYY-MM-DD"
    )


class ErrorDetail(BaseModel):
    code: str = Field(description="invalid_input, not_found, rate_limited, unavailable, …")
    message: str = Field(description="for a person, Chinese first")
    fields: list[FieldErrorPublic] = Field(
        description="one entry per refused field (422); empty when no field is to blame"
    )


class ErrorPublic(BaseModel):
    """Every error the API answers: 4xx and 5xx alike."""

    error: ErrorDetail


def error_responses(*statuses: int) -> Responses:
    """OpenAPI entries saying these statuses answer with the one error shape."""
    return {status: {"model": ErrorPublic} for status in statuses}


class UnreadPublic(FromRecord):
    """An item of a rule document that could not be read: missing, never a zero."""

    indicator: str
    level: str
    clause: str = Field(description="where the document says it, e.g. 第八条（二）")
    missing: str = Field(description="what could not be read: points, cap, level, indicator, …")
    text: str = Field(description="the item's text as published")


class SourcePublic(BaseModel):
    id: str
    name: str
    url: str
    kind: str
    status: SourceStatus
    last_check_at: datetime | None
    last_outcome: str | None
    last_detail: str
    last_success_at: datetime | None
    last_change_at: datetime | None
    error_streak: int = Field(
        description="consecutive failed checks, counting those whose write failed"
    )
    write_failures: int = Field(
        0,
        description="checks since the last written one whose write failed (database down, "
        "full or read-only): they are in no other field",
    )
    checks: int
    next_run_at: datetime | None
    incomplete_version_id: int | None = Field(
        default=None,
        description="newest capture of a rule document read in part: never published as a "
        "change; a score that needs an item it could not read says the item is missing",
    )
    unread: list[UnreadPublic] = Field(
        default_factory=list, description="what that capture states but could not be read"
    )
    document: ProvenancePublic | None = Field(
        default=None,
        description="the document the rule tables use from this source today, and where it was "
        "found (a government site, or a third-party copy)",
    )
    fallback: str | None = Field(
        default=None,
        description="set when the official page failed and the Internet Archive's capture is "
        "served instead: what failed and how old the capture is (Chinese first)",
    )

    @classmethod
    def from_record(
        cls,
        source: Source,
        health: SourceHealth | None,
        next_run_at: datetime | None,
        incomplete: StoredVersion | None = None,
        *,
        document: ProvenancePublic | None = None,
        fallback: str | None = None,
        write_failures: int = 0,
    ) -> SourcePublic:
        points = incomplete.document.points if incomplete is not None else None
        # Served from the archive because the page failed, or its writes fail: failing.
        failing = bool(fallback) or write_failures > 0
        status: SourceStatus = "failing" if failing else source_status(health)
        return cls(
            id=source.id,
            name=source.label,
            url=source.url,
            kind=str(source.kind),
            status=status,
            last_check_at=health.last_check_at if health else None,
            last_outcome=str(health.last_outcome) if health and health.last_outcome else None,
            last_detail=health.last_detail if health else "",
            last_success_at=health.last_success_at if health else None,
            last_change_at=health.last_change_at if health else None,
            error_streak=(health.error_streak if health else 0) + write_failures,
            write_failures=write_failures,
            checks=health.checks if health else 0,
            next_run_at=next_run_at,
            incomplete_version_id=incomplete.id if incomplete is not None else None,
            unread=[UnreadPublic.from_record(gap) for gap in (points.unread if points else ())],
            document=document,
            fallback=fallback,
        )


class VersionPublic(BaseModel):
    id: int
    source_id: str
    status: str
    title: str | None
    doc_number: str | None = Field(description="文号, the document number")
    published_on: date | None
    effective_on: date | None
    in_force_on: date = Field(description="effective date, else published date, else observed")
    observed_at: datetime
    last_seen_at: datetime
    url: str
    parser: str
    parser_version: int
    evidence: str = Field(description="link to the raw capture this version was parsed from")

    @classmethod
    def from_record(cls, version: StoredVersion) -> VersionPublic:
        meta = version.meta
        return cls(
            id=version.id,
            source_id=version.source_id,
            status=str(version.status),
            title=meta.title,
            doc_number=meta.doc_number,
            published_on=meta.published_on,
            effective_on=meta.effective_on,
            in_force_on=version.in_force_on,
            observed_at=version.observed_at,
            last_seen_at=version.last_seen_at,
            url=version.url,
            parser=version.document.parser,
            parser_version=version.document.parser_version,
            evidence=evidence_link(version.snapshot_sha256),
        )


class VersionSummaryPublic(FromRecord):
    id: int
    source_id: str
    status: str
    title: str | None
    doc_number: str | None
    published_on: date | None
    effective_on: date | None
    observed_at: datetime
    last_seen_at: datetime
    parser: str
    parser_version: int
    row_count: int
    evidence: str

    @classmethod
    def from_summary(cls, v: VersionSummary) -> VersionSummaryPublic:
        return cls.from_record(v, evidence=evidence_link(v.snapshot_sha256))


class TradePublic(FromRecord):
    name: str
    aliases: list[str]
    code: str | None
    attributes: dict[str, str]

    @classmethod
    def from_trade(cls, trade: Trade) -> TradePublic:
        return cls.from_record(trade, attributes=dict(trade.attributes))


class CataloguePublic(BaseModel):
    source_id: str
    as_of: date
    timeline: Timeline
    title: str | None
    version: VersionPublic
    trades: list[TradePublic]


class ChangeItemPublic(FromRecord):
    kind: str
    subject: str
    old: str | None
    new: str | None
    detail: str
    impact: str


class ChangePublic(BaseModel):
    id: int
    source_id: str
    source_name: str
    classification: str
    title: str
    summary: str
    items: list[ChangeItemPublic]
    observed_at: datetime
    updated_at: datetime | None
    published_on: date | None
    doc_number: str | None
    url: str
    evidence: str
    page: str = Field(description="the change page for people")
    from_version_id: int | None
    to_version_id: int
    is_backfill: bool

    @classmethod
    def from_record(cls, event: ChangeEvent) -> ChangePublic:
        return cls(
            id=event.id,
            source_id=event.source_id,
            source_name=event.source_name,
            classification=str(event.classification),
            title=event.title,
            summary=event.summary,
            items=[ChangeItemPublic.from_record(i) for i in event.items],
            observed_at=event.observed_at,
            updated_at=event.updated_at,
            published_on=event.published_on,
            doc_number=event.doc_number,
            url=event.url,
            evidence=evidence_link(event.evidence_sha256),
            page=f"/changes/{event.id}",
            from_version_id=event.from_version_id,
            to_version_id=event.to_version_id,
            is_backfill=event.is_backfill,
        )


class ChangeDetailPublic(ChangePublic):
    text_diff: str

    @classmethod
    def from_event(cls, event: ChangeEvent) -> ChangeDetailPublic:
        base = ChangePublic.from_record(event)
        return cls(**base.model_dump(), text_diff=event.text_diff)


class ChangeListPublic(BaseModel):
    changes: list[ChangePublic]
    next_cursor: str | None = Field(description="pass as `cursor` for the next, older page")


class SnapshotPublic(FromRecord):
    sha256: str
    source_id: str
    size_bytes: int
    content_type: str
    status: int | None
    final_url: str
    fetched_at: datetime
    headers: list[tuple[str, str]]
    encoding: str | None
    decided_by: str | None
    raw: str

    @classmethod
    def from_info(cls, info: SnapshotInfo) -> SnapshotPublic:
        return cls.from_record(info, raw=f"{evidence_link(info.sha256)}/raw")


class CheckRequestedPublic(BaseModel):
    source_id: str
    result: str


class HealthPublic(BaseModel):
    status: Literal["ok", "unhealthy"] = Field(description="unhealthy: answered with 503")
    database: Literal["ok", "unavailable"]
    scheduler: Literal["leader", "standby", "off", "failed"] = Field(
        description="leader: this process runs the checks; standby: another one holds the "
        "lease; off: no scheduler here; failed: its lease loop ended with an error"
    )
    term: int | None = Field(
        None, description="the scheduler lease's term held (or last held) by this process"
    )
    lease_expires_at: datetime | None = Field(
        None, description="when the lease this process holds expires unless renewed"
    )
    last_write_failed_at: datetime | None = Field(
        None, description="when the latest write of a check failed, while it is the latest"
    )
    problems: list[str] = Field(
        default_factory=list, description="why the status is unhealthy, one line each"
    )


class TradeMatchPublic(FromRecord):
    trade_id: int
    source_id: str
    name: str = Field(description="the name in the newest published version listing it")
    matched_name: str = Field(description="the name or alias that matched, maybe a former one")
    is_listed: bool = Field(description="listed in the source's newest published version")
    history: str

    @classmethod
    def from_match(cls, m: TradeMatch) -> TradeMatchPublic:
        return cls.from_record(m, history=f"/v1/trades/{m.trade_id}/history")


class TradeEventPublic(BaseModel):
    kind: str = Field(description="appeared | renamed | disappeared | reappeared")
    version_id: int
    observed_at: datetime
    published_on: date | None
    doc_number: str | None
    name: str
    old_name: str | None


class TradeHistoryPublic(BaseModel):
    trade_id: int
    source_id: str
    name: str
    names: list[str]
    events: list[TradeEventPublic]

    @classmethod
    def from_record(cls, h: TradeHistory) -> TradeHistoryPublic:
        return cls(
            trade_id=h.trade_id,
            source_id=h.source_id,
            name=h.name,
            names=list(h.names),
            events=[
                TradeEventPublic(
                    kind=str(e.kind),
                    version_id=e.version_id,
                    observed_at=e.observed_at,
                    published_on=e.published_on,
                    doc_number=e.doc_number,
                    name=e.name,
                    old_name=e.old_name,
                )
                for e in h.events
            ],
        )
