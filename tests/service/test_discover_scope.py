"""Links found on an index listing and in its articles are fetched only on the index's own site
(or hosts it names): a listing pointing at 127.0.0.2, at another port of 127.0.0.1 or at the
metadata address has those notices recorded as refused, and none of them is asked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from scraper.records import Source
from store.notices import NoticeStatus
from store.store import Store
from tests.fakesite import FakeSite
from tests.service.official import SEED_TRADES, catalogue_page
from tests.service.test_discover import CMS, LIST, _article, _check, _listing, _sources

TITLE = "关于公布上海市居住证积分高技能人才职业工种目录的通知"
METADATA_PATH = "/latest/meta-data/iam/security-credentials/"


@pytest.fixture
def world(fake_site: FakeSite, tmp_path: Path) -> Iterator[tuple[FakeSite, Store, list[Source]]]:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    sources = _sources(fake_site)
    store.upsert_sources(sources)
    try:
        yield fake_site, store, sources
    finally:
        store.close()


@pytest.fixture
def elsewhere() -> Iterator[tuple[FakeSite, FakeSite]]:
    """An internal service on another port of 127.0.0.1, and one on 127.0.0.2."""
    with FakeSite() as other_port, FakeSite(host="127.0.0.2") as other_host:
        for site in (other_port, other_host):
            site.publish("/notice.html", catalogue_page(SEED_TRADES))
            site.publish(f"{CMS}/secret.xlsx", b"secret", content_type="application/octet-stream")
        yield other_port, other_host


def test_listing_links_off_the_site_are_refused_and_never_fetched(
    world: tuple[FakeSite, Store, list[Source]],
    elsewhere: tuple[FakeSite, FakeSite],
    metadata_trap: FakeSite,
) -> None:
    site, store, sources = world
    other_port, other_host = elsewhere
    on_site = f"{LIST}/20260812/t0035_1000004.html"
    links = [
        (other_port.url("/notice.html"), TITLE, "2026-08-14"),
        (other_host.url("/notice.html"), TITLE, "2026-08-13"),
        (f"http://169.254.169.254{METADATA_PATH}", TITLE, "2026-08-12"),
        (on_site, TITLE, "2026-08-11"),
    ]
    site.publish(f"{LIST}/index.html", _listing(links))
    site.publish(on_site, catalogue_page(SEED_TRADES))

    _check(store, sources)

    seen = store.notices("rsj-rules")
    assert seen[site.url(on_site)].status is NoticeStatus.RECORDED
    expected = {
        other_port.url("/notice.html"): f"blocked_target: 127.0.0.1:{other_port.port} is not "
        "an allowed port",
        other_host.url("/notice.html"): "blocked_target: 127.0.0.2 is loopback",
        f"http://169.254.169.254{METADATA_PATH}": "blocked_target: 169.254.169.254 is link-local",
    }
    for url, detail in expected.items():
        assert (seen[url].status, seen[url].detail) == (NoticeStatus.REFUSED, detail)
    assert other_port.hits("/notice.html") == 0
    assert other_host.hits("/notice.html") == 0
    assert metadata_trap.hits(METADATA_PATH) == 0

    # Named by the index (host and port), the other port's notice is followed like its own.
    named = {"hosts": ("127.0.0.1",), "ports": (other_port.port,)}
    options = sources[0].options.model_copy(update=named)
    site.publish(
        f"{LIST}/index.html", _listing([(other_port.url("/p2.html"), TITLE, "2026-08-15")])
    )
    other_port.publish("/p2.html", catalogue_page(SEED_TRADES))
    _check(store, [replace(sources[0], options=options), *sources[1:]])
    assert store.notices("rsj-rules")[other_port.url("/p2.html")].status is NoticeStatus.RECORDED
    assert other_port.hits("/p2.html") == 1


def test_attachments_off_the_site_are_refused_and_never_fetched(
    world: tuple[FakeSite, Store, list[Source]], elsewhere: tuple[FakeSite, FakeSite]
) -> None:
    site, store, sources = world
    other_port, other_host = elsewhere
    article = f"{LIST}/20260801/t0035_1000003.html"
    files = "".join(
        f'<p><a href="{where.url(f"{CMS}/secret.xlsx")}">紧缺急需专业目录</a></p>'
        for where in (other_port, other_host)
    )
    site.publish(
        f"{LIST}/index.html", _listing([(article, "关于公布紧缺急需专业目录的通知", "2026-08-01")])
    )
    site.publish(article, _article("关于公布紧缺急需专业目录的通知", "沪人社规〔2026〕3号", files))

    _check(store, sources)

    notice = store.notices("rsj-rules")[site.url(article)]
    assert notice.status is NoticeStatus.UNREADABLE
    refused_port = f"blocked_target: 127.0.0.1:{other_port.port} is not an allowed port"
    assert f"refused {other_port.url(f'{CMS}/secret.xlsx')}: {refused_port}" in notice.detail
    assert "blocked_target: 127.0.0.2 is loopback" in notice.detail
    assert other_port.hits(f"{CMS}/secret.xlsx") == 0
    assert other_host.hits(f"{CMS}/secret.xlsx") == 0
