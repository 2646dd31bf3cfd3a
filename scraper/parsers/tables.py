"""HTML tables as plain grids of normalised cell lines, with colspan/rowspan expanded."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parsers.blocks import block_text, cell_text
from scraper.parsers.text import normalise_text

# A span beyond this is a broken attribute, not a layout; clamp it rather than allocate.
_MAX_SPAN = 50
# Comparing lexbor's tag ids spares decoding every child's tag name.
_CELL_TAG_IDS = frozenset(
    node.tag_id for node in LexborHTMLParser("<table><tr><td><th></table>").css("td, th")
)


@dataclass(frozen=True, slots=True)
class Cell:
    lines: tuple[str, ...]  # the cell's text, one entry per visual line

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines


@dataclass(frozen=True, slots=True)
class Grid:
    caption: str | None
    rows: tuple[tuple[Cell, ...], ...]


def _spans(node: LexborNode) -> tuple[int, int]:
    """The cell's (colspan, rowspan)."""
    attributes = node.attributes
    return _span(attributes.get("colspan")), _span(attributes.get("rowspan"))


def _span(value: str | None) -> int:
    raw = (value or "1").strip()
    return min(max(int(raw), 1), _MAX_SPAN) if raw.isdigit() else 1


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


def _plain_text(cell: LexborNode) -> str:
    """`cell_text` of a cell without child elements."""
    return normalise_text(cell.text(deep=True))


def read_grid(table: LexborNode) -> Grid:
    """Read one `<table>` into a rectangular-ish grid; spanned cells repeat their text."""
    pending: dict[tuple[int, int], Cell] = {}  # (row, column) filled by an earlier rowspan
    rows: list[tuple[Cell, ...]] = []
    # Reading attributes costs more than the text; most tables span nothing.
    has_spans = table.css_first("[colspan], [rowspan]") is not None
    # Cells holding only text (most tables) are read in one call each, with no layout to do.
    read_text = _plain_text if table.css_first("td *, th *") is None else cell_text
    for row_index, row in enumerate(_own_rows(table)):
        cells: list[Cell] = []
        column = 0
        for node in row.iter():
            if node.tag_id not in _CELL_TAG_IDS:
                continue
            while pending and (row_index, column) in pending:
                cells.append(pending.pop((row_index, column)))
                column += 1
            text = read_text(node)
            cell = Cell(tuple(text.split("\n")) if "\n" in text else (text,) if text else ())
            colspan, rowspan = _spans(node) if has_spans else (1, 1)
            for offset in range(colspan):
                cells.append(cell)
                for below in range(1, rowspan):
                    pending[(row_index + below, column + offset)] = cell
            column += colspan
        while pending and (row_index, column) in pending:
            cells.append(pending.pop((row_index, column)))
            column += 1
        rows.append(tuple(cells))
    caption_node = table.css_first("caption")
    caption = block_text(caption_node).replace("\n", " ") if caption_node is not None else None
    return Grid(caption=caption or None, rows=tuple(rows))
