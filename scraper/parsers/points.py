"""Points parser: skill-level points (and simple EDU / AGE / threshold lines) from tables or prose.

Reads an HTML table with 等级 / 分值 (or indicator / level / points) columns, numbered lines such
as "1、持证人取得技能等级五级，积15分。" and prose such as "五级可以加15分、四级加30分". The full
办法 prose belongs to the measures parser.
"""

from __future__ import annotations

import re
from dataclasses import replace

from selectolax.lexbor import LexborNode

from scraper.parsers.conditions import find_skill_conditions
from scraper.parsers.contract import ParseError
from scraper.parsers.levels import edu_level, find_skill_level
from scraper.parsers.markup import PlainTables
from scraper.parsers.numerals import WHOLE_NUMERAL, parse_number
from scraper.parsers.page import Page, read_page
from scraper.parsers.points_prose import (
    age_rules,
    edu_rules,
    skill_rules,
    stated_caps,
    threshold_rules,
)
from scraper.parsers.tables import Grid, one_line, read_grid
from scraper.parsers.text import normalise_condition
from scraper.records import ParsedDocument, PointRule, PointsTable, RuleCategory, RuleUnit, Source

_INDICATOR_HEADER = re.compile(r"指标|项目|类别|类型")
_LEVEL_HEADER = re.compile(r"等级|级别|学历|层次|内容|名称")
_POINTS_HEADER = re.compile(r"分值|积分|分数|得分|计分|标准")
_CONDITION_HEADER = re.compile(r"条件|备注|说明|要求")
_POINTS_CELL = re.compile(rf"({WHOLE_NUMERAL})\s*分?")
_SENIOR_SKILL_LEVELS = ("2", "1")
# A remarks cell saying "same as above" repeats the previous row's condition.
_SAME_AS_ABOVE = frozenset({"同上", "同前", "〃"})


def _column(header: tuple[str, ...], pattern: re.Pattern[str], taken: set[int]) -> int | None:
    return next(
        (i for i, text in enumerate(header) if i not in taken and pattern.search(text)), None
    )


def _table_rule(indicator_text: str, level_text: str, points_text: str) -> PointRule | None:
    found = _POINTS_CELL.search(points_text)
    if found is None:
        return None
    points = parse_number(found.group(1))
    wording = f"{indicator_text} {level_text}"
    if "标准分值" in wording:
        return PointRule(
            "THRESHOLD",
            "",
            level_text or indicator_text,
            points,
            RuleUnit.THRESHOLD,
            category=RuleCategory.RULE,
        )
    skill = find_skill_level(level_text) or find_skill_level(wording)
    if skill is not None and not _is_education(indicator_text):
        return PointRule("SKILL", skill, level_text or indicator_text, points)
    edu = edu_level(wording)
    if edu is not None:
        return PointRule("EDU", edu, level_text or indicator_text, points)
    return None


def _is_education(text: str) -> bool:
    return "教育" in text or "学历" in text


def _rules_from_grid(grid: Grid) -> list[PointRule]:
    if not grid.rows:
        return []
    header = tuple(map(one_line, grid.rows[0]))
    taken: set[int] = set()
    points_col = _column(header, _POINTS_HEADER, taken)
    if points_col is None:
        return []
    taken.add(points_col)
    level_col = _column(header, _LEVEL_HEADER, taken)
    taken.update({level_col} if level_col is not None else set())
    indicator_col = _column(header, _INDICATOR_HEADER, taken)
    condition_col = _column(header, _CONDITION_HEADER, taken | {indicator_col or -1})
    rules: list[PointRule] = []
    for row in grid.rows[1:]:
        texts = list(map(one_line, row))
        rule = _table_rule(_at(texts, indicator_col), _at(texts, level_col), _at(texts, points_col))
        if rule is None:
            continue
        condition = _at(texts, condition_col)
        if condition in _SAME_AS_ABOVE and rules:
            rule = replace(rule, conditions=rules[-1].conditions)
        elif condition:
            rule = replace(rule, conditions=(normalise_condition(condition),))
        rules.append(rule)
    return rules


def _at(texts: list[str], index: int | None) -> str:
    return texts[index] if index is not None and index < len(texts) else ""


def _rules_from_tables(main: LexborNode, tables: PlainTables) -> list[PointRule]:
    grids = (read_grid(table, tables) for table in main.css("table"))
    return [rule for grid in grids for rule in _rules_from_grid(grid)]


def _first_of_each(rules: list[PointRule]) -> list[PointRule]:
    kept: dict[tuple[str, str], PointRule] = {}
    for rule in rules:
        kept.setdefault(rule.key, rule)
    return list(kept.values())


def _with_skill_context(
    rules: list[PointRule], text: str
) -> tuple[list[PointRule], tuple[str, ...]]:
    """Attach caps, conditions and the contribution-base parameters stated in the text."""
    caps = stated_caps(text)
    found = find_skill_conditions(text)
    attached = []
    for rule in rules:
        with_cap = replace(rule, cap=caps.get(rule.indicator, rule.cap))
        if rule.indicator != "SKILL":
            attached.append(with_cap)
            continue
        senior = rule.level in _SENIOR_SKILL_LEVELS
        extra = found.every_level + (found.senior_levels if senior else ())
        conditions = tuple(dict.fromkeys(rule.conditions + extra))
        params = found.senior_params if senior else rule.params
        attached.append(replace(with_cap, conditions=conditions, params=params))
    return attached, found.table


# Tables read in the order of domain.md §2.1: indicators, then levels from lowest to highest.
_INDICATOR_ORDER = ("SKILL", "EDU", "AGE", "THRESHOLD")
_LEVEL_ORDER = ("5", "4", "3", "2", "1", "DZ", "BK", "BK_XS", "SS", "BS", "")


def _rank(rule: PointRule) -> tuple[int, int]:
    return _INDICATOR_ORDER.index(rule.indicator), _LEVEL_ORDER.index(rule.level)


def parse_points(page: Page, source: Source, url: str) -> PointsTable:
    """The points rules of the page's main content; raises ParseError when there are none."""
    text = page.main_text
    rules = _first_of_each(
        _rules_from_tables(page.main, page.tables)
        + skill_rules(text)
        + edu_rules(text)
        + age_rules(text)
        + threshold_rules(text)
    )
    if not rules:
        raise ParseError(source.id, url, f"no points rule found in {page.where}")
    rules.sort(key=_rank)
    attached, table_conditions = _with_skill_context(rules, text)
    return PointsTable(rules=tuple(attached), conditions=table_conditions)


class PointsParser:
    """Registry entry "points"."""

    name = "points"
    version = 1

    def parse(self, text: str, url: str, source: Source) -> ParsedDocument:
        page = read_page(text, url, source)
        return page.document(self, source, url, points=parse_points(page, source, url))
