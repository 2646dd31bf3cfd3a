"""The outbound policy on every request (reliability matrix rows 12 and 37): private, loopback and
metadata addresses, other ports, names that resolve to them, and the allow-list that opts in."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from scraper.archive import wayback_index
from scraper.fetch import fetch_page
from scraper.limits import FetchLimits
from scraper.options import CatalogueOptions, RedirectScope
from scraper.outbound import Blocked, OutboundPolicy, parse_allowed_targets
from scraper.pinning import target_refusal
from scraper.records import FetchResult, Outcome, Source, SourceKind, Validators
from scraper.robots import RobotsPolicy
from scraper.scope import scope_of
from scraper.transport import make_client
from tests.fakesite import FakeSite
from tests.outbound import StaticResolver
from tests.scraper.test_fetch import LIMITS, PAGE, fetch

METADATA_PATH = "/latest/meta-data/iam/security-credentials/"
DEFAULT = replace(LIMITS, outbound=OutboundPolicy())


@pytest.fixture
def second_loopback() -> Iterator[FakeSite]:
    """A site on 127.0.0.2, an address the fake sites' opt-in (127.0.0.1) does not name."""
    site = FakeSite(host="127.0.0.2")
    site.publish("/secret", "internal secret")
    try:
        yield site
    finally:
        site.close()


def fetch_via(url: str, resolver: StaticResolver, limits: FetchLimits = LIMITS) -> FetchResult:
    source = Source(id="named", url=url, kind=SourceKind.CATALOGUE)

    async def run() -> FetchResult:
        async with make_client(limits, resolver=resolver) as client:
            return await fetch_page(client, source, Validators(), limits)

    return asyncio.run(run())


