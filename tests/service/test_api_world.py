"""A small, real history written through `Store.record_check`: the world the API tests read.

Two versions of a skill catalogue (one trade added, one renamed), one points table, a source that
fails, one never checked. No tests here; the API, page and browser tests import it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI

from diffing.describe import describe
from diffing.document import content_hash, diff_documents
from diffing.gates import PASSED
from diffing.headline import headline
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
    RuleCategory,
    RuleUnit,
    Source,
    SourceKind,
    Trade,
)
from service.http.app import create_app
from service.pipeline.record import CheckSummary
from service.pipeline.runs import CycleRuns
from service.pipeline.writes import WriteHealth
from service.settings import Settings
from store.records import (
    CheckOutcome,
    CheckRecord,
    EventDraft,
    Fence,
    NewVersion,
    VersionStatus,
)
from store.store import Store

ADMIN_TOKEN = "s3cret-admin-token"
SKILL = Source(
    id="skill", url="https://rsj.sh.gov.cn/skill.html", kind=SourceKind.CATALOGUE, name="技能目录"
)
POINTS = Source(
    id="points", url="https://rsj.sh.gov.cn/points.html", kind=SourceKind.POINTS, name="积分分值"
)
BROKEN = Source(
    id="broken", url="https://rsj.sh.gov.cn/broken.html", kind=SourceKind.CATALOGUE, name="坏页"
)
QUIET = Source(id="quiet", url="https://rsj.sh.gov.cn/quiet.html", kind=SourceKind.CATALOGUE)
SOURCES = (SKILL, POINTS, BROKEN, QUIET)

V1_SEEN = datetime(2024, 1, 10, 8, 0, tzinfo=UTC)
V2_SEEN = datetime(2025, 3, 5, 8, 0, tzinfo=UTC)
ADDED_TRADE = "无人机驾驶员"
SCRIPT_TRADE = '<script>alert("x")</script>焊工'


@dataclass
class World:
    store: Store
    app: FastAPI
    skill_v1: CheckOutcome
    skill_v2: CheckOutcome
    points_v1: CheckOutcome
    checks: list[str] = field(default_factory=list)

    @property
    def change_id(self) -> int:
        assert self.skill_v2.event_id is not None
        return self.skill_v2.event_id

    @property
    def evidence_sha(self) -> str:
        assert self.skill_v2.snapshot_sha256 is not None
        return self.skill_v2.snapshot_sha256


def page(title: str, rows: list[str]) -> bytes:
    cells = "".join(f"<tr><td>{r}</td></tr>" for r in rows)
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><table>{cells}</table></body></html>".encode()


def skill_doc(trades: tuple[Trade, ...], meta: DocumentMeta, text: str) -> ParsedDocument:
    return ParsedDocument(
        source_id=SKILL.id,
        url=SKILL.url,
        parser="catalogue_table",
        parser_version=1,
        meta=meta,
        main_text=text,
        catalogue=Catalogue(title="上海市紧缺急需技能目录", trades=trades),
    )


V1_DOC = skill_doc(
    (Trade("电工"), Trade("热处理工"), Trade(SCRIPT_TRADE)),
    DocumentMeta(
        title="2024年技能目录",
        published_on=date(2024, 1, 1),
        effective_on=date(2024, 1, 1),
        doc_number="沪人社规〔2024〕1号",
    ),
    "一、电工\n二、热处理工\n三、焊工\n附则 本目录自2024年1月1日起施行。",
)
V2_DOC = skill_doc(
    (
        Trade("电工"),
        Trade("金属热处理工", aliases=("热处理工",)),
        Trade(SCRIPT_TRADE),
        Trade(ADDED_TRADE),
    ),
    DocumentMeta(
        title="2025年技能目录",
        published_on=date(2025, 3, 1),
        effective_on=date(2025, 3, 1),
        doc_number="沪人社规〔2025〕3号",
    ),
    "一、电工\n二、金属热处理工\n三、焊工\n四、无人机驾驶员\n附则 本目录自2025年3月1日起施行。",
)
POINTS_DOC = ParsedDocument(
    source_id=POINTS.id,
    url=POINTS.url,
    parser="points_table",
    parser_version=1,
    meta=DocumentMeta(title="积分分值表", published_on=date(2023, 12, 1)),
    main_text="技能等级三级 60分",
    points=PointsTable(
        rules=(
            PointRule("SKILL", "3", "技能等级三级", 60, category=RuleCategory.BASIC),
            PointRule(
                "THRESHOLD",
                "",
                "标准分值",
                120,
                unit=RuleUnit.THRESHOLD,
                category=RuleCategory.RULE,
            ),
        )
    ),
)


def fetch(
    source: Source,
    at: datetime,
    *,
    outcome: Outcome = Outcome.OK,
    body: bytes = b"",
    detail: str = "",
    status: int | None = 200,
) -> FetchResult:
    return FetchResult(
        source_id=source.id,
        requested_url=source.url,
        outcome=outcome,
        started_at=at,
        elapsed_seconds=0.2,
        final_url=source.url,
        status=status,
        headers=(("Content-Type", "text/html; charset=utf-8"), ("ETag", f'"{at.timestamp()}"')),
        body=body,
        detail=detail,
    )


def record_version(
    store: Store,
    source: Source,
    doc: ParsedDocument,
    at: datetime,
    *,
    base: ParsedDocument | None = None,
    base_id: int | None = None,
) -> CheckOutcome:
    """One OK capture that becomes a version, with a change event when there is a base."""
    body = page(
        doc.meta.title or "", [t.name for t in doc.catalogue.trades] if doc.catalogue else []
    )
    diff = diff_documents(base, doc) if base is not None else None
    event = None
    if diff is not None:
        items = describe(diff)
        title, summary = headline(source.label, items)
        event = EventDraft(
            classification=diff.classification,
            title=title,
            summary=summary,
            items=items,
            from_version_id=base_id,
            text_diff=diff.text_diff,
        )
    record = CheckRecord(
        fetch=fetch(source, at, body=body),
        decoded=DecodedText(text=body.decode(), encoding="utf-8", decided_by=DecidedBy.HEADER),
        gate=PASSED,
        version=NewVersion(
            document=doc,
            content_hash=content_hash(doc),
            status=VersionStatus.PUBLISHED,
            base_version_id=base_id,
            diff=diff,
        ),
        event=event,
    )
    return store.record_check(record)


def failure(store: Store, source: Source, at: datetime, detail: str = "http_503") -> None:
    store.record_check(
        CheckRecord(
            fetch=fetch(source, at, outcome=Outcome.TRANSIENT_ERROR, detail=detail, status=503)
        )
    )


def build_world(
    tmp_path: Path,
    *,
    admin_token: str | None = ADMIN_TOKEN,
    rate_limit_per_second: float = 0.0,
    rate_limit_burst: int = 100,
    max_body_bytes: int = 64 * 1024,
    clock: Callable[[], float] = time.monotonic,
    store_url: str | None = None,
    served_url: str | None = None,
    writes: WriteHealth | None = None,
) -> World:
    """The API over a small history. Rate limits are off unless asked for: the tests of other
    behaviour send requests as fast as they can (test_api_limits tests the limits).

    `store_url`: where the history is written (SQLite in tmp_path by default); `served_url`:
    where the app reads it from (the same database, e.g. through a proxy the test can cut)."""
    store_url = store_url or f"sqlite:///{tmp_path / 'jifen.db'}"
    store = Store(store_url)
    store.upsert_sources(SOURCES)
    v1 = record_version(store, SKILL, V1_DOC, V1_SEEN)
    v2 = record_version(store, SKILL, V2_DOC, V2_SEEN, base=V1_DOC, base_id=v1.version_id)
    store.record_check(
        CheckRecord(
            fetch=fetch(
                SKILL, V2_SEEN + timedelta(days=1), outcome=Outcome.NOT_MODIFIED, status=304
            )
        )
    )
    points = record_version(store, POINTS, POINTS_DOC, V1_SEEN)
    record_version(store, BROKEN, V1_DOC, V1_SEEN)
    failure(store, BROKEN, V2_SEEN)
    failure(store, BROKEN, V2_SEEN + timedelta(hours=6))
    world = World(store=store, app=FastAPI(), skill_v1=v1, skill_v2=v2, points_v1=points)

    async def check_now(source_id: str) -> str:
        world.checks.append(source_id)
        return f"{source_id}: checked"

    async def cycle(fence: Fence) -> list[CheckSummary]:
        world.checks.extend(s.id for s in SOURCES)
        return []

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'jifen.db'}",
        sources_path=tmp_path / "sources.toml",
        admin_token=admin_token,
        public_url="http://testserver",
        feed_domain="jifen.test",
        rate_limit_per_second=rate_limit_per_second,
        rate_limit_burst=rate_limit_burst,
        max_body_bytes=max_body_bytes,
    )
    if served_url is not None:
        store.close()
        world.store = store = Store(served_url)
    world.app = create_app(
        settings=settings,
        store=store,
        sources=SOURCES,
        check_now=check_now,
        writes=writes,
        cycles=CycleRuns(cycle, lambda: Fence(lease="scheduler", holder="world", term=1)),
        clock=clock,
    )
    return world


def closing(world: World) -> Iterator[World]:
    yield world
    world.store.close()
