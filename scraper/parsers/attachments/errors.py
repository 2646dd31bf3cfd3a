"""Errors raised while reading an attachment; each names the source and the URL."""

from __future__ import annotations


class AttachmentError(ValueError):
    """An attachment could not be turned into a document (raised by every extractor)."""

    def __init__(self, source_id: str, url: str, what: str) -> None:
        super().__init__(f"{source_id}: {what} at {url}")
        self.source_id = source_id
        self.url = url
        self.what = what


class UnsupportedAttachment(AttachmentError):
    """The file type is recognised but cannot be read here (e.g. old Word .doc)."""
