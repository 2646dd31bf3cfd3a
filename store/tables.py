"""The schema: one `…Row` class per table. Rows never leave `store/`; modules write with Core."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from store.columns import CleanText, UtcDateTime

metadata: MetaData = SQLModel.metadata


def _pk() -> int | None:
    primary_key: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    return primary_key


class SourceRow(SQLModel, table=True):
    __tablename__: ClassVar[str] = "source"
    id: str = Field(sa_column=Column(String, primary_key=True))
    name: str = Field(sa_column=Column(CleanText, nullable=False))
    url: str = Field(sa_column=Column(CleanText, nullable=False))
    kind: str = Field(sa_column=Column(String, nullable=False))


class BlobRow(SQLModel, table=True):
    """Raw bodies, stored once per distinct sha256: zlib-compressed, or a zstd delta when a
    `blob_delta` row names its base."""

    __tablename__: ClassVar[str] = "blob"
    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    size_bytes: int = Field(sa_column=Column(Integer, nullable=False))
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class BlobDeltaRow(SQLModel, table=True):
    """A blob stored as a zstd delta against the whole blob `base_sha256` (store/blobs.py); a
    blob without a row here is whole (zlib). The foreign key keeps a base while a delta needs it."""

    __tablename__: ClassVar[str] = "blob_delta"
    # One row a check of a page that changes on every fetch: kept to its two hashes, without a
    # rowid on SQLite, and with no index on the base (blobs are never deleted; see blobs.py).
    __table_args__ = {"sqlite_with_rowid": False}
    sha256: str = Field(sa_column=Column(ForeignKey("blob.sha256"), primary_key=True))
    base_sha256: str = Field(sa_column=Column(ForeignKey("blob.sha256"), nullable=False))


class FetchAttemptRow(SQLModel, table=True):
    """Every fetch attempt, whatever its outcome."""

    __tablename__: ClassVar[str] = "fetch_attempt"
    __table_args__ = (
        Index("ix_fetch_attempt_source_outcome", "source_id", "outcome", "id"),
        Index("ix_fetch_attempt_source_sha", "source_id", "snapshot_sha256"),
    )
    id: int | None = _pk()
    source_id: str = Field(sa_column=Column(ForeignKey("source.id"), nullable=False, index=True))
    outcome: str = Field(sa_column=Column(String(32), nullable=False))
    detail: str = Field(sa_column=Column(CleanText, nullable=False))
    status: int | None = Field(sa_column=Column(Integer))
    started_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    observed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    elapsed_seconds: float = Field(sa_column=Column(Float, nullable=False))
    requested_url: str = Field(sa_column=Column(CleanText, nullable=False))
    final_url: str = Field(sa_column=Column(CleanText, nullable=False))
    redirect_chain: str = Field(sa_column=Column(CleanText, nullable=False))  # JSON list
    headers: str = Field(sa_column=Column(CleanText, nullable=False))  # JSON [[name, value]]
    etag: str | None = Field(sa_column=Column(CleanText))
    last_modified: str | None = Field(sa_column=Column(CleanText))
    retry_after_seconds: float | None = Field(sa_column=Column(Float))
    attempts: int = Field(sa_column=Column(Integer, nullable=False))
    truncated: str | None = Field(sa_column=Column(String(32)))
    snapshot_sha256: str | None = Field(sa_column=Column(ForeignKey("blob.sha256")))
    encoding: str | None = Field(sa_column=Column(String(64)))
    decided_by: str | None = Field(sa_column=Column(String(32)))
    replacement_count: int | None = Field(sa_column=Column(Integer))
    gate: str | None = Field(sa_column=Column(CleanText))
    parse_error: str | None = Field(sa_column=Column(CleanText))


class SourceTallyRow(SQLModel, table=True):
    """Per source, what its health needs from `fetch_attempt` without reading its history:
    written with each batch of attempts (store/health.py), so health costs the same after
    months of checks as after one."""

    __tablename__: ClassVar[str] = "source_tally"
    source_id: str = Field(sa_column=Column(ForeignKey("source.id"), primary_key=True))
    checks: int = Field(sa_column=Column(Integer, nullable=False))
    error_streak: int = Field(sa_column=Column(Integer, nullable=False))  # failures since success
    last_attempt_id: int = Field(sa_column=Column(ForeignKey("fetch_attempt.id"), nullable=False))
    success_attempt_id: int | None = Field(sa_column=Column(ForeignKey("fetch_attempt.id")))


class SnapshotRow(SQLModel, table=True):
    """One row per distinct raw capture of a source, from its first fetch."""

    __tablename__: ClassVar[str] = "snapshot"
    __table_args__ = (UniqueConstraint("source_id", "sha256", name="uq_snapshot_source_sha"),)
    id: int | None = _pk()
    source_id: str = Field(sa_column=Column(ForeignKey("source.id"), nullable=False))
    sha256: str = Field(sa_column=Column(ForeignKey("blob.sha256"), nullable=False, index=True))
    content_type: str = Field(sa_column=Column(CleanText, nullable=False))
    status: int | None = Field(sa_column=Column(Integer))
    headers: str = Field(sa_column=Column(CleanText, nullable=False))
    final_url: str = Field(sa_column=Column(CleanText, nullable=False))
    fetched_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    encoding: str | None = Field(sa_column=Column(String(64)))
    decided_by: str | None = Field(sa_column=Column(String(32)))


class VersionRow(SQLModel, table=True):
    """A parsed version. `seq` numbers a source's versions; its unique key serialises writers."""

    __tablename__: ClassVar[str] = "version"
    __table_args__ = (
        UniqueConstraint("source_id", "seq", name="uq_version_source_seq"),
        Index("ix_version_source_status", "source_id", "status", "id"),
        Index("ix_version_in_force", "source_id", "status", "in_force_on", "observed_at"),
        Index("ix_version_observed", "source_id", "status", "observed_at"),
    )
    id: int | None = _pk()
    source_id: str = Field(sa_column=Column(ForeignKey("source.id"), nullable=False))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    snapshot_sha256: str = Field(sa_column=Column(ForeignKey("blob.sha256"), nullable=False))
    content_hash: str = Field(sa_column=Column(String(64), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    parser: str = Field(sa_column=Column(String, nullable=False))
    parser_version: int = Field(sa_column=Column(Integer, nullable=False))
    observed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    published_on: date | None = Field(sa_column=Column(Date))
    effective_on: date | None = Field(sa_column=Column(Date))
    # effective_on, else published_on, else the UTC date of observed_at: what as-of reads index
    in_force_on: date = Field(sa_column=Column(Date, nullable=False))
    doc_number: str | None = Field(sa_column=Column(CleanText))  # 文号
    title: str | None = Field(sa_column=Column(CleanText))
    url: str = Field(sa_column=Column(CleanText, nullable=False))
    is_technical: bool = Field(sa_column=Column(Boolean, nullable=False))
    row_count: int = Field(sa_column=Column(Integer, nullable=False))
    text_length: int = Field(sa_column=Column(Integer, nullable=False))
    document: str = Field(sa_column=Column(CleanText, nullable=False))  # ParsedDocument JSON
    # The trades it lists, in its order, under their entities: JSON [[trade_id, name, [aliases]]]
    # (codec.encode_members); NULL when it lists none. One column instead of a row per trade.
    trades: str | None = Field(sa_column=Column(CleanText))


class TradeEntityRow(SQLModel, table=True):
    """A trade with a stable id within one source's catalogue, across renames."""

    __tablename__: ClassVar[str] = "trade_entity"
    id: int | None = _pk()
    source_id: str = Field(sa_column=Column(ForeignKey("source.id"), nullable=False, index=True))
    current_name: str = Field(sa_column=Column(CleanText, nullable=False))
    first_version_id: int = Field(sa_column=Column(ForeignKey("version.id"), nullable=False))
    last_version_id: int = Field(sa_column=Column(ForeignKey("version.id"), nullable=False))


class TradeNameRow(SQLModel, table=True):
    """Every name or alias a trade was ever published under."""

    __tablename__: ClassVar[str] = "trade_name"
    __table_args__ = (UniqueConstraint("trade_id", "name", name="uq_trade_name_trade_name"),)
    id: int | None = _pk()
    trade_id: int = Field(sa_column=Column(ForeignKey("trade_entity.id"), nullable=False))
    # Not indexed: search matches substrings, which no B-tree serves; the rest goes by trade_id.
    name: str = Field(sa_column=Column(CleanText, nullable=False))
    first_version_id: int = Field(sa_column=Column(ForeignKey("version.id"), nullable=False))
    last_version_id: int = Field(sa_column=Column(ForeignKey("version.id"), nullable=False))


class ChangeEventRow(SQLModel, table=True):
    """A published change; one per version it leads to, so a re-run adds nothing."""

    __tablename__: ClassVar[str] = "change_event"
    __table_args__ = (
        Index("ix_change_event_source", "source_id", "id"),
        Index("ix_change_event_source_observed", "source_id", "observed_at"),
        UniqueConstraint("to_version_id", name="uq_change_event_to_version"),
        # An event id is a feed entry id: SQLite must never hand out one of a deleted event again
        # (PostgreSQL's sequence never does).
        {"sqlite_autoincrement": True},
    )
    id: int | None = _pk()
    source_id: str = Field(sa_column=Column(ForeignKey("source.id"), nullable=False))
    classification: str = Field(sa_column=Column(String(16), nullable=False))
    title: str = Field(sa_column=Column(CleanText, nullable=False))
    summary: str = Field(sa_column=Column(CleanText, nullable=False))
    items: str = Field(sa_column=Column(CleanText, nullable=False))  # JSON list of ChangeItem
    observed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    published_on: date | None = Field(sa_column=Column(Date))
    doc_number: str | None = Field(sa_column=Column(CleanText))
    url: str = Field(sa_column=Column(CleanText, nullable=False))
    evidence_sha256: str = Field(sa_column=Column(ForeignKey("blob.sha256"), nullable=False))
    from_version_id: int | None = Field(sa_column=Column(ForeignKey("version.id")))
    to_version_id: int = Field(sa_column=Column(ForeignKey("version.id"), nullable=False))
    text_diff: str = Field(sa_column=Column(CleanText, nullable=False))
    is_backfill: bool = Field(sa_column=Column(Boolean, nullable=False))
    updated_at: datetime | None = Field(sa_column=Column(UtcDateTime))


class NoticeRow(SQLModel, table=True):
    """A notice seen on an index source's listing, and how far its recording got."""

    __tablename__: ClassVar[str] = "notice"
    __table_args__ = (
        UniqueConstraint("index_source_id", "url", name="uq_notice_index_url"),
        Index("ix_notice_index_status", "index_source_id", "status"),
    )
    id: int | None = _pk()
    index_source_id: str = Field(sa_column=Column(ForeignKey("source.id"), nullable=False))
    url: str = Field(sa_column=Column(CleanText, nullable=False))
    title: str = Field(sa_column=Column(CleanText, nullable=False))
    listed_on: date | None = Field(sa_column=Column(Date))
    posted_on: date | None = Field(sa_column=Column(Date))
    first_seen_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    classification: str = Field(sa_column=Column(String(16), nullable=False))
    target: str | None = Field(sa_column=Column(String))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    detail: str = Field(sa_column=Column(CleanText, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class LeaseRow(SQLModel, table=True):
    """Named leases, e.g. the single scheduler leader."""

    __tablename__: ClassVar[str] = "lease"
    name: str = Field(sa_column=Column(String, primary_key=True))
    holder: str = Field(sa_column=Column(String, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    # Grows by one with every acquisition; writes made under the lease carry it (fencing).
    term: int = Field(sa_column=Column(Integer, nullable=False, server_default="0"))


def table_of(row: type[SQLModel]) -> Table:
    table = row.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


SOURCE = table_of(SourceRow)
BLOB = table_of(BlobRow)
BLOB_DELTA = table_of(BlobDeltaRow)
ATTEMPT = table_of(FetchAttemptRow)
TALLY = table_of(SourceTallyRow)
SNAPSHOT = table_of(SnapshotRow)
VERSION = table_of(VersionRow)
TRADE = table_of(TradeEntityRow)
TRADE_NAME = table_of(TradeNameRow)
EVENT = table_of(ChangeEventRow)
LEASE = table_of(LeaseRow)
NOTICE = table_of(NoticeRow)
