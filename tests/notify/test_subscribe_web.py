"""Subscriptions for people and for programs: "notify me" confirmed by e-mail, signed one-click
unsubscribe, rate limits per address, the token-protected API, the delivery log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from scraper.outbound import OutboundPolicy
from service.http.app import create_app
from service.runtime import delivery_config
from service.settings import Settings
from store.store import Store
from tests.notify.receivers import MailServer, WebhookReceiver, body_text
from tests.notify.world import POINTS, SKILL, Publisher, catalogue, deliver

TOKEN = "admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
ME = "reader@example.org"


@dataclass
class Site:
    client: TestClient
    store: Store
    settings: Settings
    skill: Publisher

    def deliver(self) -> None:
        deliver(self.store, delivery_config(self.settings))

    def follow(self, url: str, method: str = "GET") -> int:
        path = url.removeprefix(self.settings.public_url)
        return self.client.request(method, path).status_code


@pytest.fixture
def site(tmp_path, mail_server: MailServer) -> Iterator[Site]:  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'jifen.db'}",
        sources_path=tmp_path / "sources.toml",
        admin_token=TOKEN,
        public_url="http://testserver",
        rate_limit_per_second=0,
        outbound=OutboundPolicy.allowing("127.0.0.1"),
        smtp_url=mail_server.url,
        mail_from="jifen@example.org",
        subscribe_per_hour=3,
    )
    store = Store(settings.database_url)
    store.upsert_sources([SKILL, POINTS])
    skill = Publisher(store, SKILL)
    skill.publish(catalogue("车工", "钳工"))
    app = create_app(settings=settings, store=store, sources=[SKILL, POINTS])
    with TestClient(app) as client:
        yield Site(client, store, settings, skill)
    store.close()


def link(text: str, action: str) -> str:
    found = re.search(rf"http://testserver/notify/{action}/\d+/[0-9a-f]+", text)
    assert found, f"no {action} link in:\n{text}"
    return found.group(0)


def test_notify_me_is_confirmed_by_mail_and_unsubscribed_with_one_click(
    site: Site, mail_server: MailServer
) -> None:
    form = site.client.get("/notify", params={"trade": "车工"})
    assert form.status_code == 200 and "车工" in form.text
    sent = site.client.post("/notify", data={"email": ME, "trade": "车工"})
    assert sent.status_code == 202
    site.skill.publish(catalogue("车工", "钳工", "焊工"))  # before confirming: not for me
    site.deliver()
    (confirmation,) = mail_server.to(ME)
    assert "车工" in body_text(confirmation)
    assert "List-Unsubscribe" not in confirmation
    assert site.follow(link(body_text(confirmation), "confirm")) == 200
    assert site.follow(link(body_text(confirmation), "confirm")) == 200  # again: same answer

    site.skill.publish(catalogue("钳工", "焊工", "铣工"))  # 车工 removed, 铣工 added
    site.deliver()
    confirmation, news = mail_server.to(ME)
    assert news["Subject"] == "技能人员职业目录：删除 1 项"
    assert "车工" in body_text(news) and "铣工" not in body_text(news)
    assert "沪人社规〔2026〕1号" in body_text(news)
    assert "http://testserver/changes/" in body_text(news)
    assert '<a href="http://testserver/notify/unsubscribe/' in body_text(news, "html")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = news["List-Unsubscribe"].strip("<>")
    assert unsubscribe == link(body_text(news), "unsubscribe")
    assert news["X-Jifen-Change-Id"] is not None

    assert site.follow(unsubscribe, "POST") == 200  # RFC 8058 one-click
    assert site.follow(unsubscribe) == 200  # the link in the text, again: no error
    site.skill.publish(catalogue("车工", "钳工", "焊工", "铣工"))
    site.deliver()
    assert len(mail_server.to(ME)) == 2


def test_a_forged_link_does_nothing(site: Site, mail_server: MailServer) -> None:
    site.client.post("/notify", data={"email": ME})
    site.deliver()
    (confirmation,) = mail_server.to(ME)
    real = link(body_text(confirmation), "confirm")
    forged = real[:-4] + ("0000" if not real.endswith("0000") else "1111")
    assert site.follow(forged) == 404
    other = re.sub(r"/confirm/(\d+)/", lambda m: f"/confirm/{int(m.group(1)) + 1}/", real)
    assert site.follow(other) == 404
    assert site.follow(real.replace("/confirm/", "/unsubscribe/")) == 404  # a different action


def test_subscription_requests_are_rate_limited_per_address(site: Site) -> None:
    answers = [site.client.post("/notify", data={"email": ME}).status_code for _ in range(4)]
    assert answers == [202, 202, 202, 429]
    assert site.client.post("/notify", data={"email": "other@example.org"}).status_code == 202


def test_a_page_refuses_what_is_not_an_address(site: Site) -> None:
    answer = site.client.post("/notify", data={"email": "not an address"})
    assert answer.status_code == 422 and "e-mail" in answer.text


def test_webhooks_need_the_admin_token_and_their_secret_is_shown_once(
    site: Site, receiver: WebhookReceiver
) -> None:
    asked = {"channel": "webhook", "target": receiver.url(), "trade": "焊工"}
    assert site.client.post("/v1/subscriptions", json=asked).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert site.client.post("/v1/subscriptions", json=asked, headers=wrong).status_code == 403
    made = site.client.post("/v1/subscriptions", json=asked, headers=ADMIN)
    assert made.status_code == 201
    secret = made.json()["secret"]
    assert secret and made.json()["status"] == "active" and made.json()["has_secret"]
    listed = site.client.get("/v1/subscriptions", headers=ADMIN).json()
    assert [s["trade"] for s in listed] == ["焊工"]
    assert secret not in str(listed)

    site.skill.publish(catalogue("车工", "钳工", "焊工"))
    site.deliver()
    (got,) = receiver.at("/hook")
    assert got.is_signed_with(secret)
    (entry,) = site.client.get("/v1/deliveries", headers=ADMIN).json()
    assert (entry["status"], entry["attempts"], entry["channel"]) == ("sent", 1, "webhook")
    assert site.client.get("/v1/deliveries").status_code == 401

    sub_id = made.json()["id"]
    assert site.client.delete(f"/v1/subscriptions/{sub_id}", headers=ADMIN).status_code == 204
    assert site.client.delete(f"/v1/subscriptions/{sub_id}", headers=ADMIN).status_code == 204
    assert site.client.delete("/v1/subscriptions/999", headers=ADMIN).status_code == 404
    assert site.client.get("/v1/subscriptions", headers=ADMIN).json() == []


def test_a_private_webhook_target_is_refused_unless_allowed(site: Site) -> None:
    asked = {"channel": "webhook", "target": "http://10.1.2.3/hook"}
    refused = site.client.post("/v1/subscriptions", json=asked, headers=ADMIN)
    assert refused.status_code == 422
    assert "JIFEN_ALLOW_PRIVATE_TARGETS" in refused.json()["error"]["message"]
    link_local = {"channel": "apprise", "target": "json://169.254.169.254/latest"}
    assert site.client.post("/v1/subscriptions", json=link_local, headers=ADMIN).status_code == 422


def test_the_sources_page_shows_the_delivery_log(site: Site, receiver: WebhookReceiver) -> None:
    receiver.script("/hook", 503)
    asked = {"channel": "webhook", "target": receiver.url()}
    site.client.post("/v1/subscriptions", json=asked, headers=ADMIN)
    site.skill.publish(catalogue("车工", "钳工", "焊工"))
    site.deliver()
    page = site.client.get("/sources").text
    assert "通知投递" in page and "HTTP 503" in page
    assert receiver.url() not in page  # the full target stays in the admin API


def test_openapi_documents_the_webhook_body(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    assert set(spec["webhooks"]) == {"change", "incident", "confirm"}
    notice = spec["components"]["schemas"]["ChangeNotice"]
    assert {"id", "source_id", "title", "summary", "items", "url", "is_correction"} <= set(
        notice["required"]
    )
    parameters = {p["name"] for p in spec["webhooks"]["change"]["post"]["parameters"]}
    assert {"X-Jifen-Timestamp", "X-Jifen-Signature", "Idempotency-Key"} <= parameters
