"""sources.toml loading: the defaults are usable, and a broken entry names file, entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.options import CatalogueOptions, IndexOptions
from scraper.records import SourceKind
from scraper.sources import SourceConfigError, load_sources, validate_sources

DEFAULTS = Path(__file__).parents[2] / "sources.toml"

GOOD = """
[[source]]
id = "rsj-skill-catalogue"
url = "https://rsj.sh.gov.cn/tgwgfx_17726/index.html"
kind = "catalogue"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_sources_load_and_cover_catalogue_and_points() -> None:
    sources = load_sources(DEFAULTS)
    kinds = {source.kind for source in sources}
    assert {SourceKind.CATALOGUE, SourceKind.POINTS} <= kinds
    assert len({source.id for source in sources}) == len(sources)
    assert validate_sources(DEFAULTS) == []


def test_default_sources_watch_the_official_columns() -> None:
    urls = {source.url for source in load_sources(DEFAULTS)}
    for column in ("tgwgfx_17726", "tgsgg_17341", "tzcjd_17351", "nw12344"):
        assert any(column in url for url in urls), column


def test_every_default_entry_carries_a_comment_on_its_url() -> None:
    text = DEFAULTS.read_text(encoding="utf-8")
    before_each = text.split("\n[[source]]\n")[:-1]
    assert len(before_each) == len(load_sources(DEFAULTS))
    for before in before_each:
        last_line = before.strip().splitlines()[-1]
        assert last_line.startswith("#"), f"the entry after {last_line!r} has no comment"


def test_all_fields_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD
        + """name = "技能目录"
schedule = "15 3 * * 1-5"
selector = "#ivs_content"
encoding = "gb18030"
parser = "catalogue"
options = { name_column = "名称", archive_urls = "http://a.example/x, http://b.example/x" }
""",
    )
    (source,) = load_sources(path)
    assert source.id == "rsj-skill-catalogue"
    assert source.kind is SourceKind.CATALOGUE
    assert source.label == "技能目录"
    assert source.schedule == "15 3 * * 1-5"
    assert source.selector == "#ivs_content"
    assert source.encoding == "gb18030"
    assert source.parser == "catalogue"
    assert source.options == CatalogueOptions(
        name_column="名称", archive_urls=("http://a.example/x", "http://b.example/x")
    )


BROKEN = [
    ('id = "Bad_Id"', "id", "slug"),
    ('url = "ftp://rsj.sh.gov.cn/x"', "url", "http(s)"),
    ('kind = "table"', "kind", "catalogue | points | index"),
    ('schedule = "every day"', "schedule", "5-field cron"),
    ('schedule = "61 3 * * *"', "schedule", "valid cron"),
    ('encoding = "klingon-8"', "encoding", "known codec"),
    ('parser = "nonesuch"', "parser", "registered parser"),
    ('colour = "red"', "colour", "not a source field"),
    ("options = { pages = 3 }", "options.pages", "not an option of a catalogue source"),
    ('options = { expct_path = "^/x" }', "options.expct_path", "known: hosts, ports"),
    ('options = { fed_bye = "rsj-notices" }', "options.fed_bye", "not an option"),
    ("options = { max_pages = 3 }", "options.max_pages", "not an option of a catalogue"),
    ('options = { ports = "99999" }', "options.ports.0", "less than or equal to 65535"),
    ('options = { ports = "https" }', "options.ports.0", "valid integer"),
    ('options = { hosts = "http://x/" }', "options.hosts", "not a host name"),
    ('options = { redirect_scope = "anywhere" }', "options.redirect_scope", "'host' or 'domain'"),
    ('options = { attribute_columns = "备注,," }', "options.attribute_columns", "empty item"),
    ('name = ""', "name", "non-empty string"),
]


@pytest.mark.parametrize(("line", "field", "expected"), BROKEN, ids=[b[1] for b in BROKEN])
def test_a_broken_field_is_named_with_file_entry_and_expectation(
    tmp_path: Path, line: str, field: str, expected: str
) -> None:
    key = line.split("=", maxsplit=1)[0].strip()
    kept = [
        field_line for field_line in GOOD.strip().splitlines() if not field_line.startswith(key)
    ]
    first = GOOD.replace("rsj-skill-catalogue", "first-ok")
    path = write(tmp_path, first + "\n".join([*kept, line]) + "\n")
    entry_id = "Bad_Id" if key == "id" else "rsj-skill-catalogue"
    with pytest.raises(SourceConfigError) as raised:
        load_sources(path)
    message = str(raised.value)
    assert str(path) in message
    assert "source #2" in message
    assert f"'{field}'" in message
    assert expected in message
    assert entry_id in message


def test_missing_url_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, '[[source]]\nid = "a"\nkind = "points"\n')
    with pytest.raises(SourceConfigError, match=r"source #1 \(id 'a'\): field 'url' is missing"):
        load_sources(path)


@pytest.mark.parametrize("url", ["http://[abc/x.html", "https://x:99999/", "https://x:abc/"])
def test_a_url_urllib_cannot_read_is_reported_by_field(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, f'[[source]]\nid = "a"\nurl = "{url}"\nkind = "points"\n')
    with pytest.raises(SourceConfigError, match=r"source #1 \(id 'a'\): field 'url'.*usable URL"):
        load_sources(path)


