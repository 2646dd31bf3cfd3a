"""Old Word binary (.doc): recognised, but no converter is part of the install, so refused."""

from __future__ import annotations

from scraper.parsers.attachments.errors import UnsupportedAttachment


def extract_doc(data: bytes, *, source_id: str, url: str) -> None:
    """Refuse clearly: a .doc needs an external converter (antiword, LibreOffice) we do not ship."""
    raise UnsupportedAttachment(
        source_id,
        url,
        f"old Word .doc ({len(data)} bytes): no converter is installed; "
        "ask the publisher for PDF/DOCX or convert the file by hand and record it as a fixture",
    )
