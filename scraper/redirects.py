"""Checks on each redirect hop: scheme, target address, site and port, downgrade, loops, length.

Redirects are followed by the fetcher one hop at a time so a hop to a forbidden target is refused
before any connection to it is opened.
"""

from __future__ import annotations

import httpx

from scraper.outbound import OutboundPolicy
from scraper.scope import SiteScope

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def redirect_target(current: httpx.URL, location: str) -> httpx.URL | None:
    """The absolute URL a Location header points to, or None when it is not a URL."""
    try:
        return current.join(location.strip())
    except (httpx.InvalidURL, ValueError):
        return None


def redirect_refusal(
    current: httpx.URL,
    target: httpx.URL,
    *,
    scope: SiteScope,
    policy: OutboundPolicy,
    visited: tuple[httpx.URL, ...],
    max_redirects: int,
) -> str | None:
    """Why this hop may not be followed (an outcome detail), or None when it may.

    `visited` holds every URL requested so far in this attempt, the current one included. A
    forbidden address is named before the site: it is the graver of the two.
    """
    if target.scheme not in ("http", "https"):
        return "bad_scheme"
    if current.scheme == "https" and target.scheme == "http":
        return "redirect_insecure"
    refusal = policy.url_refusal(target, ports=scope.ports)
    off_site = refusal.detail if refusal is not None else scope.redirect_refusal(target)
    if off_site is not None:
        return off_site
    if target in visited:
        return "redirect_loop"
    if len(visited) > max_redirects:
        return "too_many_redirects"
    return None
