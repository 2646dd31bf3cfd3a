"""Deductions (减分指标, they accumulate) and vetoes (一票否决, they disqualify)."""

from __future__ import annotations

from datetime import date

from scoring.apply import (
    Assessment,
    counted_line,
    int_param,
    no_rule_line,
    not_counted,
    unusable_line,
)
from scoring.profile import Profile
from scoring.records import RuleTable


def assess_deductions(profile: Profile, table: RuleTable, on: date) -> Assessment:
    result = Assessment()
    for indicator, count, what in (
        ("DED_FALSE", profile.deductions.false_material, "提供虚假材料"),
        ("DED_DETENTION", profile.deductions.detention, "行政拘留"),
        ("DED_CRIME", profile.deductions.crime, "一般刑事犯罪"),
    ):
        if count == 0:
            continue
        rule = table.rule(indicator)
        if rule is None:
            result += Assessment((no_rule_line(indicator, "", what, on),))
            continue
        if rule.points is None:
            result += Assessment((unusable_line(rule, "its points", on),))
            continue
        # Deductions are published as negative numbers; a table that lost the sign still deducts.
        each = -abs(rule.points)
        window = int_param(rule, "window_years")
        within = f" within {window} years" if window is not None else ""
        reason = f"{what}: {count}{within} × {each} = {each * count}"
        zh = f"{what}{count}次 × {each} = {each * count}分"
        result += Assessment((counted_line(rule, each * count, reason, zh=zh),))
    return result


def assess_vetoes(profile: Profile, table: RuleTable, on: date) -> tuple[Assessment, bool]:
    """The veto lines, and whether any veto in force applies."""
    lines = []
    disqualified = False
    for indicator, applies, what in (
        ("VETO_FAMILY_PLANNING", profile.vetoes.family_planning_violation, "违反计划生育政策"),
        ("VETO_SERIOUS_CRIME", profile.vetoes.serious_crime, "严重刑事犯罪"),
    ):
        if not applies:
            continue
        rule = table.rule(indicator)
        if rule is None:
            lines.append(no_rule_line(indicator, "", what, on))
            continue
        disqualified = True
        lines.append(
            not_counted(
                rule, f"{what}: 一票否决 — the application is not allowed, whatever the total"
            )
        )
    return Assessment(tuple(lines)), disqualified
