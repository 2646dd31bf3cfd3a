"""Instants shown to people: in Asia/Shanghai, with the zone stated. The API keeps ISO 8601."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from words.catalogue import N_, translate
from words.lang import Lang

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZONE_LABEL = N_("Beijing time, UTC+8")


def in_shanghai(at: datetime) -> datetime:
    """`at` on Shanghai's clock; a naive time is taken as UTC, jifen's stored convention."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI)


def shanghai(at: datetime | None, lang: Lang | None = None, *, with_zone: bool = True) -> str:
    """`2025-11-27 08:00 (北京时间 UTC+8)`; `—` for no time at all."""
    if at is None:
        return "—"
    text = in_shanghai(at).strftime("%Y-%m-%d %H:%M")
    if not with_zone:
        return text
    return f"{text} ({translate(ZONE_LABEL, lang)})"


def shanghai_date(at: datetime | date | None) -> str:
    """The Shanghai calendar day of an instant (a `date` is already a day and stays itself)."""
    if at is None:
        return "—"
    if isinstance(at, datetime):
        return in_shanghai(at).date().isoformat()
    return at.isoformat()


def shanghai_today(now: datetime | None = None) -> date:
    """The calendar day in Shanghai: the day whose rules are in force, the default `as_of`."""
    return in_shanghai(now or datetime.now(UTC)).date()
