"""A rule document's container → its paragraphs, one per line, in reading order.

Whatever holds the text — `<p>` paragraphs split into `<span>`s, `<br>` lines inside one `<div>`,
plain text, the lines of a PDF or DOCX — comes out the same: NFKC-normalised paragraphs without
pinyin or anti-copy insertions, in Simplified characters, with lines a PDF (or a `<br>`) wrapped
mid-sentence joined again and page headers, footers and page numbers dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser

from scraper.parsers.hanzi import read_hanzi

_BLOCK_TAGS = frozenset(
    ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
     "section", "article", "blockquote", "pre", "dd", "dt", "center", "hr")
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "select"})
_BLOCK = "\x00"  # a block boundary; "\n" is a <br> inside a block


class _Lines(HTMLParser):
    """Text of an HTML fragment with a line break at every block boundary and `<br>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Source line breaks inside a paragraph are layout, not structure.
            self.parts.append(data.replace("\r", "").replace("\n", ""))


def html_blocks(html: str) -> list[list[str]]:
    """The raw lines of an HTML fragment, block by block (`<br>` breaks lines in a block)."""
    reader = _Lines()
    reader.feed(html)
    reader.close()
    return [block.split("\n") for block in "".join(reader.parts).split(_BLOCK)]


def clean_line(line: str) -> str:
    """One line as the parser reads it: NFKC, Simplified, no insertions, single spaces."""
    normal = unicodedata.normalize("NFKC", read_hanzi(line))
    return re.sub(r"\s+", " ", normal).strip()


# A line that opens a unit of structure: 第N章, 第N条, （一）/一、 — and sub-items 1. / 1、 / （1）.
_HEADING = (
    r"第[0-9零〇一二两三四五六七八九十百]+[章条节]"
    r"|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、"
)
_MARKER = re.compile(rf"^(?:{_HEADING}|\(?\d{{1,2}}\)|\d{{1,2}}[.、](?!\d))")
_HEADING_MARKER = re.compile(rf"^(?:{_HEADING})")
_SENTENCE_END = re.compile(r"(?:[。;:!?」』”]|〕\d+号|的通知|办法|细则)$")
# A date line (the signature date) never continues the line before it (the signing body).
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# A heading line stands alone ("(一)年龄", "第六条(基础指标及分值)"): nothing joins onto it.
_HEADING_MAX_CHARS = 24


def starts_unit(line: str) -> bool:
    return _MARKER.match(line) is not None


def _continues(previous: str, line: str) -> bool:
    if starts_unit(line) or _SENTENCE_END.search(previous):
        return False
    if _DATE_LINE.match(line) or _DATE_LINE.match(previous):
        return False
    is_heading = _HEADING_MARKER.match(previous) is not None
    return not (is_heading and len(previous) <= _HEADING_MAX_CHARS)


def join_wrapped(lines: Iterable[str]) -> list[str]:
    """Paragraphs from lines: a line that neither ends a sentence nor is a heading is continued
    by the next line, unless that one opens a unit of structure."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return paragraphs


def paragraphs_of_lines(lines: Iterable[str]) -> list[str]:
    """Cleaned, non-blank, re-joined paragraphs of raw lines (HTML lines or plain text)."""
    return join_wrapped(line for line in map(clean_line, lines) if line)


def paragraphs_of_html(html: str) -> list[str]:
    """Paragraphs of HTML: blocks and `<br>` lines, joined again where a copy broke a sentence
    across them ("3.持证人取得技能类国家职" / "业资格三级,积60分。")."""
    return paragraphs_of_lines(line for block in html_blocks(html) for line in block)


def paragraphs_of_text(text: str) -> list[str]:
    return paragraphs_of_lines(text.splitlines())


# "- 3 -", "3", "第3页", "第 3 页 共 9 页", "3/9", "— 3 —"
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)


def paragraphs_of_pages(pages: Sequence[Sequence[str]]) -> list[str]:
    """Paragraphs of a paged document (PDF text lines, page by page): page numbers and the
    running header/footer lines repeated on most pages are dropped, then wrapped lines joined,
    across page breaks too."""
    cleaned = [[clean_line(line) for line in page] for page in pages]
    cleaned = [[line for line in page if line] for page in cleaned]
    running = _running_lines(cleaned)
    kept = (
        line
        for page in cleaned
        for line in page
        if not _PAGE_NUMBER.match(line) and _digitless(line) not in running
    )
    return join_wrapped(kept)


def _digitless(line: str) -> str:
    return re.sub(r"\d+", "#", line)


def _running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """First and last lines (digits ignored) found on more than half of the pages."""
    if len(pages) < 3:
        return set()
    edges = Counter(
        _digitless(line) for page in pages for line in {*page[:1], *page[-1:]} if len(line) < 40
    )
    return {line for line, count in edges.items() if count > len(pages) / 2}
