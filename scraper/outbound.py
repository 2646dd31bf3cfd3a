"""Where jifen may send a request: http(s) only, to allowed ports, to public addresses only unless
the deployment names a private target (`JIFEN_ALLOW_PRIVATE_TARGETS`). One policy serves every
request: sources, listing links, attachments, robots.txt, redirect hops, archives, alert targets.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_PORTS = frozenset({80, 443})
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 embedded in the low 32 bits (RFC 6052)
_LOCAL_NAMES = ("localhost", "localhost.localdomain")


class Blocked(StrEnum):
    """Why a target may not be asked; the value is the English word used in details."""

    SCHEME = "not http(s)"
    PORT = "not an allowed port"
    LOCAL_NAME = "a local name"
    UNSPECIFIED = "unspecified"
    LOOPBACK = "loopback"
    LINK_LOCAL = "link-local"
    SHARED = "shared (CGNAT)"
    MULTICAST = "multicast"
    PRIVATE = "private"
    RESERVED = "reserved"
    NON_GLOBAL = "not a global address"

    @property
    def chinese(self) -> str:
        return _CHINESE[self]


_CHINESE = {
    Blocked.SCHEME: "非 http(s) 协议",
    Blocked.PORT: "端口不允许",
    Blocked.LOCAL_NAME: "本机名称",
    Blocked.UNSPECIFIED: "未指定地址",
    Blocked.LOOPBACK: "回环地址",
    Blocked.LINK_LOCAL: "链路本地地址",
    Blocked.SHARED: "运营商共享地址",
    Blocked.MULTICAST: "组播地址",
    Blocked.PRIVATE: "私有地址",
    Blocked.RESERVED: "保留地址",
    Blocked.NON_GLOBAL: "非公网地址",
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """A target the policy refuses: what was asked for and why."""

    reason: Blocked
    target: str  # "169.254.169.254", "intranet.example (10.0.0.5)", "rsj.sh.gov.cn:22"

    @property
    def detail(self) -> str:
        """The fetch outcome detail, e.g. `blocked_target: 169.254.169.254 is link-local`."""
        return f"blocked_target: {self.target} is {self.reason.value}"

    @property
    def message(self) -> str:
        """For people: Chinese first, English second."""
        return (
            f"目标地址不允许（{self.reason.chinese}）：{self.target} / "
            f"blocked target: {self.target} is {self.reason.value}"
        )


def address_block(address: IPAddress) -> Blocked | None:
    """Why `address` is no public target, or None when it is a global unicast address.

    IPv4 carried inside IPv6 (mapped, 6to4, NAT64) is judged as the IPv4 address it carries.
    """
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return address_block(embedded)
    checks = (
        (address.is_unspecified, Blocked.UNSPECIFIED),
        (address.is_loopback, Blocked.LOOPBACK),
        (address.is_link_local, Blocked.LINK_LOCAL),
        (address in _SHARED, Blocked.SHARED),
        (address.is_multicast, Blocked.MULTICAST),
        (address.is_private, Blocked.PRIVATE),
        (address.is_reserved, Blocked.RESERVED),
        (not address.is_global, Blocked.NON_GLOBAL),
    )
    return next((reason for is_blocked, reason in checks if is_blocked), None)


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address a host names by itself: an IP literal, or a legacy numeric IPv4 form that
    the C resolver still reads as one (`2130706433`, `0x7f000001`, `127.1`); None for a name."""
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if not text or not all(part and _is_number(part) for part in text.split(".")):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except OSError:
        return None


def _is_number(part: str) -> bool:
    lowered = part.lower()
    if lowered.startswith("0x"):
        return all(ch in "0123456789abcdef" for ch in lowered[2:])
    return part.isascii() and part.isdigit()


def bare_host(host: str) -> str:
    """A host name as compared: lower case, without brackets or the trailing root dot."""
    return host.strip("[]").rstrip(".").lower()


