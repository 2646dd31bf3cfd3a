"""Published change events, newest first, paged by an opaque cursor."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from diffing.records import ChangeClass
from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.params import Digits, Since
from service.http.api.schemas import (
    ChangeDetailPublic,
    ChangeListPublic,
    ChangePublic,
    error_responses,
)

router = APIRouter(prefix="/v1/changes", tags=["changes"])

_CURSOR_PREFIX = "before:"
_MAX_ID = 2**62  # above any id the database hands out; keeps hostile numbers out of SQL binds


def encode_cursor(last_id: int) -> str:
    raw = f"{_CURSOR_PREFIX}{last_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id the next page starts below; 422 for anything we did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith(_CURSOR_PREFIX):
            raise ValueError(raw)
        value = int(raw.removeprefix(_CURSOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError.invalid("cursor") from None
    if not 0 < value < _MAX_ID:
        raise ApiError.invalid("cursor")
    return value


def as_utc(moment: datetime) -> datetime:
    """A naive `since` is read as UTC, the timezone of every stored timestamp."""
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:
        raise ApiError.invalid("since") from None


@router.get("", response_model=ChangeListPublic, responses=error_responses(422))
def list_changes(
    *,
    ctx: Ctx,
    since: Since = None,
    source: Annotated[str | None, Query(max_length=100)] = None,
    kind: Annotated[ChangeClass | None, Query(description="classification")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
) -> ChangeListPublic:
    """Change events newest first; follow `next_cursor` for older ones."""
    if source is not None:
        ctx.source(source)
    events = ctx.store.changes(
        source_id=source,
        since=as_utc(since) if since else None,
        classification=kind,
        limit=limit,
        before_id=decode_cursor(cursor) if cursor else None,
    )
    next_cursor = encode_cursor(events[-1].id) if len(events) == limit else None
    return ChangeListPublic(
        changes=[ChangePublic.from_record(e) for e in events], next_cursor=next_cursor
    )


@router.get("/{change_id}", response_model=ChangeDetailPublic, responses=error_responses(404))
def get_change(
    change_id: Annotated[int, Path(ge=1, le=_MAX_ID), Digits], ctx: Ctx
) -> ChangeDetailPublic:
    """One change event with its items and the text diff of the two versions."""
    event = ctx.store.change(change_id)
    if event is None:
        raise ApiError(404, f"no change with id {change_id}")
    return ChangeDetailPublic.from_event(event)
