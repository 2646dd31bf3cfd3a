"""Page anatomy: pick the main content, drop site chrome, read text, links and metadata.

The main content is `source.selector`, else the CMS containers of domain.md §5.3, else the
block holding the most paragraph text, so third-party pages need no site-specific selector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parsers.blocks import block_text, has_text
from scraper.parsers.chrome import COUNTER, COUNTER_WORDS, strip_chrome
from scraper.parsers.contract import ParseError
from scraper.parsers.markup import PlainTables
from scraper.parsers.meta import meta_from, read_marks
from scraper.parsers.text import normalise_inline
from scraper.records import (
    Catalogue,
    DocumentMeta,
    Link,
    Parameter,
    ParsedDocument,
    PointsTable,
    Source,
)

MAIN_SELECTORS = ("#ivs_content", ".Article_content", ".trout-region-content", "article")
_CANDIDATE_TAGS = frozenset({"div", "section", "article", "main", "td", "body"})
_CONTAINER_TAGS = frozenset({"div", "section", "article", "main"})


@dataclass(frozen=True, slots=True)
class Page:
    """A decoded page with its main content located; lives only inside a parse call."""

    meta: DocumentMeta
    main: LexborNode
    where: str  # how the main content was chosen, for error messages
    main_text: str
    links: tuple[Link, ...]
    tables: PlainTables  # the main content's plain tables, read once for its text and grids

    def document(
        self,
        parser: ParserIdentity,
        source: Source,
        url: str,
        *,
        meta: DocumentMeta | None = None,
        catalogue: Catalogue | None = None,
        points: PointsTable | None = None,
        parameters: tuple[Parameter, ...] = (),
    ) -> ParsedDocument:
        """What a parser read from this page, with the page's own meta, text and links."""
        return ParsedDocument(
            source_id=source.id,
            url=url,
            parser=parser.name,
            parser_version=parser.version,
            meta=meta or self.meta,
            main_text=self.main_text,
            catalogue=catalogue,
            points=points,
            parameters=parameters,
            links=self.links,
        )


class ParserIdentity(Protocol):
    name: str
    version: int


def _paragraph_score(node: LexborNode) -> int:
    """Text held directly by `node` in paragraphs, cells and text runs, minus link text."""
    score = 0
    for child in node.iter(include_text=True):
        if child.tag in _CONTAINER_TAGS:
            continue
        if child.tag == "-text":
            score += len((child.text_content or "").strip())
            continue
        text = child.text(deep=True)
        links = sum(len(a.text(deep=True)) for a in child.css("a"))
        score += len(text.strip()) - 2 * links
    return score


def _densest_block(tree: LexborHTMLParser) -> LexborNode | None:
    body = tree.body
    if body is None:
        return None
    candidates = [node for node in body.traverse() if node.tag in _CANDIDATE_TAGS]
    return max(candidates, key=_paragraph_score, default=None)


def _main_and_markup(
    tree: LexborHTMLParser, source: Source, url: str
) -> tuple[LexborNode, str, str | None]:
    """The main-content node, a description of how it was found, and the node's serialised
    markup when it was read on the way."""
    if source.selector:
        node = tree.css_first(source.selector)
        if node is None:
            raise ParseError(source.id, url, f"selector {source.selector!r} matched nothing")
        return node, repr(source.selector), None
    for selector in MAIN_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and has_text(node, markup := node.html):
            return node, repr(selector), markup
    if tree.body is not None:
        strip_chrome(tree.body)
    node = _densest_block(tree)
    if node is None:
        raise ParseError(source.id, url, "page has no body to read")
    return node, "the largest text block", None


def _links(main: LexborNode, url: str) -> tuple[Link, ...]:
    found: dict[str, Link] = {}
    for anchor in main.css("a[href]"):
        try:
            target = urljoin(url, (anchor.attributes.get("href") or "").strip())
            scheme = urlsplit(target).scheme
        except ValueError:  # "http://[abc": urllib refuses the host; nothing to follow there
            continue
        if scheme not in ("http", "https") or target in found:
            continue
        text = normalise_inline(anchor.text(deep=True)) or anchor.attributes.get("title") or ""
        found[target] = Link(url=target, text=normalise_inline(text))
    return tuple(found.values())


def main_text_of(main: LexborNode, tables: PlainTables | None = None) -> str:
    """Normalised main text with visit counters removed line by line."""
    text = block_text(main, tables)  # normalised: its lines are trimmed and none is blank
    if not any(word in text for word in COUNTER_WORDS):
        return text
    lines = (line.strip() for line in COUNTER.sub("", text).split("\n"))
    return "\n".join(line for line in lines if line)


def read_page(text: str, url: str, source: Source) -> Page:
    """Parse decoded HTML (a `str`, never bytes) and locate its main content."""
    tree = LexborHTMLParser(text)
    marks = read_marks(tree)  # metadata is read from the untouched page
    main, where, markup = _main_and_markup(tree, source, url)
    if markup is None:
        markup = main.html
    # The markup read before stripping still shows the tables when nothing was stripped.
    is_stripped = strip_chrome(main, markup)
    tables = PlainTables(None if is_stripped else markup)
    main_text = main_text_of(main, tables)
    return Page(
        meta=meta_from(marks, main_text),
        main=main,
        where=where,
        main_text=main_text,
        links=_links(main, url),
        tables=tables,
    )
