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


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(list(Outcome))),
        max_size=15,
    )
)
def test_all_health_reads_each_source_on_its_own(checks: list[tuple[str, Outcome]]) -> None:
    # Checks of several sources interleave; each source's health sees only its own attempts.
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{Path(directory) / 'jifen.db'}")
        store.upsert_sources([source(name) for name in ("a", "b", "c")])
        store.record_checks(
            [
                CheckRecord(fetch=fetch(name, outcome=outcome, started_at=at(n)))
                for n, (name, outcome) in enumerate(checks)
            ]
        )
        found = {health.source_id: health for health in store.all_health()}
        unknown = store.health("never-upserted")
        store.close()
    assert sorted(found) == ["a", "b", "c"]
    for name in ("a", "b", "c"):
        own = [(n, outcome) for n, (of, outcome) in enumerate(checks) if of == name]
        successes = [n for n, outcome in own if not outcome.is_failure]
        health = found[name]
        assert health.checks == len(own)
        assert health.last_check_at == (at(own[-1][0]) if own else None)
        assert health.last_outcome == (own[-1][1] if own else None)
        assert health.last_success_at == (at(successes[-1]) if successes else None)
        assert health.error_streak == len([n for n, _ in own if not successes or n > successes[-1]])
    assert (unknown.checks, unknown.last_check_at, unknown.error_streak) == (0, None, 0)
