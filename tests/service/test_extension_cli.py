"""A validity extension notice imported after the 办法 it extends: same rules, new last day."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from scraper.limits import FetchLimits
from scraper.notices import NoticeKind
from scraper.options import IndexOptions, PointsOptions
from scraper.records import Source, SourceKind
from service.pipeline.cycle import Pipeline
from service.pipeline.discover import check_index
from service.pipeline.record import Recorder
from store.notices import NoticeStatus
from store.store import Store
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES
from tests.scraper.test_measures import EXPECTED
from tests.service.cli_env import FED_MEASURES_SOURCES, cli_env, run

FIXTURES = Path(__file__).parents[1] / "fixtures"
MEASURES_2017 = FIXTURES / "measures" / "measures_2017.html"
EXTENSION = FIXTURES / "extension" / "extension_2025.html"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, FED_MEASURES_SOURCES)


def import_page(env: dict[str, str], page: Path, day: str) -> str:
    url = f"https://www.shanghai.gov.cn/nw12344/{day}/{page.name}"
    return run(
        env, "import", str(page), "--source", "points-measures", "--observed-at", day, "--url", url
    )


def rules_on(env: dict[str, str], day: str) -> dict[str, object]:
    table: dict[str, object] = json.loads(run(env, "rules", "--format", "json", "--as-of", day))
    return table


def _rows(table: dict[str, object]) -> set[tuple[object, ...]]:
    rules = table["rules"]
    assert isinstance(rules, list)
    return {(r["indicator"], r["level"], r["points"], r["unit"], r["cap"]) for r in rules}


def test_extension_keeps_the_rules_and_moves_the_last_day_in_force(env: dict[str, str]) -> None:
    import_page(env, MEASURES_2017, "2018-01-06")
    before = rules_on(env, "2026-01-01")
    import_page(env, EXTENSION, "2025-12-23")
    after = rules_on(env, "2026-01-01")
    assert _rows(after) == _rows(before)
    assert {(r[0], r[1], r[2], r[3]) for r in _rows(after)} == {
        (e[0], e[1], e[2], e[3]) for e in EXPECTED
    }
    rules = after["rules"]
    assert isinstance(rules, list)
    provenance = {json.dumps(r["provenance"], sort_keys=True) for r in rules}
    (only,) = (json.loads(p) for p in provenance)
    assert only["doc_number"] == "沪府发〔2017〕98号"  # the base document's 文号 stays
    assert only["valid_until"] == "2030-06-30"
    assert only["extended_by"] == "沪府〔2025〕20号"


def test_extension_is_one_change_that_says_the_validity_was_extended(
    env: dict[str, str],
) -> None:
    import_page(env, MEASURES_2017, "2018-01-06")
    import_page(env, EXTENSION, "2025-12-23")
    (event,) = json.loads(run(env, "changes", "--format", "json"))
    assert event["classification"] == "wording"
    details = [item["detail"] for item in event["items"]]
    assert details == ["有效期至：2022-12-31 → 2030-06-30（由沪府〔2025〕20号延长）"]
    assert not any(item["kind"].startswith("rule_") for item in event["items"])


def test_the_same_notice_imported_again_changes_nothing(env: dict[str, str]) -> None:
    import_page(env, MEASURES_2017, "2018-01-06")
    import_page(env, EXTENSION, "2025-12-23")
    import_page(env, EXTENSION, "2025-12-30")
    assert len(json.loads(run(env, "changes", "--format", "json"))) == 1


def test_an_extension_with_nothing_to_extend_makes_no_version(env: dict[str, str]) -> None:
    import_page(env, EXTENSION, "2025-12-23")
    assert rules_on(env, "2026-01-01")["rules"] == []
    assert json.loads(run(env, "changes", "--format", "json")) == []


POLICIES = "/nw12344"


def _listing(items: list[tuple[str, str, str]]) -> str:
    lis = "".join(
        f'<li><a href="{href}" title="{title}">{title[:8]}…</a><span class="time">{day}</span></li>'
        for href, title, day in items
    )
    return f'<html><body><ul class="uli14">{lis}</ul></body></html>'


def test_an_index_check_routes_the_notice_and_extends_the_measures(
    fake_site: FakeSite, tmp_path: Path
) -> None:
    options = {
        "measures_keywords": "居住证积分管理办法",
        "target_measures": "points-measures",
        "extension_pattern": "延长《[^》]*居住证积分管理办法》的?有效期",
        "target_extension": "points-measures",
    }
    index = Source(
        "shgov-policies",
        fake_site.url(f"{POLICIES}/index.html"),
        SourceKind.INDEX,
        options=IndexOptions.model_validate(options),
    )
    measures = Source(
        "points-measures",
        fake_site.url(f"{POLICIES}/index.html"),
        SourceKind.POINTS,
        parser="measures",
        options=PointsOptions(fed_by="shgov-policies"),
    )
    issued = f"{POLICIES}/20180105/measures.html"
    extended = f"{POLICIES}/20251222/extension.html"
    fake_site.publish(
        f"{POLICIES}/index.html",
        _listing(
            [
                (
                    extended,
                    "上海市人民政府关于延长《上海市居住证积分管理办法》有效期的通知",
                    "2025-12-22",
                ),
                (issued, "上海市人民政府关于印发《上海市居住证积分管理办法》的通知", "2018-01-05"),
            ]
        ),
    )
    fake_site.publish(issued, MEASURES_2017.read_text(encoding="utf-8"))
    fake_site.publish(extended, EXTENSION.read_text(encoding="utf-8"))
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    try:
        store.upsert_sources([index, measures])

        async def check() -> None:
            async with httpx.AsyncClient() as client:
                limits = FetchLimits(per_host_delay_seconds=0, retries=0, outbound=FAKE_SITES)
                pipeline = Pipeline(recorder=Recorder(store), client=client, limits=limits)
                await check_index(pipeline, index, [index, measures])

        asyncio.run(check())
        seen = store.notices("shgov-policies")
        assert seen[fake_site.url(extended)].classification == NoticeKind.EXTENSION.value
        assert seen[fake_site.url(extended)].status is NoticeStatus.RECORDED
        latest = store.latest_version("points-measures")
        assert latest is not None and latest.document.points is not None
        assert latest.meta.doc_number == "沪府发〔2017〕98号"
        assert latest.meta.valid_until == date(2030, 6, 30)
        assert latest.meta.extended_by == "沪府〔2025〕20号"
        (event,) = store.changes()
        assert [i.kind for i in event.items] == ["meta_modified"]
    finally:
        store.close()
