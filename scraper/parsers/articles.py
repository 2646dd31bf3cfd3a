"""Paragraphs of a rule document → chapters, articles, items and sub-items.

Structure is read from the numbering alone: 第N章, 第N条（标题）, items "(一)" / "一、", sub-items
"1." / "1、" / "(1)". An item holds every paragraph from its heading to the next item or article;
what the sentences say is read elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_CN = "零〇一二两三四五六七八九十百"
_CHAPTER = re.compile(rf"^第([0-9{_CN}]+)章\s*(.*)$")
# "第六条(基础指标及分值)…", "第六条 基础指标…"; not a reference such as "第六条规定的…".
_ARTICLE = re.compile(
    rf"^第([0-9{_CN}]+)条(?![规的所中至和、,])\s*(?:\(([^()]{{1,24}})\))?\s*(.*)$"
)
_ITEM = re.compile(r"^(?:\(([一二三四五六七八九十]+)\)|([一二三四五六七八九十]+)、)\s*(.*)$")
_SUB = re.compile(r"^(?:(\d{1,2})[.、](?!\d)|\((\d{1,2})\))\s*(.*)$")


@dataclass(frozen=True, slots=True)
class SubItem:
    number: str  # "1"
    text: str  # the paragraph without its number


@dataclass(frozen=True, slots=True)
class Item:
    number: str  # (三) → "三"
    heading: str  # the heading paragraph without its number: "年龄", or a whole sentence
    body: tuple[str, ...] = ()  # paragraphs between the heading and the first sub-item
    subs: tuple[SubItem, ...] = ()
    tail: tuple[str, ...] = ()  # paragraphs after the last sub-item
    # Every paragraph after the heading in the order of the text, sub-items with their number.
    lines: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Everything the item says, in order, its heading first."""
        return (self.heading, *self.body, *(s.text for s in self.subs), *self.tail)

    @property
    def shared(self) -> tuple[str, ...]:
        """Paragraphs that bind every level of the item (not a sub-item's own sentence)."""
        return (*self.body, *self.tail)


@dataclass(frozen=True, slots=True)
class Article:
    number: str  # 第六条 → "六"
    heading: str  # the bracketed title: "基础指标及分值"; "" when the article has none
    lead: tuple[str, ...] = ()  # paragraphs before the first item, the article line's own text
    items: tuple[Item, ...] = ()
    chapter: str = ""  # "第二章 积分指标体系"

    @property
    def text(self) -> str:
        paragraphs = (*self.lead, *(p for item in self.items for p in item.paragraphs))
        return "\n".join(paragraphs)


def sub_item(paragraph: str) -> SubItem | None:
    """A numbered sub-item ("1." "1、" "(1)"), or None for any other paragraph."""
    found = _SUB.match(paragraph)
    return SubItem(found.group(1) or found.group(2), found.group(3)) if found else None


@dataclass(slots=True)
class ItemDraft:
    """An item while its paragraphs are read: each goes to the body, a sub-item or the tail."""

    number: str
    heading: str
    body: list[str] = field(default_factory=list)
    subs: list[SubItem] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def add(self, paragraph: str) -> None:
        self.lines.append(paragraph)
        if (sub := sub_item(paragraph)) is not None:
            self.subs.append(sub)
        elif self.subs:
            self.tail.append(paragraph)
        else:
            self.body.append(paragraph)

    def freeze(self) -> Item:
        body, subs, tail = tuple(self.body), tuple(self.subs), tuple(self.tail)
        return Item(self.number, self.heading, body, subs, tail, tuple(self.lines))


@dataclass(slots=True)
class _ArticleDraft:
    number: str
    heading: str
    chapter: str
    lead: list[str] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)

    def add(self, paragraph: str) -> None:
        if found := _ITEM.match(paragraph):
            number = found.group(1) or found.group(2)
            self.items.append(ItemDraft(number, found.group(3)))
        elif self.items:
            self.items[-1].add(paragraph)
        else:
            self.lead.append(paragraph)

    def freeze(self) -> Article:
        items = tuple(item.freeze() for item in self.items)
        return Article(self.number, self.heading, tuple(self.lead), items, self.chapter)


def read_articles(paragraphs: Iterable[str]) -> tuple[Article, ...]:
    """The articles of a document in order. Paragraphs before the first article make an article
    without a number: copies often quote items without the article they belong to."""
    drafts: list[_ArticleDraft] = [_ArticleDraft("", "", "")]
    chapter = ""
    for paragraph in paragraphs:
        if found := _CHAPTER.match(paragraph):
            chapter = paragraph
        elif found := _ARTICLE.match(paragraph):
            number, heading, rest = found.group(1), found.group(2) or "", found.group(3)
            drafts.append(_ArticleDraft(number, heading.strip(), chapter))
            if rest.strip():
                drafts[-1].lead.append(rest.strip())
        else:
            drafts[-1].add(paragraph)
    return tuple(draft.freeze() for draft in drafts)
