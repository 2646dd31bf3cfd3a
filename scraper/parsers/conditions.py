"""Condition sentences tied to points rules, recognised and spelled canonically.

Two pages that state the same condition in different words (应 / 应当, 注册后给予 / 注册后才能给予,
half- or full-width commas) yield the same condition string, so a diff sees no change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers.numerals import WHOLE_NUMERAL, parse_number
from scraper.parsers.text import normalise_condition

_NUM = f"({WHOLE_NUMERAL})"
_CLAUSE = r"[^。；;\n]"
# Using 二级/一级 or 中/高级职称 needs a contribution base of at least the average wage.
_BASE = re.compile(
    rf"(?:最近|近)\s*{_NUM}\s*年内?\s*累计\s*{_NUM}\s*个月{_CLAUSE}*?不低于{_CLAUSE}*?"
    rf"(?:(\d+(?:\.\d+)?)\s*倍)?{_CLAUSE}*?平均工资(?:的\s*(\d+(?:\.\d+)?)\s*倍)?"
)
_REGISTRATION = re.compile(
    rf"专业技术人员职业资格{_CLAUSE}*?需要?注册的{_CLAUSE}*?注册后{_CLAUSE}*?加分"
)
_POST_MATCH = re.compile(r"专业\s*[、,，]\s*工种与所聘岗位相符")
_WORKED_HERE = re.compile(r"在本市工作期间取得")
_CATALOGUE = re.compile(r"(?:以|由)[^。；;\n,，]*?统一向社会公布(?:的为准)?")


@dataclass(frozen=True, slots=True)
class SkillConditions:
    """Conditions found in a page's text, sorted by which skill levels they bind."""

    every_level: tuple[str, ...]  # bind 五级..一级 alike
    senior_levels: tuple[str, ...]  # bind 二级/中级职称 and 一级/高级职称 only
    senior_params: tuple[tuple[str, str], ...]  # base_multiple, base_months, base_window_months
    table: tuple[str, ...]  # bind the whole table (where the catalogues are published)


def _multiple(match: re.Match[str]) -> str:
    stated = match.group(3) or match.group(4)
    return stated if stated else "1"


def find_skill_conditions(text: str) -> SkillConditions:
    every: list[str] = []
    if _WORKED_HERE.search(text):
        every.append("在本市工作期间取得")
    if _POST_MATCH.search(text):
        every.append("专业、工种与所聘岗位相符")
    senior: list[str] = []
    params: tuple[tuple[str, str], ...] = ()
    if base := _BASE.search(text):
        senior.append(normalise_condition(base.group(0)))
        params = (
            ("base_multiple", _multiple(base)),
            ("base_months", str(parse_number(base.group(2)))),
            ("base_window_months", str(parse_number(base.group(1)) * 12)),
        )
    if registration := _REGISTRATION.search(text):
        senior.append(normalise_condition(registration.group(0)))
    table = [f"目录{normalise_condition(m.group(0))}" for m in _CATALOGUE.finditer(text)]
    return SkillConditions(
        every_level=tuple(every),
        senior_levels=tuple(senior),
        senior_params=params,
        table=tuple(dict.fromkeys(table)),
    )
