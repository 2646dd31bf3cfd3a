"""Renders the message of a delivery: a change (or its correction) in the words of the
subscriber's language, a daily digest, a confirmation request, an operator alert."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from diffing.records import ChangeEvent, ChangeItem
from notify import wording
from notify.links import LinkAction, link
from notify.payload import ChangeNotice, ConfirmNotice, IncidentNotice
from notify.records import DeliveryConfig, Message
from store.notify_records import DeliveryJob, Incident, Language, NoticeKind, Role


class Lookup(Protocol):
    """What composing needs from the store."""

    def change(self, event_id: int) -> ChangeEvent | None: ...

    def incident(self, incident_id: int) -> Incident | None: ...


@dataclass(frozen=True, slots=True)
class _Section:
    """One change as a message shows it."""

    subject: str
    lines: tuple[str, ...]
    url: str


def compose(job: DeliveryJob, lookup: Lookup, config: DeliveryConfig) -> Message | None:
    """The message of one delivery; None when what it is about no longer exists."""
    if job.kind is NoticeKind.CONFIRM:
        return _confirm(job, config)
    if job.kind in (NoticeKind.ALERT, NoticeKind.RECOVERY):
        incident = lookup.incident(job.ref_id or 0)
        return None if incident is None else _incident(job, incident, config)
    event = lookup.change(job.ref_id or 0)
    if event is None:
        return None
    items = followed_items(job, event)
    is_correction = job.kind is NoticeKind.CORRECTION
    language = job.subscription.language
    section = _section(event, items, language, config, is_correction=is_correction)
    notice = ChangeNotice.build(
        event,
        items,
        subject=section.subject,
        url=section.url,
        is_correction=is_correction,
        subscription_id=job.subscription.id,
    )
    lines = [*section.lines]
    if is_correction:
        lines.insert(0, wording.labels(language)["correction"])
    return _finish(job, config, section.subject, lines, notice.model_dump_json().encode(), event.id)


def compose_digest(
    jobs: Sequence[DeliveryJob], lookup: Lookup, config: DeliveryConfig
) -> Message | None:
    """One message for a daily digest subscription's due changes, oldest first."""
    language = jobs[0].subscription.language
    sections = []
    for job in jobs:
        event = lookup.change(job.ref_id or 0)
        if event is not None:
            is_correction = job.kind is NoticeKind.CORRECTION
            items = followed_items(job, event)
            sections.append(_section(event, items, language, config, is_correction=is_correction))
    if not sections:
        return None
    words = wording.labels(language)
    colon = "：" if language is Language.ZH else ": "
    subject = f"{words['digest']}{colon}{len(sections)} {words['changes']}"
    lines = [line for s in sections for line in ("", f"■ {s.subject}", *s.lines)]
    body = json.dumps({"type": "digest", "subjects": [s.subject for s in sections]}).encode()
    return _finish(jobs[0], config, subject, lines, body, None, key=f"digest:{jobs[0].key}")


def followed_items(job: DeliveryJob, event: ChangeEvent) -> tuple[ChangeItem, ...]:
    chosen = tuple(event.items[i] for i in job.item_indexes if 0 <= i < len(event.items))
    return chosen or event.items


def _section(
    event: ChangeEvent,
    items: tuple[ChangeItem, ...],
    language: Language,
    config: DeliveryConfig,
    *,
    is_correction: bool,
) -> _Section:
    words = wording.labels(language)
    url = f"{config.public_url}/changes/{event.id}"
    lines = [f"• {wording.item_line(item, language)}" for item in items]
    if event.doc_number:
        lines.append(f"{words['doc_number']}: {event.doc_number}")
    if event.published_on:
        lines.append(f"{words['published_on']}: {event.published_on.isoformat()}")
    lines.append(f"{words['evidence']}: {url}")
    lines.append(f"{words['page']}: {event.url}")
    subject = wording.subject(event, items, language, is_correction=is_correction)
    return _Section(subject, tuple(lines), url)


def _confirm(job: DeliveryJob, config: DeliveryConfig) -> Message:
    subscription = job.subscription
    words = wording.labels(subscription.language)
    url = link(config.public_url, subscription, LinkAction.CONFIRM)
    follows = wording.describe_filter(subscription.filter, subscription.language)
    lines = [f"{words['follows']}: {follows}", "", words["confirm_text"], url]
    body = ConfirmNotice(type="confirm", subscription_id=subscription.id, confirm_url=url)
    return _finish(job, config, words["confirm"], lines, body.model_dump_json().encode(), None)


def _incident(job: DeliveryJob, incident: Incident, config: DeliveryConfig) -> Message:
    language = job.subscription.language
    words = wording.labels(language)
    is_alert = job.kind is NoticeKind.ALERT
    name = wording.incident_name(incident.kind, language)
    head = words["alert"] if is_alert else words["recovery"]
    subject = f"{head}{name}: {incident.subject}"
    lines = [incident.detail if is_alert else f"{incident.detail} — {words['recovered']}"]
    lines.append(f"{config.public_url}/sources")
    body = IncidentNotice(
        type="alert" if is_alert else "recovery",
        id=incident.id,
        kind=incident.kind.value,
        subject=incident.subject,
        detail=incident.detail,
        opened_at=incident.opened_at,
        closed_at=incident.closed_at,
    )
    return _finish(job, config, subject, lines, body.model_dump_json().encode(), None)


def _finish(  # noqa: PLR0917 - one call site per message kind, all positional
    job: DeliveryJob,
    config: DeliveryConfig,
    subject: str,
    lines: Sequence[str],
    body: bytes,
    change_id: int | None,
    *,
    key: str | None = None,
) -> Message:
    subscription = job.subscription
    unsubscribe = None
    if subscription.role is Role.SUBSCRIBER and job.kind is not NoticeKind.CONFIRM:
        unsubscribe = link(config.public_url, subscription, LinkAction.UNSUBSCRIBE)
    text_lines = [subject, "", *lines]
    if unsubscribe:
        label = wording.labels(subscription.language)["unsubscribe"]
        text_lines += ["", f"{label}: {unsubscribe}"]
    return Message(
        subject=subject,
        text="\n".join(text_lines) + "\n",
        html=_html(subject, lines, unsubscribe, subscription.language),
        body=body,
        key=key or idempotency_key(job, change_id),
        change_id=change_id,
        unsubscribe_url=unsubscribe,
    )


def idempotency_key(job: DeliveryJob, change_id: int | None) -> str:
    """The change id for a change; a correction adds its delivery, so it is not dropped."""
    if job.kind is NoticeKind.CHANGE and change_id is not None:
        return str(change_id)
    return f"{change_id}:{job.kind.value}:{job.id}" if change_id else f"{job.kind.value}:{job.id}"


def _html(subject: str, lines: Sequence[str], unsubscribe: str | None, language: Language) -> str:
    lang = "zh-CN" if language is Language.ZH else "en"
    body = "".join(_html_line(line) for line in lines)
    if unsubscribe:
        label = escape(wording.labels(language)["unsubscribe"])
        body += f'<p class="unsubscribe"><a href="{escape(unsubscribe)}">{label}</a></p>'
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body><h1>{escape(subject)}</h1>{body}"
        "</body></html>"
    )


def _html_line(line: str) -> str:
    label, _, rest = line.partition(": ")
    if rest.startswith(("http://", "https://")) and " " not in rest:
        return f'<p>{escape(label)}: <a href="{escape(rest)}">{escape(rest)}</a></p>'
    return f"<p>{escape(line).replace(chr(10), '<br>')}</p>" if line else ""
