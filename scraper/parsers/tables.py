"""HTML tables as plain grids of normalised cell lines, with colspan/rowspan expanded."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from scraper.parsers.blocks import block_text

# A span beyond this is a broken attribute, not a layout; clamp it rather than allocate.
_MAX_SPAN = 50


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


def _span(node: LexborNode, name: str) -> int:
    raw = (node.attributes.get(name) or "1").strip()
    return min(max(int(raw), 1), _MAX_SPAN) if raw.isdigit() else 1


def _own_rows(table: LexborNode) -> list[LexborNode]:
    """The table's rows, not those of tables nested inside its cells."""
    return [row for row in table.css("tr") if _owner_id(row) == table.mem_id]


def _owner_id(node: LexborNode) -> int | None:
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return None if parent is None else parent.mem_id


def read_grid(table: LexborNode) -> Grid:
    """Read one `<table>` into a rectangular-ish grid; spanned cells repeat their text."""
    pending: dict[tuple[int, int], Cell] = {}  # (row, column) filled by an earlier rowspan
    rows: list[tuple[Cell, ...]] = []
    for row_index, row in enumerate(_own_rows(table)):
        cells: list[Cell] = []
        column = 0
        for node in row.iter():
            if node.tag not in ("td", "th"):
                continue
            while (row_index, column) in pending:
                cells.append(pending.pop((row_index, column)))
                column += 1
            text = block_text(node)
            cell = Cell(tuple(text.split("\n")) if text else ())
            for offset in range(_span(node, "colspan")):
                cells.append(cell)
                for below in range(1, _span(node, "rowspan")):
                    pending[(row_index + below, column + offset)] = cell
            column += _span(node, "colspan")
        while (row_index, column) in pending:
            cells.append(pending.pop((row_index, column)))
            column += 1
        rows.append(tuple(cells))
    caption_node = table.css_first("caption")
    caption = block_text(caption_node).replace("\n", " ") if caption_node is not None else None
    return Grid(caption=caption or None, rows=tuple(rows))
