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
from words import N_, translate

_AWARD_LEVEL = {"special": "SPECIAL", "general": "GENERAL", "national": "NATIONAL"}
_AWARD_WHAT = {
    "special": N_("a city-level special award (市级专项性表彰)"),
    "general": N_("a city-level general award (市级综合性表彰)"),
    "national": N_("a provincial or national award (省部级及以上表彰)"),
}


def assess_si_base(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """Each SI_BASE tier whose months are met; only the highest counts."""
    history = profile.social_insurance.base_history
    if not history:
        return Assessment()
    rules = rules_of(table, "SI_BASE")
    if not rules:
        return Assessment(
            (no_rule_line("SI_BASE", "", translate("the contribution-base bonus"), on),)
        )
    lines = tuple(
        line for line in (_si_base_tier(rule, profile, on) for rule in rules) if line is not None
    )
    return Assessment(
        best_counted(lines, translate("only the highest contribution-base tier counts"))
    )


def _si_base_tier(rule: RuleEntry, profile: Profile, on: date) -> ScoreLine | None:
    low, high = number_param(rule, "multiple_from"), number_param(rule, "multiple_to")
    months, window = int_param(rule, "months"), int_param(rule, "window_months")
    if rule.points is None or low is None or months is None or window is None:
        return unusable_line(
            rule,
            translate("its points, lower multiple, months and window"),
            on,
            missing="parameters",
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
    said = {"paid": paid, "window": window, "band": band, "months": months}
    if paid < months:
        return not_counted(
            rule,
            translate(
                "%(paid)s of the last %(window)s months at %(band)s; needs %(months)s; counts 0",
                **said,
            ),
        )
    return counted_line(
        rule,
        rule.points,
        translate(
            "%(paid)s of the last %(window)s months at %(band)s (≥%(months)s): %(points)s",
            points=rule.points,
            **said,
        ),
    )


def assess_shortage_major(profile: Profile, table: RuleTable, on: date) -> Assessment:
    major = profile.shortage_major
    if major is None:
        return Assessment()
    what = translate("shortage major %(code)s %(name)s", code=major.code, name=major.name)
    rule = table.rule("SHORTAGE_MAJOR")
    if rule is None:
        return Assessment((no_rule_line("SHORTAGE_MAJOR", "", what, on),))
    notes: tuple[str, ...] = ()
    if major.full_time_dz is False:
        # 第七条（三） asks only that the major be in the catalogue and the post match it.
        notes = (
            translate(
                "SHORTAGE_MAJOR: consultancies say only full-time 大专 majors count; the text "
                "does not say so, so it is counted"
            ),
        )
    return _listed_major(table, on, major.code, major.name, what) + Assessment((), notes)


def _listed_major(table: RuleTable, on: date, code: str, name: str, what: str) -> Assessment:
    catalogues = catalogues_of(table, CatalogueKind.MAJOR)
    if not catalogues:
        note = translate(
            "no 紧缺急需专业目录 is in force on %(day)s: could not check %(code)s %(name)s; "
            "counted as stated",
            day=on.isoformat(),
            code=code,
            name=name,
        )
        return Assessment((fixed_line(table, on, "SHORTAGE_MAJOR", "", what),), (note,))
    rule = table.rule("SHORTAGE_MAJOR")
    if rule is not None and find_major(catalogues, code, name) is None:
        reason = translate(
            "%(what)s is not in the 紧缺急需专业目录 in force (code and name must both match); "
            "counts 0",
            what=what,
        )
        return Assessment((not_counted(rule, reason),))
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
        what = translate("investment tax or hiring")
        return Assessment((no_rule_line("INVEST_TAX", "", what, on),))
    tax_step, hire_step = number_param(rule, "tax_step_wan"), number_param(rule, "hire_step")
    years = int_param(rule, "years")
    if rule.points is None or tax_step is None or hire_step is None or years is None:
        return Assessment(
            (
                unusable_line(
                    rule,
                    translate("its points, tax step, hiring step and years"),
                    on,
                    missing="parameters",
                ),
            )
        )
    if invest.years < years:
        reason = translate(
            "the averages cover %(years)s years; the rule needs %(needed)s; counts 0",
            years=invest.years,
            needed=years,
        )
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
        said = (
            f"{choice.clause or translate('the document')}：{choice.text}"
            if choice is not None
            else translate("the text in use has no clause saying so")
        )
        notes = (
            translate(
                "INVEST_TAX: the two routes are not added (%(said)s); the larger one is counted "
                "(%(steps)s steps) — adding them would give %(sum)s before the cap",
                said=said,
                steps=steps,
                sum=(tax_steps + hire_steps) * points,
            ),
        )
    tax_wan, tax_step_wan = f"{invest.average_annual_tax_wan:g}", f"{tax_step:g}"
    hire_size = f"{hire_step:g}"
    reason = translate(
        "tax %(tax)s万 → %(tax_steps)s steps of %(tax_step)s万, hires %(hires)s → "
        "%(hire_steps)s steps of %(hire_step)s; %(steps)s × %(points)s = %(total)s",
        tax=tax_wan,
        tax_steps=tax_steps,
        tax_step=tax_step_wan,
        hires=invest.average_annual_local_hires,
        hire_steps=hire_steps,
        hire_step=hire_size,
        steps=steps,
        points=points,
        total=steps * points,
    )
    if steps == 0:
        below = translate("%(reason)s; below the first step", reason=reason)
        return Assessment((not_counted(rule, below),), notes)
    return Assessment((counted_line(rule, steps * points, reason),), notes)


def assess_service_years(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """PUBLIC_SERVICE and REMOTE_AREA: per full year once min_years are reached."""
    result = Assessment()
    for indicator, years, what in (
        (
            "PUBLIC_SERVICE",
            profile.public_service_years,
            translate("specific public-service fields"),
        ),
        ("REMOTE_AREA", profile.remote_area_years, translate("key remote suburban areas")),
    ):
        if years == 0:
            continue
        line = per_year_line(table, on, indicator, years, what)
        notes: tuple[str, ...] = ()
        rule = table.rule(indicator)
        if line.counted and rule is not None and rule.cap is None:
            notes = (
                translate(
                    "%(indicator)s: the rules in force state no cap; published calculators use "
                    "none or 30 — counted uncapped (%(points)s); all years count once the "
                    "minimum is reached",
                    indicator=indicator,
                    points=line.points,
                ),
            )
        result += Assessment((line,), notes)
    return result


def assess_flags(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """FRESH_GRAD, ENTREPRENEUR, INNOV_INTERMEDIARY: worth their points once."""
    lines = tuple(
        fixed_line(table, on, indicator, "", translate(what))
        for indicator, applies, what in (
            ("FRESH_GRAD", profile.fresh_graduate, N_("full-time fresh graduate")),
            ("ENTREPRENEUR", profile.entrepreneur, N_("entrepreneur")),
            (
                "INNOV_INTERMEDIARY",
                profile.innovation_intermediary,
                N_("innovation and entrepreneurship intermediary"),
            ),
        )
        if applies
    )
    return Assessment(lines)


def assess_awards(profile: Profile, table: RuleTable, on: date) -> Assessment:
    lines = tuple(
        fixed_line(table, on, "AWARD", _AWARD_LEVEL[kind], translate(_AWARD_WHAT[kind]))
        for kind in dict.fromkeys(profile.awards)
    )
    return Assessment(best_counted(lines, translate("only the highest award counts")))


def assess_spouse(profile: Profile, table: RuleTable, on: date) -> Assessment:
    years = profile.spouse_local_hukou_years
    if years == 0:
        return Assessment()
    return Assessment(
        (per_year_line(table, on, "SPOUSE_LOCAL", years, translate("spouse with Shanghai hukou")),)
    )
