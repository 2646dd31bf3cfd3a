"""The rule tables in force on a date, assembled from every source's version in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from scoring.records import RuleTable
from scoring.tables import build_rule_table
from scraper.records import Source
from store.records import StoredVersion, VersionStatus
from store.store import Store


def version_in_use(store: Store, source_id: str, day: date) -> StoredVersion | None:
    """The version of a source the rule tables use on `day`.

    A rule document read in part (INCOMPLETE) is never published as the rules in force nor as a
    change; but when it is a newer document than the published one, the older rules are not in
    force any more either. The tables then use it with its gaps named (`points.unread`), so a
    score that needs one of them has no total, and a score that does not is complete. An
    incomplete re-reading of the document already in force (same date) does not replace it.
    """
    published = store.version_as_of(source_id, day)
    partial = store.version_as_of(source_id, day, status=VersionStatus.INCOMPLETE)
    if partial is None:
        return published
    if published is None or partial.in_force_on > published.in_force_on:
        return partial
    return published


def rule_table_as_of(store: Store, sources: Sequence[Source], day: date) -> RuleTable:
    versions = [version_in_use(store, s.id, day) for s in sources]
    return build_rule_table([v for v in versions if v is not None], day)
