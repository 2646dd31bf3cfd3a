"""A capture recognised by its bytes, not its name: a page, or a PDF / Word / Excel file.

A rule document (parser "measures") in a PDF or DOCX is read by the same measures parser as a
page; other files go to the attachment readers (catalogue tables). Bytes that are none of these
are a clear error, never a page decoded from garbage.
"""

from __future__ import annotations

from enum import StrEnum

from scraper.parsers.attachments import AttachmentError, detect_kind, parse_attachment
from scraper.parsers.attachments.docx import docx_paragraphs
from scraper.parsers.attachments.pdf import pdf_page_lines
from scraper.parsers.contract import ParseError
from scraper.parsers.measures import MeasuresParser
from scraper.parsers.paragraphs import paragraphs_of_lines
from scraper.records import ParsedDocument, Source


class FileKind(StrEnum):
    PAGE = "page"  # HTML or plain text
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    DOC = "doc"
    XLS = "xls"
    UNKNOWN = "unknown"  # binary and none of the above


CONTENT_TYPES = {
    FileKind.PAGE: "text/html",
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.DOC: "application/msword",
    FileKind.XLS: "application/vnd.ms-excel",
    FileKind.UNKNOWN: "application/octet-stream",
}
_BINARY_MAGIC = (b"PK\x03\x04", bytes.fromhex("d0cf11e0a1b11ae1"), b"%PDF-")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff(data: bytes) -> FileKind:
    """What the bytes are: `%PDF-`, a zip with Word or Excel parts, an OLE file, else a page
    when they read as text (no NUL outside a UTF-16 page), else UNKNOWN."""
    kind = detect_kind(data, "")
    if kind is not None:
        return FileKind(kind)
    if data.startswith(_BINARY_MAGIC):
        return FileKind.UNKNOWN
    if data.startswith(_TEXT_BOMS) or b"\x00" not in data[:4096]:
        return FileKind.PAGE
    return FileKind.UNKNOWN


def parse_file(source: Source, data: bytes, kind: FileKind, url: str) -> ParsedDocument:
    """A non-page capture as a document; raises ParseError when it cannot be read."""
    try:
        if (source.parser or "") == MeasuresParser.name:
            return _rule_document(source, data, kind, url)
        return parse_attachment(
            data, filename="", content_type=CONTENT_TYPES[kind], source=source, url=url
        )
    except AttachmentError as error:
        raise ParseError(source.id, url, error.what) from error


def _rule_document(source: Source, data: bytes, kind: FileKind, url: str) -> ParsedDocument:
    parser = MeasuresParser()
    try:
        if kind is FileKind.PDF:
            return parser.parse_pages(source, pdf_page_lines(data), url)
        if kind is FileKind.DOCX:
            paragraphs = paragraphs_of_lines(docx_paragraphs(data))
            return parser.parse_paragraphs(source, paragraphs, url)
    except Exception as error:  # MeasuresParseError, or assorted types from a corrupt file
        what = getattr(error, "what", f"{kind.value} file could not be read ({error})")
        raise ParseError(source.id, url, what) from error
    what = f"a {kind.value} file cannot hold a rule document here; import its PDF or DOCX"
    raise ParseError(source.id, url, what)
