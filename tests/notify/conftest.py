"""Receivers for the notify tests, and the store on both backends (from tests/store)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.notify.receivers import MailServer, WebhookReceiver
from tests.store.conftest import postgres_url, store, store_url  # noqa: F401


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    started = WebhookReceiver(hang_seconds=5.0)
    yield started
    started.close()


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    started = MailServer()
    yield started
    started.close()
