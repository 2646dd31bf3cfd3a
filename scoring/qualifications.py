"""The SKILL indicator: skill certificates and professional titles, with their conditions.

A certificate or title that fails a condition scores nothing: the rules name no fallback to a
lower level, so none is applied.
"""

from __future__ import annotations

from datetime import date

from scoring.apply import (
    Assessment,
    best_counted,
    counted_line,
    int_param,
    named,
    no_rule_line,
    not_counted,
    number_param,
    unusable_line,
)
from scoring.catalogues import CatalogueKind, catalogues_of, find_trade
from scoring.contributions import months_at_base
from scoring.profile import ProfessionalTitle, Profile, SkillCertificate
from scoring.profile_fields import ASSUMED_IN_SHANGHAI
from scoring.records import RuleEntry, RuleTable
from scoring.results import ScoreLine
from words import translate

_LEVEL_ZH = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}
_TITLE_LEVEL = {"中级": "2", "高级": "1"}
# Only certificates of 三级 and above obtained elsewhere can be made to count by 本市复评或验证.
_LOWEST_VERIFIABLE_LEVEL = 3
_BASE_PARAMS = ("base_multiple", "base_months", "base_window_months")


def assess_skill(profile: Profile, table: RuleTable, on: date) -> Assessment:
    """One line per certificate and title; only the highest counts."""
    result = Assessment()
    for certificate in profile.skill_certificates:
        result += _assess_certificate(certificate, profile, table, on)
        result += _assumed(certificate, translate("%(trade)s certificate", trade=certificate.trade))
    for title in profile.titles:
        result += _assess_title(title, profile, table, on)
        result += _assumed(
            title, translate("%(kind)s title %(name)s", kind=title.kind, name=title.name)
        )
    return Assessment(
        best_counted(result.lines, translate("only the highest certificate or title counts")),
        result.notes,
    )


def _assumed(held: SkillCertificate | ProfessionalTitle, what: str) -> Assessment:
    """The note that a left-out obtained_in_shanghai was taken as the common case, true."""
    if "obtained_in_shanghai" in held.model_fields_set:
        return Assessment()
    return Assessment((), (translate(ASSUMED_IN_SHANGHAI, what=what),))


def _assess_certificate(
    cert: SkillCertificate, profile: Profile, table: RuleTable, on: date
) -> Assessment:
    what = translate("%(trade)s certificate", trade=cert.trade)
    if isinstance(cert.level, str):
        return Assessment(
            (
                ScoreLine(
                    indicator="SKILL",
                    level=cert.level,
                    label=f"{cert.level} ({cert.trade})",
                    points=0,
                    capped_from=None,
                    counted=False,
                    reason=translate(
                        "no point value is published for %(level)s in the rules in force on "
                        "%(day)s; counts 0",
                        level=cert.level,
                        day=on.isoformat(),
                    ),
                    provenance=None,
                    clause=None,
                ),
            )
        )
    level_zh = _LEVEL_ZH[cert.level]
    rule = table.rule("SKILL", str(cert.level))
    if rule is None:
        what = translate("a %(level)s %(what)s", level=level_zh, what=what)
        return Assessment((no_rule_line("SKILL", str(cert.level), what, on),))
    if not cert.obtained_in_shanghai:
        if cert.level > _LOWEST_VERIFIABLE_LEVEL:
            return Assessment(
                (
                    not_counted(
                        rule,
                        translate(
                            "%(level)s %(what)s obtained outside Shanghai: only 三级 and above "
                            "can count after 本市复评或验证; counts 0",
                            level=level_zh,
                            what=what,
                        ),
                    ),
                )
            )
        if not cert.verified_in_shanghai:
            return Assessment(
                (
                    not_counted(
                        rule,
                        translate(
                            "%(level)s %(what)s obtained outside Shanghai and not verified "
                            "(本市复评或验证); counts 0",
                            level=level_zh,
                            what=what,
                        ),
                    ),
                )
            )
    listed, notes = _check_catalogue(cert.trade, table, on)
    if not listed:
        return Assessment(
            (
                not_counted(
                    rule,
                    translate(
                        "%(trade)s is not in any skill catalogue in force on %(day)s; counts 0",
                        trade=cert.trade,
                        day=on.isoformat(),
                    ),
                ),
            ),
            notes,
        )
    what = translate("%(level)s %(what)s", level=level_zh, what=what)
    return _apply_base_condition(rule, profile, on, what) + Assessment((), notes)


