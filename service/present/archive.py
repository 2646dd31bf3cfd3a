"""How a source served from the Internet Archive is described to a person (Chinese first)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from scraper.records import Outcome
from store.records import ArchiveFallback

SHANGHAI = ZoneInfo("Asia/Shanghai")
_WHY = {
    Outcome.BLOCKED: ("拒绝访问", "refused the request"),
    Outcome.PERMANENT_ERROR: ("页面无法取得", "could not be had"),
    Outcome.TRANSIENT_ERROR: ("无法连接", "could not be reached"),
}


def shanghai_day(moment: datetime) -> str:
    """The date a person in Shanghai would give the moment."""
    return moment.astimezone(SHANGHAI).date().isoformat()


def fallback_text(fallback: ArchiveFallback) -> str:
    why_zh, why_en = _WHY.get(fallback.live_outcome, ("检查失败", "failed"))
    live, archived = shanghai_day(fallback.live_at), shanghai_day(fallback.archived_at)
    detail = fallback.live_detail or fallback.live_outcome.value
    return (
        f"官方网站{why_zh}（{detail}，{live}），现用互联网档案馆 {archived} 的存档 · the official "
        f"page {why_en} ({detail}, {live}); what is shown is the Internet Archive's capture of "
        f"{archived}"
    )
