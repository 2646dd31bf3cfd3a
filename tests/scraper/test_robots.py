"""robots.txt per RFC 9309 (reliability matrix row 40), through fetch_page and alone."""

from __future__ import annotations

import asyncio
from typing import Any

from scraper.fetch import fetch_page
from scraper.records import FetchResult, Outcome, Source, SourceKind, Validators
from scraper.robots import RobotsPolicy, RobotsVerdict
from scraper.transport import make_client
from tests.fakesite import FakeSite
from tests.scraper.test_fetch import LIMITS, NOW, PAGE, Sleeps

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: jifen\nDisallow: /admin/\n"


def fetch_all(site: FakeSite, paths: list[str], **kwargs: Any) -> list[FetchResult]:
    """Fetch several paths in one cycle (one RobotsPolicy), concurrently."""

    async def run() -> list[FetchResult]:
        async with make_client(LIMITS) as client:
            robots = RobotsPolicy(client, LIMITS, sleep=Sleeps(), clock=lambda: NOW)
            return list(
                await asyncio.gather(
                    *(
                        fetch_page(
                            client,
                            Source(id=path, url=site.url(path), kind=SourceKind.POINTS),
                            Validators(),
                            LIMITS,
                            robots=robots,
                            sleep=Sleeps(),
                            clock=lambda: NOW,
                            **kwargs,
                        )
                        for path in paths
                    )
                )
            )

    return asyncio.run(run())


def test_disallowed_page_is_blocked_without_a_request(fake_site: FakeSite) -> None:
    fake_site.robots("User-agent: *\nDisallow: /private/\n")
    fake_site.publish("/private/ml.html", PAGE)
    fake_site.publish("/ml.html", PAGE)
    private, public = fetch_all(fake_site, ["/private/ml.html", "/ml.html"])
    assert (private.outcome, private.detail) == (Outcome.BLOCKED, "robots_disallow")
    assert public.outcome is Outcome.OK
    assert fake_site.hits("/private/ml.html") == 0


def test_our_own_group_replaces_the_wildcard_group(fake_site: FakeSite) -> None:
    # RFC 9309 §2.2.1: only the most specific matching group applies.
    fake_site.robots(ROBOTS)
    fake_site.publish("/private/ml.html", PAGE)
    fake_site.publish("/admin/ml.html", PAGE)
    private, admin = fetch_all(fake_site, ["/private/ml.html", "/admin/ml.html"])
    assert private.outcome is Outcome.OK
    assert (admin.outcome, admin.detail) == (Outcome.BLOCKED, "robots_disallow")
    assert fake_site.hits("/admin/ml.html") == 0


def test_robots_is_fetched_once_per_host_per_cycle(fake_site: FakeSite) -> None:
    fake_site.robots(ROBOTS)
    paths = [f"/p{index}.html" for index in range(8)]
    for path in paths:
        fake_site.publish(path, PAGE)
    results = fetch_all(fake_site, paths)
    assert all(result.outcome is Outcome.OK for result in results)
    assert fake_site.hits("/robots.txt") == 1


def test_missing_robots_allows_everything(fake_site: FakeSite) -> None:
    fake_site.publish("/private/ml.html", PAGE)
    (result,) = fetch_all(fake_site, ["/private/ml.html"])
    assert result.outcome is Outcome.OK
    assert fake_site.hits("/robots.txt") == 1


def test_robots_server_error_means_disallow_and_retry_later(fake_site: FakeSite) -> None:
    fake_site.fail("/robots.txt", 503)
    fake_site.publish("/ml.html", PAGE)
    (result,) = fetch_all(fake_site, ["/ml.html"])
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "robots_unreachable"
    assert fake_site.hits("/ml.html") == 0
    assert fake_site.hits("/robots.txt") == 1  # no retry storm inside the cycle
    fake_site.robots(None)
    (later,) = fetch_all(fake_site, ["/ml.html"])  # next cycle, new policy
    assert later.outcome is Outcome.OK


def test_non_utf8_robots_is_read_leniently(fake_site: FakeSite) -> None:
    fake_site.robots("# 上海市人力资源和社会保障局\nUser-agent: *\nDisallow: /old/\n".encode("gbk"))
    fake_site.publish("/old/ml.html", PAGE)
    fake_site.publish("/ml.html", PAGE)
    old, new = fetch_all(fake_site, ["/old/ml.html", "/ml.html"])
    assert old.detail == "robots_disallow"
    assert new.outcome is Outcome.OK


