"""XLSX and XLS workbooks read with python-calamine: every sheet becomes one table."""

from __future__ import annotations

import io

from scraper.parsers.attachments.table import Extracted, Table, cell_text, text_of_tables


def extract_workbook(data: bytes, *, kind: str) -> Extracted:
    """Read every sheet of a workbook (calamine reads both the zip and the BIFF formats)."""
    from python_calamine import CalamineWorkbook  # when a workbook is read (see docx.py)

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    tables: list[Table] = []
    for index in range(len(workbook.sheet_names)):
        rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=True)
        table = tuple(tuple(cell_text(value) for value in row) for row in rows)
        if table:
            tables.append(table)
    found = tuple(tables)
    return Extracted(tables=found, text=text_of_tables(found), kind=kind)


def extract_xlsx(data: bytes) -> Extracted:
    return extract_workbook(data, kind="xlsx")
