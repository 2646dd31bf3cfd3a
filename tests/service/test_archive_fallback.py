"""A first start online whose official page refuses: the Internet Archive's captures instead,
and the sources' health says so. The official site and the archive (CDX index and replay) are
fake servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service import runtime
from service.cli import app as cli
from service.http.app import create_app
from service.pipeline.check import check_one
from service.pipeline.fallback import fall_back_to_archive
from service.settings import Settings
from tests.fakesite import FakeSite, RequestInfo
from tests.outbound import FAKE_SITES_ENV

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "measures" / "real"
STAMP = "20210915083000"  # 2021-09-15 16:30 in Shanghai


def official_page() -> str:
    """The district Q&A page of 2021-09-11 (its real text, 第六条（三）), in the CMS anatomy."""
    lines = (REAL / "2017-98-official-shcm.txt").read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{line.strip()}</p>" for line in lines[12:21])
    return (
        f'<html><head><meta name="ArticleTitle" content="{lines[2]}">'
        '<meta name="PubDate" content="2021-09-11 00:00"></head><body>'
        f'<div id="ivs_content">{body}</div></body></html>'
    )


def archive_of(archive: FakeSite, original: str) -> None:
    rows = [["timestamp", "original", "statuscode", "digest"], [STAMP, original, "200", "D1"]]

    def cdx(_info: RequestInfo) -> tuple[int, list[tuple[str, str]], bytes]:
        return 200, [("Content-Type", "application/json")], json.dumps(rows).encode()

    archive.respond("/cdx/search/cdx", cdx)
    archive.publish(f"/web/{STAMP}id_/{original}", official_page())


def settings_for(tmp_path: Path, site: FakeSite, archive: FakeSite, option: str) -> Settings:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""
[[source]]
id = "shcm-skill-points"
name = "崇明区 知识库：专业技术职称和技能等级指标分值"
url = "{site.url("/doc.html")}"
kind = "points"
{option}
""",
        encoding="utf-8",
    )
    env = {
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_ARCHIVE_BASE": archive.url("/"),
        **FAKE_SITES_ENV,
    }
    return Settings.from_env(env)


def first_check(settings: Settings) -> str | None:
    store = runtime.open_store(settings)
    sources = runtime.configured_sources(settings)
    runtime.register_sources(store, sources)

    async def run() -> str | None:
        async with runtime.open_pipeline(settings, store, sources) as pipeline:
            summaries = await check_one(pipeline, sources[0], sources)
            return await fall_back_to_archive(
                pipeline, sources[0], summaries, archive_base=settings.archive_base
            )

    try:
        return asyncio.run(run())
    finally:
        store.close()


@pytest.fixture
def archive() -> FakeSite:
    with FakeSite() as site:
        yield site  # type: ignore[misc]


def test_a_refusing_official_page_is_served_from_the_archive_and_health_says_so(
    fake_site: FakeSite, archive: FakeSite, tmp_path: Path
) -> None:
    fake_site.fail("/doc.html", 403, body="<h1>403 Forbidden</h1>")
    archive_of(archive, fake_site.url("/doc.html"))
    settings = settings_for(
        tmp_path, fake_site, archive, 'options = { archive_fallback = "wayback" }'
    )

    line = first_check(settings)

    assert line is not None and "改用互联网档案馆的存档" in line and "1 imported" in line
    store = runtime.open_store(settings)
    version = store.latest_version("shcm-skill-points")
    assert version is not None and version.url == fake_site.url("/doc.html")
    app = create_app(settings=settings, store=store, sources=runtime.configured_sources(settings))
    with TestClient(app) as client:
        (source,) = client.get("/v1/sources").json()
        assert source["status"] == "failing"
        assert source["fallback"].startswith("官方网站")
        assert "互联网档案馆 2021-09-15 的存档" in source["fallback"]
        assert "Internet Archive's capture of 2021-09-15" in source["fallback"]
        page = client.get("/sources").text
        assert "互联网档案馆 2021-09-15 的存档" in page
        score = client.post(
            "/v1/score?as_of=2025-01-15",
            json={
                "birth_date": "1994-06-01",
                "skill_certificates": [{"trade": "车工", "level": 3, "obtained_in_shanghai": True}],
            },
        ).json()
        skill = next(line for line in score["lines"] if line["indicator"] == "SKILL")
        assert skill["points"] == 60 and skill["rule"]["source_id"] == "shcm-skill-points"
    store.close()


def test_a_source_that_does_not_ask_for_it_never_falls_back(
    fake_site: FakeSite, archive: FakeSite, tmp_path: Path
) -> None:
    fake_site.fail("/doc.html", 403)
    archive_of(archive, fake_site.url("/doc.html"))
    assert first_check(settings_for(tmp_path, fake_site, archive, "")) is None
    assert archive.hits("/cdx/search/cdx") == 0


def test_a_source_with_history_is_not_a_first_start(
    fake_site: FakeSite, archive: FakeSite, tmp_path: Path
) -> None:
    archive_of(archive, fake_site.url("/doc.html"))
    settings = settings_for(
        tmp_path, fake_site, archive, 'options = { archive_fallback = "wayback" }'
    )
    fake_site.publish("/doc.html", official_page())
    assert first_check(settings) is None  # the page answered: nothing to fall back from
    fake_site.fail("/doc.html", 503)
    assert first_check(settings) is None  # it failed later: an ordinary failure
    assert archive.hits("/cdx/search/cdx") == 0


def test_an_archive_with_nothing_usable_is_said_plainly(
    fake_site: FakeSite, archive: FakeSite, tmp_path: Path
) -> None:
    fake_site.fail("/doc.html", 403)
    archive.fail("/cdx/search/cdx", 503)
    settings = settings_for(
        tmp_path, fake_site, archive, 'options = { archive_fallback = "wayback" }'
    )
    line = first_check(settings)
    assert line is not None and "互联网档案馆也未能提供存档" in line


def test_jifen_check_falls_back_too(fake_site: FakeSite, archive: FakeSite, tmp_path: Path) -> None:
    fake_site.fail("/doc.html", 403, body="<h1>403 Forbidden</h1>")
    archive_of(archive, fake_site.url("/doc.html"))
    settings = settings_for(
        tmp_path, fake_site, archive, 'options = { archive_fallback = "wayback" }'
    )
    env = {
        "JIFEN_DATA_DIR": str(settings.data_dir),
        "JIFEN_SOURCES": str(settings.sources_path),
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_ARCHIVE_BASE": settings.archive_base,
        **FAKE_SITES_ENV,
    }
    result = CliRunner().invoke(cli, ["check"], env=env)
    assert "shcm-skill-points: blocked" in result.output or "403" in result.output
    assert "改用互联网档案馆的存档" in result.output, result.output
