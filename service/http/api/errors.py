"""One error shape for the whole HTTP surface: `{"error": {"code", "message", "fields"}}`,
never a traceback. `fields` says, one field at a time, what was wrong with the request and what
would be right (Chinese first); it is empty when no field is to blame.

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
from starlette.routing import Match

from scoring.profile_fields import FieldError
from service.http.api.fields import parameter_error, request_errors
from store.errors import StoreUnavailable

log = logging.getLogger(__name__)

_JSON_PREFIXES = ("/v1/", "/healthz", "/openapi.json", "/docs")
_TEXT_PREFIXES = ("/feeds/", "/metrics")
# How long a client should wait before asking again while the database is unavailable.
UNAVAILABLE_RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = "数据库不可用，请稍后重试 / database unavailable, retry later"
INVALID_INPUT = "输入有误 / invalid input"
BAD_BODY = "请求体无法解析，须为 UTF-8 编码的 JSON / body: could not be parsed, UTF-8 JSON expected"
_METHODS = ("DELETE", "GET", "PATCH", "POST", "PUT")
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

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: tuple[FieldError, ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _CODES.get(status, "error")
        self.fields = fields

    @classmethod
    def invalid(cls, parameter: str) -> ApiError:
        """A 422 for a parameter the route found wrong: a cursor it never handed out."""
        error = parameter_error(parameter)
        return cls(422, error.message, fields=(error,))


def not_found(what: str) -> ApiError:
    return ApiError(404, what)


def error_body(code: str, message: str, fields: tuple[FieldError, ...] = ()) -> dict[str, Any]:
    listed = [{"field": f.field, "message": f.message} for f in fields]
    return {"error": {"code": code, "message": message, "fields": listed}}


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
    *,
    fields: tuple[FieldError, ...] = (),
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
    body = error_body(code, message, fields)
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    """Each refused field by its Chinese name, with what would be right; the input itself is
    never echoed (it may be a megabyte of hostile text)."""
    fields = request_errors(request.url.path, exc.errors())
    message = "；".join(f.message for f in fields[:5]) or INVALID_INPUT
    return render_error(request, 422, "invalid_input", message, fields=fields)


def allowed_methods(request: Request) -> str:
    """Every method some route of this path answers (HEAD wherever GET is), for a 405's Allow:
    Starlette names only the first route's, and GET and POST of one path are two routes."""
    allowed = {
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    }
    if "GET" in allowed:
        allowed.add("HEAD")
    return ", ".join(sorted(allowed))


def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Starlette's and FastAPI's own refusals in the one shape: a 405 with every method of the
    path, the 400 of a body that could not be parsed named as the body's."""
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = allowed_methods(request)
    fields: tuple[FieldError, ...] = ()
    if status == 400:  # FastAPI's one 400: a body it could not parse
        fields = (FieldError("body", BAD_BODY),)
        message = BAD_BODY
    code = _CODES.get(status, "error")
    return render_error(request, status, code, message, headers, fields=fields)


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure to the one error shape; unknown exceptions are logged, not shown."""

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return render_error(request, exc.status, exc.code, exc.message, fields=exc.fields)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _http_error(request, exc)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _validation_error(request, exc)

    async def on_unavailable(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StoreUnavailable)
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": str(UNAVAILABLE_RETRY_AFTER_SECONDS)}
        return render_error(request, 503, "database_unavailable", UNAVAILABLE_MESSAGE, headers)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = "内部错误，运维人员可查日志 / internal error; the operator has the log"
        return render_error(request, 500, "internal_error", message)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StoreUnavailable, on_unavailable)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
