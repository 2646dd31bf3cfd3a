"""Any apprise URL (企业微信, Server酱, PushPlus, Telegram, Slack, json://, …): apprise keeps the
clients for the many chat and push services; jifen only hands it the message."""

from __future__ import annotations

import logging

from notify.records import Message, SendOutcome

log = logging.getLogger(__name__)


def is_apprise_url(url: str) -> bool:
    """Whether apprise knows the URL's scheme."""
    import apprise

    return bool(apprise.Apprise().add(url))


def send(message: Message, url: str) -> SendOutcome:
    """One attempt (blocking: run it in a thread). apprise reports only success or failure,
    so every failure is retried."""
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        return SendOutcome(False, "apprise does not know this URL", is_permanent=True)
    body = message.text
    if message.unsubscribe_url and message.unsubscribe_url not in body:
        body += f"\n{message.unsubscribe_url}\n"
    if sender.notify(body=body, title=message.subject, body_format=apprise.NotifyFormat.TEXT):
        return SendOutcome(True, "apprise: sent")
    return SendOutcome(False, "apprise: the service did not accept the message")
