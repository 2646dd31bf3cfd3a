"""Checks on each redirect hop: scheme, host, downgrade, loops and chain length.

Redirects are followed by the fetcher one hop at a time so a hop to a forbidden target is refused
before any connection to it is opened.
"""

from __future__ import annotations

import httpx

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def allowed_hosts_for(source_url: httpx.URL, extra: frozenset[str] | None) -> frozenset[str]:
    """The source's own host plus the configured extra hosts, lower-cased."""
    hosts = {source_url.host.lower()}
    if extra is not None:
        hosts.update(host.lower() for host in extra)
    return frozenset(hosts)


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
    allowed_hosts: frozenset[str],
    visited: tuple[httpx.URL, ...],
    max_redirects: int,
) -> str | None:
    """Why this hop may not be followed (an outcome detail), or None when it may.

    `visited` holds every URL requested so far in this attempt, the current one included.
    """
    if target.scheme not in ("http", "https"):
        return "bad_scheme"
    if current.scheme == "https" and target.scheme == "http":
        return "redirect_insecure"
    if target.host.lower() not in allowed_hosts:
        return "redirect_off_host"
    if target in visited:
        return "redirect_loop"
    if len(visited) > max_redirects:
        return "too_many_redirects"
    return None
