"""What an extractor hands on: the tables and plain text found in one attachment."""

from __future__ import annotations

from dataclasses import dataclass

Row = tuple[str, ...]
Table = tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Extracted:
    """Tables (rows of cell texts, as published) and text lines of one file."""

    tables: tuple[Table, ...]
    text: str
    kind: str  # "xlsx" | "xls" | "pdf" | "docx"


def cell_text(value: object) -> str:
    """A spreadsheet cell as text; whole floats lose the ".0" a number format gives them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_of_tables(tables: tuple[Table, ...]) -> str:
    """Tables as text lines, the evidence kept for the text diff."""
    lines = [" | ".join(c.strip() for c in row) for table in tables for row in table]
    return "\n".join(line for line in lines if line.strip(" |"))
