"""Which version the rule tables use: a newer rule document read in part replaces the older
rules with its gaps named; it never lets an older value stand in for an item it could not read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from scoring.calculator import score
from scoring.profile import Profile
from service.cli import app as cli
from service.present.rules import rule_table_as_of, version_in_use
from service.runtime import configured_sources, open_store
from service.settings import Settings
from store.records import VersionStatus

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "measures" / "real"


def _import(env: dict[str, str], path: Path, observed_at: str) -> None:
    args = ["import", "--source", "points-measures", "--observed-at", observed_at, str(path)]
    CliRunner().invoke(cli, args, env=env)  # an incomplete copy exits non-zero: it is recorded


def test_a_newer_document_read_in_part_replaces_the_older_rules_with_its_gaps(
    tmp_path: Path,
) -> None:
    env = {"JIFEN_DATA_DIR": str(tmp_path / "data")}
    _import(env, REAL / "pre2018-78911.html", "2015-07-01")
    _import(env, REAL / "2017-98-021shhk.html", "2018-01-01")
    settings = Settings.from_env(env)
    store = open_store(settings)
    sources = configured_sources(settings)

    old = version_in_use(store, "points-measures", date(2016, 6, 1))
    new = version_in_use(store, "points-measures", date(2025, 1, 15))
    assert old is not None and old.status is VersionStatus.PUBLISHED
    assert new is not None and new.status is VersionStatus.INCOMPLETE

    spouse = Profile.model_validate({"birth_date": "1985-01-01", "spouse_local_hukou_years": 12})
    before = score(spouse, rule_table_as_of(store, sources, date(2016, 6, 1)), on=date(2016, 6, 1))
    assert before.is_complete and before.points_of("SPOUSE_LOCAL") == 40
    # The 2017 copy does not state 配偶: the pre-2018 cap of 40 is not carried over.
    after = score(spouse, rule_table_as_of(store, sources, date(2025, 1, 15)), on=date(2025, 1, 15))
    assert after.total is None and [m.indicator for m in after.missing] == ["SPOUSE_LOCAL"]
    # The 2017 investment cap (120) replaces the pre-2018 one (100).
    rule = rule_table_as_of(store, sources, date(2025, 1, 15)).rule("INVEST_TAX")
    assert rule is not None and rule.cap == 120
    store.close()


def test_an_incomplete_reading_of_the_document_in_force_does_not_replace_it(
    tmp_path: Path,
) -> None:
    env = {"JIFEN_DATA_DIR": str(tmp_path / "data")}
    _import(env, REAL / "pre2018-78911.html", "2015-07-01")
    _import(env, REAL / "pre2018-mobile-m.1-jiu.html", "2015-07-01")
    store = open_store(Settings.from_env(env))
    statuses = [v.status for v in store.versions("points-measures")]
    assert statuses == [VersionStatus.INCOMPLETE, VersionStatus.PUBLISHED]
    in_use = version_in_use(store, "points-measures", date(2016, 6, 1))
    assert in_use is not None and in_use.status is VersionStatus.PUBLISHED, statuses
    store.close()
