"""Source health reads one tally row per source instead of counting its attempts.

At 1000 sources the health query counted every attempt of every source on each feed, page and
API request: its cost grew with months of history. `source_tally` keeps, per source, the number
of checks, the failure streak and the ids of the last attempt and the last success; it is filled
here from the history and written with each later batch of attempts.

Revision ID: 0011_source_tally
Revises: 0010_blob_delta
Create Date: 2026-12-06 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_source_tally"
down_revision: str | None = "0010_blob_delta"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tally of the history as it stands: what the health query computed on every read until now.
_FILL = """
INSERT INTO source_tally (source_id, checks, error_streak, last_attempt_id, success_attempt_id)
SELECT source_id, count(*), 0, max(id),
       max(CASE WHEN outcome IN ('ok', 'not_modified') THEN id END)
FROM fetch_attempt GROUP BY source_id
"""
_STREAK = """
UPDATE source_tally SET error_streak = (
    SELECT count(*) FROM fetch_attempt
    WHERE fetch_attempt.source_id = source_tally.source_id
      AND fetch_attempt.id > coalesce(source_tally.success_attempt_id, 0)
)
"""


def upgrade() -> None:
    op.create_table(
        "source_tally",
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.Column("error_streak", sa.Integer(), nullable=False),
        sa.Column("last_attempt_id", sa.Integer(), nullable=False),
        sa.Column("success_attempt_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.ForeignKeyConstraint(["last_attempt_id"], ["fetch_attempt.id"]),
        sa.ForeignKeyConstraint(["success_attempt_id"], ["fetch_attempt.id"]),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.execute(_FILL)
    op.execute(_STREAK)


def downgrade() -> None:
    op.drop_table("source_tally")
