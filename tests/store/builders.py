"""Records for store tests, built directly (no fetcher or parser involved)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from diffing.gates import PASSED
from diffing.records import (
    ChangeClass,
    ChangeItem,
    ChangeKind,
    DocumentDiff,
    TradeChange,
    TradeChangeKind,
)
from scraper.records import (
    Catalogue,
    DecidedBy,
    DecodedText,
    DocumentMeta,
    FetchResult,
    Outcome,
    ParsedDocument,
    PointRule,
    PointsTable,
    Source,
    SourceKind,
    Trade,
)
from store.records import CheckRecord, EventDraft, NewVersion, VersionStatus

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def source(source_id: str = "skill-catalogue") -> Source:
    return Source(
        id=source_id,
        url=f"https://rsj.sh.gov.cn/{source_id}.html",
        kind=SourceKind.CATALOGUE,
        name=f"目录 {source_id}",
    )


def fetch(
    source_id: str = "skill-catalogue",
    *,
    body: bytes = b"",
    outcome: Outcome = Outcome.OK,
    started_at: datetime = T0,
    etag: str | None = None,
    detail: str = "",
) -> FetchResult:
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    if etag is not None:
        headers += (("ETag", etag),)
    return FetchResult(
        source_id=source_id,
        requested_url=f"https://rsj.sh.gov.cn/{source_id}.html",
        outcome=outcome,
        started_at=started_at,
        elapsed_seconds=0.25,
        final_url=f"https://rsj.sh.gov.cn/{source_id}.html",
        status={Outcome.OK: 200, Outcome.NOT_MODIFIED: 304}.get(outcome, 503),
        headers=headers,
        body=body,
        detail=detail,
    )


def trade(name: str, *aliases: str, code: str | None = None) -> Trade:
    return Trade(name=name, aliases=aliases, code=code)


def document(
    source_id: str = "skill-catalogue",
    trades: tuple[Trade, ...] = (trade("电工"), trade("焊工")),
    *,
    published_on: date | None = None,
    effective_on: date | None = None,
    doc_number: str | None = None,
    text: str = "上海市技能等级证书目录",
    points: tuple[PointRule, ...] = (),
) -> ParsedDocument:
    return ParsedDocument(
        source_id=source_id,
        url=f"https://rsj.sh.gov.cn/{source_id}.html",
        parser="catalogue_table",
        parser_version=1,
        meta=DocumentMeta(
            title="技能目录",
            published_on=published_on,
            effective_on=effective_on,
            doc_number=doc_number,
        ),
        main_text=text,
        catalogue=Catalogue(title="技能目录", trades=trades, columns=("序号", "职业")),
        points=PointsTable(rules=points) if points else None,
    )


def content_hash(doc: ParsedDocument) -> str:
    return hashlib.sha256(repr((doc.catalogue, doc.points, doc.meta)).encode()).hexdigest()


def new_version_check(
    doc: ParsedDocument,
    *,
    base: int | None,
    started_at: datetime = T0,
    status: VersionStatus = VersionStatus.PUBLISHED,
    diff: DocumentDiff | None = None,
    event: bool = True,
    body: bytes | None = None,
) -> CheckRecord:
    raw = body if body is not None else repr(doc).encode()
    draft = EventDraft(
        classification=ChangeClass.RULE,
        title=f"{doc.source_id} changed",
        summary="trades changed",
        items=(ChangeItem(kind=ChangeKind.TRADE_ADDED, subject="焊工", new="焊工"),),
        from_version_id=base,
    )
    return CheckRecord(
        fetch=fetch(doc.source_id, body=raw, started_at=started_at, etag=f'"{hash(raw)}"'),
        decoded=DecodedText(text=doc.main_text, encoding="utf-8", decided_by=DecidedBy.HEADER),
        gate=PASSED,
        version=NewVersion(
            document=doc,
            content_hash=content_hash(doc),
            status=status,
            base_version_id=base,
            diff=diff,
        ),
        event=draft if event and status is VersionStatus.PUBLISHED else None,
    )


def rename(old: Trade, new: Trade) -> DocumentDiff:
    return DocumentDiff(
        trade_changes=(TradeChange(kind=TradeChangeKind.RENAMED, old=old, new=new),),
        rule_changes=(),
        meta_changes=(),
        text_diff="",
        classification=ChangeClass.RULE,
    )