def test_loopback_is_refused_by_default_before_any_request(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    result = fetch(fake_site.url("/ml.html"), limits=DEFAULT)
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "blocked_target: 127.0.0.1 is loopback"
    assert result.attempts == 0
    assert fake_site.hits("/ml.html") == 0


def test_the_policy_goes_before_robots_txt(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)

    async def run() -> FetchResult:
        async with make_client(DEFAULT) as client:
            robots = RobotsPolicy(client, DEFAULT)
            source = Source("s", fake_site.url("/ml.html"), SourceKind.CATALOGUE)
            return await fetch_page(client, source, Validators(), DEFAULT, robots=robots)

    assert asyncio.run(run()).detail == "blocked_target: 127.0.0.1 is loopback"
    assert fake_site.hits("/robots.txt") == 0


def test_redirect_to_another_port_of_the_same_host_is_refused(fake_site: FakeSite) -> None:
    with FakeSite() as internal:
        internal.publish("/secret", "internal secret")
        fake_site.redirect("/ml.html", internal.url("/secret"))
        result = fetch(fake_site.url("/ml.html"))
        assert result.outcome is Outcome.PERMANENT_ERROR
        assert result.detail == f"blocked_target: 127.0.0.1:{internal.port} is not an allowed port"
        assert result.body == b""
        assert internal.hits("/secret") == 0


def test_redirect_to_a_named_port_on_the_same_host_is_still_off_site(fake_site: FakeSite) -> None:
    # A redirect keeps host AND port; naming a port lets the source's named hosts use it.
    with FakeSite() as internal:
        fake_site.redirect("/ml.html", internal.url("/secret"))
        source = Source(
            "s",
            fake_site.url("/ml.html"),
            SourceKind.CATALOGUE,
            options=CatalogueOptions(ports=(internal.port,)),
        )

        async def run() -> FetchResult:
            async with make_client(LIMITS) as client:
                return await fetch_page(client, source, Validators(), LIMITS)

        assert asyncio.run(run()).detail == "redirect_off_port"
        assert internal.hits("/secret") == 0


def test_redirect_to_127_0_0_2_is_refused(fake_site: FakeSite, second_loopback: FakeSite) -> None:
    fake_site.redirect("/ml.html", second_loopback.url("/secret"))
    result = fetch(fake_site.url("/ml.html"))
    assert result.detail == "blocked_target: 127.0.0.2 is loopback"
    assert second_loopback.hits("/secret") == 0


def test_redirect_to_the_metadata_address_is_refused(
    fake_site: FakeSite, metadata_trap: FakeSite
) -> None:
    fake_site.redirect("/ml.html", f"http://169.254.169.254{METADATA_PATH}")
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "blocked_target: 169.254.169.254 is link-local"
    assert metadata_trap.hits(METADATA_PATH) == 0


def test_a_name_resolving_to_the_metadata_address_is_refused_before_connecting(
    metadata_trap: FakeSite,
) -> None:
    resolver = StaticResolver({"metadata.test": ["169.254.169.254"]})
    result = fetch_via(f"http://metadata.test{METADATA_PATH}", resolver)
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "blocked_target: metadata.test (169.254.169.254) is link-local"
    assert result.attempts == 1  # a refusal is not retried
    assert metadata_trap.hits(METADATA_PATH) == 0


def test_a_name_resolving_to_a_private_address_is_refused_unless_named(
    second_loopback: FakeSite,
) -> None:
    url = f"http://intranet.test:{second_loopback.port}/secret"
    refused = fetch_via(url, StaticResolver({"intranet.test": ["127.0.0.2"]}))
    assert refused.detail == "blocked_target: intranet.test (127.0.0.2) is loopback"
    assert second_loopback.hits("/secret") == 0
    named = replace(LIMITS, outbound=OutboundPolicy.allowing("intranet.test"))
    allowed = fetch_via(url, StaticResolver({"intranet.test": ["127.0.0.2"]}), named)
    assert allowed.outcome is Outcome.OK
    assert allowed.body == b"internal secret"


def test_the_connection_goes_to_the_address_that_was_checked(fake_site: FakeSite) -> None:
    # DNS rebinding: the name answers an allowed address, then a forbidden one on a second
    # lookup. The connection must use the first answer, never look the name up again.
    fake_site.publish("/ml.html", PAGE)
    with FakeSite(host="127.0.0.2", port=fake_site.port) as rebound:
        rebound.publish("/ml.html", "internal secret")
        resolver = StaticResolver({"news.test": ["127.0.0.1", "127.0.0.2"]})
        result = fetch_via(f"http://news.test:{fake_site.port}/ml.html", resolver)
        assert result.outcome is Outcome.OK
        assert result.body == PAGE.encode()
        assert resolver.lookups == {"news.test": 1}
        assert rebound.hits("/ml.html") == 0


def test_a_host_port_entry_allows_that_port_only(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    with FakeSite() as other:
        other.publish("/ml.html", PAGE)
        only = replace(LIMITS, outbound=OutboundPolicy.allowing(f"127.0.0.1:{fake_site.port}"))
        assert fetch(fake_site.url("/ml.html"), limits=only).outcome is Outcome.OK
        refused = fetch(other.url("/ml.html"), limits=only)
        assert refused.detail == "blocked_target: 127.0.0.1 is loopback"
        assert other.hits("/ml.html") == 0


def test_a_cidr_entry_allows_its_network(fake_site: FakeSite, second_loopback: FakeSite) -> None:
    assert fetch(second_loopback.url("/secret")).outcome is Outcome.PERMANENT_ERROR
    assert second_loopback.hits("/secret") == 0  # the fake sites' opt-in names 127.0.0.1 only
    wide = replace(LIMITS, outbound=OutboundPolicy.allowing("127.0.0.0/8"))
    assert fetch(second_loopback.url("/secret"), limits=wide).outcome is Outcome.OK


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:22/", Blocked.LOOPBACK),
        ("http://[::ffff:127.0.0.1]/", Blocked.LOOPBACK),
        ("http://0x7f000001/", Blocked.LOOPBACK),
        ("http://2130706433/", Blocked.LOOPBACK),
        ("http://127.1/", Blocked.LOOPBACK),
        ("http://localhost./", Blocked.LOCAL_NAME),
        ("http://intra.localhost/", Blocked.LOCAL_NAME),
        ("http://169.254.169.254/", Blocked.LINK_LOCAL),
        ("http://[fe80::1]/", Blocked.LINK_LOCAL),
        ("http://100.64.0.1/", Blocked.SHARED),
        ("http://10.1.2.3/", Blocked.PRIVATE),
        ("http://[fd00::1]/", Blocked.PRIVATE),
        ("http://224.0.0.1/", Blocked.MULTICAST),
        ("http://0.0.0.0/", Blocked.UNSPECIFIED),
        ("http://240.0.0.1/", Blocked.PRIVATE),
        ("http://[64:ff9b::a9fe:a9fe]/", Blocked.LINK_LOCAL),
        ("http://192.0.2.1/", Blocked.PRIVATE),
        ("ftp://rsj.sh.gov.cn/", Blocked.SCHEME),
        ("http://rsj.sh.gov.cn:22/", Blocked.PORT),
    ],
)
def test_targets_refused_without_dns(url: str, reason: Blocked) -> None:
    refusal = OutboundPolicy().url_refusal(httpx.URL(url))
    assert refusal is not None and refusal.reason is reason