def test_an_expect_path_that_is_not_a_regex_is_reported_at_load(tmp_path: Path) -> None:
    entry = '[[source]]\nid = "a"\nurl = "https://x/a.html"\nkind = "points"\n'
    path = write(tmp_path, entry + 'options = { expect_path = "^/(tzxx" }\n')
    with pytest.raises(SourceConfigError, match=r"field 'options.expect_path'.*regular expression"):
        load_sources(path)


@pytest.mark.parametrize("selector", ["div >> p", "#", "p["])
def test_a_selector_lexbor_cannot_read_is_reported_at_load(tmp_path: Path, selector: str) -> None:
    entry = '[[source]]\nid = "a"\nurl = "https://x/a.html"\nkind = "points"\n'
    path = write(tmp_path, entry + f'selector = "{selector}"\n')
    with pytest.raises(SourceConfigError, match=r"field 'selector'.*CSS selector"):
        load_sources(path)
    fine = write(tmp_path, entry + 'selector = "#ivs_content table"\n')
    assert load_sources(fine)[0].selector == "#ivs_content table"


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (
            '{ catalogue_pattern = "(目录", target_catalogue = "a" }',
            "valid regular expression",
        ),
        ('{ catalogue_keywords = "目录" }', "target_catalogue. is missing"),
    ],
)
def test_index_routing_options_that_cannot_be_read_are_reported_at_load(
    tmp_path: Path, options: str, says: str
) -> None:
    entry = '[[source]]\nid = "list"\nurl = "https://x/index.html"\nkind = "index"\n'
    path = write(tmp_path, entry + f"options = {options}\n")
    with pytest.raises(SourceConfigError, match=f"field 'options.*{says}"):
        load_sources(path)


def test_an_index_option_with_a_bad_value_is_named(tmp_path: Path) -> None:
    entry = '[[source]]\nid = "list"\nurl = "https://x/index.html"\nkind = "index"\n'
    path = write(tmp_path, entry + 'options = { max_pages = "abc" }\n')
    with pytest.raises(SourceConfigError, match=r"field 'options.max_pages' is 'abc'.*integer"):
        load_sources(path)
    path = write(tmp_path, entry + 'options = { max_pages = "7" }\n')
    (index,) = load_sources(path)
    assert isinstance(index.options, IndexOptions) and index.options.max_pages == 7


ROUTED = """
[[source]]
id = "list"
url = "https://x/index.html"
kind = "index"
options = { measures_keywords = "办法", target_measures = "measures", "route.trades" = "目录" }

[[source]]
id = "measures"
url = "https://x/index.html"
kind = "points"
options = { fed_by = "list" }
"""


def test_routes_and_feeds_that_name_configured_sources_load(tmp_path: Path) -> None:
    trades = '\n[[source]]\nid = "trades"\nurl = "https://x/t.html"\nkind = "catalogue"\n'
    assert [s.id for s in load_sources(write(tmp_path, ROUTED + trades))] == [
        "list",
        "measures",
        "trades",
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (ROUTED, "field 'options.route.trades' routes notices to 'trades', which is not a"),
        (
            ROUTED.replace('target_measures = "measures"', 'target_measures = "mesures"'),
            "field 'options.target_measures' routes notices to 'mesures'",
        ),
        (
            ROUTED.replace('fed_by = "list"', 'fed_by = "lists"'),
            "field 'options.fed_by' 'lists' is not a configured index source",
        ),
        (
            ROUTED.replace('"route.trades"', '"route.measures"').replace(
                'target_measures = "measures"', 'target_measures = "list"'
            ),
            "routes notices to 'list', which is an index",
        ),
    ],
)
def test_routes_and_feeds_to_sources_that_do_not_exist_are_named(
    tmp_path: Path, text: str, says: str
) -> None:
    path = write(tmp_path, text)
    assert any(says in problem for problem in validate_sources(path)), validate_sources(path)
    with pytest.raises(SourceConfigError):
        load_sources(path)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + GOOD)
    with pytest.raises(SourceConfigError, match="field 'id' repeats source #1"):
        load_sources(path)


def test_validate_lists_every_problem_not_just_the_first(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        GOOD
        + '[[source]]\nid = "b"\nurl = "mailto:x@y"\nkind = "points"\n'
        + '[[source]]\nid = "c"\nurl = "https://a.example/"\nkind = "index"\nschedule = "x"\n',
    )
    problems = validate_sources(path)
    assert len(problems) == 2
    assert "id 'b'" in problems[0] and "'url'" in problems[0]
    assert "id 'c'" in problems[1] and "'schedule'" in problems[1]


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[[source]\nid = 1")
    with pytest.raises(SourceConfigError, match="not valid TOML"):
        load_sources(path)
    assert validate_sources(path)[0].startswith(str(path))


def test_unknown_top_level_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "x"\n' + GOOD)
    with pytest.raises(SourceConfigError, match="unknown top-level key 'title'"):
        load_sources(path)


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(SourceConfigError, match="cannot read the sources file"):
        load_sources(tmp_path / "absent.toml")
