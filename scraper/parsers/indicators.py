"""The indicator system of the 办法 (../shared/domain.md §2.1) as data: which words name each
indicator in an item heading, which levels it has, and which parameters a rule of it needs.

Ids are those of docs/architecture.md "Indicator ids". The system is known; a document that
states fewer of its indicators is incomplete, not a smaller system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from scraper.parsers.numerals import read_number


class Category(StrEnum):
    BASIC = "basic"  # 基础指标
    ADD = "add"  # 加分指标
    DEDUCT = "deduct"  # 减分指标
    VETO = "veto"  # 一票否决指标


# Article heading (or the first words of its text) → the category of its items.
CATEGORY_WORDS: tuple[tuple[str, Category], ...] = (
    ("基础指标", Category.BASIC),
    ("加分指标", Category.ADD),
    ("减分指标", Category.DEDUCT),
    ("一票否决", Category.VETO),
)


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    category: Category
    words: str  # regex of the words naming it in a heading
    needs: tuple[str, ...] = ()  # params a rule of it cannot go without
    # Stated by every version of the 办法 since 2013; the others came later (创业人才, 中介).
    is_core: bool = True


# Order matters within a category: the more specific words first (中介服务 before 创业).
INDICATORS: tuple[Indicator, ...] = (
    Indicator("AGE", Category.BASIC, r"年龄", ("base_age_from", "base_age_to", "step")),
    Indicator("EDU", Category.BASIC, r"教育背景|学历学位"),
    Indicator("SI_YEARS", Category.BASIC, r"社会保险年限|缴纳职工(?:社会保险)?年限|工作及缴纳"),
    Indicator("SKILL", Category.BASIC, r"技能等级|职称|职业资格|专业技术职务"),
    Indicator("SHORTAGE_MAJOR", Category.ADD, r"紧缺急需"),
    Indicator(
        "INVEST_TAX", Category.ADD, r"投资纳税|带动本地就业", ("tax_step_wan", "hire_step", "years")
    ),
    Indicator(
        "SI_BASE",
        Category.ADD,
        r"(?:社会保险|社保|社会)费?基数|缴费基数",
        ("multiple_from", "months", "window_months"),
    ),
    Indicator("PUBLIC_SERVICE", Category.ADD, r"公共服务领域", ("min_years",)),
    Indicator("REMOTE_AREA", Category.ADD, r"远郊", ("min_years",)),
    Indicator("FRESH_GRAD", Category.ADD, r"应届"),
    Indicator("AWARD", Category.ADD, r"表彰|奖励"),
    Indicator("SPOUSE_LOCAL", Category.ADD, r"配偶"),
    Indicator("INNOV_INTERMEDIARY", Category.ADD, r"中介服务", is_core=False),
    Indicator("ENTREPRENEUR", Category.ADD, r"创业", is_core=False),
    Indicator("DED_FALSE", Category.DEDUCT, r"虚假", ("window_years",)),
    Indicator("DED_DETENTION", Category.DEDUCT, r"行政拘留", ("window_years",)),
    Indicator("DED_CRIME", Category.DEDUCT, r"刑事犯罪", ("window_years",)),
    Indicator("VETO_FAMILY_PLANNING", Category.VETO, r"计划生育|生育政策"),
    Indicator("VETO_SERIOUS_CRIME", Category.VETO, r"严重刑事犯罪|严重犯罪"),
)
BY_ID = {indicator.id: indicator for indicator in INDICATORS}
# Indicators with levels: the level of a sentence is read from its words.
MULTI_LEVEL = frozenset({"EDU", "SKILL", "AWARD", "SI_BASE"})
# SKILL 二级/一级 and 中/高级职称 need a contribution base; see docs/architecture.md.
SKILL_BASE_NEEDS = ("base_multiple", "base_months", "base_window_months")


def indicator_of(text: str, category: Category) -> Indicator | None:
    """The indicator of `category` the words of `text` name, or None."""
    return next(
        (i for i in INDICATORS if i.category is category and re.search(i.words, text)), None
    )


def indicators_in(text: str, category: Category) -> tuple[Indicator, ...]:
    """Every indicator of `category` named anywhere in `text` (prose without items: 第九条)."""
    return tuple(i for i in INDICATORS if i.category is category and re.search(i.words, text))


def category_of(heading: str, lead: str) -> Category | None:
    """The category an article's items belong to: its heading, else its first words."""
    for words, category in CATEGORY_WORDS:
        if words in heading or lead[:8].find(words) in (0, 1, 2):
            return category
    return None


WordLevels = tuple[tuple[str, str], ...]
_EDU: WordLevels = (("博士", "BS"), ("硕士", "SS"), ("学士学位", "BK_XS"), ("本科", "BK"))
_EDU += (("大专", "DZ"), ("专科", "DZ"), ("高职", "DZ"))
_AWARD: WordLevels = (("省部级", "NATIONAL"), ("国家级", "NATIONAL"), ("综合性", "GENERAL"))
_AWARD += (("专项性", "SPECIAL"),)
_SI_BASE = {"0.8": "080", "1": "1X", "2": "2X", "3": "3X"}


def level_of(indicator: str, text: str, multiple_from: str | None = None) -> str | None:
    """The level id a sentence names (docs/architecture.md), "" for one-level indicators, None
    when a sentence of a multi-level indicator names no level this reader knows."""
    if indicator == "EDU":
        return next((lvl for word, lvl in _EDU if word in text), None)
    if indicator == "SKILL":
        return _skill_level(text)
    if indicator == "AWARD":
        return next((lvl for word, lvl in _AWARD if word in text), None)
    if indicator == "SI_BASE":
        return _SI_BASE.get(multiple_from or "")
    return ""


def _skill_level(text: str) -> str | None:
    grade = re.search(r"(?:资格|等级|技能)?([一二三四五1-5])级", text)
    if grade is not None:
        return str(read_number(grade.group(1)))
    if "高级" in text:
        return "1"
    if "中级" in text:
        return "2"
    return None
