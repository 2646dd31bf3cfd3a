"""Trade entities: a trade keeps one id across versions of a source's catalogue.

A trade of a new version takes the id of a trade it names (name or alias) in the base version,
or of the old trade a diff rename points at, or of a trade that once used one of its names
(a reappearance); otherwise it is a new entity. Names are registered when a version is published.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, select, update

from diffing.records import DocumentDiff, TradeChangeKind
from scraper.records import Trade
from store.codec import decode_strings, encode_strings
from store.records import NewVersion
from store.tables import TRADE, TRADE_NAME, VERSION_TRADE


def name_key(name: str) -> str:
    """Identity of a name: width-folded (NFKC), whitespace-free."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def link_trades(
    connection: Connection, source_id: str, version_id: int, action: NewVersion
) -> None:
    catalogue = action.document.catalogue
    if catalogue is None or not catalogue.trades:
        return
    base = _base_names(connection, action.base_version_id)
    renamed = _renames(action.diff, base)
    known = _known_names(connection, source_id)
    used: set[int] = set()
    trade_ids: list[int | None] = []
    for trade in catalogue.trades:
        # A fresh entity is in none of the maps, so creating it later matches the same way.
        trade_id = _match(trade, (renamed, base, known), used)
        if trade_id is not None:
            used.add(trade_id)
        trade_ids.append(trade_id)
    fresh = [t.name for t, i in zip(catalogue.trades, trade_ids, strict=True) if i is None]
    created = iter(_new_entities(connection, source_id, version_id, fresh))
    rows = [
        {
            "version_id": version_id,
            "position": position,
            "trade_id": trade_id if trade_id is not None else next(created),
            "name": trade.name,
            "aliases": encode_strings(trade.aliases),
            "code": trade.code,
        }
        for position, (trade, trade_id) in enumerate(zip(catalogue.trades, trade_ids, strict=True))
    ]
    connection.execute(VERSION_TRADE.insert(), rows)


def _match(trade: Trade, maps: Iterable[dict[str, int]], used: set[int]) -> int | None:
    for names in maps:
        for name in trade.names:
            trade_id = names.get(name_key(name))
            if trade_id is not None and trade_id not in used:
                return trade_id
    return None


def _base_names(connection: Connection, base_version_id: int | None) -> dict[str, int]:
    if base_version_id is None:
        return {}
    names: dict[str, int] = {}
    rows = connection.execute(
        select(VERSION_TRADE.c.trade_id, VERSION_TRADE.c.name, VERSION_TRADE.c.aliases)
        .where(VERSION_TRADE.c.version_id == base_version_id)
        .order_by(VERSION_TRADE.c.position)
    )
    for trade_id, name, aliases in rows:
        for each in (name, *decode_strings(aliases)):
            names.setdefault(name_key(each), int(trade_id))
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
    rows = connection.execute(
        select(TRADE_NAME.c.name, TRADE_NAME.c.trade_id)
        .join(TRADE, TRADE.c.id == TRADE_NAME.c.trade_id)
        .where(TRADE.c.source_id == source_id)
        .order_by(TRADE_NAME.c.last_version_id.desc())
    )
    known: dict[str, int] = {}
    for name, trade_id in rows:
        known.setdefault(name_key(name), int(trade_id))
    return known


def _new_entities(
    connection: Connection, source_id: str, version_id: int, names: list[str]
) -> list[int]:
    """One entity per name, in one executemany; returns their ids in `names` order."""
    if not names:
        return []
    params = [
        {
            "source_id": source_id,
            "current_name": name,
            "first_version_id": version_id,
            "last_version_id": version_id,
        }
        for name in names
    ]
    statement = TRADE.insert().returning(TRADE.c.id, sort_by_parameter_order=True)
    return [int(trade_id) for trade_id in connection.scalars(statement, params)]


def publish_trades(connection: Connection, version_id: int) -> None:
    """A version went public: its names become current and searchable."""
    rows = connection.execute(
        select(VERSION_TRADE.c.trade_id, VERSION_TRADE.c.name, VERSION_TRADE.c.aliases).where(
            VERSION_TRADE.c.version_id == version_id
        )
    ).all()
    if not rows:
        return
    connection.execute(
        update(TRADE)
        .where(TRADE.c.id == bindparam("b_id"))
        .values(current_name=bindparam("b_name"), last_version_id=version_id),
        [{"b_id": row.trade_id, "b_name": row.name} for row in rows],
    )
    wanted = {
        (int(row.trade_id), name)
        for row in rows
        for name in (row.name, *decode_strings(row.aliases))
    }
    _register_names(connection, version_id, wanted)


def _register_names(connection: Connection, version_id: int, wanted: set[tuple[int, str]]) -> None:
    """Insert names never used before; move the last-seen version of the others."""
    rows_found = connection.execute(
        select(TRADE_NAME.c.trade_id, TRADE_NAME.c.name).where(
            TRADE_NAME.c.trade_id.in_({trade_id for trade_id, _ in wanted})
        )
    )
    existing = {(int(trade_id), str(name)) for trade_id, name in rows_found}
    seen = sorted(wanted & existing)
    if seen:
        connection.execute(
            update(TRADE_NAME)
            .where(
                TRADE_NAME.c.trade_id == bindparam("b_id"), TRADE_NAME.c.name == bindparam("b_name")
            )
            .values(last_version_id=version_id),
            [{"b_id": trade_id, "b_name": name} for trade_id, name in seen],
        )
    fresh = sorted(wanted - existing)
    if fresh:
        connection.execute(
            TRADE_NAME.insert(),
            [
                {
                    "trade_id": t,
                    "name": n,
                    "first_version_id": version_id,
                    "last_version_id": version_id,
                }
                for t, n in fresh
            ],
        )
