"""A capture must be whole and its names text before it is a version (reliability matrix row 8):
a close-delimited page cut short, a first capture cut short, a framed page half its size, names
with markup debris or U+FFFD. The recorded seed-000 catalogue page (63 trades) is the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.records import Outcome, Source, SourceKind
from store.store import Store
from tests import rawsite
from tests.fakesite import FakeSite
from tests.rawsite import RawSite
from tests.service.test_scenario import run_cycle

PAGE = (Path(__file__).parent.parent / "fixtures" / "pages" / "seed000.html").read_bytes()
# Cut at half: 49 of the 63 rows survive, which old gates published as "14 trades removed".
HALF = PAGE[: len(PAGE) // 2]
TRADE = "焊工".encode()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'jifen.db'}")


def _source(url: str) -> Source:
    return Source(id="skill-trades", url=url, kind=SourceKind.CATALOGUE, name="技能目录")


def _check(store: Store, source: Source) -> tuple[str, str, str | None]:
    store.upsert_sources([source])
    (summary,) = run_cycle(store, [source])
    return summary.outcome.value, summary.detail, summary.gate.label if summary.gate else None


def test_a_cut_later_capture_publishes_no_change_then_or_after(
    store: Store, raw_site: RawSite
) -> None:
    source = _source(raw_site.url("/ml.html"))
    raw_site.serve("/ml.html", rawsite.close_delimited(PAGE))
    assert _check(store, source)[0] == "ok"
    first = store.latest_version(source.id)
    assert first is not None

    raw_site.serve("/ml.html", rawsite.close_delimited(HALF))
    outcome, detail, _ = _check(store, source)
    assert (outcome, detail) == ("suspect", "truncated_unframed:no_html_end")

    raw_site.serve("/ml.html", rawsite.close_delimited(PAGE))
    assert _check(store, source)[0] == "ok"
    latest = store.latest_version(source.id)
    assert latest is not None and latest.id == first.id
    assert store.changes() == []


def test_a_cut_first_capture_does_not_become_the_baseline(store: Store, raw_site: RawSite) -> None:
    source = _source(raw_site.url("/ml.html"))
    raw_site.serve("/ml.html", rawsite.close_delimited(HALF))
    assert _check(store, source)[:2] == ("suspect", "truncated_unframed:no_html_end")
    assert store.latest_version(source.id) is None

    raw_site.serve("/ml.html", rawsite.close_delimited(PAGE))
    assert _check(store, source)[0] == "ok"
    baseline = store.latest_version(source.id)
    assert baseline is not None and baseline.document.catalogue is not None
    assert len(baseline.document.catalogue.trades) == 63
    assert store.changes() == []


def test_a_framed_first_capture_cut_short_waits_for_a_whole_one(
    store: Store, raw_site: RawSite
) -> None:
    # The server announced the cut length itself: the HTTP layer sees nothing wrong.
    source = _source(raw_site.url("/ml.html"))
    raw_site.serve("/ml.html", rawsite.short_body(len(HALF), HALF))
    outcome, _, gate = _check(store, source)
    assert (outcome, gate) == ("ok", "quarantine:first_capture_cut:no_html_end")
    assert store.latest_version(source.id) is None

    raw_site.serve("/ml.html", rawsite.short_body(len(PAGE), PAGE))
    assert _check(store, source)[2] == "pass"
    baseline = store.latest_version(source.id)
    assert baseline is not None and baseline.document.catalogue is not None
    assert len(baseline.document.catalogue.trades) == 63
    assert store.changes() == []


def test_a_framed_capture_at_half_the_text_is_held_not_published(
    store: Store, raw_site: RawSite
) -> None:
    source = _source(raw_site.url("/ml.html"))
    raw_site.serve("/ml.html", rawsite.short_body(len(PAGE), PAGE))
    _check(store, source)
    raw_site.serve("/ml.html", rawsite.short_body(len(HALF), HALF))
    assert _check(store, source)[2] == "quarantine:text_collapsed:830/1947"
    raw_site.serve("/ml.html", rawsite.short_body(len(PAGE), PAGE))
    _check(store, source)
    assert store.changes() == []


def _with_name(replacement: bytes) -> bytes:
    return PAGE.replace(TRADE, replacement, 1)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (b"&lt;script&gt;alert(1)&lt;/script&gt;", "name_markup"),
        (b"&lt;script&gt;&lt;/script&gt;", "name_empty"),
        (b"\xe7\x84\xff\xe5\xb7\xa5", "name_undecodable(2 U+FFFD)"),
    ],
    ids=["markup", "markup-only", "invalid-utf8"],
)
def test_a_name_that_is_not_text_is_held_for_review_and_stays_held(
    store: Store, fake_site: FakeSite, name: bytes, reason: str
) -> None:
    source = _source(fake_site.url("/ml.html"))
    fake_site.publish("/ml.html", PAGE)
    _check(store, source)
    fake_site.publish("/ml.html", _with_name(name))
    for _ in range(2):  # seen again (a 304 the second time), it is not confirmed
        gate = _check(store, source)[2]
        assert gate is not None and gate.startswith(f"quarantine:{reason}:#30 ")
    assert store.changes() == []

    fake_site.publish("/ml.html", PAGE)
    assert _check(store, source)[2] == "pass"
    assert store.changes() == []


def test_a_first_capture_with_a_markup_name_is_not_the_baseline(
    store: Store, fake_site: FakeSite
) -> None:
    source = _source(fake_site.url("/ml.html"))
    fake_site.publish("/ml.html", _with_name(b"&lt;script&gt;&lt;/script&gt;"))
    # "/" splits the cell into names: "<script><" and "script>", both markup only.
    assert _check(store, source)[2] == "quarantine:name_empty:#30 '<script><'"
    assert _check(store, source)[2] == "quarantine:name_empty:#30 '<script><'"
    assert store.latest_version(source.id) is None
    fake_site.publish("/ml.html", PAGE)
    assert _check(store, source)[:2] == (Outcome.OK.value, "")
    assert store.latest_version(source.id) is not None
    assert store.changes() == []
