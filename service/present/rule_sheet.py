"""现行积分标准: the rule table in force on a day, grouped as the 办法 groups it, each rule with
its units and parameters in words and the published changes that gave or changed it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from diffing.records import ChangeClass, ChangeEvent, ChangeKind
from scoring.records import RuleEntry, RuleTable
from scoring.results import indicator_name
from store.store import Store
from words import N_

CATEGORIES = (
    ("basic", N_("Basic indicators")),
    ("add", N_("Bonus indicators")),
    ("deduct", N_("Deductions")),
    ("veto", N_("Vetoes")),
    ("rule", N_("The total")),
)
UNITS = {
    "fixed": "",
    "per_year": N_("for each full year"),
    "per_step": N_("for each step"),
    "per_occurrence": N_("for each record"),
    "disqualify": N_("disqualifies"),
    "threshold": N_("standard score"),
    "floor": N_("lowest total"),
}
PARAMS = {
    "base_age_from": N_("base age from"),
    "base_age_to": N_("base age to"),
    "step": N_("added per year younger"),
    "base_multiple": N_("contribution base at least (× average wage)"),
    "base_months": N_("months needed"),
    "base_window_months": N_("within the last months"),
    "multiple_from": N_("base from (× average wage)"),
    "multiple_to": N_("base below (× average wage)"),
    "months": N_("months in total"),
    "window_months": N_("within the last months"),
    "tax_step_wan": N_("tax per step (10,000 yuan)"),
    "hire_step": N_("local hires per step"),
    "years": N_("consecutive years"),
    "min_years": N_("counted from full years"),
    "window_years": N_("within the last years"),
}
_CHANGES_LOOKED_AT = 200
_PUBLISHED = (ChangeClass.RULE, ChangeClass.WORDING)


@dataclass(frozen=True, slots=True)
class SheetRow:
    rule: RuleEntry
    name: str  # the indicator's name as the 办法 words it, in the current language
    unit: str  # how the points apply, a msgid ("for each full year"); "" for a fixed value
    changes: tuple[ChangeEvent, ...]  # published changes that gave or changed this rule


@dataclass(frozen=True, slots=True)
class Group:
    category: str
    title: str  # a msgid
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
        groups.append(Group("other", N_("Other"), other))
    return tuple(groups)


def _row(rule: RuleEntry, events: Mapping[str, Sequence[ChangeEvent]]) -> SheetRow:
    # The age rule's points are the base at the top bracket, raised per year younger.
    unit = (
        N_("base points, more for each year younger (see the conditions)")
        if rule.indicator == "AGE"
        else UNITS.get(rule.unit, "")
    )
    name = indicator_name(rule.indicator)
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
