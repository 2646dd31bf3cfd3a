"""The admin token check, for routes that act for the deployment (JIFEN_ADMIN_TOKEN)."""

from __future__ import annotations

import hmac

from service.http.api.context import AppContext
from service.http.api.errors import ApiError


def has_admin_token(ctx: AppContext, authorization: str | None) -> bool:
    token = ctx.settings.admin_token
    if not token or not authorization:
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
