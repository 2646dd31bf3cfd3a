"""Response headers as the fetcher keeps them, and the one way every stage reads them."""

from __future__ import annotations

# (name, value) pairs as received, in order, names in their case; latin-1 keeps every byte.
Headers = tuple[tuple[str, str], ...]


def header_value(headers: Headers, name: str) -> str | None:
    """All values of header `name` (in any case) joined by ", ", as RFC 9110 §5.3 combines
    repeated fields, or None when there is none. A value sent as UTF-8 bytes reads as its text
    (a Location to a Chinese path); any other byte keeps its latin-1 character."""
    wanted = name.lower()
    values = [value for key, value in headers if key.lower() == wanted]
    if not values:
        return None
    joined = ", ".join(values)
    try:
        return joined.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return joined
