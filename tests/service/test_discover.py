"""An index check against a fake official site: listing pages with a gap, catalogue notices in the
body, XLSX, XLS and PDF, a 办法 page, then a later notice superseding a catalogue."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scraper.limits import FetchLimits
from scraper.options import IndexOptions
from scraper.records import Source, SourceKind
from service.pipeline.cycle import Pipeline
from service.pipeline.discover import check_index, is_attachment
from service.pipeline.record import CheckSummary, Recorder
from store.notices import NoticeStatus
from store.store import Store
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES
from tests.scraper.test_attachments import pdf_table_bytes, xls_bytes, xlsx_bytes
from tests.service.official import SEED_TRADES, catalogue_page

MEASURES = Path(__file__).parent.parent / "fixtures" / "measures" / "measures_current.html"
LIST = "/tgwgfx_17726"
CMS = "/cmsres/e1/e19b75f5aa00000000000000000000aa"


def _article(title: str, doc_number: str, body: str) -> str:
    return f"""<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2026-06-13 14∶06"></head><body>
<div class="Article-title-zw"><label>文号：{doc_number}</label></div>
<div id="ivs_content"><p>{doc_number}</p><p>{title}</p>{body}</div></body></html>"""


def _listing(items: list[tuple[str, str, str]]) -> str:
    lis = "".join(
        f'<li><a href="{href}" title="{title}">{title[:8]}…</a><span class="time">{day}</span></li>'
        for href, title, day in items
    )
    return f'<html><body><ul class="uli14">{lis}</ul></body></html>'


MAJORS = [
    ["序号", "专业代码", "专业名称", "所属类别"],
    [1, "51010200", "种子生产与经营", "农业技术类"],
    [2, "52030100", "城市轨道交通车辆", "城市轨道交通运输类"],
]
QUALS = [
    ["序号", "名称", "可聘中级职称"],
    [1, "注册消防工程师（一级）", "工程师"],
    [2, "房地产估价师", "经济师"],
    [3, "执业药师", "主管药师"],
]
PDF_ROWS = [["序号", "职业名称"], ["1", "车工"], ["2", "钳工"], ["3", "焊工"], ["4", "电工"]]

PAGE1 = [
    (
        f"{LIST}/20260812/t0035_1000004.html",
        "关于公布上海市居住证积分高技能人才职业工种目录的通知",
        "2026-08-12",
    ),
    (
        "/tshbx_17729/20260801/0b9e4c1d2a3f4e5d6c7b8a9f0e1d2c3b.html",
        "关于公布紧缺急需专业目录的通知",
        "2026-08-01",
    ),
    (f"{LIST}/20260720/t0035_1000002.html", "关于调整本市职工社会保险缴费基数的通知", "2026-07-20"),
]
PAGE3 = [
    (
        f"{LIST}/20260601/t0035_1000001.html",
        "关于公布专业技术人员职业资格对应职称目录的通知",
        "2026-06-01",
    ),
    (f"{LIST}/20260501/t0035_1000000.html", "关于公布特种作业工种目录的通知", "2026-05-01"),
    (
        f"{LIST}/20221230/t0035_0999999.html",
        "上海市人民政府关于印发《上海市居住证积分管理办法》的通知",
        "2022-12-30",
    ),
]


def _sources(site: FakeSite) -> list[Source]:
    def target(source_id: str, kind: SourceKind = SourceKind.CATALOGUE, **extra: str) -> Source:
        return Source(source_id, site.url(f"/watch/{source_id}.html"), kind, **extra)  # type: ignore[arg-type]

    routes = {
        "route.skill-trades": "高技能人才职业工种目录",
        "route.shortage-majors": "紧缺急需专业目录",
        "route.qualifications": "职业资格对应职称目录",
        "route.special-trades": "特种作业工种目录",
        "route.points-measures": "积分管理办法",
        "max_pages": "6",
    }
    index = Source(
        "rsj-rules",
        site.url(f"{LIST}/index.html"),
        SourceKind.INDEX,
        options=IndexOptions.model_validate(routes),
    )
    return [
        index,
        target("skill-trades"),
        target("shortage-majors"),
        target("qualifications"),
        target("special-trades"),
        target("points-measures", SourceKind.POINTS, parser="measures"),
    ]


def _publish_first_edition(site: FakeSite) -> None:
    site.publish(f"{LIST}/index.html", _listing(PAGE1))
    site.publish(f"{LIST}/index_3.html", _listing(PAGE3))  # index_2.html answers 404
    site.publish(PAGE1[0][0], catalogue_page(SEED_TRADES, doc_number="沪人社职〔2026〕12号"))
    site.publish(
        PAGE1[1][0],
        _article(
            PAGE1[1][1],
            "沪人社规〔2026〕3号",
            f'<p><a href="{CMS}/majors.xlsx">紧缺急需专业目录</a></p>',
        ),
    )
    site.publish(f"{CMS}/majors.xlsx", xlsx_bytes(MAJORS), content_type="application/octet-stream")
    site.publish(
        PAGE3[0][0],
        _article(
            PAGE3[0][1],
            "沪人社规〔2026〕2号",
            f'<p><a href="{CMS}/quals.xls">职业资格对应职称目录</a></p>',
        ),
    )
    site.publish(f"{CMS}/quals.xls", xls_bytes(QUALS), content_type="application/vnd.ms-excel")
    site.publish(
        PAGE3[1][0],
        _article(
            PAGE3[1][1],
            "沪人社职〔2026〕1号",
            f'<p><a href="{CMS}/special.pdf">特种作业工种目录</a></p>',
        ),
    )
    site.publish(f"{CMS}/special.pdf", pdf_table_bytes(PDF_ROWS), content_type="application/pdf")
    site.publish(PAGE3[2][0], MEASURES.read_text(encoding="utf-8"))


@pytest.fixture
def world(fake_site: FakeSite, tmp_path: Path) -> Iterator[tuple[FakeSite, Store, list[Source]]]:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    sources = _sources(fake_site)
    store.upsert_sources(sources)
    try:
        yield fake_site, store, sources
    finally:
        store.close()


def _check(store: Store, sources: list[Source]) -> list[CheckSummary]:
    async def run() -> list[CheckSummary]:
        async with httpx.AsyncClient() as client:
            limits = FetchLimits(per_host_delay_seconds=0, retries=0, outbound=FAKE_SITES)
            pipeline = Pipeline(recorder=Recorder(store), client=client, limits=limits)
            return await check_index(pipeline, sources[0], sources)

    return asyncio.run(run())


def test_one_check_discovers_every_catalogue_and_the_measures(
    world: tuple[FakeSite, Store, list[Source]],
) -> None:
    site, store, sources = world
    _publish_first_edition(site)

    summaries = _check(store, sources)

    assert summaries[0].source_id == "rsj-rules"
    assert "missing 2" in summaries[0].detail
    assert (site.hits(f"{LIST}/index_4.html"), site.hits(f"{LIST}/index_5.html")) == (1, 1)
    assert site.hits(f"{LIST}/index_6.html") == 0  # two misses in a row end the walk
    skill = store.latest_version("skill-trades")
    assert skill is not None and skill.document.catalogue is not None
    assert len(skill.document.catalogue.trades) == len(SEED_TRADES)
    majors = store.latest_version("shortage-majors")
    assert majors is not None and majors.document.catalogue is not None
    assert [t.code for t in majors.document.catalogue.trades] == ["51010200", "52030100"]
    assert majors.meta.doc_number == "沪人社规〔2026〕3号"  # the cover page's 文号
    assert majors.url.endswith("/majors.xlsx")
    quals = store.latest_version("qualifications")
    assert quals is not None and quals.document.catalogue is not None
    assert [t.name for t in quals.document.catalogue.trades][1] == "房地产估价师"
    special = store.latest_version("special-trades")
    assert special is not None and special.document.catalogue is not None
    assert [t.name for t in special.document.catalogue.trades] == ["车工", "钳工", "焊工", "电工"]
    measures = store.latest_version("points-measures")
    assert measures is not None and measures.document.points is not None
    assert {r.indicator for r in measures.document.points.rules} >= {"EDU", "SKILL", "AGE"}
    seen = store.notices("rsj-rules")
    assert seen[site.url(PAGE1[2][0])].status is NoticeStatus.IGNORED
    assert site.hits(PAGE1[2][0]) == 0  # an unrelated notice is never fetched
    assert store.changes() == []  # first versions are not changes


def test_a_new_catalogue_notice_supersedes_the_old_one_with_one_event(
    world: tuple[FakeSite, Store, list[Source]],
) -> None:
    site, store, sources = world
    _publish_first_edition(site)
    _check(store, sources)
    first = store.latest_version("skill-trades")
    assert first is not None
    fetched_before = site.hits(PAGE1[1][0])

    new_url = f"{LIST}/20260901/t0035_1000005.html"
    unrelated = f"{LIST}/20260902/t0035_1000006.html"
    site.publish(
        f"{LIST}/index.html",
        _listing(
            [
                (unrelated, "关于开展2026年职业技能竞赛的通知", "2026-09-02"),
                (
                    new_url,
                    "关于公布2026年版上海市居住证积分高技能人才职业工种目录的通知",
                    "2026-09-01",
                ),
                *PAGE1,
            ]
        ),
    )
    site.publish(
        new_url,
        catalogue_page((*SEED_TRADES, "智能制造工程技术员"), doc_number="沪人社职〔2026〕30号"),
    )

    _check(store, sources)

    events = store.changes()
    assert len(events) == 1
    (event,) = events
    assert event.source_id == "skill-trades"
    assert event.from_version_id == first.id
    assert event.doc_number == "沪人社职〔2026〕30号"
    assert event.url == site.url(new_url)
    old = store.version(event.from_version_id)
    assert old is not None and old.meta.doc_number == "沪人社职〔2026〕12号"
    assert any("智能制造工程技术员" in (item.detail or item.subject) for item in event.items)
    assert site.hits(PAGE1[1][0]) == fetched_before  # seen notices are not fetched again
    assert site.hits(unrelated) == 0


def test_attachment_links_are_cms_files_only() -> None:
    assert is_attachment("https://rsj.sh.gov.cn/cmsres/33/33dc8ddf/bd21cf6e.xls")
    assert is_attachment("https://rsj.sh.gov.cn/cmsres/2c/2c52da60/4221087a.PDF")
    assert not is_attachment("https://rsj.sh.gov.cn/tgwgfx_17726/20260812/t0035_1.html")
    assert not is_attachment("https://example.org/files/a.pdf")


def test_a_listing_or_an_article_nested_too_deep_is_refused_before_parsing(
    world: tuple[FakeSite, Store, list[Source]],
) -> None:
    site, store, sources = world
    deep = "<html><body>" + "<div>" * 100_000 + "</div>" * 100_000 + "</body></html>"
    site.publish(f"{LIST}/index.html", deep)
    (listing,) = _check(store, sources)
    assert listing.detail.startswith("markup_too_deep: nesting depth 513")
    _publish_first_edition(site)
    site.publish(PAGE1[0][0], deep)  # the skill-trades notice's article
    _check(store, sources)
    seen = store.notices("rsj-rules")[site.url(PAGE1[0][0])]
    assert seen.status is NoticeStatus.UNREADABLE and seen.detail.startswith("markup_too_deep")
