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
from words import N_, translate

_LEVEL_ZH = {"5": "五级", "4": "四级", "3": "三级", "2": "二级", "1": "一级"}
_TITLE_OF_LEVEL = {"2": "中级", "1": "高级"}
_MINUS = "\u2212"  # typographic minus, as in "−150"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else f"{_MINUS}{-value}" if value < 0 else "±0"


def _holders(level: str) -> str:
    title = _TITLE_OF_LEVEL.get(level)
    if title:
        return translate(
            "holders of a %(level)s certificate or a %(title)s title",
            level=_LEVEL_ZH[level],
            title=title,
        )
    return translate("holders of a %(level)s certificate", level=_LEVEL_ZH[level])


def _who(indicator: str, level: str, label: str) -> str:
    if indicator == "SKILL" and level in _LEVEL_ZH:
        return _holders(level)
    if indicator == "THRESHOLD":
        return translate("every applicant (标准分值)")
    if indicator == "MIN_TOTAL":
        return translate("applicants whose lines add up to less (总积分的最低分值)")
    if indicator.startswith("VETO_"):
        return translate("applicants with a record of %(label)s", label=label)
    if indicator.startswith("DED_"):
        return translate("applicants with %(label)s", label=label)
    return translate("applicants who qualify for %(label)s", label=label)


_PER_UNIT = {
    "per_year": N_("%(points)s per year"),
    "per_step": N_("%(points)s per step"),
    "per_occurrence": N_("%(points)s each"),
}
_POINTS = N_("%(points)s")


def _value(rule: PointRule) -> str:
    if rule.points is None:
        return translate("disqualifies") if rule.unit == "disqualify" else translate("no value")
    return translate(_PER_UNIT.get(rule.unit, _POINTS), points=rule.points)


def _shown(value: object) -> str:
    return translate("none") if value is None else str(value)


def _arrow(old: int | None, new: int | None) -> str:
    text = f"{_shown(old)} → {_shown(new)}"
    return f"{text} ({signed(new - old)})" if old is not None and new is not None else text


def rule_change_impact(change: RuleChange) -> str:
    """E.g. "三级证书持有人：60 → 70（+10）"."""
    rule = change.new or change.old
    if rule is None:
        raise ValueError(f"rule change {change.indicator}/{change.level} has neither side")
    who = _who(change.indicator, change.level, rule.label)
    if change.kind is RuleChangeKind.ADDED or change.old is None:
        return translate("%(who)s: new rule, %(value)s", who=who, value=_value(rule))
    if change.kind is RuleChangeKind.REMOVED or change.new is None:
        return translate(
            "%(who)s: rule removed, no longer scores (was %(value)s)",
            who=who,
            value=_value(change.old),
        )
    parts = _rule_parts(change.old, change.new)
    if not parts:
        return translate("%(who)s: wording only, no points change", who=who)
    return translate("%(who)s: %(parts)s", who=who, parts=translate(", ").join(parts))


def _rule_parts(old: PointRule, new: PointRule) -> list[str]:
    parts: list[str] = []
    if old.points != new.points:
        parts.append(_arrow(old.points, new.points))
    if old.cap != new.cap:
        parts.append(translate("cap %(arrow)s", arrow=_arrow(old.cap, new.cap)))
    if old.unit != new.unit:
        parts.append(translate("applied %(old)s → %(new)s", old=old.unit, new=new.unit))
    old_params, new_params = dict(old.params), dict(new.params)
    for name in sorted(old_params.keys() | new_params.keys()):
        if old_params.get(name) != new_params.get(name):
            was, now = _shown(old_params.get(name)), _shown(new_params.get(name))
            parts.append(f"{name} {was} → {now}")
    if old.conditions != new.conditions:
        parts.append(translate("conditions reworded or changed — check the new text"))
    return parts


def _skill_range(skill_rules: Iterable[RuleEntry | PointRule], sign: str) -> str:
    values = sorted(
        rule.points
        for rule in skill_rules
        if rule.indicator == "SKILL" and rule.points is not None and rule.points > 0
    )
    if not values:
        return translate("(no SKILL rules in force to say by how much)")
    low, high = values[0], values[-1]
    if low == high:
        return f"({sign}{low})"
    lowest, highest = f"{sign}{low}", f"{sign}{high}"
    return translate("(%(low)s to %(high)s by level)", low=lowest, high=highest)


def catalogue_change_impact(
    change: TradeChange, skill_rules: Iterable[RuleEntry | PointRule]
) -> str:
    """E.g. "刨插工移出目录：持该工种证书者不再因此计分（−15 至 −140，视等级）"."""
    if change.kind is TradeChangeKind.REMOVED and change.old is not None:
        return translate(
            "%(name)s removed from the catalogue: holders of its certificates no longer score "
            "for it %(range)s",
            name=change.old.name,
            range=_skill_range(skill_rules, _MINUS),
        )
    if change.kind is TradeChangeKind.ADDED and change.new is not None:
        return translate(
            "%(name)s added to the catalogue: holders of its certificates can now score for it "
            "%(range)s",
            name=change.new.name,
            range=_skill_range(skill_rules, "+"),
        )
    if change.kind is TradeChangeKind.RENAMED and change.old and change.new:
        return translate(
            "%(old)s renamed to %(new)s: certificates under either name still match; no points "
            "change",
            old=change.old.name,
            new=change.new.name,
        )
    trade = change.new or change.old
    name = trade.name if trade is not None else translate("a trade")
    fields = translate(", ").join(change.fields) or translate("attributes")
    return translate("%(name)s: %(fields)s changed; no points change", name=name, fields=fields)


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
