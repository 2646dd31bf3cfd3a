"""Redirect hops, WAF / challenge pages and body sanity (reliability matrix rows 11-15)."""

from __future__ import annotations

from dataclasses import replace

import httpx

from scraper.outbound import OutboundPolicy
from scraper.records import Outcome, Source, SourceKind
from scraper.redirects import redirect_refusal
from scraper.scope import scope_of
from tests.fakesite import FakeSite
from tests.scraper.test_fetch import LIMITS, PAGE, fetch


def test_same_host_redirect_is_followed_and_recorded(fake_site: FakeSite) -> None:
    fake_site.publish("/new/ml.html", PAGE)
    fake_site.redirect("/ml.html", "/new/ml.html", status=301)
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.OK
    assert result.final_url == fake_site.url("/new/ml.html")
    assert result.redirect_chain == (fake_site.url("/new/ml.html"),)


def test_redirect_loop_is_permanent_with_chain(fake_site: FakeSite) -> None:
    fake_site.redirect("/a.html", "/b.html")
    fake_site.redirect("/b.html", "/a.html")
    result = fetch(fake_site.url("/a.html"))
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "redirect_loop"
    assert result.redirect_chain == (fake_site.url("/b.html"), fake_site.url("/a.html"))
    assert fake_site.hits("/a.html") == 1  # never retried


def test_chain_longer_than_the_limit_is_refused(fake_site: FakeSite) -> None:
    for step in range(10):
        fake_site.redirect(f"/r{step}", f"/r{step + 1}")
    result = fetch(fake_site.url("/r0"), limits=replace(LIMITS, max_redirects=3))
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "too_many_redirects"
    assert len(result.redirect_chain) == 4
    assert fake_site.hits("/r4") == 0


def test_redirect_to_other_host_is_refused_before_connecting(fake_site: FakeSite) -> None:
    with FakeSite() as other:
        other.publish("/meta", "secret")
        target = other.url("/meta").replace("127.0.0.1", "127.0.0.2")
        fake_site.redirect("/ml.html", target)
        result = fetch(fake_site.url("/ml.html"))
        assert result.outcome is Outcome.PERMANENT_ERROR
        assert result.detail == "blocked_target: 127.0.0.2 is loopback"
        assert result.redirect_chain == (target,)
        assert other.hits("/meta") == 0


def test_allowed_hosts_extend_the_redirect_allowlist(fake_site: FakeSite) -> None:
    fake_site.publish("/ml.html", PAGE)
    fake_site.redirect("/old.html", fake_site.url("/ml.html").replace("127.0.0.1", "localhost"))
    limits = replace(LIMITS, outbound=OutboundPolicy.allowing("127.0.0.1, localhost"))
    refused = fetch(fake_site.url("/old.html"), limits=limits)
    allowed = fetch(
        fake_site.url("/old.html"), limits=replace(limits, allowed_hosts=frozenset({"localhost"}))
    )
    assert refused.detail == "redirect_off_host"
    assert allowed.outcome is Outcome.OK


def test_redirect_to_non_http_scheme_is_refused(fake_site: FakeSite) -> None:
    fake_site.redirect("/ml.html", "file:///etc/passwd")
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "bad_scheme"
    assert result.body == b""


def test_redirect_to_error_landing_page_is_suspect(fake_site: FakeSite) -> None:
    fake_site.publish(
        "/error.html", "<html><body>页面不存在或已删除" + "。" * 200 + "</body></html>"
    )
    fake_site.redirect("/ml.html", "/error.html")
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.SUSPECT
    assert result.detail == "landing:error_page"
    assert result.body  # kept as evidence


def test_redirect_to_site_root_is_suspect(fake_site: FakeSite) -> None:
    fake_site.publish("/", PAGE)
    fake_site.redirect("/ml.html", "/")
    assert fetch(fake_site.url("/ml.html")).detail == "landing:site_root"


WAF_PAGES = {
    "incapsula": '<html><script src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e"></script></html>',
    "js_challenge": "<html><body>Please turn JavaScript on and reload the page.</body></html>",
    "access_denied": "<html><head><title>Access Denied</title></head><body>Ref #18</body></html>",
    "safedog": "<html><title>网站防火墙</title><body>已被拦截！安全狗</body></html>",
    "access_refused": "<html><body><h1>您的访问被拒绝</h1></body></html>",
    "js_required": "<html><body>请开启JavaScript并刷新该页</body></html>",
    "forbidden_title": "<html><head><title>403 Forbidden</title></head><body></body></html>",
}


