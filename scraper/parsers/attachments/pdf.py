"""PDF attachments read with pdfplumber: ruled tables first, text lines when there are none.

pdfplumber is imported when a PDF is read, not with the parsers (see docx.py).
"""

from __future__ import annotations

import io
import re

from scraper.parsers.attachments.table import Extracted, Row, Table

_NUMBERED = re.compile(r"^\d+$")


def extract_pdf(data: bytes) -> Extracted:
    import pdfplumber

    tables: list[Table] = []
    lines: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for found in page.extract_tables():
                rows = tuple(tuple(cell or "" for cell in row) for row in found)
                if rows:
                    tables.append(rows)
            lines.extend(line.strip() for line in (page.extract_text() or "").splitlines())
    kept = [line for line in lines if line]
    if not tables and kept:
        tables.append(rows_from_lines(kept))
    return Extracted(tables=tuple(tables), text="\n".join(kept), kind="pdf")


def rows_from_lines(lines: list[str]) -> Table:
    """Split text lines on spaces into cells.

    A line that is a lone fragment (no 序号, one cell) is the start of a name the PDF broke over
    two lines (造 / 价工程师): it is prefixed to the name cell of the next numbered line.
    """
    rows: list[Row] = []
    pending = ""
    for line in lines:
        cells = line.split()
        if len(cells) == 1 and not _NUMBERED.match(cells[0]) and rows:
            pending += cells[0]
            continue
        if pending and len(cells) >= 2 and _NUMBERED.match(cells[0]):
            cells[1] = pending + cells[1]
            pending = ""
        rows.append(tuple(cells))
    return tuple(rows)


def pdf_page_lines(data: bytes) -> tuple[tuple[str, ...], ...]:
    """The text lines of each page, in reading order: a rule document's running text."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return tuple(tuple((page.extract_text() or "").splitlines()) for page in pdf.pages)
