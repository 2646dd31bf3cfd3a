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
        result += _assumed(certificate, f"{certificate.trade}证书")
    for title in profile.titles:
        result += _assess_title(title, profile, table, on)
        result += _assumed(title, f"{title.kind}职称{title.name}")
    return Assessment(
        best_counted(result.lines, "only the highest certificate or title counts"),
        result.notes,
    )


def _assumed(held: SkillCertificate | ProfessionalTitle, what: str) -> Assessment:
    """The note that a left-out obtained_in_shanghai was taken as the common case, true."""
    if "obtained_in_shanghai" in held.model_fields_set:
        return Assessment()
    return Assessment((), (ASSUMED_IN_SHANGHAI.format(what=what),))


def _assess_certificate(
    cert: SkillCertificate, profile: Profile, table: RuleTable, on: date
) -> Assessment:
    what = f"{cert.trade} certificate"
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
                    reason=f"no point value is published for {cert.level} in the rules in force "
                    f"on {on.isoformat()}; counts 0",
                    provenance=None,
                    clause=None,
                ),
            )
        )
    level_zh = _LEVEL_ZH[cert.level]
    rule = table.rule("SKILL", str(cert.level))
    if rule is None:
        return Assessment((no_rule_line("SKILL", str(cert.level), f"a {level_zh} {what}", on),))
    if not cert.obtained_in_shanghai:
        if cert.level > _LOWEST_VERIFIABLE_LEVEL:
            return Assessment(
                (
                    not_counted(
                        rule,
                        f"{level_zh} {what} obtained outside Shanghai: only 三级 and above can "
                        "count after 本市复评或验证; counts 0",
                    ),
                )
            )
        if not cert.verified_in_shanghai:
            return Assessment(
                (
                    not_counted(
                        rule,
                        f"{level_zh} {what} obtained outside Shanghai and not verified "
                        "(本市复评或验证); counts 0",
                    ),
                )
            )
    listed, notes = _check_catalogue(cert.trade, table, on)
    if not listed:
        return Assessment(
            (
                not_counted(
                    rule,
                    f"{cert.trade} is not in any skill catalogue in force on {on.isoformat()}; "
                    "counts 0",
                ),
            ),
            notes,
        )
    return _apply_base_condition(rule, profile, on, f"{level_zh} {what}") + Assessment((), notes)


def _check_catalogue(trade: str, table: RuleTable, on: date) -> tuple[bool, tuple[str, ...]]:
    catalogues = catalogues_of(table, CatalogueKind.SKILL)
    if not catalogues:
        return True, (
            f"no skill catalogue is in force on {on.isoformat()}: could not check that "
            f"{trade} is a listed trade; the certificate is counted as stated",
        )
    return find_trade(catalogues, trade) is not None, ()


def _assess_title(
    title: ProfessionalTitle, profile: Profile, table: RuleTable, on: date
) -> Assessment:
    level = _TITLE_LEVEL[title.kind]
    what = f"{title.kind} title {title.name}"
    rule = table.rule("SKILL", level)
    if rule is None:
        return Assessment((no_rule_line("SKILL", level, f"a {what}", on),))
    if title.registered is False:
        return Assessment(
            (
                not_counted(
                    rule,
                    f"{what} is a registration-type qualification not yet registered; counts 0",
                ),
            )
        )
    if not (title.obtained_in_shanghai or title.verified_in_shanghai):
        return Assessment(
            (
                not_counted(
                    rule,
                    f"{what} obtained outside Shanghai and not verified (本市复评或验证); counts 0",
                ),
            )
        )
    return _apply_base_condition(rule, profile, on, what)


def _apply_base_condition(rule: RuleEntry, profile: Profile, on: date, what: str) -> Assessment:
    """Levels whose rule carries base_* parameters need that contribution-base record."""
    if rule.points is None:
        return Assessment((unusable_line(rule, "its points", on),))
    if not any(rule.param(name) is not None for name in _BASE_PARAMS):
        zh = f"{rule.label}：{rule.points}分"
        return Assessment((counted_line(rule, rule.points, f"{what}: {rule.points}", zh=zh),))
    multiple = number_param(rule, "base_multiple")
    months = int_param(rule, "base_months")
    window = int_param(rule, "base_window_months")
    if multiple is None or months is None or window is None:
        return Assessment(
            (unusable_line(rule, "its whole contribution-base condition", on, missing="condition"),)
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
    said = f"≥{months} of the last {window} months at a base ≥{multiple:g}× the average wage"
    zh = f"最近{window}个月中{paid}个月基数不低于{multiple:g}倍，须{months}个月"
    if paid < months:
        reason = (
            f"{rule.label}：{zh}，不满足，不计（文件未规定降级计分） · {what} needs {said}; the "
            f"profile has {paid}. It scores nothing: the rules name no fallback to a lower "
            "level's value"
        )
        return Assessment((not_counted(rule, reason),))
    reason = f"{what}: {points} ({said}: {paid})"
    return Assessment((counted_line(rule, points, reason, zh=f"{rule.label}：{points}分（{zh}）"),))
