"""Versions carry their in-force date, so as-of reads are one indexed lookup.

Revision ID: 0003_version_in_force_on
Revises: 0002_notice
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_version_in_force_on"
down_revision: str | None = "0002_notice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite can add a NOT NULL column only with a default and cannot drop that default later without
# rebuilding the table (which foreign keys into `version` forbid); every row is backfilled below.
_PLACEHOLDER = sa.text("'0001-01-01'")


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column(
        "version",
        sa.Column("in_force_on", sa.Date(), nullable=False, server_default=_PLACEHOLDER),
    )
    version = sa.table(
        "version",
        sa.column("in_force_on", sa.Date()),
        sa.column("effective_on", sa.Date()),
        sa.column("published_on", sa.Date()),
        sa.column("observed_at", sa.DateTime(timezone=True)),
    )
    # Same rule as StoredVersion.in_force_on; observed_at is UTC on both backends.
    observed_day: sa.ColumnElement[object]
    if bind.dialect.name == "postgresql":
        observed_day = sa.cast(sa.func.timezone("UTC", version.c.observed_at), sa.Date())
    else:
        observed_day = sa.func.date(version.c.observed_at)
    op.execute(
        version.update().values(
            in_force_on=sa.func.coalesce(
                version.c.effective_on, version.c.published_on, observed_day
            )
        )
    )
    if bind.dialect.name == "postgresql":
        op.alter_column("version", "in_force_on", server_default=None)
    op.create_index(
        "ix_version_in_force",
        "version",
        ["source_id", "status", "in_force_on", "observed_at"],
        unique=False,
    )
    op.create_index(
        "ix_version_observed", "version", ["source_id", "status", "observed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_version_observed", table_name="version")
    op.drop_index("ix_version_in_force", table_name="version")
    op.drop_column("version", "in_force_on")
