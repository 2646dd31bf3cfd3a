"""ParsedDocument and ChangeItem ⇄ JSON text, driven by the records' own type hints.

Fields added to the records later round-trip without changes here; unknown keys in old rows are
ignored and missing ones take the record's default. Strings lose NUL (see `columns.strip_nul`).
msgspec does the work in C; the pure-Python `to_plain` / `from_plain` pair writes the same JSON and
takes over for the rare value msgspec will not take as it is (a NUL to drop, a stray type).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import msgspec

from diffing.records import ChangeItem
from scraper.records import ParsedDocument
from store.columns import strip_nul

T = TypeVar("T")


_SCALARS = frozenset({int, float, bool, type(None)})


def to_plain(value: Any) -> Any:
    """A JSON-ready form of a record tree."""
    kind = type(value)
    # Exact-type checks first: a version's document is thousands of strings and small records.
    if kind is str:
        return strip_nul(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return [to_plain(item) for item in value]
    names = _field_names(kind)
    if names is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    return _other_plain(value)


def _other_plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return strip_nul(value)
    return value


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (None for any other type), looked up once per type."""
    if kind not in _FIELD_NAMES:
        is_record = dataclasses.is_dataclass(kind)
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if is_record else None
    return _FIELD_NAMES[kind]


def from_plain(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` from its `to_plain` form."""
    return _decoder(kind)(data)


Decoder = Callable[[Any], Any]
# One decoder per type hint, built on first use: reading a version's document visits thousands
# of nodes, and inspecting the hint at each of them cost more than building the records.
_DECODERS: dict[Any, Decoder] = {}


def _decoder(kind: Any) -> Decoder:
    found = _DECODERS.get(kind)
    if found is None:
        found = _DECODERS[kind] = _build_decoder(kind)
    return found


def _build_decoder(kind: Any) -> Decoder:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        option = next(arg for arg in typing.get_args(kind) if arg is not type(None))
        return lambda data: None if data is None else _decoder(option)(data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = args[0]
            return lambda data: tuple(map(_decoder(item), data))
        return lambda data: tuple(
            _decoder(arg)(value) for arg, value in zip(args, data, strict=True)
        )
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _record_decoder(kind)
    return _scalar_decoder(kind)


def _record_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    known = {f.name: hints[f.name] for f in dataclasses.fields(kind) if f.init}

    def decode(data: dict[str, Any]) -> Any:
        # Unknown keys (fields since removed) are skipped; missing ones take their default.
        return kind(**{k: _decoder(known[k])(v) for k, v in data.items() if k in known})

    return decode


def _scalar_decoder(kind: Any) -> Decoder:
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    return _same


def _same(data: Any) -> Any:
    return data


def _json(plain: Any) -> str:
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    try:
        encoded = _ENCODER.encode(value)
    except (msgspec.EncodeError, TypeError, UnicodeEncodeError):
        return _json(to_plain(value))
    # msgspec keeps NUL as an escape; the text columns must not hold it, so drop it the slow way
    # (a false alarm on a literal backslash-u0000 costs only time: both paths agree).
    if b"\\u0000" in encoded:
        return _json(to_plain(value))
    return encoded.decode()


_ENCODER = msgspec.json.Encoder()
_DOCUMENT = msgspec.json.Decoder(ParsedDocument)
_ITEMS = msgspec.json.Decoder(tuple[ChangeItem, ...])
# (trade id, name, aliases) of each trade a version lists, in its order, NUL-free.
Member = tuple[int, str, tuple[str, ...]]
_MEMBERS = msgspec.json.Decoder(tuple[Member, ...])


def encode_document(document: ParsedDocument) -> str:
    return _dumps(document)


def decode_document(text: str | bytes) -> ParsedDocument:
    try:
        return _DOCUMENT.decode(text)
    except msgspec.DecodeError:
        # Rows the strict decoder refuses (a value off its type hint) read as they always did.
        document: ParsedDocument = from_plain(ParsedDocument, json.loads(text))
        return document


def encode_items(items: tuple[ChangeItem, ...]) -> str:
    return _dumps(items)


def decode_items(text: str | bytes) -> tuple[ChangeItem, ...]:
    try:
        return _ITEMS.decode(text)
    except msgspec.DecodeError:
        items: tuple[ChangeItem, ...] = from_plain(tuple[ChangeItem, ...], json.loads(text))
        return items


def encode_members(members: list[Member]) -> str:
    """A version's trade list as JSON `[[trade_id, name, [aliases…]], …]`; names are NUL-free."""
    return _ENCODER.encode(members).decode()


def decode_members(text: str | bytes | None) -> tuple[Member, ...]:
    return () if text is None else _MEMBERS.decode(text)


def encode_pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return _json([[strip_nul(name), strip_nul(value)] for name, value in pairs])


def decode_pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in json.loads(text))


def encode_strings(values: tuple[str, ...]) -> str:
    return _json([strip_nul(value) for value in values])


def decode_strings(text: str) -> tuple[str, ...]:
    return tuple(str(value) for value in json.loads(text))
