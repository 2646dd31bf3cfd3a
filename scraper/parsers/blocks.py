"""Text of an HTML subtree laid out as the reader sees it: one paragraph, row or item per line."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from scraper.parsers.markup import PlainTables, laid_out, normal_lines, plain_table
from scraper.parsers.text import has_visible_text, normalise_text

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
_SILENT_ELEMENTS = "script, style, noscript, template, head"
# Every element serialises as "<name" in lower case; "<" in text and attribute values is escaped.
_SILENT_MARK = re.compile(r"<(?:script|style|noscript|template|head)[\s/>]")


def has_text(node: LexborNode, markup: str | None = None) -> bool:
    """Whether `block_text(node)` is non-empty, mostly without laying the text out.

    `markup`, the serialised `node` when the caller has it, is searched for silent elements.
    """
    # All text, silent elements' included, is a superset of the visible text; comments are in
    # neither. Only when silent elements are present must the visible text be laid out.
    if not has_visible_text(node.text(deep=True)):
        return False
    if markup is not None and _SILENT_MARK.search(markup) is None:
        return True
    return node.css_first(_SILENT_ELEMENTS) is None or bool(block_text(node))


def block_text(node: LexborNode, tables: PlainTables | None = None) -> str:
    """Normalised text of `node`, blocks and `<br>` becoming line breaks.

    `tables` shares the reading of plain tables with later readers of the same tree.
    """
    only = _only_text_child(node)
    if only is not None:
        # Most table cells hold one run of text: nothing to lay out.
        return normalise_text(only) if node.tag not in _SILENT_TAGS else ""
    return _normalised(_laid_out(node, tables))


def cell_text(cell: LexborNode, tables: PlainTables | None = None) -> str:
    """`block_text` of a `<td>` or `<th>`, which is never a silent element."""
    only = _only_text_child(cell)
    return normalise_text(only) if only is not None else _normalised(_laid_out(cell, tables))


def _only_text_child(node: LexborNode) -> str | None:
    first = node.first_child
    if first is None or first.next is not None or not first.is_text_node:
        return None
    return first.text_content or ""


def _normalised(runs: list[str]) -> str:
    if len(runs) == 1:
        return normalise_text(runs[0])
    # Normalising works line by line and runs meet at line breaks: each run is normalised alone.
    texts = (run if index % 2 else normalise_text(run) for index, run in enumerate(runs))
    return "\n".join(filter(None, texts))


def _laid_out(node: LexborNode, tables: PlainTables | None) -> list[str]:
    """The laid-out text of `node` in runs: raw text, then text already normal (the rows of a
    plain table), alternately, beginning and ending with a raw run."""
    runs: list[str] = []
    pieces: list[str] = []
    # Depth-first with an explicit stack: deep government-CMS nesting must not hit recursion limits.
    # An entry is a node to open, or the separator its closing tag leaves behind.
    stack: list[LexborNode | str] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            pieces.append(current)
            continue
        tag = current.tag or ""
        if tag == "-text":
            pieces.append(current.text_content or "")
            continue
        if tag == "br":
            pieces.append("\n")
            continue
        if tag in _SILENT_TAGS:
            continue
        if tag == "table":
            plain = tables.read(current) if tables is not None else plain_table(current)
            if plain is not None and plain.is_normal:
                # A table starts and ends a line: the runs meet at line breaks.
                runs.extend(("".join(pieces), normal_lines(plain)))
                pieces = []
                continue
            if plain is not None:
                pieces.append(laid_out(plain))
                continue
        is_block = tag in BLOCK_TAGS
        closing = "\n" if is_block else " " if tag in _CELL_TAGS else ""
        if is_block:
            pieces.append("\n")
        only = _only_text_child(current)
        if only is not None:
            pieces.append(only)
            pieces.append(closing)
            continue
        if closing:
            stack.append(closing)
        children = list(current.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    runs.append("".join(pieces))
    return runs
