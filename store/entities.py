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
from store.columns import strip_nul
from store.records import NewVersion, VersionStatus
from store.tables import TRADE, TRADE_NAME, VERSION_TRADE


def name_key(name: str) -> str:
    """Identity of a name: width-folded (NFKC), whitespace-free."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def link_trades(
    connection: Connection, source_id: str, version_id: int, action: NewVersion
) -> None:
    """List the trades of a new version under their entities; publish them if it is published."""
    catalogue = action.document.catalogue
    if catalogue is None or not catalogue.trades:
        return
    trade_ids = _matched_ids(connection, source_id, action, catalogue.trades)
    fresh = [t.name for t, i in zip(catalogue.trades, trade_ids, strict=True) if i is None]
    created = _new_entities(connection, source_id, version_id, fresh)
    new_ids = iter(created)
    members = [
        (trade_id if trade_id is not None else next(new_ids), trade)
        for trade, trade_id in zip(catalogue.trades, trade_ids, strict=True)
    ]
    rows = [
        {
            "version_id": version_id,
            "position": position,
            "trade_id": trade_id,
            "name": trade.name,
            "aliases": encode_strings(trade.aliases),
            "code": trade.code,
        }
        for position, (trade_id, trade) in enumerate(members)
    ]
    connection.execute(VERSION_TRADE.insert(), rows)
    if action.status is VersionStatus.PUBLISHED:
        # What publish_trades would read back, without the round trip (text columns drop NUL).
        listed = [
            (trade_id, strip_nul(t.name), tuple(map(strip_nul, t.aliases)))
            for trade_id, t in members
        ]
        _publish(connection, version_id, listed, set(created))


def _matched_ids(
    connection: Connection, source_id: str, action: NewVersion, trades: tuple[Trade, ...]
) -> list[int | None]:
    """The existing entity of each trade, None where a new one is needed."""
    base = _base_names(connection, action.base_version_id)
    renamed = _renames(action.diff, base)
    known = _known_names(connection, source_id)
    used: set[int] = set()
    trade_ids: list[int | None] = []
    for trade in trades:
        # A new entity is in none of the maps, so creating them all afterwards matches the same.
        trade_id = _match(trade, (renamed, base, known), used)
        if trade_id is not None:
            used.add(trade_id)
        trade_ids.append(trade_id)
    return trade_ids


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
    """One entity per name, in one statement; returns their ids in `names` order.

    SQLite cannot promise RETURNING order, and asking SQLAlchemy for it costs one INSERT per
    row; ids are matched back by name instead (equal names are interchangeable fresh entities).
    """
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
    statement = TRADE.insert().returning(TRADE.c.id, TRADE.c.current_name)
    by_name: dict[str, list[int]] = {}
    for trade_id, name in sorted(tuple(row) for row in connection.execute(statement, params)):
        by_name.setdefault(str(name), []).append(int(trade_id))
    for ids in by_name.values():
        ids.reverse()
    return [by_name[strip_nul(name)].pop() for name in names]


def publish_trades(connection: Connection, version_id: int) -> None:
    """A version went public: its names become current and searchable."""
    rows = connection.execute(
        select(VERSION_TRADE.c.trade_id, VERSION_TRADE.c.name, VERSION_TRADE.c.aliases).where(
            VERSION_TRADE.c.version_id == version_id
        )
    )
    listed = [(int(row.trade_id), str(row.name), decode_strings(row.aliases)) for row in rows]
    _publish(connection, version_id, listed, set())


# (trade id, name, aliases) of each trade a version lists.
Listed = list[tuple[int, str, tuple[str, ...]]]


def _publish(connection: Connection, version_id: int, listed: Listed, created: set[int]) -> None:
    """`created`: entities made for this version, already current and without older names."""
    names = {trade_id: name for trade_id, name, _ in listed if trade_id not in created}
    if names:
        # One UPDATE for all, and one per trade only where the name moved: most trades keep it.
        current = dict(
            connection.execute(
                select(TRADE.c.id, TRADE.c.current_name).where(TRADE.c.id.in_(names))
            ).all()
        )
        renamed = [{"b_id": i, "b_name": n} for i, n in names.items() if current.get(i) != n]
        if renamed:
            connection.execute(
                update(TRADE)
                .where(TRADE.c.id == bindparam("b_id"))
                .values(current_name=bindparam("b_name")),
                renamed,
            )
        connection.execute(
            update(TRADE).where(TRADE.c.id.in_(names)).values(last_version_id=version_id)
        )
    wanted = {(trade_id, name) for trade_id, first, aliases in listed for name in (first, *aliases)}
    _register_names(connection, version_id, wanted, created)


def _register_names(
    connection: Connection, version_id: int, wanted: set[tuple[int, str]], created: set[int]
) -> None:
    """Insert names never used before; move the last-seen version of the others."""
    older = {trade_id for trade_id, _ in wanted} - created
    existing: dict[tuple[int, str], int] = {}
    if older:
        rows_found = connection.execute(
            select(TRADE_NAME.c.id, TRADE_NAME.c.trade_id, TRADE_NAME.c.name).where(
                TRADE_NAME.c.trade_id.in_(older)
            )
        )
        existing = {(int(trade_id), str(name)): int(i) for i, trade_id, name in rows_found}
    seen = [existing[key] for key in wanted if key in existing]
    if seen:
        connection.execute(
            update(TRADE_NAME).where(TRADE_NAME.c.id.in_(seen)).values(last_version_id=version_id)
        )
    fresh = sorted(wanted - existing.keys())
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
