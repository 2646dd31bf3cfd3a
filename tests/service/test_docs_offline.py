"""`/docs` works without the internet: the page names no other host, and every script, style
and icon it loads is served by jifen itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.service.test_api_world import World, build_world


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    world: World = build_world(tmp_path)
    with TestClient(world.app) as c:
        yield c
    world.store.close()


def test_docs_loads_only_local_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    # Swagger UI's page with nothing fetched from elsewhere (no CDN, no absolute URL at all).
    assert "SwaggerUIBundle" in page.text
    assert not re.search(r"(?:src|href|url)\s*[=:]\s*['\"]?(?:https?:)?//", page.text)
    assets = re.findall(r"(?:src|href)=['\"]([^'\"]+)['\"]", page.text)
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for asset in assets:
        answered = client.get(asset)
        assert answered.status_code == 200, asset
        assert len(answered.content) > 1000, asset
    spec = re.search(r"url:\s*'([^']+)'", page.text)
    assert spec is not None and client.get(spec.group(1)).json()["info"]["title"] == "jifen"


def test_the_script_is_swagger_ui_and_the_assets_answer_head(client: TestClient) -> None:
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert b"SwaggerUIBundle" in script.content
    head = client.head("/docs/assets/swagger-ui.css")
    assert head.status_code == 200 and head.content == b""
    assert client.get("/docs/oauth2-redirect").status_code == 200
