"""Level words of the indicators: 五级 / 初级工 → SKILL "5"; 本科学历和学士学位 → EDU "BK_XS"."""

from __future__ import annotations

import re

from scraper.parsers.numerals import parse_number

# Worker titles of the five-grade ladder; 特级技师 / 首席技师 have no points in any text seen.
WORKER_TITLES: dict[str, str] = {
    "初级工": "5",
    "中级工": "4",
    "高级工": "3",
    "技师": "2",
    "高级技师": "1",
}
SKILL_LEVEL = r"(?:高级技师|(?<!特级)(?<!首席)技师|高级工|中级工|初级工|[一二三四五1-5]\s*级)"
_SKILL_LEVEL_RE = re.compile(SKILL_LEVEL)
SKILL_PREFIX = (
    r"(?:技能类国家职业资格|国家职业资格|技能人员职业资格|职业技能等级|技能等级|职业资格)"
)
_EDU_WORDS = re.compile(r"博士|硕士|本科|学士|大专|专科|高职")


def skill_level(word: str) -> str:
    """Level id "5".."1" of a level word such as 五级, 3级 or 高级工."""
    compact = word.replace(" ", "")
    if compact in WORKER_TITLES:
        return WORKER_TITLES[compact]
    value = parse_number(compact.removesuffix("级"))
    if not 1 <= value <= 5:
        raise ValueError(f"skill level {word!r} is outside 一级..五级")
    return str(value)


def find_skill_level(text: str) -> str | None:
    """Level id of the first level word in `text`, or None."""
    match = _SKILL_LEVEL_RE.search(text)
    return skill_level(match.group(0)) if match else None


def edu_level(text: str) -> str | None:
    """EDU level id of an education wording, or None when it names no degree."""
    if not _EDU_WORDS.search(text):
        return None
    if "博士" in text:
        return "BS"
    if "硕士" in text:
        return "SS"
    if "本科" in text:
        return "BK_XS" if "学士" in text else "BK"
    return "DZ"
