"""Identity of catalogue rows: the normalised names, code and attributes a row is compared by.

序号 and row order are never part of a row's identity or content.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from diffing.normalise import are_plain_names, is_plain_name, normalise_name
from scraper.records import Trade


@dataclass(frozen=True, slots=True)
class TradeKey:
    """A catalogue row in comparable form, with the row as published."""

    primary: str  # normalised primary name
    names: tuple[str, ...]  # normalised primary name then aliases, de-duplicated, in order
    code: str | None
    attributes: tuple[tuple[str, str], ...]  # normalised, sorted, empty values dropped
    trade: Trade

    @property
    def aliases(self) -> frozenset[str]:
        return frozenset(self.names[1:])

    @property
    def sort_key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.primary, self.code or "", self.names)


Identity = tuple[tuple[str, ...], str | None, tuple[tuple[str, str], ...]]


def trade_key(trade: Trade) -> TradeKey:
    """Compare `trade` by its names split on "/" (a parser may leave a group unsplit)."""
    names, code, attributes = trade_identity(trade)
    return TradeKey(names[0] if names else "", names, code, attributes, trade)


def trade_identity(trade: Trade) -> Identity:
    """The normalised (names, code, attributes) of `trade`, as `trade_key` holds them."""
    name = trade.name
    if not trade.aliases and "/" not in name and is_plain_name(name):
        names: tuple[str, ...] = (name,) if name else ()  # most rows: one name, already normal
    else:
        names = _names(trade)
    return names, trade_code(trade), _attributes(trade.attributes) if trade.attributes else ()


def trade_identities(trades: Sequence[Trade]) -> list[Identity]:
    """`trade_identity` of each of `trades`. When every name, code and attribute of the catalogue
    is plain (most catalogues), that is settled in one pass and no row needs normalising."""
    texts: list[str] = []
    for trade in trades:
        if trade.aliases:
            return [trade_identity(trade) for trade in trades]
        texts.append(trade.name)
        if trade.code:
            texts.append(trade.code)
        for pair in trade.attributes:
            texts += pair
    if not are_plain_names(texts) or any("/" in trade.name for trade in trades):
        return [trade_identity(trade) for trade in trades]
    # Plain strings are their own normal form: what trade_identity would build, built directly.
    return [
        (
            (trade.name,) if trade.name else (),
            trade.code or None,
            _attributes(trade.attributes, _as_is) if trade.attributes else (),
        )
        for trade in trades
    ]


def trade_code(trade: Trade) -> str | None:
    """The normalised code of `trade`, as `trade_key` holds it."""
    return (normalise_name(trade.code) or None) if trade.code else None


def trade_codes(trades: Sequence[Trade]) -> list[str | None]:
    """`trade_code` of each of `trades`."""
    published = [trade.code for trade in trades]
    if are_plain_names([code for code in published if code]):  # most catalogues: codes as is
        return [code or None for code in published]
    return [trade_code(trade) for trade in trades]


def _names(trade: Trade) -> tuple[str, ...]:
    names: list[str] = []
    for published in (trade.name, *trade.aliases) if trade.aliases else (trade.name,):
        normal = normalise_name(published)
        for part in normal.split("/") if "/" in normal else (normal,):
            if part and part not in names:
                names.append(part)
    return tuple(names)


def _attributes(
    published: tuple[tuple[str, str], ...], normal: Callable[[str], str] = normalise_name
) -> tuple[tuple[str, str], ...]:
    """`normal`: `_as_is` when every key and value is known to be in normal form already."""
    if len(published) == 1:  # most catalogue rows: one attribute column
        ((key, value),) = published
        name, text = normal(key), normal(value)
        return ((name, text),) if name and text else ()
    attributes: dict[str, str] = {}
    for key, value in published:
        name, text = normal(key), normal(value)
        if name and text:
            attributes.setdefault(name, text)
    return tuple(sorted(attributes.items())) if len(attributes) > 1 else tuple(attributes.items())


def _as_is(text: str) -> str:
    return text


def changed_fields(old: TradeKey, new: TradeKey) -> tuple[str, ...]:
    """The fields two rows of the same trade differ in: name, aliases, code, attribute names."""
    if (old.names, old.code, old.attributes) == (new.names, new.code, new.attributes):
        return ()  # most paired rows: the same in every field
    fields: list[str] = []
    if old.primary != new.primary:
        fields.append("name")
    if old.aliases != new.aliases:
        fields.append("aliases")
    if old.code != new.code:
        fields.append("code")
    old_attributes, new_attributes = dict(old.attributes), dict(new.attributes)
    fields.extend(
        name
        for name in sorted(old_attributes.keys() | new_attributes.keys())
        if old_attributes.get(name) != new_attributes.get(name)
    )
    return tuple(fields)
