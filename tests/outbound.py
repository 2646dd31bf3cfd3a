"""The opt-in every test that fetches from its fake sites needs: they listen on 127.0.0.1, which
the outbound policy refuses by default, as it must in production."""

from __future__ import annotations

from scraper.outbound import OutboundPolicy

# Loopback only at 127.0.0.1: 127.0.0.2 (another listener in some tests) stays refused.
FAKE_SITES_SETTING = "127.0.0.1"
FAKE_SITES = OutboundPolicy.allowing(FAKE_SITES_SETTING)
FAKE_SITES_ENV = {"JIFEN_ALLOW_PRIVATE_TARGETS": FAKE_SITES_SETTING}
