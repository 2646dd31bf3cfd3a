"""Extracted table rows → Catalogue, keyed by the published header names.

Handles repeated column groups (序号 | 名称 × 3, filled column-major), headers repeated on every
PDF page, continuation tables without a header, multi-line cells and "/" alias groups; a column
mapping declared by the source replaces the built-in header names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parsers.attachments.table import Row, Table
from scraper.parsers.columns import (
    ColumnMapping,
    MappedColumns,
    holds_name_header,
    locate_columns,
    mapped_trade,
    missing_name_header,
)
from scraper.parsers.names import in_number_order
from scraper.records import Catalogue, Trade

NUMBER_HEADERS = frozenset({"序号"})
NAME_HEADERS = frozenset(
    {"职业(工种)名称", "职业工种名称", "职业名称", "工种名称", "名称", "专业名称", "证书名称"}
)
CODE_HEADERS = frozenset({"专业代码", "代码"})
OTHER_HEADERS = frozenset({"所属类别", "可聘中级职称", "类别", "备注"})
KNOWN_HEADERS = NUMBER_HEADERS | NAME_HEADERS | CODE_HEADERS | OTHER_HEADERS

_PARENS = str.maketrans("（）", "()")
_INTEGER = re.compile(r"^\d+$")


def clean_cell(text: str) -> str:
    """Join a cell broken over lines ("造\\n价工程师") and drop NBSP/spaces between CJK glyphs."""
    return "".join(text.replace("\u00a0", " ").split())


def header_key(text: str) -> str:
    return clean_cell(text).translate(_PARENS)


@dataclass(frozen=True, slots=True)
class Group:
    """One column group of a header row: where 序号, the name, the code and the rest sit."""

    name: int
    number: int | None
    code: int | None
    others: tuple[tuple[int, str], ...]


def find_groups(row: Row) -> tuple[Group, ...]:
    """Column groups of a header row; empty when the row is not a header."""
    keys = [header_key(cell) for cell in row]
    if sum(key in KNOWN_HEADERS for key in keys) < 2 or not any(k in NAME_HEADERS for k in keys):
        return ()
    starts = [i for i, key in enumerate(keys) if key in NUMBER_HEADERS] or [0]
    bounds = [*starts[1:], len(keys)]
    groups: list[Group] = []
    for start, end in zip(starts, bounds, strict=True):
        span = range(start, end)
        names = [i for i in span if keys[i] in NAME_HEADERS]
        if not names:
            continue
        number = next((i for i in span if keys[i] in NUMBER_HEADERS), None)
        code = next((i for i in span if keys[i] in CODE_HEADERS), None)
        others = tuple((i, keys[i]) for i in span if keys[i] and i not in (names[0], number, code))
        groups.append(Group(name=names[0], number=number, code=code, others=others))
    return tuple(groups)


def _cell(row: Row, index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return clean_cell(row[index])


def trade_from_row(row: Row, group: Group) -> Trade | None:
    name_cell = _cell(row, group.name)
    if not name_cell:
        return None
    names = [part for part in name_cell.split("/") if part]
    if not names:  # a cell of separators only ("/") names no trade
        return None
    number_cell = _cell(row, group.number)
    attributes = tuple((key, _cell(row, i)) for i, key in group.others if _cell(row, i))
    return Trade(
        name=names[0],
        aliases=tuple(names[1:]),
        code=_cell(row, group.code) or None,
        number=int(number_cell) if _INTEGER.match(number_cell) else None,
        attributes=attributes,
    )


def _title_of(table: Table, header_at: int) -> str | None:
    """The title row a sheet carries above its header (a merged cell: one non-empty text)."""
    for row in table[:header_at]:
        texts = [clean_cell(c) for c in row if clean_cell(c)]
        if len(texts) == 1 and not _INTEGER.match(texts[0]):
            return texts[0]
    return None


def catalogue_from_tables(
    tables: tuple[Table, ...], *, title: str | None = None, mapping: ColumnMapping | None = None
) -> Catalogue:
    """All trades of all tables, in 序号 order when every row has one; empty when no header.

    With a `mapping`, only its headers are recognised and MappingError (from
    scraper.parsers.catalogue) names a declared header no table carries.
    """
    if mapping is not None:
        return _mapped_catalogue(tables, title, mapping)
    groups: tuple[Group, ...] = ()
    columns: tuple[str, ...] = ()
    found_title = title
    trades: list[Trade] = []
    for table in tables:
        for at, row in enumerate(table):
            header = find_groups(row)
            if header:
                groups = header
                columns = columns or tuple(clean_cell(c) for c in row if clean_cell(c))
                found_title = found_title or _title_of(table, at)
                continue
            for group in groups:
                trade = trade_from_row(row, group)
                if trade is not None:
                    trades.append(trade)
    return Catalogue(title=found_title, trades=in_number_order(trades), columns=columns)


def _mapped_catalogue(
    tables: tuple[Table, ...], title: str | None, mapping: ColumnMapping
) -> Catalogue:
    # Continuation tables (PDF pages without a header) are read with the last header seen.
    located: MappedColumns | None = None
    columns: tuple[str, ...] = ()
    found_title = title
    trades: list[Trade] = []
    for table in tables:
        for at, row in enumerate(table):
            cells = tuple(clean_cell(c) for c in row)
            if holds_name_header(cells, mapping):
                located = locate_columns(cells, mapping)
                columns = columns or tuple(c for c in cells if c)
                found_title = found_title or _title_of(table, at)
            elif located is not None and (trade := mapped_trade(cells, located)) is not None:
                trades.append(trade)
    if located is None:
        raise missing_name_header(mapping, [table[0] for table in tables if table])
    return Catalogue(title=found_title, trades=in_number_order(trades), columns=columns)
