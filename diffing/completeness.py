"""Whether a rule document was read whole: the items it states but whose points, cap or
condition could not be read, and the indicators it states fewer of than the version before it.

A table with gaps is never the rules in force; these say so, in Chinese first, then English.
"""

from __future__ import annotations

from collections.abc import Iterable

from scraper.parsers.indicators import NAMES
from scraper.records import ParsedDocument, UnreadRule

# What could not be read, as a person reads it: (Chinese, English).
_MISSING = {
    "points": ("未读出分值", "points not read"),
    "cap": ("未读出最高分值", "cap not read"),
    "level": ("未读出等级", "level not read"),
    "indicator": ("文中未见此指标", "indicator not found"),
}


def is_rule_document(document: ParsedDocument) -> bool:
    """A 办法 / 细则: a document whose whole indicator system is known and can be incomplete."""
    return document.parser == "measures"


def rule_gaps(previous: ParsedDocument | None, new: ParsedDocument) -> tuple[UnreadRule, ...]:
    """What `new` leaves unread, and each indicator the previous version stated that `new`
    states neither as a rule nor as an unread item."""
    table = new.points
    unread = table.unread if table is not None else ()
    if previous is None or previous.points is None:
        return unread
    stated = _indicators(new) | {gap.indicator for gap in unread}
    dropped = sorted(_indicators(previous) - stated)
    return (*unread, *(UnreadRule(indicator=i, missing="indicator") for i in dropped))


def _indicators(document: ParsedDocument) -> set[str]:
    rules = document.points.rules if document.points is not None else ()
    return {rule.indicator for rule in rules}


def gap_line(gaps: Iterable[UnreadRule]) -> str:
    """ "规则不完整：第八条（二）行政拘留记录 未读出分值 / incomplete: 第八条（二） DED_DETENTION
    points not read" — one line naming every gap."""
    listed = list(gaps)
    chinese = "；".join(_gap_zh(gap) for gap in listed)
    english = "; ".join(_gap_en(gap) for gap in listed)
    return f"规则不完整：{chinese} / incomplete: {english}"


def _what(gap: UnreadRule) -> tuple[str, str]:
    if gap.missing in _MISSING:
        return _MISSING[gap.missing]
    return f"未读出条件（{gap.missing}）", f"condition not read ({gap.missing})"


def _gap_zh(gap: UnreadRule) -> str:
    name = NAMES.get(gap.indicator, gap.indicator)
    level = f"（{gap.level}）" if gap.level else ""
    return f"{gap.clause}{name}{level} {_what(gap)[0]}"


def _gap_en(gap: UnreadRule) -> str:
    where = f"{gap.clause} " if gap.clause else ""
    level = f"/{gap.level}" if gap.level else ""
    return f"{where}{gap.indicator}{level} {_what(gap)[1]}"
