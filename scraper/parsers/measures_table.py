"""The articles of a 办法 / 细则 → its full PointsTable: every indicator item read, the vetoes
read from 第九条's prose, the threshold and the lowest total, who the document applies to
(第二条) and which indicators count one of (第十一条), and every indicator of the system the
text does not give named as unread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from scraper.parsers import phrasings as say
from scraper.parsers.articles import Article, Item
from scraper.parsers.indicators import (
    INDICATORS,
    NAMES,
    category_of,
    indicator_of,
    indicators_in,
)
from scraper.parsers.item_rules import ItemReading, read_segment
from scraper.parsers.segments import segments_of
from scraper.parsers.text import normalise_condition
from scraper.records import (
    PointRule,
    PointsTable,
    Provision,
    RuleCategory,
    RuleUnit,
    UnreadRule,
)


def read_points_table(articles: tuple[Article, ...]) -> PointsTable:
    reading = ItemReading(table_rules(articles))
    for article in articles:
        for segment in segments_of(article):
            reading += read_segment(segment)
        reading += vetoes(article)
    rules = _first_of_each(reading.rules)
    unread = _first_of_each_unread(reading.unread, rules)
    unread += missing_indicators(articles, rules, unread)
    return PointsTable(
        rules=rules,
        conditions=general_conditions(articles),
        unread=unread,
        eligibility=eligibility(articles),
        one_of=one_of(articles),
    )


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


# Rules of the table itself, each a phrasing: (indicator, reader, unit, label without a heading).
_TABLE_RULES: tuple[tuple[str, Callable[[str], int | None], RuleUnit, str], ...] = (
    ("THRESHOLD", say.read_threshold, RuleUnit.THRESHOLD, "标准分值"),
    ("MIN_TOTAL", say.read_min_total, RuleUnit.FLOOR, NAMES["MIN_TOTAL"]),
)


def table_rules(articles: Sequence[Article]) -> tuple[PointRule, ...]:
    """标准分值 (the total that unlocks the public services) and 总积分的最低分值 (the lowest
    total), each from the first sentence that states it."""
    found: list[PointRule] = []
    for indicator, read, unit, name in _TABLE_RULES:
        stated = (
            (article, sentence, points)
            for article in articles
            for sentence in _sentences(article)
            if (points := read(sentence)) is not None
        )
        first = next(stated, None)
        if first is None:
            continue
        article, sentence, points = first
        found.append(
            PointRule(
                indicator=indicator,
                level="",
                # The threshold's article is named for it; the floor's names the whole total.
                label=(article.heading if unit is RuleUnit.THRESHOLD else "") or name,
                points=points,
                unit=unit,
                conditions=(normalise_condition(sentence),),
                category=RuleCategory.RULE,
                clause=clause_of(article),
            )
        )
    return tuple(found)


def eligibility(articles: Iterable[Article]) -> tuple[Provision, ...]:
    """The sentences of the article saying who the document applies to (第二条), as worded."""
    return tuple(
        Provision(clause_of(article), normalise_condition(sentence))
        for article in articles
        if article.number and any(say.says_who_may_apply(s) for s in _sentences(article))
        for sentence in _sentences(article)
    )


def one_of(articles: Iterable[Article]) -> tuple[Provision, ...]:
    """ "选择其中一项进行积分" (第十一条): the indicators of which one is scored, as named."""
    found: list[Provision] = []
    for article in articles:
        for sentence in _sentences(article):
            said = say.read_one_of(sentence)
            named = [indicator_of(name, None) for name in said[1]] if said else []
            if said and named and all(named):
                ids = tuple(dict.fromkeys(i.id for i in named if i is not None))
                found.append(Provision(clause_of(article), normalise_condition(said[0]), ids))
    return tuple(found)


def _sentences(article: Article) -> list[str]:
    return [s for s in re.split(r"(?<=[。;])", article.text.replace("\n", "")) if s.strip()]


def general_conditions(articles: Iterable[Article]) -> tuple[str, ...]:
    """Sentences binding the whole table: one indicator counts once, deductions add up."""
    found = [
        normalise_condition(sentence)
        for article in articles
        for sentence in _sentences(article)
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
