"""Points parser: the seeds' skill ladder with its conditions, tables, and simple other lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.parsers import ParseError, parse_document
from scraper.records import PointRule, PointsTable, Source, SourceKind

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
URL = "https://rsj.sh.gov.cn/tzcjd_17351/20260123/t0035_1443203.html"
SOURCE = Source(id="rsj-skill-points", url=URL, kind=SourceKind.POINTS)
LADDER = {"5": 15, "4": 30, "3": 60, "2": 100, "1": 140}
BASE = "最近1年内累计6个月的缴纳职工社会保险费基数应不低于本市上年度城镇单位就业人员平均工资"
REGISTRATION = "专业技术人员职业资格按照国家有关规定需要注册的，注册后给予加分"


def table_of(html: str) -> PointsTable:
    document = parse_document(SOURCE, html, URL)
    assert document.points is not None
    return document.points


def page(body: str) -> str:
    return f"<html><body><div class='article'>{body}</div></body></html>"


def seed(name: str) -> PointsTable:
    return table_of((PAGES / name).read_text(encoding="utf-8"))


def skill(table: PointsTable) -> dict[str, PointRule]:
    return {rule.level: rule for rule in table.rules if rule.indicator == "SKILL"}


@pytest.mark.parametrize("name", ["seed000.html", "seed003.html"])
def test_seeds_give_the_five_skill_levels(name: str) -> None:
    rules = skill(seed(name))
    assert {level: rule.points for level, rule in rules.items()} == LADDER
    assert all(rule.cap == 140 and rule.category == "basic" for rule in rules.values())
    assert all(rule.unit == "fixed" for rule in rules.values())


def test_seed000_labels_are_as_on_the_page() -> None:
    rules = skill(seed("seed000.html"))
    assert rules["5"].label == "技能等级五级"
    assert rules["1"].label == "技能等级一级或高级专业技术职称"
    assert rules["2"].label.startswith("技能等级二级、中级专业技术职称")


def test_seed003_prose_labels_inherit_the_certificate_wording() -> None:
    rules = skill(seed("seed003.html"))
    assert rules["4"].label == "技能类国家职业资格四级"
    assert rules["1"].label == "技能类国家职业资格一级或高级专业技术职务任职资格"


@pytest.mark.parametrize("name", ["seed000.html", "seed003.html"])
def test_senior_levels_carry_the_contribution_base_and_registration_conditions(name: str) -> None:
    rules = skill(seed(name))
    for level in ("2", "1"):
        assert BASE in rules[level].conditions
        assert REGISTRATION in rules[level].conditions
        assert rules[level].param("base_months") == "6"
        assert rules[level].param("base_window_months") == "12"
        assert rules[level].param("base_multiple") == "1"
    for level in ("5", "4", "3"):
        assert BASE not in rules[level].conditions
        assert "专业、工种与所聘岗位相符" in rules[level].conditions


def test_both_seeds_state_the_same_conditions_in_different_words() -> None:
    first, second = seed("seed000.html"), seed("seed003.html")
    assert [rule.conditions for rule in first.rules] == [rule.conditions for rule in second.rules]
    assert (
        first.conditions
        == second.conditions
        == ("目录以国家和本市按照相关规定统一向社会公布的为准",)
    )


def test_level_table_with_worker_titles_and_chinese_numerals() -> None:
    html = page(
        "<table><tr><th>等级</th><th>分值</th></tr>"
        "<tr><td>初级工</td><td>十五分</td></tr><tr><td>中级工</td><td>三十</td></tr>"
        "<tr><td>高级工</td><td>60</td></tr><tr><td>技师</td><td>一百</td></tr>"
        "<tr><td>高级技师</td><td>一百四十分</td></tr><tr><td>特级技师</td><td>—</td></tr></table>"
    )
    rules = skill(table_of(html))
    assert {level: rule.points for level, rule in rules.items()} == LADDER
    assert rules["2"].label == "技师"


def test_indicator_level_points_table_reads_skill_edu_and_threshold() -> None:
    table = seed("official-points.html")
    keys = [(rule.indicator, rule.level, rule.points) for rule in table.rules]
    assert keys == [
        *[("SKILL", level, points) for level, points in LADDER.items()],
        ("EDU", "BK_XS", 90),
        ("EDU", "BS", 110),
        ("THRESHOLD", "", 120),
    ]
    threshold = table.rules[-1]
    assert (threshold.unit, threshold.category) == ("threshold", "rule")


def test_same_as_above_remark_repeats_the_previous_condition() -> None:
    rules = skill(seed("official-points.html"))
    assert rules["1"].conditions[0] == BASE
    assert "同上" not in rules["1"].conditions


def test_sentence_with_a_bare_level_outside_skill_context_is_not_a_rule() -> None:
    html = page("<p>比如中级职称或国家二级资格证书都能积100分。</p>")
    with pytest.raises(ParseError, match="no points rule found"):
        table_of(html)


def test_page_without_points_raises_naming_source_and_url() -> None:
    with pytest.raises(ParseError) as raised:
        table_of(page("<p>积分满足120分的朋友就可以申请积分了。</p>"))
    assert str(raised.value).startswith("rsj-skill-points: no points rule found in ")
    assert str(raised.value).endswith(f" at {URL}")


def test_simple_education_and_threshold_lines() -> None:
    html = page(
        "<p>教育背景指标最高分值110分。</p>"
        "<p>1.取得大专(高职)学历，积50分。</p><p>2.取得大学本科学历，积60分。</p>"
        "<p>3.取得大学本科学历和学士学位，积90分。</p><p>4.取得硕士研究生学历学位，积100分。</p>"
        "<p>5.取得博士研究生学历学位，积110分。</p><p>标准分值为120分。</p>"
    )
    table = table_of(html)
    edu = {rule.level: (rule.points, rule.cap) for rule in table.rules if rule.indicator == "EDU"}
    assert edu == {
        "DZ": (50, 110),
        "BK": (60, 110),
        "BK_XS": (90, 110),
        "SS": (100, 110),
        "BS": (110, 110),
    }
    assert table.rules[-1].key == ("THRESHOLD", "")


def test_simple_age_line_gives_its_parameters() -> None:
    html = page(
        "<p>年龄指标最高分值30分。年龄在56周岁至60周岁，积5分；每年轻1岁，积分增加2分。</p>"
    )
    (age,) = table_of(html).rules
    assert (age.indicator, age.points, age.unit, age.cap) == ("AGE", 5, "per_year", 30)
    assert dict(age.params) == {"base_age_from": "56", "base_age_to": "60", "step": "2"}