def test_public_targets_and_plain_names_pass_the_url_check() -> None:
    policy = OutboundPolicy()
    for url in ("https://rsj.sh.gov.cn/a.html", "http://8.8.8.8/", "http://a@b@c/"):
        assert policy.url_refusal(httpx.URL(url)) is None, url


def test_a_refusal_reads_chinese_first_for_people() -> None:
    refusal = OutboundPolicy().url_refusal(httpx.URL("http://10.0.0.5/"))
    assert refusal is not None
    assert refusal.message == (
        "目标地址不允许（私有地址）：10.0.0.5 / blocked target: 10.0.0.5 is private"
    )


def test_allow_list_entries_are_read_or_named_when_broken() -> None:
    entries = parse_allowed_targets(" 127.0.0.1:8080, intranet.example., 10.0.0.0/8, [::1]:81 ")
    assert [(e.host, str(e.network), e.port) for e in entries] == [
        (None, "127.0.0.1/32", 8080),
        ("intranet.example", "None", None),
        (None, "10.0.0.0/8", None),
        (None, "::1/128", 81),
    ]
    for bad in ("http://x/", "x:99999", "a b"):
        with pytest.raises(ValueError, match="not"):
            parse_allowed_targets(bad)


def test_an_alert_target_is_checked_by_the_same_policy() -> None:
    resolver = StaticResolver({"hooks.test": ["10.0.0.9"], "public.test": ["93.184.216.34"]})
    refusal = asyncio.run(target_refusal(OutboundPolicy(), "hooks.test", 443, resolver=resolver))
    assert refusal is not None
    assert refusal.detail == "blocked_target: hooks.test (10.0.0.9) is private"
    assert (
        asyncio.run(target_refusal(OutboundPolicy(), "public.test", 443, resolver=resolver)) is None
    )


def test_the_wayback_import_meets_the_policy(fake_site: FakeSite) -> None:
    fake_site.publish("/cdx/search/cdx", "[]", content_type="application/json")
    source = Source("s", "https://rsj.sh.gov.cn/a.html", SourceKind.CATALOGUE)

    async def run(limits: FetchLimits) -> FetchResult:
        async with httpx.AsyncClient() as client:
            cdx_base = fake_site.url("/")
            fetched, _ = await wayback_index(client, source, source.url, limits, cdx_base=cdx_base)
            return fetched

    assert asyncio.run(run(DEFAULT)).detail == "blocked_target: 127.0.0.1 is loopback"
    assert fake_site.hits("/cdx/search/cdx") == 0
    assert asyncio.run(run(LIMITS)).outcome is Outcome.OK  # opted in, as the tests' sites are
    assert fake_site.hits("/cdx/search/cdx") == 1


def test_a_source_scope_keeps_host_and_port_or_opts_into_its_domain() -> None:
    page = Source("s", "http://rsj.sh.gov.cn/a.html", SourceKind.CATALOGUE)
    domain = replace(page, options=CatalogueOptions(redirect_scope=RedirectScope.DOMAIN))
    hop = scope_of(page).redirect_refusal
    assert hop(httpx.URL("https://rsj.sh.gov.cn/b.html")) is None  # http → https: one site
    assert hop(httpx.URL("http://rsj.sh.gov.cn:8080/b.html")) == "redirect_off_port"
    assert hop(httpx.URL("https://www.sh.gov.cn/b.html")) == "redirect_off_host"
    assert scope_of(domain).redirect_refusal(httpx.URL("https://www.sh.gov.cn/b.html")) is None
    assert scope_of(domain).redirect_refusal(httpx.URL("https://www.shanghai.gov.cn/")) == (
        "redirect_off_host"
    )
    link = scope_of(domain).link_refusal(httpx.URL("https://www.sh.gov.cn/x.html"))
    assert link == "link_off_site: www.sh.gov.cn:443 is not this source's site"
    named = replace(page, options=CatalogueOptions(hosts=("www.shanghai.gov.cn",)))
    assert scope_of(named).link_refusal(httpx.URL("https://www.shanghai.gov.cn/x.html")) is None
