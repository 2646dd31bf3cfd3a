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
    Category,
    category_of,
    indicators_in,
)
from scraper.parsers.item_rules import ItemReading, read_item
from scraper.parsers.phrasings import read_threshold
from scraper.parsers.text import normalise_condition
from scraper.records import PointRule, PointsTable, UnreadRule


def read_points_table(articles: tuple[Article, ...]) -> PointsTable:
    reading = ItemReading()
    threshold = threshold_rule(articles)
    if threshold is not None:
        reading += ItemReading((threshold,))
    for article in articles:
        category = category_of(article.heading, "".join(article.lead))
        if category is not None:
            reading += read_article(article, category)
    rules = _first_of_each(reading.rules)
    unread = _first_of_each_unread(reading.unread, rules)
    unread += missing_indicators(articles, rules, unread)
    return PointsTable(rules=rules, conditions=general_conditions(articles), unread=unread)


def read_article(article: Article, category: Category) -> ItemReading:
    if category is Category.VETO:
        return _vetoes(article)
    items = article.items or _prose_items(article)
    reading = ItemReading()
    for item in items:
        reading += read_item(item, category, clause_of(article, item))
    return reading


def clause_of(article: Article, item: Item | None = None) -> str:
    """Where the document says it: "第七条（二）", or "第九条" for prose without items."""
    if item is None or not item.number:
        return f"第{article.number}条"
    return f"第{article.number}条（{item.number}）"


def _prose_items(article: Article) -> tuple[Item, ...]:
    """An article without numbered items: each of its sentences read as an item."""
    sentences = re.split(r"(?<=[。;])", "".join(article.lead))
    return tuple(Item(number="", heading=s) for s in sentences if s.strip())


def _vetoes(article: Article) -> ItemReading:
    """一票否决 (第九条): plain prose naming what disqualifies; no numbers to read."""
    rules: list[PointRule] = []
    sentences = re.split(r"(?<=[。;])", article.text.replace("\n", ""))
    for indicator in indicators_in(article.text, Category.VETO):
        said = next(s for s in sentences if re.search(indicator.words, s))
        item = next((i for i in article.items if re.search(indicator.words, i.heading)), None)
        rules.append(
            PointRule(
                indicator=indicator.id,
                level="",
                label=re.search(indicator.words, said).group(0),  # type: ignore[union-attr]
                points=None,
                unit="disqualify",
                conditions=(normalise_condition(said),),
                category=str(Category.VETO),
                clause=clause_of(article, item),
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
                    unit="threshold",
                    conditions=(normalise_condition(paragraph),),
                    category="rule",
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
        if category is not None and category is not Category.VETO:
            named |= {i.id for i in indicators_in("".join(article.lead), category)}
    wanted = [i for i in INDICATORS if i.is_core or i.id in named]
    return tuple(
        UnreadRule(indicator=i.id, missing="indicator") for i in wanted if i.id not in found
    )


def _first_of_each(rules: Iterable[PointRule]) -> tuple[PointRule, ...]:
    # A key stated twice (a 细则 restating the 办法) keeps its first statement.
    kept: dict[tuple[str, str], PointRule] = {}
    for rule in rules:
        kept.setdefault(rule.key, rule)
    return tuple(kept.values())


def _first_of_each_unread(
    unread: Iterable[UnreadRule], rules: tuple[PointRule, ...]
) -> tuple[UnreadRule, ...]:
    read = {rule.key for rule in rules}
    kept: dict[tuple[str, str, str], UnreadRule] = {}
    for gap in unread:
        if (gap.indicator, gap.level) not in read:
            kept.setdefault((gap.indicator, gap.level, gap.missing), gap)
    return tuple(kept.values())
