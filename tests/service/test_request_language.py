"""A request is answered in its reader's language: Chinese by default, English for `?lang=en`
or an Accept-Language that ranks English first; responses say they vary by it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from tests.service.test_api_world import build_world
from words import Lang, current_lang


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    world = build_world(tmp_path)
    with TestClient(world.app) as c:
        yield c
    world.store.close()


def subtitle(client: TestClient, **options: object) -> str:
    response = client.get("/feeds/changes.atom", **options)  # type: ignore[arg-type]
    assert "Accept-Language" in response.headers["vary"]
    return str(feedparser.parse(response.content).feed.subtitle)


def test_feed_text_follows_the_reader(client: TestClient) -> None:
    assert "无法检查：坏页" in subtitle(client)
    assert "无法检查：坏页" in subtitle(client, headers={"Accept-Language": "zh-CN,en;q=0.8"})
    english = subtitle(client, headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert "Could not be checked: 坏页" in english and "Beijing time, UTC+8" in english
    assert "Could not be checked" in subtitle(client, params={"lang": "en"})
    # The language of one request does not stay behind for the next.
    assert "无法检查：坏页" in subtitle(client)
    assert current_lang() is Lang.ZH


def test_score_reasons_follow_the_reader(client: TestClient) -> None:
    body = {"birth_date": "1990-05-20", "education": "本科"}
    zh = client.post("/v1/score?as_of=2026-12-01", json=body).json()
    en = client.post("/v1/score?as_of=2026-12-01&lang=en", json=body).json()
    assert zh["total"] == en["total"]
    # This world's tables hold no AGE rule: the line says so, in each reader's language.
    (age_zh,) = [line["reason"] for line in zh["lines"] if line["indicator"] == "AGE"]
    (age_en,) = [line["reason"] for line in en["lines"] if line["indicator"] == "AGE"]
    assert "没有生效的年龄36周岁规则" in age_zh
    assert age_en.startswith("no rule in force for age 36 (AGE)")
