"""What a person reads, rendered in the default language, holds no English-only sentence: the
CLI's tables, a feed (title, description, entries), a score explanation, impact lines.

A line (or an XML/HTML text) with three or more English words and not one Chinese character is
a sentence someone forgot to put in the catalogue; ids, URLs and codes are not words here."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import feedparser
import pytest
from typer.testing import CliRunner

from diffing.describe import describe, headline
from diffing.document import diff_documents
from diffing.records import ChangeClass, ChangeEvent, RuleChange, RuleChangeKind
from scoring.calculator import score
from scoring.impact import catalogue_change_impact, rule_change_impact
from scoring.profile import read_profile
from scraper.records import Outcome, PointRule, Source
from scraper.sources import load_sources
from service.cli import app as cli
from service.present.feed import feed_document, freshness_note
from service.present.score import result_to_text
from service.settings import BUNDLED_SOURCES, Settings
from store.records import SourceHealth
from tests.diffing.diffing_cases import document, points_table, skill_catalogue, skill_rule
from tests.scoring.test_calculator_fixture import load_rule_table
from words import Lang, speaking

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Not words: URLs, ids and codes (skill-points, SKILL/2, rsj_skill), numbers, e-mail addresses.
NOT_WORDS = re.compile(r"https?://\S+|\S+@\S+|\b[\w.]*[-_/.:]\w[\w./:-]*\b|\b[A-Z0-9_]{2,}\b")
WORD = re.compile(r"\b[A-Za-z]{2,}\b")
ON = date(2025, 1, 15)


def english_only(text: str) -> list[str]:
    """The lines of `text` that read as an English sentence with no Chinese at all."""
    found = []
    for line in text.splitlines():
        if CJK.search(line):
            continue
        if len(WORD.findall(NOT_WORDS.sub(" ", line))) >= 3:
            found.append(line.strip())
    return found


def test_the_detector_catches_what_the_catalogue_replaced() -> None:
    # The feed description and an impact line as they read before the catalogue.
    assert english_only("坏页 ok\nlast success never, 1 failures") == [
        "last success never, 1 failures"
    ]
    assert english_only("holders of a certificate: wording only, no points change")
    assert not english_only("https://rsj.sh.gov.cn/a/b.html skill-points SKILL/2 2025-11-27")
    assert not english_only("三级证书持有人：仅措辞变化，分值不变")


def sources() -> tuple[Source, ...]:
    return load_sources(BUNDLED_SOURCES)


def test_cli_tables_read_in_chinese() -> None:
    listed = CliRunner().invoke(cli, ["sources", "list"], env={"JIFEN_SOURCES": ""})
    assert listed.exit_code == 0
    assert english_only(listed.output) == []
    assert "检查时间" in listed.output


PROFILE = {
    "birth_date": "1990-05-20",
    "education": "本科",
    "skill_certificates": [{"trade": "中式烹调师", "level": 3}],
    "titles": [{"kind": "高级", "name": "高级工程师", "obtained_in_shanghai": False}],
    "social_insurance": {
        "years": 4,
        "base_history": [{"start": "2024-01", "end": "2024-12", "multiple": 1.5}],
    },
    "investment": {"average_annual_tax_wan": 25, "average_annual_local_hires": 42, "years": 3},
    "public_service_years": 12,
    "spouse_local_hukou_years": 12,
    "awards": ["special", "general"],
    "deductions": {"false_material": 1, "detention": 1},
    "vetoes": {"serious_crime": True},
}


def test_a_score_explanation_reads_in_chinese() -> None:
    result = score(read_profile(PROFILE), load_rule_table(), on=ON)
    text = result_to_text(result)
    assert english_only(text) == []
    assert "总分" in text and len(result.lines) >= 8 and result.notes
    # The same answer in English is caught by the same check: it is looking at real sentences.
    with speaking(Lang.EN):
        english = result_to_text(score(read_profile(PROFILE), load_rule_table(), on=ON))
    assert len(english_only(english)) >= 5


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (PointRule("SKILL", "3", "技能等级三级", 60, cap=140), "points"),
        (PointRule("SKILL", "2", "技能等级二级", 100, cap=140), "label"),
        (PointRule("INVEST_TAX", "", "投资纳税", 10, cap=100, params=(("years", "3"),)), "cap"),
    ],
)
def test_impact_lines_read_in_chinese(old: PointRule, new: str) -> None:
    changed = {
        "points": replace(old, points=70),
        "label": replace(old, label="技能类国家职业资格二级"),
        "cap": replace(old, cap=120, conditions=("新条件",)),
    }[new]
    kinds = [
        RuleChange(RuleChangeKind.MODIFIED, old.indicator, old.level, old, changed),
        RuleChange(RuleChangeKind.ADDED, old.indicator, old.level, None, old),
        RuleChange(RuleChangeKind.REMOVED, old.indicator, old.level, old, None),
    ]
    lines = "\n".join(rule_change_impact(change) for change in kinds)
    assert english_only(lines) == []


def _event() -> ChangeEvent:
    names = ("甲工", "乙工", "丙工", "丁工", "戊工")
    old = document(trades=skill_catalogue(), points=points_table(skill_rule("3", 60)))
    new = document(
        trades=skill_catalogue(names),
        points=points_table(skill_rule("3", 70, cap=140, conditions=("在本市就业",))),
        doc_number="沪人社规〔2026〕12号",
    )
    items = describe(diff_documents(old, new))
    title, summary = headline("技能目录", items)
    return ChangeEvent(
        id=7,
        source_id="rsj-skill-catalogue",
        source_name="技能目录",
        classification=ChangeClass.RULE,
        title=title,
        summary=summary,
        items=items,
        observed_at=datetime(2025, 11, 26, 16, 30, tzinfo=UTC),
        published_on=date(2025, 11, 27),
        doc_number="沪人社规〔2026〕12号",
        url="https://rsj.sh.gov.cn/a.html",
        evidence_sha256="ab" * 32,
        from_version_id=1,
        to_version_id=2,
        is_backfill=True,
    )


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_a_feed_reads_in_chinese(kind: str) -> None:
    watched = sources()[:2]
    health = [
        SourceHealth(
            watched[0].id,
            datetime(2025, 11, 27, tzinfo=UTC),
            Outcome.BLOCKED,
            "robots_unreachable",
            None,
            None,
            1,
            1,
        ),
        SourceHealth(
            watched[1].id,
            datetime(2025, 11, 27, tzinfo=UTC),
            Outcome.TRANSIENT_ERROR,
            "",
            datetime(2025, 11, 26, 16, 0, tzinfo=UTC),
            None,
            3,
            9,
        ),
    ]
    note = freshness_note(watched, health)
    assert note is not None and "2025-11-27 00:00 (北京时间 UTC+8)" in note
    body = feed_document(
        Settings.from_env({}),
        [_event()],
        kind=kind,
        source=None,
        note=note,
        self_path=f"/feeds/changes.{kind}",
    )
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    texts = [parsed.feed.title, parsed.feed.get("subtitle", "")]
    for entry in parsed.entries:
        assert len(entry.title) <= 80
        texts += [entry.title, entry.summary]
        texts += [re.sub(r"<[^>]+>", "\n", c.value) for c in entry.get("content", [])]
    assert english_only("\n".join(texts)) == []
    assert "…等另外" in parsed.entries[0].title or "新增5个工种" in parsed.entries[0].title


def test_a_removed_trade_impact_reads_in_chinese() -> None:
    from diffing.records import TradeChange, TradeChangeKind
    from scraper.records import Trade

    for change in (
        TradeChange(TradeChangeKind.REMOVED, Trade("刨插工"), None),
        TradeChange(TradeChangeKind.ADDED, None, Trade("数字孪生应用技术员")),
        TradeChange(TradeChangeKind.RENAMED, Trade("热处理工"), Trade("金属热处理工")),
        TradeChange(TradeChangeKind.MODIFIED, Trade("车工"), Trade("车工", code="6-18"), ("code",)),
    ):
        assert english_only(catalogue_change_impact(change, load_rule_table().rules)) == []
        assert english_only(catalogue_change_impact(change, ())) == []
