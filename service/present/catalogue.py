"""The catalogue of a source in force on a day, or why there is none: the CLI, the API and the
pages give the same answer in the same words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from scraper.records import Source, SourceKind
from store.queries import Timeline
from store.records import StoredVersion
from store.store import Store


class NoCatalogue(StrEnum):
    """Why no catalogue is answered; also the API's error code."""

    NOT_A_CATALOGUE = "not_a_catalogue"  # a points or index source: it never has one
    NOT_CAPTURED = "not_captured"  # a catalogue source nothing was recorded of yet
    NOT_IN_FORCE = "not_in_force"  # recorded, but none in force on that day


@dataclass(frozen=True, slots=True)
class Missing:
    """No catalogue, and why, with the line a person reads (Chinese first)."""

    source_id: str
    reason: NoCatalogue
    message: str


def catalogue_in_force(
    store: Store, source: Source, day: date, timeline: Timeline = "effective"
) -> StoredVersion | Missing:
    """The version whose catalogue is in force on `day`, or what is missing."""
    if source.kind is not SourceKind.CATALOGUE:
        return _missing(source, NoCatalogue.NOT_A_CATALOGUE, day, timeline)
    version = store.version_as_of(source.id, day, timeline=timeline)
    if version is not None and version.document.catalogue is not None:
        return version
    if version is None and store.latest_version(source.id) is None:
        return _missing(source, NoCatalogue.NOT_CAPTURED, day, timeline)
    return _missing(source, NoCatalogue.NOT_IN_FORCE, day, timeline)


def _missing(source: Source, reason: NoCatalogue, day: date, timeline: str) -> Missing:
    sid, kind, on = source.id, source.kind.value, day.isoformat()
    text = {
        NoCatalogue.NOT_A_CATALOGUE: f"{sid} 不是目录来源（{kind}），没有目录 / {sid} is a {kind} "
        "source, not a catalogue: it has no catalogue",
        NoCatalogue.NOT_CAPTURED: f"{sid} 尚未采集到目录 / {sid}: no catalogue captured yet",
        NoCatalogue.NOT_IN_FORCE: f"{sid}：{on} 当日无生效目录 / {sid}: no catalogue in force "
        f"on {on} ({timeline} timeline)",
    }
    return Missing(sid, reason, text[reason])
