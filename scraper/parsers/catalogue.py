"""Catalogue parser: trade / certificate / major lists from tables, HTML lists or numbered lines.

Handles the repeated column-pair layout filled column-major (序号 职业工种名称 ×3), code tables
(序号 / 专业代码 / 专业名称 / 所属类别), name → attribute tables with multi-line cells, one-column
tables, `<ol>/<ul>` lists, numbered lines ("1. 车工", "（1）车工") and a column mapping declared
by the source (`name_column`, ... in its options), which replaces the built-in header patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from scraper.parsers.blocks import block_text
from scraper.parsers.columns import (
    ColumnMapping,
    MappedColumns,
    MappingError,
    column_mapping,
    holds_name_header,
    locate_columns,
    mapped_trade,
    missing_name_header,
)
from scraper.parsers.contract import ParseError
from scraper.parsers.markup import PlainTables
from scraper.parsers.names import in_number_order, serial_number, split_names
from scraper.parsers.page import Page, read_page
from scraper.parsers.tables import Grid, one_line, read_grid
from scraper.records import Catalogue, ParsedDocument, Source, Trade

_NUMBER_HEADER = re.compile(r"^(序号|编号|序)$")
_CODE_HEADER = re.compile(r"代码|编码|代号")
_NAME_HEADER = re.compile(r"名称|工种|职业|证书|资格|专业|名录")
# Last characters a footnote mark can end with; "注1" is found by its 注.
_NUMBERED_LINE = re.compile(r"^(?:(\d{1,4})\s*[.、)]|\((\d{1,4})\))\s*(\S.*)$")
# A trade name is a short phrase; anything with sentence punctuation is prose, not a list item.
_NOT_A_NAME = re.compile(r"[,，。；;:：!?！？]")
_MAX_NAME_LENGTH = 40
_HEADER_SEARCH_ROWS = 3


@dataclass(frozen=True, slots=True)
class _Group:
    """One logical record inside a table row: which columns hold number, name, code, the rest."""

    name: int
    number: int | None
    code: int | None
    attributes: tuple[tuple[int, str], ...]


def _is_name_like(text: str) -> bool:
    return 0 < len(text) <= _MAX_NAME_LENGTH and not _NOT_A_NAME.search(text)


def _header_row(grid: Grid) -> int | None:
    for index, row in enumerate(grid.rows[:_HEADER_SEARCH_ROWS]):
        texts = [one_line(cell) for cell in row]
        if any(_NAME_HEADER.search(t) and len(t) <= 16 for t in texts) and not any(
            t.isdigit() for t in texts
        ):
            return index
    return None


def _groups(header: tuple[str, ...]) -> list[_Group]:
    starts = [i for i, text in enumerate(header) if _NUMBER_HEADER.match(text)]
    if len(starts) < 2:
        starts = [0]
    bounds = [*starts[1:], len(header)]
    groups = []
    for start, end in zip(starts, bounds, strict=True):
        columns = range(start, end)
        number = next((i for i in columns if _NUMBER_HEADER.match(header[i])), None)
        code = next((i for i in columns if _CODE_HEADER.search(header[i])), None)
        name = next(
            (i for i in columns if i not in (number, code) and _NAME_HEADER.search(header[i])), None
        )
        if name is None:
            continue
        rest = tuple((i, header[i]) for i in columns if i not in (number, code, name))
        groups.append(_Group(name=name, number=number, code=code, attributes=rest))
    return groups


def _cell(row: tuple[str, ...], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _trade(row: tuple[str, ...], group: _Group) -> Trade | None:
    # A name broken over lines is one name (PDF-born cells: "造\n价工程师").
    name_text = _cell(row, group.name).replace("\n", "")
    if not name_text:
        return None
    number_text = _cell(row, group.number).replace("\n", " ")
    if number_text and not number_text.isdigit():
        return None
    names = split_names(name_text)
    if names is None:
        return None
    name, aliases = names
    attributes = tuple(
        [
            (label, text.replace("\n", "；"))
            for index, label in group.attributes
            if (text := _cell(row, index))
        ]
    )
    code = _cell(row, group.code).replace("\n", "").replace(" ", "") or None
    return Trade(name, aliases, code, serial_number(number_text), attributes)


def _repeats(row: tuple[str, ...], header: tuple[str, ...]) -> bool:
    """The header row repeated (tables continued over printed pages)."""
    # Record rows differ from the header in their first cell: one comparison settles most.
    if len(row) != len(header) or (row and row[0].replace("\n", " ") != header[0]):
        return False
    return all(one_line(c) == h for c, h in zip(row, header, strict=True))


def _body_rows(grid: Grid, header_index: int, header: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The rows below the header that hold records: no section titles, no repeated header."""
    return [
        row
        for index, row in enumerate(grid.rows[header_index + 1 :], start=header_index + 1)
        if index not in grid.banners and not _repeats(row, header)
    ]


def _trades_from_headed(grid: Grid, header_index: int) -> tuple[list[Trade], tuple[str, ...]]:
    header = tuple(map(one_line, grid.rows[header_index]))
    rows = _body_rows(grid, header_index, header)
    trades = []
    for group in _groups(header):
        for row in rows:
            trade = _trade(row, group)
            if trade is not None:
                trades.append(trade)
    return trades, header


