"""One message catalogue: msgids are the English source text, `locale/zh/LC_MESSAGES/jifen.po`
gives every one its Chinese; English is the msgid itself. Read once with Babel, no build step."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from words.lang import Lang, current_lang

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "jifen"


def po_path(lang: Lang) -> Path:
    return LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def load_catalogue(lang: Lang) -> Catalog:
    """The catalogue of `lang` as Babel reads it (read once per process). Babel is imported
    here, when a text is first translated, not with every command (`jifen --help`)."""
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang.value, domain=DOMAIN)


@cache
def _singulars(lang: Lang) -> Mapping[str, str]:
    table: dict[str, str] = {}
    for message in load_catalogue(lang):
        msgid, text = message.id, message.string
        if message.fuzzy or not (msgid and text):
            continue
        if isinstance(msgid, str) and isinstance(text, str):
            table[msgid] = text
    return table


@cache
def _plurals(lang: Lang) -> Mapping[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for message in load_catalogue(lang):
        if isinstance(message.id, tuple) and not message.fuzzy:
            forms = tuple(message.string) if isinstance(message.string, tuple | list) else ()
            if forms and all(forms):
                table[(message.id[0], message.id[1])] = forms
    return table


def N_(msgid: str) -> str:
    """Mark a text for the catalogue where it is defined; `translate` it where it is shown."""
    return msgid


def lookup(msgid: str, lang: Lang | None = None) -> str:
    """The text of `msgid` in `lang` (default: the current one), placeholders unfilled. A msgid
    the catalogue lacks is shown as written (the catalogue test fails on it first)."""
    lang = lang or current_lang()
    return msgid if lang is Lang.EN else _singulars(lang).get(msgid, msgid)


def lookup_plural(singular: str, plural: str, count: int, lang: Lang | None = None) -> str:
    """The form of `count` in `lang`, placeholders unfilled (Chinese has one form)."""
    lang = lang or current_lang()
    chosen = singular if count == 1 else plural
    if lang is Lang.EN:
        return chosen
    forms = _plurals(lang).get((singular, plural))
    if forms is None:
        # Forms marked one by one (N_ on each) are entries of their own.
        return lookup(chosen, lang)
    # A language with two forms would take the second for any count but 1.
    return forms[0] if len(forms) == 1 or count == 1 else forms[1]


def translate(msgid: str, lang: Lang | None = None, /, **params: object) -> str:
    """`msgid` in `lang`, its `%(name)s` placeholders filled from `params`. Always %-formatted,
    as Jinja's newstyle gettext does, so a literal percent sign is written `%%`."""
    return lookup(msgid, lang) % params


def translate_plural(
    singular: str, plural: str, count: int, lang: Lang | None = None, /, **params: object
) -> str:
    """The form of `count` in `lang`, filled from `params`; `count` is also `%(count)s`."""
    return lookup_plural(singular, plural, count, lang) % {"count": count, **params}
