"""Which rules a profile needs, and what the table cannot give of them.

A rule the document states but that could not be read is never a zero: a profile that needs it
gets no total, and the result lists what is missing (indicator, clause, what). Vetoes are needed
by every profile: nobody can be told they are not disqualified by a veto nobody could read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from scoring.profile import Profile
from scoring.records import RuleTable, UnreadEntry
from scoring.results import NOT_STATED, MissingRule, ScoreLine, missing_what
from words import translate

_EDU_LEVEL = {"dz": "DZ", "bk": "BK", "bk_xs": "BK_XS", "ss": "SS", "bs": "BS"}
_AWARD_LEVEL = {"special": "SPECIAL", "general": "GENERAL", "national": "NATIONAL"}
_TITLE_LEVEL = {"中级": "2", "高级": "1"}
ANY = None  # every level of the indicator

Need = tuple[str, str | None]


def needs(profile: Profile) -> frozenset[Need]:
    """(indicator, level or ANY) of every rule that can move this profile's total."""
    found: set[Need] = {("AGE", ANY), ("VETO_FAMILY_PLANNING", ANY), ("VETO_SERIOUS_CRIME", ANY)}
    if profile.education != "none":
        found.add(("EDU", _EDU_LEVEL[profile.education]))
    found.update(("SKILL", str(c.level)) for c in profile.skill_certificates)
    found.update(("SKILL", _TITLE_LEVEL[t.kind]) for t in profile.titles)
    found.update(("AWARD", _AWARD_LEVEL[kind]) for kind in profile.awards)
    invest = profile.investment
    flags = {
        "SI_YEARS": profile.social_insurance.years > 0,
        "SI_BASE": bool(profile.social_insurance.base_history),
        "SHORTAGE_MAJOR": profile.shortage_major is not None,
        "INVEST_TAX": invest is not None
        and (invest.average_annual_tax_wan > 0 or invest.average_annual_local_hires > 0),
        "PUBLIC_SERVICE": profile.public_service_years > 0,
        "REMOTE_AREA": profile.remote_area_years > 0,
        "FRESH_GRAD": profile.fresh_graduate,
        "SPOUSE_LOCAL": profile.spouse_local_hukou_years > 0,
        "ENTREPRENEUR": profile.entrepreneur,
        "INNOV_INTERMEDIARY": profile.innovation_intermediary,
        "DED_FALSE": profile.deductions.false_material > 0,
        "DED_DETENTION": profile.deductions.detention > 0,
        "DED_CRIME": profile.deductions.crime > 0,
    }
    found.update((indicator, ANY) for indicator, needed in flags.items() if needed)
    return frozenset(found)


def is_needed(entry: UnreadEntry, wanted: frozenset[Need]) -> bool:
    return (entry.indicator, ANY) in wanted or any(
        indicator == entry.indicator and (not entry.level or level == entry.level)
        for indicator, level in wanted
    )


def readable(table: RuleTable) -> RuleTable:
    """The table without the rules an unread item covers: what is read of them is not enough."""
    if not table.unread:
        return table
    kept = tuple(
        rule
        for rule in table.rules
        if not any(u.covers(rule.indicator, rule.level) for u in table.unread)
    )
    return replace(table, rules=kept)


def explain_unread(line: ScoreLine, unread: Iterable[UnreadEntry]) -> ScoreLine:
    """A line with no rule, when the rule is stated but unread: say where and what."""
    if line.missing != "rule":
        return line
    entry = next((u for u in unread if u.covers(line.indicator, line.level)), None)
    if entry is None:
        return line
    reason = _unread_reason(entry)
    return replace(
        line,
        reason=reason,
        clause=entry.clause or None,
        provenance=entry.provenance,
        missing=entry.missing,
        counted=False,
        points=0,
    )


def _unread_reason(entry: UnreadEntry) -> str:
    if entry.missing == NOT_STATED:
        return translate(
            "the text in use does not state this item: not counted as 0, the total is incomplete"
        )
    return translate(
        "%(where)s states it, but its %(what)s could not be read: not counted as 0, the total "
        "is incomplete",
        where=entry.clause or translate("the document"),
        what=missing_what(entry.missing),
    )


def missing_rules(
    lines: Iterable[ScoreLine], unread: Iterable[UnreadEntry], wanted: frozenset[Need]
) -> tuple[MissingRule, ...]:
    """Every rule the profile needs that the table cannot give, each once, unread items first."""
    stated = [u for u in unread if is_needed(u, wanted)]
    found = [
        MissingRule(
            indicator=u.indicator,
            level=u.level,
            clause=u.clause or None,
            what=u.missing,
            text=u.text,
            provenance=u.provenance,
        )
        for u in stated
    ]
    for line in lines:
        if line.missing is None or any(u.covers(line.indicator, line.level) for u in stated):
            continue
        found.append(
            MissingRule(
                indicator=line.indicator,
                level=line.level,
                clause=line.clause,
                what=line.missing,
                text="",
                provenance=line.provenance,
            )
        )
    return tuple(dict.fromkeys(found))
