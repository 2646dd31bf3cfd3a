"""Site chrome below a page's main content: scripts, navigation, sharing widgets, visit counters.

Removed before the main text is read. The content's serialised markup, when the caller has it,
shows which kinds of chrome it cannot hold, and those are not searched for node by node.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from scraper.parsers.text import normalise_inline

_CHROME_TAG_NAMES = (
    "script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside",
    "form", "button", "select", "input", "textarea", "object", "embed",
)  # fmt: skip
_CHROME_TAGS = ", ".join(_CHROME_TAG_NAMES)
# Class/id words that mark widgets around an article: sharing, counters, breadcrumbs, menus.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_\s])(share|bdshare|jiathis|breadcrumbs?|crumbs?|comments?|counter|visits?|hits"
    r"|views|toolbar|sidebar|navbar|nav|menu|topbar|login|qrcode|related|recommend)(?:$|[-_\s])",
    re.I,
)
# Visit counters change on every fetch; they must never reach the text that is diffed.
# "[^\S\n]" keeps a match on one line, so the pattern runs once over a whole multi-line text;
# "(?<!\d)" spares retrying inside long numbers (codes), where no match can start.
COUNTER = re.compile(
    r"(?:人气|阅读次数|浏览次数|点击数|点击量|浏览量|访问量|阅读量|访问次数|点击率)"
    r"[^\S\n]*[:：]?[^\S\n]*\d*[^\S\n]*次?"
    r"|(?<!\d)\d+[^\S\n]*次?[^\S\n]*(?:浏览|阅读)(?![\u4e00-\u9fff])"
)
_COUNTER_MAX_CHARS = 40
# Every counter match holds one of these words; a text without them is not scanned.
COUNTER_WORDS = ("人气", "阅读", "浏览", "点击", "访问")
# Normalising drops these; between a counter word's characters they hide it from a plain search.
_DROPPED_CHARS = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_COUNTER_TAGS = "span, em, i, small, font, li, p, div"

# What the markup of an element below the root shows when chrome may be there. The serialiser
# writes every element as "<name", these names and attribute names in lower case (the parser
# lowers them), and escapes "<" in text and attribute values, so these never miss; a match in a
# comment or a script's text only costs the search by nodes.
_CHROME_TAG_MARK = re.compile(rf"<(?:{'|'.join(_CHROME_TAG_NAMES)})[\s/>]")
_CLASS_OR_ID_MARK = re.compile(r" (?:class|id)=")


def strip_chrome(root: LexborNode, markup: str | None = None) -> bool:
    """Remove scripts, navigation, sharing widgets and visit counters below `root`; True when
    anything was removed. `markup` is `root.html`, when the caller has read it."""
    # The root's own start tag ends at the markup's first ">": it is never removed.
    below = -1 if markup is None else markup.find(">") + 1
    removed = False
    if below < 0 or _CHROME_TAG_MARK.search(markup or "", below):
        removed |= _remove(root, root.css(_CHROME_TAGS))
    if below < 0 or _CLASS_OR_ID_MARK.search(markup or "", below):
        removed |= _remove(root, [node for node in root.css("[class], [id]") if _is_chrome(node)])
    # The markup holds all the text, and more: a counter word missing from it is missing.
    if may_hold_counter(root.text(deep=True) if markup is None else markup):
        counters = root.css(_COUNTER_TAGS)
        removed |= _remove(root, [node for node in counters if COUNTER.fullmatch(_inline(node))])
    return removed


def may_hold_counter(text: str) -> bool:
    """False when no part of `text`, normalised, can hold a visit counter."""
    return any(word in text for word in COUNTER_WORDS) or any(c in text for c in _DROPPED_CHARS)


def _is_chrome(node: LexborNode) -> bool:
    marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    return bool(_CHROME_WORDS.search(marks))


def _inline(node: LexborNode) -> str:
    raw = node.text(deep=True)
    # Counters are a few characters; skipping long blocks keeps this linear on deep pages.
    return normalise_inline(raw) if len(raw) <= _COUNTER_MAX_CHARS else "-"


def _remove(root: LexborNode, nodes: list[LexborNode]) -> bool:
    """Decompose the outermost of `nodes`, their descendants with them; False when none was.

    Ancestry is settled before anything is freed: touching a node whose ancestor was already
    decomposed would read freed memory.
    """
    chosen = {node.mem_id for node in nodes if node.mem_id != root.mem_id and node.tag != "table"}
    outermost = [
        node for node in nodes if node.mem_id in chosen and not _has_ancestor(node, chosen)
    ]
    for node in outermost:
        node.decompose()
    return bool(outermost)


def _has_ancestor(node: LexborNode, ids: set[int]) -> bool:
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.mem_id in ids:
            return True
        ancestor = ancestor.parent
    return False
