"""Drop the index on trade_name.name: no query uses it (search is a substring match, history
and matching go by trade id), and keeping it up halved the speed of writing a new catalogue's names.

Revision ID: 0006_drop_trade_name_index
Revises: 0005_version_trades_column
Create Date: 2026-11-22 08:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_drop_trade_name_index"
down_revision: str | None = "0005_version_trades_column"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_trade_name_name", table_name="trade_name")


def downgrade() -> None:
    op.create_index("ix_trade_name_name", "trade_name", ["name"], unique=False)
