"""Keyed points diffs: rules by (indicator, level), values compared as typed fields."""

from __future__ import annotations

from dataclasses import replace

from diffing_cases import points_table, skill_rule, standard_points
from hypothesis import given
from hypothesis import strategies as st

from diffing.records import RuleChangeKind
from diffing.rules import diff_points, is_label_only
from scraper.records import PointRule, PointsTable, RuleCategory, RuleUnit


def test_same_table_has_no_changes() -> None:
    assert diff_points(standard_points(), standard_points()) == ()


def test_a_points_change_names_the_rule_and_the_field() -> None:
    old = points_table(skill_rule("3", 60), skill_rule("4", 30))
    new = points_table(skill_rule("3", 70), skill_rule("4", 30))
    (change,) = diff_points(old, new)
    assert (change.kind, change.indicator, change.level) == (RuleChangeKind.MODIFIED, "SKILL", "3")
    assert change.fields == ("points",)
    assert (change.old, change.new) == (old.rules[0], new.rules[0])


def test_cap_unit_category_and_params_are_compared() -> None:
    old = PointRule(
        "INVEST_TAX", "", "投资纳税", 10, unit=RuleUnit.PER_STEP, cap=100, category=RuleCategory.ADD
    )
    new = replace(
        old, cap=120, unit=RuleUnit.FIXED, category=RuleCategory.BASIC, params=(("years", "3"),)
    )
    (change,) = diff_points(points_table(old), points_table(new))
    assert change.fields == ("cap", "unit", "params", "category")


def test_conditions_compare_as_sets_of_normalised_sentences() -> None:
    old = skill_rule("2", 100, conditions=("缴费基数达到1倍", "连续缴纳6个月"))
    reordered = skill_rule("2", 100, conditions=(" 连续缴纳６个月", "缴费基数达到1倍 "))
    assert diff_points(points_table(old), points_table(reordered)) == ()
    stricter = skill_rule("2", 100, conditions=("缴费基数达到2倍", "连续缴纳6个月"))
    (change,) = diff_points(points_table(old), points_table(stricter))
    assert change.fields == ("conditions",)


def test_label_only_change_is_wording() -> None:
    old = skill_rule("3", 60, label="技能类国家职业资格三级")
    new = skill_rule("3", 60, label="技能等级三级")
    (change,) = diff_points(points_table(old), points_table(new))
    assert change.fields == ("label",)
    assert is_label_only(change)


def test_label_whitespace_and_width_are_not_changes() -> None:
    old = skill_rule("3", 60, label="技能等级（三级）")
    new = skill_rule("3", 60, label=" 技能等级(三级)")
    assert diff_points(points_table(old), points_table(new)) == ()


def test_clause_reference_alone_is_not_a_change() -> None:
    old = skill_rule("3", 60, clause="第六条（二）")
    assert diff_points(points_table(old), points_table(replace(old, clause="第七条"))) == ()


def test_added_and_removed_rules_in_key_order() -> None:
    old = points_table(skill_rule("3", 60), skill_rule("5", 15))
    new = points_table(skill_rule("3", 60), skill_rule("1", 140))
    changes = diff_points(old, new)
    assert [(c.kind, c.level) for c in changes] == [
        (RuleChangeKind.ADDED, "1"),
        (RuleChangeKind.REMOVED, "5"),
    ]


def test_veto_losing_its_points_none_is_a_points_change() -> None:
    old = PointRule(
        "VETO_SERIOUS_CRIME",
        "",
        "刑事犯罪",
        None,
        unit=RuleUnit.DISQUALIFY,
        category=RuleCategory.VETO,
    )
    new = replace(old, points=-150, unit=RuleUnit.PER_OCCURRENCE, category=RuleCategory.DEDUCT)
    (change,) = diff_points(points_table(old), points_table(new))
    assert change.fields == ("points", "unit", "category")


@given(st.permutations(standard_points().rules))
def test_rule_order_is_never_a_change(rules: list[PointRule]) -> None:
    assert diff_points(standard_points(), PointsTable(tuple(rules))) == ()


@given(st.lists(st.sampled_from(standard_points().rules), unique=True))
def test_a_table_against_itself_has_no_changes(rules: list[PointRule]) -> None:
    table = PointsTable(tuple(rules))
    assert diff_points(table, table) == ()
