"""Plain tables — sections, rows and text cells, nothing else — read from their serialised markup.

Most catalogue tables are such grids. lexbor serialises a table in one call, and one pattern over
that markup checks its shape and another yields every cell's text, where walking the nodes from
Python touches each row and cell in turn. Any other table is read node by node by the callers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborNode

from scraper.parsers.text import NEEDS_WORK_CHARS, is_normal_text

# Text directly inside a table, section or row can only be these (HTML moves any other text out
# of the table); the layout keeps it, a grid ignores it.
_GAP = r"[\t\n\f\r ]*+"
# The serialiser writes each attribute as ` name="value"` with `"`, `<` and `>` escaped.
_ATTRIBUTES = r'(?: [^\s"\'<>/=]++(?:="[^"]*+")?+)*+'
_CELL = rf"<t[dh]{_ATTRIBUTES}>[^<]*+</t[dh]>{_GAP}"
_ROW = rf"<tr{_ATTRIBUTES}>{_GAP}(?:{_CELL})*+</tr>{_GAP}"
_SECTION = rf"<(?:tbody|thead|tfoot){_ATTRIBUTES}>{_GAP}(?:{_ROW})*+</(?:tbody|thead|tfoot)>{_GAP}"
_PLAIN_TABLE = re.compile(rf"<table{_ATTRIBUTES}>{_GAP}(?:{_SECTION})*+</table>")
_CELL_TEXT = re.compile(r"<t[dh](?:>| [^>]*+>)([^<]*+)")
_ROW_START = "<tr"
# The commonest shape: no attribute, no whitespace between tags, cells whose text is already
# normal, every row as wide as the first. One match checks all that; cells are then sliced.
_NORMAL_CELL = rf"<t[dh]>[^<&{NEEDS_WORK_CHARS}]*+</t[dh]>"
_NORMAL_CELL_TEXT = re.compile(r"<t[dh]>([^<]*+)")
# Text is serialised with these four escaped; "&amp;" is undone last.
_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&amp;", "&"))


@dataclass(frozen=True, slots=True)
class PlainTable:
    """A table holding only sections, rows and cells of text, as lexbor serialises it."""

    markup: str  # the table's serialised HTML
    rows: tuple[tuple[str, ...], ...]  # each cell's text as the page holds it, not normalised
    # Nothing in the markup is whitespace, width-mapped or escaped: every cell's text is already
    # normal, and no text lies between the table's tags.
    is_normal: bool
    has_spans: bool  # a cell carries a colspan or rowspan attribute
    has_empty_cells: bool = True  # False when every cell is known to hold text


def plain_table(table: LexborNode, markup: str | None = None) -> PlainTable | None:
    """`table` read as a `PlainTable`, or None when it holds anything else (a caption, a comment,
    an element inside a cell, a nested table). `markup` is `table.html`, when already read."""
    if markup is None:
        markup = table.html or ""
    width = markup.count("</t", 0, max(markup.find("</tr>"), 0))
    if width and _normal_table(width).fullmatch(markup):
        return _uniform_table(table, markup, width)
    if _PLAIN_TABLE.fullmatch(markup) is None:
        return None
    escaped = "&" in markup
    rows = tuple(
        tuple(map(_unescape, _CELL_TEXT.findall(chunk)) if escaped else _CELL_TEXT.findall(chunk))
        for chunk in markup.split(_ROW_START)[1:]
    )
    return PlainTable(
        markup=markup,
        rows=rows,
        is_normal=not escaped and is_normal_text(markup),
        # Seen in cell text too, where it only sends the table the slower, exact way.
        has_spans=" colspan=" in markup or " rowspan=" in markup,
    )


def _uniform_table(table: LexborNode, markup: str, width: int) -> PlainTable:
    """A table of normal text whose rows are all `width` cells wide."""
    if "<td></td>" not in markup and "<th></th>" not in markup and "\x00" not in markup:
        # Every cell holds text, so as many text nodes as cells are one per cell: the table's
        # text, read by lexbor in one call, splits into them.
        cells = table.text(deep=True, separator="\x00").split("\x00")
        if len(cells) == markup.count("<tr>") * width:
            rows = tuple(zip(*[iter(cells)] * width, strict=True))
            return PlainTable(markup, rows, is_normal=True, has_spans=False, has_empty_cells=False)
    cells = _NORMAL_CELL_TEXT.findall(markup)
    rows = tuple(zip(*[iter(cells)] * width, strict=True))
    return PlainTable(markup, rows, is_normal=True, has_spans=False)


@lru_cache(maxsize=16)
def _normal_table(width: int) -> re.Pattern[str]:
    row = f"<tr>(?:{_NORMAL_CELL}){{{width}}}</tr>"
    return re.compile(
        f"<table>(?:<(?:tbody|thead|tfoot)>(?:{row})*+</(?:tbody|thead|tfoot)>)*+</table>"
    )


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    for escaped, char in _ESCAPES:
        text = text.replace(escaped, char)
    return text


class PlainTables:
    """The tables inside one container, each read once, for its text and for its grid.

    Keys are lexbor node addresses: valid only while the tree is neither changed nor freed, so
    an instance lives inside one parse call. `markup`, the container's serialised HTML read
    after its last change, serves for its table when it holds only one.
    """

    __slots__ = ("_only", "_read")

    def __init__(self, markup: str | None = None) -> None:
        self._read: dict[int, PlainTable | None] = {}
        self._only = _only_table(markup) if markup is not None else None

    def read(self, table: LexborNode) -> PlainTable | None:
        key = table.mem_id
        if key in self._read:
            return self._read[key]
        found = self._read[key] = plain_table(table, self._only)
        return found


def _only_table(markup: str) -> str | None:
    """The markup of the one table in `markup`, or None when it holds another number of them."""
    if markup.count("<table") != 1:
        return None
    # Sliced to the last "</table>": any text after the table's own end makes the slice
    # no plain table's markup, and the table is then read by nodes.
    return markup[markup.find("<table") : markup.rfind("</table>") + len("</table>")]


def normal_lines(plain: PlainTable) -> str:
    """The normalised text of a table whose `is_normal` holds: one line per row with text."""
    if not plain.has_empty_cells:
        return "\n".join(map(" ".join, plain.rows))
    lines = (" ".join(filter(None, row)) for row in plain.rows)
    return "\n".join(filter(None, lines))


_CELL_START = re.compile(r"<t[dh](?:>| [^>]*+>)")
_OTHER_TAG = re.compile(r"<[^>]*+>")


def laid_out(plain: PlainTable) -> str:
    """The table's raw text as `blocks` lays it out: a line break at each table, section and row
    tag, cells' texts followed by a space, the whitespace between tags kept."""
    cells_closed = plain.markup.replace("</td>", " ").replace("</th>", " ")
    return _unescape(_OTHER_TAG.sub("\n", _CELL_START.sub("", cells_closed)))
