"""Leases: one holder at a time, a term that grows with every acquisition, and fenced writes
that the store refuses once the lease has moved on (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store.errors import StaleTerm
from store.records import CheckRecord, Fence
from store.store import Store
from tests.store.builders import at, fetch, source

NAME = "scheduler"


@pytest.fixture
def opened(store: Store) -> Store:
    store.upsert_sources([source("a")])
    return store


def _seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def test_a_lease_has_one_holder_until_it_expires_or_is_released(opened: Store) -> None:
    now = at(0)
    first = opened.acquire_lease(NAME, "host-1", 30, now)
    assert first is not None and (first.holder, first.term) == ("host-1", 1)
    assert first.expires_at == now + _seconds(30)
    assert opened.acquire_lease(NAME, "host-2", 30, now + _seconds(10)) is None
    renewed = opened.renew_lease(Fence(NAME, "host-1", 1), 30, now + _seconds(20))
    assert renewed is not None and renewed.expires_at == now + _seconds(50)
    assert opened.renew_lease(Fence(NAME, "host-2", 1), 30, now + _seconds(20)) is None
    # host-1 stops renewing: after expiry host-2 takes over and host-1 learns it lost the lease
    taken = opened.acquire_lease(NAME, "host-2", 30, now + _seconds(51))
    assert taken is not None and (taken.holder, taken.term) == ("host-2", 2)
    assert opened.renew_lease(Fence(NAME, "host-1", 1), 30, now + _seconds(52)) is None
    assert not opened.release_lease(NAME, "host-1", now + _seconds(52))
    assert opened.release_lease(NAME, "host-2", now + _seconds(52))
    again = opened.acquire_lease(NAME, "host-1", 30, now + _seconds(53))
    assert again is not None and again.term == 3  # a release keeps the term: it never restarts


def test_every_acquisition_is_a_new_term_even_by_the_same_holder(opened: Store) -> None:
    terms = [opened.acquire_lease(NAME, "host-1", 30, at(0) + _seconds(n)) for n in range(3)]
    assert [t.term if t else None for t in terms] == [1, 2, 3]
    # the first two terms are over: renewing them fails, the current one renews
    assert opened.renew_lease(Fence(NAME, "host-1", 2), 30, at(0) + _seconds(4)) is None
    assert opened.renew_lease(Fence(NAME, "host-1", 3), 30, at(0) + _seconds(4)) is not None


def test_an_expired_lease_is_not_renewed_but_acquired_again_in_a_new_term(opened: Store) -> None:
    opened.acquire_lease(NAME, "host-1", 30, at(0))
    assert opened.renew_lease(Fence(NAME, "host-1", 1), 30, at(0) + _seconds(30)) is None
    again = opened.acquire_lease(NAME, "host-1", 30, at(0) + _seconds(30))
    assert again is not None and again.term == 2
    assert opened.lease(NAME) == again
    assert again.fence == Fence(NAME, "host-1", 2)


def test_a_write_under_an_old_term_is_refused_and_leaves_nothing(opened: Store) -> None:
    opened.acquire_lease(NAME, "host-1", 30, at(0))
    old = Fence(NAME, "host-1", 1)
    opened.record_checks([CheckRecord(fetch=fetch("a", started_at=at(0)))], fence=old)
    assert opened.health("a").checks == 1
    opened.acquire_lease(NAME, "host-2", 30, at(0) + _seconds(31))  # host-1's lease expired
    with pytest.raises(StaleTerm, match=r"term 1 refused.*host-2 in term 2"):
        opened.record_checks([CheckRecord(fetch=fetch("a", started_at=at(1)))], fence=old)
    assert opened.health("a").checks == 1
    current = Fence(NAME, "host-2", 2)
    opened.record_checks([CheckRecord(fetch=fetch("a", started_at=at(2)))], fence=current)
    assert opened.health("a").checks == 2


def test_a_fenced_write_without_any_lease_is_refused(opened: Store) -> None:
    with pytest.raises(StaleTerm, match="no holder"):
        opened.record_check(CheckRecord(fetch=fetch("a")), fence=Fence(NAME, "host-1", 1))
