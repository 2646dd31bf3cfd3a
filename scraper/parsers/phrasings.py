"""How the rule texts word points, caps and conditions, each wording a row of one table.

Every reader takes NFKC text (half-width brackets, commas and colons) and answers None when the
text does not say it; the tests hold one real sentence per row. A new wording found in a copy
is a new row here, never a special case in the item reader.
"""

from __future__ import annotations

import re

from scraper.parsers.numerals import NUMERAL as N
from scraper.parsers.numerals import RANGE_DASH, read_decimal, read_number

# Points of a level: "积5分", "可积30分", "加10分" (not "积分增加2分", which is a step).
_POINTS = (rf"积\s*{N}\s*分", rf"(?<![增追])加\s*{N}\s*分")
# A deduction: "每次减150分", "扣减50分", "扣150分".
_DEDUCTION = (rf"(?:减去?|扣减?|扣除)\s*{N}\s*分",)
# The cap of an indicator: "最高分值30分", "最高分值为120分", "最高不超过20分", "最高可积40分",
# "最高100分", "最多积40分".
_CAP = (rf"最(?:高|多)\s*(?:分值)?\s*(?:为|不超过|可积|可得|可加|积|计)?\s*{N}\s*分",)
# Months counted: "累计36个月", "满36个月", "连续6个月".
_MONTHS = (rf"(?:累计|满|连续|达到)\s*{N}\s*个月",)
# The window they are counted in: "最近4年内", "最近1年内" (12 months), "前12个月内".
_WINDOW_YEARS = (rf"(?:最近|近)\s*{N}\s*年内?", rf"(?<![\d.]){N}\s*年内")
_WINDOW_MONTHS = (rf"(?:最近|近|前)\s*{N}\s*个月内?",)
# "最近连续3年": every month of the window.
_CONSECUTIVE_YEARS = (rf"(?:最近)?连续\s*{N}\s*个?(?:纳税)?年",)
# Per year: "每满1年积3分"; per year of age: "每减少1岁，积分增加2分".
_PER_YEAR = (rf"每满?\s*{N}\s*(?:个)?年", rf"每(?:减少|小|低)\s*{N}\s*岁")
_AGE_STEP = (rf"每(?:减少|小|低)\s*{N}\s*岁[^。;]*?(?:增加|加|多)\s*{N}\s*分",)
_AGE_RANGE = (rf"{N}{RANGE_DASH}{N}\s*周?岁",)
# Per step: "每增加10万元", "每纳税10万元"; "每增加10人", "每聘用本市户籍人员10人".
_TAX_STEP = (rf"每[^,;。]{{0,8}}?{N}\s*万元",)
_HIRE_STEP = (rf"每[^,;。万]{{0,16}}?{N}\s*人",)
# Counted only after a number of years: "满5年后开始计入总积分".
_MIN_YEARS = (rf"满\s*{N}\s*年(?:后|以上|之后)?[^。;,满]{{0,10}}?计入",)
# Per occurrence: "每次", "每条", "每项", "每一次".
# The threshold: "积分标准分值为120分".
_THRESHOLD = (rf"标准分值\s*(?:为|是)?\s*{N}\s*分",)
# The lowest total: "总积分的最低分值为0分".
_MIN_TOTAL = (rf"总积分的?最低分值\s*(?:为|是)?\s*{N}\s*分",)
# Who the document applies to, who may apply: "…的境内来沪人员,适用本办法", "…的,可以申请积分".
_WHO_MAY_APPLY = (r"适用本办法", r"本办法适用于", r"可以申请积分")
# Indicators of which one is scored:
# "“教育背景”、“专业技术职称和技能等级”两项指标,选择其中一项进行积分".
_ONE_OF = (r"(?:“[^”]{1,16}”、?){2,}[两二]项指标,?\s*选择其中一项(?:进行积分)?",)


def _first(patterns: tuple[str, ...], text: str, group: int = 1) -> str | None:
    found = [m for p in patterns if (m := re.search(p, text))]
    if not found:
        return None
    return min(found, key=lambda m: m.start()).group(group)


