"""The admin token check, for routes that act for the deployment (JIFEN_ADMIN_TOKEN).

The token is declared in the OpenAPI document as an HTTP Bearer scheme (`adminToken`); the
route itself says what is wrong with what was sent: 401 nothing, 403 a token that does not
match, 503 no token configured.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Request, Security
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase

from service.http.api.context import AppContext
from service.http.api.errors import ApiError

SCHEME = "adminToken"
# Longer than any token worth sending: compared as a wrong one, never read further.
_MAX_AUTHORIZATION = 500


class AdminBearer(SecurityBase):
    """Hands the route the Authorization header as sent; documents it as a Bearer scheme."""

    def __init__(self) -> None:
        self.model = HTTPBearerModel(description="the deployment's JIFEN_ADMIN_TOKEN")
        self.scheme_name = SCHEME

    async def __call__(self, request: Request) -> str | None:
        return request.headers.get("Authorization")


AdminAuthorization = Annotated[str | None, Security(AdminBearer())]


def has_admin_token(ctx: AppContext, authorization: str | None) -> bool:
    token = ctx.settings.admin_token
    if not token or not authorization or len(authorization) > _MAX_AUTHORIZATION:
        return False
    scheme, _, presented = authorization.partition(" ")
    # compare_digest keeps the comparison time independent of how much of the token matched.
    return scheme.lower() == "bearer" and hmac.compare_digest(
        presented.strip().encode(), token.encode()
    )


def require_admin_token(ctx: AppContext, authorization: str | None) -> None:
    if not ctx.settings.admin_token:
        raise ApiError(503, "admin actions are disabled: set JIFEN_ADMIN_TOKEN to enable them")
    if not authorization:
        raise ApiError(401, "send 'Authorization: Bearer <admin token>'")
    if not has_admin_token(ctx, authorization):
        raise ApiError(403, "the admin token does not match")
