"""Trade entities: a trade keeps one id across versions of a source's catalogue.

A trade of a new version takes the id of a trade it names (name or alias) in the base version,
or of the old trade a diff rename points at, or of a trade that once used one of its names
(a reappearance); otherwise it is a new entity. Names are registered when a version is published.
A version's list of (entity, name, aliases) is one JSON column on the version (`version.trades`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection

from diffing.records import DocumentDiff, TradeChangeKind
from scraper.records import Trade
from store.codec import Member, decode_members, encode_members
from store.columns import strip_nul
from store.records import NewVersion, VersionStatus
from store.sql import chunks, fetch, marks, run, run_many


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Identity of a name: width-folded (NFKC), whitespace-free (cached: a version's names are
    looked up several times, and the next version repeats most of them)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def link_trades(
    connection: Connection,
    source_id: str,
    version_id: int,
    action: NewVersion,
    *,
    has_entities: bool = True,
) -> None:
    """List the trades of a new version under their entities; publish them if it is published.

    `has_entities`: False when the source is known to have no trade entity yet (no version
    before this one), which spares looking up its known names.
    """
    catalogue = action.document.catalogue
    if catalogue is None or not catalogue.trades:
        return
    trade_ids = _matched_ids(connection, source_id, action, catalogue.trades, has_entities)
    fresh = [t.name for t, i in zip(catalogue.trades, trade_ids, strict=True) if i is None]
    created = _new_entities(connection, source_id, version_id, fresh)
    new_ids = iter(created)
    # Text columns drop NUL; the list keeps what they would have kept.
    members: list[Member] = [
        (
            trade_id if trade_id is not None else next(new_ids),
            strip_nul(trade.name),
            tuple(map(strip_nul, trade.aliases)),
        )
        for trade, trade_id in zip(catalogue.trades, trade_ids, strict=True)
    ]
    run(
        connection,
        "UPDATE version SET trades = ? WHERE id = ?",
        (encode_members(members), version_id),
    )
    if action.status is VersionStatus.PUBLISHED:
        _publish(connection, version_id, members, set(created))


def _matched_ids(
    connection: Connection,
    source_id: str,
    action: NewVersion,
    trades: tuple[Trade, ...],
    has_entities: bool,
) -> list[int | None]:
    """The existing entity of each trade, None where a new one is needed."""
    base = _base_names(connection, action.base_version_id)
    renamed = _renames(action.diff, base)
    if not (base or renamed or has_entities):
        return [None] * len(trades)  # a first version: every trade is a new entity
    # Every name the source's trades ever had: read only once a trade matches nothing nearer.
    known: dict[str, int] | None = None if has_entities else {}
    used: set[int] = set()
    trade_ids: list[int | None] = []
    for trade in trades:
        keys = [name_key(name) for name in trade.names]
        # A new entity is in none of the maps, so creating them all afterwards matches the same.
        trade_id = _match(keys, (renamed, base), used)
        if trade_id is None:
            if known is None:
                known = _known_names(connection, source_id)
            trade_id = _match(keys, (known,), used)
        if trade_id is not None:
            used.add(trade_id)
        trade_ids.append(trade_id)
    return trade_ids


def _match(keys: list[str], maps: Iterable[dict[str, int]], used: set[int]) -> int | None:
    for names in maps:
        for key in keys:
            trade_id = names.get(key)
            if trade_id is not None and trade_id not in used:
                return trade_id
    return None


def listed_trades(connection: Connection, version_id: int) -> tuple[Member, ...]:
    """(entity, name, aliases) of each trade `version_id` lists, in its order."""
    rows = fetch(connection, "SELECT trades FROM version WHERE id = ?", (version_id,))
    return decode_members(rows[0][0] if rows else None)


def _base_names(connection: Connection, base_version_id: int | None) -> dict[str, int]:
    if base_version_id is None:
        return {}
    names: dict[str, int] = {}
    for trade_id, name, aliases in listed_trades(connection, base_version_id):
        for each in (name, *aliases):
            names.setdefault(name_key(each), trade_id)
    return names


def _renames(diff: DocumentDiff | None, base: dict[str, int]) -> dict[str, int]:
    renamed: dict[str, int] = {}
    for change in diff.trade_changes if diff else ():
        if change.kind is not TradeChangeKind.RENAMED or change.old is None or change.new is None:
            continue
        old_id = next((base[k] for k in map(name_key, change.old.names) if k in base), None)
        if old_id is not None:
            for name in change.new.names:
                renamed.setdefault(name_key(name), old_id)
    return renamed


def _known_names(connection: Connection, source_id: str) -> dict[str, int]:
    rows = fetch(
        connection,
        "SELECT trade_name.name, trade_name.trade_id FROM trade_name "
        "JOIN trade_entity ON trade_entity.id = trade_name.trade_id "
        "WHERE trade_entity.source_id = ? ORDER BY trade_name.last_version_id DESC",
        (source_id,),
    )
    known: dict[str, int] = {}
    for name, trade_id in rows:
        known.setdefault(name_key(name), int(trade_id))
    return known


def _new_entities(
    connection: Connection, source_id: str, version_id: int, names: list[str]
) -> list[int]:
    """One entity per name, in one statement; returns their ids in `names` order.

    SQLite cannot promise RETURNING order; ids are matched back by name instead (equal names are
    interchangeable fresh entities).
    """
    clean = [strip_nul(name) for name in names]
    by_name: dict[str, list[int]] = {}
    returned: list[tuple[int, str]] = []
    for chunk in chunks(clean, width=4):
        params = [v for name in chunk for v in (source_id, name, version_id, version_id)]
        columns = "source_id, current_name, first_version_id, last_version_id"
        values = marks(len(chunk), 4)
        returned += fetch(
            connection,
            f"INSERT INTO trade_entity ({columns}) VALUES {values} RETURNING id, current_name",  # noqa: S608
            params,
        )
    for trade_id, name in sorted((int(i), str(n)) for i, n in returned):
        by_name.setdefault(name, []).append(trade_id)
    for ids in by_name.values():
        ids.reverse()
    return [by_name[name].pop() for name in clean]


def publish_trades(connection: Connection, version_id: int) -> None:
    """A version went public: its names become current and searchable."""
    _publish(connection, version_id, listed_trades(connection, version_id), set())


def _publish(
    connection: Connection, version_id: int, listed: Sequence[Member], created: set[int]
) -> None:
    """`created`: entities made for this version, already current and without older names."""
    # Each listed entity takes the name it is listed under now; created ones already have it.
    run_many(
        connection,
        "UPDATE trade_entity SET current_name = ?, last_version_id = ? WHERE id = ?",
        [(name, version_id, trade_id) for trade_id, name, _ in listed if trade_id not in created],
    )
    # Names never used before are inserted, the others move their last-seen version. Rows go
    # in (trade id, name) order, older entities first (their ids are lower): trade_history
    # lists names in the order they were first seen.
    wanted = sorted({(i, name) for i, first, aliases in listed for name in (first, *aliases)})
    insert = "INSERT INTO trade_name (trade_id, name, first_version_id, last_version_id) "
    run_many(
        connection,
        insert + "VALUES (?, ?, ?, ?) ON CONFLICT (trade_id, name) "
        "DO UPDATE SET last_version_id = excluded.last_version_id",
        [(i, name, version_id, version_id) for i, name in wanted if i not in created],
    )
    # Names of new entities cannot be there yet: a plain insert is cheaper than an upsert.
    run_many(
        connection,
        insert + "VALUES (?, ?, ?, ?)",
        [(i, name, version_id, version_id) for i, name in wanted if i in created],
    )