def _number(patterns: tuple[str, ...], text: str, group: int = 1) -> int | None:
    value = _first(patterns, text, group)
    return None if value is None else read_number(value)


def read_points(text: str) -> int | None:
    return _number(_POINTS, text)


def read_deduction(text: str) -> int | None:
    """A deduction as a negative number of points."""
    value = _number(_DEDUCTION, text)
    return None if value is None else -value


def read_cap(text: str) -> int | None:
    return _number(_CAP, text)


def states_cap(text: str) -> bool:
    """Whether the text words a cap at all (read or not): "最高" before a number of points."""
    return re.search(r"最(?:高|多)[^。;,]{0,12}分", text) is not None


def read_months(text: str) -> int | None:
    months = _number(_MONTHS, text)
    if months is None and (years := _number(_CONSECUTIVE_YEARS, text)) is not None:
        return years * 12
    return months


def read_window_months(text: str) -> int | None:
    """The window a count of months is taken in, in months: "最近4年内" → 48."""
    found = [
        (m.start(), read_number(m.group(1)) * scale)
        for patterns, scale in ((_WINDOW_YEARS, 12), (_WINDOW_MONTHS, 1), (_CONSECUTIVE_YEARS, 12))
        for p in patterns
        if (m := re.search(p, text))
    ]
    return min(found)[1] if found else None


def read_window_years(text: str) -> int | None:
    return _number(_WINDOW_YEARS, text)


def read_consecutive_years(text: str) -> int | None:
    return _number(_CONSECUTIVE_YEARS, text)


def is_per_year(text: str) -> bool:
    return _first(_PER_YEAR, text) is not None


def read_age_step(text: str) -> int | None:
    return _number(_AGE_STEP, text, group=2)


def read_age_range(text: str) -> tuple[int, int] | None:
    found = [m for p in _AGE_RANGE if (m := re.search(p, text))]
    if not found:
        return None
    return read_number(found[0].group(1)), read_number(found[0].group(2))


def read_tax_step_wan(text: str) -> int | None:
    return _number(_TAX_STEP, text)


def read_hire_step(text: str) -> int | None:
    return _number(_HIRE_STEP, text)


def read_min_years(text: str) -> int | None:
    return _number(_MIN_YEARS, text)


def read_threshold(text: str) -> int | None:
    return _number(_THRESHOLD, text)


def read_min_total(text: str) -> int | None:
    return _number(_MIN_TOTAL, text)


def says_who_may_apply(text: str) -> bool:
    return _first(tuple(f"({p})" for p in _WHO_MAY_APPLY), text) is not None


def read_one_of(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The words saying only one of some indicators is scored, and the names they quote."""
    words = _first(tuple(f"({p})" for p in _ONE_OF), text)
    return None if words is None else (words, tuple(re.findall(r"“([^”]+)”", words)))


# A multiple of the reference wage: "80%", "0.8倍", "3倍"; an upper bound follows 低于/不足.
_MULTIPLE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|倍)")
_UPPER = re.compile(r"(?:低于|不足|不到|未达到|少于)\s*(?:本市)?[^,;。\d]{0,16}$")
# No number: "应不低于本市上年度职工社会平均工资" is the wage itself, 1×.
_AT_LEAST_WAGE = re.compile(r"(?:不低于|等于|高于|达到)[^,;。]{0,24}平均工资")


def read_multiples(text: str) -> tuple[str | None, str | None]:
    """(from, to) multiples of the reference wage: "等于以及高于…80%低于1倍" → ("0.8", "1"),
    "等于…3倍" → ("3", None), "应不低于…平均工资" → ("1", None)."""
    low: str | None = None
    high: str | None = None
    for found in _MULTIPLE.finditer(text):
        value = found.group(1)
        value = read_decimal(str(float(value) / 100)) if found.group(2) == "%" else value
        if _UPPER.search(text[max(0, found.start() - 20) : found.start()]):
            high = high or read_decimal(value)
        else:
            low = low or read_decimal(value)
    if low is None and _AT_LEAST_WAGE.search(text):
        low = "1"
    return low, high
