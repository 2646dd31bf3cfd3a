""" "我的工种在目录里吗?" — whether a trade is in a catalogue in force today, since when, under
which names, or until when it was, answered from the recorded catalogue histories.

A trade is listed when the version of its catalogue in force on the day lists it: the history's
membership steps are replayed up to that version. A catalogue never captured makes the answer
"cannot say", never "not listed".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from diffing.normalise import normalise_name
from scraper.records import Source, SourceKind
from service.present.catalogue import Missing, catalogue_in_force
from store.records import StoredVersion, TradeEvent, TradeEventKind, TradeHistory
from store.store import Store

MAX_MATCHES = 20


class Listing(StrEnum):
    LISTED = "listed"  # 在目录中
    FORMERLY = "formerly"  # 曾在目录中
    NOT_LISTED = "not_listed"  # 不在目录中
    UNKNOWN = "unknown"  # no catalogue captured: jifen cannot say


@dataclass(frozen=True, slots=True)
class Step:
    """One membership step of a trade with the dates of the version it was seen in."""

    event: TradeEvent
    title: str | None  # the document's title
    effective_on: date | None  # 施行
    published_on: date | None  # 发布
    observed_at: datetime  # 发现于

    @property
    def kind(self) -> TradeEventKind:
        return self.event.kind


@dataclass(frozen=True, slots=True)
class Standing:
    """One trade entity and where it stands on the day."""

    trade_id: int
    source: Source
    name: str
    names: tuple[str, ...]
    matched_name: str
    listing: Listing
    since: Step | None  # the step its current (or last) listing began with
    until: Step | None  # the step it left the catalogue with (formerly listed)
    steps: tuple[Step, ...]
    in_force: StoredVersion | None  # the catalogue version in force on the day


@dataclass(frozen=True, slots=True)
class Answer:
    query: str
    day: date
    listing: Listing
    standings: tuple[Standing, ...]
    catalogues: tuple[StoredVersion | Missing, ...]  # each catalogue source, as of the day


def search_key(query: str) -> str:
    """The query as names are compared: spaces dropped, full-width folded ("车 工", "ＣＡＤ")."""
    return normalise_name(query.strip()) if query.strip() else ""


def answer(store: Store, sources: Sequence[Source], query: str, day: date) -> Answer:
    """Whether `query` names a trade listed on `day`, in any catalogue source."""
    catalogue_sources = [s for s in sources if s.kind is SourceKind.CATALOGUE]
    in_force = {s.id: catalogue_in_force(store, s, day) for s in catalogue_sources}
    by_id = {s.id: s for s in catalogue_sources}
    listed = {
        s_id: set(store.listed_trade_ids(v.id).values())
        for s_id, v in in_force.items()
        if isinstance(v, StoredVersion)
    }
    standings = []
    for trade_id, matched in _matches(store, query):
        history = store.trade_history(trade_id)
        if history is None or history.source_id not in by_id:
            continue
        found = in_force[history.source_id]
        version = found if isinstance(found, StoredVersion) else None
        is_listed = trade_id in listed.get(history.source_id, set())
        standings.append(
            standing(
                store,
                history=history,
                source=by_id[history.source_id],
                matched_name=matched,
                in_force=version,
                listed=is_listed,
            )
        )
    standings.sort(key=lambda s: _ORDER.index(s.listing))
    captured = any(isinstance(v, StoredVersion) for v in in_force.values())
    overall = standings[0].listing if standings else Listing.NOT_LISTED
    if not captured and overall is not Listing.LISTED:
        overall = Listing.UNKNOWN
    return Answer(query.strip(), day, overall, tuple(standings), tuple(in_force.values()))


_ORDER = (Listing.LISTED, Listing.FORMERLY, Listing.NOT_LISTED, Listing.UNKNOWN)


def _matches(store: Store, query: str) -> list[tuple[int, str]]:
    """(trade id, the name that matched), by the folded query and by the query as typed."""
    seen: dict[int, str] = {}
    for text in dict.fromkeys((search_key(query), query.strip())):
        if text:
            for match in store.search_trades(text, limit=MAX_MATCHES):
                seen.setdefault(match.trade_id, match.matched_name)
    return list(seen.items())


def standing(
    store: Store,
    *,
    history: TradeHistory,
    source: Source,
    matched_name: str,
    in_force: StoredVersion | None,
    listed: bool,
) -> Standing:
    """Where one trade stands in the catalogue version `in_force` (None: nothing in force),
    `listed` saying whether that version lists it."""
    steps = tuple(_step(store, event) for event in history.events)
    upto = _steps_up_to(steps, in_force) if in_force is not None else ()
    appeared = [s for s in upto if s.kind is not TradeEventKind.DISAPPEARED]
    since = next(
        (
            s
            for s in reversed(upto)
            if s.kind in (TradeEventKind.APPEARED, TradeEventKind.REAPPEARED)
        ),
        None,
    )
    left = [s for s in upto if s.kind is TradeEventKind.DISAPPEARED]
    if listed:
        listing, until = Listing.LISTED, None
    elif appeared:
        listing, until = Listing.FORMERLY, (left[-1] if left else None)
    else:
        listing, until = Listing.NOT_LISTED, None
    return Standing(
        trade_id=history.trade_id,
        source=source,
        name=history.name,
        names=history.names,
        matched_name=matched_name,
        listing=listing,
        since=since,
        until=until,
        steps=steps,
        in_force=in_force,
    )


def _steps_up_to(steps: tuple[Step, ...], version: StoredVersion) -> tuple[Step, ...]:
    """The steps seen in `version` or before it (versions follow each other as observed)."""
    limit = (version.observed_at, version.id)
    return tuple(s for s in steps if (s.observed_at, s.event.version_id) <= limit)


def _step(store: Store, event: TradeEvent) -> Step:
    version = store.version(event.version_id)
    meta = version.meta if version is not None else None
    return Step(
        event=event,
        title=meta.title if meta else None,
        effective_on=meta.effective_on if meta else None,
        published_on=meta.published_on if meta else event.published_on,
        observed_at=event.observed_at,
    )
