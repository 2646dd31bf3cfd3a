"""Impact of a change in plain words, and how one profile's total moves between two tables."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_calculator import BASE_OK, ON, TABLE, cert, person
from test_calculator_fixture import with_rule, without_rule

from diffing.records import RuleChange, RuleChangeKind, TradeChange, TradeChangeKind
from scoring.impact import catalogue_change_impact, compare, rule_change_impact
from scraper.records import PointRule, RuleCategory, RuleUnit, Trade
from words import Lang, speaking

SKILL_3 = PointRule("SKILL", "3", "技能等级三级", 60, cap=140)
SKILL_RULES = tuple(rule for rule in TABLE.rules if rule.indicator == "SKILL")


def modified(old: PointRule, new: PointRule) -> RuleChange:
    return RuleChange(RuleChangeKind.MODIFIED, old.indicator, old.level, old, new)


def test_points_change_names_who_and_by_how_much() -> None:
    text = rule_change_impact(modified(SKILL_3, replace(SKILL_3, points=70)))
    assert text == "三级证书持有人：60 → 70 (+10)"


def test_second_level_names_the_equivalent_title_and_a_fall() -> None:
    old = PointRule("SKILL", "2", "技能等级二级", 100, cap=140)
    text = rule_change_impact(modified(old, replace(old, points=90)))
    assert text == "二级证书或中级职称持有人：100 → 90 (−10)"


def test_cap_and_parameter_changes_are_spelled_out() -> None:
    old = PointRule(
        "INVEST_TAX", "", "投资纳税", 10, unit=RuleUnit.PER_STEP, cap=100, params=(("years", "3"),)
    )
    new = replace(old, cap=120, params=(("years", "2"),))
    text = rule_change_impact(modified(old, new))
    assert "最高分值 100 → 120 (+20)" in text and "years 3 → 2" in text


def test_wording_only_change_says_no_points_change() -> None:
    text = rule_change_impact(modified(SKILL_3, replace(SKILL_3, label="技能类国家职业资格三级")))
    assert text == "三级证书持有人：仅措辞变化，分值不变"


def test_added_and_removed_rules() -> None:
    rule = PointRule("ENTREPRENEUR", "", "创业人才", 120, cap=120, category=RuleCategory.ADD)
    added = RuleChange(RuleChangeKind.ADDED, "ENTREPRENEUR", "", None, rule)
    removed = RuleChange(RuleChangeKind.REMOVED, "ENTREPRENEUR", "", rule, None)
    assert rule_change_impact(added) == "符合创业人才的申请人：新增规则，120分"
    assert "不再计分（原为120分）" in rule_change_impact(removed)


def test_removed_trade_reads_its_range_from_the_skill_rules() -> None:
    change = TradeChange(TradeChangeKind.REMOVED, Trade("刨插工"), None)
    assert catalogue_change_impact(change, SKILL_RULES) == (
        "刨插工移出目录：持该工种证书者不再因此计分（−15 至 −140，视等级）"
    )
    raised = [replace(rule, points=200) if rule.level == "1" else rule for rule in SKILL_RULES]
    assert "−15 至 −200" in catalogue_change_impact(change, raised)


def test_added_renamed_and_modified_trades() -> None:
    added = TradeChange(TradeChangeKind.ADDED, None, Trade("数字孪生应用技术员"))
    assert "（+15 至 +140，视等级）" in catalogue_change_impact(added, SKILL_RULES)
    renamed = TradeChange(TradeChangeKind.RENAMED, Trade("热处理工"), Trade("金属热处理工"))
    assert catalogue_change_impact(renamed, SKILL_RULES) == (
        "热处理工更名为金属热处理工：两个名称下的证书均可对应，分值不变"
    )
    coded = TradeChange(
        TradeChangeKind.MODIFIED, Trade("车工"), Trade("车工", code="6-18"), ("code",)
    )
    assert catalogue_change_impact(coded, SKILL_RULES) == "车工：code有变，分值不变"


def test_no_skill_rules_means_no_invented_range() -> None:
    change = TradeChange(TradeChangeKind.REMOVED, Trade("刨插工"), None)
    assert "没有生效的技能等级规则" in catalogue_change_impact(change, ())


def test_compare_reports_the_moved_indicator_only() -> None:
    profile = person(skill_certificates=[cert("车工", 3)], spouse_local_hukou_years=2)
    delta = compare(profile, TABLE, with_rule(TABLE, "SKILL", "3", points=70), on=ON)
    assert (delta.before_total, delta.after_total, delta.difference) == (98, 108, 10)
    assert [(d.indicator, d.before, d.after, d.difference) for d in delta.indicators] == [
        ("SKILL", 60, 70, 10)
    ]


def test_compare_when_a_trade_leaves_the_catalogue() -> None:
    skill = TABLE.catalogues[0]
    shrunk = replace(skill, entries=tuple(e for e in skill.entries if e.name != "车工"))
    after = replace(TABLE, catalogues=(shrunk, *TABLE.catalogues[1:]))
    profile = person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_OK)
    delta = compare(profile, TABLE, after, on=ON)
    assert delta.difference == -100
    line = delta.after.line("SKILL")
    assert line is not None and "不在 2025-01-15 生效的任何技能目录中" in line.reason


@pytest.mark.parametrize("indicator", ["THRESHOLD", "AGE"])
def test_compare_with_a_rule_gone(indicator: str) -> None:
    delta = compare(person(), TABLE, without_rule(TABLE, indicator), on=ON)
    moved = {d.indicator: d.difference for d in delta.indicators}
    assert moved == ({} if indicator == "THRESHOLD" else {"AGE": -30})
    assert (delta.after.threshold is None) == (indicator == "THRESHOLD")


def test_impact_reads_in_english_when_asked() -> None:
    with speaking(Lang.EN):
        text = rule_change_impact(modified(SKILL_3, replace(SKILL_3, label="三级")))
    assert text == "holders of a 三级 certificate: wording only, no points change"
