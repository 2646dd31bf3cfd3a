"""E-mail over SMTP: plain text and HTML, a List-Unsubscribe header with one-click POST
(RFC 8058), the change id in the Message-ID and in `X-Jifen-Change-Id`."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from notify.records import DeliveryConfig, Message, SendOutcome


def build(message: Message, to: str, config: DeliveryConfig) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = config.mail_from
    mail["To"] = to
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(usegmt=True)
    key = "".join(ch if ch.isalnum() else "." for ch in message.key)
    mail["Message-ID"] = make_msgid(idstring=f"jifen.{key}", domain=config.feed_domain)
    mail["X-Jifen-Idempotency-Key"] = message.key
    if message.change_id is not None:
        mail["X-Jifen-Change-Id"] = str(message.change_id)
    if message.unsubscribe_url:
        mail["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(message.text)
    mail.add_alternative(message.html, subtype="html")
    return mail


def send(message: Message, to: str, config: DeliveryConfig) -> SendOutcome:
    """One attempt (blocking: run it in a thread). 5xx answers are permanent, the rest retried."""
    if not config.smtp_url:
        return SendOutcome(False, "JIFEN_SMTP_URL is not set: no e-mail can be sent")
    parts = urlsplit(config.smtp_url)
    mail = build(message, to, config)
    try:
        with _connect(parts.scheme, parts.hostname or "127.0.0.1", parts.port, config) as smtp:
            if parts.username:
                smtp.login(unquote(parts.username), unquote(parts.password or ""))
            refused = smtp.send_message(mail)
    except smtplib.SMTPResponseException as exc:
        text = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"[:300]
        return SendOutcome(False, text, exc.smtp_code, is_permanent=exc.smtp_code >= 500)
    except smtplib.SMTPRecipientsRefused as exc:
        return SendOutcome(False, f"recipient refused: {exc.recipients}"[:300], is_permanent=True)
    except (smtplib.SMTPException, OSError) as exc:
        return SendOutcome(False, f"{type(exc).__name__}: {exc}"[:300])
    if refused:
        return SendOutcome(False, f"recipient refused: {refused}"[:300], is_permanent=True)
    return SendOutcome(True, "250 accepted")


def _connect(scheme: str, host: str, port: int | None, config: DeliveryConfig) -> smtplib.SMTP:
    timeout = config.timeout_seconds
    if scheme == "smtps":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(host, port or 465, timeout=timeout, context=context)
    smtp = smtplib.SMTP(host, port or 25, timeout=timeout)
    if scheme == "smtp+starttls":
        smtp.starttls(context=ssl.create_default_context())
    return smtp
