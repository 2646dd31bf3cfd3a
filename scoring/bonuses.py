"""The add indicators (加分指标): contribution base, shortage major, investment, years, awards…

Where the rules leave a question open (domain.md §7) and it changes this profile's answer, the
assessment says so in a note.
"""

from __future__ import annotations

from datetime import date

from scoring.apply import (
    Assessment,
    best_counted,
    counted_line,
    fixed_line,
    int_param,
    no_rule_line,
    not_counted,
    number_param,
    per_year_line,
    rules_of,
    unusable_line,
)
from scoring.catalogues import CatalogueKind, catalogues_of, find_major
from scoring.contributions import months_at_base
from scoring.profile import Investment, Profile
from scoring.records import ProvisionEntry, RuleEntry, RuleTable
from scoring.results import ScoreLine

_AWARD_LEVEL = {"special": "SPECIAL", "general": "GENERAL", "national": "NATIONAL"}
_AWARD_ZH = {
    "special": "市级专项性表彰",
    "general": "市级综合性表彰",
    "national": "省部级及以上表彰",
}


def assess_si_base(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """Each SI_BASE tier whose months are met; only the highest counts."""
    history = profile.social_insurance.base_history
    if not history:
        return Assessment()
    rules = rules_of(table, "SI_BASE")
    if not rules:
        return Assessment((no_rule_line("SI_BASE", "", "the contribution-base bonus", on),))
    lines = tuple(
        line for line in (_si_base_tier(rule, profile, on) for rule in rules) if line is not None
    )
    return Assessment(best_counted(lines, "only the highest contribution-base tier counts"))


def _si_base_tier(rule: RuleEntry, profile: Profile, on: date) -> ScoreLine | None:
    low, high = number_param(rule, "multiple_from"), number_param(rule, "multiple_to")
    months, window = int_param(rule, "months"), int_param(rule, "window_months")
    if rule.points is None or low is None or months is None or window is None:
        return unusable_line(
            rule, "its points, lower multiple, months and window", on, missing="parameters"
        )
    paid = months_at_base(
        profile.social_insurance.base_history,
        on,
        window=window,
        multiple_from=low,
        multiple_to=high,
    )
    if paid == 0:
        return None  # nothing paid in this tier: not worth a line
    band = f"≥{low:g}×" if high is None else f"{low:g}–{high:g}×"
    if paid < months:
        return not_counted(
            rule, f"{paid} of the last {window} months at {band}; needs {months}; counts 0"
        )
    return counted_line(
        rule,
        rule.points,
        f"{paid} of the last {window} months at {band} (≥{months}): {rule.points}",
        zh=f"最近{window}个月中{paid}个月基数{band}（须{months}个月）：{rule.points}分",
    )


def assess_shortage_major(profile: Profile, table: RuleTable, on: date) -> Assessment:
    major = profile.shortage_major
    if major is None:
        return Assessment()
    what = f"shortage major {major.code} {major.name}"
    rule = table.rule("SHORTAGE_MAJOR")
    if rule is None:
        return Assessment((no_rule_line("SHORTAGE_MAJOR", "", what, on),))
    notes: tuple[str, ...] = ()
    if major.full_time_dz is False:
        # 第七条（三） asks only that the major be in the catalogue and the post match it.
        notes = (
            "SHORTAGE_MAJOR: 咨询机构称只有全日制大专专业计分，文件未作此规定，照计 · "
            "consultancies say only full-time 大专 majors count; the text does not say so, so it "
            "is counted",
        )
    return _listed_major(table, on, major.code, major.name, what) + Assessment((), notes)


def _listed_major(table: RuleTable, on: date, code: str, name: str, what: str) -> Assessment:
    catalogues = catalogues_of(table, CatalogueKind.MAJOR)
    if not catalogues:
        note = (
            f"no 紧缺急需专业目录 is in force on {on.isoformat()}: could not check {code} "
            f"{name}; counted as stated"
        )
        return Assessment((fixed_line(table, on, "SHORTAGE_MAJOR", "", what),), (note,))
    rule = table.rule("SHORTAGE_MAJOR")
    if rule is not None and find_major(catalogues, code, name) is None:
        reason = f"{what} is not in the 紧缺急需专业目录 in force (code and name must both match)"
        return Assessment((not_counted(rule, f"{reason}; counts 0"),))
    return Assessment((fixed_line(table, on, "SHORTAGE_MAJOR", "", what),))


def assess_investment(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """Steps of tax paid or of local hires; the larger route counts (see the note)."""
    invest = profile.investment
    if invest is None or (
        invest.average_annual_tax_wan == 0 and invest.average_annual_local_hires == 0
    ):
        return Assessment()
    rule = table.rule("INVEST_TAX")
    if rule is None:
        return Assessment((no_rule_line("INVEST_TAX", "", "investment tax or hiring", on),))
    tax_step, hire_step = number_param(rule, "tax_step_wan"), number_param(rule, "hire_step")
    years = int_param(rule, "years")
    if rule.points is None or tax_step is None or hire_step is None or years is None:
        return Assessment(
            (
                unusable_line(
                    rule,
                    "its points, tax step, hiring step and years",
                    on,
                    missing="parameters",
                ),
            )
        )
    if invest.years < years:
        reason = f"the averages cover {invest.years} years; the rule needs {years}; counts 0"
        return Assessment((not_counted(rule, reason),))
    return _investment_steps(rule, invest, (tax_step, hire_step), table.choice("INVEST_TAX"))


def _investment_steps(
    rule: RuleEntry,
    invest: Investment,
    step_sizes: tuple[float, float],
    choice: ProvisionEntry | None,
) -> Assessment:
    points = rule.points or 0
    tax_step, hire_step = step_sizes
    tax_steps = int(invest.average_annual_tax_wan // tax_step)
    hire_steps = int(invest.average_annual_local_hires // hire_step)
    steps = max(tax_steps, hire_steps)
    notes: tuple[str, ...] = ()
    if tax_steps and hire_steps:
        said, cited = (
            (f"{choice.clause or '文件'}：{choice.text}", choice.clause or "the document")
            if choice is not None
            else ("所用文本未载“选择其中一项”的条款", "the text in use has no clause saying so")
        )
        notes = (
            f"INVEST_TAX: {said}，纳税与聘用取较多者 · the two routes are not added ({cited}); "
            f"the larger one is counted ({steps} steps) — adding them would give "
            f"{(tax_steps + hire_steps) * points} before the cap",
        )
    reason = (
        f"tax {invest.average_annual_tax_wan:g}万 → {tax_steps} steps of {tax_step:g}万, "
        f"hires {invest.average_annual_local_hires} → {hire_steps} steps of {hire_step:g}; "
        f"{steps} × {points} = {steps * points}"
    )
    if steps == 0:
        return Assessment((not_counted(rule, f"{reason}; below the first step"),), notes)
    zh = f"纳税{tax_steps}档、聘用{hire_steps}档，取较多者：{steps} × {points}分"
    return Assessment((counted_line(rule, steps * points, reason, zh=zh),), notes)


def assess_service_years(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """PUBLIC_SERVICE and REMOTE_AREA: per full year once min_years are reached."""
    result = Assessment()
    for indicator, years, what in (
        ("PUBLIC_SERVICE", profile.public_service_years, "特定公共服务领域"),
        ("REMOTE_AREA", profile.remote_area_years, "远郊重点区域"),
    ):
        if years == 0:
            continue
        line = per_year_line(table, on, indicator, years, what)
        notes: tuple[str, ...] = ()
        rule = table.rule(indicator)
        if line.counted and rule is not None and rule.cap is None:
            notes = (
                f"{indicator}: the rules in force state no cap; published calculators use none "
                f"or 30 — counted uncapped ({line.points}); all years count once the minimum "
                "is reached",
            )
        result += Assessment((line,), notes)
    return result


def assess_flags(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """FRESH_GRAD, ENTREPRENEUR, INNOV_INTERMEDIARY: worth their points once."""
    lines = tuple(
        fixed_line(table, on, indicator, "", what)
        for indicator, applies, what in (
            ("FRESH_GRAD", profile.fresh_graduate, "全日制应届高校毕业生"),
            ("ENTREPRENEUR", profile.entrepreneur, "创业人才"),
            ("INNOV_INTERMEDIARY", profile.innovation_intermediary, "创新创业中介服务人才"),
        )
        if applies
    )
    return Assessment(lines)


def assess_awards(profile: Profile, table: RuleTable, on: date) -> Assessment:
    lines = tuple(
        fixed_line(table, on, "AWARD", _AWARD_LEVEL[kind], _AWARD_ZH[kind])
        for kind in dict.fromkeys(profile.awards)
    )
    return Assessment(best_counted(lines, "only the highest award counts"))


def assess_spouse(profile: Profile, table: RuleTable, on: date) -> Assessment:
    years = profile.spouse_local_hukou_years
    if years == 0:
        return Assessment()
    return Assessment((per_year_line(table, on, "SPOUSE_LOCAL", years, "配偶为本市户籍"),))
