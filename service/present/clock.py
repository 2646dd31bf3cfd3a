"""Dates and times as a person in Shanghai reads them: Asia/Shanghai, with the zone stated."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Said once on every page and beside every time of day.
ZONE_NOTE = "上海时间 UTC+8"


def shanghai_today(now: datetime | None = None) -> date:
    """The date in Shanghai now: from 16:00 UTC it is already tomorrow there."""
    return (now or datetime.now(UTC)).astimezone(SHANGHAI).date()


def shanghai_date(moment: datetime | date | None) -> str:
    """The Shanghai date of a moment (a plain date is printed as it is)."""
    if moment is None:
        return "—"
    if isinstance(moment, datetime):
        return moment.astimezone(SHANGHAI).date().isoformat()
    return moment.isoformat()


def shanghai_time(moment: datetime | None) -> str:
    """A moment to the minute in Shanghai time, the zone stated."""
    if moment is None:
        return "—"
    return f"{moment.astimezone(SHANGHAI).strftime('%Y-%m-%d %H:%M')} {ZONE_NOTE}"
