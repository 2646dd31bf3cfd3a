"""Shared fixtures: the fake official site and the raw-socket server for broken framing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakesite import FakeSite
from tests.rawsite import RawSite


@pytest.fixture
def fake_site() -> Iterator[FakeSite]:
    site = FakeSite()
    try:
        yield site
    finally:
        site.close()


@pytest.fixture
def raw_site() -> Iterator[RawSite]:
    site = RawSite()
    try:
        yield site
    finally:
        site.close()
