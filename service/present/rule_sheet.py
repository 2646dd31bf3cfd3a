"""现行积分标准: the rule table in force on a day, grouped as the 办法 groups it, each rule with
its units and parameters in words and the published changes that gave or changed it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from diffing.records import ChangeClass, ChangeEvent, ChangeKind
from scoring.records import RuleEntry, RuleTable
from scoring.results import INDICATOR_ZH
from store.store import Store

CATEGORIES = (
    ("basic", "基础指标 · Basic indicators"),
    ("add", "加分指标 · Bonus indicators"),
    ("deduct", "减分指标 · Deductions"),
    ("veto", "一票否决指标 · Vetoes"),
    ("rule", "总分规则 · Totals"),
)
UNITS = {
    "fixed": "",
    "per_year": "每满1年",
    "per_step": "每档",
    "per_occurrence": "每次/每条",
    "disqualify": "取消申请资格",
    "threshold": "标准分值",
    "floor": "最低分值",
}
PARAMS = {
    "base_age_from": "基准年龄自",
    "base_age_to": "基准年龄至",
    "step": "每小1岁加",
    "base_multiple": "社保基数倍数不低于",
    "base_months": "须满月数",
    "base_window_months": "统计期间（月）",
    "multiple_from": "基数倍数自",
    "multiple_to": "基数倍数低于",
    "months": "累计月数",
    "window_months": "统计期间（月）",
    "tax_step_wan": "每档纳税（万元）",
    "hire_step": "每档聘用本市户籍人数",
    "years": "连续年数",
    "min_years": "满几年起计",
    "window_years": "期限（年）",
}
_CHANGES_LOOKED_AT = 200
_PUBLISHED = (ChangeClass.RULE, ChangeClass.WORDING)


@dataclass(frozen=True, slots=True)
class SheetRow:
    rule: RuleEntry
    name: str  # the indicator's name as the 办法 words it
    unit: str  # how the points apply, in words ("每满1年"), "" for a fixed value
    changes: tuple[ChangeEvent, ...]  # published changes that gave or changed this rule


@dataclass(frozen=True, slots=True)
class Group:
    category: str
    title: str
    rows: tuple[SheetRow, ...]


def rule_sheet(store: Store, table: RuleTable) -> tuple[Group, ...]:
    """The rules in force grouped by category, each with the changes behind it."""
    events: dict[str, list[ChangeEvent]] = {}
    for source_id in dict.fromkeys(rule.provenance.source_id for rule in table.rules):
        found = store.changes(source_id=source_id, limit=_CHANGES_LOOKED_AT)
        events[source_id] = [e for e in found if e.classification in _PUBLISHED]
    groups = []
    for category, title in CATEGORIES:
        rows = tuple(_row(rule, events) for rule in table.rules if rule.category == category)
        if rows:
            groups.append(Group(category, title, rows))
    known = {c for c, _ in CATEGORIES}
    other = tuple(_row(r, events) for r in table.rules if r.category not in known)
    if other:
        groups.append(Group("other", "其他 · Other", other))
    return tuple(groups)


def _row(rule: RuleEntry, events: Mapping[str, Sequence[ChangeEvent]]) -> SheetRow:
    # The age rule's points are the base at the top bracket, raised per year younger.
    unit = "基准分（每小1岁加分，见条件）" if rule.indicator == "AGE" else UNITS.get(rule.unit, "")
    name = INDICATOR_ZH.get(rule.indicator, rule.indicator)
    return SheetRow(rule, name, unit, _behind(rule, events))


def _behind(
    rule: RuleEntry, events: Mapping[str, Sequence[ChangeEvent]]
) -> tuple[ChangeEvent, ...]:
    """The changes that brought the rule's version, or name the rule among their items."""
    return tuple(
        event
        for event in events.get(rule.provenance.source_id, ())
        if event.to_version_id == rule.provenance.version_id
        or any(subject in _names(rule) for subject in _rule_subjects(event))
    )


_RULE_KINDS = (ChangeKind.RULE_ADDED, ChangeKind.RULE_MODIFIED, ChangeKind.RULE_REMOVED)


def _rule_subjects(event: ChangeEvent) -> list[str]:
    return [item.subject for item in event.items if item.kind in _RULE_KINDS]


def _names(rule: RuleEntry) -> tuple[str, str]:
    """How a change item names a rule: its label, else "indicator level"."""
    return rule.label, f"{rule.indicator} {rule.level}".strip()
