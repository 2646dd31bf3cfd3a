"""Articles and items → indicator segments: the paragraphs that state one indicator.

An item heading ("(一)年龄") opens a segment; so does a sentence giving points that names
another indicator than the open one — copies drop headings ("第七条", "(五)缴纳职工社会保险费
基数"), leave a heading without its "(一)", or renumber items as "1、". A segment keeps the
article and item it was found under only when the text says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scraper.parsers import phrasings as say
from scraper.parsers.articles import Article, Item, ItemDraft
from scraper.parsers.indicators import (
    Indicator,
    category_of,
    indicator_of,
    indicator_said,
    says,
)
from scraper.records import RuleCategory


@dataclass(frozen=True, slots=True)
class Segment:
    indicator: Indicator
    clause: str | None  # "第七条（二）"; "第六条" without a known item; None when unknown
    item: Item  # its heading ("" when a sentence opened it), body, sub-items, tail


@dataclass(frozen=True, slots=True)
class _Para:
    text: str
    item: str = ""  # the number of the item it is under, "" in an article's lead
    is_heading: bool = False


@dataclass(slots=True)
class _Draft:
    indicator: Indicator
    clause: str | None
    item: ItemDraft

    def freeze(self) -> Segment:
        return Segment(self.indicator, self.clause, self.item.freeze())


def is_statement(text: str) -> bool:
    """A sentence giving points, a deduction or a cap."""
    found = (say.read_points(text), say.read_deduction(text), say.read_cap(text))
    return any(value is not None for value in found) or say.states_cap(text)


def _paras(article: Article) -> Iterator[_Para]:
    yield from (_Para(text) for text in article.lead)
    for item in article.items:
        yield _Para(item.heading, item.number, is_heading=True)
        yield from (_Para(text, item.number) for text in item.lines)


def _clause(article: Article, item: str, indicator: Indicator, opened_in_item: bool) -> str | None:
    category = category_of(article.heading, "".join(article.lead))
    if not article.number or (category is not None and category is not indicator.category):
        return None
    if item and not opened_in_item:
        return f"第{article.number}条（{item}）"
    return f"第{article.number}条"


def segments_of(article: Article) -> list[Segment]:
    """The indicator segments of one article (vetoes excepted: they are read from prose)."""
    category = category_of(article.heading, "".join(article.lead))
    if category is RuleCategory.VETO:
        return []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    opened_in_item = False
    for para in _paras(article):
        if para.is_heading:
            opened_in_item = False
            named = indicator_of(_name(para.text), category)
            current = None
            if named is not None:
                clause = _clause(article, para.item, named, False)
                current = _Draft(named, clause, ItemDraft("", para.text))
                drafts.append(current)
                opened_in_item = True
            if named is not None or not is_statement(para.text):
                continue
        said = indicator_said(para.text) if is_statement(para.text) else None
        if said is not None and (current is None or not says(current.indicator, para.text)):
            clause = _clause(article, para.item, said, opened_in_item)
            current = _Draft(said, clause, ItemDraft("", ""))
            drafts.append(current)
            opened_in_item = opened_in_item or bool(para.item)
        if current is not None:
            current.item.add(para.text)
    return [draft.freeze() for draft in drafts]


def _name(heading: str) -> str:
    """The name a heading gives: "年龄" of "年龄", of "年龄。持证人…", of "年龄 年龄指标…"."""
    return re.split(r"[。;:,\s]", heading, maxsplit=1)[0]
