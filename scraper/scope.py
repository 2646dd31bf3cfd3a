"""A source's own site, and how far its requests may go from it: which links of its listings are
fetched, which redirect hops are followed, which ports are used.

The site is the source URL's host and port; http and https on their default ports are one site,
so the usual http → https redirect stays on it. A source widens its scope in `sources.toml`:
`hosts` (other hosts its links and redirects may reach), `ports` (other ports, for those hosts),
`redirect_scope = "domain"` (redirects anywhere in its registrable domain, e.g. `sh.gov.cn`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import httpx
from publicsuffixlist import PublicSuffixList

from scraper.limits import FetchLimits
from scraper.options import RedirectScope
from scraper.outbound import DEFAULT_PORTS, bare_host, effective_port, literal_address
from scraper.records import Source


@dataclass(frozen=True, slots=True)
class SiteScope:
    host: str  # bare, lower case
    port: int | None  # the source URL's explicit port; None for its scheme's default
    ports: frozenset[int]  # every port a request of this source may use
    hosts: frozenset[str]  # other hosts the source (or the deployment) names
    domain: str | None  # registrable domain, when the source opts into domain-wide redirects

    def is_home(self, url: httpx.URL) -> bool:
        return bare_host(url.host) == self.host and url.port == self.port

    def is_named(self, url: httpx.URL) -> bool:
        return bare_host(url.host) in self.hosts and effective_port(url) in self.ports

    def in_domain(self, url: httpx.URL) -> bool:
        if self.domain is None or effective_port(url) not in self.ports:
            return False
        host = bare_host(url.host)
        return host == self.domain or host.endswith("." + self.domain)

    def link_refusal(self, url: httpx.URL) -> str | None:
        """Why a link found on this source's pages is not fetched, or None when it may be."""
        if self.is_home(url) or self.is_named(url):
            return None
        return f"link_off_site: {url.host}:{effective_port(url)} is not this source's site"

    def redirect_refusal(self, url: httpx.URL) -> str | None:
        """`redirect_off_host` / `redirect_off_port` when a hop leaves the scope, else None."""
        if self.is_home(url) or self.is_named(url) or self.in_domain(url):
            return None
        if bare_host(url.host) == self.host or bare_host(url.host) in self.hosts:
            return "redirect_off_port"
        return "redirect_off_host"


@lru_cache(maxsize=4096)
def scope_of(source: Source, extra_hosts: frozenset[str] | None = None) -> SiteScope:
    """The scope of `source` (its URL and options), plus hosts the deployment allows for all.
    Sources are few and fetched every cycle: each is read once."""
    url = httpx.URL(source.url)
    options = source.options
    hosts = {*options.hosts, *(bare_host(host) for host in extra_hosts or ())}
    ports = {*DEFAULT_PORTS, effective_port(url), *options.ports}
    is_domain = options.redirect_scope is RedirectScope.DOMAIN
    return SiteScope(
        host=bare_host(url.host),
        port=url.port,
        ports=frozenset(ports),
        hosts=frozenset(hosts),
        domain=registrable_domain(url.host) if is_domain else None,
    )


def link_refusal(source: Source, url: str, limits: FetchLimits) -> str | None:
    """Why a link found on `source`'s pages (a listing's notice, an article's attachment) is not
    fetched, as an outcome detail; None when it may be. The address is judged before the site."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "bad_url"
    scope = scope_of(source, limits.allowed_hosts)
    refusal = limits.outbound.url_refusal(parsed, ports=scope.ports)
    return refusal.detail if refusal is not None else scope.link_refusal(parsed)


def registrable_domain(host: str) -> str | None:
    """The domain a registrant holds (`rsj.sh.gov.cn` → `sh.gov.cn`, by the Public Suffix
    List); None for an address or a bare public suffix."""
    name = bare_host(host)
    if literal_address(name) is not None:
        return None
    found: str | None = _suffixes().privatesuffix(name)
    return found


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the list shipped with the package: no network
