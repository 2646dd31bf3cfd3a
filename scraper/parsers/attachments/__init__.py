"""Attachments (XLS/XLSX/PDF/DOCX/DOC) → ParsedDocument with a Catalogue.

The file type is decided by magic bytes first, the file name second; the content type is only
reported, since servers label attachments as application/octet-stream more often than not.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from io import BytesIO

from scraper.parsers.attachments.doc import extract_doc
from scraper.parsers.attachments.docx import extract_docx
from scraper.parsers.attachments.errors import AttachmentError, UnsupportedAttachment
from scraper.parsers.attachments.glyphs import check_glyphs
from scraper.parsers.attachments.pdf import extract_pdf
from scraper.parsers.attachments.rows import catalogue_from_tables
from scraper.parsers.attachments.table import Extracted
from scraper.parsers.attachments.xls import extract_xls
from scraper.parsers.attachments.xlsx import extract_xlsx
from scraper.parsers.columns import MappingError, column_mapping
from scraper.records import Catalogue, DocumentMeta, ParsedDocument, Source

__all__ = [
    "PARSER_NAME",
    "PARSER_VERSION",
    "AttachmentError",
    "UnsupportedAttachment",
    "detect_kind",
    "parse_attachment",
]

PARSER_NAME = "attachment"
PARSER_VERSION = 1

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_EXTENSIONS = {".xlsx": "xlsx", ".xls": "xls", ".pdf": "pdf", ".docx": "docx", ".doc": "doc"}


def _zip_kind(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def _ole_kind(data: bytes) -> str | None:
    # OLE directory entries hold stream names in UTF-16LE: Excel has "Workbook" (or "Book").
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    return None


def detect_kind(data: bytes, filename: str) -> str | None:
    """ "xlsx" | "xls" | "pdf" | "docx" | "doc", or None when neither bytes nor name tell."""
    head = data[:1024]
    kind: str | None = None
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    elif data.startswith(_OLE_MAGIC):
        kind = _ole_kind(data)
    elif b"%PDF-" in head:
        kind = "pdf"
    if kind is None:
        lowered = filename.lower()
        kind = next((k for ext, k in _EXTENSIONS.items() if lowered.endswith(ext)), None)
    return kind


_EXTRACTORS: dict[str, Callable[[bytes], Extracted]] = {
    "xlsx": extract_xlsx,
    "xls": extract_xls,
    "pdf": extract_pdf,
    "docx": extract_docx,
}


def parse_attachment(
    data: bytes,
    *,
    filename: str,
    content_type: str,
    source: Source,
    url: str,
    title: str | None = None,
    known_names: Iterable[str] = (),
) -> ParsedDocument:
    """Read one attachment into a document whose catalogue comes from its tables.

    `title` is the link text of the article (attachment file names carry none); `known_names`
    are trade names already on record, against which PDF glyph errors are checked.
    """
    kind = detect_kind(data, filename)
    if kind is None:
        label = content_type or "no content type"
        what = f"attachment {filename!r} ({label}) is none of XLS/XLSX/PDF/DOC/DOCX"
        raise UnsupportedAttachment(source.id, url, what)
    if kind == "doc":
        extract_doc(data, source_id=source.id, url=url)
    try:
        extracted = _EXTRACTORS[kind](data)
    except AttachmentError:
        raise
    except Exception as error:  # the readers raise assorted types on corrupt files
        what = f"{kind} attachment {filename!r} could not be read ({error}); check the file"
        raise AttachmentError(source.id, url, what) from error
    try:
        mapping = column_mapping(source)
        catalogue = catalogue_from_tables(extracted.tables, title=title, mapping=mapping)
    except MappingError as error:
        what = f"{kind} attachment {filename!r}: column mapping {error}"
        raise AttachmentError(source.id, url, what) from None
    if kind == "pdf":
        catalogue = _checked(catalogue, tuple(known_names))
    if mapping is not None and not catalogue.trades:
        what = f"{kind} attachment {filename!r} has the mapped header but no named rows"
        raise AttachmentError(source.id, url, what)
    if not catalogue.trades and not extracted.text.strip():
        raise AttachmentError(source.id, url, f"{kind} attachment {filename!r} holds no text")
    return ParsedDocument(
        source_id=source.id,
        url=url,
        parser=PARSER_NAME,
        parser_version=PARSER_VERSION,
        meta=DocumentMeta(title=catalogue.title),
        main_text=extracted.text,
        catalogue=catalogue if catalogue.trades else None,
    )


def _checked(catalogue: Catalogue, known_names: tuple[str, ...]) -> Catalogue:
    trades = tuple(check_glyphs(trade, known_names) for trade in catalogue.trades)
    return replace(catalogue, trades=trades)
