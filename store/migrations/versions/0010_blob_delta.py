"""Blobs may be zstd deltas against an earlier whole blob of the same source.

A blob with a `blob_delta` row is stored as a zstd delta against `base_sha256`, which the
foreign key keeps while a delta needs it; every other blob (all of them before this revision)
is whole, zlib, and read as before.

Revision ID: 0010_blob_delta
Revises: 0009_notify
Create Date: 2026-12-06 10:00:00.000000
"""

import zlib
from collections.abc import Sequence

import sqlalchemy as sa
import zstandard
from alembic import op

revision: str = "0010_blob_delta"
down_revision: str | None = "0009_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blob_delta",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("base_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["blob.sha256"]),
        sa.ForeignKeyConstraint(["base_sha256"], ["blob.sha256"]),
        sa.PrimaryKeyConstraint("sha256"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    _store_deltas_whole()
    op.drop_table("blob_delta")


def _store_deltas_whole() -> None:
    """Before the table goes: every delta rewritten as a whole zlib blob, the bytes unchanged
    (a delta's base is always a whole blob)."""
    connection = op.get_bind()
    deltas = connection.execute(
        sa.text(
            "SELECT d.sha256, blob.data, base.data FROM blob_delta d "
            "JOIN blob ON blob.sha256 = d.sha256 JOIN blob base ON base.sha256 = d.base_sha256"
        )
    ).all()
    for sha, data, base_data in deltas:
        base = zstandard.ZstdCompressionDict(
            zlib.decompress(base_data), dict_type=zstandard.DICT_TYPE_RAWCONTENT
        )
        body = zstandard.ZstdDecompressor(dict_data=base).decompress(data)
        connection.execute(
            sa.text("UPDATE blob SET data = :data WHERE sha256 = :sha"),
            {"data": zlib.compress(body, 1), "sha": sha},
        )
