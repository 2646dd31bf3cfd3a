"""How one rule of the table turns into a score line: caps, parameters, and the missing-rule answer.

Every number used here is read from the rule entry; nothing is assumed when a rule or a
parameter is absent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from scoring.records import RuleEntry, RuleTable
from scoring.results import ScoreLine


@dataclass(frozen=True, slots=True)
class Assessment:
    """The lines one indicator contributes, and any notes it raises."""

    lines: tuple[ScoreLine, ...] = ()
    notes: tuple[str, ...] = ()

    def __add__(self, other: Assessment) -> Assessment:
        return Assessment(self.lines + other.lines, self.notes + other.notes)


def rule_name(indicator: str, level: str = "") -> str:
    return f"{indicator}/{level}" if level else indicator


def no_rule_line(indicator: str, level: str, what: str, on: date) -> ScoreLine:
    """The answer when the profile needs a rule that the table does not hold."""
    return ScoreLine(
        indicator=indicator,
        level=level,
        label=what,
        points=0,
        capped_from=None,
        counted=False,
        reason=f"{on.isoformat()} 没有生效的规则 · no rule in force for {what} "
        f"({rule_name(indicator, level)}) on {on.isoformat()}; not counted, the total is "
        "incomplete",
        provenance=None,
        clause=None,
        missing="rule",
    )


def unusable_line(rule: RuleEntry, what: str, on: date, *, missing: str = "points") -> ScoreLine:
    """The answer when a rule is in force but lacks a value it needs (points or a parameter)."""
    line = not_counted(
        rule,
        f"规则缺少数值 · the rule in force on {on.isoformat()} does not state {what}; not counted, "
        "the total is incomplete",
    )
    return replace(line, missing=missing)


def not_counted(rule: RuleEntry, reason: str, *, level: str | None = None) -> ScoreLine:
    return ScoreLine(
        indicator=rule.indicator,
        level=rule.level if level is None else level,
        label=rule.label,
        points=0,
        capped_from=None,
        counted=False,
        reason=reason,
        provenance=rule.provenance,
        clause=rule.clause,
    )


def counted_line(rule: RuleEntry, points: int, reason: str, *, zh: str = "") -> ScoreLine:
    """A line that counts, cut to the indicator's cap when the rule states one. `zh` is the
    Chinese of `reason`; a person reads it first."""
    capped_from: int | None = None
    if rule.cap is not None and points > rule.cap:
        capped_from, points = points, rule.cap
        reason = f"{reason}; capped at {rule.cap}"
        zh = f"{zh}，最高{rule.cap}分" if zh else zh
    reason = f"{zh} · {reason}" if zh else reason
    return ScoreLine(
        indicator=rule.indicator,
        level=rule.level,
        label=rule.label,
        points=points,
        capped_from=capped_from,
        counted=True,
        reason=reason,
        provenance=rule.provenance,
        clause=rule.clause,
    )


def set_aside(line: ScoreLine, why: str, *, zh: str = "") -> ScoreLine:
    """Keep a line for the record but out of the total."""
    said = f"不计：{zh} · not counted: {why}" if zh else f"not counted: {why}"
    return replace(line, counted=False, reason=f"{line.reason} — {said}")


def number_param(rule: RuleEntry, name: str) -> float | None:
    """A numeric parameter of the rule, or None when absent or not a number."""
    raw = rule.param(name)
    if raw is None:
        return None
    try:
        return float(raw)
    except ValueError:
        return None


def int_param(rule: RuleEntry, name: str) -> int | None:
    value = number_param(rule, name)
    return None if value is None or value != int(value) else int(value)


def rules_of(table: RuleTable, indicator: str) -> tuple[RuleEntry, ...]:
    return tuple(rule for rule in table.rules if rule.indicator == indicator)


def best_counted(
    lines: tuple[ScoreLine, ...], why: str, *, zh: str = "同一单项指标只取最高分"
) -> tuple[ScoreLine, ...]:
    """Within one indicator only the highest item counts; the others are set aside."""
    counted = [line for line in lines if line.counted]
    if len(counted) <= 1:
        return lines
    best = max(counted, key=lambda line: line.points)
    return tuple(
        line if line is best or not line.counted else set_aside(line, why, zh=zh) for line in lines
    )


def fixed_line(table: RuleTable, on: date, indicator: str, level: str, what: str) -> ScoreLine:
    """A rule worth its points once (EDU, AWARD, FRESH_GRAD, ...)."""
    rule = table.rule(indicator, level)
    if rule is None:
        return no_rule_line(indicator, level, what, on)
    if rule.points is None:
        return unusable_line(rule, "its points", on)
    zh = f"{rule.label}：{rule.points}分"
    return counted_line(rule, rule.points, f"{what}: {rule.points}", zh=zh)


def per_year_line(table: RuleTable, on: date, indicator: str, years: int, what: str) -> ScoreLine:
    """A rule worth its points per full year, counted only from `min_years` when it sets one."""
    rule = table.rule(indicator)
    if rule is None:
        return no_rule_line(indicator, "", what, on)
    if rule.points is None:
        return unusable_line(rule, "its points per year", on)
    min_years = int_param(rule, "min_years")
    if min_years is not None and years < min_years:
        return not_counted(
            rule,
            f"{rule.label}：{years}年，满{min_years}年后开始计入 · {what}: {years} full years; "
            f"counted only once {min_years} are reached",
        )
    total = rule.points * years
    return counted_line(
        rule,
        total,
        f"{what}: {years} years × {rule.points} = {total}",
        zh=f"{rule.label}：{years}年 × {rule.points} = {total}分",
    )
