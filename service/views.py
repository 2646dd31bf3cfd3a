"""JSON-ready views of stored records, shared by the CLI and the HTTP API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from diffing.records import ChangeEvent, ChangeItem
from store.records import StoredVersion


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def item_to_json(item: ChangeItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "subject": item.subject,
        "old": item.old,
        "new": item.new,
        "detail": item.detail,
        "impact": item.impact,
    }


def event_to_json(event: ChangeEvent, *, with_diff: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": event.id,
        "source_id": event.source_id,
        "source_name": event.source_name,
        "classification": event.classification.value,
        "title": event.title,
        "summary": event.summary,
        "observed_at": _iso(event.observed_at),
        "published_on": _iso(event.published_on),
        "doc_number": event.doc_number,
        "url": event.url,
        "evidence_sha256": event.evidence_sha256,
        "from_version_id": event.from_version_id,
        "to_version_id": event.to_version_id,
        "is_backfill": event.is_backfill,
        "updated_at": _iso(event.updated_at),
        "items": [item_to_json(i) for i in event.items],
    }
    if with_diff:
        view["text_diff"] = event.text_diff
    return view


def version_meta_to_json(version: StoredVersion) -> dict[str, Any]:
    meta = version.meta
    return {
        "version_id": version.id,
        "source_id": version.source_id,
        "status": version.status.value,
        "title": meta.title,
        "doc_number": meta.doc_number,
        "published_on": _iso(meta.published_on),
        "effective_on": _iso(meta.effective_on),
        "in_force_on": _iso(version.in_force_on),
        "observed_at": _iso(version.observed_at),
        "last_seen_at": _iso(version.last_seen_at),
        "url": version.url,
        "evidence_sha256": version.snapshot_sha256,
        "parser": version.document.parser,
        "parser_version": version.document.parser_version,
    }


def catalogue_to_json(version: StoredVersion) -> dict[str, Any]:
    catalogue = version.document.catalogue
    trades = catalogue.trades if catalogue is not None else ()
    return {
        "version": version_meta_to_json(version),
        "title": catalogue.title if catalogue is not None else None,
        "columns": list(catalogue.columns) if catalogue is not None else [],
        "trades": [
            {
                "number": t.number,
                "name": t.name,
                "aliases": list(t.aliases),
                "code": t.code,
                "attributes": dict(t.attributes),
            }
            for t in trades
        ],
    }
