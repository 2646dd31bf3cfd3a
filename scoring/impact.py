"""Who a change affects and by how much: in plain words for a feed, or as a delta of one total."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from diffing.records import RuleChange, RuleChangeKind, TradeChange, TradeChangeKind
from scoring.calculator import score
from scoring.profile import Profile
from scoring.records import RuleEntry, RuleTable
from scoring.results import IndicatorDelta, ScoreDelta
from scraper.records import PointRule

_LEVEL_ZH = {"5": "五级", "4": "四级", "3": "三级", "2": "二级", "1": "一级"}
_TITLE_OF_LEVEL = {"2": "中级", "1": "高级"}
_MINUS = "\u2212"  # typographic minus, as in "−150"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else f"{_MINUS}{-value}" if value < 0 else "±0"


def _who(indicator: str, level: str, label: str) -> str:
    if indicator == "SKILL" and level in _LEVEL_ZH:
        who = f"holders of a {_LEVEL_ZH[level]} certificate"
        title = _TITLE_OF_LEVEL.get(level)
        return f"{who} or a {title} title" if title else who
    if indicator == "THRESHOLD":
        return "every applicant (标准分值)"
    if indicator == "MIN_TOTAL":
        return "applicants whose lines add up to less (总积分的最低分值)"
    if indicator.startswith("VETO_"):
        return f"applicants with a record of {label}"
    if indicator.startswith("DED_"):
        return f"applicants with {label}"
    return f"applicants who qualify for {label}"


def _value(rule: PointRule) -> str:
    if rule.points is None:
        return "disqualifies" if rule.unit == "disqualify" else "no value"
    per = {"per_year": " per year", "per_step": " per step", "per_occurrence": " each"}
    return f"{rule.points}{per.get(rule.unit, '')}"


def _arrow(old: int | None, new: int | None) -> str:
    text = f"{'none' if old is None else old} → {'none' if new is None else new}"
    return f"{text} ({signed(new - old)})" if old is not None and new is not None else text


def rule_change_impact(change: RuleChange) -> str:
    """E.g. "holders of a 三级 certificate: 60 → 70 (+10)"."""
    rule = change.new or change.old
    if rule is None:
        raise ValueError(f"rule change {change.indicator}/{change.level} has neither side")
    who = _who(change.indicator, change.level, rule.label)
    if change.kind is RuleChangeKind.ADDED or change.old is None:
        return f"{who}: new rule, {_value(rule)}"
    if change.kind is RuleChangeKind.REMOVED or change.new is None:
        return f"{who}: rule removed, no longer scores (was {_value(change.old)})"
    old, new = change.old, change.new
    parts: list[str] = []
    if old.points != new.points:
        parts.append(_arrow(old.points, new.points))
    if old.cap != new.cap:
        parts.append(f"cap {_arrow(old.cap, new.cap)}")
    if old.unit != new.unit:
        parts.append(f"applied {old.unit} → {new.unit}")
    old_params, new_params = dict(old.params), dict(new.params)
    for name in sorted(old_params.keys() | new_params.keys()):
        if old_params.get(name) != new_params.get(name):
            parts.append(f"{name} {old_params.get(name, 'none')} → {new_params.get(name, 'none')}")
    if old.conditions != new.conditions:
        parts.append("conditions reworded or changed — check the new text")
    if not parts:
        return f"{who}: wording only, no points change"
    return f"{who}: {', '.join(parts)}"


def _skill_range(skill_rules: Iterable[RuleEntry | PointRule], sign: str) -> str:
    values = sorted(
        rule.points
        for rule in skill_rules
        if rule.indicator == "SKILL" and rule.points is not None and rule.points > 0
    )
    if not values:
        return "(no SKILL rules in force to say by how much)"
    low, high = values[0], values[-1]
    if low == high:
        return f"({sign}{low})"
    return f"({sign}{low} to {sign}{high} by level)"


def catalogue_change_impact(
    change: TradeChange, skill_rules: Iterable[RuleEntry | PointRule]
) -> str:
    """E.g. "刨插工 removed from the catalogue: holders of its certificates no longer score…"."""
    if change.kind is TradeChangeKind.REMOVED and change.old is not None:
        return (
            f"{change.old.name} removed from the catalogue: holders of its certificates no longer "
            f"score for it {_skill_range(skill_rules, _MINUS)}"
        )
    if change.kind is TradeChangeKind.ADDED and change.new is not None:
        return (
            f"{change.new.name} added to the catalogue: holders of its certificates can now score "
            f"for it {_skill_range(skill_rules, '+')}"
        )
    if change.kind is TradeChangeKind.RENAMED and change.old and change.new:
        return (
            f"{change.old.name} renamed to {change.new.name}: certificates under either name "
            "still match; no points change"
        )
    trade = change.new or change.old
    name = trade.name if trade is not None else "a trade"
    fields = ", ".join(change.fields) or "attributes"
    return f"{name}: {fields} changed; no points change"


def compare(profile: Profile, before: RuleTable, after: RuleTable, *, on: date) -> ScoreDelta:
    """How the same profile scores under two tables (e.g. the rules as of a date, and now)."""
    old, new = score(profile, before, on=on), score(profile, after, on=on)
    indicators = dict.fromkeys(line.indicator for line in (*old.lines, *new.lines))
    moved = tuple(
        IndicatorDelta(indicator, old.points_of(indicator), new.points_of(indicator))
        for indicator in indicators
        if old.points_of(indicator) != new.points_of(indicator)
    )
    return ScoreDelta(before=old, after=new, indicators=moved)
