"""Change event ids are never handed out twice on SQLite either.

An event id is the id of its feed entry and of its page. Without AUTOINCREMENT, SQLite gives a
new row the highest id in use plus one, so after a replay dropped the newest events their ids
went to different changes, which feed readers took for entries they had already seen.

Revision ID: 0007_change_event_autoincrement
Revises: 0006_drop_trade_name_index
Create Date: 2026-11-22 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_change_event_autoincrement"
down_revision: str | None = "0006_drop_trade_name_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # a PostgreSQL sequence never hands out an id twice
    # The copy inserts every row with its id, which sets the table's high-water mark.
    with op.batch_alter_table(
        "change_event", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("change_event", recreate="always"):
        pass