@dataclass(frozen=True, slots=True)
class AllowedTarget:
    """One entry of `JIFEN_ALLOW_PRIVATE_TARGETS`: a host name, or a network, and maybe a port."""

    host: str | None = None
    network: IPNetwork | None = None
    port: int | None = None  # None: any port

    def admits(self, host: str, port: int | None, address: IPAddress | None) -> bool:
        if self.port is not None and port != self.port:
            return False
        if self.host is not None:
            return bare_host(host) == self.host
        return address is not None and self.network is not None and address in self.network

    def names(self, host: str) -> bool:
        """Whether this entry names `host` (by name, or as the one address it is)."""
        if self.host is not None:
            return bare_host(host) == self.host
        address = literal_address(host)
        return address is not None and self.network is not None and address in self.network


def parse_allowed_targets(text: str) -> tuple[AllowedTarget, ...]:
    """Comma-separated hosts, host:port, IP addresses, [IPv6]:port or CIDR networks.

    Raises ValueError naming the entry it cannot read.
    """
    return tuple(_allowed_target(entry.strip()) for entry in text.split(",") if entry.strip())


def _allowed_target(entry: str) -> AllowedTarget:
    try:
        return AllowedTarget(network=ipaddress.ip_network(entry, strict=False))
    except ValueError:
        pass
    host, port = _split_port(entry)
    address = literal_address(host)
    if address is not None:
        return AllowedTarget(network=ipaddress.ip_network(address), port=port)
    name = bare_host(host)
    if not name or any(ch in name for ch in "/@ :[]") or not name.isascii():
        raise ValueError(f"{entry!r} is not a host, host:port or CIDR network")
    return AllowedTarget(host=name, port=port)


def _split_port(entry: str) -> tuple[str, int | None]:
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, _port(entry, rest.removeprefix(":")) if rest else None
    if entry.count(":") == 1:
        host, _, port = entry.partition(":")
        return host, _port(entry, port)
    return entry, None


def _port(entry: str, text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 65536):
        raise ValueError(f"{entry!r}: {text!r} is not a port number (1-65535)")
    return int(text)


@dataclass(frozen=True, slots=True)
class OutboundPolicy:
    """The rules every outbound request meets. The default refuses every non-public address."""

    allowed: tuple[AllowedTarget, ...] = ()

    @classmethod
    def allowing(cls, text: str) -> OutboundPolicy:
        """The policy with the private targets a `JIFEN_ALLOW_PRIVATE_TARGETS` value names."""
        return cls(parse_allowed_targets(text))

    def address_refusal(self, host: str, port: int | None, address: str) -> Refusal | None:
        """Whether a connection to `address`, reached by the name `host`, is refused."""
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
        reason = address_block(parsed)
        if reason is None or any(a.admits(host, port, parsed) for a in self.allowed):
            return None
        is_literal = literal_address(host) is not None
        return Refusal(reason, str(parsed) if is_literal else f"{bare_host(host)} ({parsed})")

    def host_refusal(self, host: str, port: int | None) -> Refusal | None:
        """The check that needs no DNS: an address literal, or a name of this machine. Other
        names are checked once resolved (`address_refusal`)."""
        address = literal_address(host)
        if address is not None:
            return self.address_refusal(host, port, str(address))
        name = bare_host(host)
        is_local = name in _LOCAL_NAMES or name.endswith(".localhost")
        if is_local and not any(a.admits(host, port, None) for a in self.allowed):
            return Refusal(Blocked.LOCAL_NAME, name)
        return None

    def url_refusal(
        self, url: httpx.URL, *, ports: Iterable[int] = DEFAULT_PORTS
    ) -> Refusal | None:
        """Scheme, address (of an address literal; names are resolved later) and port of a URL.

        A port is allowed when it is in `ports` or an allowed target names this host with it.
        """
        if url.scheme not in ("http", "https"):
            return Refusal(Blocked.SCHEME, url.scheme or str(url))
        port = effective_port(url)
        refusal = self.host_refusal(url.host, port)  # the graver reason is named first
        if refusal is None and port not in ports and not self._names_port(url.host, port):
            return Refusal(Blocked.PORT, f"{url.host}:{port}")
        return refusal

    def _names_port(self, host: str, port: int) -> bool:
        return any(entry.port == port and entry.names(host) for entry in self.allowed)


def effective_port(url: httpx.URL) -> int:
    """The port a URL connects to, its scheme's default when it names none."""
    return url.port if url.port is not None else (443 if url.scheme == "https" else 80)
