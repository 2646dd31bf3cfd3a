"""Property test over the app's own OpenAPI document (row 35): every generated request, valid or
not, gets an answer the document declares — its status code, media type, headers and body
shape (the error shape too, on every 4xx and 5xx) — never a 5xx; invalid input is refused and
valid input accepted.

The app is built at import because schemathesis parametrizes by operation at collection time.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, HookContext
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.service.test_api_world import build_world

_DIR = tempfile.TemporaryDirectory(prefix="jifen-schema-")
WORLD = build_world(Path(_DIR.name))
schema = schemathesis.openapi.from_asgi("/openapi.json", WORLD.app)

# Inputs whose validity no schema can state: a cursor is valid only when this API handed it
# out, a subscription target only when it is a reachable address the outbound policy allows.
# Such operations are still checked for everything else.
OPAQUE_INPUT = {"GET /v1/changes", "POST /v1/subscriptions"}
YEAR_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


@schema.hook("map_body")
def periods_in_order(context: HookContext, body: Any) -> Any:
    """A contribution-base period ends no earlier than it starts: a rule across two fields that
    the schema cannot state. Generated periods are put in order; everything else is left."""
    insurance = body.get("social_insurance") if isinstance(body, dict) else None
    history = insurance.get("base_history") if isinstance(insurance, dict) else None
    for period in history if isinstance(history, list) else ():
        start, end = (period.get(k) if isinstance(period, dict) else None for k in ("start", "end"))
        if all(isinstance(m, str) and YEAR_MONTH.match(m) for m in (start, end)) and end < start:
            period["start"], period["end"] = end, start
    return body


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    WORLD.store.close()
    _DIR.cleanup()


@schema.parametrize()
# Derandomised: the same examples on every run, so CI is never red by the luck of the draw; run
# without derandomize to explore further, as the fixes for "\t7" ids and blank searches were found.
@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
def test_every_answer_is_the_one_the_schema_declares(case: Case) -> None:
    excluded = [positive_data_acceptance] if case.operation.label in OPAQUE_INPUT else []
    response = case.call_and_validate(excluded_checks=excluded)
    if response.status_code >= 400 and "json" in str(response.headers.get("content-type")):
        assert set(response.json()["error"]) == {"code", "message", "fields"}
