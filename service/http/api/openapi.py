"""The OpenAPI document declares the errors the server sends, not FastAPI's default ones.

FastAPI documents every 422 as its own `HTTPValidationError` (`{"detail": [...]}`), which this
API never returns. Here each operation's 4xx and 5xx answers are declared with the one error
shape (`ErrorPublic`: code, message, fields) — or as plain text under /feeds/ and /metrics,
which is what they send — and every status the surface may answer is listed: 422 where there
is input, 404 where a path names something, 413 for a body, 429 past the rate limit, 500, and
503 while the database is unavailable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from service.http.api.errors import ErrorFormat, error_format
from service.http.api.limits import UNLIMITED_PATHS
from service.http.api.schemas import ErrorPublic

_REF = "#/components/schemas/{model}"
_DEFAULT_ERRORS = ("HTTPValidationError", "ValidationError")
_DESCRIPTIONS = {
    "400": "the body could not be parsed (UTF-8 JSON expected)",
    "401": "no admin token was sent",
    "403": "the admin token does not match",
    "404": "nothing by that name or id",
    "413": "the request body is larger than JIFEN_MAX_BODY_BYTES",
    "422": "the input is not valid: `fields` names each field and what would be right",
    "429": "too many requests from this client: wait `Retry-After` seconds",
    "500": "an unexpected failure; the operator has the log",
    "503": "the database is unavailable (retry after `Retry-After` seconds), or the action "
    "is disabled",
}

# What a webhook receiver may answer, and what jifen does then (not FastAPI's 422).
_RECEIVER_ANSWERS = {
    "2XX": {"description": "stored: the delivery is done"},
    "410": {"description": "gone: no more deliveries of this change to this subscription"},
    "default": {"description": "anything else is retried with backoff; a Retry-After is honoured"},
}


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` (and /openapi.json) declare the errors as they are sent."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            declare_errors(generate())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def declare_errors(document: dict[str, Any]) -> dict[str, Any]:
    """Every operation's error answers as sent; FastAPI's validation schemas removed."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in _DEFAULT_ERRORS:
        schemas.pop(name, None)
    _, defs = models_json_schema([(ErrorPublic, "serialization")], ref_template=_REF)
    for name, schema in defs.get("$defs", {}).items():
        schemas.setdefault(name, schema)
    for path, item in document.get("paths", {}).items():
        for operation in item.values():
            _declare(path, operation)
    for item in document.get("webhooks", {}).values():
        for operation in item.values():
            operation["responses"] = dict(_RECEIVER_ANSWERS)
    return document


def _declare(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in _statuses(path, operation):
        responses.setdefault(status, {"description": _DESCRIPTIONS[status]})
    for status, response in responses.items():
        if status[0] in "45" and _is_error(response):
            response["content"] = _error_content(path)
            if status in _DESCRIPTIONS:
                response["description"] = _DESCRIPTIONS[status]


def _statuses(path: str, operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    wanted = ["500", "503"]
    if path not in UNLIMITED_PATHS:
        wanted.append("429")
    if parameters or has_body:
        wanted.append("422")
    if has_body:
        wanted += ["400", "413"]
    if any(p["in"] == "path" or p["name"] == "source" for p in parameters):
        wanted.append("404")
    if operation.get("security"):
        wanted += ["401", "403"]
    return wanted


def _is_error(response: dict[str, Any]) -> bool:
    """A response of ours that is an error: none declared yet, FastAPI's, or ErrorPublic."""
    content = response.get("content")
    if not content:
        return True
    refs = {str(media.get("schema", {}).get("$ref", "")) for media in content.values()}
    return any(ref.endswith(("/HTTPValidationError", "/ErrorPublic")) for ref in refs)


def _error_content(path: str) -> dict[str, Any]:
    if error_format(path) is ErrorFormat.TEXT:
        return {"text/plain": {"schema": {"type": "string"}}}
    return {"application/json": {"schema": {"$ref": _REF.format(model="ErrorPublic")}}}
