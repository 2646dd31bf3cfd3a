"""Two schedulers on one PostgreSQL, the leader's connection through a proxy that the test cuts
for longer than three lease times: the leader steps down before its lease expires, the standby
takes over once it has, no slot is checked twice, and a write of the old term is refused."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from scraper.records import FetchResult, Outcome, Source, SourceKind
from service.lease import LeaseTiming, Role
from service.scheduler import SourceScheduler
from store.errors import StaleTerm
from store.records import CheckRecord, Fence
from store.store import Store
from tests.store.builders import source as stored_source
from tests.tcpproxy import TcpProxy

TTL = 1.0
TIMING = LeaseTiming(ttl_seconds=TTL)
CUT_SECONDS = 3.5 * TTL  # longer than three lease times
EVERY_SECOND = "* * * * * *"  # six fields: seconds first
SOURCE = Source("a", "https://rsj.sh.gov.cn/a.html", SourceKind.CATALOGUE, schedule=EVERY_SECOND)


@dataclass
class Watch:
    """What each scheduler did, on the real clock: checks started and role changes."""

    # (who, started at, term, the lease's expiry as that process knew it), monotonic seconds
    checks: list[tuple[str, float, int, float | None]] = field(default_factory=list)
    # (who, seen at, role, term, the lease's expiry as that process knew it)
    roles: list[tuple[str, float, Role, int | None, float | None]] = field(default_factory=list)


def _through(proxy: TcpProxy, url: str) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)


def _scheduler(store: Store, name: str, watch: Watch) -> SourceScheduler:
    scheduler: SourceScheduler

    async def check(source: Source, fence: Fence) -> None:
        started = datetime.now(UTC)
        expires = _monotonic(scheduler.lease().expires_at)
        watch.checks.append((name, time.monotonic(), fence.term, expires))
        fetched = FetchResult(
            source_id=source.id,
            requested_url=source.url,
            outcome=Outcome.NOT_MODIFIED,
            started_at=started,
            elapsed_seconds=0.0,
            detail=f"{name}:{fence.term}",
        )
        await asyncio.to_thread(store.record_checks, [CheckRecord(fetch=fetched)], fence=fence)

    scheduler = SourceScheduler(
        store, [SOURCE], check, default_schedule=EVERY_SECOND, jitter_seconds=0, timing=TIMING
    )
    return scheduler


async def _watch_roles(watch: Watch, schedulers: dict[str, SourceScheduler]) -> None:
    last: dict[str, tuple[Role, int | None]] = {}
    while True:
        for name, scheduler in schedulers.items():
            view = scheduler.lease()
            if last.get(name) != (view.role, view.term) or view.role is Role.LEADER:
                expires = _monotonic(view.expires_at)
                watch.roles.append((name, time.monotonic(), view.role, view.term, expires))
                last[name] = (view.role, view.term)
        await asyncio.sleep(0.02)


def _first(watch: Watch, name: str, role: Role, after: float = 0.0) -> tuple[float, int | None]:
    for who, at, seen, term, _ in watch.roles:
        if (who, seen) == (name, role) and at >= after:
            return at, term
    raise AssertionError(f"{name} was never {role} after {after}")


@pytest.mark.slow
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_leader_cut_from_postgres_steps_down_and_the_standby_takes_over(
    store_url: str,
) -> None:
    direct = Store(store_url)
    direct.upsert_sources([stored_source("a")])
    proxy = TcpProxy(*_host_port(store_url))
    proxied = Store(_through(proxy, store_url))
    watch = Watch()
    figures: dict[str, float] = {}

    async def scenario() -> None:
        leader, standby = _scheduler(proxied, "L", watch), _scheduler(direct, "S", watch)
        roles = asyncio.create_task(_watch_roles(watch, {"L": leader, "S": standby}))
        leader.start()
        await _until(leader.is_leader)
        standby.start()
        await asyncio.sleep(2.5 * TTL)  # L checks every second meanwhile
        old_fence = leader.lease()
        assert old_fence.role is Role.LEADER and old_fence.term is not None
        figures["cut_at"] = time.monotonic()
        proxy.cut()
        await asyncio.sleep(CUT_SECONDS)
        proxy.restore()
        figures["restored_at"] = time.monotonic()
        await asyncio.sleep(2.5 * TTL)
        # L is back on the database as a standby; a write under its old term is refused.
        assert leader.lease().role is Role.STANDBY and leader.lease().failures == 0
        stale = Fence("scheduler", leader.holder, old_fence.term)
        late = CheckRecord(fetch=_late_fetch())
        with pytest.raises(StaleTerm):
            await asyncio.to_thread(proxied.record_checks, [late], fence=stale)
        # S stops cleanly: L takes the lease back within a standby poll.
        await standby.stop()
        figures["released_at"] = time.monotonic()
        await _until(leader.is_leader, timeout_seconds=3 * TTL)
        figures["retaken_at"] = time.monotonic()
        await leader.stop()
        roles.cancel()

    try:
        asyncio.run(scenario())
        _assert_outage(watch, figures, direct)
    finally:
        proxied.close()
        direct.close()
        proxy.close()


def _assert_outage(watch: Watch, figures: dict[str, float], direct: Store) -> None:
    cut_at = figures["cut_at"]
    down_at, _ = _first(watch, "L", Role.STANDBY, after=cut_at)
    taken_at, new_term = _first(watch, "S", Role.LEADER, after=cut_at)
    # The end of the lease L last confirmed before it stepped down.
    expiry = max(
        e
        for who, at, role, _, e in watch.roles
        if who == "L" and role is Role.LEADER and e and at < down_at
    )
    figures.update(down_before_expiry=expiry - down_at, takeover_after_down=taken_at - down_at)
    print(f"lease outage figures: {figures}")
    assert down_at < expiry, "L scheduled on past its lease"
    assert expiry <= taken_at + 0.05, "S took the lease before it had expired"
    assert taken_at - down_at <= TTL, "S took longer than a lease time after L stepped down"
    old_terms = {term for who, _, term, _ in watch.checks if who == "L"}
    assert new_term is not None and new_term > max(old_terms)
    # No process started a check on an expired lease, and L none after it stepped down.
    for who, at, _, expires in watch.checks:
        assert expires is not None and at < expires
        if who == "L" and cut_at < at < figures["restored_at"]:
            assert at < down_at
    _assert_each_slot_once(direct)
    assert figures["retaken_at"] - figures["released_at"] <= TIMING.standby_every + 0.2


def _assert_each_slot_once(direct: Store) -> None:
    """Recorded checks of `a`: one per slot (a second: the schedule fires on each whole one; a
    catch-up run stands for the slot it started in), and the terms never go back."""
    with direct.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT started_at, detail FROM fetch_attempt WHERE source_id = 'a' ORDER BY id"
        ).all()
    starts = [row[0] for row in rows]
    terms = [int(str(row[1]).split(":")[1]) for row in rows]
    assert len(rows) >= 5
    assert terms == sorted(terms), f"a write of an old term landed after a newer one: {terms}"
    slots = [int(start.timestamp()) for start in starts]
    assert len(set(slots)) == len(slots), f"a slot checked twice: {starts}"


def _monotonic(moment: datetime | None) -> float | None:
    if moment is None:
        return None
    return time.monotonic() + (moment - datetime.now(UTC)).total_seconds()


def _late_fetch() -> FetchResult:
    return FetchResult(
        source_id="a",
        requested_url=SOURCE.url,
        outcome=Outcome.NOT_MODIFIED,
        started_at=datetime.now(UTC),
        elapsed_seconds=0.0,
        detail="late:0",
    )


def _host_port(url: str) -> tuple[str, int]:
    parsed = make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432


async def _until(condition: Any, timeout_seconds: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)
