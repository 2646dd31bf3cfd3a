"""rules.json as text: `json.dumps(rule_table_to_json(table), ensure_ascii=False, indent=2)`,
byte for byte, built from one piece per catalogue so that a piece is encoded once per version.

The catalogues are nearly all of the file (27 MB at 1,000 catalogue pages) and the standard
library encodes an indented document in pure Python: 2-4 s a full export. `encode_fast` is the
one seam where msgspec does that work instead, ten times faster. The two write the same text for
every JSON value but floats (msgspec writes `1e-05` as `0.00001`, `1e+16` as `1e16`, NaN as
`null`), so only values that hold no float go the fast way: a catalogue, which holds text, ids
and flags. The rest of the table (rules, parameters, gaps) is small and goes the plain way.
tests/scoring/test_json_text.py holds the two byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

import msgspec

from scoring.export import catalogue_to_json, rule_table_to_json
from scoring.records import CatalogueTable, RuleTable

INDENT = 2
_ENCODER = msgspec.json.Encoder()


def encode_plain(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=INDENT)


def encode_fast(value: Any) -> str:
    """`encode_plain(value)` for a value that holds no float, by msgspec."""
    return msgspec.json.format(_ENCODER.encode(value), indent=INDENT).decode()


def nested(text: str, depth: int) -> str:
    """A value's indented text as it reads `depth` levels down: JSON strings hold no raw
    newline, so every newline in the text is one of the layout's."""
    return text.replace("\n", "\n" + " " * (INDENT * depth))


def catalogue_piece(table: CatalogueTable) -> str:
    """One catalogue as it reads inside rules.json's `catalogues` list."""
    return nested(encode_fast(catalogue_to_json(table)), 2)


def rules_json(table: RuleTable, pieces: Iterable[str]) -> str:
    """rules.json for `table`, its catalogues given as their pieces (in `table`'s order: by
    source id) rather than from `table.catalogues`."""
    return "".join(rules_json_parts(table, pieces))


def rules_json_parts(table: RuleTable, pieces: Iterable[str]) -> Iterator[str]:
    """`rules_json` in parts, one piece at a time: written as they come, the file never has to
    be held whole (27 MB at 1,000 catalogues)."""
    head = rule_table_to_json(replace(table, catalogues=()))
    yield "{"
    for n, (key, value) in enumerate(head.items()):
        yield f"{',' if n else ''}\n{' ' * INDENT}{json.dumps(key)}: "
        if key != "catalogues":
            yield nested(encode_plain(value), 1)
            continue
        count = 0
        for count, piece in enumerate(pieces, start=1):
            yield f"{'[' if count == 1 else ','}\n{' ' * 2 * INDENT}{piece}"
        yield f"\n{' ' * INDENT}]" if count else "[]"
    yield "\n}"


def rules_json_plain(table: RuleTable) -> str:
    """The reference: the whole table through the standard library's encoder."""
    return encode_plain(rule_table_to_json(table))
