"""Initial schema: sources, fetch attempts, blobs, snapshots, versions, trades, events, leases.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 02:53:19.692041
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "lease",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "fetch_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("elapsed_seconds", sa.Float(), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("redirect_chain", sa.Text(), nullable=False),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("retry_after_seconds", sa.Float(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("truncated", sa.String(length=32), nullable=True),
        sa.Column("snapshot_sha256", sa.String(length=64), nullable=True),
        sa.Column("encoding", sa.String(length=64), nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("replacement_count", sa.Integer(), nullable=True),
        sa.Column("gate", sa.Text(), nullable=True),
        sa.Column("parse_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_sha256"],
            ["blob.sha256"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_fetch_attempt_source_id"), "fetch_attempt", ["source_id"], unique=False
    )
    op.create_index(
        "ix_fetch_attempt_source_outcome",
        "fetch_attempt",
        ["source_id", "outcome", "id"],
        unique=False,
    )
    op.create_index(
        "ix_fetch_attempt_source_sha",
        "fetch_attempt",
        ["source_id", "snapshot_sha256"],
        unique=False,
    )
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("encoding", sa.String(length=64), nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["blob.sha256"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "sha256", name="uq_snapshot_source_sha"),
    )
    op.create_index(op.f("ix_snapshot_sha256"), "snapshot", ["sha256"], unique=False)
    op.create_table(
        "version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("snapshot_sha256", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("parser", sa.String(), nullable=False),
        sa.Column("parser_version", sa.Integer(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("doc_number", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("is_technical", sa.Boolean(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("text_length", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_sha256"],
            ["blob.sha256"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "seq", name="uq_version_source_seq"),
    )
    op.create_index(
        "ix_version_source_status", "version", ["source_id", "status", "id"], unique=False
    )
    op.create_table(
        "change_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("doc_number", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=False),
        sa.Column("from_version_id", sa.Integer(), nullable=True),
        sa.Column("to_version_id", sa.Integer(), nullable=False),
        sa.Column("text_diff", sa.Text(), nullable=False),
        sa.Column("is_backfill", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["evidence_sha256"],
            ["blob.sha256"],
        ),
        sa.ForeignKeyConstraint(
            ["from_version_id"],
            ["version.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["to_version_id"],
            ["version.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("to_version_id", name="uq_change_event_to_version"),
    )
    op.create_index("ix_change_event_source", "change_event", ["source_id", "id"], unique=False)
    op.create_table(
        "trade_entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.Column("current_name", sa.Text(), nullable=False),
        sa.Column("first_version_id", sa.Integer(), nullable=False),
        sa.Column("last_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_version_id"],
            ["version.id"],
        ),
        sa.ForeignKeyConstraint(
            ["last_version_id"],
            ["version.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_trade_entity_source_id"), "trade_entity", ["source_id"], unique=False)
    op.create_table(
        "trade_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trade_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("first_version_id", sa.Integer(), nullable=False),
        sa.Column("last_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_version_id"],
            ["version.id"],
        ),
        sa.ForeignKeyConstraint(
            ["last_version_id"],
            ["version.id"],
        ),
        sa.ForeignKeyConstraint(
            ["trade_id"],
            ["trade_entity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("trade_id", "name", name="uq_trade_name_trade_name"),
    )
    op.create_index(op.f("ix_trade_name_name"), "trade_name", ["name"], unique=False)
    op.create_table(
        "version_trade",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("trade_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["trade_id"],
            ["trade_entity.id"],
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["version.id"],
        ),
        sa.PrimaryKeyConstraint("version_id", "position"),
        sa.UniqueConstraint("version_id", "trade_id", name="uq_version_trade_version_trade"),
    )
    op.create_index(op.f("ix_version_trade_trade_id"), "version_trade", ["trade_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_version_trade_trade_id"), table_name="version_trade")
    op.drop_table("version_trade")
    op.drop_index(op.f("ix_trade_name_name"), table_name="trade_name")
    op.drop_table("trade_name")
    op.drop_index(op.f("ix_trade_entity_source_id"), table_name="trade_entity")
    op.drop_table("trade_entity")
    op.drop_index("ix_change_event_source", table_name="change_event")
    op.drop_table("change_event")
    op.drop_index("ix_version_source_status", table_name="version")
    op.drop_table("version")
    op.drop_index(op.f("ix_snapshot_sha256"), table_name="snapshot")
    op.drop_table("snapshot")
    op.drop_index("ix_fetch_attempt_source_sha", table_name="fetch_attempt")
    op.drop_index("ix_fetch_attempt_source_outcome", table_name="fetch_attempt")
    op.drop_index(op.f("ix_fetch_attempt_source_id"), table_name="fetch_attempt")
    op.drop_table("fetch_attempt")
    op.drop_table("source")
    op.drop_table("lease")
    op.drop_table("blob")
