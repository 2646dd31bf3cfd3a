"""Catalogue names fit to publish: text, not markup debris or decoding damage.

A name holding U+FFFD (bytes the declared charset could not read), a tag or an entity (a cell the
CMS escaped twice, a cut tag), or nothing once read as text, would reach subscribers as "added: "
or as a rename "X → X". Such a capture is held for review, naming the row; the hold is not
lifted by seeing the same capture again, only by a capture whose names read cleanly. A rename
whose names read the same as text is not described to subscribers at all (`reads_same`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from diffing.gates import GateDecision, GateVerdict
from scraper.records import ParsedDocument, Trade

REPLACEMENT = "\ufffd"
# Markup debris: a tag or a stray angle bracket, or an entity left as text. Trade names are
# Chinese phrases; the full-width ＜＞ they may hold are other characters.
_DEBRIS = re.compile(r"[<>]|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
_TAG = re.compile(r"<[^<>]*>?")
_SPACE = re.compile(r"\s+")
_MAX_UNESCAPES = 4


def name_text(name: str) -> str:
    """A name as plain text: entities undone, tags (even escaped ones) removed, spaces folded."""
    text = name
    for _ in range(_MAX_UNESCAPES):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return _SPACE.sub(" ", _TAG.sub("", text)).strip()


def review_names(document: ParsedDocument) -> GateVerdict | None:
    """A QUARANTINE verdict naming the first row whose names are not clean text; None when every
    name is fit to publish."""
    damaged = sum(name.count(REPLACEMENT) for _, trade in _rows(document) for name in trade.names)
    for row, trade in _rows(document):
        problem = _name_problem(trade, damaged)
        if problem is not None:
            return GateVerdict(GateDecision.QUARANTINE, f"{problem}:#{row} {trade.name!r}")
    return None


def reads_same(old: Trade, new: Trade) -> bool:
    """Whether two rows' names read the same as text: a rename between them says "X → X"."""
    return [name_text(n) for n in old.names] == [name_text(n) for n in new.names]


def _rows(document: ParsedDocument) -> Iterator[tuple[int, Trade]]:
    trades = document.catalogue.trades if document.catalogue is not None else ()
    for position, trade in enumerate(trades, start=1):
        yield (trade.number if trade.number is not None else position), trade


def _name_problem(trade: Trade, damaged: int) -> str | None:
    for name in trade.names:
        if REPLACEMENT in name:
            return f"name_undecodable({damaged} U+FFFD)"
        if _DEBRIS.search(name):
            return "name_markup" if name_text(name) else "name_empty"
        if not name_text(name):
            return "name_empty"
    return None
