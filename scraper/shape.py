"""How deep a page's markup nests and how many elements it opens, read from its tags alone
before any parser sees it.

lexbor's parse time grows with the square of the nesting depth: 100,000 nested `<div>`s (1 MB)
take 15-22 s, 200,000 take minutes. No official page nests deeper than a few dozen levels or
holds more than some tens of thousands of elements, so a page past the limits is refused
before it is parsed.

The depth is that of the tree HTML would build, as far as tags tell: void elements (`<br>`) do
not nest, the contents of `<script>`, `<style>`, `<textarea>` and `<title>` and of comments are
text, an end tag closes up to its start tag (one with no open start tag is ignored), and a
`<p>`, `<li>`, `<td>`, `<tr>`, … closes an open one of its kind nearby, as HTML's implied end
tags do. Two passes, the first cheap:
1. a bound: per tag name, the most elements of that name open at once (end tags never taking
   the count below zero); their sum is never less than the depth. Most pages end here.
2. when the bound passes the limit: the stack of open elements, tag by tag.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import cast

MAX_DEPTH = 512
MAX_ELEMENTS = 200_000

# Raw text and comments, each to its end or to the end of the page (never a failed match that
# rescans the rest of the page: that would be quadratic in the number of openers).
_TEXT_ONLY = re.compile(
    r"<(script|style|textarea|title|xmp)\b(?:[^<]++|<(?!/\1))*+(?:</\1|\Z)"
    r"|<!--(?:[^-]++|-(?!->))*+(?:-->|\Z)",
    re.IGNORECASE,
)
# A start or end tag as HTML tokenises it: a quoted attribute value may hold `<` and `>`.
_TAG = re.compile(r"""<(/?)([a-z][^\s/<>]*+)((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)>""", re.IGNORECASE)
# Pages up to this size have their tags listed at once (the fastest way); bigger ones are read
# tag by tag, so that a hostile one stops at the limit instead of being listed whole.
_LIST_UP_TO = 256 * 1024
_START = re.compile(r"<[A-Za-z]")
Tag = tuple[str, str, str]  # "/" or "", the name, the attributes as written
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr", "keygen", "command", "basefont", "bgsound", "frame", "image")
)  # fmt: skip
_VOID_AS_WRITTEN = _VOID | {name.upper() for name in _VOID}  # <BR> on old pages
_FOREIGN = frozenset(("svg", "math"))  # inside them `<x/>` does close itself
# A start tag of one of these closes an open element of the same group within the last few
# levels (an unclosed <li> before the next <li>, <td> before <td>, <tr> before <tr>).
_SIBLINGS = {
    **dict.fromkeys(("td", "th"), "cell"),
    **dict.fromkeys(("dt", "dd"), "term"),
    **dict.fromkeys(("rb", "rt", "rp"), "ruby"),
    **{name: name for name in ("p", "li", "tr", "option", "optgroup", "thead", "tbody", "tfoot")},
}
_SIBLING_REACH = 8
# Block starts close an open <p> right above them.
_CLOSES_P = frozenset(
    ("address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form", "h1",
     "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section",
     "table", "ul")
)  # fmt: skip


class ShapeProblem(StrEnum):
    TOO_DEEP = "markup_too_deep"
    TOO_MANY_ELEMENTS = "markup_too_many_elements"


@dataclass(frozen=True, slots=True)
class MarkupShape:
    depth: int  # the nesting depth, or a bound no less than it; past the limit, where it stopped
    elements: int  # start tags
    problem: ShapeProblem | None = None

    def describe(self) -> str:
        return f"nesting depth {self.depth}, {self.elements} elements"


def markup_shape(
    text: str, *, max_depth: int = MAX_DEPTH, max_elements: int = MAX_ELEMENTS
) -> MarkupShape:
    """The shape of `text`'s markup, with the first limit it passes (None when within both)."""
    if text.count("<") <= min(max_depth, max_elements):
        return MarkupShape(depth=0, elements=0)  # too few tags to pass either limit
    # Counted in C first: a page of a million flat tags is refused without a Python loop (a
    # start tag inside a script counts too, which only ever overstates).
    elements = len(_START.findall(text))
    if elements > max_elements:
        return MarkupShape(0, elements, ShapeProblem.TOO_MANY_ELEMENTS)
    markup = _TEXT_ONLY.sub("", text)
    later: Iterable[Tag]
    if len(markup) <= _LIST_UP_TO:
        tags: list[Tag] = _TAG.findall(markup)
        bound, later = _depth_bound(tags, max_depth), tags
    else:
        # Every group of _TAG takes part in every match: the groups are three strings.
        rest: Iterator[Tag] = (cast(Tag, tag.groups()) for tag in _TAG.finditer(markup))
        seen: list[Tag] = []
        bound = _depth_bound(_kept(rest, seen), max_depth)
        later = itertools.chain(seen, rest)
    if bound <= max_depth:
        return MarkupShape(bound, elements)
    depth = _scan_depth(later, max_depth)
    problem = ShapeProblem.TOO_DEEP if depth > max_depth else None
    return MarkupShape(depth, elements, problem)


def _kept(tags: Iterator[Tag], seen: list[Tag]) -> Iterator[Tag]:
    for tag in tags:
        seen.append(tag)
        yield tag


def _depth_bound(tags: Iterable[Tag], max_depth: int) -> int:
    """Σ over tag names of the most elements of that name open at once; stops past the limit.

    Names are taken as written: `<DIV>` and `</div>` count apart, which can only raise the
    bound (the second pass, which folds case, then decides)."""
    open_now: dict[str, int] = {}
    most: dict[str, int] = {}
    bound = 0
    for closing, name, _ in tags:
        count = open_now.get(name, 0)
        if closing:
            if count:
                open_now[name] = count - 1
        elif name not in _VOID_AS_WRITTEN:
            open_now[name] = count = count + 1
            if count > most.get(name, 0):
                most[name] = count
                bound += 1
                if bound > max_depth:
                    break
    return bound


def _scan_depth(tags: Iterable[Tag], max_depth: int) -> int:
    """The deepest nesting of the open elements, tag by tag; stops past the limit."""
    tree = _OpenElements()
    deepest = 0
    for closing, written, rest in tags:
        name = written.lower()
        if closing:
            tree.close(name)
        elif not (name in _VOID or (tree.is_foreign and rest.endswith("/"))):
            deepest = max(deepest, tree.open(name))
            if deepest > max_depth:
                break
    return deepest


class _OpenElements:
    """The stack of open elements. It never holds more than the depth limit (the scan stops
    there), so every search in it is bounded."""

    def __init__(self) -> None:
        self._stack: list[str] = []
        self._foreign = 0  # open <svg> and <math>

    @property
    def is_foreign(self) -> bool:
        return self._foreign > 0

    def open(self, name: str) -> int:
        """Open `name`; returns the depth it opened at."""
        stack = self._stack
        group = _SIBLINGS.get(name)
        if group is not None:
            for back in range(len(stack) - 1, max(-1, len(stack) - 1 - _SIBLING_REACH), -1):
                if _SIBLINGS.get(stack[back]) == group:
                    self._truncate(back)
                    break
        elif name in _CLOSES_P and stack and stack[-1] == "p":
            self._truncate(len(stack) - 1)
        stack.append(name)
        self._foreign += name in _FOREIGN
        return len(stack)

    def close(self, name: str) -> None:
        """Close up to the nearest open `name`; an end tag with no start tag is ignored."""
        for back in range(len(self._stack) - 1, -1, -1):
            if self._stack[back] == name:
                self._truncate(back)
                return

    def _truncate(self, at: int) -> None:
        self._foreign -= sum(name in _FOREIGN for name in self._stack[at:])
        del self._stack[at:]
