"""Rows of the phrasing table read real sentences (tests/fixtures/measures/real/, NFKC form)."""

from __future__ import annotations

from scraper.parsers import phrasings as say

# 第十一条 as 2017-98-021shhk.html line 156 gives it (its "左边…右边" is the site's).
TOTAL_RULE = (
    "持证人的总积分等于基础指标与左边加分右边指标积分之和减去减分指标的累计扣减积分,"
    "总积分的最低分值为0分。"
)
CHOOSE_EDUCATION = "基础指标中的“教育背景”、“专业技术职称和技能等级”两项指标,选择其中一项进行积分。"
CHOOSE_INVESTMENT = (
    "左边加分右边指标中的“投资纳税”、“投资带动本地就业”两项指标,选择其中一项进行积分。"
)
# 第二条 of the 2017 办法 (2017-98-br-m.51luohu.txt 24) and of the 细则 as one page quotes it.
SCOPE = (
    "在本市工作、居住,持有《上海市居住证》,并参加本市职工社会保险满6个月的境内来沪人员,适用本办法。"
)
MAY_APPLY = "持有上海居住证的人员(以下简称持证人),在本市合法稳定居住、合法稳定就业并参加本市职工社会保险满6个月的,可以申请积分。"


def test_the_lowest_total_is_read_and_the_threshold_is_not_taken_for_it() -> None:
    assert say.read_min_total(TOTAL_RULE) == 0
    assert say.read_min_total("《居住证》总积分标准分值为120分。") is None
    assert say.read_threshold(TOTAL_RULE) is None


def test_who_may_apply_is_told_from_other_articles() -> None:
    assert say.says_who_may_apply(SCOPE) and say.says_who_may_apply(MAY_APPLY)
    other = "持证人有违反国家及本市计划生育政策规定行为记录或严重刑事犯罪记录的,取消申请积分资格。"
    assert not say.says_who_may_apply(other)
    assert not say.says_who_may_apply("积分达到标准分值的,可以享受相应的公共服务待遇。")


def test_choose_one_gives_its_words_and_the_names_it_quotes() -> None:
    assert say.read_one_of(CHOOSE_EDUCATION) == (
        "“教育背景”、“专业技术职称和技能等级”两项指标,选择其中一项进行积分",
        ("教育背景", "专业技术职称和技能等级"),
    )
    found = say.read_one_of(CHOOSE_INVESTMENT)
    assert found is not None and found[1] == ("投资纳税", "投资带动本地就业")
    assert say.read_one_of(TOTAL_RULE) is None
