"""Admin "check now": token required and compared safely; reads stay anonymous (row 38)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.service.test_api_world import ADMIN_TOKEN, World, build_world


def test_correct_token_runs_the_check(client: TestClient, world: World) -> None:
    response = client.post(
        "/v1/sources/skill/check", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    assert response.status_code == 200
    assert response.json() == {"source_id": "skill", "result": "skill: checked"}
    assert world.checks == ["skill"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": ""}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"Authorization": f"Basic {ADMIN_TOKEN}"}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN}x"}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN[:-1]}"}, 403),
    ],
)
def test_missing_or_wrong_token_is_refused(
    client: TestClient,
    world: World,
    caplog: pytest.LogCaptureFixture,
    headers: dict[str, str],
    status: int,
) -> None:
    response = client.post("/v1/sources/skill/check", headers=headers)
    assert response.status_code == status
    assert world.checks == []
    assert ADMIN_TOKEN not in response.text
    assert ADMIN_TOKEN not in caplog.text


def test_unknown_source_with_a_good_token_is_404(client: TestClient, world: World) -> None:
    response = client.post(
        "/v1/sources/nope/check", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    assert response.status_code == 404
    assert world.checks == []


def test_without_a_configured_token_admin_is_disabled(tmp_path: Path) -> None:
    world = build_world(tmp_path, admin_token=None)
    try:
        with TestClient(world.app, raise_server_exceptions=False) as c:
            response = c.post("/v1/sources/skill/check", headers={"Authorization": "Bearer "})
            assert response.status_code == 503
            assert "JIFEN_ADMIN_TOKEN" in response.json()["error"]["message"]
            assert c.get("/v1/sources").status_code == 200  # reads need no token
    finally:
        world.store.close()
    assert world.checks == []
