"""Property test over the app's own OpenAPI document: no generated request gets a 5xx (row 35).

The app is built at import because schemathesis parametrizes by operation at collection time.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case

from tests.service.test_api_world import build_world

_DIR = tempfile.TemporaryDirectory(prefix="jifen-schema-")
WORLD = build_world(Path(_DIR.name))
schema = schemathesis.openapi.from_asgi("/openapi.json", WORLD.app)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    WORLD.store.close()
    _DIR.cleanup()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
def test_no_request_gets_a_server_error(case: Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    if response.status_code >= 400 and "json" in str(response.headers.get("content-type")):
        assert set(response.json()) == {"error"}
