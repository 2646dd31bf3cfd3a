"""Subscriptions over the API (webhooks and apprise URLs need the admin token; an e-mail
address without it is confirmed by mail), and the delivery log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from notify.filters import parse_indicator
from notify.subscribe import SubscriptionError, check_subscription
from service.http.api.admin import AdminAuthorization as Authorization
from service.http.api.admin import has_admin_token, require_admin_token
from service.http.api.context import AppContext, Ctx
from service.http.api.errors import ApiError
from service.http.api.params import MAX_ID, Digits
from service.http.api.schemas import error_responses
from service.http.api.subscription_schemas import (
    DeliveryPublic,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
)
from store.notifications import TooManyRequests
from store.notify_records import (
    Channel,
    DeliveryStatus,
    Filter,
    NewSubscription,
    Subscription,
)

router = APIRouter(tags=["subscriptions"])


def make_subscription(ctx: AppContext, asked: NewSubscription) -> Subscription:
    """Check and store a subscription; an unconfirmed one is rate limited per address."""
    source_ids = set(ctx.by_id)
    allowed = ctx.settings.outbound
    try:
        checked = check_subscription(asked, source_ids, allowed)
    except SubscriptionError as exc:
        raise ApiError(422, str(exc)) from None
    per_hour = None if asked.is_confirmed else ctx.settings.notify.subscribe_per_hour
    try:
        return ctx.store.notify.subscribe(checked, datetime.now(UTC), per_hour=per_hour)
    except TooManyRequests:
        raise ApiError(
            429, "请稍后再试 · too many subscription requests for this address"
        ) from None


def requested(body: SubscriptionCreate, *, is_confirmed: bool) -> NewSubscription:
    indicator, level = None, None
    if body.indicator:
        try:
            indicator, level = parse_indicator(body.indicator)
        except ValueError as exc:
            raise ApiError(422, str(exc)) from None
    wanted = Filter(
        source_id=body.source,
        trade=body.trade.strip() if body.trade else None,
        indicator=indicator,
        level=level,
        kind=body.kind,
        include_wording=not body.rules_only,
    )
    return NewSubscription(
        body.channel,
        body.target,
        wanted,
        body.digest,
        body.language,
        secret=body.secret,
        is_confirmed=is_confirmed,
    )


@router.post(
    "/v1/subscriptions",
    status_code=201,
    response_model=SubscriptionCreated,
    responses=error_responses(401, 403, 422, 429, 503),
    # The token is optional here: an e-mail address needs none (appended to adminToken).
    openapi_extra={"security": [{}]},
)
def create_subscription(
    body: SubscriptionCreate, ctx: Ctx, authorization: Authorization = None
) -> SubscriptionCreated:
    """Subscribe a channel. Webhooks and apprise URLs need `Authorization: Bearer <admin
    token>`. An e-mail address without the token is pending until its confirmation link is
    followed."""
    is_admin = has_admin_token(ctx, authorization)
    if body.channel is not Channel.EMAIL and not is_admin:
        require_admin_token(ctx, authorization)
    made = make_subscription(ctx, requested(body, is_confirmed=is_admin))
    generated = made.secret if body.channel is Channel.WEBHOOK and not body.secret else None
    public = SubscriptionPublic.from_record(made).model_dump()
    return SubscriptionCreated(**public, secret=generated)


@router.get(
    "/v1/subscriptions",
    response_model=list[SubscriptionPublic],
    responses=error_responses(401, 403, 503),
)
def list_subscriptions(ctx: Ctx, authorization: Authorization = None) -> list[SubscriptionPublic]:
    """Every subscription that is not removed (admin token; secrets are never shown)."""
    require_admin_token(ctx, authorization)
    return [SubscriptionPublic.from_record(s) for s in ctx.store.notify.subscriptions()]


@router.delete(
    "/v1/subscriptions/{subscription_id}",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403, 404, 503),
)
def delete_subscription(
    subscription_id: Annotated[int, Path(ge=1, le=MAX_ID), Digits],
    ctx: Ctx,
    authorization: Authorization = None,
) -> Response:
    """Remove a subscription (admin token); removing it again is no error."""
    require_admin_token(ctx, authorization)
    if not ctx.store.notify.unsubscribe(subscription_id, datetime.now(UTC)):
        raise ApiError(404, f"no subscription {subscription_id}")
    return Response(status_code=204)


@router.get(
    "/v1/deliveries",
    response_model=list[DeliveryPublic],
    responses=error_responses(401, 403, 503),
)
def delivery_log(
    ctx: Ctx,
    authorization: Authorization = None,
    status: Annotated[DeliveryStatus | None, Query()] = None,
    subscription: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[DeliveryPublic]:
    """The delivery log, newest first: attempts, status and last error of each delivery
    (admin token; `status=dead` lists the dead letters)."""
    require_admin_token(ctx, authorization)
    log = ctx.store.notify.log(limit=limit, subscription_id=subscription, status=status)
    return [DeliveryPublic.from_record(entry) for entry in log]
