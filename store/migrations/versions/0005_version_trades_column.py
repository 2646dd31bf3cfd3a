"""A version's trade list is one JSON column on the version, not one version_trade row per trade.

Revision ID: 0005_version_trades_column
Revises: 0004_change_event_observed
Create Date: 2026-11-24 09:00:00.000000
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005_version_trades_column"
down_revision: str | None = "0004_change_event_observed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSION = sa.table(
    "version",
    sa.column("id", sa.Integer()),
    sa.column("document", sa.Text()),
    sa.column("trades", sa.Text()),
)
_VERSION_TRADE = sa.table(
    "version_trade",
    sa.column("version_id", sa.Integer()),
    sa.column("position", sa.Integer()),
    sa.column("trade_id", sa.Integer()),
    sa.column("name", sa.Text()),
    sa.column("aliases", sa.Text()),
    sa.column("code", sa.Text()),
)
# Versions moved per round trip: bounds memory on a large database.
_BATCH = 500


def _json(value: Any) -> str:
    # The layout of store.codec.encode_members.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def upgrade() -> None:
    op.add_column("version", sa.Column("trades", sa.Text(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _VERSION_TRADE.c.version_id,
            _VERSION_TRADE.c.trade_id,
            _VERSION_TRADE.c.name,
            _VERSION_TRADE.c.aliases,
        ).order_by(_VERSION_TRADE.c.version_id, _VERSION_TRADE.c.position)
    ).all()
    members: dict[int, list[Any]] = {}
    for version_id, trade_id, name, aliases in rows:
        members.setdefault(int(version_id), []).append([int(trade_id), name, json.loads(aliases)])
    update = (
        _VERSION.update()
        .where(_VERSION.c.id == sa.bindparam("b_id"))
        .values(trades=sa.bindparam("b_trades"))
    )
    moved = [{"b_id": v, "b_trades": _json(listed)} for v, listed in members.items()]
    for start in range(0, len(moved), _BATCH):
        bind.execute(update, moved[start : start + _BATCH])
    op.drop_index(op.f("ix_version_trade_trade_id"), table_name="version_trade")
    op.drop_table("version_trade")


def downgrade() -> None:
    op.create_table(
        "version_trade",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("trade_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["trade_id"], ["trade_entity.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"]),
        sa.PrimaryKeyConstraint("version_id", "position"),
        sa.UniqueConstraint("version_id", "trade_id", name="uq_version_trade_version_trade"),
    )
    op.create_index(op.f("ix_version_trade_trade_id"), "version_trade", ["trade_id"], unique=False)
    bind = op.get_bind()
    versions = bind.execute(
        sa.select(_VERSION.c.id, _VERSION.c.trades, _VERSION.c.document).where(
            _VERSION.c.trades.is_not(None)
        )
    )
    for version_id, trades, document in versions:
        listed = (json.loads(document).get("catalogue") or {}).get("trades") or []
        rows = [
            {
                "version_id": version_id,
                "position": position,
                "trade_id": trade_id,
                "name": name,
                "aliases": _json(aliases),
                "code": listed[position].get("code") if position < len(listed) else None,
            }
            for position, (trade_id, name, aliases) in enumerate(json.loads(trades))
        ]
        bind.execute(_VERSION_TRADE.insert(), rows)
    op.drop_column("version", "trades")
