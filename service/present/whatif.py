"""What-ifs for a scored profile: the same profile with one thing better (a higher certificate,
the next education, one more year of social insurance), really scored again under the same
rules. A what-if is only stated when both totals are known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring.calculator import score
from scoring.catalogues import CatalogueKind, catalogues_of
from scoring.contributions import window_months
from scoring.profile import BasePeriod, Profile, SkillCertificate, SocialInsurance
from scoring.records import RuleTable
from scoring.results import ScoreResult
from words import N_, translate

_LEVEL_NAMES = {3: N_("Level 3 (高级工)"), 2: N_("Level 2 (技师)"), 1: N_("Level 1 (高级技师)")}
_NEXT_EDUCATION = {
    "none": ("dz", N_("College diploma (大专 / 高职)")),
    "dz": ("bk", N_("Bachelor-level study without the degree (本科)")),
    "bk": ("bk_xs", N_("Bachelor's degree (本科 + 学士)")),
    "bk_xs": ("ss", N_("Master's degree (硕士)")),
    "ss": ("bs", N_("Doctorate (博士)")),
}


@dataclass(frozen=True, slots=True)
class WhatIf:
    label: str  # what would be different, in the current language
    total: int
    difference: int  # against the profile as entered
    why: str = ""  # when it adds nothing: the reason the changed line gives


def what_ifs(
    profile: Profile, table: RuleTable, day: date, base: ScoreResult
) -> tuple[WhatIf, ...]:
    """Each improvement scored again; () when the profile's own total is incomplete."""
    if base.total is None:
        return ()
    out = []
    for indicator, label, changed in _candidates(profile, table, day):
        result = score(changed, table, on=day)
        if result.total is None:
            continue
        difference = result.total - base.total
        line = result.line(indicator)
        why = line.reason if difference == 0 and line is not None else ""
        out.append(WhatIf(label, result.total, difference, why))
    return tuple(out)


Candidate = tuple[str, str, Profile]  # the indicator it changes, what changes, the profile


def _candidates(profile: Profile, table: RuleTable, day: date) -> list[Candidate]:
    out = _certificates(profile, table, day)
    step = _NEXT_EDUCATION.get(profile.education)
    if step is not None:
        label = translate("with the education: %(level)s", level=translate(step[1]))
        out.append(("EDU", label, _with(profile, education=step[0])))
    insurance = profile.social_insurance
    more = SocialInsurance(years=insurance.years + 1, base_history=insurance.base_history)
    label = translate("with one more year of social insurance")
    out.append(("SI_YEARS", label, _with(profile, social_insurance=more)))
    return out


def _certificates(profile: Profile, table: RuleTable, day: date) -> list[Candidate]:
    """The held certificate raised to each higher level (三级, 二级, 一级)."""
    held = [c for c in profile.skill_certificates if isinstance(c.level, int)]
    best = min((int(c.level) for c in held), default=6)
    first: SkillCertificate | None = None
    if held:
        first = min(held, key=lambda c: int(c.level))
        trade, in_shanghai = first.trade, first.obtained_in_shanghai
    else:
        listed = [e.name for c in catalogues_of(table, CatalogueKind.SKILL) for e in c.entries]
        if not listed:
            return []
        trade, in_shanghai = listed[0], True
    out = []
    for level, name in _LEVEL_NAMES.items():
        if level < best:
            certificate = SkillCertificate(
                trade=trade, level=level, obtained_in_shanghai=in_shanghai
            )
            others = tuple(c for c in profile.skill_certificates if c is not first)
            changed = _with(profile, skill_certificates=(certificate, *others))
            said = translate(
                "with a %(level)s certificate in %(trade)s", level=translate(name), trade=trade
            )
            out.append(("SKILL", said, changed))
            if level <= 2 and not profile.social_insurance.base_history:
                said = translate(
                    "with a %(level)s certificate in %(trade)s and a year at a base of at least "
                    "1× the average wage",
                    level=translate(name),
                    trade=trade,
                )
                out.append(("SKILL", said, _with_base_year(changed, day)))
    return out


def _with_base_year(profile: Profile, day: date) -> Profile:
    """The profile paid at 1× the average wage for the 12 months before `day`."""
    months = sorted(window_months(day, 12))
    (y0, m0), (y1, m1) = months[0], months[-1]
    year = BasePeriod(start=f"{y0:04d}-{m0:02d}", end=f"{y1:04d}-{m1:02d}", multiple=1.0)
    insurance = profile.social_insurance
    more = SocialInsurance(years=insurance.years, base_history=(year,))
    return _with(profile, social_insurance=more)


def _with(profile: Profile, **changes: object) -> Profile:
    return profile.model_copy(update=changes)
