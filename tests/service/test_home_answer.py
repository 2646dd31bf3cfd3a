""" "我的工种在目录里吗?" on the home page, and the calculator form posted without a browser:
what a person is told for a listed, a formerly listed, an unknown trade, and a form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.http.web.score_form import input_name, profile_data
from tests.service.listing_world import (
    DROPPED_SEEN_SHANGHAI,
    DROPPED_SEEN_UTC,
    DROPPED_TRADE,
    build_listing_world,
)
from tests.service.test_api_world import World


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_listing_world(tmp_path)
    yield built
    built.store.close()


def answer_of(client: TestClient, q: str, **params: str) -> str:
    html = client.get("/", params={"q": q, **params}).text
    found = re.search(r'<div class="answer (answer-\w+)" id="answer">(.*?)</section>', html, re.S)
    assert found is not None, html
    return f"{found.group(1)} {found.group(2)}"


def test_a_listed_trade_is_answered_yes_with_a_link(client: TestClient) -> None:
    said = answer_of(client, "电工")
    assert said.startswith("answer-listed")
    assert "在目录中" in said and "不在目录中" not in said
    assert re.search(r'<a class="trade-link" href="/trades/\d+">电工</a>', said)


def test_spaces_and_full_width_do_not_hide_a_trade(client: TestClient) -> None:
    for typed in ("车 工", " 车工 ", "车\u3000工"):
        assert answer_of(client, typed).startswith("answer-formerly"), typed


def test_a_dropped_trade_says_until_when_in_shanghai_dates(client: TestClient) -> None:
    said = answer_of(client, DROPPED_TRADE)
    assert "曾在目录中" in said
    assert "列入至 2025-05-30 的目录" in said  # the posting date of the catalogue that dropped it
    assert "发现于 <time" in said and f">{DROPPED_SEEN_SHANGHAI}</time>" in said
    assert f">{DROPPED_SEEN_UTC}</time>" not in said
    assert "施行 2024-06-01" in said  # the catalogue that listed it stated its effective date


def test_a_former_name_finds_the_renamed_trade(client: TestClient) -> None:
    said = answer_of(client, "热处理工")
    assert said.startswith("answer-listed")
    assert "金属热处理工" in said
    assert "按曾用名或别名「热处理工」找到" in said


def test_an_unknown_trade_is_answered_no_naming_the_catalogues(client: TestClient) -> None:
    said = answer_of(client, "水手")
    assert said.startswith("answer-not_listed")
    assert "不在目录中" in said
    assert "quiet：尚未采集" in said  # a catalogue never captured is said so, not counted as "no"


def test_the_answer_speaks_english_when_asked(client: TestClient) -> None:
    said = answer_of(client, "水手", lang="en")
    assert "Not listed" in said and "不在目录中" not in said


def test_the_trade_page_says_listed_and_the_points_it_earns(client: TestClient) -> None:
    said = answer_of(client, "电工")
    link = re.search(r'href="(/trades/\d+)">电工</a>', said)
    assert link is not None
    html = client.get(link.group(1)).text
    assert "在目录中" in html
    # The world's catalogue is titled 紧缺急需…目录 (a majors catalogue), and no rule for majors is
    # in force: the page says so rather than showing a number.
    row = re.search(r"<td[^>]*>紧缺急需专业</td>(.*?)</tr>", html, re.S)
    assert row is not None and "没有生效的规则" in row.group(1)
    assert "分</td>" not in row.group(1)


def test_the_form_becomes_a_profile_leaving_empty_inputs_out() -> None:
    form = {
        "birth_date": "1990-05-20",
        "education": "bk_xs",
        "cert_trade_0": "车工",
        "cert_level_0": "3",
        "cert_in_shanghai_0": "0",
        "cert_trade_1": "",
        "si_years": "7",
        "base_start_0": "2022-07",
        "base_end_0": "2024-12",
        "base_multiple_0": "1,5",
        "spouse_years": "",
        "ded_crime": "x",
    }
    data = profile_data(form, ["general"])
    assert data["skill_certificates"] == [
        {"trade": "车工", "level": "3", "obtained_in_shanghai": False}
    ]
    assert data["social_insurance"] == {
        "years": 7,
        "base_history": [{"start": "2022-07", "end": "2024-12", "multiple": 1.5}],
    }
    assert "spouse_local_hukou_years" not in data
    assert data["deductions"] == {"crime": "x"}  # refused by name later, never dropped
    assert data["awards"] == ["general"]


def test_each_field_error_goes_beside_its_input() -> None:
    assert input_name("skill_certificates[1].level") == "cert_level_1"
    assert input_name("social_insurance.base_history[2]") == "base_end_2"
    assert input_name("social_insurance.years") == "si_years"
    assert input_name("birth_date") == "birth_date"
    assert input_name("deductions.crime") == "ded_crime"


def test_a_posted_form_is_scored_and_a_bad_one_refused_by_field(client: TestClient) -> None:
    good = client.post("/score", data={"birth_date": "1990-05-20", "cert_trade_0": "电工"})
    assert good.status_code == 422  # a certificate without its level
    assert 'id="error-cert_level_0"' in good.text
    assert "技能等级" in good.text and "errors.pydantic.dev" not in good.text
    scored = client.post(
        "/score", data={"birth_date": "1990-05-20", "cert_trade_0": "电工", "cert_level_0": "3"}
    )
    assert scored.status_code == 200
    assert 'id="total"' in scored.text
    assert 'value="电工"' in scored.text  # what was typed is shown again


def test_a_change_reads_in_english_when_asked(client: TestClient, world: World) -> None:
    chinese = client.get(f"/changes/{world.change_id}").text
    english = client.get(f"/changes/{world.change_id}", params={"lang": "en"}).text
    heading = re.search(r"<h1>(.*?)</h1>", english)
    assert heading is not None and "无人机驾驶员" in heading.group(1)
    assert not re.search(r"[新增更名]", heading.group(1)), heading.group(1)
    assert "变更条目" in chinese and "What changed" in english


def test_the_calculator_answers_in_english_when_asked(client: TestClient) -> None:
    form = {"birth_date": "1990-05-20", "cert_trade_0": "电工", "cert_level_0": "3"}
    english = client.post("/score", params={"lang": "en"}, data=form).text
    chinese = client.post("/score", data=form).text
    assert "Total incomplete" in english and "总分不完整" not in english
    assert "总分不完整" in chinese
    assert 'action="/score?lang=en"' in english  # the next posting stays in English
