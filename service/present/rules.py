"""The rule tables in force on a date, assembled from every source's version in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scoring.records import RuleTable
from scoring.tables import build_rule_table
from scraper.records import Source
from store.records import StoredVersion
from store.store import Store


def version_in_use(store: Store, source_id: str, day: date) -> StoredVersion | None:
    """The version of a source the rule tables use on `day`."""
    return store.version_as_of(source_id, day)


def rule_table_as_of(store: Store, sources: Sequence[Source], day: date) -> RuleTable:
    versions = [version_in_use(store, s.id, day) for s in sources]
    return build_rule_table([v for v in versions if v is not None], day)
