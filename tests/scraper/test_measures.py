"""The 办法 prose parser against the indicator table of the domain notes (§2.1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.parsers.measures import MeasuresParseError, MeasuresParser
from scraper.parsers.numerals import read_number
from scraper.records import DecodedText, ParsedDocument, Source, SourceKind

FIXTURES = Path(__file__).parent.parent / "fixtures" / "measures"
SOURCE = Source(
    id="gov-measures", url="https://www.shanghai.gov.cn/nw12344/", kind=SourceKind.POINTS
)
URL = "https://www.shanghai.gov.cn/nw12344/20180105/0001-12344_54611.html"

# Transcribed from domain.md §2.1: indicator, level, points, unit, cap, category.
# Units follow docs/architecture.md "Rule parameters" (AGE per_year from its base 5).
EXPECTED = {
    ("THRESHOLD", "", 120, "threshold", None, "rule"),
    ("AGE", "", 5, "per_year", 30, "basic"),
    ("EDU", "DZ", 50, "fixed", 110, "basic"),
    ("EDU", "BK", 60, "fixed", 110, "basic"),
    ("EDU", "BK_XS", 90, "fixed", 110, "basic"),
    ("EDU", "SS", 100, "fixed", 110, "basic"),
    ("EDU", "BS", 110, "fixed", 110, "basic"),
    ("SKILL", "5", 15, "fixed", 140, "basic"),
    ("SKILL", "4", 30, "fixed", 140, "basic"),
    ("SKILL", "3", 60, "fixed", 140, "basic"),
    ("SKILL", "2", 100, "fixed", 140, "basic"),
    ("SKILL", "1", 140, "fixed", 140, "basic"),
    ("SI_YEARS", "", 3, "per_year", None, "basic"),
    ("SHORTAGE_MAJOR", "", 30, "fixed", 30, "add"),
    ("INVEST_TAX", "", 10, "per_step", 120, "add"),
    ("SI_BASE", "080", 25, "fixed", 120, "add"),
    ("SI_BASE", "1X", 50, "fixed", 120, "add"),
    ("SI_BASE", "2X", 100, "fixed", 120, "add"),
    ("SI_BASE", "3X", 120, "fixed", 120, "add"),
    ("PUBLIC_SERVICE", "", 4, "per_year", None, "add"),
    ("REMOTE_AREA", "", 2, "per_year", 20, "add"),
    ("FRESH_GRAD", "", 10, "fixed", 10, "add"),
    ("AWARD", "SPECIAL", 30, "fixed", 110, "add"),
    ("AWARD", "GENERAL", 60, "fixed", 110, "add"),
    ("AWARD", "NATIONAL", 110, "fixed", 110, "add"),
    ("SPOUSE_LOCAL", "", 4, "per_year", 40, "add"),
    ("ENTREPRENEUR", "", 120, "fixed", 120, "add"),
    ("INNOV_INTERMEDIARY", "", 120, "fixed", 120, "add"),
    ("DED_FALSE", "", -150, "per_occurrence", None, "deduct"),
    ("DED_DETENTION", "", -50, "per_occurrence", None, "deduct"),
    ("DED_CRIME", "", -150, "per_occurrence", None, "deduct"),
    ("VETO_FAMILY_PLANNING", "", None, "disqualify", None, "veto"),
    ("VETO_SERIOUS_CRIME", "", None, "disqualify", None, "veto"),
}


def parse_fixture(name: str) -> ParsedDocument:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return MeasuresParser().parse(SOURCE, DecodedText(html, "utf-8", "header"), URL)


def rows(doc: ParsedDocument) -> set[tuple[object, ...]]:
    assert doc.points is not None
    return {(r.indicator, r.level, r.points, r.unit, r.cap, r.category) for r in doc.points.rules}


def rule(doc: ParsedDocument, indicator: str, level: str = ""):  # type: ignore[no-untyped-def]
    assert doc.points is not None
    return next(r for r in doc.points.rules if r.key == (indicator, level))


@pytest.mark.parametrize("name", ["measures_2017.html", "measures_current.html"])
def test_measures_give_every_indicator_of_the_domain_table(name: str) -> None:
    doc = parse_fixture(name)
    assert rows(doc) == EXPECTED
    assert doc.parser == "measures"
    assert doc.parser_version == 3


def test_rule_parameters_are_read_from_the_prose() -> None:
    doc = parse_fixture("measures_2017.html")
    assert dict(rule(doc, "AGE").params) == {
        "base_age_from": "56",
        "base_age_to": "60",
        "step": "2",
    }
    assert dict(rule(doc, "SI_BASE", "080").params) == {
        "multiple_from": "0.8",
        "multiple_to": "1",
        "months": "36",
        "window_months": "48",
    }
    three = dict(rule(doc, "SI_BASE", "3X").params)
    assert three == {"multiple_from": "3", "months": "24", "window_months": "36"}
    assert dict(rule(doc, "INVEST_TAX").params) == {
        "tax_step_wan": "10",
        "hire_step": "10",
        "years": "3",
    }
    assert rule(doc, "PUBLIC_SERVICE").param("min_years") == "5"
    assert rule(doc, "REMOTE_AREA").param("min_years") == "5"
    assert rule(doc, "DED_FALSE").param("window_years") == "3"
    assert rule(doc, "DED_CRIME").param("window_years") == "5"
    skill2 = dict(rule(doc, "SKILL", "2").params)
    assert skill2 == {"base_multiple": "1", "base_months": "6", "base_window_months": "12"}
    assert rule(doc, "SKILL", "5").params == ()


def test_rules_carry_their_clause_and_condition_sentences() -> None:
    doc = parse_fixture("measures_2017.html")
    assert rule(doc, "SKILL", "1").clause == "第六条（三）"
    assert rule(doc, "SI_BASE", "2X").clause == "第七条（三）"
    assert rule(doc, "THRESHOLD").clause == "第三条"
    conditions = rule(doc, "SKILL", "2").conditions
    assert any("12个月内累计6个月" in c for c in conditions)
    assert doc.points is not None
    assert any("不重复计算" in c for c in doc.points.conditions)


def test_two_wordings_give_the_same_values_under_different_labels() -> None:
    old, new = parse_fixture("measures_2017.html"), parse_fixture("measures_current.html")
    assert old.points is not None and new.points is not None

    def values(doc: ParsedDocument) -> set[tuple[object, ...]]:
        assert doc.points is not None
        return {(r.indicator, r.level, r.points, r.cap) for r in doc.points.rules}

    assert values(old) == values(new)
    assert rule(old, "SKILL", "5").label == "技能类国家职业资格五级"
    assert rule(new, "SKILL", "5").label == "技能等级五级"
    assert "职工社会平均工资" in rule(old, "SI_BASE", "1X").label
    assert "城镇单位就业人员平均工资" in rule(new, "SI_BASE", "1X").label


def test_2013_trial_caps_investment_at_100_and_has_no_3x_base_tier() -> None:
    doc = parse_fixture("measures_2013.html")
    assert rule(doc, "INVEST_TAX").cap == 100
    keys = {r.key for r in doc.points.rules} if doc.points else set()
    assert ("SI_BASE", "3X") not in keys
    assert ("ENTREPRENEUR", "") not in keys
    assert {("SI_BASE", "080"), ("SI_BASE", "1X"), ("SI_BASE", "2X")} <= keys
    assert rule(doc, "SI_BASE", "1X").param("window_months") == "36"
    assert doc.meta.doc_number == "沪府发〔2013〕40号"
    assert doc.meta.valid_until is None


def test_document_meta_from_the_notice_wrapper() -> None:
    meta = parse_fixture("measures_2017.html").meta
    assert meta.doc_number == "沪府发〔2017〕98号"
    assert meta.title == "上海市人民政府关于印发《上海市居住证积分管理办法》的通知"
    assert meta.published_on == date(2017, 12, 28)
    assert meta.effective_on == date(2018, 1, 1)
    assert meta.valid_until == date(2022, 12, 31)
    assert meta.publisher == "上海市人民政府办公厅"


def test_chinese_numeral_points_and_dates_are_read() -> None:
    html = (
        "<div id='ivs_content'><p>沪人社规〔2017〕43号</p><p>二〇一七年十二月二十八日</p>"
        "<p>第四条（标准分值）积分标准分值为一百二十分。</p>"
        "<p>第六条（基础指标）</p><p>（三）专业技术职称和技能等级。最高分值一百四十分。</p>"
        "<p>1.持证人取得技能等级一级的，积一百四十分。</p>"
        "<p>本细则自二〇一八年一月一日起施行。</p></div>"
    )
    doc = MeasuresParser().parse(SOURCE, DecodedText(html, "utf-8", "meta"), URL)
    skill = rule(doc, "SKILL", "1")
    assert (skill.points, skill.cap) == (140, 140)
    assert rule(doc, "THRESHOLD").points == 120
    assert doc.meta.published_on == date(2017, 12, 28)
    assert doc.meta.effective_on == date(2018, 1, 1)
    assert doc.meta.doc_number == "沪人社规〔2017〕43号"


def test_an_impossible_date_in_the_text_is_no_date_and_the_rules_still_read() -> None:
    html = (
        "<div id='ivs_content'><p>二〇一七年十三月二十八日</p>"
        "<p>第四条（标准分值）积分标准分值为一百二十分。</p>"
        "<p>第六条（基础指标）</p><p>（三）专业技术职称和技能等级。最高分值一百四十分。</p>"
        "<p>1.持证人取得技能等级一级的，积一百四十分。</p>"
        "<p>本细则自2018年2月30日起施行，有效期至二〇二二年二月三十日。</p></div>"
    )
    doc = MeasuresParser().parse(SOURCE, DecodedText(html, "utf-8", "meta"), URL)
    assert rule(doc, "SKILL", "1").points == 140
    assert (doc.meta.published_on, doc.meta.effective_on, doc.meta.valid_until) == (None,) * 3


def test_page_without_measures_raises_an_error_naming_source_and_url() -> None:
    html = "<div id='ivs_content'><p>关于开展2025年度积分申办工作的通知</p></div>"
    with pytest.raises(MeasuresParseError, match="gov-measures") as caught:
        MeasuresParser().parse(SOURCE, DecodedText(html, "utf-8", "meta"), URL)
    assert URL in str(caught.value)


_CN = "零一二三四五六七八九"


def _spell(n: int) -> str:
    """Textbook spelling of 1–999 (一百零五, 一百二十, 十五)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{_CN[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN[ones] if ones else "")


@given(st.integers(min_value=1, max_value=999))
def test_chinese_numbers_read_back_to_their_value(n: int) -> None:
    assert read_number(_spell(n)) == n
    assert read_number(str(n)) == n
