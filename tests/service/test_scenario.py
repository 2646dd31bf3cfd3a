"""The tracking pipeline end to end against a fake official site on 127.0.0.1."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest

from diffing.gates import GateDecision
from diffing.records import ChangeClass
from scraper.fetch import FetchLimits, make_client
from scraper.records import Outcome, Source, SourceKind
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.record import CheckSummary, Recorder
from service.present.feed import render_feed
from service.settings import Settings
from store.store import Store
from tests.outbound import FAKE_SITES
from tests.service.official import SEED_TRADES, catalogue_page, points_page

FAST = replace(
    FetchLimits(),
    outbound=FAKE_SITES,
    per_host_delay_seconds=0.0,
    backoff_base_seconds=0.01,
    total_deadline_seconds=10.0,
)


def run_cycle(store: Store, sources: list[Source]) -> list[CheckSummary]:
    async def cycle() -> list[CheckSummary]:
        async with make_client(FAST) as client:
            pipeline = Pipeline(recorder=Recorder(store), client=client, limits=FAST)
            return await check_sources(pipeline, sources)

    return asyncio.run(cycle())


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'jifen.db'}")


@pytest.fixture
def sources(fake_site) -> list[Source]:  # type: ignore[no-untyped-def]
    return [
        Source(
            id="skill-trades",
            url=fake_site.url("/catalogue.html"),
            kind=SourceKind.CATALOGUE,
            name="高技能人才职业工种目录",
        ),
        Source(
            id="skill-points",
            url=fake_site.url("/points.html"),
            kind=SourceKind.POINTS,
            name="技能等级分值",
        ),
    ]


def revised_trades() -> list[str]:
    trades = [t for t in SEED_TRADES if t != "刨插工"]  # one removed
    trades = ["数控车工" if t == "车工" else t for t in trades]  # one renamed
    trades = [*trades, "工业机器人系统操作员", "集成电路工程技术员", "无人机驾驶员"]  # three added
    trades[0], trades[5] = trades[5], trades[0]  # reordered
    return trades


def names(store: Store, source_id: str, day: date) -> list[str]:
    version = store.version_as_of(source_id, day)
    assert version is not None and version.document.catalogue is not None
    return [t.name for t in version.document.catalogue.trades]


def test_first_check_records_catalogue_and_rules(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    store.upsert_sources(sources)

    summaries = run_cycle(store, sources)

    assert [s.outcome for s in summaries] == [Outcome.OK, Outcome.OK]
    assert all(s.version_id is not None and s.event_id is None for s in summaries)
    catalogue = store.latest_version("skill-trades")
    assert catalogue is not None and catalogue.document.catalogue is not None
    trades = catalogue.document.catalogue.trades
    assert len(trades) == 63
    assert trades[35].name == "金属热处理工" and trades[35].aliases == ("热处理工",)
    assert catalogue.meta.published_on == date(2026, 6, 13)
    points = store.latest_version("skill-points")
    assert points is not None and points.document.points is not None
    by_level = {r.level: r.points for r in points.document.points.rules if r.indicator == "SKILL"}
    assert by_level == {"5": 15, "4": 30, "3": 60, "2": 100, "1": 140}
    assert store.changes() == []


def test_revision_publishes_exactly_one_change_per_source(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    store.upsert_sources(sources)
    run_cycle(store, sources)

    fake_site.publish("/catalogue.html", catalogue_page(revised_trades(), visits=2000))
    fake_site.publish("/points.html", points_page({"三": 70}, visits=99))
    summaries = run_cycle(store, sources)

    assert all(s.event_id is not None for s in summaries)
    events = {e.source_id: e for e in store.changes()}
    assert set(events) == {"skill-trades", "skill-points"}
    trade_items = {(i.kind, i.subject, i.old, i.new) for i in events["skill-trades"].items}
    kinds = sorted(i.kind for i in events["skill-trades"].items)
    assert kinds == ["trade_added"] * 3 + ["trade_removed", "trade_renamed"]
    assert ("trade_removed", "刨插工", "刨插工", None) in {
        (k, s, o, n) for k, s, o, n in trade_items if k == "trade_removed"
    }
    renamed = [i for i in events["skill-trades"].items if i.kind == "trade_renamed"]
    assert (renamed[0].old, renamed[0].new) == ("车工", "数控车工")
    assert events["skill-trades"].classification is ChangeClass.RULE
    rule_items = events["skill-points"].items
    assert [(i.kind, i.old, i.new) for i in rule_items] == [("rule_modified", "60", "70")]
    assert "60 → 70" in events["skill-points"].title

    # The same content again (only the visit counter moved): nothing more is published.
    fake_site.publish("/catalogue.html", catalogue_page(revised_trades(), visits=2001))
    again = run_cycle(store, sources)
    assert [s.event_id for s in again] == [None, None]
    assert len(store.changes()) == 2


def test_unchanged_recheck_is_304_and_publishes_nothing(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    store.upsert_sources(sources)
    run_cycle(store, sources)

    summaries = run_cycle(store, sources)

    assert [s.outcome for s in summaries] == [Outcome.NOT_MODIFIED, Outcome.NOT_MODIFIED]
    assert store.changes() == []
    health = store.health("skill-trades")
    assert health.checks == 2 and health.error_streak == 0


FAILURES = {
    "503": lambda site: site.fail("/catalogue.html", 503, body=b"<h1>Service Unavailable</h1>"),
    "404": lambda site: site.fail("/catalogue.html", 404, body=b"<h1>Not Found</h1>"),
    "waf-200": lambda site: site.publish(
        "/catalogue.html",
        "<html><head><title>Access Denied</title></head><body>"
        "<script src='/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3'></script>"
        "Request unsuccessful. Incapsula incident ID: 1234</body></html>",
    ),
    "charset-flip": lambda site: site.publish(
        "/catalogue.html",
        catalogue_page(SEED_TRADES).encode("gb18030"),
        content_type="text/html; charset=utf-8",
    ),
    "layout-gone": lambda site: site.publish(
        "/catalogue.html", "<html><body><p>页面维护中，请稍后访问。</p></body></html>"
    ),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_failures_publish_nothing_and_keep_the_catalogue(  # type: ignore[no-untyped-def]
    fake_site, store, sources, failure
) -> None:
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    store.upsert_sources(sources)
    run_cycle(store, sources)
    before = names(store, "skill-trades", date(2026, 12, 31))

    FAILURES[failure](fake_site)
    summaries = run_cycle(store, sources[:1])

    assert store.changes() == []
    assert names(store, "skill-trades", date(2026, 12, 31)) == before
    if failure == "charset-flip":
        # Same text in another encoding: an ordinary unchanged check.
        assert summaries[0].outcome is Outcome.OK and summaries[0].event_id is None
    else:
        assert summaries[0].outcome.is_failure
        assert store.health("skill-trades").error_streak == 1


def test_drastic_drop_is_held_until_confirmed(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    store.upsert_sources(sources[:1])
    run_cycle(store, sources[:1])

    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES[:10]))
    held = run_cycle(store, sources[:1])[0]
    assert held.event_id is None and held.gate is not None
    assert held.gate.decision is GateDecision.QUARANTINE
    assert len(names(store, "skill-trades", date(2026, 12, 31))) == 63

    # The server answers 304 to the held capture's own validators: that confirms it.
    confirmed = run_cycle(store, sources[:1])[0]
    assert confirmed.outcome is Outcome.NOT_MODIFIED
    assert confirmed.event_id is not None
    event = store.change(confirmed.event_id)
    assert event is not None
    assert sum(1 for i in event.items if i.kind == "trade_removed") == 53
    assert len(names(store, "skill-trades", date(2026, 12, 31))) == 10


def test_flap_back_to_the_old_content_publishes_nothing(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    store.upsert_sources(sources[:1])
    run_cycle(store, sources[:1])
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES[:5]))
    run_cycle(store, sources[:1])
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES, visits=3))
    run_cycle(store, sources[:1])
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES[:5], visits=4))
    run_cycle(store, sources[:1])

    assert store.changes() == []
    assert len(names(store, "skill-trades", date(2026, 12, 31))) == 63


def test_feeds_of_the_changes_validate(fake_site, store, sources, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    store.upsert_sources(sources)
    run_cycle(store, sources)
    fake_site.publish("/catalogue.html", catalogue_page(revised_trades()))
    fake_site.publish("/points.html", points_page({"三": 70}))
    run_cycle(store, sources)
    settings = Settings(database_url="sqlite://", sources_path=tmp_path / "none.toml")

    for kind in ("atom", "rss"):
        body = render_feed(store, settings, sources, kind=kind)  # type: ignore[arg-type]
        parsed = feedparser.parse(body)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert len(parsed.entries) == 2
        titles = " ".join(e.title for e in parsed.entries)
        assert "60 → 70" in titles and "刨插工" in " ".join(
            e.get("summary", "") + e.get("content", [{}])[0].get("value", "")
            for e in parsed.entries
        )


def test_volatile_noise_across_ten_fetches_publishes_nothing(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    """Matrix row 20: visit counters, session tokens, timestamps and attribute order vary on
    every fetch; the catalogue does not."""
    store.upsert_sources(sources[:1])
    for n in range(10):
        page = catalogue_page(SEED_TRADES, visits=1000 + 37 * n).replace(
            "<table border='1'>",
            f"<input type='hidden' name='csrf' value='{n * 7919:08x}'>"
            f"<p class='stamp'>生成时间 2026-12-0{1 + n % 9} 08:{n:02d}:00</p>"
            + ("<table border='1'>" if n % 2 else '<table  border="1" >'),
        )
        fake_site.publish("/catalogue.html", page)
        (summary,) = run_cycle(store, sources[:1])
        assert summary.outcome is Outcome.OK
    assert store.changes() == []
    assert len(store.versions("skill-trades")) == 1


def test_an_error_then_the_same_page_again_publishes_nothing(fake_site, store, sources) -> None:  # type: ignore[no-untyped-def]
    """Matrix row 23: a 429 between two identical captures neither resets the baseline nor
    makes the next good capture a change (changedetection.io #962)."""
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    store.upsert_sources(sources[:1])
    run_cycle(store, sources[:1])
    fake_site.fail("/catalogue.html", 429, headers={"Retry-After": "3600"})
    (refused,) = run_cycle(store, sources[:1])
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES, visits=5))
    (again,) = run_cycle(store, sources[:1])
    assert refused.outcome is Outcome.TRANSIENT_ERROR and refused.detail == "http_429"
    assert again.outcome is Outcome.OK and again.event_id is None
    assert store.changes() == [] and len(store.versions("skill-trades")) == 1
    assert store.health("skill-trades").error_streak == 0
