"""The rule tables in force on a date, assembled from every source's version in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from scoring.records import RuleTable
from scoring.tables import build_rule_table
from scraper.records import Source
from store.in_force import VersionKey
from store.records import StoredVersion, VersionStatus
from store.store import Store


class _InForce(Protocol):
    @property
    def in_force_on(self) -> date: ...


V = TypeVar("V", bound=_InForce)


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
    return in_use(published, partial)


def in_use(published: V | None, partial: V | None) -> V | None:
    """Of the published and the incomplete version in force, the one the tables use (see
    `version_in_use`)."""
    if partial is None:
        return published
    if published is None or partial.in_force_on > published.in_force_on:
        return partial
    return published


def rule_table_as_of(store: Store, sources: Sequence[Source], day: date) -> RuleTable:
    return build_rule_table(versions_in_use(store, sources, day), day)


def versions_in_use(store: Store, sources: Sequence[Source], day: date) -> list[StoredVersion]:
    """`version_in_use` for each source, in two queries whatever the number of sources."""
    keys = chosen_keys(store, sources, day)
    stored = store.stored_versions(k.id for k in keys.values())
    return [stored[k.id] for k in keys.values() if k.id in stored]


def chosen_keys(store: Store, sources: Sequence[Source], day: date) -> dict[str, VersionKey]:
    """The version in use of each source that has one, without its document, by source."""
    statuses = (VersionStatus.PUBLISHED, VersionStatus.INCOMPLETE)
    found = store.versions_in_force([s.id for s in sources], day, statuses)
    chosen = {}
    for source in sources:
        of = found.get(source.id, {})
        key = in_use(of.get(VersionStatus.PUBLISHED), of.get(VersionStatus.INCOMPLETE))
        if key is not None:
            chosen[source.id] = key
    return chosen
