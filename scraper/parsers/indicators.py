"""The indicator system of the 办法 (../shared/domain.md §2.1) as data: which words name each
indicator in an item heading, which levels it has, and which parameters a rule of it needs.

Ids are those of docs/architecture.md "Indicator ids". The system is known; a document that
states fewer of its indicators is incomplete, not a smaller system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers.numerals import read_number
from scraper.records import RuleCategory

# Article heading (or the first words of its text) → the category of its items.
CATEGORY_WORDS: tuple[tuple[str, RuleCategory], ...] = (
    ("基础指标", RuleCategory.BASIC),
    ("加分指标", RuleCategory.ADD),
    ("减分指标", RuleCategory.DEDUCT),
    ("一票否决", RuleCategory.VETO),
)


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    category: RuleCategory
    words: str  # regex of the words naming it in a heading
    says: str  # regex of the words naming it in a sentence that gives its points
    needs: tuple[str, ...] = ()  # params a rule of it cannot go without
    # Every version states a cap for it ("最高分值…分"); a copy without one lost it.
    has_cap: bool = False
    # Stated by every version of the 办法 since 2013; the others came later (创业人才, 中介).
    is_core: bool = True


# Order matters within a category: the more specific words first (中介服务 before 创业).
_SI = r"(?:社会(?:保险)?费?|社保|缴费)"
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "AGE",
        RuleCategory.BASIC,
        r"年龄",
        r"年龄(?:在|指标|每)",
        ("base_age_from", "base_age_to", "step"),
        has_cap=True,
    ),
    Indicator("EDU", RuleCategory.BASIC, r"教育背景|学历学位", r"学历|学位|教育背景", has_cap=True),
    Indicator(
        "SI_YEARS",
        RuleCategory.BASIC,
        r"社会保险年限|缴纳职工(?:社会保险)?年限|工作及缴纳",
        rf"按月缴纳职工{_SI}[^。]*每满",
    ),
    Indicator(
        "SKILL",
        RuleCategory.BASIC,
        r"技能等级|职称|职业资格|专业技术职务",
        r"职业资格|职称|技能等级|任职资格",
        has_cap=True,
    ),
    Indicator("SHORTAGE_MAJOR", RuleCategory.ADD, r"紧缺急需", r"紧缺急需专业"),
    Indicator(
        "INVEST_TAX",
        RuleCategory.ADD,
        r"投资纳税|带动本地就业",
        r"投资创办|投资份额|纳税额",
        ("tax_step_wan", "hire_step", "years"),
        has_cap=True,
    ),
    Indicator(
        "SI_BASE",
        RuleCategory.ADD,
        rf"{_SI}基数",
        rf"{_SI}基数",
        ("multiple_from", "months", "window_months"),
        has_cap=True,
    ),
    Indicator("PUBLIC_SERVICE", RuleCategory.ADD, r"公共服务领域", r"公共服务领域", ("min_years",)),
    Indicator("REMOTE_AREA", RuleCategory.ADD, r"远郊", r"远郊", ("min_years",), has_cap=True),
    Indicator("FRESH_GRAD", RuleCategory.ADD, r"应届", r"应届"),
    Indicator("AWARD", RuleCategory.ADD, r"表彰|奖励", r"表彰奖励", has_cap=True),
    Indicator("SPOUSE_LOCAL", RuleCategory.ADD, r"配偶", r"配偶", has_cap=True),
    Indicator("INNOV_INTERMEDIARY", RuleCategory.ADD, r"中介服务", r"中介服务人才", is_core=False),
    Indicator("ENTREPRENEUR", RuleCategory.ADD, r"创业", r"创业人才", is_core=False),
    Indicator("DED_FALSE", RuleCategory.DEDUCT, r"虚假", r"虚假材料", ("window_years",)),
    Indicator("DED_DETENTION", RuleCategory.DEDUCT, r"行政拘留", r"行政拘留", ("window_years",)),
    Indicator("DED_CRIME", RuleCategory.DEDUCT, r"刑事犯罪", r"一般刑事犯罪", ("window_years",)),
    Indicator(
        "VETO_FAMILY_PLANNING", RuleCategory.VETO, r"计划生育|生育政策", r"计划生育|生育政策"
    ),
    Indicator("VETO_SERIOUS_CRIME", RuleCategory.VETO, r"严重刑事犯罪|严重犯罪", r"严重刑事犯罪"),
)
# The indicators' names in the 2017 text, for people (a rule's label when the copy dropped the
# item heading, and the messages naming an unread item).
NAMES: dict[str, str] = {
    "AGE": "年龄",
    "EDU": "教育背景",
    "SKILL": "专业技术职称和技能等级",
    "SI_YEARS": "在本市工作及缴纳职工社会保险年限",
    "SHORTAGE_MAJOR": "紧缺急需专业",
    "INVEST_TAX": "投资纳税或带动本地就业",
    "SI_BASE": "缴纳职工社会保险费基数",
    "PUBLIC_SERVICE": "特定的公共服务领域",
    "REMOTE_AREA": "远郊重点区域",
    "FRESH_GRAD": "全日制应届高校毕业生",
    "AWARD": "表彰奖励",
    "SPOUSE_LOCAL": "配偶为本市户籍人员",
    "ENTREPRENEUR": "创业人才",
    "INNOV_INTERMEDIARY": "创新创业中介服务人才",
    "DED_FALSE": "提供虚假材料",
    "DED_DETENTION": "行政拘留记录",
    "DED_CRIME": "一般刑事犯罪记录",
    "VETO_FAMILY_PLANNING": "违反国家及本市计划生育政策",
    "VETO_SERIOUS_CRIME": "严重刑事犯罪记录",
    "THRESHOLD": "标准分值",
    "MIN_TOTAL": "总积分的最低分值",
}
BY_ID = {indicator.id: indicator for indicator in INDICATORS}
# Indicators with levels: the level of a sentence is read from its words.
MULTI_LEVEL = frozenset({"EDU", "SKILL", "AWARD", "SI_BASE"})
# SKILL 二级/一级 and 中/高级职称 need a contribution base; see docs/architecture.md.
SKILL_BASE_NEEDS = ("base_multiple", "base_months", "base_window_months")


def indicator_of(text: str, category: RuleCategory | None) -> Indicator | None:
    """The indicator a heading names: of `category` first, else of any category but a veto."""
    for wanted in (category, None):
        for indicator in INDICATORS:
            if wanted is not None and indicator.category is not wanted:
                continue
            if indicator.category is not RuleCategory.VETO and re.search(indicator.words, text):
                return indicator
    return None


def indicator_said(text: str) -> Indicator | None:
    """The indicator a sentence giving points names, or None (vetoes are read apart)."""
    return next(
        (i for i in INDICATORS if i.category is not RuleCategory.VETO and re.search(i.says, text)),
        None,
    )


def says(indicator: Indicator, text: str) -> bool:
    return re.search(indicator.says, text) is not None


def indicators_in(text: str, category: RuleCategory) -> tuple[Indicator, ...]:
    """Every indicator of `category` named anywhere in `text` (prose without items: 第九条)."""
    return tuple(i for i in INDICATORS if i.category is category and re.search(i.words, text))


def category_of(heading: str, lead: str) -> RuleCategory | None:
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
