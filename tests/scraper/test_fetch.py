"""The fetcher against the fake official site: outcomes, conditional GET, retries, WAF pages."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from scraper.decode import decode_body
from scraper.fetch import fetch_page
from scraper.limits import FetchLimits, HostPacer
from scraper.records import FetchResult, Outcome, Source, SourceKind, Validators
from scraper.transport import make_client
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES
from tests.rawsite import RawSite, respond

PAGE = (
    "<html><head><title>技能人员职业资格目录</title></head><body><table>焊工</table></body></html>"
)
LIMITS = FetchLimits(
    connect_timeout_seconds=2,
    read_timeout_seconds=2,
    total_deadline_seconds=5,
    per_host_delay_seconds=0,
    outbound=FAKE_SITES,
)
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Sleeps:
    """A `sleep` that records the delays instead of waiting them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def fetch(
    url: str,
    *,
    limits: FetchLimits = LIMITS,
    validators: Validators | None = None,
    sleeps: Sleeps | None = None,
    **kwargs: Any,
) -> FetchResult:
    source = Source(id="skill-catalogue", url=url, kind=SourceKind.CATALOGUE)

    async def run() -> FetchResult:
        async with make_client(limits) as client:
            return await fetch_page(
                client,
                source,
                validators or Validators(),
                limits,
                sleep=sleeps or Sleeps(),
                clock=lambda: NOW,
                **kwargs,
            )

    return asyncio.run(run())


