"""Raw evidence: snapshot metadata and the exact bytes, served so stored pages cannot run."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Response

from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.schemas import Responses, SnapshotPublic, error_responses

router = APIRouter(prefix="/v1/snapshots", tags=["snapshots"])

Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="sha256 of the raw bytes")]
_MISSING = error_responses(404)
_RAW_RESPONSES: Responses = {200: {"content": {"application/octet-stream": {}}}, **_MISSING}
# A stored Content-Type header is scraped data: only a plain media type is echoed back.
_SAFE_TYPE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(; ?[ -~]{0,80})?$")
# Stored pages are hostile: no sniffing, and a sandbox so their scripts and forms never run here.
RAW_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Cache-Control": "public, max-age=31536000, immutable",
}


def safe_content_type(stored: str) -> str:
    stored = stored.strip()
    return stored if _SAFE_TYPE.match(stored) else "application/octet-stream"


@router.get("/{sha256}", response_model=SnapshotPublic, responses=_MISSING)
def get_snapshot(sha256: Sha256, ctx: Ctx) -> SnapshotPublic:
    info = ctx.store.snapshot(sha256)
    if info is None:
        raise ApiError(404, f"no snapshot with sha256 {sha256}")
    return SnapshotPublic.from_info(info)


@router.get(
    "/{sha256}/raw",
    response_class=Response,
    responses=_RAW_RESPONSES,
)
def get_snapshot_raw(sha256: Sha256, ctx: Ctx) -> Response:
    """The bytes exactly as captured, with the content type they were served with."""
    info = ctx.store.snapshot(sha256)
    body = ctx.store.snapshot_body(sha256) if info is not None else None
    if info is None or body is None:
        raise ApiError(404, f"no snapshot with sha256 {sha256}")
    # Set as a plain header: a media_type would make Starlette append "charset=utf-8" to a
    # text/* type, which would misdecode a GB18030 page captured without a charset.
    headers = {**RAW_HEADERS, "Content-Type": safe_content_type(info.content_type)}
    return Response(content=body, headers=headers)
