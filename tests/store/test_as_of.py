"""As-of reads: the indexed lookup agrees with the in-force rule, on any history and any date."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from store.db import make_engine, write_transaction
from store.migrate import alembic_config
from store.records import StoredVersion, VersionStatus
from store.store import Store, StoreUnavailable
from store.tables import VERSION
from tests.store.builders import at, document, new_version_check, source, trade

SRC = "skill-catalogue"
DAYS = st.dates(min_value=date(2025, 12, 20), max_value=date(2026, 3, 31))
# Few distinct page dates, near the capture dates, so that versions often share a day.
PAGE_DAYS = st.sampled_from([date(2026, 1, 1), date(2026, 3, 1), date(2026, 3, 3)])
STEP = st.tuples(
    st.none() | PAGE_DAYS,  # published_on
    st.none() | PAGE_DAYS,  # effective_on
    st.integers(min_value=0, max_value=72),  # hours after the previous capture
    st.sampled_from([VersionStatus.PUBLISHED, VersionStatus.QUARANTINED]),
)


def _record(store: Store, steps: list[tuple[date | None, date | None, int, VersionStatus]]) -> None:
    base, hours = None, 0
    for n, (published_on, effective_on, gap, status) in enumerate(steps):
        hours += gap
        doc = document(
            trades=(trade(f"工种{n}"),), published_on=published_on, effective_on=effective_on
        )
        check = new_version_check(doc, base=base, started_at=at(hours), status=status)
        base = store.record_check(check).version_id


def _expected(published: list[StoredVersion], day: date, timeline: str) -> int | None:
    """The plain reading: newest (by day, then observation) published version on or before day."""
    if timeline == "effective":
        keyed = [(v.in_force_on, v.observed_at, v.id) for v in published if v.in_force_on <= day]
    else:
        seen = [v for v in published if v.observed_at.date() <= day]
        keyed = [(v.observed_at.date(), v.observed_at, v.id) for v in seen]
    return max(keyed)[2] if keyed else None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(STEP, min_size=1, max_size=8),
    st.lists(DAYS, min_size=1, max_size=6),
    st.sampled_from(["effective", "observed"]),
)
def test_as_of_picks_the_newest_published_version_in_force(
    steps: list[tuple[date | None, date | None, int, VersionStatus]],
    days: list[date],
    timeline: str,
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{Path(directory) / 'jifen.db'}")
        store.upsert_sources([source()])
        _record(store, steps)
        summaries = store.versions(SRC)
        published = [
            found
            for summary in summaries
            if summary.status is VersionStatus.PUBLISHED
            and (found := store.version(summary.id)) is not None
        ]
        answers = {}
        for day in days:
            found = store.version_as_of(SRC, day, timeline=timeline)  # type: ignore[arg-type]
            answers[day] = None if found is None else found.id
        store.close()
    assert answers == {day: _expected(published, day, timeline) for day in days}


@pytest.mark.parametrize("timeline", ["effective", "observed"])
def test_the_first_and_last_representable_days_answer_without_error(
    store: Store, timeline: str
) -> None:
    store.upsert_sources([source()])
    doc = document(published_on=date(2025, 1, 10))
    version_id = store.record_check(new_version_check(doc, base=None)).version_id
    assert store.version_as_of(SRC, date.min, timeline=timeline) is None  # type: ignore[arg-type]
    latest = store.version_as_of(SRC, date.max, timeline=timeline)  # type: ignore[arg-type]
    assert latest is not None and latest.id == version_id


def test_an_undated_version_is_in_force_from_its_utc_observation_day(store: Store) -> None:
    # 01:30 in Shanghai on 2 March is 17:30 UTC on 1 March
    shanghai = timezone(timedelta(hours=8))
    store.upsert_sources([source()])
    check = new_version_check(
        document(), base=None, started_at=datetime(2026, 3, 2, 1, 30, tzinfo=shanghai)
    )
    version_id = store.record_check(check).version_id
    assert store.version_as_of(SRC, date(2026, 2, 28)) is None
    found = store.version_as_of(SRC, date(2026, 3, 1))
    assert found is not None and found.id == version_id
    assert found.in_force_on == date(2026, 3, 1)


def test_upgrading_an_older_database_fills_every_in_force_date(store: Store) -> None:
    store.upsert_sources([source()])
    _record(
        store,
        [
            (date(2025, 1, 10), None, 0, VersionStatus.PUBLISHED),
            (date(2025, 1, 10), date(2025, 7, 1), 5, VersionStatus.PUBLISHED),
            (None, None, 30, VersionStatus.QUARANTINED),
            (None, date(2024, 2, 29), 20, VersionStatus.PUBLISHED),
        ],
    )
    wanted = {v.id: v.in_force_on for s in store.versions(SRC) if (v := store.version(s.id))}
    with write_transaction(store.engine) as connection:
        command.downgrade(alembic_config(connection), "0002_notice")
    store.migrate()
    with store.engine.connect() as connection:
        filled = dict(connection.execute(select(VERSION.c.id, VERSION.c.in_force_on)).all())
    assert filled == wanted
    assert sorted(set(wanted.values())) == [
        date(2024, 2, 29),
        date(2025, 1, 10),
        date(2025, 7, 1),
        at(35).astimezone(UTC).date(),
    ]


def test_ping_answers_while_the_database_does_and_raises_once_it_does_not(store: Store) -> None:
    store.ping()
    store.engine.dispose()
    # The same store pointed at a port nothing listens on: the driver's refusal comes through,
    # as an unavailable database whatever the driver.
    store.engine = make_engine("postgresql://jifen@127.0.0.1:1/none")
    with pytest.raises(StoreUnavailable, match="connection refused"):
        store.ping()
