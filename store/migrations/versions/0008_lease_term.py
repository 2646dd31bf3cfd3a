"""Leases carry a term: a number that grows with every acquisition, for fencing.

A leader that lost its lease (an outage, a pause) may still have a check in flight; the check
carries the term it started under, and the write transaction refuses it once a later term
began. Releasing a lease now lets it expire instead of deleting the row, so terms never restart.

Revision ID: 0008_lease_term
Revises: 0007_change_event_autoincrement
Create Date: 2026-12-08 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_lease_term"
down_revision: str | None = "0007_change_event_autoincrement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("lease") as batch:
        batch.add_column(sa.Column("term", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("lease") as batch:
        batch.drop_column("term")
