"""The JSON a webhook receives, as pydantic models: the body documented in OpenAPI's
`webhooks` section is this schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from diffing.records import ChangeEvent, ChangeItem


class NoticeItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = Field(description="trade_added, trade_removed, rule_modified, …")
    subject: str
    old: str | None = None
    new: str | None = None
    detail: str = ""
    impact: str = Field("", description="who it affects and by how much")

    @classmethod
    def from_item(cls, item: ChangeItem) -> NoticeItem:
        return cls(
            kind=item.kind,
            subject=item.subject,
            old=item.old,
            new=item.new,
            detail=item.detail,
            impact=item.impact,
        )


class ChangeNotice(BaseModel):
    """POSTed for each change a webhook subscription follows. Verify it before trusting it:
    `X-Jifen-Signature: sha256=<hex HMAC-SHA256 of "<X-Jifen-Timestamp>.<body>">` with the
    subscription's secret; drop a repeated `Idempotency-Key`."""

    model_config = ConfigDict(frozen=True)

    type: Literal["change", "correction"]
    id: int = Field(description="the change id: the idempotency key of the change")
    source_id: str
    source_name: str
    title: str
    subject: str = Field(description="the message's short subject line")
    summary: str
    items: list[NoticeItem] = Field(description="the items this subscription follows")
    url: str = Field(description="the evidence page: JIFEN_PUBLIC_URL/changes/{id}")
    page_url: str = Field(description="the official page the change was seen on")
    doc_number: str | None = Field(None, description="文号 of the new document")
    published_on: date | None = None
    observed_at: datetime
    classification: str
    is_correction: bool
    updated_at: datetime | None = None
    subscription_id: int

    @classmethod
    def build(
        cls,
        event: ChangeEvent,
        items: tuple[ChangeItem, ...],
        *,
        subject: str,
        url: str,
        is_correction: bool,
        subscription_id: int,
    ) -> ChangeNotice:
        return cls(
            type="correction" if is_correction else "change",
            id=event.id,
            source_id=event.source_id,
            source_name=event.source_name,
            title=event.title,
            subject=subject,
            summary=event.summary,
            items=[NoticeItem.from_item(item) for item in items],
            url=url,
            page_url=event.url,
            doc_number=event.doc_number,
            published_on=event.published_on,
            observed_at=event.observed_at,
            classification=event.classification.value,
            is_correction=is_correction,
            updated_at=event.updated_at,
            subscription_id=subscription_id,
        )


class IncidentNotice(BaseModel):
    """POSTed to an operator webhook when an incident opens (alert) or closes (recovery)."""

    model_config = ConfigDict(frozen=True)

    type: Literal["alert", "recovery"]
    id: int = Field(description="the incident id")
    kind: str
    subject: str
    detail: str
    opened_at: datetime
    closed_at: datetime | None = None


class ConfirmNotice(BaseModel):
    """Sent once to a new webhook subscription made unconfirmed (pages make e-mail ones only)."""

    model_config = ConfigDict(frozen=True)

    type: Literal["confirm"]
    subscription_id: int
    confirm_url: str
