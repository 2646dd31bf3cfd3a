"""What every page parser promises: the `Parser` protocol and the `ParseError` it raises."""

from __future__ import annotations

from typing import Protocol

from scraper.records import ParsedDocument, Source


class ParseError(Exception):
    """Raised by a parser when a page holds nothing it can read (never an empty document).

    The pipeline records it as an extraction failure of that source and goes on with the others.
    """

    def __init__(self, source_id: str, url: str, message: str) -> None:
        super().__init__(source_id, url, message)
        self.source_id = source_id
        self.url = url
        self.message = message

    def __str__(self) -> str:
        return f"{self.source_id}: {self.message} at {self.url}"


class Parser(Protocol):
    """A named, versioned reader of one kind of page; bump `version` when its output changes."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> int: ...

    def parse(self, text: str, url: str, source: Source) -> ParsedDocument: ...
