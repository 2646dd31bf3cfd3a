"""Find every marked text in the code and the Jinja templates (Babel's extractors) and bring the
Chinese catalogue up to date: `python -m words.extract` adds new msgids (empty, to translate),
drops ones no longer marked, and lists what still lacks its Chinese."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from words.catalogue import DOMAIN, po_path
from words.lang import Lang

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scraper", "store", "diffing", "scoring", "feeds", "notify", "service", "words")
# translate(msgid, lang, **params), translate_plural(singular, plural, n, lang), N_(msgid) in
# Python; _(), gettext(), ngettext() and {% trans %} in templates.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "translate": None,
    "translate_plural": (1, 2),
    "N_": None,
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
}
METHOD_MAP = [
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
OPTIONS_MAP = {"**/templates/**.html": {"silent": "false", "trimmed": "false"}}

Extracted = tuple[str | tuple[str, str], str]  # (msgid or (singular, plural), "file:line")


def extract_marked(root: Path = ROOT) -> Iterator[Extracted]:
    """Every marked msgid under the packages of `root`, with where it is."""
    for package in PACKAGES:
        found = extract_from_dir(
            root / package, METHOD_MAP, OPTIONS_MAP, keywords=KEYWORDS, comment_tags=("NOTE:",)
        )
        for filename, lineno, message, _comments, _context in found:
            place = f"{package}/{filename}:{lineno}"
            if isinstance(message, str):
                yield message, place
            elif message[0] and message[1]:
                yield (message[0], message[1]), place


def updated_catalogue(root: Path = ROOT) -> Catalog:
    """The zh catalogue with exactly the marked msgids, keeping every translation it had."""
    with po_path(Lang.ZH).open("rb") as handle:
        old = read_po(handle, locale="zh", domain=DOMAIN)
    template = Catalog(locale="zh", domain=DOMAIN, project="jifen")
    for message, place in extract_marked(root):
        file, _, line = place.rpartition(":")
        template.add(message, locations=[(file, int(line))])
    old.update(template, no_fuzzy_matching=True)
    return old


def main() -> int:
    catalogue = updated_catalogue()
    with po_path(Lang.ZH).open("wb") as handle:
        write_po(
            handle, catalogue, width=100, sort_output=True, omit_header=True, include_lineno=False
        )
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    for msgid in missing:
        print(f"no Chinese yet: {msgid!r}")
    print(f"{len(catalogue)} msgids, {len(missing)} without Chinese in {po_path(Lang.ZH)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A text with no letters (a code, a number, punctuation, placeholders) needs no Chinese, and a
# translation that only arranges placeholders ("%(level)s%(what)s") has none to show.
NO_WORDS = re.compile(r"^(?:%\([a-z_]+\)[sd]|[\W\d_])*$")


def chinese_problems(catalogue: Catalog, marked: Iterable[Extracted]) -> list[str]:
    """What keeps a marked text from being read in Chinese: no entry, an empty or fuzzy one,
    one without Chinese characters, or placeholders that differ from the msgid's."""
    problems: list[str] = []
    for msgid, place in marked:
        key = msgid if isinstance(msgid, str) else msgid[0]
        if isinstance(msgid, str) and NO_WORDS.match(msgid):
            continue
        message = catalogue.get(key)
        texts = _texts(message.string) if message is not None else []
        if message is None or not texts:
            problems.append(f"{place}: no Chinese for {msgid!r}")
        elif message.fuzzy:
            problems.append(f"{place}: the Chinese of {msgid!r} is marked fuzzy")
        elif not all(CJK.search(text) or NO_WORDS.match(text) for text in texts):
            problems.append(f"{place}: the 'Chinese' of {msgid!r} has no Chinese characters")
        elif any(placeholders(text) != placeholders(_fullest(msgid)) for text in texts):
            problems.append(f"{place}: the Chinese of {msgid!r} has other placeholders")
    return problems


def _fullest(msgid: str | tuple[str, str]) -> str:
    """The form whose placeholders every translation must carry (a plural's plural form)."""
    return msgid if isinstance(msgid, str) else msgid[1]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(([a-z_]+)\)", text))


def _texts(string: object) -> list[str]:
    if isinstance(string, str):
        return [string] if string else []
    if isinstance(string, tuple | list) and all(string):
        return [str(form) for form in string]
    return []
