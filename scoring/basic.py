"""The basic indicators besides SKILL: age (年龄), education (教育背景) and years of 职工社保."""

from __future__ import annotations

from datetime import date

from scoring.apply import (
    Assessment,
    counted_line,
    fixed_line,
    int_param,
    no_rule_line,
    per_year_line,
    unusable_line,
)
from scoring.profile import Profile
from scoring.records import RuleEntry, RuleTable
from words import translate

_EDU_LEVEL = {"dz": "DZ", "bk": "BK", "bk_xs": "BK_XS", "ss": "SS", "bs": "BS"}
_EDU_ZH = {"dz": "大专", "bk": "本科", "bk_xs": "本科+学士", "ss": "硕士", "bs": "博士"}


def age_on(birth_date: date, on: date) -> int:
    """Full years (周岁) on `on`."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def assess_age(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """The base points from base_age_from to base_age_to, plus `step` per year younger."""
    age = age_on(profile.birth_date, on)
    rule = table.rule("AGE")
    if rule is None:
        return Assessment((no_rule_line("AGE", "", translate("age %(age)s", age=age), on),))
    base_from, base_to = int_param(rule, "base_age_from"), int_param(rule, "base_age_to")
    step = int_param(rule, "step")
    if rule.points is None or base_from is None or base_to is None or step is None:
        return Assessment(
            (
                unusable_line(
                    rule, translate("its base points, ages and step"), on, missing="parameters"
                ),
            )
        )
    if age > base_to:
        return _above_top_bracket(rule, table, age, base_from, base_to)
    younger = max(0, base_from - age)
    points = rule.points + step * younger
    arithmetic = f"{rule.points} + {step} × {younger} = {points}"
    reason = translate("age %(age)s: %(arithmetic)s", age=age, arithmetic=arithmetic)
    return Assessment((counted_line(rule, points, reason),))


def assess_education(profile: Profile, table: RuleTable, on: date) -> Assessment:
    if profile.education == "none":
        return Assessment()
    what = translate("education %(level)s", level=_EDU_ZH[profile.education])
    return Assessment((fixed_line(table, on, "EDU", _EDU_LEVEL[profile.education], what),))


def assess_si_years(profile: Profile, table: RuleTable, on: date) -> Assessment:
    years = profile.social_insurance.years
    if years == 0:
        return Assessment()
    return Assessment(
        (
            per_year_line(
                table, on, "SI_YEARS", years, translate("employee social insurance in Shanghai")
            ),
        )
    )


def _above_top_bracket(
    rule: RuleEntry, table: RuleTable, age: int, base_from: int, base_to: int
) -> Assessment:
    """Over the top bracket the text gives no age points. It is 0, said as such; whether the
    person may apply is what the document's own words say (第二条, quoted), nothing more."""
    document = translate("the document")
    reason = translate(
        "age %(age)s is above the %(low)s–%(high)s bracket: %(where)s gives no age points for "
        "it, so 0",
        age=age,
        low=base_from,
        high=base_to,
        where=rule.clause or translate("the rule"),
    )
    quoted = "；".join(f"{p.clause or document}：“{p.text}”" for p in table.eligibility)
    note = (
        translate(
            "over %(age)s: the text does not say such an applicant may not apply; what it says "
            "of who it applies to: %(quoted)s",
            age=base_to,
            quoted=quoted,
        )
        if quoted
        else translate(
            "over %(age)s: the rules in force do not say such an applicant may not apply, and "
            "no condition for applying could be read from them",
            age=base_to,
        )
    )
    return Assessment((counted_line(rule, 0, reason),), (note,))
