"""Regenerates the rule tables (the rules and catalogues in force) from parsed versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from scoring.records import (
    CatalogueEntry,
    CatalogueTable,
    ParameterEntry,
    Provenance,
    RuleEntry,
    RuleTable,
)
from store.records import StoredVersion


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


def build_rule_table(versions: Iterable[StoredVersion], as_of: date) -> RuleTable:
    """The rule tables from the versions in force on `as_of`, one per source.

    When two sources state the same (indicator, level), the document in force from the later date
    wins: a new 办法 replaces the old one's values without the old source being edited.
    """
    in_force = sorted(versions, key=lambda v: (v.in_force_on, v.observed_at))
    rules: dict[tuple[str, str], RuleEntry] = {}
    general: dict[str, None] = {}
    catalogues: list[CatalogueTable] = []
    parameters: dict[tuple[str, str], ParameterEntry] = {}
    for version in in_force:
        provenance = provenance_of(version)
        document = version.document
        for parameter in document.parameters:
            parameters[parameter.key] = ParameterEntry(
                name=parameter.name,
                period=parameter.period,
                value=parameter.value,
                unit=parameter.unit,
                label=parameter.label,
                effective_from=parameter.effective_from,
                provenance=provenance,
            )
        if document.points is not None:
            for rule in document.points.rules:
                rules[rule.key] = RuleEntry(
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
            general.update(dict.fromkeys(document.points.conditions))
        if document.catalogue is not None:
            entries = tuple(
                CatalogueEntry(name=t.name, aliases=t.aliases, code=t.code, attributes=t.attributes)
                for t in document.catalogue.trades
            )
            catalogues.append(
                CatalogueTable(
                    source_id=version.source_id,
                    title=document.catalogue.title or document.meta.title,
                    entries=entries,
                    provenance=provenance,
                )
            )
    ordered = tuple(sorted(rules.values(), key=_rule_order))
    catalogues.sort(key=lambda c: c.source_id)
    return RuleTable(
        as_of=as_of,
        rules=ordered,
        catalogues=tuple(catalogues),
        general_conditions=tuple(general),
        parameters=tuple(sorted(parameters.values(), key=lambda p: (p.name, p.period))),
    )


_CATEGORY_ORDER = {"basic": 0, "add": 1, "deduct": 2, "veto": 3, "rule": 4}


def _rule_order(entry: RuleEntry) -> tuple[int, str, str]:
    return (_CATEGORY_ORDER.get(entry.category, 9), entry.indicator, entry.level)
