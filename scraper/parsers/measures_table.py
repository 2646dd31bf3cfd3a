"""The articles of a 办法 / 细则 → its full PointsTable: every indicator item read, the vetoes
read from 第九条's prose, the threshold, and every indicator of the system the text does not
give named as unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scraper.parsers.articles import Article, Item
from scraper.parsers.indicators import (
    INDICATORS,
    category_of,
    indicators_in,
)
from scraper.parsers.item_rules import ItemReading, read_segment
from scraper.parsers.phrasings import read_threshold
from scraper.parsers.segments import segments_of
from scraper.parsers.text import normalise_condition
from scraper.records import PointRule, PointsTable, RuleCategory, RuleUnit, UnreadRule


def read_points_table(articles: tuple[Article, ...]) -> PointsTable:
    reading = ItemReading()
    threshold = threshold_rule(articles)
    if threshold is not None:
        reading += ItemReading((threshold,))
    for article in articles:
        for segment in segments_of(article):
            reading += read_segment(segment)
        reading += vetoes(article)
    rules = _first_of_each(reading.rules)
    unread = _first_of_each_unread(reading.unread, rules)
    unread += missing_indicators(articles, rules, unread)
    return PointsTable(rules=rules, conditions=general_conditions(articles), unread=unread)


def clause_of(article: Article, item: Item | None = None) -> str | None:
    """Where the document says it: "第七条（二）", "第九条" for prose without items, None for
    text quoted without its article."""
    if not article.number:
        return None
    if item is None or not item.number:
        return f"第{article.number}条"
    return f"第{article.number}条（{item.number}）"


# What a veto does to an application: "取消申请积分资格", "不予积分", "一票否决".
_VETO_OUTCOME = re.compile(r"取消[^。;]{0,6}资格|不予积分|不得申请|一票否决")


def vetoes(article: Article) -> ItemReading:
    """一票否决 (第九条): plain prose naming what disqualifies; no numbers to read. Read from
    the 一票否决 article, or from any sentence that says the application right is cancelled."""
    is_veto = category_of(article.heading, "".join(article.lead)) is RuleCategory.VETO
    sentences = re.split(r"(?<=[。;])", article.text.replace("\n", ""))
    said = [s for s in sentences if is_veto or _VETO_OUTCOME.search(s)]
    rules: list[PointRule] = []
    for indicator in indicators_in("".join(said), RuleCategory.VETO):
        sentence = next(s for s in said if re.search(indicator.words, s))
        item = next((i for i in article.items if re.search(indicator.words, i.heading)), None)
        named = re.search(indicator.words, sentence)
        rules.append(
            PointRule(
                indicator=indicator.id,
                level="",
                label=named.group(0) if named else indicator.id,
                points=None,
                unit=RuleUnit.DISQUALIFY,
                conditions=(normalise_condition(sentence),),
                category=RuleCategory.VETO,
                clause=clause_of(article, item) if is_veto else None,
            )
        )
    return ItemReading(tuple(rules))


def threshold_rule(articles: Iterable[Article]) -> PointRule | None:
    """标准分值: the total that unlocks the public services."""
    for article in articles:
        for paragraph in article.text.split("\n"):
            points = read_threshold(paragraph)
            if points is not None:
                return PointRule(
                    indicator="THRESHOLD",
                    level="",
                    label=article.heading or "标准分值",
                    points=points,
                    unit=RuleUnit.THRESHOLD,
                    conditions=(normalise_condition(paragraph),),
                    category=RuleCategory.RULE,
                    clause=clause_of(article),
                )
    return None


def general_conditions(articles: Iterable[Article]) -> tuple[str, ...]:
    """Sentences binding the whole table: one indicator counts once, deductions add up."""
    found = [
        normalise_condition(sentence)
        for article in articles
        for sentence in re.split(r"(?<=[。;])", article.text.replace("\n", ""))
        if "不重复计算" in sentence or "累计扣减" in sentence
    ]
    return tuple(dict.fromkeys(found))


def missing_indicators(
    articles: tuple[Article, ...], rules: tuple[PointRule, ...], unread: tuple[UnreadRule, ...]
) -> tuple[UnreadRule, ...]:
    """Indicators of the system the text does not give: every core one, and any other an
    article's lead names ("加分指标包含…创业人才…等指标")."""
    found = {rule.indicator for rule in rules} | {gap.indicator for gap in unread}
    named: set[str] = set()
    for article in articles:
        category = category_of(article.heading, "".join(article.lead))
        if category is not None and category is not RuleCategory.VETO:
            named |= {i.id for i in indicators_in("".join(article.lead), category)}
    wanted = [i for i in INDICATORS if i.is_core or i.id in named]
    return tuple(
        UnreadRule(indicator=i.id, missing="indicator") for i in wanted if i.id not in found
    )


def _first_of_each(rules: Iterable[PointRule]) -> tuple[PointRule, ...]:
    """A key stated twice (a lede quoting an item, a 细则 restating the 办法) keeps the first
    statement found under its article, else the first."""
    kept: dict[tuple[str, str], PointRule] = {}
    for rule in rules:
        if rule.key not in kept or (kept[rule.key].clause is None and rule.clause is not None):
            kept[rule.key] = rule
    return tuple(kept.values())


def _first_of_each_unread(
    unread: Iterable[UnreadRule], rules: tuple[PointRule, ...]
) -> tuple[UnreadRule, ...]:
    read = {rule.key for rule in rules}
    read_indicators = {rule.indicator for rule in rules}
    kept: dict[tuple[str, str, str], UnreadRule] = {}
    for gap in unread:
        # Text outside any article (a lede, the site's chrome) that names a read indicator
        # is a paraphrase, not an item of the document.
        is_paraphrase = not gap.clause and gap.indicator in read_indicators
        if (gap.indicator, gap.level) not in read and not is_paraphrase:
            kept.setdefault((gap.indicator, gap.level, gap.missing), gap)
    return tuple(kept.values())
