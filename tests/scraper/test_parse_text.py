"""Text normalisation and numerals: idempotent, width-insensitive, round-tripping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.parsers.numerals import chinese_to_int, parse_number
from scraper.parsers.text import (
    has_visible_text,
    normalise_condition,
    normalise_inline,
    normalise_text,
)
from tests.scraper.chinese_numerals import int_to_chinese

# Text drawn with the characters that matter here: CJK, full-width forms, spaces of all kinds.
page_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("技能等级五级积15分，。、（）〔〕：:;/／\u00a0\u3000\u200b\t\r\n \ufeff"),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.characters(codec="utf-8"),
    )
)


@given(page_text)
def test_normalising_text_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(page_text)
def test_normalising_a_line_twice_changes_nothing(text: str) -> None:
    once = normalise_inline(text)
    assert normalise_inline(once) == once
    assert "\n" not in once


@given(page_text)
def test_text_is_visible_exactly_when_normalising_leaves_something(text: str) -> None:
    assert has_visible_text(text) == bool(normalise_inline(text)) == bool(normalise_text(text))


@given(page_text)
def test_normalising_a_condition_twice_changes_nothing(text: str) -> None:
    once = normalise_condition(text)
    assert normalise_condition(once) == once


def test_full_width_digits_and_punctuation_become_half_width() -> None:
    assert normalise_inline("最高分值１４０分（二级）：") == "最高分值140分(二级):"


def test_cjk_punctuation_that_carries_meaning_is_kept() -> None:
    assert normalise_inline("沪府发〔2017〕98号。一、") == "沪府发〔2017〕98号。一、"


def test_nbsp_and_blank_lines_collapse_to_single_spaces_one_paragraph_per_line() -> None:
    assert (
        normalise_text("  33\u00a0镗工\u00a0\u00a0 \r\n\r\n\u3000\n第二段\t 文字 ")
        == "33 镗工\n第二段 文字"
    )


def test_condition_wording_variants_compare_equal() -> None:
    a = "(1)最近1年内累计6个月的缴纳职工社会保险费基数应不低于本市上年度城镇单位就业人员平均工资。"
    b = "最近1年内累计6个月的缴纳职工社会保险费基数应当不低于本市上年度城镇单位就业人员平均工资"
    assert normalise_condition(a) == normalise_condition(b)
    assert normalise_condition("注册后给予加分，") == normalise_condition("注册后才能给予加分")


@given(st.integers(min_value=1, max_value=999))
def test_chinese_numerals_round_trip(value: int) -> None:
    assert chinese_to_int(int_to_chinese(value)) == value


def test_every_numeral_below_a_thousand_round_trips() -> None:
    spelled = [int_to_chinese(value) for value in range(1, 1000)]
    assert [chinese_to_int(text) for text in spelled] == list(range(1, 1000))
    assert len(set(spelled)) == 999


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("五", 5),
        ("十", 10),
        ("十五", 15),
        ("一百四十", 140),
        ("一百零五", 105),
        ("两百", 200),
        ("二〇一七", 2017),
        ("140", 140),
        ("１４０", 140),
    ],
)
def test_numbers_as_written_on_pages(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_spelling_uses_the_reading_form() -> None:
    assert [int_to_chinese(n) for n in (10, 15, 105, 110, 140)] == [
        "十",
        "十五",
        "一百零五",
        "一百一十",
        "一百四十",
    ]


@pytest.mark.parametrize("text", ["", "五级", "abc", "十x"])
def test_non_numerals_are_refused_with_the_text_shown(text: str) -> None:
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        chinese_to_int(text)


def test_a_condition_loses_what_each_removal_exposes() -> None:
    # Stripping the last full stop exposes a trailing line separator; dropping one enumeration
    # exposes the next; the canonical spelling is the same however often it is taken.
    assert normalise_condition("取得证书\x85。") == "取得证书"
    assert normalise_condition("(1)(2)取得证书") == "取得证书"
    assert normalise_condition("应当当取得证书") == "应取得证书"
