"""办法 / 细则 → DocumentMeta and the full indicator PointsTable, whatever the container.

A page (`<p>` paragraphs or `<br>` lines), plain text, or the text lines of a PDF / DOCX become
paragraphs (`paragraphs`), paragraphs become articles and items (`articles`), items become rules
(`item_rules`, `measures_table`). Items it recognises but cannot read are named, never zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from selectolax.lexbor import LexborHTMLParser

from scraper.parsers.articles import read_articles
from scraper.parsers.measures_table import read_points_table
from scraper.parsers.numerals import NUMERAL, read_number
from scraper.parsers.paragraphs import (
    paragraphs_of_html,
    paragraphs_of_pages,
    paragraphs_of_text,
)
from scraper.records import (
    DecodedText,
    DocumentMeta,
    ParsedDocument,
    PointsTable,
    RuleCategory,
    Source,
)


class MeasuresParseError(ValueError):
    """The page holds no measures text or no indicator; names the source and the URL."""

    def __init__(self, source_id: str, url: str, what: str) -> None:
        super().__init__(f"{source_id}: {what} at {url}")
        self.source_id, self.url, self.what = source_id, url, what


def _date(pattern: str, text: str) -> date | None:
    found = re.search(pattern.replace("D", rf"{NUMERAL}年{NUMERAL}月{NUMERAL}日"), text)
    if not found:
        return None
    try:
        return date(*(read_number(g) for g in found.groups()[-3:]))
    except ValueError:  # 二月三十日, a 13th month: a typo in the text, not a date to act on
        return None


_PAGE_META = ("ArticleTitle", "ContentSource", "ColumnName")


def document_meta(lines: Sequence[str], page: dict[str, str]) -> DocumentMeta:
    """What the document says about itself: the wrapper's 文号 and date, the page's meta tags."""
    number = re.search(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", "\n".join(lines[:12]))
    body = "\n".join(lines)
    return DocumentMeta(
        title=page.get("ArticleTitle") or next((ln for ln in lines if "《" in ln), None),
        published_on=next(filter(None, (_date(r"^D$", line) for line in lines[:12])), None),
        effective_on=_date(r"自D起施行", body),
        doc_number=number.group(0) if number else None,
        publisher=page.get("ContentSource"),
        column=page.get("ColumnName"),
        valid_until=_date(r"有效期至D", body),
    )


_HTML = re.compile(r"<(?:html|body|p|div|br|span|table|font|section)\b", re.I)


def html_paragraphs(html: str, selector: str | None) -> tuple[list[str], dict[str, str]]:
    """The paragraphs under the content root (the source's selector, #ivs_content, else the
    body) and the page's meta tags."""
    tree = LexborHTMLParser(html)
    page = {
        name: node.attributes.get("content") or ""
        for name in _PAGE_META
        if (node := tree.css_first(f'meta[name="{name}"]')) is not None
    }
    root = tree.css_first(selector or "#ivs_content") or tree.body
    return (paragraphs_of_html(root.html or "") if root is not None else []), page


class MeasuresParser:
    """Registry entry "measures": a 办法 / 细则 → meta and the full points table."""

    name = "measures"
    version = 3

    def parse(self, source: Source, text: DecodedText, url: str) -> ParsedDocument:
        """A page, or plain text (a saved copy without markup)."""
        if _HTML.search(text.text):
            paragraphs, page = html_paragraphs(text.text, source.selector)
        else:
            paragraphs, page = paragraphs_of_text(text.text), {}
        return self.parse_paragraphs(source, paragraphs, url, page=page)

    def parse_pages(
        self, source: Source, pages: Sequence[Sequence[str]], url: str
    ) -> ParsedDocument:
        """The text lines of a paged document (a PDF attachment), page by page."""
        return self.parse_paragraphs(source, paragraphs_of_pages(pages), url)

    def parse_paragraphs(
        self,
        source: Source,
        paragraphs: Sequence[str],
        url: str,
        *,
        page: dict[str, str] | None = None,
    ) -> ParsedDocument:
        table = read_points_table(read_articles(paragraphs))
        if not _states_indicators(table):
            what = f"no 第N条 indicator items under {source.selector or '#ivs_content'}"
            raise MeasuresParseError(source.id, url, what)
        return ParsedDocument(
            source_id=source.id,
            url=url,
            parser=self.name,
            parser_version=self.version,
            meta=document_meta(paragraphs, page or {}),
            main_text="\n".join(paragraphs),
            points=table,
        )


def _states_indicators(table: PointsTable) -> bool:
    """Whether any indicator item was recognised, read or not (not only the threshold)."""
    recognised = [gap for gap in table.unread if gap.missing != "indicator"]
    return bool(recognised) or any(rule.category is not RuleCategory.RULE for rule in table.rules)
