"""Changes recorded through the real diff and `Store.record_check`, for the notify tests."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from diffing.describe import describe, headline
from diffing.document import content_hash, diff_documents
from diffing.gates import PASSED
from notify.records import DeliveryConfig
from notify.worker import Deliverer, DeliveryReport, make_session
from scraper.outbound import OutboundPolicy
from scraper.records import (
    Catalogue,
    DocumentMeta,
    ParsedDocument,
    PointRule,
    PointsTable,
    Source,
    SourceKind,
    Trade,
)
from store.records import CheckRecord, EventDraft, NewVersion, VersionStatus
from store.store import Store
from tests.store.builders import fetch

SKILL = Source(
    id="skill",
    url="https://rsj.sh.gov.cn/skill.html",
    kind=SourceKind.CATALOGUE,
    name="技能人员职业目录",
)
POINTS = Source(
    id="points", url="https://rsj.sh.gov.cn/points.html", kind=SourceKind.POINTS, name="积分分值"
)
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def catalogue(*names: str, doc_number: str = "沪人社规〔2026〕1号") -> ParsedDocument:
    trades = tuple(Trade(n.split("/")[0], aliases=tuple(n.split("/")[1:])) for n in names)
    return ParsedDocument(
        source_id=SKILL.id,
        url=SKILL.url,
        parser="catalogue_table",
        parser_version=1,
        meta=DocumentMeta(title="技能目录", published_on=date(2026, 3, 1), doc_number=doc_number),
        main_text="\n".join(names),
        catalogue=Catalogue(title="技能目录", trades=trades),
    )


def points(skill3: int, skill4: int = 30) -> ParsedDocument:
    rules = (
        PointRule("SKILL", "3", "技能等级三级", skill3, category="basic"),
        PointRule("SKILL", "4", "技能等级四级", skill4, category="basic"),
    )
    return ParsedDocument(
        source_id=POINTS.id,
        url=POINTS.url,
        parser="points_table",
        parser_version=1,
        meta=DocumentMeta(title="积分分值表", doc_number="沪人社规〔2026〕9号"),
        main_text=f"三级 {skill3} 四级 {skill4}",
        points=PointsTable(rules=rules),
    )


@dataclass
class Publisher:
    """Records successive documents of a source; each difference becomes a change event."""

    store: Store
    source: Source
    previous: tuple[int, ParsedDocument] | None = None
    step: int = 0

    def publish(self, doc: ParsedDocument, *, is_backfill: bool = False) -> int | None:
        """Records `doc`; returns the change event id (None for the first version)."""
        self.step += 1
        diff = diff_documents(self.previous[1], doc) if self.previous else None
        event = None
        if diff is not None and self.previous is not None:
            items = describe(diff)
            title, summary = headline(self.source.label, items)
            event = EventDraft(
                diff.classification,
                title,
                summary,
                items,
                self.previous[0],
                is_backfill=is_backfill,
            )
        body = f"{self.source.id}:{self.step}:{doc.main_text}".encode()
        record = CheckRecord(
            fetch=replace(
                fetch(self.source.id, body=body, started_at=T0 + timedelta(days=self.step))
            ),
            gate=PASSED,
            version=NewVersion(
                doc,
                content_hash(doc),
                VersionStatus.PUBLISHED,
                self.previous[0] if self.previous else None,
                diff=diff,
            ),
            event=event,
        )
        outcome = self.store.record_check(record)
        assert outcome.version_id is not None
        self.previous = (outcome.version_id, doc)
        return outcome.event_id


def config(**overrides: object) -> DeliveryConfig:
    base = DeliveryConfig(
        public_url="http://jifen.test",
        outbound=OutboundPolicy.allowing("127.0.0.1"),
        timeout_seconds=2.0,
        backoff_seconds=1.0,
        max_attempts=4,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def deliver(store: Store, cfg: DeliveryConfig, *, at: datetime | None = None) -> DeliveryReport:
    """One `deliver_due` round at `at` (default now), with a fixed random seed."""

    async def run() -> DeliveryReport:
        async with make_session(cfg) as session:
            clock = (lambda: at) if at is not None else (lambda: datetime.now(UTC))
            deliverer = Deliverer(store, cfg, session, clock=clock, rng=random.Random(7))
            return await deliverer.deliver_due()

    return asyncio.run(run())
