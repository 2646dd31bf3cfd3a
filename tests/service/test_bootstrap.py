"""A first start with an empty store serves the pages the project started from, dated truly, and
publishes no change: two different pages are two documents, never two versions of one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from scraper.sources import load_sources
from service.pipeline.bootstrap import (
    ManifestError,
    bundled_captures,
    check_identity,
    import_bundled_captures,
)
from service.runtime import recorder_for
from service.settings import BUNDLED_SOURCES
from store.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    yield store
    store.close()


def test_a_first_start_fills_an_empty_store_once_and_publishes_no_change(store: Store) -> None:
    sources = load_sources(BUNDLED_SOURCES)
    store.upsert_sources(sources)

    lines = list(import_bundled_captures(recorder_for(store, sources), sources))

    assert len(lines) == len(bundled_captures())
    catalogue = store.version_as_of("skill-trade-catalogue", date(2024, 1, 1))
    assert catalogue is not None and catalogue.document.catalogue is not None
    assert len(catalogue.document.catalogue.trades) == 63
    assert catalogue.meta.published_on == date(2023, 8, 3)
    assert catalogue.url == "https://wfek.com/jifen/7871.html"
    assert store.version_as_of("skill-trade-catalogue", date(2023, 8, 1)) is None
    # Seed 000 (2023) and seed 003 (2025) are two pages: each is the first version of its own
    # source, and neither is a change of the other.
    assert store.changes() == []
    seed003 = store.latest_version("skill-level-points-51luohu")
    assert seed003 is not None and seed003.url == "http://www.51luohu.com/news/179607.html"
    assert list(import_bundled_captures(recorder_for(store, sources), sources)) == []


def test_every_bundled_capture_of_a_page_source_is_of_that_page() -> None:
    sources = load_sources(BUNDLED_SOURCES)
    check_identity(bundled_captures(), sources)
    configured = {s.id for s in sources}
    assert {c.source_id for c in bundled_captures()} <= configured


def test_a_capture_of_another_page_is_refused_before_anything_is_imported() -> None:
    sources = load_sources(BUNDLED_SOURCES)
    seed003 = next(c for c in bundled_captures() if c.path.name == "seed003.html")
    misplaced = replace(seed003, source_id="skill-level-points")
    with pytest.raises(ManifestError, match="different page is a different document"):
        check_identity([misplaced], sources)
