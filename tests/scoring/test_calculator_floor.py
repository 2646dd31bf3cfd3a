"""The lowest total (总积分的最低分值, 第十一条 of the 2017 text) and the sentences the tables quote.

The domain.md §2.1 table states no floor, so its deductions give totals below 0; the 2017 text
does, and a table holding its MIN_TOTAL rule raises such a total to it and says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_calculator import ON, TABLE, person
from test_calculator_unread import _version, unread

from scoring.calculator import score
from scoring.records import RuleEntry
from scoring.tables import build_rule_table
from scraper.records import PointRule, PointsTable, Provision, RuleCategory, RuleUnit

FLOOR = RuleEntry(
    indicator="MIN_TOTAL",
    level="",
    label="总积分的最低分值",
    points=0,
    unit="floor",
    cap=None,
    conditions=("持证人的总积分等于…减去减分指标的累计扣减积分，总积分的最低分值为0分",),
    category="rule",
    provenance=TABLE.rules[0].provenance,
    clause="第十一条",
)
FLOORED = replace(TABLE, rules=(*TABLE.rules, FLOOR))
# 31 years old (AGE 30), 博士 110, one of each deduction: 30 + 110 − 150 − 50 − 150 = −210.
ALL_DEDUCTIONS = person(
    education="bs", deductions={"false_material": 1, "detention": 1, "crime": 1}
)


def test_a_total_below_the_stated_floor_is_raised_to_it_with_the_clause() -> None:
    result = score(ALL_DEDUCTIONS, FLOORED, on=ON)
    assert (result.total, result.floored_from, result.counted_points) == (0, -210, -210)
    assert result.distance_to_threshold == 120 and result.is_complete
    (note,) = [n for n in result.notes if n.startswith("第十一条")]
    assert "总积分的最低分值为0分" in note and "-210" in note
    # The lines are what they are: the deductions count in full, the floor is on the total.
    assert result.points_of("DED_CRIME") == -150


def test_where_the_text_states_no_floor_nothing_is_raised_nor_claimed() -> None:
    result = score(ALL_DEDUCTIONS, TABLE, on=ON)
    assert (result.total, result.floored_from) == (-210, None)
    assert not any("最低分值为" in n for n in result.notes)
    assert any("所用文本未规定总积分的最低分值" in n for n in result.notes)


def test_a_total_at_or_above_the_floor_is_left_alone_and_unremarked() -> None:
    result = score(person(education="bs"), FLOORED, on=ON)
    assert (result.total, result.floored_from) == (140, None)
    assert not any("最低分值" in n for n in result.notes)


def test_an_incomplete_total_is_not_floored_into_a_total() -> None:
    table = unread(FLOORED, "DED_DETENTION", "", "第八条（二）", "points")
    result = score(ALL_DEDUCTIONS, table, on=ON)
    assert result.total is None and result.floored_from is None
    assert not any("最低分值为" in n for n in result.notes)


SCOPE = "在本市工作、居住，持有《上海市居住证》，并参加本市职工社会保险满6个月的境内来沪人员，适用本办法"
CHOOSE = "“教育背景”、“专业技术职称和技能等级”两项指标，选择其中一项进行积分"


def test_the_rule_tables_carry_the_quoted_sentences_of_the_document_in_force() -> None:
    stated = PointsTable(
        rules=(
            PointRule(
                "MIN_TOTAL", "", "总积分的最低分值", 0, RuleUnit.FLOOR, category=RuleCategory.RULE
            ),
        ),
        eligibility=(Provision("第二条", SCOPE),),
        one_of=(Provision("第十一条", CHOOSE, ("EDU", "SKILL")),),
    )
    older = _version(1, stated, date(2018, 1, 1))
    newer = _version(2, PointsTable(rules=()), date(2020, 1, 1))  # says nothing of either
    table = build_rule_table([older, newer], date(2021, 1, 1))
    (scope,) = table.eligibility
    assert (scope.clause, scope.text, scope.provenance.version_id) == ("第二条", SCOPE, 1)
    choice = table.choice("EDU", "SKILL")
    assert choice is not None and choice.clause == "第十一条"
    assert table.choice("INVEST_TAX") is None
    assert table.rule("MIN_TOTAL") is not None
    reworded = _version(
        3, PointsTable(rules=(), eligibility=(Provision("第二条", "另一句"),)), date(2022, 1, 1)
    )
    assert [p.text for p in build_rule_table([older, reworded], date(2023, 1, 1)).eligibility] == [
        "另一句"
    ]