def test_200_challenge_pages_are_blocked_with_evidence(fake_site: FakeSite) -> None:
    for name, page in WAF_PAGES.items():
        fake_site.publish(f"/{name}.html", page)
        result = fetch(fake_site.url(f"/{name}.html"))
        assert result.outcome is Outcome.BLOCKED, name
        assert result.detail == f"waf:{name}"
        assert result.body == page.encode()


def test_403_and_503_challenge_pages_are_blocked_not_retried(fake_site: FakeSite) -> None:
    fake_site.fail("/a.html", 403, body=WAF_PAGES["access_denied"])
    fake_site.fail(
        "/b.html",
        503,
        body="<html><body>当前访问疑似黑客攻击，已被创宇盾拦截。</body></html>",
    )
    assert fetch(fake_site.url("/a.html")).detail == "waf:access_denied"
    result = fetch(fake_site.url("/b.html"))
    assert result.outcome is Outcome.BLOCKED
    assert result.detail == "waf:chuangyudun"
    assert fake_site.hits("/b.html") == 1


def test_plain_403_is_permanent(fake_site: FakeSite) -> None:
    fake_site.fail("/a.html", 403, body="<h1>no</h1>")
    result = fetch(fake_site.url("/a.html"))
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "http_403"


def test_large_real_page_mentioning_javascript_is_not_a_challenge(fake_site: FakeSite) -> None:
    page = (
        "<html><noscript>请开启JavaScript</noscript><table>"
        + "<tr><td>焊工</td></tr>" * 5000
        + "</table></html>"
    )
    fake_site.publish("/ml.html", page)
    assert fetch(fake_site.url("/ml.html")).outcome is Outcome.OK


def test_empty_and_whitespace_pages_are_suspect(fake_site: FakeSite) -> None:
    fake_site.publish("/empty.html", b"")
    fake_site.publish("/blank.html", b" \r\n\t ")
    for path in ("/empty.html", "/blank.html"):
        result = fetch(fake_site.url(path))
        assert result.outcome is Outcome.SUSPECT
        assert result.detail == "empty_body"


def test_binary_under_html_header_and_pdf_are_unsupported_for_pages(fake_site: FakeSite) -> None:
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 10
    fake_site.publish("/photo.html", jpeg, content_type="text/html")
    fake_site.publish("/rules.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    for path in ("/photo.html", "/rules.pdf"):
        result = fetch(fake_site.url(path))
        assert result.outcome is Outcome.SUSPECT, path
        assert result.detail == "unsupported_type"
        assert result.body  # raw kept for evidence


def test_pdf_is_fine_for_an_attachment_fetch(fake_site: FakeSite) -> None:
    fake_site.publish("/rules.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    result = fetch(fake_site.url("/rules.pdf"), accept_binary=True)
    assert result.outcome is Outcome.OK
    assert result.body.startswith(b"%PDF")


def refusal(current: str, target: str, *, visited: int = 1) -> str | None:
    here = httpx.URL(current)
    return redirect_refusal(
        here,
        httpx.URL(target),
        scope=scope_of(Source("page", current, SourceKind.CATALOGUE)),
        policy=OutboundPolicy(),
        visited=(here,) * visited,
        max_redirects=5,
    )


def test_redirect_refusals() -> None:
    page = "https://rsj.sh.gov.cn/a.html"
    assert refusal(page, "https://rsj.sh.gov.cn/b.html") is None
    assert refusal(page, "http://rsj.sh.gov.cn/b.html") == "redirect_insecure"
    assert refusal(page, "http://169.254.169.254/latest/meta-data") == "redirect_insecure"
    metadata = "blocked_target: 169.254.169.254 is link-local"
    assert refusal("http://rsj.sh.gov.cn/a", "http://169.254.169.254/") == metadata
    assert refusal(page, "https://evil.example/rsj.sh.gov.cn") == "redirect_off_host"
    assert refusal(page, "data:text/html,hi") == "bad_scheme"
    assert refusal(page, "https://RSJ.SH.GOV.CN/b.html") is None
    assert refusal(page, "https://rsj.sh.gov.cn/b.html", visited=6) == "too_many_redirects"


def test_unparseable_location_is_permanent(fake_site: FakeSite) -> None:
    fake_site.redirect("/ml.html", "http://rsj.sh.gov.cn:port/")
    result = fetch(fake_site.url("/ml.html"))
    assert result.outcome is Outcome.PERMANENT_ERROR
    assert result.detail == "bad_url"
