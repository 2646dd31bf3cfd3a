"""Keyed diff of two points tables: rules by (indicator, level), compared field by field.

Conditions are compared as sets of normalised sentences, so reordering and whitespace never count.
"""

from __future__ import annotations

from collections.abc import Callable

from diffing.normalise import normalise_line
from diffing.records import RuleChange, RuleChangeKind
from scraper.records import PointRule, PointsTable

Comparable = object


def _conditions(rule: PointRule) -> Comparable:
    return frozenset(filter(None, (normalise_line(c) for c in rule.conditions)))


def _params(rule: PointRule) -> Comparable:
    return frozenset((name, value.strip()) for name, value in rule.params if value.strip())


# The fields of a rule and how each is compared; a clause reference only says where, not what.
RULE_FIELDS: tuple[tuple[str, Callable[[PointRule], Comparable]], ...] = (
    ("points", lambda r: r.points),
    ("cap", lambda r: r.cap),
    ("unit", lambda r: r.unit.strip()),
    ("conditions", _conditions),
    ("params", _params),
    ("category", lambda r: r.category.strip()),
    ("label", lambda r: normalise_line(r.label)),
)


def diff_points(old: PointsTable, new: PointsTable) -> tuple[RuleChange, ...]:
    """The rule changes from `old` to `new`, in (indicator, level) order. An indicator either
    table names as unread is not compared: what was not read is unknown, never removed."""
    old_rules, new_rules = _by_key(old), _by_key(new)
    unknown = {gap.indicator for gap in (*old.unread, *new.unread)}
    changes: list[RuleChange] = []
    for key in sorted(old_rules.keys() | new_rules.keys()):
        if key[0] in unknown:
            continue
        before, after = old_rules.get(key), new_rules.get(key)
        if before is None and after is not None:
            changes.append(RuleChange(RuleChangeKind.ADDED, *key, None, after))
        elif after is None and before is not None:
            changes.append(RuleChange(RuleChangeKind.REMOVED, *key, before, None))
        elif before is not None and after is not None:
            fields = rule_fields_changed(before, after)
            if fields:
                changes.append(RuleChange(RuleChangeKind.MODIFIED, *key, before, after, fields))
    return tuple(changes)


def rule_fields_changed(old: PointRule, new: PointRule) -> tuple[str, ...]:
    """Names of the fields (see RULE_FIELDS) in which two rules of the same key differ."""
    return tuple(name for name, value in RULE_FIELDS if value(old) != value(new))


def is_label_only(change: RuleChange) -> bool:
    """A change of wording alone: the same rule, called differently."""
    return change.kind is RuleChangeKind.MODIFIED and change.fields == ("label",)


def _by_key(table: PointsTable) -> dict[tuple[str, str], PointRule]:
    # A key published twice keeps its first entry: the table's own order decides, not ours.
    rules: dict[tuple[str, str], PointRule] = {}
    for rule in table.rules:
        rules.setdefault((rule.indicator.strip(), rule.level.strip()), rule)
    return rules
