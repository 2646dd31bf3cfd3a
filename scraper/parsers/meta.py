"""What a page says about itself: title, publish and effective dates, 文号, publisher, column.

Reads the CMS `<meta>` tags first (domain.md §5.3), then the `.Article-title-zw` labels, then
the body text (文号 in the first lines, "自2018年1月1日起施行", a signature date line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parsers.blocks import block_text
from scraper.parsers.text import normalise_inline
from scraper.records import DocumentMeta

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
_DATE_RE = re.compile(_DATE)
_ONLY_DATE_LINE = re.compile(rf"^[（(]?{_DATE}[）)]?$")
_EFFECTIVE_RE = re.compile(rf"自\s*{_DATE}\s*起\s*(?:施行|执行|实施|生效)")
# 文号: issuer abbreviation, year in brackets (〔〕 officially; [] and () on copies), serial, 号.
_DOC_NUMBER_RE = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*第?\s*(\d+)\s*号"
)
# How many opening lines of the body may carry the 文号 before it is a citation of another document.
_DOC_NUMBER_LINES = 6

_LABELS: dict[str, tuple[str, ...]] = {
    "doc_number": ("文件编号", "发文字号", "文号"),
    "published": ("发布时间", "发布日期", "成文日期", "公布日期", "日期"),
    "effective": ("施行日期", "实施日期", "生效日期"),
    "publisher": ("发布机构", "发文机关", "来源"),
}
_LABEL_BLOCKS = (".Article-title-zw", ".xxgk", ".article-info", ".info", ".meta", ".source")
_META_OR_LABEL = ", ".join(("meta", *_LABEL_BLOCKS))


def parse_date(text: str) -> date | None:
    """The first valid calendar date written as 2026-06-13, 2017年12月20日, 2017/1/5 or similar."""
    for match in _DATE_RE.finditer(text):
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def _meta_tags(metas: list[LexborNode]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in metas:
        key = node.attributes.get("name") or node.attributes.get("property")
        content = node.attributes.get("content")
        if key and content and key.lower() not in tags:
            tags[key.lower()] = normalise_inline(content)
    return tags


def _label_text(tree: LexborHTMLParser) -> str:
    blocks = [block_text(node) for selector in _LABEL_BLOCKS for node in tree.css(selector)]
    return "\n".join(blocks)


def _label_value(label_text: str, field: str) -> str | None:
    if not label_text:  # most pages: no label block
        return None
    for label in _LABELS[field]:
        match = re.search(rf"{label}\s*[:：]\s*([^\n]+?)(?=\s+\S{{2,6}}[:：]|$)", label_text, re.M)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


def find_doc_number(text: str) -> str | None:
    """A 文号 such as 沪府发〔2017〕98号, with the year brackets written the official way."""
    match = _DOC_NUMBER_RE.search(text)
    if match is None:
        return None
    issuer, year, serial = match.groups()
    return f"{issuer}〔{year}〕{serial}号"


def _title(tree: LexborHTMLParser, tags: dict[str, str]) -> str | None:
    for key in ("articletitle", "og:title"):
        if tags.get(key):
            return tags[key]
    for selector in ("h1", ".Article-title", "title"):
        for node in tree.css(selector):
            text = normalise_inline(node.text(deep=True))
            if len(text) >= 4:
                return text
    return None


def _published_by_tree(tags: dict[str, str], labels: str, tree: LexborHTMLParser) -> date | None:
    for key in ("pubdate", "publishdate", "article:published_time", "firstpublishedtime"):
        if key in tags and (found := parse_date(tags[key])):
            return found
    if (value := _label_value(labels, "published")) and (found := parse_date(value)):
        return found
    for node in tree.css("time, [class*=date], [class*=time]"):
        value = node.attributes.get("datetime") or node.text(deep=True)
        if found := parse_date(value or ""):
            return found
    return None


def _signature_date(body: str) -> date | None:
    # The signature date of a notice stands alone on its line, after the issuer.
    dated = [line for line in body.split("\n") if _ONLY_DATE_LINE.match(line)]
    return parse_date(dated[-1]) if dated else None


@dataclass(frozen=True, slots=True)
class PageMarks:
    """What the untouched page tree says about itself, read before chrome is stripped."""

    tags: dict[str, str]  # <meta> name/property (lower case) -> content
    labels: str  # text of the label blocks ("发布日期：...")
    title: str | None
    published_on: date | None  # from tags, labels or dated elements; None: ask the body


def read_marks(tree: LexborHTMLParser) -> PageMarks:
    """Read the page's metadata sources from `tree`; call before anything is removed from it."""
    # One pass finds the <meta> tags and tells whether any label block exists (most pages: none).
    found = tree.css(_META_OR_LABEL)
    metas = [node for node in found if node.tag == "meta"]
    # Label blocks are found by class; a <meta> with a class may be one.
    has_labels = any(node.tag != "meta" or "class" in node.attributes for node in found)
    tags = _meta_tags(metas)
    labels = _label_text(tree) if has_labels else ""
    return PageMarks(tags, labels, _title(tree, tags), _published_by_tree(tags, labels, tree))


def meta_from(marks: PageMarks, main_text: str) -> DocumentMeta:
    """The document's metadata from the page's marks and its main text."""
    labels, title = marks.labels, marks.title
    head_lines = "\n".join(main_text.split("\n", _DOC_NUMBER_LINES)[:_DOC_NUMBER_LINES])
    label_number = _label_value(labels, "doc_number")
    doc_number = find_doc_number(label_number or "") or find_doc_number(head_lines)
    if doc_number is None and title:
        doc_number = find_doc_number(title)
    effective_label = _label_value(labels, "effective")
    effective = parse_date(effective_label) if effective_label else None
    if effective is None and (match := _EFFECTIVE_RE.search(main_text)):
        effective = parse_date(match.group(0))
    return DocumentMeta(
        title=title,
        published_on=marks.published_on or _signature_date(main_text),
        effective_on=effective,
        doc_number=doc_number,
        publisher=marks.tags.get("contentsource") or _label_value(labels, "publisher"),
        column=marks.tags.get("columnname"),
    )
