"""Word (.docx) documents read with python-docx: tables as rows, paragraphs as text.

python-docx (with lxml) is imported when a Word file is read, not with the parsers: every check
and every command would pay for it, and almost none reads one.
"""

from __future__ import annotations

import io

from scraper.parsers.attachments.table import Extracted, Table


def extract_docx(data: bytes) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(data))
    tables: list[Table] = []
    for table in document.tables:
        rows = tuple(tuple(cell.text for cell in row.cells) for row in table.rows)
        if rows:
            tables.append(rows)
    paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    return Extracted(tables=tuple(tables), text="\n".join(paragraphs), kind="docx")


def docx_paragraphs(data: bytes) -> tuple[str, ...]:
    """The paragraphs of a Word document, in order: a rule document's running text."""
    import docx

    document = docx.Document(io.BytesIO(data))
    return tuple(p.text for p in document.paragraphs)
