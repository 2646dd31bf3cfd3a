"""A source's last change time is one index look-up (health is read on every feed request).

Revision ID: 0004_change_event_observed
Revises: 0003_version_in_force_on
Create Date: 2026-11-23 09:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_change_event_observed"
down_revision: str | None = "0003_version_in_force_on"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_change_event_source_observed",
        "change_event",
        ["source_id", "observed_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_change_event_source_observed", table_name="change_event")
