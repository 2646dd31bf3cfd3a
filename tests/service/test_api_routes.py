"""The JSON API against a real Store on a temporary SQLite file: every read route and its 404s."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from service.http.app import create_app
from service.lease import LeaseView, Role
from tests.service.test_api_world import (
    ADDED_TRADE,
    SCRIPT_TRADE,
    SOURCES,
    V2_SEEN,
    World,
)


def test_sources_tell_unchanged_from_failing_and_never_checked(client: TestClient) -> None:
    body = client.get("/v1/sources").json()
    status = {s["id"]: s["status"] for s in body}
    assert status == {
        "skill": "unchanged",
        "points": "ok",
        "broken": "failing",
        "quiet": "never_checked",
    }
    broken = next(s for s in body if s["id"] == "broken")
    assert broken["error_streak"] == 2
    assert broken["last_detail"] == "http_503"
    assert broken["last_success_at"].startswith("2024-01-10")
    skill = next(s for s in body if s["id"] == "skill")
    assert skill["last_change_at"].startswith(V2_SEEN.date().isoformat())


def test_one_source_and_unknown_source(client: TestClient) -> None:
    assert client.get("/v1/sources/points").json()["name"] == "积分分值"
    response = client.get("/v1/sources/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_catalogue_as_of_follows_the_effective_date(client: TestClient) -> None:
    old = client.get("/v1/catalogues/skill", params={"as_of": "2024-06-01"}).json()
    new = client.get("/v1/catalogues/skill", params={"as_of": "2025-03-01"}).json()
    assert ADDED_TRADE not in [t["name"] for t in old["trades"]]
    assert ADDED_TRADE in [t["name"] for t in new["trades"]]
    assert old["version"]["doc_number"] == "沪人社规〔2024〕1号"
    renamed = next(t for t in new["trades"] if t["name"] == "金属热处理工")
    assert renamed["aliases"] == ["热处理工"]
    assert new["version"]["evidence"] == f"/v1/snapshots/{new['version']['evidence'][14:]}"
    assert client.get(new["version"]["evidence"]).status_code == 200


def test_catalogue_before_any_version_is_a_json_404(client: TestClient) -> None:
    response = client.get("/v1/catalogues/skill", params={"as_of": "2000-01-01"})
    assert response.status_code == 404
    assert "no catalogue in force" in response.json()["error"]["message"]


def test_catalogue_observed_timeline_uses_the_day_we_saw_it(client: TestClient) -> None:
    # Published 2025-03-01 but first seen 2025-03-05: on 03-03 only the effective timeline has it.
    effective = client.get("/v1/catalogues/skill", params={"as_of": "2025-03-03"}).json()
    observed = client.get(
        "/v1/catalogues/skill", params={"as_of": "2025-03-03", "timeline": "observed"}
    ).json()
    assert effective["version"]["doc_number"] == "沪人社规〔2025〕3号"
    assert observed["version"]["doc_number"] == "沪人社规〔2024〕1号"


def test_versions_newest_first(client: TestClient, world: World) -> None:
    versions = client.get("/v1/catalogues/skill/versions").json()
    assert [v["id"] for v in versions] == [world.skill_v2.version_id, world.skill_v1.version_id]
    assert client.get("/v1/catalogues/nope/versions").status_code == 404


def test_trade_search_finds_former_names_and_history(client: TestClient) -> None:
    matches = client.get("/v1/trades", params={"q": "热处理工"}).json()
    skill = [m for m in matches if m["source_id"] == "skill"]
    assert [(m["name"], m["matched_name"]) for m in skill] in (
        [("金属热处理工", "金属热处理工")],
        [("金属热处理工", "热处理工")],
    )
    history = client.get(skill[0]["history"]).json()
    kinds = [e["kind"] for e in history["events"]]
    assert kinds[0] == "appeared"
    assert "renamed" in kinds
    assert client.get("/v1/trades/999999/history").status_code == 404


def test_rules_json_and_csv_carry_their_document(client: TestClient) -> None:
    rules = client.get("/v1/rules", params={"as_of": "2025-06-01"}).json()
    skill3 = next(r for r in rules["rules"] if r["indicator"] == "SKILL")
    assert skill3["points"] == 60
    assert skill3["provenance"]["source_id"] == "points"
    assert {c["source_id"] for c in rules["catalogues"]} >= {"skill"}
    response = client.get("/v1/rules.csv", params={"as_of": "2025-06-01"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {(r["indicator"], r["points"]) for r in rows} >= {("SKILL", "60"), ("THRESHOLD", "120")}


def test_rules_before_anything_was_in_force_are_empty(client: TestClient) -> None:
    rules = client.get("/v1/rules", params={"as_of": "1999-01-01"}).json()
    assert rules["rules"] == []
    assert rules["catalogues"] == []


def test_changes_list_detail_and_filters(client: TestClient, world: World) -> None:
    listing = client.get("/v1/changes").json()
    assert [c["id"] for c in listing["changes"]] == [world.change_id]
    assert listing["next_cursor"] is None
    change = listing["changes"][0]
    assert change["classification"] == "rule"
    assert change["page"] == f"/changes/{world.change_id}"
    assert ADDED_TRADE in change["title"]
    assert client.get("/v1/changes", params={"source": "points"}).json()["changes"] == []
    assert client.get("/v1/changes", params={"kind": "wording"}).json()["changes"] == []
    later = client.get("/v1/changes", params={"since": "2025-03-06T00:00:00Z"}).json()
    assert later["changes"] == []
    detail = client.get(f"/v1/changes/{world.change_id}").json()
    assert "+四、无人机驾驶员" in detail["text_diff"]
    assert {i["kind"] for i in detail["items"]} >= {"trade_added", "trade_renamed"}
    assert client.get("/v1/changes/424242").status_code == 404


def test_change_cursor_pages_through_older_events(client: TestClient, world: World) -> None:
    first = client.get("/v1/changes", params={"limit": 1}).json()
    assert first["next_cursor"]
    second = client.get("/v1/changes", params={"limit": 1, "cursor": first["next_cursor"]}).json()
    assert second["changes"] == []
    assert second["next_cursor"] is None


def test_snapshot_metadata_and_exact_raw_bytes(client: TestClient, world: World) -> None:
    meta = client.get(f"/v1/snapshots/{world.evidence_sha}").json()
    assert meta["source_id"] == "skill"
    assert meta["content_type"] == "text/html; charset=utf-8"
    raw = client.get(meta["raw"])
    assert raw.status_code == 200
    assert raw.content == world.store.snapshot_body(world.evidence_sha)
    assert SCRIPT_TRADE.encode() in raw.content  # the evidence is kept exactly as captured
    assert raw.headers["content-type"] == "text/html; charset=utf-8"
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert raw.headers["content-security-policy"] == "sandbox"
    assert client.get(f"/v1/snapshots/{'0' * 64}").status_code == 404
    assert client.get(f"/v1/snapshots/{'0' * 64}/raw").status_code == 404


def test_healthz_and_metrics(client: TestClient) -> None:
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "scheduler": "off",
        "term": None,
        "lease_expires_at": None,
        "last_write_failed_at": None,
        "problems": [],
    }
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert 'jifen_error_streak{source_id="broken"} 2.0' in metrics.text
    assert 'jifen_last_success_timestamp_seconds{source_id="skill"}' in metrics.text


def test_openapi_documents_every_json_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/sources",
        "/v1/catalogues/{source_id}",
        "/v1/catalogues/{source_id}/versions",
        "/v1/trades",
        "/v1/trades/{trade_id}/history",
        "/v1/rules",
        "/v1/rules.csv",
        "/v1/changes",
        "/v1/changes/{change_id}",
        "/v1/snapshots/{sha256}",
        "/v1/snapshots/{sha256}/raw",
        "/feeds/changes.atom",
        "/healthz",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_metrics_count_checks_and_changes_the_pipeline_reports(client: TestClient) -> None:
    from service.http.api.metrics import observe_change, observe_check

    def sample(text: str, line_start: str) -> float:
        for line in text.splitlines():
            if line.startswith(line_start):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = client.get("/metrics").text
    observe_check("skill", "transient_error", 2.5)
    observe_change("skill")
    after = client.get("/metrics").text
    checks = 'jifen_checks_total{outcome="transient_error",source_id="skill"}'
    assert sample(after, checks) == sample(before, checks) + 1
    changes = 'jifen_changes_published_total{source_id="skill"}'
    assert sample(after, changes) == sample(before, changes) + 1
    bucket = 'jifen_check_duration_seconds_bucket{le="5.0",source_id="skill"}'
    assert sample(after, bucket) == sample(before, bucket) + 1


class FixedScheduler:
    """The scheduler as the API sees it: a next run per source, a lease, and when the next
    check is due."""

    def __init__(
        self, *, leader: bool, term: int = 3, due_by: datetime = datetime(9999, 1, 1, tzinfo=UTC)
    ) -> None:
        self.leader = leader
        self.term = term
        self.due_by = due_by

    def next_run_at(self, source_id: str) -> datetime | None:
        return datetime(2026, 1, 2, 6, tzinfo=UTC) if source_id == "skill" else None

    def is_leader(self) -> bool:
        return self.leader

    def lease(self) -> LeaseView:
        role = Role.LEADER if self.leader else Role.STANDBY
        expires = datetime(2026, 1, 2, 6, 1, tzinfo=UTC) if self.leader else None
        return LeaseView(role, "host:1:ab", self.term, expires, failures_total=4)

    def checks_due_by(self, newest_check_at: datetime | None) -> datetime:
        return self.due_by


@pytest.mark.parametrize(("leader", "role"), [(True, "leader"), (False, "standby")])
def test_scheduler_view_shows_next_runs_and_role(world: World, leader: bool, role: str) -> None:
    app = create_app(
        settings=world.app.state.jifen.settings,
        store=world.store,
        sources=SOURCES,
        scheduler=FixedScheduler(leader=leader),
    )
    with TestClient(app) as c:
        sources = {s["id"]: s for s in c.get("/v1/sources").json()}
        assert sources["skill"]["next_run_at"] == "2026-01-02T06:00:00Z"
        assert sources["points"]["next_run_at"] is None
        health = c.get("/healthz").json()
        assert (health["scheduler"], health["term"]) == (role, 3)
        assert health["lease_expires_at"] == ("2026-01-02T06:01:00Z" if leader else None)
        metrics = c.get("/metrics").text
        assert f'jifen_scheduler_role{{role="{role}"}} 1.0' in metrics
        assert 'jifen_scheduler_role{role="failed"} 0.0' in metrics
        assert "jifen_scheduler_lease_term 3.0" in metrics
        assert "jifen_scheduler_lease_failed_calls 4.0" in metrics
        expiry = "1.76733366e+09" if leader else "0.0"
        assert f"jifen_scheduler_lease_expiry_timestamp_seconds {expiry}" in metrics


def test_healthz_is_503_when_no_check_was_recorded_in_time(world: World) -> None:
    overdue = FixedScheduler(leader=True, due_by=datetime(2026, 1, 1, tzinfo=UTC))
    app = create_app(
        settings=world.app.state.jifen.settings,
        store=world.store,
        sources=SOURCES,
        scheduler=overdue,
    )
    with TestClient(app) as c:
        response = c.get("/healthz")
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
    health = response.json()
    assert health["status"] == "unhealthy" and health["database"] == "ok"
    (problem,) = health["problems"]
    assert problem.startswith("no check recorded since ") and "2026-01-01T00:00:00Z" in problem


HEAD_ROUTES = [
    "/",
    "/sources",
    "/catalogues/skill",
    "/changes/{change}",
    "/v1/sources",
    "/v1/changes",
    "/v1/changes/{change}",
    "/v1/catalogues/skill",
    "/v1/rules",
    "/v1/rules.csv",
    "/v1/snapshots/{evidence}",
    "/v1/snapshots/{evidence}/raw",
    "/feeds/changes.atom",
    "/feeds/changes.rss",
    "/feeds/skill.atom",
    "/healthz",
    "/metrics",
    "/static/style.css",
    "/v1/sources/nope",  # an error answers HEAD like GET too
]


@pytest.mark.parametrize("route", HEAD_ROUTES)
def test_head_answers_like_get_without_the_body(
    client: TestClient, world: World, route: str
) -> None:
    path = route.format(change=world.change_id, evidence=world.evidence_sha)
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code and head.content == b""
    for name in ("content-type", "etag", "last-modified", "x-content-type-options"):
        assert head.headers.get(name) == got.headers.get(name), name
    if "content-length" in got.headers and route != "/metrics":  # metrics move between calls
        assert head.headers["content-length"] == got.headers["content-length"]


def test_head_of_a_post_only_route_is_405(client: TestClient) -> None:
    assert client.head("/v1/sources/skill/check").status_code == 405
