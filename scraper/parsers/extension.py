"""Validity extension notices (关于延长《…》有效期的通知) → the document extended and its new
last day in force. Such a notice carries no rules of its own; the assessment merges it into the
version of the document it extends.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scraper.parsers.amounts import DATE, written_date
from scraper.parsers.contract import ParseError
from scraper.parsers.page import read_page
from scraper.records import ParsedDocument, Source

_EXTENDS = re.compile(r"延长《([^》]+)》(?:的)?有效期")
_NAMED = re.compile(r"《([^》]+)》[^。；]*?有效期(?:延长|延期)至")
_UNTIL = re.compile(rf"有效期(?:延长|延期)?至({DATE})")


def extended_title(title: str | None, text: str) -> str | None:
    """The 《title》 of the extended document, from the notice's title, else from its text."""
    found = _EXTENDS.search(title or "") or _EXTENDS.search(text) or _NAMED.search(text)
    return found.group(1) if found else None


class ExtensionParser:
    """Registry entry "extension": an extension notice → meta.extends and meta.valid_until."""

    name = "extension"
    version = 1

    def parse(self, text: str, url: str, source: Source) -> ParsedDocument:
        page = read_page(text, url, source)
        extends = extended_title(page.meta.title, page.main_text)
        until = _UNTIL.search(page.main_text)
        valid_until = written_date(until.group(1)) if until else None
        if extends is None or valid_until is None:
            missing = "the 《title》 it extends" if extends is None else "有效期延长至 <date>"
            what = f"not a validity extension notice: no {missing} in {page.where}"
            raise ParseError(source.id, url, what)
        return page.document(
            self, source, url, meta=replace(page.meta, extends=extends, valid_until=valid_until)
        )
