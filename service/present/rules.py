"""The rule tables in force on a date, assembled from every source's version in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scoring.records import RuleTable
from scoring.tables import build_rule_table
from scraper.records import Source
from store.store import Store


def rule_table_as_of(store: Store, sources: Sequence[Source], day: date) -> RuleTable:
    versions = [store.version_as_of(s.id, day) for s in sources]
    return build_rule_table([v for v in versions if v is not None], day)
