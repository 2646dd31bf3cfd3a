"""A first start with an empty store serves the pages the project started from, dated truly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from diffing.records import ChangeClass
from scraper.sources import load_sources
from service.pipeline.bootstrap import import_bundled_captures
from service.runtime import recorder_for
from service.settings import BUNDLED_SOURCES
from store.store import Store


def test_bundled_captures_fill_an_empty_store_once(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    sources = load_sources(BUNDLED_SOURCES)
    store.upsert_sources(sources)

    lines = list(import_bundled_captures(recorder_for(store, sources), sources))

    assert len(lines) == 3
    catalogue = store.version_as_of("skill-trade-catalogue", date(2024, 1, 1))
    assert catalogue is not None and catalogue.document.catalogue is not None
    assert len(catalogue.document.catalogue.trades) == 63
    assert catalogue.meta.published_on == date(2023, 8, 3)
    assert store.version_as_of("skill-trade-catalogue", date(2023, 8, 1)) is None
    # Seed 003 (2025) words the same values in the older 技能类国家职业资格 terms: wording only.
    (event,) = store.changes()
    assert event.classification is ChangeClass.WORDING and event.is_backfill
    assert list(import_bundled_captures(recorder_for(store, sources), sources)) == []
    store.close()