def _check_catalogue(trade: str, table: RuleTable, on: date) -> tuple[bool, tuple[str, ...]]:
    catalogues = catalogues_of(table, CatalogueKind.SKILL)
    if not catalogues:
        return True, (
            translate(
                "no skill catalogue is in force on %(day)s: could not check that %(trade)s is a "
                "listed trade; the certificate is counted as stated",
                day=on.isoformat(),
                trade=trade,
            ),
        )
    return find_trade(catalogues, trade) is not None, ()


def _assess_title(
    title: ProfessionalTitle, profile: Profile, table: RuleTable, on: date
) -> Assessment:
    level = _TITLE_LEVEL[title.kind]
    what = translate("%(kind)s title %(name)s", kind=title.kind, name=title.name)
    rule = table.rule("SKILL", level)
    if rule is None:
        return Assessment((no_rule_line("SKILL", level, what, on),))
    if title.registered is False:
        return Assessment(
            (
                not_counted(
                    rule,
                    translate(
                        "%(what)s is a registration-type qualification not yet registered; "
                        "counts 0",
                        what=what,
                    ),
                ),
            )
        )
    if not (title.obtained_in_shanghai or title.verified_in_shanghai):
        return Assessment(
            (
                not_counted(
                    rule,
                    translate(
                        "%(what)s obtained outside Shanghai and not verified (本市复评或验证); "
                        "counts 0",
                        what=what,
                    ),
                ),
            )
        )
    return _apply_base_condition(rule, profile, on, what)


def _apply_base_condition(rule: RuleEntry, profile: Profile, on: date, what: str) -> Assessment:
    """Levels whose rule carries base_* parameters need that contribution-base record."""
    if rule.points is None:
        return Assessment((unusable_line(rule, translate("its points"), on),))
    if not any(rule.param(name) is not None for name in _BASE_PARAMS):
        reason = translate("%(label)s: %(points)s", label=named(rule, what), points=rule.points)
        return Assessment((counted_line(rule, rule.points, reason),))
    multiple = number_param(rule, "base_multiple")
    months = int_param(rule, "base_months")
    window = int_param(rule, "base_window_months")
    if multiple is None or months is None or window is None:
        return Assessment(
            (
                unusable_line(
                    rule,
                    translate("its whole contribution-base condition"),
                    on,
                    missing="condition",
                ),
            )
        )
    paid = months_at_base(
        profile.social_insurance.base_history,
        on,
        window=window,
        multiple_from=multiple,
        multiple_to=None,
    )
    return _base_condition_line(rule, what, (multiple, months, window), paid)


def _base_condition_line(
    rule: RuleEntry, what: str, condition: tuple[float, int, int], paid: int
) -> Assessment:
    """The line of a level whose base condition was counted: met, or scoring nothing."""
    multiple, months, window = condition
    points = rule.points or 0
    said = {
        "what": named(rule, what),
        "months": months,
        "window": window,
        "multiple": f"{multiple:g}",
        "paid": paid,
    }
    if paid < months:
        reason = translate(
            "%(what)s needs ≥%(months)s of the last %(window)s months at a base ≥%(multiple)s× "
            "the average wage; the profile has %(paid)s. It scores nothing: the rules name no "
            "fallback to a lower level's value",
            **said,
        )
        return Assessment((not_counted(rule, reason),))
    reason = translate(
        "%(what)s: %(points)s (≥%(months)s of the last %(window)s months at a base "
        "≥%(multiple)s× the average wage: %(paid)s)",
        points=points,
        **said,
    )
    return Assessment((counted_line(rule, points, reason),))
