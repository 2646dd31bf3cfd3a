"""Column listings of the official CMS (`ul.uli14 li`, `.tadaty-list li`): notice links and pages.

A listing shows a truncated title ("…") and keeps the full one in `title`; the date beside it
is the posting date. The date in an article URL is a publish/migration date, never the
document's own date (legacy documents were bulk-migrated under `20200617`).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parsers.meta import parse_date
from scraper.parsers.text import normalise_inline
from scraper.records import Link

ITEM_SELECTORS = ("ul.uli14 li", ".tadaty-list li")
# Both rsj article URL forms: /<col>_<id>/<YYYYMMDD>/t0035_<digits>.html and
# /<col>/<YYYYMMDD>/<32 hex>.html; the column slug of an article may differ from the list's.
ARTICLE_PATH = re.compile(
    r"/(?P<column>[A-Za-z0-9_]+)/(?P<posted>\d{8})/(?:t\d+_\d+|[0-9a-f]{32}|0001-\d+_\d+)\.s?html?$"
)
_TRUNCATED = ("…", "...", "……")
_PAGE_NAME = re.compile(r"index(?:_(\d+))?\.html?$")


class ListingError(ValueError):
    """A page that is not a column listing (no list items under the known selectors)."""

    def __init__(self, url: str, what: str) -> None:
        super().__init__(f"{url}: {what}")
        self.url = url


def parse_listing(text: str, url: str) -> tuple[Link, ...]:
    """The notices a listing page links to, in page order, with absolute URLs and full titles.

    Raises `ListingError` when the page has none of the listing selectors, so a redesign or an
    error page is reported instead of read as "no notices".
    """
    tree = LexborHTMLParser(text)
    items = _items(tree)
    if items is None:
        wanted = ", ".join(ITEM_SELECTORS)
        raise ListingError(url, f"no list items matched ({wanted}); is this a column listing?")
    found: dict[str, Link] = {}
    for item in items:
        link = _link_of(item, url)
        if link is not None and link.url not in found:
            found[link.url] = link
    return tuple(found.values())


def _items(tree: LexborHTMLParser) -> list[LexborNode] | None:
    for selector in ITEM_SELECTORS:
        items = tree.css(selector)
        if items:
            return list(items)
    return None


def _link_of(item: LexborNode, page_url: str) -> Link | None:
    anchor = item.css_first("a[href]")
    if anchor is None:
        return None
    try:
        target = urljoin(page_url, (anchor.attributes.get("href") or "").strip())
        scheme = urlsplit(target).scheme
    except ValueError:  # "http://[abc": urllib refuses the host; no notice lives there
        return None
    if scheme not in ("http", "https"):
        return None
    return Link(url=target, text=_full_title(anchor), published_on=_listed_on(item))


def _full_title(anchor: LexborNode) -> str:
    """The `title` attribute when present: the visible text is cut short with "…"."""
    shown = normalise_inline(anchor.text(deep=True))
    full = normalise_inline(anchor.attributes.get("title") or "")
    if full and (not shown or shown.endswith(_TRUNCATED) or len(full) >= len(shown)):
        return full
    return shown or full


def _listed_on(item: LexborNode) -> date | None:
    stamp = item.css_first("span.time") or item.css_first("span")
    return parse_date(stamp.text(deep=True)) if stamp is not None else None


def posted_on_of(url: str) -> date | None:
    """The date segment of an article URL: when it was posted or migrated, not its own date."""
    match = ARTICLE_PATH.search(urlsplit(url).path)
    if match is None:
        return None
    stamp = match.group("posted")
    try:
        return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
    except ValueError:
        return None


def page_url(first_page: str, number: int) -> str:
    """Page `number` (1-based) of a listing whose first page is `…/index.html`."""
    parts = urlsplit(first_page)
    folder, _, name = parts.path.rpartition("/")
    if not _PAGE_NAME.fullmatch(name or "index.html"):
        raise ValueError(
            f"{first_page}: a listing URL must end in index.html (or the column folder '/') "
            "so that its pages index_2.html, index_3.html, … can be derived"
        )
    page = "index.html" if number <= 1 else f"index_{number}.html"
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/{page}", parts.query, ""))
