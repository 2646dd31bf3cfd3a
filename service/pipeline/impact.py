"""Adds "who it affects and by how much" to the items of each change before it is published."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from diffing.records import (
    RULE_KINDS,
    TRADE_KINDS,
    ChangeItem,
    DocumentDiff,
    TradeChange,
    TradeChangeKind,
)
from scoring.impact import catalogue_change_impact, rule_change_impact
from scoring.records import RuleTable
from service.pipeline.assess import ImpactFn

_MINUS = "\u2212"


def impact_of_changes(rules_in_force: Callable[[], RuleTable]) -> ImpactFn:
    """An ImpactFn reading the rules in force only when a change is actually drafted."""

    def annotate(diff: DocumentDiff, items: tuple[ChangeItem, ...]) -> tuple[ChangeItem, ...]:
        table = rules_in_force()
        by_trade = {_trade_name(c): _trade_impact(c, table) for c in diff.trade_changes}
        by_rule = {
            (c.new or c.old).label: rule_change_impact(c)  # type: ignore[union-attr]
            for c in diff.rule_changes
        }
        return tuple(_annotated(item, by_trade, by_rule) for item in items)

    return annotate


def _annotated(item: ChangeItem, by_trade: dict[str, str], by_rule: dict[str, str]) -> ChangeItem:
    if item.kind in TRADE_KINDS:
        return replace(item, impact=by_trade.get(item.subject, ""))
    if item.kind in RULE_KINDS:
        return replace(item, impact=by_rule.get(item.subject, ""))
    return item


def _trade_name(change: TradeChange) -> str:
    trade = change.new or change.old
    return trade.name if trade is not None else ""


def _trade_impact(change: TradeChange, table: RuleTable) -> str:
    trade = change.new or change.old
    if (
        trade is not None
        and trade.code
        and change.kind
        in (
            TradeChangeKind.ADDED,
            TradeChangeKind.REMOVED,
        )
    ):
        return _major_impact(change, table)
    skill = [r for r in table.rules if r.indicator == "SKILL"]
    return catalogue_change_impact(change, skill)


def _major_impact(change: TradeChange, table: RuleTable) -> str:
    """A row with a code is a major of the 紧缺急需专业目录: it moves the SHORTAGE_MAJOR bonus."""
    rule = table.rule("SHORTAGE_MAJOR")
    amount = f"{rule.points}" if rule is not None and rule.points is not None else None
    trade = change.new or change.old
    name = f"{trade.name} ({trade.code})" if trade is not None else "a major"
    if change.kind is TradeChangeKind.ADDED:
        gain = f"(+{amount})" if amount else "(no 紧缺急需专业 rule in force to say by how much)"
        return f"{name} added: its graduates can now score the 紧缺急需专业 bonus {gain}"
    loss = f"({_MINUS}{amount})" if amount else "(no 紧缺急需专业 rule in force to say by how much)"
    return f"{name} removed: its graduates no longer score the 紧缺急需专业 bonus {loss}"
