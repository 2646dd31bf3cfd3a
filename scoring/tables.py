"""Regenerates the rule tables (the rules and catalogues in force) from parsed versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from scoring.records import (
    CatalogueEntry,
    CatalogueTable,
    ParameterEntry,
    Provenance,
    ProvisionEntry,
    RuleEntry,
    RuleTable,
    UnreadEntry,
)
from scraper.records import Catalogue, ParsedDocument, PointRule, PointsTable, Provision
from store.records import StoredVersion

RuleKey = tuple[str, str]
UnreadKey = tuple[str, str, str]  # indicator, level, what is missing


def provenance_of(version: StoredVersion) -> Provenance:
    meta = version.meta
    return Provenance(
        source_id=version.source_id,
        version_id=version.id,
        url=version.url,
        title=meta.title,
        doc_number=meta.doc_number,
        published_on=meta.published_on,
        effective_on=meta.effective_on,
        observed_at=version.observed_at,
        valid_until=meta.valid_until,
        extended_by=meta.extended_by,
    )


def precedence(version: StoredVersion) -> tuple[bool, date, datetime]:
    """The order in which versions are laid over each other; the last one wins.

    A rule document (one with a 文号, the original or a copy of it) outranks a page that only
    restates rules without naming the document; among equals, the one in force from the later
    date wins, then the one observed later.
    """
    return (version.meta.doc_number is not None, version.in_force_on, version.observed_at)


def build_rule_table(versions: Iterable[StoredVersion], as_of: date) -> RuleTable:
    """The rule tables from the versions in force on `as_of`, one per source.

    When two sources state the same (indicator, level), the later in `precedence` wins: a new
    办法 replaces the old one's values without the old source being edited.
    """
    rules: dict[RuleKey, RuleEntry] = {}
    unread: dict[UnreadKey, UnreadEntry] = {}
    general: dict[str, None] = {}
    catalogues: list[CatalogueTable] = []
    parameters: dict[tuple[str, str], ParameterEntry] = {}
    eligibility: tuple[ProvisionEntry, ...] = ()
    one_of: dict[tuple[str, ...], ProvisionEntry] = {}
    for version in sorted(versions, key=precedence):
        provenance = provenance_of(version)
        document = version.document
        parameters.update(_parameters(document, provenance))
        if document.points is not None:
            _merge_points(rules, unread, document.points, provenance)
            general.update(dict.fromkeys(document.points.conditions))
            # A document that says who it applies to replaces what an earlier one said.
            eligibility = _provisions(document.points.eligibility, provenance) or eligibility
            one_of.update(
                (p.indicators, p) for p in _provisions(document.points.one_of, provenance)
            )
        if document.catalogue is not None:
            catalogues.append(_catalogue(version, document.catalogue, provenance))
    catalogues.sort(key=lambda c: c.source_id)
    return RuleTable(
        as_of=as_of,
        rules=tuple(sorted(rules.values(), key=_rule_order)),
        catalogues=tuple(catalogues),
        general_conditions=tuple(general),
        parameters=tuple(sorted(parameters.values(), key=lambda p: (p.name, p.period))),
        unread=tuple(sorted(unread.values(), key=_unread_order)),
        eligibility=eligibility,
        one_of=tuple(one_of.values()),
    )


def _provisions(
    provisions: tuple[Provision, ...], provenance: Provenance
) -> tuple[ProvisionEntry, ...]:
    return tuple(ProvisionEntry(p.clause, p.text, p.indicators, provenance) for p in provisions)


def _parameters(
    document: ParsedDocument, provenance: Provenance
) -> dict[tuple[str, str], ParameterEntry]:
    return {
        parameter.key: ParameterEntry(
            name=parameter.name,
            period=parameter.period,
            value=parameter.value,
            unit=parameter.unit,
            label=parameter.label,
            effective_from=parameter.effective_from,
            provenance=provenance,
        )
        for parameter in document.parameters
    }


def _catalogue(
    version: StoredVersion, catalogue: Catalogue, provenance: Provenance
) -> CatalogueTable:
    entries = tuple(
        CatalogueEntry(name=t.name, aliases=t.aliases, code=t.code, attributes=t.attributes)
        for t in catalogue.trades
    )
    return CatalogueTable(
        source_id=version.source_id,
        title=catalogue.title or version.meta.title,
        entries=entries,
        provenance=provenance,
    )


def _merge_points(
    rules: dict[RuleKey, RuleEntry],
    unread: dict[UnreadKey, UnreadEntry],
    points: PointsTable,
    provenance: Provenance,
) -> None:
    """Lay one document's points over what the documents before it said.

    An item this document states replaces what earlier ones said of it, read or not: an older
    value never stays in force because the newer text could not be read.
    """
    stated = {rule.key for rule in points.rules} | {(u.indicator, u.level) for u in points.unread}
    whole = {u.indicator for u in points.unread if not u.level}
    indicators = {indicator for indicator, _ in stated}
    for key in [k for k in rules if k in stated or k[0] in whole]:
        del rules[key]
    for ukey in [
        k for k in unread if k[:2] in stated or k[0] in whole or (k[0] in indicators and not k[1])
    ]:
        del unread[ukey]
    for rule in points.rules:
        rules[rule.key] = _entry(rule, provenance)
    for item in points.unread:
        unread[(item.indicator, item.level, item.missing)] = UnreadEntry(
            indicator=item.indicator,
            level=item.level,
            clause=item.clause,
            text=item.text,
            missing=item.missing,
            provenance=provenance,
        )


def _entry(rule: PointRule, provenance: Provenance) -> RuleEntry:
    return RuleEntry(
        indicator=rule.indicator,
        level=rule.level,
        label=rule.label,
        points=rule.points,
        unit=rule.unit,
        cap=rule.cap,
        conditions=rule.conditions,
        category=rule.category,
        provenance=provenance,
        params=rule.params,
        clause=rule.clause,
    )


_CATEGORY_ORDER = {"basic": 0, "add": 1, "deduct": 2, "veto": 3, "rule": 4}


def _rule_order(entry: RuleEntry) -> tuple[int, str, str]:
    return (_CATEGORY_ORDER.get(entry.category, 9), entry.indicator, entry.level)


def _unread_order(entry: UnreadEntry) -> tuple[str, str, str]:
    return (entry.indicator, entry.level, entry.missing)
