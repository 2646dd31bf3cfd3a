"""A column mapping declared by a catalogue source (`name_column`, ... in `CatalogueOptions`).

It replaces the built-in header patterns for catalogues whose headers those cannot recognise,
in HTML tables and in attachments alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.options import CatalogueOptions
from scraper.parsers.names import serial_number, split_names, strip_footnotes
from scraper.records import Source, Trade

_ALIAS_SEPARATOR = re.compile(r"[/／、；;]")


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Header texts a source declares for its catalogue columns (options `*_column(s)`)."""

    name: str
    code: str | None = None
    alias: str | None = None
    number: str | None = None
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MappedColumns:
    """Where the declared columns sit in one header row; attributes keep the declared names."""

    name: int
    code: int | None
    alias: int | None
    number: int | None
    attributes: tuple[tuple[int, str], ...]


class MappingError(ValueError):
    """A declared column mapping that cannot be used: an option is wrong or a header is absent."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"option {option!r}: {message}")
        self.option = option
        self.message = message


def normalise_header(text: str) -> str:
    """Header text compared for equality: NFKC, every space (NBSP, full-width) removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def column_mapping(source: Source) -> ColumnMapping | None:
    """The mapping a catalogue source declares (checked when sources.toml was loaded); None
    when it declares none."""
    options = source.options
    if not isinstance(options, CatalogueOptions) or options.name_column is None:
        return None
    return ColumnMapping(
        name=options.name_column.strip(),
        code=_stripped(options.code_column),
        alias=_stripped(options.alias_column),
        number=_stripped(options.number_column),
        attributes=options.attribute_columns,
    )


def _stripped(header: str | None) -> str | None:
    return header.strip() if header is not None else None


def holds_name_header(header: Sequence[str], mapping: ColumnMapping) -> bool:
    return normalise_header(mapping.name) in {normalise_header(text) for text in header}


def locate_columns(header: Sequence[str], mapping: ColumnMapping) -> MappedColumns:
    """Indices of the declared headers in `header`; MappingError names any that is absent."""
    keys = [normalise_header(text) for text in header]

    def find(option: str, wanted: str) -> int:
        if normalise_header(wanted) not in keys:
            found = " | ".join(text for text in header if text.strip())
            raise MappingError(option, f"header {wanted!r} not found; headers found: {found}")
        return keys.index(normalise_header(wanted))

    return MappedColumns(
        name=find("name_column", mapping.name),
        code=find("code_column", mapping.code) if mapping.code else None,
        alias=find("alias_column", mapping.alias) if mapping.alias else None,
        number=find("number_column", mapping.number) if mapping.number else None,
        attributes=tuple((find("attribute_columns", a), a) for a in mapping.attributes),
    )


def missing_name_header(mapping: ColumnMapping, headers: Sequence[Sequence[str]]) -> MappingError:
    """The error for tables none of which carries the declared name header."""
    found = "; ".join(" | ".join(t for t in row if t.strip()) for row in headers) or "no table"
    return MappingError("name_column", f"header {mapping.name!r} not found; headers found: {found}")


def mapped_trade(cells: Sequence[str], columns: MappedColumns) -> Trade | None:
    """The trade of one row read through declared columns; None for rows holding no name."""

    def text(index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    number_text = text(columns.number)
    if not text(columns.name) or (number_text and not number_text.isdigit()):
        return None
    names = split_names(text(columns.name))
    if names is None:
        return None
    name, aliases = names
    former = (strip_footnotes(a) for a in _ALIAS_SEPARATOR.split(text(columns.alias)))
    extra = tuple(a for a in former if a and a != name and a not in aliases)
    attributes = tuple((label, text(i)) for i, label in columns.attributes if text(i))
    return Trade(
        name=name,
        aliases=(*aliases, *dict.fromkeys(extra)),
        code=text(columns.code).replace(" ", "") or None,
        number=serial_number(number_text),
        attributes=attributes,
    )
