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
        notes += ("disqualified by a veto (一票否决): the total is shown for information only",)
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
        notes += (f"no 标准分值 (THRESHOLD) in force on {on.isoformat()}; distance not computed",)
    if missing:
        notes += (
            f"总分不完整：{missing}项所需规则缺失或未能读出，已读出的各项合计{counted}分，不是"
            f"总分 · the total is incomplete: {missing} rule(s) the profile needs are not in "
            f"force or could not be read; the lines read add up to {counted}, which is not a total",
        )
    floor = table.rule("MIN_TOTAL")
    if total is not None and floor is not None and total != counted:
        where = floor.clause or "文件"
        notes += (
            f"{where}：总积分的最低分值为{total}分；各项合计{counted}分，总积分计{total}分 · "
            f"{floor.clause or 'the document'} sets the lowest total at {total}: the lines add "
            f"up to {counted}, so the total is {total}",
        )
    elif floor is None and total is not None and total < 0:
        notes += (
            "所用文本未规定总积分的最低分值，总分即各项合计 · the text in use states no lowest "
            "total: the total is the sum of the lines, below 0",
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
    cited = f" ({choice.clause or 'the document'})" if choice is not None else ""
    why = (
        f"education and title/skill are not added{cited}; {winner.label} ({winner.points}) is "
        f"higher than {loser.label} ({loser.points})"
        if winner.points != loser.points
        else f"education and title/skill are not added{cited}; both are worth {winner.points}, "
        f"{winner.label} is counted"
    )
    said = (
        f"{choice.clause or '文件'}：{choice.text}"
        if choice is not None
        else "教育背景与专业技术职称和技能等级选择其中一项"
    )
    zh = f"{said}，取{winner.label}（{winner.points}分）"
    return tuple(
        set_aside(line, why, zh=zh) if line is loser else line for line in education + skill
    )
