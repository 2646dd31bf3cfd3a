"""HTML tables as plain grids of normalised cell lines, with colspan/rowspan expanded."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parsers.blocks import block_text, cell_text
from scraper.parsers.markup import PlainTables, plain_table
from scraper.parsers.text import normalise_text

# A span beyond this is a broken attribute, not a layout; clamp it rather than allocate.
_MAX_SPAN = 50
# Comparing lexbor's tag ids spares decoding every child's tag name.
_CELL_TAG_IDS = frozenset(
    node.tag_id for node in LexborHTMLParser("<table><tr><td><th></table>").css("td, th")
)


@dataclass(frozen=True, slots=True)
class Grid:
    caption: str | None
    # Each cell's normalised text, a multi-line cell's lines joined by "\n"; "" for an empty cell.
    rows: tuple[tuple[str, ...], ...]
    # Rows that one cell spans whole: section titles inside the table.
    banners: frozenset[int] = frozenset()


def one_line(cell: str) -> str:
    """A cell's lines joined by spaces: its text as one header or value."""
    return cell.replace("\n", " ")


def _spans(node: LexborNode) -> tuple[int, int]:
    """The cell's (colspan, rowspan)."""
    attributes = node.attributes
    return _span(attributes.get("colspan")), _span(attributes.get("rowspan"))


def _span(value: str | None) -> int:
    raw = (value or "1").strip()
    # isdecimal: what int() reads; isdigit() would pass colspan="²" and crash it.
    return min(max(int(raw), 1), _MAX_SPAN) if raw.isdecimal() else 1


def _own_rows(table: LexborNode) -> list[LexborNode]:
    """The table's rows, not those of tables nested inside its cells."""
    rows = table.css("tr")
    if len(table.css("table")) == 1:  # the match is the table itself: nothing nested
        return rows
    return [row for row in rows if _owner_id(row) == table.mem_id]


def _owner_id(node: LexborNode) -> int | None:
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return None if parent is None else parent.mem_id


def read_grid(table: LexborNode, tables: PlainTables | None = None) -> Grid:
    """Read one `<table>` into a rectangular-ish grid; spanned cells repeat their text.

    `tables` holds the page's tables already read for its text.
    """
    plain = tables.read(table) if tables is not None else plain_table(table)
    if plain is not None and not plain.has_spans:
        if plain.is_normal:
            return Grid(caption=None, rows=plain.rows)
        rows = tuple(tuple(map(normalise_text, row)) for row in plain.rows)
        return Grid(caption=None, rows=rows)
    return _read_nodes(table)


def _plain_text(cell: LexborNode) -> str:
    """`cell_text` of a cell without child elements."""
    return normalise_text(cell.text(deep=True))


def _read_nodes(table: LexborNode) -> Grid:
    # (row, column) filled by an earlier rowspan: the cell's text and which cell it is.
    pending: dict[tuple[int, int], tuple[str, int]] = {}
    rows: list[tuple[str, ...]] = []
    banners: set[int] = set()
    # Reading attributes costs more than the text; most tables span nothing.
    has_spans = table.css_first("[colspan], [rowspan]") is not None
    # Cells holding only text (most tables) are read in one call each, with no layout to do.
    read_text = _plain_text if table.css_first("td *, th *") is None else cell_text
    serial = 0
    for row_index, row in enumerate(_own_rows(table)):
        cells: list[tuple[str, int]] = []
        column = 0
        for node in row.iter():
            if node.tag_id not in _CELL_TAG_IDS:
                continue
            while pending and (row_index, column) in pending:
                cells.append(pending.pop((row_index, column)))
                column += 1
            cell = (read_text(node), serial)
            serial += 1
            colspan, rowspan = _spans(node) if has_spans else (1, 1)
            for offset in range(colspan):
                cells.append(cell)
                for below in range(1, rowspan):
                    pending[(row_index + below, column + offset)] = cell
            column += colspan
        while pending and (row_index, column) in pending:
            cells.append(pending.pop((row_index, column)))
            column += 1
        rows.append(tuple(text for text, _ in cells))
        if len(cells) > 1 and all(which == cells[0][1] for _, which in cells):
            banners.add(row_index)
    caption_node = table.css_first("caption")
    caption = block_text(caption_node).replace("\n", " ") if caption_node is not None else None
    return Grid(caption=caption or None, rows=tuple(rows), banners=frozenset(banners))
