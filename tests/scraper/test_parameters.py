"""The annual parameters parser: 市人社局 wage / contribution-base notices → versioned values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.parsers import ParseError, parse_document
from scraper.parsers.amounts import amount_value, grouped
from scraper.parsers.parameters import read_parameters
from scraper.records import Source, SourceKind
from tests.scraper.chinese_numerals import int_to_chinese

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parameters"
SOURCE = Source(
    id="annual-parameters",
    url="https://rsj.sh.gov.cn/tgsgg_17341/index.html",
    kind=SourceKind.POINTS,
    parser="parameters",
)


def _values(name: str) -> dict[tuple[str, str], tuple[str, str]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    document = parse_document(SOURCE, text, "https://rsj.sh.gov.cn/tgsgg_17341/a.html")
    return {p.key: (p.value, p.unit) for p in document.parameters}


def test_the_2025_notice_gives_wage_of_2024_and_limits_of_2025() -> None:
    assert _values("notice_2025.html") == {
        ("AVG_WAGE_ANNUAL", "2024"): ("148812", "元/年"),
        ("AVG_WAGE_MONTHLY", "2024"): ("12401", "元/月"),
        ("SI_BASE_UPPER", "2025"): ("37302", "元/月"),
        ("SI_BASE_LOWER", "2025"): ("7460", "元/月"),
    }


def test_notice_meta_and_effective_date_are_kept() -> None:
    text = (FIXTURES / "notice_2024.html").read_text(encoding="utf-8")
    document = parse_document(SOURCE, text, "https://rsj.sh.gov.cn/tgsgg_17341/b.html")
    assert document.meta.doc_number == "沪人社规〔2024〕11号"
    assert {p.effective_from for p in document.parameters} == {date(2024, 7, 1)}
    assert document.points is None and document.catalogue is None


def test_chinese_numerals_and_wan_amounts_are_read() -> None:
    text = (
        "二〇二四年度本市职工社会平均工资为十四万八千八百一十二元，月平均工资为一万二千四百零一元。"
        "2025年度缴费基数上限为3.7302万元，下限为7,460元。自二〇二五年七月一日起执行。"
    )
    found = {p.key: p for p in read_parameters(text, None)}
    assert found["AVG_WAGE_ANNUAL", "2024"].value == "148812"
    assert found["AVG_WAGE_ANNUAL", "2024"].label == "职工社会平均工资"
    assert found["AVG_WAGE_MONTHLY", "2024"].value == "12401"
    assert found["SI_BASE_UPPER", "2025"].value == "37302"
    assert found["SI_BASE_LOWER", "2025"].effective_from == date(2025, 7, 1)


def test_limits_without_a_year_take_the_year_of_the_title() -> None:
    found = read_parameters(
        "缴费基数上限为37,302元，下限为7,460元。", "关于调整2025年度缴费基数的通知"
    )
    assert {p.key for p in found} == {("SI_BASE_UPPER", "2025"), ("SI_BASE_LOWER", "2025")}


def test_a_page_without_any_figure_is_a_parse_error() -> None:
    page = (
        "<html><body><div id='ivs_content'><p>关于做好2025年度社会保险工作的通知</p>"
        "<p>各单位要按时申报缴费基数。</p></div></body></html>"
    )
    with pytest.raises(ParseError, match="no 平均工资 or 缴费基数"):
        parse_document(SOURCE, page, "https://rsj.sh.gov.cn/x.html")


@given(st.integers(min_value=1, max_value=99_999_999))
def test_grouped_arabic_and_chinese_amounts_read_back_the_same_value(value: int) -> None:
    assert amount_value(grouped(str(value))) == str(value)
    high, low = divmod(value, 10_000)
    spelled = (int_to_chinese(high) + "万" if high else "") + (int_to_chinese(low) if low else "")
    if low and high and low < 1000:
        spelled = spelled.replace("万", "万零")
    assert amount_value(spelled) == str(value)


def test_a_bare_ten_after_zero_counts_as_ten() -> None:
    # Found by the property above: 六万零十 is 60010, not 60000.
    assert amount_value("六万零十") == "60010"