def test_unparsable_rate_lines_do_not_hide_the_rules(fake_site: FakeSite) -> None:
    fake_site.robots("User-agent: *\nCrawl-delay: ²\nRequest-rate: 1/①\nDisallow: /private/\n")
    fake_site.publish("/private/ml.html", PAGE)
    fake_site.publish("/ml.html", PAGE)
    private, public = fetch_all(fake_site, ["/private/ml.html", "/ml.html"])
    assert (private.outcome, private.detail) == (Outcome.BLOCKED, "robots_disallow")
    assert public.outcome is Outcome.OK


def test_robots_served_as_html_still_counts(fake_site: FakeSite) -> None:
    fake_site.respond(
        "/robots.txt",
        lambda _info: (200, [("Content-Type", "text/html")], b"User-agent: *\nDisallow: /\n"),
    )
    fake_site.publish("/ml.html", PAGE)
    (result,) = fetch_all(fake_site, ["/ml.html"])
    assert result.detail == "robots_disallow"


def test_verdict_alone() -> None:
    with FakeSite() as site:
        site.robots("User-agent: *\nDisallow: /x/\n")

        async def run() -> tuple[RobotsVerdict, RobotsVerdict]:
            async with make_client(LIMITS) as client:
                policy = RobotsPolicy(client, LIMITS)
                return await policy.verdict(site.url("/x/a")), await policy.verdict(site.url("/y"))

        blocked, allowed = asyncio.run(run())
    assert not blocked.allowed
    assert allowed.allowed


def test_robots_redirected_to_another_port_is_unavailable_and_not_followed(
    fake_site: FakeSite,
) -> None:
    with FakeSite() as internal:
        internal.robots("User-agent: *\nDisallow: /\n")
        fake_site.redirect("/robots.txt", internal.url("/robots.txt"))
        fake_site.publish("/ml.html", PAGE)
        (result,) = fetch_all(fake_site, ["/ml.html"])
        assert result.outcome is Outcome.OK  # RFC 9309 §2.3.1.2: treated as no rules
        assert internal.hits("/robots.txt") == 0


def test_a_pdf_pattern_anchored_at_the_end_blocks_pdf_attachments(fake_site: FakeSite) -> None:
    # RFC 9309 §2.2.3: "*" matches any characters and "$" ends the pattern. The stdlib matcher
    # read both literally and let every PDF through.
    fake_site.robots("User-agent: *\nDisallow: /*.pdf$\n")
    for path in ("/files/bf.pdf", "/files/bf.pdf.html", "/files/sb.pdf"):
        fake_site.publish(path, PAGE)
    pdf, page, query = fetch_all(
        fake_site, ["/files/bf.pdf", "/files/bf.pdf.html", "/files/sb.pdf?download=1"]
    )
    assert (pdf.outcome, pdf.detail) == (Outcome.BLOCKED, "robots_disallow")
    assert fake_site.hits("/files/bf.pdf") == 0
    assert page.outcome is Outcome.OK
    assert query.outcome is Outcome.OK  # the pattern ends at ".pdf": a query string follows it


def test_the_longest_match_wins_whatever_the_order_of_the_lines(fake_site: FakeSite) -> None:
    # RFC 9309 §2.2.2: the most specific rule applies, not the first one listed. The stdlib
    # matcher stopped at "Disallow: /a" and blocked /a/b/c.
    fake_site.robots("User-agent: *\nDisallow: /a\nAllow: /a/b\n")
    for path in ("/a/b/c.html", "/a/c.html"):
        fake_site.publish(path, PAGE)
    allowed, blocked = fetch_all(fake_site, ["/a/b/c.html", "/a/c.html"])
    assert allowed.outcome is Outcome.OK
    assert (blocked.outcome, blocked.detail) == (Outcome.BLOCKED, "robots_disallow")


def test_a_renewed_policy_asks_again(fake_site: FakeSite) -> None:
    fake_site.fail("/robots.txt", 503)

    async def run() -> tuple[RobotsVerdict, RobotsVerdict, RobotsVerdict]:
        async with make_client(LIMITS) as client:
            policy = RobotsPolicy(client, LIMITS, sleep=Sleeps(), clock=lambda: NOW)
            first = await policy.verdict(fake_site.url("/ml.html"))
            fake_site.robots(None)
            same_cycle = await policy.verdict(fake_site.url("/ml.html"))
            next_cycle = await policy.renewed().verdict(fake_site.url("/ml.html"))
            return first, same_cycle, next_cycle

    first, same_cycle, next_cycle = asyncio.run(run())
    assert first.detail == same_cycle.detail == "robots_unreachable"
    assert next_cycle.allowed
    assert fake_site.hits("/robots.txt") == 2