def test_ok_page_keeps_body_headers_and_validators(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.OK
    assert result.status == 200
    assert result.body == PAGE.encode()
    assert result.final_url == fake_site.url("/ml.html")
    assert result.started_at == NOW
    assert result.validators.etag is not None
    assert result.validators.last_modified is not None
    sent = fake_site.requests[-1][2]
    assert sent["user-agent"].startswith("jifen/")
    assert sent["accept-encoding"] == "gzip, deflate"


def test_conditional_get_answers_not_modified_without_body(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    first = fetch(fake_site.url("/ml.html"))
    second = fetch(fake_site.url("/ml.html"), validators=first.validators)
    assert second.outcome is Outcome.NOT_MODIFIED
    assert second.status == 304
    assert second.body == b""
    assert fake_site.requests[-1][2]["if-none-match"] == first.validators.etag


@pytest.mark.parametrize("etag", ['W/"a\x7fb"', '"a\x1bb"'])
def test_a_validator_holding_a_control_character_is_not_sent_back(
    raw_site: RawSite, etag: str
) -> None:
    """The client refuses such a header; echoing it would fail every later check of the page."""
    body = PAGE.encode()
    head = [("Content-Type", "text/html"), ("Content-Length", str(len(body))), ("ETag", etag)]
    raw_site.serve("/ml.html", respond("200 OK", head, lambda: iter([body])))
    first = fetch(raw_site.url("/ml.html"))
    assert first.validators.etag == etag
    second = fetch(raw_site.url("/ml.html"), validators=first.validators)
    assert second.outcome is Outcome.OK and second.body == body  # fetched unconditionally


def test_if_modified_since_alone_gives_not_modified(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE, etag=False, last_modified=datetime(2025, 1, 1, tzinfo=UTC))
    first = fetch(fake_site.url("/ml.html"))
    assert first.validators.etag is None
    second = fetch(fake_site.url("/ml.html"), validators=first.validators)
    assert second.outcome is Outcome.NOT_MODIFIED


def test_changed_page_is_fetched_again_despite_old_validators(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    first = fetch(fake_site.url("/ml.html"))
    fake_site.publish("/ml.html", PAGE.replace("焊工", "电工"))
    second = fetch(fake_site.url("/ml.html"), validators=first.validators)
    assert second.outcome is Outcome.OK
    assert "电工".encode() in second.body


def test_503_is_retried_twice_then_transient(fake_site: FakeSite) -> None:
    fake_site.fail(
        "/ml.html", 503, body="<h1>Service Unavailable</h1>", headers={"Retry-After": "1"}
    )
    sleeps = Sleeps()
    result = fetch(fake_site.url("/ml.html"), sleeps=sleeps)
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "http_503"
    assert result.status == 503
    assert result.attempts == 3
    assert fake_site.hits("/ml.html") == 3
    assert len(sleeps.delays) == 2
    assert all(delay >= 1 for delay in sleeps.delays)
    assert sleeps.delays[1] >= 2  # exponential backoff


def test_transient_failure_then_success_is_ok(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    fake_site.fail("/ml.html", 502, times=1)
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.OK
    assert result.attempts == 2
    assert fake_site.hits("/ml.html") == 2


def test_429_retry_after_within_cap_is_honoured(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    fake_site.fail("/ml.html", 429, headers={"Retry-After": "120"}, times=1)
    sleeps = Sleeps()
    result = fetch(fake_site.url("/ml.html"), sleeps=sleeps)
    assert result.outcome is Outcome.OK
    assert sleeps.delays[0] >= 120
    assert fake_site.hits("/ml.html") == 2


def test_retry_after_past_the_cap_stops_retrying(fake_site: FakeSite) -> None:
    fake_site.fail("/ml.html", 429, headers={"Retry-After": "3600"})
    sleeps = Sleeps()
    result = fetch(fake_site.url("/ml.html"), sleeps=sleeps)
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "http_429"
    assert result.retry_after_seconds == 3600
    assert fake_site.hits("/ml.html") == 1
    assert sleeps.delays == []


def test_retry_after_as_http_date(fake_site: FakeSite) -> None:
    fake_site.fail("/ml.html", 503, headers={"Retry-After": "Sun, 01 Mar 2026 12:03:00 GMT"})
    sleeps = Sleeps()
    result = fetch(fake_site.url("/ml.html"), sleeps=sleeps)
    assert result.retry_after_seconds == 180
    assert sleeps.delays and min(sleeps.delays) >= 180
    assert fake_site.hits("/ml.html") == 3


def test_404_and_410_are_permanent_and_not_retried(fake_site: FakeSite) -> None:
    for status in (404, 410):
        fake_site.fail(f"/gone{status}.html", status, body="<h1>Not Found</h1>")
        result = fetch(fake_site.url(f"/gone{status}.html"))
        assert result.outcome is Outcome.PERMANENT_ERROR
        assert result.detail == f"http_{status}"
        assert fake_site.hits(f"/gone{status}.html") == 1


def test_connection_refused_is_transient_connect_failed(fake_site: FakeSite) -> None:
    url = fake_site.url("/ml.html")
    fake_site.close()
    result = fetch(url, limits=replace(LIMITS, retries=1))
    assert result.outcome is Outcome.TRANSIENT_ERROR
    assert result.detail == "connect_failed"
    assert result.attempts == 2
    assert result.body == b""


def test_bad_scheme_source_is_permanent_without_request() -> None:
    result = fetch("ftp://127.0.0.1/ml.html")
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "bad_scheme"
    assert result.attempts == 0


def test_pacer_spaces_requests_to_one_host_only() -> None:
    pacer = HostPacer(1.0, sleep=Sleeps(), monotonic=lambda: 100.0)

    async def run() -> list[float]:
        return [await pacer.reserve(host) for host in ("a", "a", "b", "a")]

    assert asyncio.run(run()) == [0.0, 1.0, 0.0, 2.0]


def test_disabled_pacer_never_waits() -> None:
    pacer = HostPacer(0, sleep=Sleeps())
    assert asyncio.run(pacer.reserve("a")) == 0.0


def test_concurrent_fetches_of_one_host_queue_behind_the_pacer(fake_site: FakeSite) -> None:
    for index in range(3):
        fake_site.publish(f"/p{index}.html", PAGE)
    waits = Sleeps()
    pacer = HostPacer(1.0, sleep=waits)

    async def run() -> list[FetchResult]:
        async with make_client(LIMITS) as client:
            return list(
                await asyncio.gather(
                    *(
                        fetch_page(
                            client,
                            Source(
                                id=f"p{index}",
                                url=fake_site.url(f"/p{index}.html"),
                                kind=SourceKind.POINTS,
                            ),
                            Validators(),
                            LIMITS,
                            pacer=pacer,
                        )
                        for index in range(3)
                    )
                )
            )

    results = asyncio.run(run())
    assert all(result.outcome is Outcome.OK for result in results)
    assert sorted(round(delay) for delay in waits.delays) == [1, 2]


def test_charset_flip_on_the_site_decodes_to_the_same_text(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE, content_type="text/html; charset=utf-8")
    first = fetch(fake_site.url("/ml.html"))
    fake_site.publish("/ml.html", PAGE.encode("gbk"), content_type="text/html; charset=utf-8")
    second = fetch(fake_site.url("/ml.html"))
    assert first.body != second.body
    one = decode_body(first.body, first.content_type)
    two = decode_body(second.body, second.content_type)
    assert one.text == two.text == PAGE
    assert (two.encoding, two.decided_by, two.replacement_count) == ("gb18030", "detected", 0)


def test_many_concurrent_fetches_share_one_client(fake_site: FakeSite) -> None:
    for index in range(60):
        fake_site.publish(f"/p{index}.html", f"{PAGE}<!-- {index} -->")

    async def run() -> list[FetchResult]:
        async with make_client(LIMITS) as client:
            return list(
                await asyncio.gather(
                    *(
                        fetch_page(
                            client,
                            Source(
                                id=str(index),
                                url=fake_site.url(f"/p{index}.html"),
                                kind=SourceKind.POINTS,
                            ),
                            Validators(),
                            LIMITS,
                        )
                        for index in range(60)
                    )
                )
            )

    results = asyncio.run(run())
    assert [
        result.body.endswith(f"<!-- {index} -->".encode()) for index, result in enumerate(results)
    ] == [True] * 60


def test_waiting_for_the_pacer_does_not_count_against_the_deadline(fake_site: FakeSite) -> None:
    fake_site.publish("/a.html", PAGE)
    fake_site.publish("/b.html", PAGE)
    limits = replace(LIMITS, total_deadline_seconds=0.3, retries=0)
    pacer = HostPacer(0.5)  # real sleeps: the second fetch queues longer than its deadline

    async def run() -> list[FetchResult]:
        async with make_client(limits) as client:
            return list(
                await asyncio.gather(
                    *(
                        fetch_page(
                            client,
                            Source(id=path, url=fake_site.url(path), kind=SourceKind.POINTS),
                            Validators(),
                            limits,
                            pacer=pacer,
                        )
                        for path in ("/a.html", "/b.html")
                    )
                )
            )

    assert [result.outcome for result in asyncio.run(run())] == [Outcome.OK, Outcome.OK]


def test_nonsense_limits_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="max_body_bytes must be positive"):
        FetchLimits(max_body_bytes=0)
