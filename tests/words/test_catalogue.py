"""A text shown to people without its Chinese fails here: every msgid marked in the code and in
the Jinja templates needs a Chinese translation (non-empty, not fuzzy, with Chinese characters,
the same placeholders), and the catalogue holds nothing the code no longer marks."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from words import Lang
from words.catalogue import load_catalogue
from words.extract import chinese_problems, extract_marked, placeholders


def test_every_marked_text_has_its_chinese() -> None:
    problems = chinese_problems(load_catalogue(Lang.ZH), extract_marked())
    assert not problems, "run `python -m words.extract` and translate:\n" + "\n".join(problems)


def test_the_catalogue_holds_exactly_what_the_code_marks() -> None:
    marked = {m if isinstance(m, str) else m[0] for m, _ in extract_marked()}
    listed = {m.id if isinstance(m.id, str) else m.id[0] for m in load_catalogue(Lang.ZH) if m.id}
    assert listed - marked == set(), "msgids no longer marked anywhere: run python -m words.extract"
    assert marked - listed == set(), "msgids missing from jifen.po: run python -m words.extract"


def test_every_translation_formats_with_its_placeholders() -> None:
    for message in load_catalogue(Lang.ZH):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in ids + texts:
            values = {name: 1 for name in placeholders(text)}
            text % values  # a stray "%" raises here rather than on a reader's page


def test_the_check_names_what_lacks_chinese(tmp_path: Path) -> None:
    # The extractor reads Python and Jinja alike; an unmarked or half-done entry is named.
    package = tmp_path / "service"
    (package / "templates").mkdir(parents=True)
    (package / "cli.py").write_text(
        'from words import translate\nprint(translate("no changes since %(day)s", lang, day=d))\n'
        'print(translate("%(n)s", lang, n=3))\n',
        encoding="utf-8",
    )
    (package / "templates" / "page.html").write_text(
        "<h1>{{ _('Is my trade listed?') }}</h1>{% trans %}Search{% endtrans %}", encoding="utf-8"
    )
    catalogue = Catalog(locale="zh")
    catalogue.add("no changes since %(day)s", "自 %(when)s 以来没有变更")
    catalogue.add("Is my trade listed?", "Is my trade listed?")
    catalogue.add("Search", "搜索", flags=("fuzzy",))
    found = [m for m in extract_marked(tmp_path) if isinstance(m[0], str)]
    assert {m for m, _ in found} == {
        "no changes since %(day)s",
        "%(n)s",
        "Is my trade listed?",
        "Search",
    }
    problems = "\n".join(chinese_problems(catalogue, found))
    assert "has other placeholders" in problems  # %(when)s for %(day)s
    assert "'Is my trade listed?' has no Chinese characters" in problems
    assert "'Search' is marked fuzzy" in problems
    assert "'%(n)s'" not in problems  # a bare number needs no Chinese
