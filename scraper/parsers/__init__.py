"""Parsers for the official pages, one module each, listed in one explicit registry.

`parse_document` picks the parser named by `source.parser`, else the one named after the
source's kind. A new parser is one module plus one line in `PARSERS` plus a recorded fixture.
"""

from __future__ import annotations

from scraper.parsers.catalogue import CatalogueParser
from scraper.parsers.contract import ParseError, Parser
from scraper.parsers.points import PointsParser
from scraper.records import ParsedDocument, Source

PARSERS: dict[str, Parser] = {
    "catalogue": CatalogueParser(),
    "points": PointsParser(),
}


def parser_for(source: Source) -> Parser | None:
    """The registered parser for `source`, or None when neither its name nor its kind has one."""
    return PARSERS.get(source.parser or str(source.kind))


def parse_document(source: Source, text: str, url: str) -> ParsedDocument:
    """Parse decoded page text (a `str`) with the source's parser; raises ParseError."""
    parser = parser_for(source)
    if parser is None:
        wanted = source.parser or str(source.kind)
        known = ", ".join(sorted(PARSERS))
        raise ParseError(
            source.id, url, f"no parser registered as {wanted!r} (registered: {known})"
        )
    return parser.parse(text, url, source)


__all__ = ["PARSERS", "ParseError", "Parser", "parse_document", "parser_for"]
