"""Records the store accepts and returns. ORM rows stay inside `store/`; these leave it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from diffing.gates import GateVerdict
from diffing.records import ChangeClass, ChangeItem, DocumentDiff
from scraper.records import (
    DecodedText,
    DocumentMeta,
    FetchResult,
    Outcome,
    ParsedDocument,
    Validators,
)


class VersionStatus(StrEnum):
    PUBLISHED = "published"  # in force from its date on; may carry a change event
    QUARANTINED = "quarantined"  # drastic change seen once, waits for a confirming capture
    REJECTED = "rejected"  # quarantined and then not confirmed
    # A rule document read in part: kept as evidence with what was not read
    # (document.points.unread); never published, never the base of a change event. The rule
    # tables may still use it, its gaps named, when it is newer than the published rules
    # (service.present.rules.version_in_use).
    INCOMPLETE = "incomplete"


# --- what the pipeline asks the store to do with a check ------------------------------------


@dataclass(frozen=True, slots=True)
class NewVersion:
    """Store `document` as a new parsed version of the source."""

    document: ParsedDocument
    content_hash: str
    status: VersionStatus
    base_version_id: int | None  # newest version of the source when the diff was computed
    diff: DocumentDiff | None = None  # against the base; its renames link trade entities
    is_technical: bool = False  # same rules re-derived by a newer parser


@dataclass(frozen=True, slots=True)
class SeenAgain:
    """The capture parsed to an existing version: only its last-seen time moves."""

    version_id: int


@dataclass(frozen=True, slots=True)
class Promote:
    """A quarantined version was confirmed by a later capture."""

    version_id: int


@dataclass(frozen=True, slots=True)
class Reject:
    """A quarantined version was not confirmed (the old content came back)."""

    version_id: int


VersionAction = NewVersion | SeenAgain | Promote | Reject


@dataclass(frozen=True, slots=True)
class EventDraft:
    """A change event to publish with this check. `to_version` is the new/promoted version."""

    classification: ChangeClass
    title: str
    summary: str
    items: tuple[ChangeItem, ...]
    from_version_id: int | None
    text_diff: str = ""
    is_backfill: bool = False


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """Everything one check of one source produced, written in one transaction."""

    fetch: FetchResult
    decoded: DecodedText | None = None
    parse_error: str | None = None  # set when the parser or a gate refused the capture
    gate: GateVerdict | None = None  # None: no capture reached the gates
    version: VersionAction | None = None
    event: EventDraft | None = None
    observed_at: datetime | None = None  # defaults to fetch.started_at (import sets its own)


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    attempt_id: int
    outcome: Outcome
    snapshot_sha256: str | None
    version_id: int | None
    event_id: int | None
    detail: str = ""


# --- what queries return -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredVersion:
    id: int
    source_id: str
    status: VersionStatus
    content_hash: str
    snapshot_sha256: str
    url: str
    observed_at: datetime  # first capture that parsed to this version
    last_seen_at: datetime
    document: ParsedDocument
    is_technical: bool = False

    @property
    def meta(self) -> DocumentMeta:
        return self.document.meta

    @property
    def in_force_on(self) -> date:
        """The date the version applies from: effective, else published, else observed."""
        return self.meta.effective_on or self.meta.published_on or self.observed_at.date()


@dataclass(frozen=True, slots=True)
class VersionSummary:
    id: int
    source_id: str
    status: VersionStatus
    content_hash: str
    snapshot_sha256: str
    observed_at: datetime
    last_seen_at: datetime
    published_on: date | None
    effective_on: date | None
    doc_number: str | None
    title: str | None
    parser: str
    parser_version: int
    row_count: int


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source_id: str
    last_check_at: datetime | None
    last_outcome: Outcome | None
    last_detail: str
    last_success_at: datetime | None  # last OK or NOT_MODIFIED
    last_change_at: datetime | None  # last published change event
    error_streak: int  # consecutive failed attempts up to now
    checks: int


@dataclass(frozen=True, slots=True)
class ArchiveFallback:
    """A source whose last live check failed, served from the Internet Archive's captures."""

    live_outcome: Outcome  # how the last live check of the official page ended
    live_detail: str
    live_at: datetime
    archived_at: datetime  # when the archive captured the page: the newest capture imported


@dataclass(frozen=True, slots=True)
class Lease:
    """Who holds a named lease, in which term, and until when."""

    name: str
    holder: str
    term: int  # grows by one with every acquisition
    expires_at: datetime

    @property
    def fence(self) -> Fence:
        """What a write made under this lease carries."""
        return Fence(self.name, self.holder, self.term)


@dataclass(frozen=True, slots=True)
class Fence:
    """The lease a write is made under: the store refuses the write once the lease has another
    holder or a later term."""

    lease: str
    holder: str
    term: int


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    sha256: str
    size_bytes: int
    content_type: str
    status: int | None
    final_url: str
    fetched_at: datetime
    headers: tuple[tuple[str, str], ...]
    encoding: str | None
    decided_by: str | None
    source_id: str


@dataclass(frozen=True, slots=True)
class VersionHead:
    """The little the pipeline needs of a version to decide what a new capture is."""

    id: int
    content_hash: str
    status: VersionStatus
    row_count: int  # catalogue rows + point rules
    text_length: int  # length of main_text
    parser_version: int


@dataclass(frozen=True, slots=True)
class SourceState:
    """Where a source stands before a check: validators to replay, current and pending version."""

    source_id: str
    validators: Validators  # from the last OK capture
    published: VersionHead | None  # newest published version
    pending: VersionHead | None  # newest quarantined version, newer than `published`
    last_snapshot_sha256: str | None  # raw sha256 of the last OK capture


# --- trade entities ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TradeMatch:
    """A trade whose name or alias, at some version, contains the searched text."""

    trade_id: int
    source_id: str
    name: str  # the trade's name in the newest published version listing it
    matched_name: str  # the name or alias that matched (may be a former name)
    is_listed: bool  # listed in the source's newest published version


class TradeEventKind(StrEnum):
    APPEARED = "appeared"
    RENAMED = "renamed"
    DISAPPEARED = "disappeared"
    REAPPEARED = "reappeared"


@dataclass(frozen=True, slots=True)
class TradeEvent:
    """One step in a trade's life, tied to the published version where it was seen."""

    kind: TradeEventKind
    version_id: int
    observed_at: datetime
    published_on: date | None
    doc_number: str | None  # 文号 of that version
    name: str  # the name in that version (the last name for DISAPPEARED)
    old_name: str | None = None  # for RENAMED


@dataclass(frozen=True, slots=True)
class TradeHistory:
    trade_id: int
    source_id: str
    name: str
    names: tuple[str, ...]  # every name and alias ever published, in first-seen order
    events: tuple[TradeEvent, ...]  # oldest first
