"""Change events for the feed tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from diffing.records import ChangeClass, ChangeEvent, ChangeItem, ChangeKind
from feeds.build import build_feed

SITE = "https://jifen.example.org/"
BUILT_AT = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def event(
    event_id: int,
    *,
    hours: int = 0,
    title: str = "技能目录: 1 trade added: 焊工",
    items: tuple[ChangeItem, ...] = (
        ChangeItem(ChangeKind.TRADE_ADDED, "焊工", None, "焊工", "added: 焊工"),
    ),
    classification: ChangeClass = ChangeClass.RULE,
    **changes: object,
) -> ChangeEvent:
    fields: dict[str, object] = {
        "id": event_id,
        "source_id": "rsj-skill-catalogue",
        "source_name": "技能目录",
        "classification": classification,
        "title": title,
        "summary": "added: 焊工",
        "items": items,
        "observed_at": datetime(2026, 7, 1, tzinfo=UTC) + timedelta(hours=hours),
        "published_on": date(2026, 6, 30),
        "doc_number": "沪人社规〔2026〕12号",
        "url": "https://rsj.sh.gov.cn/tgsgg_17341/20260630/t0035_1.html",
        "evidence_sha256": "ab" * 32,
        "from_version_id": event_id,
        "to_version_id": event_id + 1,
    }
    fields.update(changes)
    return ChangeEvent(**fields)  # type: ignore[arg-type]


def feed_bytes(events: list[ChangeEvent], kind: str = "atom", **options: object) -> bytes:
    arguments: dict[str, object] = {
        "feed_id": "tag:jifen.example.org,2026:feed/all",
        "title": "jifen: 上海市居住证积分 changes",
        "link": SITE,
        "self_link": f"{SITE}feeds/all.{kind}",
        "entry_link": lambda e: f"{SITE}changes/{e.id}",
        "updated_at": BUILT_AT,
    }
    arguments.update(options)
    return build_feed(events, kind=kind, **arguments)  # type: ignore[arg-type]
