"""The catalogue as a reader meets it: Chinese by default, English on request, a page's language
from `?lang=` or Accept-Language, the same texts in templates, Shanghai times with the zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from jinja2 import DictLoader, Environment

from words import (
    Lang,
    current_lang,
    resolve_lang,
    shanghai,
    shanghai_date,
    speaking,
    translate,
    translate_plural,
)
from words.jinja import install_words


def test_chinese_is_the_default_and_english_is_the_msgid() -> None:
    assert translate("Beijing time, UTC+8") == "北京时间 UTC+8"
    assert translate("Beijing time, UTC+8", Lang.EN) == "Beijing time, UTC+8"


def test_a_block_speaks_the_language_it_is_given() -> None:
    with speaking(Lang.EN):
        assert translate("Beijing time, UTC+8") == "Beijing time, UTC+8"
        assert shanghai(datetime(2025, 1, 1, tzinfo=UTC)).endswith("(Beijing time, UTC+8)")
    assert current_lang() is Lang.ZH
    assert translate("Beijing time, UTC+8") == "北京时间 UTC+8"


def test_placeholders_are_filled_and_a_literal_percent_is_doubled() -> None:
    assert translate("%(n)s of %(m)s", Lang.EN, n=1, m=2) == "1 of 2"
    assert translate("100%%", Lang.EN) == "100%"


def test_english_plural_takes_the_count() -> None:
    assert translate_plural("%(count)s day", "%(count)s days", 1, Lang.EN) == "1 day"
    assert translate_plural("%(count)s day", "%(count)s days", 3, Lang.EN) == "3 days"


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        (None, None, Lang.ZH),
        ("en", "zh-CN,zh;q=0.9", Lang.EN),
        ("zh", "en", Lang.ZH),
        ("fr", "en-GB", Lang.EN),  # an unknown ?lang= falls back to the header
        (None, "en-US,en;q=0.9,zh;q=0.8", Lang.EN),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", Lang.ZH),
        (None, "zh;q=0.5,en;q=0.7", Lang.EN),
        (None, "fr-FR,de", Lang.ZH),
        (None, "en;q=0", Lang.ZH),
        (None, "en;q=bogus", Lang.ZH),
    ],
)
def test_a_page_language_comes_from_the_query_then_the_header(
    query: str | None, header: str | None, expected: Lang
) -> None:
    assert resolve_lang(query, header) is expected


def test_shanghai_times_cross_utc_midnight_and_state_the_zone() -> None:
    before = datetime(2025, 11, 26, 15, 59, tzinfo=UTC)
    after = datetime(2025, 11, 26, 16, 0, tzinfo=UTC)
    assert shanghai(before) == "2025-11-26 23:59 (北京时间 UTC+8)"
    assert shanghai(after) == "2025-11-27 00:00 (北京时间 UTC+8)"
    assert shanghai(after, Lang.EN) == "2025-11-27 00:00 (Beijing time, UTC+8)"
    assert shanghai_date(before) == "2025-11-26"
    assert shanghai_date(after) == "2025-11-27"
    # A stored naive time is UTC; a calendar date is a day already.
    assert shanghai(datetime(2025, 11, 26, 16, 0), with_zone=False) == "2025-11-27 00:00"
    assert shanghai_date(date(2025, 11, 26)) == "2025-11-26"
    assert shanghai(None) == "—"


def test_templates_use_the_same_catalogue_and_filters() -> None:
    env = install_words(
        Environment(
            loader=DictLoader(
                {
                    "t.html": "{{ _('Beijing time, UTC+8') }}|{{ at|shanghai }}|"
                    "{{ at|shanghai_date }}|{{ _('%(n)s of %(m)s', n=1, m=2) }}"
                }
            ),
            autoescape=True,
        )
    )
    at = datetime(2025, 11, 26, 16, 30, tzinfo=UTC)
    zh = env.get_template("t.html").render(at=at, lang=Lang.ZH)
    en = env.get_template("t.html").render(at=at, lang="en")
    assert zh.startswith("北京时间 UTC+8|2025-11-27 00:30 (北京时间 UTC+8)|2025-11-27|")
    assert en == ("Beijing time, UTC+8|2025-11-27 00:30 (Beijing time, UTC+8)|2025-11-27|1 of 2")
    # Without a `lang`, a template speaks Chinese.
    assert env.get_template("t.html").render(at=at).startswith("北京时间")


def test_today_is_the_shanghai_day() -> None:
    from words import shanghai_today

    assert shanghai_today(datetime(2025, 11, 30, 15, 59, tzinfo=UTC)) == date(2025, 11, 30)
    # 16:00 UTC is Shanghai's midnight: a rule in force from 12-01 is in force from here on.
    assert shanghai_today(datetime(2025, 11, 30, 16, 0, tzinfo=UTC)) == date(2025, 12, 1)
