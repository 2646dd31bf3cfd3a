"""The points a listed trade (or major) earns by level under the rules in force on a day, each
with its document — or, for each level, that the rule could not be read or is not in force.
Never a guessed number."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.catalogues import CatalogueKind, catalogue_kind
from scoring.records import CatalogueTable, RuleEntry, RuleTable, UnreadEntry
from scoring.tables import provenance_of
from store.records import StoredVersion
from words import N_

# The levels a certificate of each catalogue can be held at, with the names applicants use.
_LEVELS: dict[CatalogueKind, tuple[tuple[str, str, str], ...]] = {
    CatalogueKind.SKILL: (
        ("SKILL", "5", N_("Level 5 (初级工)")),
        ("SKILL", "4", N_("Level 4 (中级工)")),
        ("SKILL", "3", N_("Level 3 (高级工)")),
        ("SKILL", "2", N_("Level 2 (技师)")),
        ("SKILL", "1", N_("Level 1 (高级技师)")),
    ),
    CatalogueKind.TITLE: (
        ("SKILL", "2", N_("Intermediate title or an equivalent qualification")),
        ("SKILL", "1", N_("Senior title")),
    ),
    CatalogueKind.MAJOR: (("SHORTAGE_MAJOR", "", N_("Shortage major")),),
}


@dataclass(frozen=True, slots=True)
class LevelPoints:
    """One level: its rule in force, or what stops jifen from stating its points."""

    indicator: str
    level: str
    name: str  # a msgid: the level as applicants name it
    rule: RuleEntry | None
    unread: UnreadEntry | None  # stated by a document in force but not read


def catalogue_kind_of(table: RuleTable, version: StoredVersion | None) -> CatalogueKind | None:
    """What a source's catalogue is for, read from the version in force (or the newest)."""
    if version is None or version.document.catalogue is None:
        return None
    catalogue = version.document.catalogue
    shaped = CatalogueTable(version.source_id, catalogue.title, (), provenance_of(version))
    return catalogue_kind(shaped)


def points_by_level(table: RuleTable, kind: CatalogueKind | None) -> tuple[LevelPoints, ...]:
    """Each level the catalogue's certificates are scored at; () when it is scored at none."""
    rows = []
    for indicator, level, name in _LEVELS.get(kind, ()) if kind else ():
        unread = next((u for u in table.unread if u.covers(indicator, level)), None)
        rows.append(LevelPoints(indicator, level, name, table.rule(indicator, level), unread))
    return tuple(rows)
