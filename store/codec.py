"""ParsedDocument and ChangeItem ⇄ JSON text, driven by the records' own type hints.

Fields added to the records later round-trip without changes here; unknown keys in old rows are
ignored and missing ones take the record's default. Strings lose NUL (see `columns.strip_nul`).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

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


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` from its `to_plain` form."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_plain(options[0], data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item) for item in data)
        return tuple(from_plain(arg, item) for arg, item in zip(args, data, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: from_plain(hints[k], v) for k, v in data.items() if k in known})
    return _scalar(kind, data)


def _scalar(kind: Any, data: Any) -> Any:
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    return data


def _json(plain: Any) -> str:
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _json(to_plain(value))


def encode_document(document: ParsedDocument) -> str:
    return _dumps(document)


def decode_document(text: str) -> ParsedDocument:
    document: ParsedDocument = from_plain(ParsedDocument, json.loads(text))
    return document


def encode_items(items: tuple[ChangeItem, ...]) -> str:
    return _dumps(items)


def decode_items(text: str) -> tuple[ChangeItem, ...]:
    items: tuple[ChangeItem, ...] = from_plain(tuple[ChangeItem, ...], json.loads(text))
    return items


def encode_pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return _json([[strip_nul(name), strip_nul(value)] for name, value in pairs])


def decode_pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in json.loads(text))


def encode_strings(values: tuple[str, ...]) -> str:
    return _json([strip_nul(value) for value in values])


def decode_strings(text: str) -> tuple[str, ...]:
    return tuple(str(value) for value in json.loads(text))
