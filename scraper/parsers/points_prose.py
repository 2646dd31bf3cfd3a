"""Points rules stated in sentences: "持证人取得技能等级五级，积15分", "五级可以加15分、四级加30分".

Each recogniser reads the main text line by line and returns rules in page order; the caller
keeps the first rule of each (indicator, level).
"""

from __future__ import annotations

import re

from scraper.parsers.levels import SKILL_LEVEL, SKILL_PREFIX, WORKER_TITLES, edu_level, skill_level
from scraper.parsers.numerals import CHINESE_NUMERAL_CHARS, WHOLE_NUMERAL, parse_number
from scraper.records import PointRule, RuleCategory, RuleUnit

_NUM = WHOLE_NUMERAL
_VERB = r"(?:积|加|得|计)"
# Between the level and the verb: anything inside the clause but another level or a verb.
_MIDDLE = rf"(?:(?!{SKILL_LEVEL}|{_VERB})[^。；;\n])*?"
_SKILL_RULE = re.compile(
    rf"(?P<prefix>{SKILL_PREFIX})?(?P<level>{SKILL_LEVEL})(?P<middle>{_MIDDLE}){_VERB}"
    rf"[^\d{CHINESE_NUMERAL_CHARS}分。；;\n]{{0,3}}(?P<points>{_NUM})\s*分"
)
_EDU_RULE = re.compile(
    rf"(?P<label>[^。；;\n,，、]*?(?:学历|学位)[^。；;\n,，]*?)[,，]?\s*{_VERB}"
    rf"[^\d分。；;\n]{{0,3}}(?P<points>{_NUM})\s*分"
)
_THRESHOLD = re.compile(rf"标准分值[^\d。；;\n]{{0,6}}(?P<points>{_NUM})\s*分")
_AGE_BASE = re.compile(
    r"(?P<low>\d+)\s*周?岁?\s*(?:至|到|-|~|—)\s*(?P<high>\d+)\s*周岁[^。；;\n]*?积\s*(?P<points>\d+)\s*分"
)
_AGE_STEP = re.compile(
    r"年轻\s*(?P<years>\d+)\s*岁[^。；;\n]*?(?:增加|加|多)\s*(?P<points>\d+)\s*分"
)
_CAPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (indicator, re.compile(rf"{words}[^。；;\n]{{0,12}}?最高分值[^\d。；;\n]{{0,6}}(\d+)\s*分"))
    for indicator, words in (
        ("SKILL", r"(?:技能等级|职称)"),
        ("EDU", r"教育背景"),
        ("AGE", r"年龄"),
    )
)
_LABEL_TAIL = re.compile(r"(?:可以|则能|则|能|可|均|都|即|[,，\s])+$")
_LABEL_HEAD = re.compile(r"^(?:持证人|申请人)?(?:取得|具有|获得)?")


def skill_rules(text: str) -> list[PointRule]:
    rules = []
    for line in text.split("\n"):
        prefix = ""
        for match in _SKILL_RULE.finditer(line):
            prefix = match.group("prefix") or prefix
            level_word = match.group("level").replace(" ", "")
            # A bare 二级 is a skill level only when the sentence is about skill certificates.
            if not prefix and level_word not in WORKER_TITLES:
                continue
            label = _LABEL_TAIL.sub("", f"{prefix}{level_word}{match.group('middle')}")
            rules.append(
                PointRule(
                    indicator="SKILL",
                    level=skill_level(level_word),
                    label=label,
                    points=parse_number(match.group("points")),
                )
            )
    return rules


def edu_rules(text: str) -> list[PointRule]:
    rules = []
    for match in _EDU_RULE.finditer(text):
        label = _LABEL_HEAD.sub("", match.group("label").strip())
        level = edu_level(label)
        if level is not None:
            points = parse_number(match.group("points"))
            rules.append(PointRule(indicator="EDU", level=level, label=label, points=points))
    return rules


def threshold_rules(text: str) -> list[PointRule]:
    match = _THRESHOLD.search(text)
    if match is None:
        return []
    points = parse_number(match.group("points"))
    return [
        PointRule(
            "THRESHOLD", "", "标准分值", points, unit=RuleUnit.THRESHOLD, category=RuleCategory.RULE
        )
    ]


def age_rules(text: str) -> list[PointRule]:
    base = _AGE_BASE.search(text)
    step = _AGE_STEP.search(text)
    if base is None or step is None or "年龄" not in text:
        return []
    per_year = int(step.group("points")) // max(int(step.group("years")), 1)
    params = (
        ("base_age_from", base.group("low")),
        ("base_age_to", base.group("high")),
        ("step", str(per_year)),
    )
    return [
        PointRule(
            "AGE", "", "年龄", int(base.group("points")), unit=RuleUnit.PER_YEAR, params=params
        )
    ]


def stated_caps(text: str) -> dict[str, int]:
    """Caps of whole indicators stated as "…指标最高分值140分"."""
    caps = {}
    for indicator, pattern in _CAPS:
        if match := pattern.search(text):
            caps[indicator] = int(match.group(1))
    return caps
