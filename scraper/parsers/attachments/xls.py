"""Old binary Excel (BIFF, .xls) workbooks, read by the same calamine reader as XLSX."""

from __future__ import annotations

from scraper.parsers.attachments.table import Extracted
from scraper.parsers.attachments.xlsx import extract_workbook


def extract_xls(data: bytes) -> Extracted:
    return extract_workbook(data, kind="xls")
