"""Parsers for the official pages, one module each, listed in one explicit registry.

`parse_document` picks the parser named by `source.parser`, else the one named after the
source's kind. A new parser is one module plus one line in `PARSERS` plus a recorded fixture.
"""

from __future__ import annotations

from scraper.parsers.catalogue import CatalogueParser
from scraper.parsers.contract import ParseError, Parser
from scraper.parsers.extension import ExtensionParser
from scraper.parsers.measures import MeasuresParseError, MeasuresParser
from scraper.parsers.parameters import ParametersParser
from scraper.parsers.points import PointsParser
from scraper.records import DecidedBy, DecodedText, ParsedDocument, Source


class _MeasuresEntry:
    """Registry entry "measures": the 办法 / 细则 parser behind the common `Parser` call.

    That parser takes the `DecodedText` record and raises its own error type; the pipeline
    expects `parse(text, url, source)` and `ParseError`. A page without articles that is a
    validity extension notice of the 办法 is read by the "extension" parser: such notices are
    captures of the same logical source as the document they extend.
    """

    name = MeasuresParser.name
    version = MeasuresParser.version

    def parse(self, text: str, url: str, source: Source) -> ParsedDocument:
        # Only the text is read; the decoding decision is recorded elsewhere by the pipeline.
        decoded = DecodedText(text=text, encoding="utf-8", decided_by=DecidedBy.OVERRIDE)
        try:
            return MeasuresParser().parse(source, decoded, url)
        except MeasuresParseError as error:
            try:
                return ExtensionParser().parse(text, url, source)
            except ParseError:
                raise ParseError(source.id, url, error.what) from error


PARSERS: dict[str, Parser] = {
    "catalogue": CatalogueParser(),
    "points": PointsParser(),
    "measures": _MeasuresEntry(),
    "parameters": ParametersParser(),
    "extension": ExtensionParser(),
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
        message = f"no parser registered as {wanted!r}; set `parser` to one of: {known}"
        raise ParseError(source.id, url, message)
    return parser.parse(text, url, source)


__all__ = ["PARSERS", "ParseError", "Parser", "parse_document", "parser_for"]
