"""Make scraped text safe for XML feeds and readers: XML-legal characters, allowlisted HTML,
http(s) links only. Escaping is not sanitising: some readers render entry HTML as is.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

# XML 1.0 forbids these even as character references; lxml refuses them outright.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

ALLOWED_TAGS = frozenset(
    {
        "a",
        "p",
        "ul",
        "ol",
        "li",
        "br",
        "b",
        "strong",
        "i",
        "em",
        "code",
        "pre",
        "del",
        "ins",
        "span",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "h3",
        "h4",
        "blockquote",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}}
# Removed together with their content: their text is code or chrome, never evidence.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript"})
SAFE_SCHEMES = frozenset({"http", "https"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(SAFE_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    # A relative link in a feed resolves against the reader, not the official site.
    url_relative="deny",
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
_MAX_MARKUP_PASSES = 4


def clean_text(text: str) -> str:
    """`text` with XML-illegal characters removed and lone surrogates replaced by U+FFFD."""
    # Round-trip through UTF-16 joins valid surrogate pairs and replaces the lone ones.
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _XML_ILLEGAL.sub("", text)


def plain_text(text: str) -> str:
    """Scraped text as plain text: XML-legal, with any markup in it removed, not just escaped.

    Titles and summaries reach readers that render them as HTML, so tags must not survive even
    as escaped text; entity-encoded tags ("&lt;script&gt;") are unwrapped and removed too.
    """
    value = clean_text(text)
    for _ in range(_MAX_MARKUP_PASSES):
        if "<" not in value and "&" not in value:
            break
        stripped = html.unescape(_TEXT_CLEANER.clean(value))
        if stripped == value:
            break
        value = stripped
    return clean_text(value)


def clean_html(fragment: str) -> str:
    """An HTML fragment reduced to the allowlist: no script/style/iframe, no on*, http(s) links."""
    return _CLEANER.clean(clean_text(fragment))


def safe_url(url: str) -> str | None:
    """`url` when it is an absolute http(s) URL without control characters, else None."""
    candidate = clean_text(url).strip()
    if not candidate or any(ch.isspace() or ord(ch) < 0x20 for ch in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return candidate
