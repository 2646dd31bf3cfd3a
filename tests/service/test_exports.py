"""The tables written after each check hold what a full export writes, byte for byte, and the
export after a change reads and writes only what changed (issue 15: a full export took 7.1 s
of an unchanged `jifen check` at 1,000 pages)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from scraper.records import Source, SourceKind
from service import runtime
from service.exports import STATE, export_changed, write_tables
from service.pipeline.imports import import_file
from store.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"
DAY = date(2026, 12, 1)
CATALOGUES = ("cat-a", "cat-b", "cat-c")


def catalogue_page(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{n}</td><td>{code}</td><td>{name}</td><td>装备制造类</td></tr>"
        for n, (code, name) in enumerate(rows, start=1)
    )
    return (
        '<html><head><meta charset="utf-8"><title>紧缺急需专业目录</title></head><body>'
        '<div id="ivs_content"><table><tr><td>序号</td><td>专业代码</td><td>专业名称</td>'
        f"<td>所属类别</td></tr>{cells}</table></div></body></html>"
    )


def majors(count: int, *, prefix: str = "专业") -> list[tuple[str, str]]:
    return [(f"5601{i:04d}", f"机电{prefix}{i}") for i in range(count)]


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.sources = (
            *(
                Source(sid, f"https://rsj.sh.gov.cn/{sid}.html", SourceKind.CATALOGUE)
                for sid in CATALOGUES
            ),
            Source(
                "measures",
                "https://www.shanghai.gov.cn/m.html",
                SourceKind.POINTS,
                parser="measures",
            ),
            Source(
                "parameters", "https://rsj.sh.gov.cn/p.html", SourceKind.POINTS, parser="parameters"
            ),
        )
        self.store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
        self.store.upsert_sources(self.sources)
        self.recorder = runtime.recorder_for(self.store, self.sources)
        self.loaded: list[int] = []
        reading = self.store.stored_versions

        def spied(ids: Iterable[int]) -> dict[int, object]:
            wanted = list(ids)
            self.loaded.extend(wanted)
            return reading(wanted)  # type: ignore[return-value]

        self.store.stored_versions = spied  # type: ignore[method-assign]

    def source(self, sid: str) -> Source:
        return next(s for s in self.sources if s.id == sid)

    def capture(self, sid: str, path: Path, observed: str) -> None:
        when = datetime.fromisoformat(observed).replace(tzinfo=UTC)
        (done,) = import_file(self.recorder, self.source(sid), path, observed_at=when)
        assert not done.is_failure, done.line

    def catalogue(self, sid: str, rows: list[tuple[str, str]], observed: str) -> None:
        page = self.tmp / f"{sid}-{observed}.html"
        page.write_text(catalogue_page(rows), encoding="utf-8")
        self.capture(sid, page, observed)

    def exported(self, day: date = DAY) -> list[str]:
        self.loaded.clear()
        return [p.name for p in export_changed(self.store, self.sources, self.tmp / "live", day)]

    def same_as_full(self, day: date = DAY) -> None:
        full = self.tmp / f"full-{day}"
        write_tables(self.store, self.sources, full, day)
        live = self.tmp / "live"
        expected = {p.name: p.read_bytes() for p in full.iterdir()}
        found = {p.name: p.read_bytes() for p in live.iterdir() if not p.name.startswith(".")}
        assert found == expected


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = World(tmp_path)
    for sid in CATALOGUES:
        made.catalogue(sid, majors(24), "2026-06-01T08:00:00")
    made.capture("measures", FIXTURES / "measures" / "measures_2013.html", "2013-06-20T08:00")
    made.capture("parameters", FIXTURES / "parameters" / "notice_2024.html", "2024-06-29T08:00")
    yield made
    made.store.close()


def test_a_first_export_writes_what_a_full_export_writes(world: World) -> None:
    written = world.exported()

    assert written == [
        "catalogue-cat-a.csv",
        "catalogue-cat-b.csv",
        "catalogue-cat-c.csv",
        "parameters.csv",
        "rules.csv",
        "rules.json",
    ]
    world.same_as_full()


def test_an_export_with_nothing_changed_reads_and_writes_nothing(world: World) -> None:
    world.exported()
    before = (world.tmp / "live" / "rules.json").stat().st_mtime_ns

    assert world.exported() == []
    assert world.loaded == []
    assert (world.tmp / "live" / "rules.json").stat().st_mtime_ns == before


def test_a_changed_catalogue_is_the_one_read_and_rewritten(world: World) -> None:
    world.exported()
    world.catalogue("cat-b", [*majors(23), ("56019999", "新增专业")], "2026-07-01T08:00:00")

    written = world.exported()

    assert written == ["catalogue-cat-b.csv", "rules.json"]
    newest_b = world.store.latest_version("cat-b")
    assert newest_b is not None
    catalogues_read = {
        i for i in world.loaded if (v := world.store.version(i)) and v.source_id in CATALOGUES
    }
    assert catalogues_read == {newest_b.id}
    world.same_as_full()
    assert "新增专业" in (world.tmp / "live" / "rules.json").read_text(encoding="utf-8")


def test_new_rules_rewrite_the_rule_files_and_no_catalogue(world: World) -> None:
    world.exported()
    world.capture("measures", FIXTURES / "measures" / "measures_2017.html", "2018-01-06T08:00")

    assert world.exported() == ["rules.csv", "rules.json"]
    world.same_as_full()


def test_a_new_day_rewrites_rules_json_for_its_date(world: World) -> None:
    world.exported()
    later = date(2026, 12, 2)

    assert world.exported(later) == ["rules.json"]
    world.same_as_full(later)


@pytest.mark.parametrize("lost", [STATE, "catalogue-cat-c.csv", "rules.json", "rules.csv"])
def test_a_lost_file_is_written_again(world: World, lost: str) -> None:
    world.exported()
    (world.tmp / "live" / lost).unlink()

    written = world.exported()

    assert lost == STATE or lost in written
    world.same_as_full()


def test_a_source_taken_out_of_the_sources_leaves_rules_json(world: World) -> None:
    world.exported()
    world.sources = tuple(s for s in world.sources if s.id != "cat-c")

    assert world.exported() == ["rules.json"]
    full = world.tmp / "full"
    write_tables(world.store, world.sources, full, DAY)
    live = world.tmp / "live"
    assert (live / "rules.json").read_bytes() == (full / "rules.json").read_bytes()
    assert not (live / ".pieces" / "cat-c.json").exists()
