"""Counting contribution-base months (社保缴费基数) inside a rule's window.

A window of N months is the N calendar months before the month of the scoring date: the current
month's contribution is not yet settled.
"""

from __future__ import annotations

from datetime import date

from scoring.profile import BasePeriod


def window_months(on: date, length: int) -> frozenset[tuple[int, int]]:
    """The `length` (year, month) pairs before the month of `on`."""
    months: list[tuple[int, int]] = []
    year, month = on.year, on.month
    for _ in range(length):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append((year, month))
    return frozenset(months)


def months_at_base(
    history: tuple[BasePeriod, ...],
    on: date,
    *,
    window: int,
    multiple_from: float,
    multiple_to: float | None,
) -> int:
    """Distinct months of the window paid at a multiple in [multiple_from, multiple_to)."""
    inside = window_months(on, window)
    matching: set[tuple[int, int]] = set()
    for period in history:
        if period.multiple < multiple_from:
            continue
        if multiple_to is not None and period.multiple >= multiple_to:
            continue
        matching.update(month for month in period.months() if month in inside)
    return len(matching)
