"""The OpenAPI document says what the server does: the error shape it sends (with per-field
errors, Chinese first), a typed score, the admin token's scheme, HEAD wherever GET is."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.http.api.schemas import ErrorPublic
from service.http.api.score_schemas import ScorePublic
from tests.service.test_api_world import ADMIN_TOKEN, World, build_world

CHINESE_FIRST = re.compile(r"^[\u4e00-\u9fff]")
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("contract"))
    yield built
    built.store.close()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    openapi: dict[str, Any] = client.get("/openapi.json").json()
    return openapi


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_fastapis_default_422_shape_is_nowhere_in_the_document(document: dict[str, Any]) -> None:
    text = json.dumps(document)
    assert "HTTPValidationError" not in text and '"ValidationError"' not in text
    detail = document["components"]["schemas"]["ErrorDetail"]
    assert set(detail["required"]) == {"code", "message", "fields"}


def test_every_error_answer_is_declared_with_the_shape_sent(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        assert {"500", "503"} <= set(responses), (method, path)
        for status, response in responses.items():
            if status[0] not in "45" or (path, status) == ("/healthz", "503"):
                continue
            content = response["content"]
            if path.startswith(("/feeds/", "/metrics")):
                assert set(content) == {"text/plain"}, (method, path, status)
            else:
                schema = content["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorPublic"}, (path, status)


def test_input_is_declared_as_refusable(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        if operation.get("parameters") or "requestBody" in operation:
            assert "422" in operation["responses"], (method, path)


def test_the_admin_token_is_a_declared_bearer_scheme(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["adminToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    check = document["paths"]["/v1/sources/{source_id}/check"]["post"]
    assert check["security"] == [{"adminToken": []}]
    assert {"401", "403"} <= set(check["responses"])
    assert not any(p["name"].lower() == "authorization" for p in check.get("parameters", []))
    # An e-mail subscription needs no token: the scheme is optional there.
    subscribe = document["paths"]["/v1/subscriptions"]["post"]
    assert subscribe["security"] == [{"adminToken": []}, {}]


def test_the_score_is_a_typed_answer(document: dict[str, Any], client: TestClient) -> None:
    ok = document["paths"]["/v1/score"]["post"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ScorePublic"
    }
    profile = {"birth_date": "1990-05-20", "education": "本科+学士"}
    answer = client.post("/v1/score", json=profile)
    assert answer.status_code == 200
    ScorePublic.model_validate(answer.json())  # no key the model does not declare


def test_the_profile_schema_offers_the_chinese_terms(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    education = schemas["Profile"]["properties"]["education"]
    assert {"本科", "本科+学士", "硕士", "博士", "大专", "bk_xs"} <= set(education["enum"])
    level = schemas["SkillCertificate"]["properties"]["level"]
    words = next(option["enum"] for option in level["anyOf"] if option["type"] == "string")
    assert {"三级", "高级工", "技师", "高级技师", "五级", "初级工"} <= set(words)
    assert "obtained_in_shanghai" not in schemas["SkillCertificate"].get("required", [])


def test_a_bad_profile_gets_one_error_per_field(client: TestClient) -> None:
    answer = client.post(
        "/v1/score",
        json={
            "birth_date": "1990/05/20",
            "education": "大学",
            "skill_certificates": [{"trade": "车工", "level": "特级"}],
        },
    )
    assert answer.status_code == 422
    error = ErrorPublic.model_validate(answer.json()).error
    assert error.code == "invalid_input"
    by_field = {f.field: f.message for f in error.fields}
    assert by_field["birth_date"] == (
        "出生日期：请填写 YYYY-MM-DD 格式的日期 / birth_date: a date YYYY-MM-DD"
    )
    assert by_field["education"].startswith("学历：请填写 无、大专、本科、本科+学士")
    assert by_field["skill_certificates[0].level"].startswith("技能证书（第1项）·技能等级：")
    assert all(CHINESE_FIRST.match(message) for message in by_field.values())
    for pydantic_words in ("pydantic.dev", "literal[", "Input should"):
        assert pydantic_words not in answer.text


@pytest.mark.parametrize(
    "url",
    ["/v1/rules?as_of=0", "/v1/rules?as_of=20240101", "/v1/changes?since=0", "/v1/score?as_of=1"],
)
def test_a_number_is_not_read_as_a_date(client: TestClient, url: str) -> None:
    if url.startswith("/v1/score"):
        answer = client.post(url, json={"birth_date": "1990-05-20"})
    else:
        answer = client.get(url)
    assert answer.status_code == 422
    (field,) = ErrorPublic.model_validate(answer.json()).error.fields
    assert field.field in {"as_of", "since"} and "YYYY-MM-DD" in field.message


def test_a_body_that_is_not_json_is_named(client: TestClient) -> None:
    answer = client.post(
        "/v1/score", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    (field,) = ErrorPublic.model_validate(answer.json()).error.fields
    assert field.field == "body" and field.message.startswith("请求体不是有效的 JSON")


def test_405_lists_every_method_of_the_path(client: TestClient) -> None:
    answer = client.request("PUT", "/v1/subscriptions")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD, POST"


def _filled(path: str, world: World, client: TestClient) -> str:
    trade = client.get("/v1/trades", params={"q": "工"}).json()[0]["trade_id"]
    values = {
        "source_id": "skill",
        "change_id": str(world.change_id),
        "sha256": world.evidence_sha,
        "trade_id": str(trade),
        "cycle_id": str(client.post("/v1/cycles", headers=ADMIN).json()["id"]),
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_every_get_in_the_document_answers_head(
    document: dict[str, Any], world: World, client: TestClient
) -> None:
    """HEAD wherever GET is: the same status and headers, no body."""
    gets = [path for path, method, _ in _operations(document) if method == "get"]
    assert len(gets) >= 15
    for path in gets:
        url = _filled(path, world, client)
        if path == "/v1/trades":
            url += "?q=工"
        got, head = client.get(url, headers=ADMIN), client.head(url, headers=ADMIN)
        assert got.status_code == 200, url
        assert (head.status_code, head.content) == (200, b""), url
        for name in ("content-type", "etag", "last-modified"):
            assert head.headers.get(name) == got.headers.get(name), (url, name)
