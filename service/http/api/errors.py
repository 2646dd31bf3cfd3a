"""One error shape for the whole HTTP surface: `{"error": {"code", "message"}}`, never a traceback.

Pages get the same information as a small HTML page, feeds as plain text (a feed reader shows
it as it is); everything else gets JSON. While the database cannot be reached or written, every
route answers 503 with Retry-After, and answers again by itself once it is back.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import Enum
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from store.errors import StoreUnavailable

log = logging.getLogger(__name__)

_JSON_PREFIXES = ("/v1/", "/healthz", "/openapi.json", "/docs")
_TEXT_PREFIXES = ("/feeds/", "/metrics")
# How long a client should wait before asking again while the database is unavailable.
UNAVAILABLE_RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = "数据库不可用，请稍后重试 / database unavailable, retry later"
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    422: "invalid_input",
    429: "rate_limited",
    503: "unavailable",
}


class ApiError(Exception):
    """An expected failure a route reports to the client, e.g. an unknown source."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _CODES.get(status, "error")


def not_found(what: str) -> ApiError:
    return ApiError(404, what)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class ErrorFormat(Enum):
    JSON = "json"
    HTML = "html"
    TEXT = "text"


def error_format(path: str) -> ErrorFormat:
    if path.startswith(_JSON_PREFIXES):
        return ErrorFormat.JSON
    if path.startswith(_TEXT_PREFIXES):
        return ErrorFormat.TEXT
    return ErrorFormat.HTML


def render_error(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error as JSON, as plain text for feeds, or as a small HTML page for the pages people
    read."""
    shape = error_format(request.url.path)
    if shape is ErrorFormat.TEXT:
        return PlainTextResponse(f"{status} {code}: {message}\n", status, headers=headers)
    if shape is ErrorFormat.HTML:
        # The message may echo user input: escape it before it goes into markup.
        page = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{status} · jifen</title>"
            '<link rel="stylesheet" href="/static/style.css"></head><body><main>'
            f"<h1>{status}</h1><p>{escape(message)}</p>"
            '<p><a href="/">返回首页 · Back to the timeline</a></p></main></body></html>'
        )
        return HTMLResponse(page, status_code=status, headers=headers)
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()))
        # The input itself is left out: it may be a megabyte of hostile text.
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid input"


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure to the one error shape; unknown exceptions are logged, not shown."""

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return render_error(request, exc.status, exc.code, exc.message)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return render_error(request, status, _CODES.get(status, "error"), message, exc.headers)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return render_error(request, 422, "invalid_input", _describe_validation(exc))

    async def on_unavailable(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StoreUnavailable)
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": str(UNAVAILABLE_RETRY_AFTER_SECONDS)}
        return render_error(request, 503, "database_unavailable", UNAVAILABLE_MESSAGE, headers)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = "internal error; the operator has the log"
        return render_error(request, 500, "internal_error", message)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StoreUnavailable, on_unavailable)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
