"""The API world with one more catalogue history: a trade listed in 2024 and dropped in 2025,
observed late at night UTC (already the next day in Shanghai). No tests here; the home-search,
trade-page and browser tests import it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from scraper.records import DocumentMeta, ParsedDocument, Trade
from tests.service.test_api_world import BROKEN, V1_DOC, World, build_world, record_version

DROPPED_TRADE = "车工"
# 2025-05-31 17:30 UTC is 2025-06-01 01:30 in Shanghai: the day a person there saw it.
DROPPED_SEEN = datetime(2025, 5, 31, 17, 30, tzinfo=UTC)
DROPPED_SEEN_SHANGHAI = "2025-06-01"
DROPPED_SEEN_UTC = "2025-05-31"
LISTED_SEEN = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)


def _broken_doc(trades: tuple[Trade, ...], meta: DocumentMeta) -> ParsedDocument:
    doc = replace(V1_DOC, source_id=BROKEN.id, url=BROKEN.url, meta=meta)
    assert doc.catalogue is not None
    return replace(doc, catalogue=replace(doc.catalogue, trades=trades))


WITH_TURNER = _broken_doc(
    (Trade("电工"), Trade("热处理工"), Trade(DROPPED_TRADE)),
    DocumentMeta(
        title="2024年技能目录（增补）",
        published_on=date(2024, 5, 20),
        effective_on=date(2024, 6, 1),
        doc_number="沪人社规〔2024〕7号",
    ),
)
WITHOUT_TURNER = _broken_doc(
    (Trade("电工"), Trade("热处理工")),
    DocumentMeta(title="2025年技能目录（调整）", published_on=date(2025, 5, 30)),
)


def build_listing_world(tmp_path: Path) -> World:
    world = build_world(tmp_path)
    store = world.store
    base = store.latest_version(BROKEN.id)
    assert base is not None
    added = record_version(
        store, BROKEN, WITH_TURNER, LISTED_SEEN, base=base.document, base_id=base.id
    )
    record_version(
        store,
        BROKEN,
        WITHOUT_TURNER,
        DROPPED_SEEN,
        base=WITH_TURNER,
        base_id=added.version_id,
    )
    return world
