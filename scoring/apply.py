"""How one rule of the table turns into a score line: caps, parameters, and the missing-rule answer.

Every number used here is read from the rule entry; nothing is assumed when a rule or a
parameter is absent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from scoring.records import RuleEntry, RuleTable
from scoring.results import ScoreLine
from words import Lang, current_lang, translate


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
        reason=translate(
            "no rule in force for %(what)s (%(rule)s) on %(day)s; not counted, the total is "
            "incomplete",
            what=what,
            rule=rule_name(indicator, level),
            day=on.isoformat(),
        ),
        provenance=None,
        clause=None,
        missing="rule",
    )


def unusable_line(rule: RuleEntry, what: str, on: date, *, missing: str = "points") -> ScoreLine:
    """The answer when a rule is in force but lacks a value it needs (points or a parameter)."""
    line = not_counted(
        rule,
        translate(
            "the rule in force on %(day)s does not state %(what)s; not counted, the total is "
            "incomplete",
            day=on.isoformat(),
            what=what,
        ),
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


def counted_line(rule: RuleEntry, points: int, reason: str) -> ScoreLine:
    """A line that counts, cut to the indicator's cap when the rule states one."""
    capped_from: int | None = None
    if rule.cap is not None and points > rule.cap:
        capped_from, points = points, rule.cap
        reason = translate("%(reason)s; capped at %(cap)s", reason=reason, cap=rule.cap)
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


def set_aside(line: ScoreLine, why: str) -> ScoreLine:
    """Keep a line for the record but out of the total; `why` is already in words."""
    said = translate("%(reason)s — not counted: %(why)s", reason=line.reason, why=why)
    return replace(line, counted=False, reason=said)


def named(rule: RuleEntry, what: str) -> str:
    """What a line is about: in Chinese the document's own label, else our description."""
    return rule.label if rule.label and current_lang() is Lang.ZH else what


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


def best_counted(lines: tuple[ScoreLine, ...], why: str) -> tuple[ScoreLine, ...]:
    """Within one indicator only the highest item counts; the others are set aside."""
    counted = [line for line in lines if line.counted]
    if len(counted) <= 1:
        return lines
    best = max(counted, key=lambda line: line.points)
    return tuple(
        line if line is best or not line.counted else set_aside(line, why) for line in lines
    )


def fixed_line(table: RuleTable, on: date, indicator: str, level: str, what: str) -> ScoreLine:
    """A rule worth its points once (EDU, AWARD, FRESH_GRAD, ...)."""
    rule = table.rule(indicator, level)
    if rule is None:
        return no_rule_line(indicator, level, what, on)
    if rule.points is None:
        return unusable_line(rule, translate("its points"), on)
    return counted_line(
        rule,
        rule.points,
        translate("%(label)s: %(points)s", label=named(rule, what), points=rule.points),
    )


def per_year_line(table: RuleTable, on: date, indicator: str, years: int, what: str) -> ScoreLine:
    """A rule worth its points per full year, counted only from `min_years` when it sets one."""
    rule = table.rule(indicator)
    if rule is None:
        return no_rule_line(indicator, "", what, on)
    if rule.points is None:
        return unusable_line(rule, translate("its points per year"), on)
    min_years = int_param(rule, "min_years")
    if min_years is not None and years < min_years:
        return not_counted(
            rule,
            translate(
                "%(what)s: %(years)s full years; counted only once %(min)s are reached",
                what=named(rule, what),
                years=years,
                min=min_years,
            ),
        )
    total = rule.points * years
    return counted_line(
        rule,
        total,
        translate(
            "%(what)s: %(years)s years × %(points)s = %(total)s",
            what=named(rule, what),
            years=years,
            points=rule.points,
            total=total,
        ),
    )
