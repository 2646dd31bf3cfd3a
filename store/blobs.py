"""Raw bodies as stored: whole (zlib), or as a zstd delta against an earlier body of the same
source, and read back byte for byte.

A page whose chrome changes on every fetch (a visit counter, a clock) is a new body each time,
and stored whole each one cost a new compressed page (~3 KB for a 10 KB page). Most of its bytes
are in the source's previous capture, so a new body is compressed with zstd using that capture's
body as a raw-content dictionary: a few dozen bytes for a changed counter.

A delta's base is always a whole blob (the previous capture's own, or the one its delta was made
against), so a body is read with at most two decompressions however long the chain of checks,
and the base of any delta is a row the database keeps (a foreign key: it refuses to delete a
base while a delta needs it; nothing deletes blobs, every capture is kept). When the page has
drifted far from its base, the delta grows; once it is over half the whole body's compressed
size, the body is stored whole and becomes the base of the deltas after it.
"""

from __future__ import annotations

import enum
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import zstandard
from sqlalchemy import Connection, func, select

from store.errors import CorruptBlob
from store.tables import BLOB, BLOB_DELTA, SNAPSHOT

# Level 1 compresses a 50 KB page twice as fast as the default 6, for ~6 % more bytes; any level
# decompresses the same way, so older blobs stay readable.
BLOB_ZLIB_LEVEL = 1
# zstd level 3 (its default) makes a counter's delta as small as level 19 does, 50x faster.
DELTA_ZSTD_LEVEL = 3


class BlobCodec(enum.StrEnum):
    ZLIB = "zlib"  # the whole body, zlib (every blob written before deltas)
    ZSTD_DELTA = "zstd-delta"  # zstd with the base's body as raw-content dictionary (blob_delta)


@dataclass(frozen=True, slots=True)
class Base:
    """A whole blob a new body of the same source may be stored against."""

    sha256: str
    body: bytes


@dataclass(frozen=True, slots=True)
class PackedBlob:
    sha256: str
    size_bytes: int
    codec: BlobCodec
    data: bytes
    base_sha256: str | None = None

    def params(self) -> dict[str, Any]:
        """The `blob` row (a delta's base goes into `blob_delta`)."""
        return {"sha256": self.sha256, "size_bytes": self.size_bytes, "data": self.data}


def pack(sha256: str, body: bytes, base: Base | None) -> PackedBlob:
    """`body` as stored: a delta against `base` when that is at most half the whole's size."""
    whole = PackedBlob(sha256, len(body), BlobCodec.ZLIB, zlib.compress(body, BLOB_ZLIB_LEVEL))
    if base is None or base.sha256 == sha256:
        return whole
    delta = _compressor(base.body).compress(body)
    if 2 * len(delta) > len(whole.data):
        return whole
    return PackedBlob(sha256, len(body), BlobCodec.ZSTD_DELTA, delta, base.sha256)


def unpack(sha256: str, data: bytes, base_body: bytes | None = None) -> bytes:
    """The body stored as `data`, whole or (with `base_body`) a delta; CorruptBlob when it
    cannot be read (never a wrong body: the readers check the sha256)."""
    try:
        if base_body is None:
            return zlib.decompress(data)
        return _decompressor(base_body).decompress(data)
    except (zlib.error, zstandard.ZstdError) as error:
        raise CorruptBlob(sha256, f"undecompressable ({error})") from error


def read_bodies(connection: Connection, shas: Collection[str]) -> dict[str, bytes]:
    """The bodies of the blobs `shas` that exist, each base read once."""
    rows = _rows(connection, shas)
    wanted = {row.base_sha256 for row in rows.values() if row.base_sha256 is not None}
    base_rows = {**rows, **_rows(connection, wanted - rows.keys())}
    bases: dict[str, bytes] = {}
    for sha in wanted:
        if sha not in base_rows or base_rows[sha].base_sha256 is not None:
            raise CorruptBlob(sha, "missing, or not whole, though a delta is stored against it")
        bases[sha] = unpack(sha, bytes(base_rows[sha].data))
    return {
        sha: unpack(sha, bytes(row.data), bases[row.base_sha256] if row.base_sha256 else None)
        for sha, row in rows.items()
    }


def latest_bases(connection: Connection, source_ids: Collection[str]) -> dict[str, Base]:
    """Per source, the whole blob its newest capture is stored as or against."""
    if not source_ids:
        return {}
    newest = (
        select(func.max(SNAPSHOT.c.id))
        .where(SNAPSHOT.c.source_id.in_(sorted(source_ids)))
        .group_by(SNAPSHOT.c.source_id)
    )
    found = connection.execute(
        select(SNAPSHOT.c.source_id, func.coalesce(BLOB_DELTA.c.base_sha256, SNAPSHOT.c.sha256))
        .outerjoin(BLOB_DELTA, BLOB_DELTA.c.sha256 == SNAPSHOT.c.sha256)
        .where(SNAPSHOT.c.id.in_(newest))
    ).all()
    bodies = read_bodies(connection, {str(sha) for _, sha in found})
    return {str(source): Base(str(sha), bodies[str(sha)]) for source, sha in found}


def _rows(connection: Connection, shas: Collection[str]) -> Mapping[str, Any]:
    if not shas:
        return {}
    query = (
        select(BLOB.c.sha256, BLOB.c.data, BLOB_DELTA.c.base_sha256)
        .outerjoin(BLOB_DELTA, BLOB_DELTA.c.sha256 == BLOB.c.sha256)
        .where(BLOB.c.sha256.in_(sorted(shas)))
    )
    return {str(row.sha256): row for row in connection.execute(query)}


def _dictionary(base_body: bytes) -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(base_body, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


def _compressor(base_body: bytes) -> zstandard.ZstdCompressor:
    # No checksum nor dictionary id in the frame: the sha256 is checked on every read.
    return zstandard.ZstdCompressor(
        level=DELTA_ZSTD_LEVEL,
        dict_data=_dictionary(base_body),
        write_checksum=False,
        write_dict_id=False,
    )


def _decompressor(base_body: bytes) -> zstandard.ZstdDecompressor:
    return zstandard.ZstdDecompressor(dict_data=_dictionary(base_body))
