"""办法 / 细则 prose → DocumentMeta and the full indicator PointsTable.

Articles (第六条), items (（三）) and sub-items (1.) are walked in order; an item is matched to an
indicator id by its heading, every number (points, caps, params) is read from its sentences.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from selectolax.lexbor import LexborHTMLParser

from scraper.records import (
    DecodedText,
    DocumentMeta,
    ParsedDocument,
    PointRule,
    PointsTable,
    Source,
)

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_DIGITS |= {"八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"[0-9零〇一二两三四五六七八九十百千]+"


class MeasuresParseError(ValueError):
    """The page holds no measures text or no indicator; names the source and the URL."""

    def __init__(self, source_id: str, url: str, what: str) -> None:
        super().__init__(f"{source_id}: {what} at {url}")
        self.source_id, self.url, self.what = source_id, url, what


def chinese_number(text: str) -> int:
    """ "一百四十" → 140, "二〇一七" → 2017 (digit by digit), "56" → 56."""
    if text.isdecimal():
        return int(text)
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def _num(pattern: str, text: str) -> int | None:
    found = re.search(pattern, text)
    return chinese_number(found.group(1)) if found else None


def _date(pattern: str, text: str) -> date | None:
    found = re.search(pattern.replace("D", rf"({NUM})年({NUM})月({NUM})日"), text)
    if not found:
        return None
    try:
        return date(*(chinese_number(g) for g in found.groups()[-3:]))
    except ValueError:  # 二月三十日, a 13th month: a typo in the text, not a date to act on
        return None


@dataclass(slots=True)
class Item:
    number: str  # （三） → "三"
    text: str
    subs: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)  # paragraphs after the sub-items


@dataclass(slots=True)
class Article:
    number: str  # 第六条 → "六"
    heading: str
    text: str
    items: list[Item] = field(default_factory=list)


_ARTICLE = re.compile(rf"^第({NUM})条\s*(?:[（(]([^）)]+)[）)])?\s*(.*)$")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
_SUB = re.compile(r"^(\d+)[.．、]\s*(.*)$")
_CHAPTER = re.compile(rf"^第({NUM})章")


def walk_articles(lines: list[str]) -> list[Article]:
    articles: list[Article] = []
    for line in lines:
        if _CHAPTER.match(line):
            continue
        if found := _ARTICLE.match(line):
            articles.append(Article(found.group(1), found.group(2) or "", found.group(3)))
        elif not articles:
            continue
        elif found := _ITEM.match(line):
            articles[-1].items.append(Item(found.group(1), found.group(2)))
        elif (found := _SUB.match(line)) and articles[-1].items:
            articles[-1].items[-1].subs.append(found.group(2))
        elif articles[-1].items:
            articles[-1].items[-1].tail.append(line)
        else:
            articles[-1].text += line
    return articles


_CATEGORIES = (
    ("基础指标", "basic"),
    ("加分指标", "add"),
    ("减分指标", "deduct"),
    ("一票否决", "veto"),
)
# Item heading keyword → indicator id; more specific keywords first (中介服务 before 创业人才).
_INDICATORS: tuple[tuple[str, str], ...] = (
    ("年龄", "AGE"),
    ("教育背景", "EDU"),
    ("技能等级", "SKILL"),
    ("社会保险年限", "SI_YEARS"),
    ("紧缺急需", "SHORTAGE_MAJOR"),
    ("投资纳税", "INVEST_TAX"),
    ("社会保险费基数", "SI_BASE"),
    ("公共服务领域", "PUBLIC_SERVICE"),
    ("远郊", "REMOTE_AREA"),
    ("应届", "FRESH_GRAD"),
    ("表彰奖励", "AWARD"),
    ("配偶", "SPOUSE_LOCAL"),
    ("中介服务", "INNOV_INTERMEDIARY"),
    ("创业人才", "ENTREPRENEUR"),
    ("虚假材料", "DED_FALSE"),
    ("行政拘留", "DED_DETENTION"),
    ("一般刑事犯罪", "DED_CRIME"),
    ("计划生育", "VETO_FAMILY_PLANNING"),
    ("严重刑事犯罪", "VETO_SERIOUS_CRIME"),
)


def category_of(article: Article) -> str | None:
    found = [cat for word, cat in _CATEGORIES if word in article.heading]
    return found[0] if found else None


def indicator_of(heading: str) -> str | None:
    return next((ind for word, ind in _INDICATORS if word in heading), None)


def level_of(indicator: str, text: str) -> str:
    """The level id of a sub-item sentence, see docs/architecture.md "Indicator ids"."""
    if indicator == "EDU":
        words = (
            ("博士", "BS"),
            ("硕士", "SS"),
            ("学士学位", "BK_XS"),
            ("本科", "BK"),
            ("大专", "DZ"),
        )
        return next((lvl for word, lvl in words if word in text), "")
    if indicator == "SKILL":
        grade = re.search(r"([一二三四五])级", text)
        return str(chinese_number(grade.group(1))) if grade else ""
    if indicator == "AWARD":
        awards = (("省部级", "NATIONAL"), ("综合性", "GENERAL"), ("专项性", "SPECIAL"))
        return next((lvl for word, lvl in awards if word in text), "")
    if indicator == "SI_BASE":
        low = _multiples(text)[0]
        return {"0.8": "080", "1": "1X", "2": "2X", "3": "3X"}.get(low, "")
    return ""


def _multiples(text: str) -> tuple[str, str | None]:
    """(from, to) multiples of the reference wage: "80%并低于1倍" → ("0.8", "1")."""
    low = re.search(r"高于[^，,；]*?(\d+)(%|倍)", text)
    high = re.search(r"低于(\d+)倍", text)
    start = "" if low is None else low.group(1)
    if low is not None and low.group(2) == "%":
        start = str(int(start) / 100)
    return start, high.group(1) if high else None


def unit_of(category: str, text: str) -> str:
    if category == "veto":
        return "disqualify"
    if "每次" in text:
        return "per_occurrence"
    if "每增加" in text:
        return "per_step"
    if re.search(rf"每(?:满|减少)?{NUM}(?:年|岁)", text):
        return "per_year"
    return "fixed"


def points_of(category: str, text: str) -> int | None:
    if category == "veto":
        return None
    if category == "deduct":
        found = _num(rf"(?:减|扣减?)({NUM})分", text)
        return None if found is None else -found
    return _num(rf"积({NUM})分", text)


def params_of(indicator: str, text: str) -> tuple[tuple[str, str], ...]:
    """Numbers the rule needs besides its points, see docs/architecture.md "Rule parameters"."""
    found: dict[str, int | str | None] = {}
    if indicator == "AGE":
        ages = re.search(rf"({NUM})\s*[—\-–~至到]+\s*({NUM})周岁", text)
        if ages:
            found["base_age_from"] = chinese_number(ages.group(1))
            found["base_age_to"] = chinese_number(ages.group(2))
        found["step"] = _num(rf"每减少{NUM}岁[^。；]*?增加({NUM})分", text)
    elif indicator == "SI_BASE":
        low, high = _multiples(text)
        found |= {"multiple_from": low, "multiple_to": high}
        found["months"] = _num(rf"满({NUM})个月", text)
        years = _num(rf"最近(?:连续)?({NUM})年", text)
        found["window_months"] = None if years is None else years * 12
    elif indicator == "INVEST_TAX":
        found["tax_step_wan"] = _num(rf"每增加({NUM})万元", text)
        found["hire_step"] = _num(rf"每增加({NUM})人", text)
        found["years"] = _num(rf"连续({NUM})个?(?:纳税)?年", text)
    elif indicator in ("PUBLIC_SERVICE", "REMOTE_AREA"):
        found["min_years"] = _num(rf"满({NUM})年后开始计入", text)
    elif indicator.startswith("DED_"):
        found["window_years"] = _num(rf"最近({NUM})年", text)
    return tuple((k, str(v)) for k, v in found.items() if v not in (None, ""))


def skill_base_params(text: str) -> tuple[tuple[str, str], ...]:
    """The 社保基数 condition on SKILL 2/1: 1× the average wage in 6 of the last 12 months."""
    found = {
        "base_multiple": _num(r"平均工资的?(\d+)倍", text),
        "base_months": _num(rf"内累计({NUM})个月", text),
        "base_window_months": _num(rf"前({NUM})个月内", text),
    }
    return tuple((k, str(v)) for k, v in found.items() if v is not None)


def sentence(text: str) -> str:
    """A condition sentence without spacing or closing punctuation."""
    return "".join(text.split()).rstrip("；;。.")


def label_of(heading: str, text: str) -> str:
    found = re.search(r"(?:取得|获得)(.+?)的[，,]", text) or re.search(
        r"(缴费基数.+?)的[，,]", text
    )
    return found.group(1) if found else heading


def rules_of_item(article: Article, category: str, item: Item) -> list[PointRule]:
    heading = re.split(r"[。；;]", item.text, maxsplit=1)[0]
    indicator = indicator_of(heading)
    if indicator is None:
        return []
    clause = f"第{article.number}条（{item.number}）"
    whole = "".join([item.text, *item.subs, *item.tail])
    cap = _num(rf"最高分值?为?({NUM})分", whole)
    tail = tuple(sentence(t) for t in item.tail)
    rules: list[PointRule] = []
    for text in item.subs or [item.text]:
        level = level_of(indicator, text) if item.subs else ""
        params: tuple[tuple[str, str], ...] = params_of(indicator, text)
        if indicator == "SKILL" and level in ("1", "2"):
            params += skill_base_params(" ".join(item.tail))
        rules.append(
            PointRule(
                indicator=indicator,
                level=level,
                label=label_of(heading, text) if item.subs else heading,
                points=points_of(category, text),
                unit=unit_of(category, text),
                cap=cap,
                conditions=(sentence(text), *tail),
                category=category,
                params=params,
                clause=clause,
            )
        )
    if len(rules) == 1 and rules[0].unit == "fixed" and cap is None:
        # A one-item fixed indicator cannot give more than its own points.
        rules[0] = replace(rules[0], cap=rules[0].points)
    return rules


def threshold_of(articles: list[Article]) -> PointRule | None:
    for article in articles:
        points = _num(rf"标准分值为?({NUM})分", article.text)
        if points is not None:
            return PointRule(
                indicator="THRESHOLD",
                level="",
                label=article.heading or "标准分值",
                points=points,
                unit="threshold",
                conditions=(sentence(article.text),),
                category="rule",
                clause=f"第{article.number}条",
            )
    return None


def points_table(articles: list[Article]) -> PointsTable:
    rules: list[PointRule] = []
    general: list[str] = []
    threshold = threshold_of(articles)
    if threshold is not None:
        rules.append(threshold)
    for article in articles:
        category = category_of(article)
        if category is None:
            if "不重复计算" in article.text or "累计扣减" in article.text:
                general.append(sentence(article.text))
            continue
        for item in article.items:
            rules.extend(rules_of_item(article, category, item))
    return PointsTable(rules=tuple(rules), conditions=tuple(general))


def document_meta(tree: LexborHTMLParser, lines: list[str]) -> DocumentMeta:
    def meta(name: str) -> str | None:
        node = tree.css_first(f'meta[name="{name}"]')
        return (node.attributes.get("content") or None) if node else None

    number = re.search(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", "\n".join(lines[:12]))
    body = "\n".join(lines)
    return DocumentMeta(
        title=meta("ArticleTitle") or next((ln for ln in lines if "《" in ln), None),
        published_on=next(filter(None, (_date(r"^D$", line) for line in lines[:12])), None),
        effective_on=_date(r"自D起施行", body),
        doc_number=number.group(0) if number else None,
        publisher=meta("ContentSource"),
        column=meta("ColumnName"),
        valid_until=_date(r"有效期至D", body),
    )


_BLOCKS = "p, div, li, td, h1, h2, h3"


class MeasuresParser:
    """Registry entry "measures": a 办法 / 细则 page → meta and the full points table."""

    name = "measures"
    version = 1

    def parse(self, source: Source, text: DecodedText, url: str) -> ParsedDocument:
        tree = LexborHTMLParser(text.text)
        root = tree.css_first(source.selector or "#ivs_content") or tree.body
        if root is None:
            raise MeasuresParseError(source.id, url, "page has no body")
        lines = [
            unicodedata.normalize("NFKC", node.text(separator="")).strip()
            for node in root.css(_BLOCKS)
            # lexbor's css() matches the node itself: more than one hit means nested blocks.
            if len(node.css(_BLOCKS)) == 1
        ]
        lines = [line for line in lines if line]
        table = points_table(walk_articles(lines))
        if not any(rule.category != "rule" for rule in table.rules):
            what = f"no 第N条 indicator items under {source.selector or '#ivs_content'}"
            raise MeasuresParseError(source.id, url, what)
        return ParsedDocument(
            source_id=source.id,
            url=url,
            parser=self.name,
            parser_version=self.version,
            meta=document_meta(tree, lines),
            main_text="\n".join(lines),
            points=table,
        )
