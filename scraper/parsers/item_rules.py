"""One indicator item of a 办法 / 细则 → its point rules, and the rules it states but that could
not be read (`UnreadRule`, never a zero).

The heading names the indicator; the item's levels are its sub-items ("1." "2.") or, without
them, its sentences that give points; every number comes from `phrasings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from scraper.parsers import phrasings as say
from scraper.parsers.articles import Item
from scraper.parsers.indicators import (
    BY_ID,
    MULTI_LEVEL,
    NAMES,
    SKILL_BASE_NEEDS,
    Indicator,
    level_of,
)
from scraper.parsers.segments import Segment
from scraper.parsers.text import normalise_condition
from scraper.records import PointRule, RuleCategory, RuleUnit, UnreadRule

Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ItemReading:
    rules: tuple[PointRule, ...] = ()
    unread: tuple[UnreadRule, ...] = ()

    def __add__(self, other: ItemReading) -> ItemReading:
        return ItemReading(self.rules + other.rules, self.unread + other.unread)


@dataclass(frozen=True, slots=True)
class _Level:
    indicator: Indicator
    text: str  # the sentence of this level (a sub-item, or the whole item)
    shared: str  # what binds every level: the item's other paragraphs
    heading: str  # the name the item heading gives


def read_segment(segment: Segment) -> ItemReading:
    """The rules of one indicator segment; what it states but cannot be read goes to unread."""
    indicator, item, clause = segment.indicator, segment.item, segment.clause
    whole = "".join(item.paragraphs)
    reading = ItemReading()
    for level in _levels(item, indicator):
        reading += _read_level(level, clause)
    cap = say.read_cap(whole)
    if cap is None and (say.states_cap(whole) or indicator.has_cap):
        gap = UnreadRule(indicator.id, "", clause or "", whole, "cap")
        return ItemReading((), (*reading.unread, gap))
    return ItemReading(_with_cap(reading.rules, cap), reading.unread)


def _levels(item: Item, indicator: Indicator) -> list[_Level]:
    shared, name = "".join(item.shared), heading_words(item.heading)
    if indicator.id in MULTI_LEVEL:
        body = _point_sentences("".join(item.body) or item.heading)
        if item.subs:
            # A copy that lost the first sub-item's number: its sentence is in the body.
            body = [text for text in body if _level(indicator, text) is not None]
        texts = [*body, *(sub.text for sub in item.subs)]
        firsts = {_level(indicator, text) or text: text for text in reversed(texts)}
        return [_Level(indicator, text, shared, name) for text in texts if text in firsts.values()]
    return [_Level(indicator, "".join(item.paragraphs), "", name)]


def heading_words(heading: str) -> str:
    """The name an item heading gives: "年龄" of "年龄", of "年龄。持证人…", of "年龄 年龄指标…"."""
    return re.split(r"[。;:,\s]", heading, maxsplit=1)[0]


def _level(indicator: Indicator, text: str) -> str | None:
    multiple_from = say.read_multiples(text)[0] if indicator.id == "SI_BASE" else None
    return level_of(indicator.id, text, multiple_from)


def _point_sentences(text: str) -> list[str]:
    """Sentences giving points, for a multi-level item written without sub-items."""
    sentences = re.split(r"(?<=[。;])", text)
    return [s for s in sentences if say.read_points(s) is not None] or [text]


def _read_level(level: _Level, clause: str | None) -> ItemReading:
    ind = level.indicator
    category = ind.category
    multiple_from = say.read_multiples(level.text)[0] if ind.id == "SI_BASE" else None
    found_level = level_of(ind.id, level.text, multiple_from)
    points = _points(category, level.text)
    if found_level is None or points is None:
        missing = "level" if found_level is None else "points"
        gap = UnreadRule(ind.id, found_level or "", clause or "", level.text, missing)
        return ItemReading((), (gap,))
    params = read_params(ind.id, found_level, level.text, level.shared)
    lacking = [n for n in _needs(ind.id, found_level, level.shared) if n not in dict(params)]
    if lacking:
        gap = UnreadRule(ind.id, found_level, clause or "", level.text, ", ".join(lacking))
        return ItemReading((), (gap,))
    conditions = (level.text, *re.split(r"(?<=[。])", level.shared))
    rule = PointRule(
        indicator=ind.id,
        level=found_level,
        label=_label(ind, level),
        points=points,
        unit=_unit(ind.id, category, level.text),
        conditions=tuple(c for c in map(normalise_condition, conditions) if c),
        category=category,
        params=params,
        clause=clause,
    )
    return ItemReading((rule,), ())


def _points(category: RuleCategory, text: str) -> int | None:
    if category is RuleCategory.DEDUCT:
        return say.read_deduction(text)
    return say.read_points(text)


def _unit(indicator: str, category: RuleCategory, text: str) -> RuleUnit:
    if category is RuleCategory.DEDUCT:
        return RuleUnit.PER_OCCURRENCE
    if indicator == "INVEST_TAX" and say.read_tax_step_wan(text) is not None:
        return RuleUnit.PER_STEP
    return RuleUnit.PER_YEAR if say.is_per_year(text) else RuleUnit.FIXED


def _needs(indicator: str, level: str, shared: str) -> tuple[str, ...]:
    if indicator == "SKILL" and level in ("1", "2") and _base_condition(shared):
        return SKILL_BASE_NEEDS
    return BY_ID[indicator].needs


def _base_condition(text: str) -> str:
    """The sentence of an item tying a level to the contribution base (SKILL 二级/一级)."""
    sentences = re.split(r"(?<=[。;])", text)
    return next((s for s in sentences if "基数" in s or "平均工资" in s), "")


def read_params(indicator: str, level: str, text: str, shared: str) -> Params:
    """Numbers the rule needs besides its points (docs/architecture.md "Rule parameters")."""
    found: dict[str, object] = {}
    if indicator == "AGE":
        ages = say.read_age_range(text)
        found |= dict(zip(("base_age_from", "base_age_to"), ages or (), strict=False))
        found["step"] = say.read_age_step(text)
    elif indicator == "SI_BASE":
        found["multiple_from"], found["multiple_to"] = say.read_multiples(text)
        found["months"] = say.read_months(text) or say.read_months(shared)
        found["window_months"] = say.read_window_months(text) or say.read_window_months(shared)
    elif indicator == "INVEST_TAX":
        found["tax_step_wan"] = say.read_tax_step_wan(text)
        found["hire_step"] = say.read_hire_step(text)
        found["years"] = say.read_consecutive_years(text) or say.read_window_years(text)
    elif indicator in ("PUBLIC_SERVICE", "REMOTE_AREA"):
        found["min_years"] = say.read_min_years(text)
    elif indicator.startswith("DED_"):
        found["window_years"] = say.read_window_years(text)
    elif indicator == "SKILL" and level in ("1", "2") and (base := _base_condition(shared)):
        found["base_multiple"] = say.read_multiples(base)[0]
        found["base_months"] = say.read_months(base)
        found["base_window_months"] = say.read_window_months(base)
    return tuple((k, str(v)) for k, v in found.items() if v not in (None, ""))


_LABEL_MAX_CHARS = 24


def _label(indicator: Indicator, level: _Level) -> str:
    """The wording that names the rule: a level's own words, else the item heading."""
    found = re.search(r"(?:取得|获得)(.+?)的?,(?:可)?积", level.text) or re.search(
        r"((?:缴费|社会保险费)基数.+?)的?,积", level.text
    )
    if found is not None and indicator.id in MULTI_LEVEL:
        return found.group(1)
    if level.heading and len(level.heading) <= _LABEL_MAX_CHARS:
        return level.heading
    return NAMES[indicator.id]


def _with_cap(rules: tuple[PointRule, ...], cap: int | None) -> tuple[PointRule, ...]:
    if cap is None and len(rules) == 1 and rules[0].unit is RuleUnit.FIXED and rules[0].points:
        # A one-level fixed indicator cannot give more than its own points.
        return (replace(rules[0], cap=rules[0].points),)
    if cap is None:
        return rules
    return tuple(replace(rule, cap=cap) for rule in rules)
