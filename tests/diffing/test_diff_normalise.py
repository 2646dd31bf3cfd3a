"""Noise normalisation: width variants, footnotes, zero-width characters and page counters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffing.normalise import normalise_line, normalise_name, normalise_text


def test_full_width_slash_and_spaces_do_not_change_a_name() -> None:
    assert normalise_name(" 金属热处理工／热处理工\u00a0") == "金属热处理工/热处理工"
    assert normalise_name("计算机 程序\u3000设计员") == "计算机程序设计员"


def test_full_width_latin_and_digits_become_half_width() -> None:
    assert normalise_name("ＣＡＤ绘图员２") == "CAD绘图员2"


def test_zero_width_characters_are_dropped() -> None:
    assert normalise_name("电\u200b工\ufeff") == "电工"


def test_trailing_footnote_marks_are_dropped_but_not_digits_of_the_name() -> None:
    assert normalise_name("焊工*") == "焊工"
    assert normalise_name("轨道列车司机※") == "轨道列车司机"
    assert normalise_name("车工①") == "车工"
    assert normalise_name("电工＊ ") == "电工"
    assert normalise_name("51010200") == "51010200"


def test_chinese_is_kept_as_published() -> None:
    assert normalise_name("疫苗制品工") == "疫苗制品工"


def test_visit_counters_are_dropped_from_text() -> None:
    page = "通知正文\n1171 浏览\n人气:0\n阅读次数：123\n浏览次数：45"
    assert normalise_text(page) == "通知正文"


def test_counter_words_in_prose_without_a_number_are_kept() -> None:
    assert normalise_text("提升城市人气，鼓励阅读") == "提升城市人气,鼓励阅读"


def test_counter_sharing_a_line_with_a_date_loses_only_the_counter() -> None:
    assert normalise_text("发布日期：2025-11-27  浏览次数：123") == "发布日期:2025-11-27"


def test_document_dates_inside_the_body_are_kept() -> None:
    body = "上海市人民政府\n2017年12月20日\n本办法自2018年1月1日起施行。"
    assert normalise_text(body) == body


def test_text_whitespace_and_punctuation_widths_are_unified() -> None:
    assert normalise_text("  （一）年龄，  积50分。\n\n\n第二条") == "(一)年龄, 积50分。\n第二条"
    assert normalise_text("2026-06-13 14∶06") == "2026-06-13 14:06"


def test_a_line_is_one_line() -> None:
    assert normalise_line(" 取得\n本职业 证书 ") == "取得 本职业 证书"


@given(st.text())
def test_normalising_a_name_twice_changes_nothing(name: str) -> None:
    once = normalise_name(name)
    assert normalise_name(once) == once


@given(st.text())
def test_normalising_text_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text(alphabet=st.sampled_from("浏览次数阅读人气:：0123456789 \n日期-年月今天是")))
def test_normalising_chrome_like_text_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


_PLAIN_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="*#"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)


@given(st.text(alphabet=_PLAIN_CHARACTERS))
def test_names_of_ascii_and_cjk_ideographs_are_compared_as_published(name: str) -> None:
    # Such names skip normalisation; each step of it must indeed leave them alone.
    assert normalise_name(name) == name
    assert unicodedata.normalize("NFKC", name) == name
    assert normalise_name(name + " *") == name


# Lines of words and single spaces, already in comparable form, with now and then a character
# or a line that normalising does touch.
comparable_lines = st.lists(
    st.lists(st.text(alphabet="技能等级车工ABab12:", min_size=1, max_size=5), min_size=1),
    max_size=6,
).map(lambda lines: "\n".join(" ".join(words) for words in lines))
NOISE = [
    "",
    " ",
    "  ",
    "\n\n",
    "\u3000",
    "\u200b",
    "\r",
    "∶",
    "Ａ",
    "浏览次数:12",
    "人气:5",
    "打印",
]


@pytest.mark.parametrize("extra", NOISE)
@given(text=comparable_lines, at=st.integers(min_value=0))
def test_text_already_comparable_or_not_normalises_as_with_a_line_break_more(
    extra: str, text: str, at: int
) -> None:
    cut = at % (len(text) + 1)
    noisy = text[:cut] + extra + text[cut:]
    # A trailing line break is dropped by normalising, and sends any text the long way.
    assert normalise_text(noisy) == normalise_text(noisy + "\n")