def _trades_from_plain(grid: Grid) -> list[Trade]:
    """A table without a header: one name per row, optionally after a number cell."""
    trades = []
    for row in grid.rows:
        filled = [one_line(cell) for cell in row if cell]
        if len(filled) == 2 and filled[0].isdigit() and _is_name_like(filled[1]):
            if names := split_names(filled[1]):
                name, aliases = names
                trades.append(Trade(name, aliases, number=serial_number(filled[0])))
        elif len(filled) == 1 and _is_name_like(filled[0]):
            trades.extend(_numbered_or_plain(filled[0], None))
        elif filled:
            return []  # not a list-shaped table
    return trades


def _from_tables(
    main: LexborNode, tables: PlainTables
) -> tuple[list[Trade], tuple[str, ...], str | None]:
    trades: list[Trade] = []
    columns: tuple[str, ...] = ()
    caption = None
    for table in main.css("table"):
        grid = read_grid(table, tables)
        header_index = _header_row(grid)
        if header_index is not None:
            found, header = _trades_from_headed(grid, header_index)
            columns = columns or header
        else:
            found = _trades_from_plain(grid)
        if found:
            trades.extend(found)
            caption = caption or grid.caption
    return trades, columns, caption


def _mapped_texts(row: tuple[str, ...], columns: MappedColumns) -> list[str]:
    # A name broken over lines is one name; other multi-line cells keep their lines apart.
    return [c.replace("\n", "" if i == columns.name else "；") for i, c in enumerate(row)]


def _from_mapped_tables(
    main: LexborNode, mapping: ColumnMapping, tables: PlainTables
) -> tuple[list[Trade], tuple[str, ...], str | None]:
    """Trades of the tables whose header carries the declared name column; the others are kept
    only to be named when none does."""
    trades: list[Trade] = []
    columns: tuple[str, ...] = ()
    caption = None
    unmatched: list[list[str]] = []
    for grid in (read_grid(table, tables) for table in main.css("table")):
        texts = [list(map(one_line, row)) for row in grid.rows[:_HEADER_SEARCH_ROWS]]
        at = next((i for i, row in enumerate(texts) if holds_name_header(row, mapping)), None)
        if at is None:
            unmatched.extend(texts[:1])
            continue
        header = tuple(texts[at])
        located = locate_columns(header, mapping)
        columns, caption = columns or header, caption or grid.caption
        for row in _body_rows(grid, at, header):
            trade = mapped_trade(_mapped_texts(row, located), located)
            trades.extend([trade] if trade else [])
    if not columns:
        raise missing_name_header(mapping, unmatched)
    return trades, columns, caption


def _numbered_or_plain(text: str, position: int | None) -> list[Trade]:
    """The trade of a list item or numbered line; none when it names no trade."""
    match = _NUMBERED_LINE.match(text)
    number = position
    if match:
        number = int(match.group(1) or match.group(2))
        text = match.group(3)
    names = split_names(text)
    return [] if names is None else [Trade(name=names[0], aliases=names[1], number=number)]


def _from_lists(main: LexborNode) -> list[Trade]:
    trades: list[Trade] = []
    for listing in main.css("ol, ul"):
        items = [block_text(li).replace("\n", " ") for li in listing.css("li")]
        if len(items) < 2 or not all(_is_name_like(_strip_number(item)) for item in items):
            continue
        first = None
        if listing.tag == "ol":
            first = serial_number((listing.attributes.get("start") or "1").strip()) or 1
        for offset, item in enumerate(items):
            trades.extend(_numbered_or_plain(item, None if first is None else first + offset))
    return trades


def _strip_number(text: str) -> str:
    match = _NUMBERED_LINE.match(text)
    return match.group(3) if match else text


def _from_numbered_lines(text: str) -> list[Trade]:
    """Runs of at least two consecutive numbered lines whose items are names, not sentences."""
    trades: list[Trade] = []
    run: list[str] = []
    for line in [*text.split("\n"), ""]:
        match = _NUMBERED_LINE.match(line)
        if match and _is_name_like(match.group(3)):
            run.append(line)
            continue
        if len(run) >= 2:
            trades.extend(trade for item in run for trade in _numbered_or_plain(item, None))
        run = []
    return trades


def parse_catalogue(page: Page, source: Source, url: str) -> Catalogue:
    """The catalogue held by the page's main content; raises ParseError when there is none, or
    when the source declares a column mapping the page's tables do not carry."""
    try:
        mapping = column_mapping(source)
        if mapping is not None:
            trades, columns, caption = _from_mapped_tables(page.main, mapping, page.tables)
    except MappingError as error:
        raise ParseError(source.id, url, f"column mapping {error} in {page.where}") from None
    if mapping is None:
        trades, columns, caption = _from_tables(page.main, page.tables)
        # Lists and numbered lines are read only when no mapping names a table to read.
        if not trades:
            trades = _from_lists(page.main) or _from_numbered_lines(page.main_text)
    if not trades:
        raise ParseError(source.id, url, f"no catalogue table or list found in {page.where}")
    return Catalogue(
        title=caption or page.meta.title, trades=in_number_order(trades), columns=columns
    )


class CatalogueParser:
    """Registry entry "catalogue"."""

    name = "catalogue"
    version = 1

    def parse(self, text: str, url: str, source: Source) -> ParsedDocument:
        page = read_page(text, url, source)
        return page.document(self, source, url, catalogue=parse_catalogue(page, source, url))
