"""Conditional GET for generated documents: a strong ETag from the bytes, Last-Modified, 304."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    wanted = etag.strip('"')
    for part in header.split(","):
        candidate = part.strip()
        if candidate == "*":
            return True
        # If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
        if candidate.removeprefix("W/").strip('"') == wanted:
            return True
    return False


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False  # an unreadable date is ignored, as RFC 9110 §13.1.3 asks
    if since.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= since


def conditional_response(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    last_modified: datetime | None,
    headers: dict[str, str] | None = None,
) -> Response:
    """`body` with its validators, or an empty 304 when the client already holds it."""
    etag = etag_of(body)
    out = {"ETag": etag, "Cache-Control": "public, max-age=300", **(headers or {})}
    if last_modified is not None:
        out["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if_none_match = request.headers.get("if-none-match")
    if_modified_since = request.headers.get("if-modified-since")
    if if_none_match is not None:
        fresh = _etag_matches(if_none_match, etag)
    elif if_modified_since is not None and last_modified is not None:
        fresh = _not_modified_since(if_modified_since, last_modified)
    else:
        fresh = False
    if fresh:
        return Response(status_code=304, headers=out)
    return Response(content=body, media_type=media_type, headers=out)
