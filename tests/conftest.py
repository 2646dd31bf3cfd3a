"""Shared fixtures: the fake official site, the raw-socket server for broken framing, a local
stand-in for the cloud metadata address, and a data directory of the test run's own."""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fakesite import FakeSite
from tests.rawsite import RawSite

METADATA = ipaddress.ip_network("169.254.0.0/16")


@pytest.fixture(scope="session", autouse=True)
def _own_data_home() -> Iterator[None]:
    """No test reads or writes the user's jifen database: the default data directory (the
    platform's user data directory) lies in a folder of this run, for every test and every
    process a test starts. Tests that want a database of their own still set JIFEN_DATA_DIR."""
    with tempfile.TemporaryDirectory(prefix="jifen-data-home-") as home:
        saved = os.environ.get("XDG_DATA_HOME")
        os.environ["XDG_DATA_HOME"] = home
        try:
            yield
        finally:
            if saved is None:
                del os.environ["XDG_DATA_HOME"]
            else:
                os.environ["XDG_DATA_HOME"] = saved


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


@pytest.fixture
def metadata_trap(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSite]:
    """Every connection to 169.254.0.0/16 lands on this local fake site instead, which serves a
    metadata-like secret: a test counts the hits a refused target got, and the real metadata
    address is never contacted, even when the guard under test is broken."""
    trap = FakeSite()
    trap.publish("/latest/meta-data/iam/security-credentials/", "secret-role-credentials")
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def divert(address: Any) -> Any:
        if isinstance(address, tuple) and _is_metadata(address[0]):
            return (trap.host, trap.port)
        return address

    monkeypatch.setattr(socket.socket, "connect", lambda s, a: real_connect(s, divert(a)))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda s, a: real_connect_ex(s, divert(a)))
    try:
        yield trap
    finally:
        trap.close()


def _is_metadata(host: object) -> bool:
    try:
        return ipaddress.ip_address(str(host)) in METADATA
    except ValueError:
        return False
