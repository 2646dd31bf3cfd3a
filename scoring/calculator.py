"""Scores a profile against the rule table in force on a date, line by line, with reasons.

Every number comes from the table. A rule the profile needs that the table cannot give (none in
force, or stated but unread) is never counted as 0: the result has no total and lists what is
missing.
"""

from __future__ import annotations

from datetime import date

from scoring.apply import Assessment, set_aside
from scoring.basic import assess_age, assess_education, assess_si_years
from scoring.bonuses import (
    assess_awards,
    assess_flags,
    assess_investment,
    assess_service_years,
    assess_shortage_major,
    assess_si_base,
    assess_spouse,
)
from scoring.completeness import explain_unread, missing_rules, needs, readable
from scoring.penalties import assess_deductions, assess_vetoes
from scoring.profile import Profile
from scoring.qualifications import assess_skill
from scoring.records import ProvisionEntry, RuleTable
from scoring.results import ScoreLine, ScoreResult
from words import translate

_ASSESSORS = (
    assess_si_years,
    assess_si_base,
    assess_shortage_major,
    assess_investment,
    assess_service_years,
    assess_flags,
    assess_awards,
    assess_spouse,
    assess_deductions,
)


def score(profile: Profile, table: RuleTable, *, on: date) -> ScoreResult:
    """The total of `profile` under `table` on `on`, every line explained."""
    result, disqualified = _assess(profile, readable(table), on)
    lines = tuple(explain_unread(line, table.unread) for line in result.lines)
    missing = missing_rules(lines, table.unread, needs(profile))
    counted = sum(line.points for line in lines if line.counted)
    total, floored_from = (None, None) if missing else _floored(counted, table)
    threshold_rule = table.rule("THRESHOLD")
    threshold = None if threshold_rule is None else threshold_rule.points
    notes = result.notes + _total_notes(table, on, counted, total, len(missing))
    if disqualified:
        notes += (
            translate("disqualified by a veto (一票否决): the total is shown for information only"),
        )
    return ScoreResult(
        total=total,
        threshold=threshold,
        distance_to_threshold=None if threshold is None or total is None else threshold - total,
        disqualified=disqualified,
        lines=lines,
        notes=tuple(dict.fromkeys(notes)),
        as_of=on,
        counted_points=counted,
        missing=missing,
        floored_from=floored_from,
    )


def _floored(counted: int, table: RuleTable) -> tuple[int, int | None]:
    """The total, and the sum of the lines when the lowest total the text states (总积分的最低
    分值) raised it. Where the text states none, nothing is raised."""
    floor = table.rule("MIN_TOTAL")
    if floor is None or floor.points is None or counted >= floor.points:
        return counted, None
    return floor.points, counted


def _total_notes(
    table: RuleTable, on: date, counted: int, total: int | None, missing: int
) -> tuple[str, ...]:
    """What a person must know about the total: no threshold, a hole in it, a floor."""
    notes: tuple[str, ...] = ()
    if table.rule("THRESHOLD") is None:
        notes += (
            translate(
                "no 标准分值 (THRESHOLD) in force on %(day)s; distance not computed",
                day=on.isoformat(),
            ),
        )
    if missing:
        notes += (
            translate(
                "the total is incomplete: %(missing)s rule(s) the profile needs are not in force "
                "or could not be read; the lines read add up to %(counted)s, which is not a total",
                missing=missing,
                counted=counted,
            ),
        )
    floor = table.rule("MIN_TOTAL")
    if total is not None and floor is not None and total != counted:
        notes += (
            translate(
                "%(where)s sets the lowest total at %(total)s: the lines add up to %(counted)s, "
                "so the total is %(total)s",
                where=floor.clause or translate("the document"),
                total=total,
                counted=counted,
            ),
        )
    elif floor is None and total is not None and total < 0:
        notes += (
            translate(
                "the text in use states no lowest total: the total is the sum of the lines, below 0"
            ),
        )
    return notes


def _assess(profile: Profile, table: RuleTable, on: date) -> tuple[Assessment, bool]:
    education = assess_education(profile, table, on)
    skill = assess_skill(profile, table, on)
    result = assess_age(profile, table, on)
    chosen = _higher_of(education.lines, skill.lines, table.choice("EDU", "SKILL"))
    result += Assessment(chosen, education.notes + skill.notes)
    for assess in _ASSESSORS:
        result += assess(profile, table, on)
    vetoes, disqualified = assess_vetoes(profile, table, on)
    return result + vetoes, disqualified


def _higher_of(
    education: tuple[ScoreLine, ...],
    skill: tuple[ScoreLine, ...],
    choice: ProvisionEntry | None,
) -> tuple[ScoreLine, ...]:
    """Education and title/skill are not added: the higher one counts, the other is set aside,
    citing the text that says so (第十一条) when the tables in force state it."""
    edu = next((line for line in education if line.counted), None)
    best_skill = next((line for line in skill if line.counted), None)
    if edu is None or best_skill is None:
        return education + skill
    if edu.points >= best_skill.points:
        loser, winner = best_skill, edu
    else:
        loser, winner = edu, best_skill
    said = (
        f"{choice.clause or translate('the document')}：{choice.text}"
        if choice is not None
        else translate("the text in use has no clause saying so")
    )
    sides = {
        "said": said,
        "winner": winner.label,
        "wp": winner.points,
        "loser": loser.label,
        "lp": loser.points,
    }
    why = (
        translate(
            "education and title/skill are not added (%(said)s); %(winner)s (%(wp)s) is higher "
            "than %(loser)s (%(lp)s)",
            **sides,
        )
        if winner.points != loser.points
        else translate(
            "education and title/skill are not added (%(said)s); both are worth %(wp)s, "
            "%(winner)s is counted",
            **sides,
        )
    )
    return tuple(set_aside(line, why) if line is loser else line for line in education + skill)
