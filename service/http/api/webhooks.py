"""The requests jifen makes to webhook subscribers, in OpenAPI's `webhooks` section."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Header

from notify.payload import ChangeNotice, ConfirmNotice, IncidentNotice

Stamp = Annotated[str, Header(alias="X-Jifen-Timestamp", description="Unix seconds")]
Signature = Annotated[
    str,
    Header(
        alias="X-Jifen-Signature",
        description='sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>',
    ),
]
Key = Annotated[str, Header(alias="Idempotency-Key", description="the change id: drop a repeat")]


def document_webhooks(app: FastAPI) -> None:
    @app.webhooks.post("change")
    def change(body: ChangeNotice, stamp: Stamp, signature: Signature, key: Key) -> None:
        """A change (or a correction of one) that the subscription follows. Answer 2xx once
        it is stored; anything else is retried with backoff (a Retry-After is honoured), 410
        ends the deliveries of this change."""

    @app.webhooks.post("incident")
    def incident(body: IncidentNotice, stamp: Stamp, signature: Signature, key: Key) -> None:
        """Operator channel only: an incident opened (alert) or closed (recovery)."""

    @app.webhooks.post("confirm")
    def confirm(body: ConfirmNotice, stamp: Stamp, signature: Signature, key: Key) -> None:
        """A subscription made unconfirmed: follow `confirm_url` to start deliveries."""
