"""The languages jifen speaks (Chinese by default, English second) and how a page picks one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


DEFAULT_LANG = Lang.ZH
# The language of the command or request being answered; code that builds words without being
# handed a `Lang` speaks this one, so the stages need no language argument threaded through.
_CURRENT: ContextVar[Lang] = ContextVar("jifen_lang", default=DEFAULT_LANG)


def current_lang() -> Lang:
    return _CURRENT.get()


@contextmanager
def speaking(lang: Lang) -> Iterator[Lang]:
    """Build words in `lang` inside the block (a CLI run, one HTTP request)."""
    token = _CURRENT.set(lang)
    try:
        yield lang
    finally:
        _CURRENT.reset(token)


def set_lang(lang: Lang) -> Callable[[], None]:
    """Speak `lang` for the rest of this context (a CLI run's global option); call what it
    returns to go back to the language spoken before."""
    token = _CURRENT.set(lang)
    return lambda: _CURRENT.reset(token)


def parse_lang(value: str | None) -> Lang | None:
    """`zh`, `zh-CN`, `en-GB`, `EN` … as a `Lang`; None for anything else (or nothing)."""
    if not value:
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    try:
        return Lang(primary)
    except ValueError:
        return None


def _accepted(header: str) -> list[tuple[float, int, Lang]]:
    """Our languages in an Accept-Language header, with their q and order (to break ties)."""
    found: list[tuple[float, int, Lang]] = []
    for order, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        lang = parse_lang(tag)
        if lang is None:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            found.append((quality, -order, lang))
    return found


def resolve_lang(query: str | None = None, accept_language: str | None = None) -> Lang:
    """A page's language: `?lang=` when it names one we speak, else the best of ours in
    Accept-Language (English only when the reader ranks it above Chinese), else Chinese."""
    chosen = parse_lang(query)
    if chosen is not None:
        return chosen
    accepted = _accepted(accept_language or "")
    if not accepted:
        return DEFAULT_LANG
    return max(accepted)[2]
