"""Whether a webhook or apprise target may be sent to: never a private, loopback or link-local
address unless the deployment names it in JIFEN_ALLOW_PRIVATE_TARGETS.

One function, `refusal`, is all the rest of notify calls, so the shared outbound policy can
take its place."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

# apprise schemes that post to whatever host the URL names (the others reach a fixed service).
_HOST_SCHEMES = frozenset({"json", "jsons", "form", "forms", "xml", "xmls", "http", "https"})
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def refusal(  # noqa: PLR0911 - one return per reason reads better than a table
    url: str, allowed: Sequence[str], *, is_apprise: bool = False
) -> str | None:
    """Why `url` may not be a target, or None when it may."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if not is_apprise and scheme not in ("http", "https"):
        return f"{url!r}: a webhook must be an http(s) URL"
    if not host:
        return None if is_apprise else f"{url!r}: no host"
    try:
        port = parts.port
    except ValueError:
        return f"{url!r}: the port is not a number"
    addresses = _addresses(host)
    if addresses is None:
        if is_apprise and scheme not in _HOST_SCHEMES:
            return None  # a token in the host's place: the service's own API is the target
        return f"{host}: the name does not resolve"
    private = [a for a in addresses if not a.is_global]
    if not private or _is_allowed(host, port, private, allowed):
        return None
    return (
        f"{host} is a private, loopback or link-local address ({private[0]}); "
        "name it in JIFEN_ALLOW_PRIVATE_TARGETS to allow it"
    )


def _addresses(host: str) -> list[Address] | None:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def _is_allowed(
    host: str, port: int | None, private: list[Address], allowed: Sequence[str]
) -> bool:
    """Every private address of the target must be named: as the host, host:port or a CIDR."""
    host = host.lower().strip("[]")
    for entry in (e.strip().lower() for e in allowed if e.strip()):
        if entry in (host, f"{host}:{port}"):
            return True
    return all(_in_network(address, allowed) for address in private)


def _in_network(address: Address, allowed: Sequence[str]) -> bool:
    for entry in allowed:
        try:
            if address in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def parse_allowed(text: str) -> tuple[str, ...]:
    """JIFEN_ALLOW_PRIVATE_TARGETS: comma-separated hosts, host:port or CIDRs."""
    return tuple(entry.strip() for entry in text.split(",") if entry.strip())
