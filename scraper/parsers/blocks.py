"""Text of an HTML subtree laid out as the reader sees it: one paragraph, row or item per line."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.parsers.text import normalise_text

# Elements that start a new visual line; table cells only add a space between their texts.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead",
        "tfoot", "tr", "ul", "title", "body", "html",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_SILENT_TAGS = frozenset({"script", "style", "noscript", "template", "-comment", "head"})


def block_text(node: LexborNode) -> str:
    """Normalised text of `node`, blocks and `<br>` becoming line breaks."""
    pieces: list[str] = []
    # Depth-first with an explicit stack: deep government-CMS nesting must not hit recursion limits.
    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        current, closing = stack.pop()
        tag = current.tag or ""
        if closing:
            pieces.append("\n" if tag in BLOCK_TAGS else " ")
            continue
        if tag == "-text":
            pieces.append(current.text_content or "")
            continue
        if tag == "br":
            pieces.append("\n")
            continue
        if tag in _SILENT_TAGS:
            continue
        if tag in BLOCK_TAGS:
            pieces.append("\n")
        if tag in BLOCK_TAGS or tag in _CELL_TAGS:
            stack.append((current, True))
        stack.extend((child, False) for child in reversed(list(current.iter(include_text=True))))
    return normalise_text("".join(pieces))
