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
from words import N_, translate


def assess_deductions(profile: Profile, table: RuleTable, on: date) -> Assessment:
    result = Assessment()
    for indicator, count, marked in (
        ("DED_FALSE", profile.deductions.false_material, N_("false material (提供虚假材料)")),
        ("DED_DETENTION", profile.deductions.detention, N_("administrative detention (行政拘留)")),
        ("DED_CRIME", profile.deductions.crime, N_("a criminal record (一般刑事犯罪)")),
    ):
        if count == 0:
            continue
        what = translate(marked)
        rule = table.rule(indicator)
        if rule is None:
            result += Assessment((no_rule_line(indicator, "", what, on),))
            continue
        if rule.points is None:
            result += Assessment((unusable_line(rule, translate("its points"), on),))
            continue
        # Deductions are published as negative numbers; a table that lost the sign still deducts.
        each = -abs(rule.points)
        window = int_param(rule, "window_years")
        said = {"what": what, "count": count, "each": each, "total": each * count}
        reason = (
            translate(
                "%(what)s: %(count)s within %(window)s years × %(each)s = %(total)s",
                window=window,
                **said,
            )
            if window is not None
            else translate("%(what)s: %(count)s × %(each)s = %(total)s", **said)
        )
        result += Assessment((counted_line(rule, each * count, reason),))
    return result


def assess_vetoes(profile: Profile, table: RuleTable, on: date) -> tuple[Assessment, bool]:
    """The veto lines, and whether any veto in force applies."""
    lines = []
    disqualified = False
    for indicator, applies, marked in (
        (
            "VETO_FAMILY_PLANNING",
            profile.vetoes.family_planning_violation,
            N_("a family-planning violation (违反计划生育政策)"),
        ),
        ("VETO_SERIOUS_CRIME", profile.vetoes.serious_crime, N_("a serious crime (严重刑事犯罪)")),
    ):
        if not applies:
            continue
        what = translate(marked)
        rule = table.rule(indicator)
        if rule is None:
            lines.append(no_rule_line(indicator, "", what, on))
            continue
        disqualified = True
        lines.append(
            not_counted(
                rule,
                translate(
                    "%(what)s: 一票否决 — the application is not allowed, whatever the total",
                    what=what,
                ),
            )
        )
    return Assessment(tuple(lines)), disqualified
