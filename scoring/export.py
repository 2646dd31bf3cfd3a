"""The rule tables as JSON and CSV, the formats calculators and apps consume."""

from __future__ import annotations

import csv
import io
from typing import Any

from scoring.records import CatalogueTable, ParameterEntry, Provenance, RuleTable, UnreadEntry

RULE_COLUMNS = (
    "indicator",
    "level",
    "label",
    "points",
    "unit",
    "cap",
    "category",
    "conditions",
    "params",
    "clause",
    "source_id",
    "doc_number",
    "published_on",
    "effective_on",
    "url",
)
PARAMETER_COLUMNS = (
    "name",
    "period",
    "value",
    "unit",
    "label",
    "effective_from",
    "source_id",
    "doc_number",
    "published_on",
    "url",
)
CATALOGUE_COLUMNS = ("source_id", "name", "aliases", "code", "attributes", "doc_number", "url")


def provenance_to_json(p: Provenance) -> dict[str, Any]:
    return {
        "source_id": p.source_id,
        "version_id": p.version_id,
        "url": p.url,
        "title": p.title,
        "doc_number": p.doc_number,
        "published_on": p.published_on.isoformat() if p.published_on else None,
        "effective_on": p.effective_on.isoformat() if p.effective_on else None,
        "observed_at": p.observed_at.isoformat(),
        "valid_until": p.valid_until.isoformat() if p.valid_until else None,
        "extended_by": p.extended_by,
        "third_party": p.is_third_party,
        "note": p.describe(),
    }


def parameter_to_json(entry: ParameterEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "period": entry.period,
        "value": entry.value,
        "unit": entry.unit,
        "label": entry.label,
        "effective_from": entry.effective_from.isoformat() if entry.effective_from else None,
        "provenance": provenance_to_json(entry.provenance),
    }


def catalogue_to_json(table: CatalogueTable) -> dict[str, Any]:
    return {
        "source_id": table.source_id,
        "title": table.title,
        "provenance": provenance_to_json(table.provenance),
        "entries": [
            {
                "name": e.name,
                "aliases": list(e.aliases),
                "code": e.code,
                "attributes": dict(e.attributes),
            }
            for e in table.entries
        ],
    }


def rule_table_to_json(table: RuleTable) -> dict[str, Any]:
    return {
        "as_of": table.as_of.isoformat(),
        "rules": [
            {
                "indicator": r.indicator,
                "level": r.level,
                "label": r.label,
                "points": r.points,
                "unit": r.unit,
                "cap": r.cap,
                "category": r.category,
                "conditions": list(r.conditions),
                "params": dict(r.params),
                "clause": r.clause,
                "provenance": provenance_to_json(r.provenance),
            }
            for r in table.rules
        ],
        "general_conditions": list(table.general_conditions),
        "catalogues": [catalogue_to_json(c) for c in table.catalogues],
        "parameters": [parameter_to_json(p) for p in table.parameters],
        "unread": [unread_to_json(u) for u in table.unread],
    }


def unread_to_json(entry: UnreadEntry) -> dict[str, Any]:
    return {
        "indicator": entry.indicator,
        "level": entry.level,
        "clause": entry.clause,
        "missing": entry.missing,
        "text": entry.text,
        "provenance": provenance_to_json(entry.provenance),
    }


def rules_to_csv(table: RuleTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RULE_COLUMNS)
    for r in table.rules:
        p = r.provenance
        writer.writerow(
            (
                r.indicator,
                r.level,
                r.label,
                "" if r.points is None else r.points,
                r.unit,
                "" if r.cap is None else r.cap,
                r.category,
                " | ".join(r.conditions),
                ";".join(f"{k}={v}" for k, v in r.params),
                r.clause or "",
                p.source_id,
                p.doc_number or "",
                p.published_on.isoformat() if p.published_on else "",
                p.effective_on.isoformat() if p.effective_on else "",
                p.url,
            )
        )
    return out.getvalue()


def catalogue_to_csv(table: CatalogueTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CATALOGUE_COLUMNS)
    p = table.provenance
    for e in table.entries:
        writer.writerow(
            (
                table.source_id,
                e.name,
                "/".join(e.aliases),
                e.code or "",
                ";".join(f"{k}={v}" for k, v in e.attributes),
                p.doc_number or "",
                p.url,
            )
        )
    return out.getvalue()


def parameters_to_csv(table: RuleTable) -> str:
    """The annual parameters in force, one row per (name, period); beside, not in, the rules CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PARAMETER_COLUMNS)
    for entry in table.parameters:
        p = entry.provenance
        writer.writerow(
            (
                entry.name,
                entry.period,
                entry.value,
                entry.unit,
                entry.label,
                entry.effective_from.isoformat() if entry.effective_from else "",
                p.source_id,
                p.doc_number or "",
                p.published_on.isoformat() if p.published_on else "",
                p.url,
            )
        )
    return out.getvalue()
