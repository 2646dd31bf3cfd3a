"""Property: health agrees with the plain reading of any sequence of fetch outcomes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.records import Outcome
from store.records import CheckRecord
from store.store import Store
from tests.store.builders import at, fetch, source


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(list(Outcome)), min_size=1, max_size=12))
def test_streak_is_the_failures_since_the_last_success(outcomes: list[Outcome]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{Path(directory) / 'jifen.db'}")
        store.upsert_sources([source()])
        store.record_checks(
            [
                CheckRecord(fetch=fetch(outcome=outcome, started_at=at(n)))
                for n, outcome in enumerate(outcomes)
            ]
        )
        found = store.health("skill-catalogue")
        store.close()
    successes = [n for n, o in enumerate(outcomes) if not o.is_failure]
    assert found.checks == len(outcomes)
    assert found.last_outcome is outcomes[-1]
    assert found.error_streak == len(outcomes) - 1 - (successes[-1] if successes else -1)
    assert found.last_success_at == (at(successes[-1]) if successes else None)
