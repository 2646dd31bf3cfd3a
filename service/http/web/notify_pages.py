""" "通知我 / notify me" for people: a form on trade, source and indicator pages, confirmed by
e-mail (double opt-in), and the signed one-click unsubscribe link every message carries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse

from notify.links import LinkAction, is_signed
from service.http.api.context import Ctx
from service.http.api.errors import ApiError
from service.http.api.params import MAX_ID, Digits
from service.http.api.subscription_schemas import SubscriptionCreate
from service.http.api.subscriptions import make_subscription, requested
from service.http.web.pages import templates
from store.notify_records import Channel, Digest, Language, Subscription
from words import N_, translate

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Text = Annotated[str, Form(max_length=100)]
Id = Annotated[int, Path(ge=1, le=MAX_ID), Digits]
Sig = Annotated[str, Path(max_length=64, pattern=r"^[0-9a-f]+$")]


@router.get("/notify")
def notify_form(
    request: Request,
    ctx: Ctx,
    source: Annotated[str, Query(max_length=100)] = "",
    trade: Annotated[str, Query(max_length=100)] = "",
    indicator: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    if source:
        ctx.source(source)
    wanted = {"source": source, "trade": trade, "indicator": indicator}
    return templates.TemplateResponse(request, "notify.html", {"wanted": wanted, "error": None})


@router.post("/notify")
def notify_me(
    *,
    request: Request,
    ctx: Ctx,
    email: Annotated[str, Form(max_length=320)],
    source: Text = "",
    trade: Text = "",
    indicator: Text = "",
    language: Annotated[Language, Form()] = Language.ZH,
    digest: Annotated[Digest, Form()] = Digest.INSTANT,
) -> HTMLResponse:
    """Make a pending e-mail subscription and send its confirmation link."""
    body = SubscriptionCreate(
        channel=Channel.EMAIL,
        target=email,
        source=source or None,
        trade=trade or None,
        indicator=indicator or None,
        language=language,
        digest=digest,
    )
    wanted = {"source": source, "trade": trade, "indicator": indicator}
    try:
        make_subscription(ctx, requested(body, is_confirmed=False))
    except ApiError as exc:
        context = {"wanted": wanted, "error": exc.message}
        return templates.TemplateResponse(request, "notify.html", context, status_code=exc.status)
    sent = translate(N_("A confirmation link was sent to %(email)s."), email=email)
    return _said(request, N_("Check your inbox"), sent, 202)


@router.get("/notify/confirm/{subscription_id}/{signature}")
def confirm(request: Request, ctx: Ctx, subscription_id: Id, signature: Sig) -> HTMLResponse:
    subscription = _signed(ctx, subscription_id, LinkAction.CONFIRM, signature)
    if not ctx.store.notify.confirm(subscription.id, datetime.now(UTC)):
        gone = translate(N_("This subscription was cancelled."))
        return _said(request, N_("Unsubscribed"), gone, 410)
    will = translate(N_("We will tell you when it changes."))
    return _said(request, N_("Subscription confirmed"), will, 200)


@router.get("/notify/unsubscribe/{subscription_id}/{signature}")
@router.post("/notify/unsubscribe/{subscription_id}/{signature}")
def unsubscribe(request: Request, ctx: Ctx, subscription_id: Id, signature: Sig) -> HTMLResponse:
    """One click, no account; following the link again says the same."""
    subscription = _signed(ctx, subscription_id, LinkAction.UNSUBSCRIBE, signature)
    ctx.store.notify.unsubscribe(subscription.id, datetime.now(UTC))
    done = translate(N_("You will get no more messages from this subscription."))
    return _said(request, N_("Unsubscribed"), done, 200)


def _signed(ctx: Ctx, subscription_id: int, action: LinkAction, signature: str) -> Subscription:
    found = ctx.store.notify.subscription(subscription_id)
    if found is None or not is_signed(found, action, signature):
        raise ApiError(404, "链接无效 · this link is not valid")
    return found


def _said(request: Request, title: str, text: str, status: int) -> HTMLResponse:
    """A short page: `title` a msgid, `text` already in the reader's language."""
    context = {"title": translate(title), "text": text}
    return templates.TemplateResponse(request, "notified.html", context, status_code=status)
